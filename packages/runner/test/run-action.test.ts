/**
 * runAction({ main, post }): one bundle serves as both steps; the main step marks its state so the runner
 * hands the post step `STATE_isPost`, and runAction, not the entry, picks the body to run.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type ActionContext } from '../index.js';

let dir: string;
let stateFile: string;
let stdout: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-action-'));
  stateFile = join(dir, 'state');
  await writeFile(stateFile, '');
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
});

afterEach(async () => {
  jest.restoreAllMocks();
  process.exitCode = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** The `name=value` pairs written to GITHUB_STATE (each value framed by a random delimiter). */
async function savedState(): Promise<Record<string, string>> {
  const text = await readFile(stateFile, 'utf8');
  const saved: Record<string, string> = {};
  for (const m of text.matchAll(/^(.+)<<(ghadelimiter_[0-9a-f-]+)\r?\n([\s\S]*?)\r?\n\2$/gm)) {
    saved[m[1]!] = m[3]!;
  }
  return saved;
}

/** Steps that record which of them ran, and what each saw. */
function recordingSteps() {
  const ran: string[] = [];
  return {
    ran,
    steps: {
      main: async (ctx: ActionContext) => {
        ran.push(`main isPost=${ctx.isPost}`);
        ctx.saveState('logout-registry', 'example.dkr.ecr');
      },
      post: async (ctx: ActionContext) => {
        ran.push(`post isPost=${ctx.isPost} registry=${ctx.getState('logout-registry')}`);
      },
    },
  };
}

describe('runAction({ main, post })', () => {
  it('in the main step runs main only, and marks the state the post step will be given', async () => {
    const { ran, steps } = recordingSteps();
    await runAction(steps, { GITHUB_STATE: stateFile });
    expect(ran).toEqual(['main isPost=false']);
    expect(await savedState()).toEqual({ isPost: 'true', 'logout-registry': 'example.dkr.ecr' });
    expect(process.exitCode).toBeUndefined();
  });

  it('in the post step (STATE_isPost) runs post only, with main’s state, and saves nothing', async () => {
    const { ran, steps } = recordingSteps();
    await runAction(steps, {
      GITHUB_STATE: stateFile,
      STATE_isPost: 'true',
      'STATE_logout-registry': 'example.dkr.ecr',
    });
    expect(ran).toEqual(['post isPost=true registry=example.dkr.ecr']);
    expect(await savedState()).toEqual({});
  });

  it('a failing post step fails the step with one annotation', async () => {
    await runAction(
      {
        main: async () => undefined,
        post: async () => {
          throw new Error('docker logout failed: exit 1');
        },
      },
      { GITHUB_STATE: stateFile, STATE_isPost: 'true' },
    );
    expect(stdout.join('')).toContain('::error title=ecs-deploy-actions::docker logout failed: exit 1');
    expect(process.exitCode).toBe(1);
  });
});

describe('runAction(body)', () => {
  it('runs a plain body in either step, telling it which', async () => {
    const seen: boolean[] = [];
    const body = async (ctx: ActionContext) => void seen.push(ctx.isPost);
    await runAction(body, { GITHUB_STATE: stateFile });
    await runAction(body, { GITHUB_STATE: stateFile, STATE_isPost: 'true' });
    expect(seen).toEqual([false, true]);
    expect(await savedState()).toEqual({ isPost: 'true' });
  });
});
