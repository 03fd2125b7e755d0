import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { UserError } from '../../inputs/index.js';
import { loadReports } from '../index.js';
import { fixturesDir } from './fixtures.js';

const workspace = () => mkdtempSync(join(tmpdir(), 'reports-'));
const json = (name: string) => readFileSync(join(fixturesDir, `${name}.json`), 'utf8');

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('reports input', () => {
  it('reads report JSON passed inline, one report or an array', () => {
    expect(loadReports(json('succeeded'), workspace()).map((r) => r.service)).toEqual(['backend']);
    const both = `[${json('succeeded')}, ${json('rolled-back')}]`;
    expect(loadReports(both, workspace()).map((r) => r.status)).toEqual(['succeeded', 'rolled-back']);
  });

  it('reads paths one a line, relative to the workspace, and directories of .json files', () => {
    const ws = workspace();
    mkdirSync(join(ws, 'reports'));
    copyFileSync(join(fixturesDir, 'failed.json'), join(ws, 'reports', 'b.json'));
    copyFileSync(join(fixturesDir, 'rolled-back.json'), join(ws, 'reports', 'a.json'));
    writeFileSync(join(ws, 'reports', 'notes.txt'), 'not a report');
    copyFileSync(join(fixturesDir, 'succeeded.json'), join(ws, 'deploy.json'));
    const reports = loadReports('deploy.json\n\n# matrix reports\nreports\n', ws);
    expect(reports.map((r) => `${r.service}:${r.status}`)).toEqual([
      'backend:succeeded',
      'frontend:rolled-back',
      'backend:failed',
    ]);
  });

  it('is empty when nothing is given', () => {
    expect(loadReports(undefined, workspace())).toEqual([]);
    expect(loadReports('  \n', workspace())).toEqual([]);
  });

  it('names the input and the file when a path is missing or not a report', () => {
    const ws = workspace();
    expect(userError(() => loadReports('missing.json', ws))).toMatchObject({
      input: 'reports',
      problem: 'missing.json does not exist',
    });
    writeFileSync(join(ws, 'bad.json'), '{"schemaVersion": 2}');
    const err = userError(() => loadReports('bad.json', ws));
    expect(err.input).toBe('reports (bad.json)');
    expect(err.problem).toContain('schemaVersion is 2, expected 1');
    writeFileSync(join(ws, 'broken.json'), '{"schemaVersion": 1,');
    expect(userError(() => loadReports('broken.json', ws)).problem).toMatch(/not valid JSON at line 1/);
  });
});
