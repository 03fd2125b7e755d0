/** One-off ECS tasks (migrations and the like): run one, wait for it to stop, judge its exit codes. */
export { chooseContainer, outcomeLine, runTask, type RunTaskResult, type RunTaskStatus } from './engine.js';
export type { NetworkInput, Placement, RunTaskClients, RunTaskDeps, RunTaskOptions } from './options.js';
export {
  checkSecurityGroups,
  checkStartedBy,
  checkSubnets,
  parseAssignPublicIp,
  parseCapacityProviderStrategy,
  parseNetworkConfiguration,
} from './parse.js';
export { runTaskSummary } from './summary.js';
export {
  readSavedTask,
  stopLeftoverTask,
  taskStateEntries,
  TASK_STATE_FORMAT,
  TASK_STATE_FORMAT_KEY,
  type SavedTask,
  type TaskCleanup,
} from './cancel.js';
