/**
 * One polling round's snapshot, reduced to the facts gates judge. Plain data: gates are pure functions of
 * it, and tests build it by hand.
 */
import type { FailureCause } from '../deploy-report/index.js';
import type { TargetView, TaskView } from '../ecs/index.js';

export {
  revisionName,
  servingTasks,
  shortArn,
  type ContainerView,
  type TargetView,
  type TaskView,
} from '../ecs/index.js';

/** What a watch waits for: the revision that must end up serving. */
export interface Subject {
  kind: 'deploy' | 'rollback' | 'verify';
  taskDefinitionArn: string;
  /** The ECS deployment (`ecs-svc/…`) our UpdateService created, once known. */
  deploymentId?: string;
  /** The native service deployment, for stages, hooks and ECS's own rollback. */
  serviceDeploymentArn?: string;
  /** Local clock, ms since epoch. */
  startedAt: number;
  /** The same moment on AWS's clock: tasks and events from before it are not this release's. */
  awsStartedAt: number;
}

export interface DeploymentView {
  id: string;
  status: string;
  taskDefinition: string;
  rolloutState?: string;
  rolloutStateReason?: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  failedTasks: number;
  createdAt: number;
}

export interface ServiceDeploymentView {
  arn: string;
  status: string;
  statusReason?: string;
  lifecycleStage?: string;
  rollbackReason?: string;
  circuitBreaker?: { status?: string; failureCount?: number; threshold?: number };
  triggeredAlarms: string[];
  /** PAUSE hooks waiting for ContinueServiceDeployment. */
  awaitingHooks: { hookId: string; stage?: string }[];
}

export interface AlarmView {
  name: string;
  state: string;
  reason?: string;
}

export interface CodeDeployView {
  deploymentId: string;
  status: string;
  errorCode?: string;
  errorMessage?: string;
}

export interface Observation {
  /** Local clock. */
  at: number;
  /** AWS's clock at the same moment: compare AWS timestamps (task start) with this. */
  awsNow: number;
  service: {
    status: string;
    desiredCount: number;
    runningCount: number;
    taskDefinition?: string;
    healthCheckGracePeriodSeconds: number;
    hasLoadBalancer: boolean;
  };
  deployments: DeploymentView[];
  primary?: DeploymentView;
  /** The deployment running the subject's revision (ours), if ECS still has it. */
  ours?: DeploymentView;
  serviceDeployment?: ServiceDeploymentView;
  /** Tasks of the subject's revision started for this release (every one seen so far, stopped ones too). */
  tasks: TaskView[];
  /** Target-group entries of those tasks. */
  targets: TargetView[];
  /** The last unhealthy entry seen for each of those tasks, kept after the target is gone: why ECS stopped it. */
  unhealthyTargets: TargetView[];
  alarms: AlarmView[];
  codeDeploy?: CodeDeployView;
  /** Service events (newest last) first seen in this round. */
  newEvents: { at: number; message: string }[];
}

export type Verdict =
  | { status: 'pass'; detail?: string }
  | { status: 'wait'; detail: string }
  | { status: 'fail'; cause: FailureCause };

export const pass = (detail?: string): Verdict => ({ status: 'pass', detail });
export const wait = (detail: string): Verdict => ({ status: 'wait', detail });
export const fail = (cause: FailureCause): Verdict => ({ status: 'fail', cause });

/** What gates need beyond the observation itself. */
export interface GateContext {
  subject: Subject;
  now: number;
  maxTaskFailures: number;
  /** Alarms already in ALARM when the deploy began, ignored by choice (`alarms-preexisting: ignore`). */
  ignoredAlarms: ReadonlySet<string>;
  /** Alarms in ALARM when a rollback began (`alarms-preexisting: wait`): they must clear, and hold the gate until then. */
  clearingAlarms?: ReadonlySet<string>;
  /** The revisions this run deploys or rolls back to: a PRIMARY deployment of any other is someone else's. */
  knownRevisions?: ReadonlySet<string>;
}

/** Native lifecycle stages in order; short ones can pass between two polls, so compare positions. */
export const LIFECYCLE_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP',
] as const;

export function stagePosition(stage: string | undefined): number {
  return stage ? LIFECYCLE_STAGES.indexOf(stage as (typeof LIFECYCLE_STAGES)[number]) : -1;
}
