/** The job summary of a prune run: the settings, then one table per family (capped; the log lists all). */
import { text } from '../markdown/index.js';
import type { PruneResult, RevisionLine } from './engine.js';
import { formatAge, type PruneOptions } from './options.js';

/** Rows per family table; the step's log lists every revision. */
export const SUMMARY_ROWS = 100;

const ICON: Record<RevisionLine['outcome'], string> = {
  kept: '✅ kept',
  deregistered: '🗑️ deregistered',
  deleted: '🗑️ deregistered, deleted',
  'would deregister': '🔍 would deregister',
  'would delete': '🔍 would deregister and delete',
  'left for next run': '⏭️ left for next run',
  failed: '❌ failed',
};

export function pruneSummary(
  result: Omit<PruneResult, 'summary' | 'message'>,
  options: PruneOptions,
  message: string,
  rows = SUMMARY_ROWS,
): string {
  const icon = result.failure ? '❌' : options.dryRun ? '🔍' : '🧹';
  const out: string[] = [`### ${icon} prune-revisions: ${text(message)}`, ''];
  out.push(
    `Kept: the newest ${options.keep} of each family, anything registered within the last ${formatAge(options.olderThanSeconds)}, ` +
      `the newest ${options.keepVerified} verified per service (rollback targets), and whatever the ${result.services} services ` +
      `of ${options.clusters.map((c) => text(c)).join(', ')} run, deploy or are about to deploy.` +
      (options.delete ? ' Deregistered revisions are then **deleted** (irreversible).' : '') +
      (options.dryRun ? ' **Dry run**: nothing was changed.' : ''),
    '',
  );
  for (const f of result.families) {
    out.push(`#### ${text(f.family)}`, '');
    if (!f.revisions.length) {
      out.push('No ACTIVE revisions.', '');
      continue;
    }
    out.push('| revision | registered | outcome | why |', '| --- | --- | --- | --- |');
    // Kept and failed revisions first (their reasons are the point), then the rest, newest first.
    const notable = f.revisions.filter(
      (r) => r.outcome === 'kept' || r.outcome === 'failed' || r.note?.startsWith('deregistered, but'),
    );
    const shown = new Set([...notable, ...f.revisions.filter((r) => !notable.includes(r))].slice(0, rows));
    for (const r of f.revisions.filter((x) => shown.has(x))) {
      const when = r.registeredAt !== undefined ? new Date(r.registeredAt).toISOString().slice(0, 10) : '?';
      const why = [...r.reasons, ...(r.note ? [r.note] : [])].join('; ');
      out.push(`| ${r.revision} | ${when} | ${ICON[r.outcome]} | ${text(why)} |`);
    }
    const omitted = f.revisions.filter((r) => !shown.has(r));
    if (omitted.length) {
      const byOutcome = new Map<string, number>();
      for (const r of omitted) byOutcome.set(r.outcome, (byOutcome.get(r.outcome) ?? 0) + 1);
      const counts = [...byOutcome].map(([o, n]) => `${n} ${o}`).join(', ');
      out.push(
        '',
        `… ${omitted.length} more revisions not shown (${counts}); the step's log lists every one.`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
