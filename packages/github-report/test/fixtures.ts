/** The report fixtures under test/fixtures/reports, parsed as the action parses them. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDeploymentReport, type DeploymentReport } from '../../deploy-report/index.js';

export const fixturesDir = resolve(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'reports');

export type FixtureName = 'succeeded' | 'rolled-back' | 'failed' | 'run-task-succeeded' | 'run-task-failed';

export function fixture(name: FixtureName): DeploymentReport {
  return parseDeploymentReport(
    JSON.parse(readFileSync(join(fixturesDir, `${name}.json`), 'utf8')),
    'reports',
  );
}
