import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { inputFileRoots, readInputFile, UserError } from '../index.js';

const workspace = mkdtempSync(join(tmpdir(), 'inputs-ws-'));
const temp = mkdtempSync(join(tmpdir(), 'inputs-tmp-'));
const elsewhere = mkdtempSync(join(tmpdir(), 'inputs-elsewhere-'));
const roots = [workspace, temp];
const put = (dir: string, name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
async function refused(
  path: string,
  opts: Parameters<typeof readInputFile>[2] = { roots },
): Promise<UserError> {
  const err = await readInputFile(path, 'task-definition', opts).catch((e: unknown) => e);
  if (!(err instanceof UserError)) throw new Error(`expected a UserError, got ${String(err)}`);
  expect(err.input).toBe('task-definition');
  return err;
}

describe('inputFileRoots', () => {
  it('is GITHUB_WORKSPACE and RUNNER_TEMP, those that are set', () => {
    expect(inputFileRoots({ GITHUB_WORKSPACE: '/w', RUNNER_TEMP: '/t' }, '/cwd')).toEqual(['/w', '/t']);
    expect(inputFileRoots({ GITHUB_WORKSPACE: '/w' }, '/cwd')).toEqual(['/w']);
    expect(inputFileRoots({ RUNNER_TEMP: '/t' }, '/cwd')).toEqual(['/t']);
  });

  it('is the working directory and the system temp directory outside a runner', () => {
    expect(inputFileRoots({}, '/cwd')).toEqual(['/cwd', tmpdir()]);
    expect(inputFileRoots({ GITHUB_WORKSPACE: '', RUNNER_TEMP: '' }, '/cwd')).toEqual(['/cwd', tmpdir()]);
  });
});

describe('readInputFile', () => {
  it('reads a file in the workspace or RUNNER_TEMP, by absolute or relative path, without a BOM', async () => {
    const path = put(workspace, 'a.json', '\uFEFF{"a": 1}');
    expect(await readInputFile(path, 'x', { roots })).toBe('{"a": 1}');
    expect(await readInputFile(relative(process.cwd(), path), 'x', { roots })).toBe('{"a": 1}');
    expect(await readInputFile(put(temp, 'b.json', 'b'), 'x', { roots })).toBe('b');
    // A symlink that stays inside is fine.
    symlinkSync(path, join(workspace, 'inside-link'));
    expect(await readInputFile(join(workspace, 'inside-link'), 'x', { roots })).toBe('{"a": 1}');
  });

  it('refuses paths outside, by any route, naming the allowed directories', async () => {
    const secret = put(elsewhere, 'shadow', 'root:$6$secret-hash:19000:0:99999:7:::\n');
    const direct = await refused(secret);
    expect(direct.problem).toBe(
      `${secret} is outside the directories files are read from (${workspace}, ${temp})`,
    );
    expect(direct.fix).toMatch(/GITHUB_WORKSPACE.*RUNNER_TEMP/);
    expect(direct.message).not.toContain('secret-hash');
    expect((await refused(join(workspace, '..', relative(tmpdir(), secret)))).problem).toMatch(/is outside/);
    symlinkSync(secret, join(workspace, 'escape'));
    expect((await refused(join(workspace, 'escape'))).problem).toMatch(/^.*escape is outside/);
    // A symlinked directory that leads out is refused the same way.
    symlinkSync(elsewhere, join(workspace, 'dir-escape'));
    expect((await refused(join(workspace, 'dir-escape', 'shadow'))).problem).toMatch(/is outside/);
    expect((await refused('/etc/passwd')).problem).toMatch(/^\/etc\/passwd is outside/);
  });

  it('does not say whether a path outside exists', async () => {
    const missing = join(elsewhere, 'no-such-file');
    expect((await refused(missing)).problem).toMatch(/is outside/);
  });

  it('names a missing file, a directory and a special file', async () => {
    expect((await refused(join(workspace, 'nope.json'))).problem).toBe(
      `file ${join(workspace, 'nope.json')} does not exist`,
    );
    expect((await refused(join(workspace, 'a.json', 'x'))).problem).toMatch(/does not exist/);
    mkdirSync(join(workspace, 'sub'));
    expect((await refused(join(workspace, 'sub'))).problem).toBe(`${join(workspace, 'sub')} is a directory`);
    const fifo = join(workspace, 'fifo');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo here
    }
    expect((await refused(fifo)).problem).toBe(`${fifo} is not a regular file`);
  });

  it('refuses files over the limit before reading them', async () => {
    const big = put(workspace, 'big.json', Buffer.alloc(12 * 1024 * 1024, 0x20));
    const err = await refused(big);
    expect(err.problem).toBe(`file ${big} is 12 MiB, more than the 1 MiB this input reads`);
    const exact = put(workspace, 'exact.txt', 'x'.repeat(100));
    expect(await readInputFile(exact, 'x', { roots, maxBytes: 100 })).toHaveLength(100);
    const over = await refused(put(workspace, 'over.txt', 'x'.repeat(101)), {
      roots,
      maxBytes: 100,
      tooLargeFix: 'make it smaller',
    });
    expect(over.problem).toMatch(/is 101 bytes, more than the 100 bytes this input reads/);
    expect(over.fix).toBe('make it smaller');
  });

  it('reads from the process environment by default', async () => {
    const saved = process.env.GITHUB_WORKSPACE;
    process.env.GITHUB_WORKSPACE = realpathSync(workspace);
    try {
      expect(await readInputFile(join(workspace, 'a.json'), 'x')).toBe('{"a": 1}');
      expect((await refused(put(elsewhere, 'x.json', '{}'), {})).problem).toMatch(/is outside/);
    } finally {
      if (saved === undefined) delete process.env.GITHUB_WORKSPACE;
      else process.env.GITHUB_WORKSPACE = saved;
    }
  });
});
