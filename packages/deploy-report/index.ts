/**
 * The deployment report: a JSON file written by deploy (and later rollback and run-task) and read by the
 * report action. It is the one record of what happened, so summaries, PR comments and logs print the same
 * truth. Fields are additive: readers ignore what they do not know; `schemaVersion` changes only on breaks.
 */
import { UserError } from '../inputs/index.js';
import type { ReleaseMetrics } from './metrics.js';
import type { CostReport, TimingReport } from './cost-timing.js';

export type {
  CostReport,
  RevisionCost,
  RightSizing,
  TimingPhase,
  TimingReport,
  TimingSettings,
  UsageFacts,
} from './cost-timing.js';

export type DeploymentStatus = 'succeeded' | 'rolled-back' | 'failed' | 'in-progress';
export type StrategyName = 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY' | 'CODE_DEPLOY';
/** `not-applicable`: the gate does not apply to this run (its detail says why); never a pass. */
export type GateStatus = 'passed' | 'failed' | 'waiting' | 'skipped' | 'not-applicable';

export interface TaskDefinitionRef {
  arn: string;
  family: string;
  revision: number;
}

export interface TimelineEntry {
  /** ISO 8601 time of the state change. */
  at: string;
  /**
   * The same moment on AWS's clock (estimated from its responses), when the run tracks it: durations
   * measured against AWS timestamps (task created, pulled, started) use this one, never `at`.
   */
  awsAt?: string;
  /** What changed: stage, task, target, gate, rollback, alarm, info. */
  kind: string;
  message: string;
}

export interface GateResult {
  /** rollout, tasks, target-health, http, test-http, alarms, bake-time, … */
  name: string;
  status: GateStatus;
  detail?: string;
}

/** Why a deployment failed, as structured facts (each optional: a cause names what it knows). */
export interface FailureCause {
  /** The gate that failed, or `timeout`, `rollout` (ECS rolled back by itself), `aws`, `cancelled` (the workflow was). */
  gate: string;
  /** One sentence, cause first: "container app exited with code 3 (EssentialContainerExited)". */
  summary: string;
  container?: string;
  exitCode?: number;
  stopCode?: string;
  stoppedReason?: string;
  taskArn?: string;
  targetGroupArn?: string;
  targetHealthReason?: string;
  targetHealthDescription?: string;
  alarmName?: string;
  httpStatus?: number;
  url?: string;
  /** The last lines of the failed task's log, already redacted of secret values. */
  logLines?: string[];
  logGroup?: string;
  logStream?: string;
}

export interface LogLocation {
  container: string;
  logGroup: string;
  /** Stream prefix (awslogs-stream-prefix) and the streams of the new tasks, `prefix/container/task-id`. */
  streamPrefix?: string;
  logStreams: string[];
  region?: string;
}

/** A revision's verdict for a service, recorded on it as a tag (see packages/history/marks.ts). */
export interface RevisionVerdict {
  revision: TaskDefinitionRef;
  verdict: 'verified' | 'failed';
  /** ISO time it was recorded. */
  at: string;
  /** Set when the tag could not be written: the verdict holds for this report only. */
  error?: string;
}

/** One revision of the family in the release history (newest first in `history`). */
export interface ReleaseRecord {
  arn: string;
  family: string;
  revision: number;
  /** ACTIVE or INACTIVE. */
  status: string;
  /** ISO time ECS registered it. */
  registeredAt?: string;
  /** The principal that registered it, shortened (`github-actions/run-1001`). */
  registeredBy?: string;
  gitSha?: string;
  repository?: string;
  actor?: string;
  runUrl?: string;
  /** container → image reference. */
  images: Record<string, string>;
  /** The verdict for this report's service, and when it was recorded (ISO). */
  verdict?: 'verified' | 'failed';
  verdictAt?: string;
  /** The service runs it at the end of the run. */
  live?: boolean;
  /** `to: previous` of the rollback action would pick it now. */
  rollbackTarget?: boolean;
}

