/** The rollback engine: resolve targets, then roll each service back through the deploy engine's gates. */
export {
  planLines,
  planRollback,
  rollback,
  type PlannedRollback,
  type RollbackOptions,
  type RollbackResult,
} from './engine.js';
