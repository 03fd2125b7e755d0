/** Committed generated files must equal what the generators produce now: dist/ bundles and action READMEs. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { entryMismatch, expectedEntries, listedEntries } from '../../scripts/package.js';
import { repoRoot } from '../helpers/run-action.js';

const run = promisify(execFile);
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(dir, join(prefix, d.name)) : [join(prefix, d.name)],
  );
}

describe('generated files', () => {
  it('action READMEs are current (npm run docs)', async () => {
    await expect(run(tsx, ['scripts/docs.ts', '--check'], { cwd: repoRoot })).resolves.toBeDefined();
  });

  it('scripts/entry.ts dispatches to exactly the entries actions/ has', () => {
    expect(entryMismatch()).toEqual([]);
    expect([...listedEntries().keys()].sort()).toEqual([...expectedEntries().keys()].sort());
  });

  it('the packager names every way scripts/entry.ts can disagree with actions/', () => {
    const expected = new Map([
      ['deploy', '../actions/deploy/main.js'],
      ['deploy/post', '../actions/deploy/post.js'],
    ]);
    const listed = listedEntries(
      `const entries = {\n` +
        `  deploy: () => import('../actions/rollback/main.js'),\n` +
        `  'gone/post': () => import('../actions/gone/post.js'),\n};\n`,
    );
    expect(entryMismatch(expected, listed)).toEqual([
      "'deploy' imports '../actions/rollback/main.js', expected '../actions/deploy/main.js'",
      "'gone/post' has no actions/gone entry file",
      "missing 'deploy/post': () => import('../actions/deploy/post.js')",
    ]);
  });

  it('dist/ equals a fresh build (npm run package)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dist-check-'));
    await run(tsx, ['scripts/package.ts', '--out', out], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
    const committed = filesUnder(join(repoRoot, 'dist')).sort();
    const fresh = filesUnder(out).sort();
    expect(committed).toEqual(fresh);
    const differing = fresh.filter(
      (f) => !readFileSync(join(out, f)).equals(readFileSync(join(repoRoot, 'dist', f))),
    );
    expect(differing).toEqual([]);
  }, 600_000);
});
