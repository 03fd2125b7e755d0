import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeploymentReport } from '../deploy-report/index.js';

/** Write the report as `deploy-report-<cluster>-<service>-<time>.json` under `dir`; returns its path. */
export async function writeReport(dir: string, report: DeploymentReport): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  const path = join(dir, `deploy-report-${safe(report.cluster)}-${safe(report.service)}-${stamp}.json`);
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
