/**
 * The cost and the time of a release, as the report keeps them (fields `cost` and `timing` of
 * DeploymentReport). Filled by packages/cost and packages/timing after the rollout; both are best effort:
 * a read that failed leaves a note, never a failed release.
 */

export interface RevisionCost {
  /** `family:revision`. */
  revision: string;
  /** CPU units (1024 = 1 vCPU) and memory MiB of the task. */
  cpu: number;
  memory: number;
  architecture: 'X86_64' | 'ARM64';
  /** Ephemeral storage configured, GB (20 when not set). */
  storageGb: number;
  desiredCount: number;
  /** USD per task-hour at the service's Spot share. */
  taskHour: number;
  /** USD per month (hoursPerMonth) at the desired count. */
  monthly: number;
}

export interface RightSizing {
  cpu: number;
  memory: number;
  /** USD per month at that size, and what it saves against the release's size. */
  monthly: number;
  saving: number;
  /** Peak use over the window, percent of the release's size. */
  cpuMaxPercent: number;
  memoryMaxPercent: number;
  /** Peak share of the proposed size the peak would be, percent. */
  headroomPercent: number;
  days: number;
}

export interface UsageFacts {
  days: number;
  cpuMaxPercent?: number;
  memoryMaxPercent?: number;
  /** Highest hourly p99 of TargetResponseTime over the window, seconds. */
  p99Seconds?: number;
}

export interface CostReport {
  region: string;
  priceSource: string;
  pricesReadOn: string;
  hoursPerMonth: number;
  /** Share of the tasks on FARGATE_SPOT (0…1), from the capacity provider strategy. */
  spotShare: number;
  /** The strategy in words, e.g. `FARGATE base 1 weight 1, FARGATE_SPOT weight 3`; absent for launchType FARGATE. */
  capacity?: string;
  /** The release's revision. Absent when it could not be priced (the notes say why). */
  release?: RevisionCost;
  previous?: RevisionCost;
  /** release − previous, USD per month. */
  monthlyChange?: number;
  /** What changed between the two that moves the price: `cpu 512→1024`, `memory 1024→2048`, `arch X86_64→ARM64`. */
  changed?: string[];
  rightSizing?: RightSizing;
  usage?: UsageFacts;
  /** Things the reader should know: no price for a region, a read that failed, Spot priced on demand. */
  notes: string[];
}

export interface TimingPhase {
  /** provisioning, image-pull, container-start, to-healthy, draining, gates, bake, waiting, other. */
  name: string;
  label: string;
  seconds: number;
  detail?: string;
}

export interface TimingSettings {
  healthCheckIntervalSeconds?: number;
  healthyThresholdCount?: number;
  healthCheckTimeoutSeconds?: number;
  gracePeriodSeconds?: number;
  deregistrationDelaySeconds?: number;
  p99Seconds?: number;
  bakeTimeSeconds?: number;
}

export interface TimingReport {
  /** From the service update to the end of the run, seconds. */
  totalSeconds: number;
  /** In order; they add up to totalSeconds. */
  phases: TimingPhase[];
  /** The task that became healthy last: its phases are the rollout's critical path. */
  criticalTask?: string;
  settings: TimingSettings;
  advice: string[];
  notes: string[];
}
