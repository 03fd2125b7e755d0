import type {
  AwsVpcConfiguration,
  CapacityProviderStrategyItem,
  ECSClient,
  LaunchType,
  Tag,
} from '@aws-sdk/client-ecs';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { KeyValue } from '../inputs/index.js';
import type { Clock, Logger } from '../runtime/index.js';
import type { TaskDefinitionReference } from '../task-definition/index.js';

/** The awsvpc settings the user gave; each absent field comes from `service` when one is named. */
export interface NetworkInput {
  /** `network-configuration`: the whole awsvpcConfiguration. */
  configuration?: AwsVpcConfiguration;
  subnets?: string[];
  securityGroups?: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
}

/** How the task gets capacity: a launch type, or a capacity provider strategy (never both, as ECS requires). */
export type Placement =
  { launchType: LaunchType } | { capacityProviderStrategy: CapacityProviderStrategyItem[] };

export interface RunTaskOptions {
  region: string;
  cluster: string;
  taskDefinition: TaskDefinitionReference;
  /** The container the overrides apply to. Default: the only container, else the first essential one. */
  container?: string;
  command?: string[];
  /** Environment overrides for `container`; their values are redacted from every log line shown. */
  environment: KeyValue[];
  network: NetworkInput;
  /** A service whose awsvpc configuration the task copies (and whose name the report carries). */
  service?: string;
  placement: Placement;
  startedBy: string;
  /** false: return once the task is started. */
  wait: boolean;
  timeoutSeconds: number;
  /** How many of the task's last log lines the report keeps (a failure shows them; a success folds them). */
  logLines: number;
  /** Print the container's log lines into the job log while the task runs (needs `wait`). */
  streamLogs: boolean;
  /** Steady pace: one DescribeTasks per interval while nothing changes. */
  pollIntervalSeconds: number;
  /** Tags put on the task (e.g. the git sha); the definition's own tags propagate too. */
  tags: Tag[];
  /** Directories files named by inputs are read from (the workspace, RUNNER_TEMP); default: this process's. */
  fileRoots?: readonly string[];
  git?: { sha?: string; ref?: string; runUrl?: string; actor?: string; repository?: string };
}

export interface RunTaskClients {
  ecs: ECSClient;
  /** CloudWatch Logs for a region, loaded on first use (following the log, or a failure's tail). */
  logs(region: string): Promise<CloudWatchLogsClient>;
}

export interface RunTaskDeps {
  clients: RunTaskClients;
  clock: Clock;
  log: Logger;
  /** Directory for the JSON report; none: the report is returned but not written. */
  reportDir?: string;
  /** Aborted when the workflow is cancelled: the task is stopped and the run fails. */
  signal?: AbortSignal;
  /** Told the task's ARN as soon as it started: the entry saves it for its post step (see cancel.ts). */
  onStarted?: (taskArn: string) => void;
}
