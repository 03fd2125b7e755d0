/**
 * The release record: one JSON file saying what each service of a multi-service release did (shipped,
 * failed first, rolled back, rollback failed…), beside the per-service deploy reports it amends with a
 * `release` field, and the job summary built from it.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeployResult } from '../deploy/index.js';
import type { DeploymentReport, DeploymentStatus } from '../deploy-report/index.js';
import { revisionName } from '../ecs/index.js';
import { cell } from '../markdown/index.js';

/**
 * What a service did in the release:
 * - `live`: shipped and serving (the release succeeded);
 * - `failed-first`: its failure stopped the release (its own deploy rolled it back, or says where it stands);
 * - `failed`: failed by itself too, before the stop reached it;
 * - `rolled-back`: put back on the revision it ran before the release;
 * - `rollback-failed`: not back on it (the detail says where it stands);
 * - `unchanged`: stopped before any change;
 * - `handed-over`: the workflow was cancelled; the post step finishes its rollback;
 * - `dry-run`: checked, nothing changed.
 */
export type OutcomeKind =
  | 'live'
  | 'failed-first'
  | 'failed'
  | 'rolled-back'
  | 'rollback-failed'
  | 'unchanged'
  | 'handed-over'
  | 'dry-run';

export interface ServiceOutcome {
  /** The item it came from: `services[1]`. */
  label: string;
  cluster: string;
  service: string;
  /** How its own deploy ended (`error`: the deploy engine threw). */
  deployStatus: DeploymentStatus | 'error';
  outcome: OutcomeKind;
  /** One line: what it did. */
  detail: string;
  /** The revision it ran before the release, the one the release deployed, and the one it runs after (ARNs). */
  before?: string;
  released?: string;
  now?: string;
  reportPath?: string;
  /** The rollback engine's report, when the release rolled a shipped service back. */
  rollbackReportPath?: string;
}

export interface ReleaseRecord {
  schemaVersion: 1;
  kind: 'release';
  status: 'succeeded' | 'failed';
  message: string;
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  /** The service whose failure stopped the release, and why (absent when it succeeded or was cancelled). */
  failedFirst?: { service: string; summary: string };
  services: ServiceOutcome[];
}

const ICONS: Record<OutcomeKind, string> = {
  live: '✅',
  'failed-first': '❌',
  failed: '❌',
  'rolled-back': '↩️',
  'rollback-failed': '🚨',
  unchanged: '⏸️',
  'handed-over': '⏳',
  'dry-run': '🔍',
};

export async function writeRecord(dir: string, record: ReleaseRecord): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `release-${record.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}

/**
 * Each per-service report says it was part of the release, and a service the release rolled back is
 * reported as rolled back (with the release's failure as its cause), so the report action and a PR comment
 * tell the same story as the release record.
 */
export async function amendReports(record: ReleaseRecord): Promise<void> {
  const services = record.services.map((s) => s.service);
  await Promise.all(
    record.services.map(async (x) => {
      if (!x.reportPath) return;
      const report = JSON.parse(await readFile(x.reportPath, 'utf8')) as DeploymentReport;
      report.release = {
        services,
        ...(record.failedFirst ? { failedFirst: record.failedFirst.service } : {}),
        outcome: `${x.outcome}: ${x.detail}`,
      };
      const first = record.failedFirst;
      if (first && x.outcome === 'rolled-back' && report.status !== 'rolled-back') {
        report.status = 'rolled-back';
        if (report.previousTaskDefinition) report.rolledBackTo = report.previousTaskDefinition;
        report.cause = {
          gate: 'release',
          summary: `${first.service} failed first (${first.summary}); the release rolled ${x.service} back to ${revisionName(x.before)}`,
        };
      }
      if (x.outcome === 'rollback-failed') {
        report.status = 'failed';
        report.rollbackProblem ??= x.detail;
        if (first && (!report.cause || report.cause.gate === 'cancelled'))
          report.cause = { gate: 'release', summary: `${first.service} failed first (${first.summary})` };
      }
      await writeFile(x.reportPath, `${JSON.stringify(report, null, 2)}\n`);
    }),
  );
}

export function releaseSummary(record: ReleaseRecord, results: readonly DeployResult[]): string {
  const title =
    record.status === 'succeeded'
      ? `### ✅ Release: ${record.services.map((s) => s.service).join(', ')}`
      : record.failedFirst
        ? `### ❌ Release failed: ${record.failedFirst.service} failed first`
        : `### ❌ Release stopped`;
  const loud = record.services.filter((s) => s.outcome === 'rollback-failed');
  return [
    title,
    '',
    record.message,
    '',
    ...(loud.length
      ? [
          `> [!CAUTION]`,
          `> Rollback failed for ${loud.map((s) => s.service).join(', ')}: not back on the revision it ran before the release. Check the service now.`,
          '',
        ]
      : []),
    '| Service | Before | Released | Now | What it did |',
    '| --- | --- | --- | --- | --- |',
    ...record.services.map(
      (s) =>
        `| ${cell(`${s.cluster}/${s.service}`)} | ${cell(name(s.before))} | ${cell(name(s.released))} | ${cell(name(s.now))} | ${ICONS[s.outcome]} ${cell(`${s.outcome}: ${s.detail}`)} |`,
    ),
    '',
    ...results.map((r) => r.summary),
  ].join('\n');
}

const name = (arn: string | undefined) => (arn ? revisionName(arn) : '—');
