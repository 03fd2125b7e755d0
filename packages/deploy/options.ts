import type { Tag } from '@aws-sdk/client-ecs';
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
  alarmsPreexisting: 'fail' | 'ignore';
  bakeTimeSeconds: number;
  rollback: 'auto' | 'none';
  timeoutSeconds: number;
  /** Steady pace: one ECS read per interval while nothing changes (5 s keeps it at 12 a minute). */
  pollIntervalSeconds: number;
  dryRun: boolean;
  codeDeploy?: Partial<CodeDeployOptions>;
  /** Directories files named by inputs are read from (the workspace, RUNNER_TEMP); default: this process's. */
  fileRoots?: readonly string[];
  /** Tags put on a newly registered revision (e.g. the git sha). */
  tags: Tag[];
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
}
