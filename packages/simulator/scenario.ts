/**
 * The scenario format: plain data (a TS object or JSON) that seeds the simulated AWS world and says how
 * each release behaves once ECS starts its tasks. Load it with `startSimulator({ scenario })`,
 * `sim.load(scenario)` or `POST /_sim/scenario`. Loading replaces the whole world.
 *
 * Names are used wherever AWS would take a name or an ARN: a service's `targetGroup` may be `backend-tg`
 * or its full ARN; a listener rule is referenced as `<load balancer>:<listener port>` (its default action)
 * or `<load balancer>:<listener port>:<rule priority>`, or by ARN.
 */
import type { EcrSeed } from './service.js';

export interface Scenario {
  /** Default `123456789012`. */
  accountId?: string;
  /** Default `us-east-1`. */
  region?: string;
  /** Simulated start time (ms since epoch or ISO string). Default: the real time at load. */
  startTime?: number | string;
  /** Seed for generated ids (task ids, deployment ids), so the same calls yield the same ids. Default 1. */
  seed?: number;
  clusters?: string[];
  /**
   * Task definitions registered in order (RegisterTaskDefinition input shape plus `tags`); each entry
   * becomes the next revision of its family. Services refer to them as `family:revision` or `family`.
   */
  taskDefinitions?: TaskDefinitionSeed[];
  loadBalancers?: LoadBalancerSeed[];
  targetGroups?: TargetGroupSeed[];
  /** Services start steady: `desiredCount` healthy tasks of `taskDefinition`, one COMPLETED deployment. */
  services?: ServiceSeed[];
  alarms?: AlarmSeed[];
  /** Log group names (created empty; tasks write their awslogs streams into them). */
  logGroups?: string[];
  /** Clusters with Container Insights on: they report ECS/ContainerInsights RunningTaskCount. */
  containerInsights?: string[];
  /** Forwarded to the ECR module's `seed()`. */
  ecr?: EcrSeed;
  codeDeploy?: CodeDeployApplicationSeed[];
  /** How releases behave, first match wins. Unmatched task definitions use `defaultRelease`. */
  releases?: ReleaseBehaviour[];
  /** Behaviour of anything no release matches. Default: RUNNING after 10 s, passes every health check. */
  defaultRelease?: Omit<ReleaseBehaviour, 'match'>;
}

/** The RegisterTaskDefinition request shape (loosely typed: it is passed through as AWS would store it). */
export interface TaskDefinitionSeed {
  family: string;
  containerDefinitions: Record<string, unknown>[];
  tags?: { key: string; value: string }[];
  [field: string]: unknown;
}

export interface LoadBalancerSeed {
  name: string;
  /** Default `internet-facing`. */
  scheme?: 'internet-facing' | 'internal';
  listeners: ListenerSeed[];
}

export interface ListenerSeed {
  port: number;
  /** Default HTTPS for 443, HTTP otherwise. */
  protocol?: 'HTTP' | 'HTTPS';
  /**
   * Which loopback HTTP endpoint serves this listener: `production` (default for the first listener) or
   * `test` (the blue/green test listener). See `RunningSimulator.listeners()`.
   */
  role?: 'production' | 'test';
  /** Target group (name or ARN) of the default forward action; absent → fixed 404 response. */
  defaultTargetGroup?: string | WeightedTargetGroup[];
  rules?: ListenerRuleSeed[];
}

export interface WeightedTargetGroup {
  targetGroup: string;
  weight: number;
}

export interface ListenerRuleSeed {
  priority: number;
  /** Path patterns as ALB takes them, e.g. `/api/*`. */
  pathPatterns: string[];
  /** Forward target: one target group (name or ARN), or weighted ones (blue/green shifts these). */
  targetGroup: string | WeightedTargetGroup[];
}

export interface TargetGroupSeed {
  name: string;
  port: number;
  /** Default HTTP. */
  protocol?: 'HTTP' | 'HTTPS';
  /** Default `/`. */
  healthCheckPath?: string;
  /** Seconds between health checks. Default 30 (AWS default). */
  healthCheckIntervalSeconds?: number;
  /** Default 5 (AWS default). */
  healthyThresholdCount?: number;
  /** Default 2 (AWS default). */
  unhealthyThresholdCount?: number;
  /** Draining time for deregistered targets. Default 300 (AWS default). */
  deregistrationDelaySeconds?: number;
  /** Default `200`. */
  matcher?: string;
  /** Production requests per minute the target group takes while a production listener forwards to it. Default 600. */
  requestsPerMinute?: number;
}

export interface ServiceSeed {
  cluster: string;
  name: string;
  /** `family:revision`, `family` (latest) or an ARN. */
  taskDefinition: string;
  desiredCount: number;
  /** Default ECS. */
  deploymentController?: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
  /** The ECS DeploymentConfiguration shape (strategy, circuit breaker, alarms, bake time, hooks…). */
  deploymentConfiguration?: DeploymentConfigurationSeed;
  loadBalancers?: ServiceLoadBalancerSeed[];
  /** Seconds ECS ignores failing ELB health checks after a task starts. Default 0. */
  healthCheckGracePeriodSeconds?: number;
  tags?: { key: string; value: string }[];
}

