/** Release history: verdicts recorded on revisions, the family's history, and rollback targets. */
export {
  formatVerdictValue,
  isVerdictKey,
  markRevision,
  parseVerdictValue,
  shortName,
  verdictKey,
  verdictOf,
  type ReleaseVerdict,
  type VerdictMark,
} from './marks.js';
export {
  describeRevisions,
  listRevisionArns,
  previousVerified,
  principalName,
  readHistory,
  releaseRecord,
  type DescribedRevision,
  type HistoryRequest,
  type ReleaseRecord,
} from './history.js';
export {
  candidateLine,
  parseRollbackTo,
  resolveRollbackTarget,
  type ResolvedTarget,
  type RollbackTo,
  type TargetRequest,
} from './target.js';
export { historyTable } from './table.js';
