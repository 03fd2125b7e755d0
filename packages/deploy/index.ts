/**
 * The deploy engine: update an ECS service and watch it with gates, rolling back on failure. Also the pieces
 * run-task shares: polling pace, task views and failure causes, log streams and redaction, the report file.
 */
export type { DeployClients } from './clients.js';
export { deploy, duration, outcomeMessage, type DeployOutcome, type DeployResult } from './engine.js';
export type {
  CodeDeployOptions,
  DeployDeps,
  DeployOptions,
  HttpCheckOptions,
  HttpGet,
  HttpResponse,
  StrategyChoice,
} from './options.js';
export { ServerTime } from './server-time.js';
export { readLogLines, streamName } from './logs.js';
export { taskFailureCause } from './gates/tasks.js';
export type { TaskView } from './observation.js';
export { Poller } from './poller.js';
export { writeReport } from './report-file.js';
export { clusterError } from './resolve.js';
export { revisionInfo, type RevisionInfo } from './revision.js';
export { taskView } from './task-view.js';
export { deploySummary } from './summary.js';
