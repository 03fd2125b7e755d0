/**
 * The deploy engine: update an ECS service and watch it with gates, rolling back on failure. The ECS pieces
 * it shares with run-task and rollback live in packages/ecs.
 */
export { createDeployClients, type DeployClients } from './clients.js';
export { actionDeps, fetchProbe } from './http.js';
export { deploy } from './engine.js';
export { duration, outcomeMessage } from './message.js';
export type { DeployOutcome, DeployResult } from './report.js';
export type {
  CodeDeployOptions,
  DeployDeps,
  DeployOptions,
  HttpCheckOptions,
  HttpGet,
  HttpResponse,
  StrategyChoice,
} from './options.js';
export { deploySummary } from './summary.js';
