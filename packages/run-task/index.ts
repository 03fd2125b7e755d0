/** One-off ECS tasks (migrations and the like): run one, wait for it to stop, judge its exit codes. */
export {
  chooseContainer,
  outcomeLine,
  runTask,
  type RunTaskReport,
  type RunTaskResult,
  type RunTaskStatus,
} from './engine.js';
export type {
  NetworkInput,
  Placement,
  RunTaskClients,
  RunTaskDeps,
  RunTaskOptions,
  TaskDefinitionSource,
} from './options.js';
export {
  checkSecurityGroups,
  checkStartedBy,
  checkSubnets,
  parseAssignPublicIp,
  parseCapacityProviderStrategy,
  parseNetworkConfiguration,
} from './parse.js';
export { taskDefinitionSource } from './source.js';
export { runTaskSummary } from './summary.js';
