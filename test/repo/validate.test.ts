/**
 * action.yml files and workflows (ours and the examples) validate against GitHub's published schemas, via
 * @action-validator/cli. Its bundled schema predates `using: node24`, so action.yml files are validated
 * with that one value swapped for node20; action-io.test.ts asserts node24 itself.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../helpers/run-action.js';

const run = promisify(execFile);
const validator = join(repoRoot, 'node_modules', '.bin', 'action-validator');

async function validate(path: string): Promise<string> {
  try {
    await run(validator, [path]);
    return '';
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `${path}\n${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

const ymlIn = (dir: string) =>
  existsSync(join(repoRoot, dir))
    ? readdirSync(join(repoRoot, dir))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(repoRoot, dir, f))
    : [];

describe('schema validation', () => {
  it('every action.yml is a valid action', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'action-yml-'));
    const files = readdirSync(join(repoRoot, 'actions')).filter((a) =>
      existsSync(join(repoRoot, 'actions', a, 'action.yml')),
    );
    expect(files.length).toBeGreaterThan(0);
    const problems = await Promise.all(
      files.map(async (name) => {
        const text = readFileSync(join(repoRoot, 'actions', name, 'action.yml'), 'utf8');
        const path = join(tmp, `${name}.action.yml`);
        writeFileSync(path, text.replace(/using:\s*['"]?node24['"]?/, 'using: node20'));
        return validate(path);
      }),
    );
    expect(problems.filter(Boolean)).toEqual([]);
  });

  it('every workflow (this repo and action-examples) is a valid workflow', async () => {
    const files = [...ymlIn('.github/workflows'), ...ymlIn('action-examples/workflows')];
    expect(files.length).toBeGreaterThan(0);
    const problems = await Promise.all(files.map(validate));
    expect(problems.filter(Boolean)).toEqual([]);
  });
});
