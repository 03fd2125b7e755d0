import type { Tag } from '@aws-sdk/client-ecs';
import type { StrategyName } from '../deploy-report/index.js';
import type { MetricCheck } from '../metrics/index.js';
import type { Clock, Logger } from '../runtime/index.js';
import type { TaskDefinitionReference } from '../task-definition/index.js';
import type { DeployClients } from './clients.js';

export type StrategyChoice = 'auto' | 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY';

export interface HttpCheckOptions {
  url: string;
  /** Consecutive matching responses needed. */
  successes: number;
  /** Accepted status codes. */
  statuses: number[];
  /** The body must match this, when given. */
  body?: RegExp;
}

export interface CodeDeployOptions {
  application: string;
  deploymentGroup: string;
  /** AppSpec file (YAML or JSON); its TaskDefinition is set to the release. Written from the service if absent. */
  appSpecPath?: string;
}

export interface DeployOptions {
  region: string;
  cluster: string;
  service: string;
  taskDefinition: TaskDefinitionReference;
  desiredCount?: number;
  forceNewDeployment: boolean;
  strategy: StrategyChoice;
  onBusy: 'wait' | 'fail';
  maxTaskFailures: number;
  healthCheck?: HttpCheckOptions;
  /** BLUE_GREEN: checked against the test listener while green takes only test traffic. */
  testCheck?: HttpCheckOptions;
  /** LINEAR: production traffic moves in steps of this share, with a bake between steps (ECS's own names). */
  linear?: { stepPercent: number; stepBakeTimeInMinutes: number };
  /** CANARY: this share first, a bake, then the rest. */
  canary?: { canaryPercent: number; canaryBakeTimeInMinutes: number };
  alarms: string[];
  /**
   * An alarm already in ALARM before the change: `fail` changes nothing, `ignore` leaves it out of the gate,
   * `wait` (a rollback's default: the alarm is often why it runs) holds the gate until it clears.
   */
  alarmsPreexisting: 'fail' | 'ignore' | 'wait';
  bakeTimeSeconds: number;
  /** Metric checks judged over the bake time against the window before the release (gates/metrics.ts). */
  metricChecks?: MetricCheck[];
  rollback: 'auto' | 'none';
  /** A cancelled workflow: start the rollback (default) or leave the service as it is, saying where it stands. */
  onCancel?: 'rollback' | 'leave';
  timeoutSeconds: number;
  /** Steady pace: one ECS read per interval while nothing changes (5 s keeps it at 12 a minute). */
  pollIntervalSeconds: number;
  dryRun: boolean;
  codeDeploy?: Partial<CodeDeployOptions>;
  /** Directories files named by inputs are read from (the workspace, RUNNER_TEMP); default: this process's. */
  fileRoots?: readonly string[];
  /** Tags put on a newly registered revision (e.g. the git sha). */
  tags: Tag[];
  /** Revisions of the family the summary and report list, newest first (0: none; default 10). */
  historyLength?: number;
  /**
   * This run is a rollback chosen by the rollback action: it deploys an existing revision, stops an in-flight
   * deployment (with ECS's own rollback when that lands on the target) instead of waiting for it, and
   * reports as kind `rollback`.
   */
  rollbackOf?: { request: string; how: string; allowInactive?: boolean };
  git?: { sha?: string; ref?: string; runUrl?: string; actor?: string; repository?: string };
}

export interface HttpResponse {
  status: number;
  body: string;
}

/** A `fetch`-like probe: resolves with the response, or rejects when no response came (refused, timeout). */
export type HttpGet = (url: string, timeoutMs: number) => Promise<HttpResponse>;

export interface DeployDeps {
  clients: DeployClients;
  clock: Clock;
  log: Logger;
  http: HttpGet;
  /** Directory for the JSON report; none: the report is returned but not written. */
  reportDir?: string;
  /**
   * Aborted when the workflow is cancelled: the run stops watching at once, starts the rollback (or leaves
   * the service, per on-cancel) without waiting for it, and returns.
   */
  signal?: AbortSignal;
  /** Told what the run starts, as it starts it: the entry saves it for its post step (see cancel.ts). */
  progress?: (facts: DeployProgress) => void;
}

/** What a deploy has started on the service: enough for a post step to undo it after a cancel or a crash. */
export interface DeployProgress {
  /** The revision being deployed, and the one the service ran before (the rollback target). */
  taskDefinition?: string;
  previousTaskDefinition?: string;
  strategy?: StrategyName;
  /** The native service deployment of the release, and its ECS deployment (`ecs-svc/…`). */
  serviceDeploymentArn?: string;
  deploymentId?: string;
  codeDeployId?: string;
  /** The service's desired count before the deploy, and the one the deploy set (when it set one). */
  desiredCountBefore?: number;
  desiredCount?: number;
  /** AWS's clock at the update (ms): tasks and events from before it are not the release's. */
  startedAt?: number;
  rollbackStarted?: boolean;
  rollbackBy?: 'deploy' | 'ECS' | 'CodeDeploy';
  rollbackServiceDeploymentArn?: string;
  rollbackDeploymentId?: string;
  /** AWS's clock when the rollback started (ms). */
  rollbackAt?: number;
  /** The service and this run's mark on it (see lock.ts): a post step removes a mark its main step left. */
  serviceArn?: string;
  lockToken?: string;
}