export interface DeploymentReport {
  schemaVersion: 1;
  kind: 'deploy' | 'rollback' | 'run-task';
  status: DeploymentStatus;
  region: string;
  cluster: string;
  /** For `run-task`: the service whose task definition and network the one-off task borrowed. */
  service: string;
  /** How the service was deployed; absent for `run-task` (a one-off task has no deployment strategy). */
  strategy?: StrategyName;
  taskDefinition: TaskDefinitionRef;
  /** Whether deploy registered a new revision (false: the content was identical, or an existing revision). */
  registered: boolean;
  previousTaskDefinition?: TaskDefinitionRef;
  /** Set when a rollback happened: the revision serving afterwards. */
  rolledBackTo?: TaskDefinitionRef;
  /** container name → image reference of the new revision. */
  images: Record<string, string>;
  git?: { sha?: string; ref?: string; runUrl?: string; actor?: string; repository?: string };
  /** ECS service deployment ARN, or CodeDeploy deployment id. */
  deploymentId?: string;
  startedAt: string;
  finishedAt?: string;
  durationSeconds?: number;
  timeline: TimelineEntry[];
  gates: GateResult[];
  cause?: FailureCause;
  /** If a rollback also failed: what state the service was left in, in words. */
  rollbackProblem?: string;
  logs: LogLocation[];
  alarms: string[];
  /** Task-definition changes against the previous revision; env keys only, never values. */
  changes?: {
    container: string;
    field: string;
    before?: string;
    after?: string;
    /** The variable, label, option or tag name, for keyed fields (`environment` → `LOG_LEVEL`). */
    key?: string;
    kind?: 'added' | 'changed' | 'removed';
  }[];
  /** The settings that shaped the run (strategy, timeout, gates…), as given or defaulted. */
  inputs?: Record<string, string | number | boolean>;
  /** Deploy ran with `dry-run`: it resolved, validated and diffed, and changed nothing. */
  dryRun?: boolean;
  /** Who started the rollback: this deploy, or ECS / CodeDeploy by themselves. */
  rolledBackBy?: 'deploy' | 'ECS' | 'CodeDeploy';
  /** Verdicts this run recorded: the release verified when its gates passed, failed when it was rolled back. */
  verdicts?: RevisionVerdict[];
  /** The family's newest revisions at the end of the run, newest first (deploy and rollback). */
  history?: ReleaseRecord[];
  /** Why the history is missing when it was asked for (a read failed): the report says so instead. */
  historyError?: string;
  /** `rollback` only: the revision the service ran before, and the `to` it was asked for. */
  rolledBackFrom?: TaskDefinitionRef;
  rollbackRequest?: string;
  /**
   * `rollback` only: the target failed its gates and this revision (the one it ran before) was put back.
   * A rollback report's `rolledBackTo` is the target it was asked for, whether or not it stayed.
   */
  restored?: TaskDefinitionRef;
  /**
   * `run-task` only: what the one-off task is for, as people call it (`migrations`); without it, readers name
   * the task by its task definition.
   */
  taskName?: string;
  /** `run-task` only: the ARN of the one-off task that was started. */
  taskArn?: string;
  /** `run-task` only: the exit code of the task's essential container, once it stopped. */
  exitCode?: number;
  /**
   * `run-task` only: the log the run followed, whatever the outcome: its container and stream, how many
   * lines it read, and the last of them (redacted).
   */
  taskLog?: { container: string; logGroup: string; logStream: string; lineCount: number; tail: string[] };
  /** Load-balancer and ECS metrics of the release against the window before it, and the metric checks. */
  metrics?: ReleaseMetrics;
  /** What the service costs a month with this release, and the change against the previous revision. */
  cost?: CostReport;
  /** Where the rollout's time went, with advice from the service's settings. */
  timing?: TimingReport;
  /**
   * The service was deployed as part of a multi-service release (the release action): the services in it,
   * the one that failed first (if any), and what this service did in the release, in words.
   */
  release?: { services: string[]; failedFirst?: string; outcome: string };
}

const STATUSES: DeploymentStatus[] = ['succeeded', 'rolled-back', 'failed', 'in-progress'];

/** Validate the shape of a report read from a file or an input; errors name the input. */
export function parseDeploymentReport(value: unknown, input: string): DeploymentReport {
  const fail = (problem: string): never => {
    throw new UserError(
      input,
      `is not a deployment report: ${problem}`,
      'pass the `report` output of the deploy action',
    );
  };
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail('expected a JSON object');
  const r = value as Partial<DeploymentReport>;
  if (r.schemaVersion !== 1) fail(`schemaVersion is ${JSON.stringify(r.schemaVersion)}, expected 1`);
  if (!r.status || !STATUSES.includes(r.status)) fail(`status must be one of ${STATUSES.join(', ')}`);
  for (const key of ['region', 'cluster', 'service', 'startedAt'] as const) {
    if (typeof r[key] !== 'string' || !r[key]) fail(`${key} is missing`);
  }
  // A dry run that would register a new revision names only its family.
  const unregistered =
    r.dryRun === true && r.registered === true && typeof r.taskDefinition?.family === 'string';
  if (!r.taskDefinition?.arn && !unregistered) fail('taskDefinition.arn is missing');
  return {
    ...r,
    timeline: r.timeline ?? [],
    gates: r.gates ?? [],
    logs: r.logs ?? [],
    alarms: r.alarms ?? [],
    images: r.images ?? {},
  } as DeploymentReport;
}
export { reportGit } from './git.js';
export {
  METRIC_NAMES,
  type MetricCheckResult,
  type MetricName,
  type MetricRow,
  type MetricWindow,
  type ReleaseMetrics,
} from './metrics.js';
