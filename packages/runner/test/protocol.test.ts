/**
 * Our runner protocol against @actions/core, the reference implementation: the same calls must give the
 * runner the same bytes on stdout and in the GITHUB_OUTPUT / GITHUB_STATE files (delimiters are random per
 * value in both, so they are compared as placeholders).
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as core from '@actions/core';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunnerProtocol } from '../protocol.js';

interface Effects {
  stdout: string;
  output: string;
  state: string;
}

interface Runner {
  getInput(name: string): string;
  info(m: string): void;
  debug(m: string): void;
  warning(m: string, p?: { title?: string }): void;
  error(m: string, p?: { title?: string }): void;
  setSecret(s: string): void;
  setOutput(n: string, v: string): void;
  saveState(n: string, v: string): void;
  getState(n: string): string;
}

const tricky = 'line 1\nline 2\r\n100% done: a, b :: c';

function script(runner: Runner): string[] {
  const read = [
    runner.getInput('task-definition'),
    runner.getInput('with space'),
    runner.getInput('missing'),
    runner.getState('isPost'),
  ];
  runner.info(tricky);
  runner.debug(tricky);
  runner.warning(tricky);
  runner.warning('w', { title: 'Input x: a, b' });
  runner.error(tricky, { title: tricky });
  runner.error('plain');
  runner.error('empty title', { title: '' });
  runner.setSecret('s3cr%t\nvalue');
  runner.setOutput('report', '{"a":1}\n{"b":2}');
  runner.setOutput('empty', '');
  runner.saveState('isPost', 'true');
  return read;
}

const normalise = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, '<delimiter>');

describe('RunnerProtocol', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'protocol-'));
  });
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  async function run(withFiles: boolean, drive: (env: Record<string, string>) => string[]) {
    const output = join(dir, `output-${Math.random()}`);
    const state = join(dir, `state-${Math.random()}`);
    await writeFile(output, '');
    await writeFile(state, '');
    const env: Record<string, string> = {
      'INPUT_TASK-DEFINITION': '  task.json \n',
      INPUT_WITH_SPACE: 'x',
      STATE_isPost: 'true',
      ...(withFiles ? { GITHUB_OUTPUT: output, GITHUB_STATE: state } : {}),
    };
    process.env = { ...saved, ...env };
    delete process.env.GITHUB_OUTPUT;
    delete process.env.GITHUB_STATE;
    if (withFiles) Object.assign(process.env, { GITHUB_OUTPUT: output, GITHUB_STATE: state });
    let stdout = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    const read = drive(env);
    jest.restoreAllMocks();
    const effects: Effects = {
      stdout: normalise(stdout),
      output: normalise(await readFile(output, 'utf8')),
      state: normalise(await readFile(state, 'utf8')),
    };
    return { read, effects };
  }

  for (const withFiles of [true, false]) {
    it(`gives the runner what @actions/core gives it (${withFiles ? 'with' : 'without'} the runner files)`, async () => {
      const reference = await run(withFiles, () => script(core));
      const ours = await run(withFiles, (env) => script(new RunnerProtocol({ ...env })));
      expect(ours.read).toEqual(['task.json', 'x', '', 'true']);
      expect(ours.read).toEqual(reference.read);
      expect(ours.effects).toEqual(reference.effects);
      // The comparison is not of two empty things.
      expect(ours.effects.stdout).toContain(
        '::error title=line 1%0Aline 2%0D%0A100%25 done%3A a%2C b %3A%3A c::',
      );
      if (withFiles)
        expect(ours.effects.output).toContain('report<<<delimiter>\n{"a":1}\n{"b":2}\n<delimiter>\n');
      else expect(ours.effects.stdout).toContain('::set-output name=report::{"a":1}%0A{"b":2}');
    });
  }

  it('refuses an output file that does not exist, as the runner would lose the value', () => {
    const runner = new RunnerProtocol({ GITHUB_OUTPUT: join(dir, 'nope') });
    expect(() => runner.setOutput('a', 'b')).toThrow(/GITHUB_OUTPUT names .*nope, which does not exist/);
  });
});
