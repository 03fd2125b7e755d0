/** Committed generated files must equal what the generators produce now: dist/ bundles and action READMEs. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
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
