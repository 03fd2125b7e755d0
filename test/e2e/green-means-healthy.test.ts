/**
 * "Green means healthy", end to end on the bundles: each way a new user made a broken release go green
 * (or made an action echo what it must not) now fails with one clear error and no change in AWS.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorAnnotations, runBundledAction } from '../helpers/run-action.js';
import {
  ecsWrites,
  releaseFile,
  rev,
  runDeploy,
  serviceNow,
  startWorld,
  stopWorld,
  type World,
} from './deploy.helpers.js';

let world: World | undefined;
afterEach(async () => {
  await stopWorld(world);
  world = undefined;
});

/** A task-definition file as JSON, loosely typed: these tests write what a careless hand would. */
interface LooseTaskDefinition {
  containerDefinitions: Record<string, unknown>[];
  [field: string]: unknown;
}

/** A release file of backend with `edit` applied to its parsed JSON (as a user's hand edit would). */
async function editedFile(w: World, edit: (td: LooseTaskDefinition) => void): Promise<string> {
  const path = await releaseFile(w, 'backend', { image: 'repo/backend:v2' });
  const td = JSON.parse(readFileSync(path, 'utf8')) as LooseTaskDefinition;
  edit(td);
  writeFileSync(path, JSON.stringify(td, null, 2));
  return path;
}

/** Exactly one error annotation, for the input, and no stack trace anywhere. */
function oneInputError(run: { stdout: string; stderr: string }, input: string): string {
  const errors = errorAnnotations(run);
  expect(errors).toHaveLength(1);
  expect(errors[0]!.title).toBe(`Input ${input}`);
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  return errors[0]!.message;
}

describe('1. a misspelt field is an error, never dropped', () => {
  it('deploy refuses `enviroment` in a container, naming path, line, column and the right name; nothing is registered', async () => {
    world = await startWorld();
    const file = await editedFile(world, (td) => {
      const c = td.containerDefinitions[0]!;
      c.enviroment = c.environment ?? [{ name: 'DJANGO_SETTINGS_MODULE', value: 'app.settings' }];
      delete c.environment;
    });
    const run = await runDeploy(world, { 'task-definition': file });
    expect(run.exitCode).toBe(1);
    const message = oneInputError(run, 'task-definition');
    expect(message).toMatch(/containerDefinitions\[0\]\.enviroment/);
    expect(message).toMatch(/line \d+, column \d+/);
    expect(message).toMatch(/did you mean .?environment/);
    expect(ecsWrites(world)).toEqual([]);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:1');
  });

  it('render refuses valueFrom "bad" and memory "lots" with exit 1', async () => {
    world = await startWorld();
    const secret = await editedFile(world, (td) => {
      td.containerDefinitions[0]!.secrets = [{ name: 'DB_PASSWORD', valueFrom: 'bad' }];
    });
    const memory = await editedFile(world, (td) => {
      td.containerDefinitions[0]!.memory = 'lots';
    });
    for (const [file, pattern] of [
      [secret, /secrets\[0\]\.valueFrom/],
      [memory, /containerDefinitions\[0\]\.memory/],
    ] as const) {
      const run = await runBundledAction('render-task-definition', {
        inputs: { 'task-definition': file, 'container-name': 'backend', image: 'repo/backend:v3' },
        env: { GITHUB_WORKSPACE: world.dir },
      });
      expect(run.exitCode).toBe(1);
      expect(oneInputError(run, 'task-definition')).toMatch(pattern);
      expect(run.outputs['task-definition']).toBeUndefined();
    }
  });
});

