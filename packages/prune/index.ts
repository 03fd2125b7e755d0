/** prune-revisions: retention of task-definition revisions that never loses a running or rollback revision. */
export {
  prune,
  lineText,
  type FamilyResult,
  type Outcome,
  type PruneDeps,
  type PruneResult,
  type RevisionLine,
} from './engine.js';
export { formatAge, type PruneOptions } from './options.js';
export { READ_RATE, WRITE_RATE, TokenBucket, scaled, type Rate } from './pace.js';
export { planFamily, verifiedPlaces, type PlannedRevision, type PlanRules } from './plan.js';
export { IN_FLIGHT, Protections, revisionKey, scanClusters, type ScanDeps } from './protect.js';
export { SUMMARY_ROWS, pruneSummary } from './summary.js';
