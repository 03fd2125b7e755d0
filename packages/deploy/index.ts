/** The deploy engine: update an ECS service and watch it with gates, rolling back on failure. */
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
  TaskDefinitionSource,
} from './options.js';
export { ServerTime } from './server-time.js';
export { deploySummary } from './summary.js';