export interface DeploymentConfigurationSeed {
  maximumPercent?: number;
  minimumHealthyPercent?: number;
  deploymentCircuitBreaker?: { enable: boolean; rollback: boolean };
  alarms?: { alarmNames: string[]; enable: boolean; rollback: boolean };
  /** LINEAR and CANARY shift production traffic in steps; they need `advancedConfiguration` like BLUE_GREEN. */
  strategy?: 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY';
  bakeTimeInMinutes?: number;
  /** LINEAR: green's share grows by `stepPercent` (3.0..100.0), `stepBakeTimeInMinutes` between steps. */
  linearConfiguration?: { stepPercent?: number; stepBakeTimeInMinutes?: number };
  /** CANARY: `canaryPercent` (0.1..100.0) first, `canaryBakeTimeInMinutes` later the rest. */
  canaryConfiguration?: { canaryPercent?: number; canaryBakeTimeInMinutes?: number };
  lifecycleHooks?: {
    targetType?: 'AWS_LAMBDA' | 'PAUSE';
    hookTargetArn?: string;
    roleArn?: string;
    lifecycleStages: string[];
    timeoutConfiguration?: { timeoutInMinutes?: number; action?: 'CONTINUE' | 'ROLLBACK' };
  }[];
}

export interface ServiceLoadBalancerSeed {
  /** Target group name or ARN. */
  targetGroup: string;
  containerName: string;
  containerPort: number;
  /** BLUE_GREEN, LINEAR, CANARY: the alternate target group and the listener rules ECS shifts. */
  advancedConfiguration?: {
    alternateTargetGroup: string;
    /** `<lb>:<port>` or `<lb>:<port>:<priority>` or a rule ARN. */
    productionListenerRule: string;
    testListenerRule?: string;
    roleArn?: string;
  };
}

export interface AlarmSeed {
  name: string;
  /** Default OK. */
  state?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  metricName?: string;
  namespace?: string;
  dimensions?: { name: string; value: string }[];
  threshold?: number;
  comparisonOperator?: string;
}

export interface CodeDeployApplicationSeed {
  name: string;
  deploymentGroups: {
    name: string;
    cluster: string;
    service: string;
    /** The two target groups CodeDeploy alternates between (names or ARNs); the service's is first. */
    targetGroups: [string, string];
    /** Production listener (`<lb>:<port>`) and optional test listener. */
    productionListener: string;
    testListener?: string;
    /** Minutes the original task set keeps running after traffic moved. Default 0. */
    terminationWaitMinutes?: number;
    /** Roll back automatically when the deployment fails. Default true. */
    autoRollback?: boolean;
  }[];
}

/** HTTP answer of a revision on the loopback listener endpoints. */
export interface HttpBehaviour {
  /** Default 200. */
  status?: number;
  /** Default `ok <family>:<revision>`. */
  body?: string;
  /** Real milliseconds before answering. Default 0. */
  latencyMs?: number;
  headers?: Record<string, string>;
}

/** How tasks of a release behave. All times are simulated seconds. */
export interface ReleaseBehaviour {
  /** Every given field must match. `image` is a substring of any container's image (tag or digest). */
  match: {
    image?: string;
    family?: string;
    revision?: number;
    /** Substring of the JSON of the task definition's containerDefinitions. */
    content?: string;
  };
  /** Seconds from launch to RUNNING (PROVISIONING → PENDING → ACTIVATING → RUNNING). Default 10. */
  startSeconds?: number;
  /** Slow start: seconds after RUNNING before health checks (container and ALB) start passing. Default 0. */
  healthyAfterSeconds?: number;
  /** The essential container exits this many seconds after RUNNING (a crash loop: every task does). */
  crash?: { afterSeconds?: number; exitCode?: number; reason?: string };
  /** Lines the container writes to its awslogs stream once RUNNING (before a crash or exit). */
  logLines?: string[];
  /**
   * Write `logLines` over this many seconds after RUNNING instead of all at once, evenly, each line with its
   * own timestamp; the last one at the end of the span (a one-off task whose run lasts as long writes its
   * last line as it exits). Lines not yet due when the container exits are written at the exit.
   */
  logSpreadSeconds?: number;
  /** Passes container health but the ALB check fails with this reason (targets go unhealthy). */
  failsHealthCheck?: {
    reason: 'Target.ResponseCodeMismatch' | 'Target.Timeout' | 'Target.FailedHealthChecks';
    description?: string;
  };
  /** Container health check status reported by ECS once RUNNING. Default HEALTHY if the container defines one. */
  containerHealth?: 'HEALTHY' | 'UNHEALTHY';
  /**
   * Alarm `name` goes to ALARM `afterSeconds` after the release's first task reaches RUNNING, or with
   * `startsAt: 'production-traffic'` after the release first takes production traffic (a production
   * listener forwards to a target group its running tasks are registered in with a weight above 0): a
   * bad release that only trips its 5xx alarm once users reach it, e.g. during a linear or canary step.
   */
  alarm?: {
    name: string;
    afterSeconds?: number;
    reason?: string;
    startsAt?: 'running' | 'production-traffic';
  };
  /** One-off tasks (RunTask): the container exits with this code after `runSeconds`. Default exit 0 after 5 s. */
  exitCode?: number;
  runSeconds?: number;
  /** Answer on the listener endpoints (production and test traffic). */
  http?: HttpBehaviour;
  /** Answer to test-listener traffic only (e.g. fails only under test traffic). Default: `http`. */
  testHttp?: HttpBehaviour;
  /** What CloudWatch sees of this release's tasks (metrics.ts); `http.latencyMs` adds to the latencies. */
  metrics?: MetricsProfile;
}

/** A release's CloudWatch profile: defaults 0 errors, p50/p95/p99 45/120/240 ms, CPU 30%, memory 45%. */
export interface MetricsProfile {
  /** Share of its requests answered 5xx, 0..1 (1 when `http.status` is 5xx). */
  errorRate?: number;
  /** TargetResponseTime percentiles in ms. */
  latencyMs?: { p50?: number; p95?: number; p99?: number };
  cpuPercent?: number;
  memoryPercent?: number;
}