describe('4. dry run', () => {
  it('names the revision it would register as new, never the previous one', async () => {
    world = await startWorld();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(world, { 'task-definition': file, 'dry-run': 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.summary).not.toMatch(/backend:1 \(new\)/);
    expect(run.summary).toContain('(not registered: dry run) (new)');
    expect(run.outputs['task-definition-arn']).toBe('');
    expect(run.report?.taskDefinition).toEqual({ arn: '', family: 'backend', revision: 0 });
    expect(ecsWrites(world)).toEqual([]);
  });
});

describe('5. deploy validates what it registers, and bounds what it reads and says', () => {
  it('refuses an image with spaces and a FARGATE size ECS has not got, before any write', async () => {
    world = await startWorld();
    const image = await editedFile(world, (td) => {
      td.containerDefinitions[0]!.image = 'Repo With Spaces::v2';
    });
    const size = await editedFile(world, (td) => {
      td.cpu = '3';
      td.memory = '7';
    });
    for (const [file, pattern] of [
      [image, /containerDefinitions\[0\]\.image .*whitespace/],
      [size, /Fargate|FARGATE/],
    ] as const) {
      const run = await runDeploy(world, { 'task-definition': file });
      expect(run.exitCode).toBe(1);
      expect(oneInputError(run, 'task-definition')).toMatch(pattern);
    }
    expect(ecsWrites(world)).toEqual([]);
  });

  it('a 12 MB task definition gets a clear error naming the input, not a stack overflow', async () => {
    world = await startWorld();
    const file = await editedFile(world, (td) => {
      td.containerDefinitions[0]!.environment = Array.from({ length: 120_000 }, (_, i) => ({
        name: `VAR_${i}`,
        value: 'x'.repeat(80),
      }));
    });
    expect(readFileSync(file).length).toBeGreaterThan(12_000_000);
    const run = await runDeploy(world, { 'task-definition': file });
    expect(run.exitCode).toBe(1);
    const message = oneInputError(run, 'task-definition');
    expect(message).not.toMatch(/Maximum call stack/);
    expect(message.length).toBeLessThan(2000);
    expect(ecsWrites(world)).toEqual([]);
  });

  it('a file outside the workspace is refused, and a file that is not a task definition is never echoed', async () => {
    world = await startWorld();
    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    const shadow = join(outside, 'shadow');
    writeFileSync(shadow, 'root:$6$saltsalt$c2VjcmV0aGFzaA:19000:0:99999:7:::\n');
    const refused = await runDeploy(world, { 'task-definition': shadow });
    expect(refused.exitCode).toBe(1);
    expect(oneInputError(refused, 'task-definition')).toMatch(/outside/);
    expect(refused.stdout + refused.stderr).not.toContain('saltsalt');

    const inside = join(world.dir, 'passwd');
    writeFileSync(inside, 'root:$6$saltsalt$c2VjcmV0aGFzaA:19000:0:99999:7:::\ndaemon:x:1:1::/:/bin/false\n');
    const garbage = await runDeploy(world, { 'task-definition': inside });
    expect(garbage.exitCode).toBe(1);
    oneInputError(garbage, 'task-definition');
    expect(garbage.stdout + garbage.stderr).not.toContain('saltsalt');
    expect(garbage.stdout + garbage.stderr).not.toContain('daemon');
    expect(ecsWrites(world)).toEqual([]);
  });

  it('a 120,000-character service is cut in the error, and run-task refuses subnet-xyz', async () => {
    world = await startWorld();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const long = await runDeploy(world, { 'task-definition': file, service: 's'.repeat(120_000) });
    expect(long.exitCode).toBe(1);
    expect(oneInputError(long, 'service').length).toBeLessThan(1000);

    const subnets = await runBundledAction('run-task', {
      inputs: {
        cluster: 'web',
        'task-definition': 'backend',
        subnets: 'subnet-xyz',
        'security-groups': 'sg-0123456789abcdef0',
      },
      env: { ...world.sim.env, GITHUB_WORKSPACE: world.dir },
    });
    expect(subnets.exitCode).toBe(1);
    expect(oneInputError(subnets, 'subnets')).toMatch(/"subnet-xyz" is not a subnet id/);
    expect(world.sim.calls({ operation: 'RunTask' })).toEqual([]);
  });
});

describe('3. old stopped tasks of the same revision are history', () => {
  it('redeploying a revision that crashed within the hour judges only the new tasks', async () => {
    // backend:2 crashed on boot while its database was down, and was rolled back.
    world = await startWorld([{ match: { image: ':v2' }, crash: { afterSeconds: 2, exitCode: 1 } }]);
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const first = await runDeploy(world, { 'task-definition': file });
    expect(first.outputs.status).toBe('rolled-back');
    const crashed = new Set(first.report!.logs.flatMap((l) => l.logStreams));
    expect(crashed.size).toBeGreaterThan(0);

    // The database is back: the same revision now boots. A manual deploy of backend:2 must pass.
    world.sim.setReleases([]);
    const again = await runDeploy(world, { 'task-definition': 'backend:2' });
    expect(errorAnnotations(again)).toEqual([]);
    expect(again.outputs.status).toBe('succeeded');
    expect(again.stdout).toMatch(/earlier task\(s\) of this revision stopped before this release: history/);
    // The release's log streams are its own tasks, none of the crashed ones.
    const streams = again.report!.logs.flatMap((l) => l.logStreams);
    expect(streams.length).toBeGreaterThan(0);
    expect(streams.filter((s) => crashed.has(s))).toEqual([]);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:2');
  });
});
