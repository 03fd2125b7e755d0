/**
 * action.yml files and workflows (ours and the examples) pass `npm run validate-actions`
 * (scripts/validate-actions.ts): GitHub's published schemas via @action-validator/core, `runs.using: node24`
 * exactly (the bundled schema predates it, so that one value is read as node20 for the schema check),
 * runs.main/post files present, and third-party actions pinned by commit SHA with the version in a comment.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  unpinnedUses,
  validateActionFile,
  validateRepository,
  validateWorkflowFile,
} from '../../scripts/validate-actions.js';
import { repoRoot } from '../helpers/run-action.js';

describe('validate-actions', () => {
  it('every action.yml and workflow of this repository and action-examples passes', () => {
    const { files, problems } = validateRepository(repoRoot);
    expect(problems).toEqual([]);
    expect(files).toBeGreaterThanOrEqual(10);
  });

  it('refuses a runtime other than node24, a missing bundle and a schema error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-'));
    const path = join(dir, 'action.yml');
    writeFileSync(path, 'name: x\ndescription: y\nruns:\n  using: node20\n  main: index.js\n');
    expect(validateActionFile(dir, path)).toEqual([
      'action.yml: runs.using is "node20"; actions here run on node24',
      'action.yml: runs.main index.js does not exist (npm run package)',
    ]);
    writeFileSync(join(dir, 'index.js'), '');
    writeFileSync(path, 'name: x\nruns:\n  using: node24\n  main: index.js\n');
    expect(validateActionFile(dir, path).join('\n')).toMatch(/description/);
  });

  it('refuses third-party actions not pinned by SHA with a version comment, and duplicate keys', () => {
    expect(
      unpinnedUses(
        [
          '      - uses: actions/checkout@v4',
          '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1',
          '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
          '      - uses: ./actions/deploy',
          '        uses: OWNER/ecs-deploy-actions/actions/deploy@v1',
          '    uses: OWNER/ecs-deploy-actions/.github/workflows/ecs-service.yml@v1',
        ].join('\n'),
      ),
    ).toEqual(['actions/checkout@v4', 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1']);
    const dir = mkdtempSync(join(tmpdir(), 'validate-'));
    const path = join(dir, 'ci.yml');
    writeFileSync(
      path,
      'on: push\npermissions:\n  contents: read\n  contents: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n',
    );
    expect(validateWorkflowFile(dir, path).join('\n')).toMatch(/ci\.yml: .*unique/i);
  });
});
