/**
 * The deploy engine: update an ECS service and watch it with gates, rolling back on failure. The ECS pieces
 * it shares with run-task and rollback live in packages/ecs.
 */
export { createDeployClients, type DeployClients } from './clients.js';
export { actionDeps, fetchProbe } from './http.js';
export { deploy } from './engine.js';
export { outcomeMessage } from './message.js';
export type { DeployOutcome, DeployResult } from './report.js';
export type {
  CodeDeployOptions,
  DeployDeps,
  DeployOptions,
  DeployProgress,
  HttpCheckOptions,
  HttpGet,
  HttpResponse,
  StrategyChoice,
} from './options.js';
export { deploySummary } from './summary.js';
// What the post step needs to undo a deploy that did not finish (also release's post step).
export {
  readSavedDeploy,
  recoverDeploy,
  stateEntries,
  STATE_FORMAT,
  STATE_FORMAT_KEY,
  type Recovery,
  type SavedDeploy,
} from './cancel.js';
// For rollback, which resolves and reads services as deploy does.
export { resolveService } from './resolve.js';
export { currentRevision } from './settle.js';
