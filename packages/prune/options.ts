/** What prune-revisions is asked to do: read from the action's inputs, or built by tests and the demo. */
export interface PruneOptions {
  region: string;
  /** Task-definition families to prune (exact names). */
  families: string[];
  /** Clusters whose every service is read to protect what it runs, deploys or is about to deploy. */
  clusters: string[];
  /** The newest N ACTIVE revisions of each family always stay (at least 1: the one `family` resolves to). */
  keep: number;
  /** Only revisions registered longer ago than this go. */
  olderThanSeconds: number;
  /** Per service, the newest K revisions verified for it stay: its rollback targets. */
  keepVerified: number;
  /** After deregistering, DeleteTaskDefinitions as well (irreversible). */
  delete: boolean;
  /** Decide and report only: no write call at all. */
  dryRun: boolean;
  /** At most this many deregistrations per run; the rest wait for the next run. */
  maxDeregistrations: number;
}

/** `30d`, `12h`, `1d12h`, `1h30m`, `0s`: how the summary writes a duration in seconds (two units at most). */
export function formatAge(seconds: number): string {
  if (seconds <= 0) return '0s';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''];
  // The two largest units from the first one given: `2d3h`, not `2d3h4m5s` (`1d0h5m` reads as `1d`).
  const first = parts.findIndex(Boolean);
  return parts
    .slice(first, first + 2)
    .filter(Boolean)
    .join('');
}
