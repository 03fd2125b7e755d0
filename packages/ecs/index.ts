/**
 * The ECS room deploy, run-task and rollback stand on: revisions (describe, settle, register), task views
 * and why a task failed, polling pace, AWS's clock, log tails, the timeline and the report's shared parts.
 * Nothing here decides a release; the actions' engines do.
 */
export { clusterError } from './cluster.js';
export {
  attachLogTail,
  LOG_TAIL_LINES,
  logLocationOf,
  readLogLines,
  streamName,
  type LogsClientFor,
  type LogTailRequest,
} from './logs.js';
export { LogFollower, type LogFollowOptions, type PollResult } from './log-follow.js';
export { Poller } from './poller.js';
export { releaseLogs, reportTimes, writeReport } from './report.js';
export { refOf, revisionInfo, revisionName, type RevisionInfo } from './revision.js';
export { Revisions, type Described, type Settlement } from './revisions.js';
export { ServerTime } from './server-time.js';
export {
  isFailedTask,
  servingTasks,
  shortArn,
  taskFailureCause,
  taskView,
  type ContainerView,
  type TargetView,
  type TaskView,
} from './task-view.js';
export { Timeline } from './timeline.js';
