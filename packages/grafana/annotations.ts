/**
 * Deploy marks in Grafana: one region annotation per service release and per rollback, over the release
 * window, tagged so dashboards can show them (`ecs-deploy`, `environment:…`, `service:…`, `revision:…`,
 * `status:…`, `rollback`). Each mark carries a `release:<id>` tag derived from the report, so running the
 * report step again finds its own mark and patches it (or leaves it) instead of adding a second one. A
 * mark that cannot be written is a warning: it never fails the release.
 */
import { createHash } from 'node:crypto';
import type { DeploymentReport } from '../deploy-report/index.js';
import type { Logger } from '../runtime/index.js';
import { GrafanaError, type AnnotationInput, type GrafanaAnnotation, type GrafanaClient } from './client.js';

export const MARK_TAG = 'ecs-deploy';

export interface MarkOptions {
  environment: string;
  /** The workflow run, linked from each mark's text. */
  runUrl?: string;
  /** Attach the marks to this dashboard (shown by its built-in annotations); default: organisation-wide. */
  dashboardUid?: string;
}

export interface ReleaseMark extends AnnotationInput {
  /** What the mark is about, for logs: `backend:42 in production`. */
  label: string;
  /** The `release:<id>` tag that finds this mark again. */
  releaseTag: string;
}

export type MarkOutcome =
  | { label: string; outcome: 'created' | 'updated' | 'unchanged'; id: number }
  | { label: string; outcome: 'failed'; error: string };

const VERB: Record<string, string> = {
  succeeded: 'deployed',
  'rolled-back': 'rolled back',
  failed: 'failed',
};
const ICON: Record<string, string> = { succeeded: '✅', 'rolled-back': '↩️', failed: '❌' };

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function seconds(total: number): string {
  const s = Math.max(0, Math.round(total));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60 ? ` ${s % 60}s` : ''}`;
}

/** The same report always gives the same id; another release (or another attempt's deploy) another. */
function releaseId(r: DeploymentReport): string {
  const key = [r.kind, r.region, r.cluster, r.service, r.taskDefinition.arn, r.startedAt].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The marks for these reports: finished service releases and rollbacks (not one-off tasks or dry runs). */
export function releaseMarks(reports: readonly DeploymentReport[], o: MarkOptions): ReleaseMark[] {
  const marks: ReleaseMark[] = [];
  for (const r of reports) {
    if (r.kind === 'run-task' || r.dryRun || r.status === 'in-progress') continue;
    const time = Date.parse(r.startedAt);
    if (!Number.isFinite(time)) continue;
    const ended = r.finishedAt ? Date.parse(r.finishedAt) : time + (r.durationSeconds ?? 0) * 1000;
    const timeEnd = Number.isFinite(ended) && ended > time ? ended : time;
    const td = r.taskDefinition;
    const revision = `${td.family}:${td.revision}`;
    const rollback = r.kind === 'rollback' || r.status === 'rolled-back';
    const releaseTag = `release:${releaseId(r)}`;
    const tags = [
      MARK_TAG,
      `environment:${o.environment}`,
      `service:${r.service}`,
      `revision:${revision}`,
      `status:${r.status}`,
      ...(rollback ? ['rollback'] : []),
      releaseTag,
    ];
    const what =
      r.kind === 'rollback'
        ? `rollback of ${r.service} to ${revision} ${r.status === 'succeeded' ? 'succeeded' : 'failed'}`
        : `${revision} ${VERB[r.status] ?? r.status}${r.rolledBackTo ? ` to ${r.rolledBackTo.family}:${r.rolledBackTo.revision}` : ''}`;
    const facts = [
      `${o.environment}`,
      `${r.cluster} (${r.region})`,
      seconds((timeEnd - time) / 1000),
      ...(r.git?.sha ? [`commit ${r.git.sha.slice(0, 7)}`] : []),
    ];
    const run = o.runUrl ?? r.git?.runUrl;
    const text =
      `${ICON[r.status] ?? ''} ${escapeHtml(what)} · ${escapeHtml(facts.join(' · '))}` +
      (r.cause && r.status !== 'succeeded' ? `<br>${escapeHtml(r.cause.summary)}` : '') +
      (run ? `<br><a href="${escapeHtml(run)}">GitHub Actions run</a>` : '');
    marks.push({
      label: `${r.kind === 'rollback' ? 'rollback of ' : ''}${r.service} (${revision}) in ${o.environment}`,
      releaseTag,
      time,
      timeEnd,
      text: text.trim(),
      tags,
      ...(o.dashboardUid ? { dashboardUID: o.dashboardUid } : {}),
    });
  }
  return marks;
}

function same(found: GrafanaAnnotation, mark: ReleaseMark): boolean {
  return (
    found.time === mark.time &&
    found.timeEnd === mark.timeEnd &&
    found.text === mark.text &&
    [...found.tags].sort().join('\n') === [...mark.tags].sort().join('\n')
  );
}

/** Write each mark: patch the one a previous run of this step wrote, or create it. */
export async function postReleaseMarks(
  client: GrafanaClient,
  marks: readonly ReleaseMark[],
  log: Logger,
): Promise<MarkOutcome[]> {
  const outcomes: MarkOutcome[] = [];
  for (const [index, mark] of marks.entries()) {
    const { label, releaseTag, ...annotation } = mark;
    try {
      const [found] = await client.findAnnotations({
        tags: [MARK_TAG, releaseTag],
        from: mark.time,
        to: mark.timeEnd,
        limit: 10,
      });
      if (found && same(found, mark)) {
        log.info(`Grafana annotation ${found.id} for ${label} is up to date`);
        outcomes.push({ label, outcome: 'unchanged', id: found.id });
      } else if (found) {
        await client.patchAnnotation(found.id, {
          time: mark.time,
          timeEnd: mark.timeEnd,
          text: mark.text,
          tags: mark.tags,
        });
        log.info(`updated Grafana annotation ${found.id} for ${label}`);
        outcomes.push({ label, outcome: 'updated', id: found.id });
      } else {
        const id = await client.createAnnotation(annotation);
        log.info(`added Grafana annotation ${id} for ${label}`);
        outcomes.push({ label, outcome: 'created', id });
      }
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (err instanceof GrafanaError && (err.status === 401 || err.status === 403)) {
        // The token will not do for the others either: one warning, no more calls.
        const rest = marks.slice(index);
        log.warning(
          `Could not write the Grafana annotation${rest.length > 1 ? 's' : ''} for ${rest.map((m) => m.label).join(', ')}: ${error}`,
        );
        outcomes.push(...rest.map((m) => ({ label: m.label, outcome: 'failed' as const, error })));
        break;
      }
      log.warning(`Could not write the Grafana annotation for ${label}: ${error}`);
      outcomes.push({ label, outcome: 'failed', error });
    }
  }
  return outcomes;
}

/** A line for the job summary when marks could not be written; undefined when all were. */
export function marksSummary(outcomes: readonly MarkOutcome[]): string | undefined {
  const failed = outcomes.filter((o) => o.outcome === 'failed');
  if (!failed.length) return undefined;
  const first = failed[0]!;
  const why = first.outcome === 'failed' ? first.error.replace(/\r?\n/g, ' ') : '';
  return (
    `> [!WARNING]\n> Grafana annotations: ${failed.length} of ${outcomes.length} not written ` +
    `(${failed.map((f) => f.label).join(', ')}): ${why.replace(/[<>]/g, '')}\n`
  );
}
