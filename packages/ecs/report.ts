/** Pieces of the JSON report that every action assembles the same way, and where it is written. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeploymentReport, LogLocation } from '../deploy-report/index.js';
import { streamName } from './logs.js';
import type { RevisionInfo } from './revision.js';

/** The revision's awslogs locations, with the streams of the given tasks. */
export function releaseLogs(info: RevisionInfo | undefined, taskArns: Iterable<string>): LogLocation[] {
  const arns = [...taskArns];
  return (info?.logs ?? []).map((l) => ({
    ...l,
    logStreams: l.streamPrefix ? arns.map((t) => streamName(l.streamPrefix!, l.container, t)) : [],
  }));
}

/** Start, end and whole seconds between, as the report keeps them; a run still going has no end. */
export function reportTimes(
  startedAt: number,
  now: number,
  finished = true,
): Pick<DeploymentReport, 'startedAt' | 'finishedAt' | 'durationSeconds'> {
  return {
    startedAt: new Date(startedAt).toISOString(),
    ...(finished ? { finishedAt: new Date(now).toISOString() } : {}),
    durationSeconds: Math.round((now - startedAt) / 1000),
  };
}

/** Write the report as `deploy-report-<cluster>-<service>-<time>.json` under `dir`; returns its path. */
export async function writeReport(dir: string, report: DeploymentReport): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  const path = join(dir, `deploy-report-${safe(report.cluster)}-${safe(report.service)}-${stamp}.json`);
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
