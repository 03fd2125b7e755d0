/**
 * The ECS world: task definitions, clusters, services, deployments and tasks, and the task lifecycle
 * (PROVISIONING → PENDING → ACTIVATING → RUNNING → DEACTIVATING → STOPPING → STOPPED) driven by the
 * scenario's release behaviour. Deployment controllers (rolling, blue/green, linear, canary) live in
 * ecs-deployments.ts; strategy validation and traffic plans in ecs-strategies.ts.
 */
import type { Wire } from './protocols.js';
import { describeReason } from './elb.js';
import { resolveRelease, type Release } from './releases.js';
import type { World } from './world.js';

export interface Tag {
  key: string;
  value: string;
}

export interface TaskDefinition {
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  body: Record<string, Wire>;
  registeredAt: number;
  deregisteredAt?: number;
  tags: Tag[];
}

export interface Cluster {
  arn: string;
  name: string;
  createdAt: number;
  tags: Tag[];
}

export interface Container {
  arn: string;
  name: string;
  image: string;
  essential: boolean;
  hasHealthCheck: boolean;
  lastStatus: string;
  exitCode?: number;
  reason?: string;
  healthStatus: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  runtimeId: string;
  log?: { group: string; stream: string; create: boolean };
}

export type TaskStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'ACTIVATING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED';

export interface Task {
  arn: string;
  id: string;
  cluster: Cluster;
  td: TaskDefinition;
  release: Release;
  group: string;
  startedBy?: string;
  service?: Service;
  deployment?: Deployment;
  /** Target group the task registers in (blue/green and CodeDeploy pick one; rolling uses all). */
  targetGroupArns: string[];
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  executionStoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  containers: Container[];
  ip: string;
  /** Planned times (simulated ms). */
  pendingAt: number;
  activatingAt: number;
  runningAt: number;
  /** One-off tasks and crash loops: when the essential container exits, and with what code. */
  exitAt?: number;
  exitCode?: number;
  /** Next lifecycle transition while stopping. */
  nextAt?: number;
  /** With `logSpreadSeconds`: how many of the release's log lines the container wrote so far. */
  logLinesWritten?: number;
  /** Counted against the circuit breaker already. */
  failed: boolean;
  overrides: Record<string, Wire>;
  tags: Tag[];
  version: number;
}

export type StageName =
  | 'RECONCILE_SERVICE'
  | 'PRE_SCALE_UP'
  | 'SCALE_UP'
  | 'POST_SCALE_UP'
  | 'TEST_TRAFFIC_SHIFT'
  | 'POST_TEST_TRAFFIC_SHIFT'
  | 'PRODUCTION_TRAFFIC_SHIFT'
  | 'POST_PRODUCTION_TRAFFIC_SHIFT'
  | 'BAKE_TIME'
  | 'CLEAN_UP';

export interface HookDetail {
  hookId: string;
  stage: string;
  targetType: 'AWS_LAMBDA' | 'PAUSE';
  targetArn?: string;
  status: 'IN_PROGRESS' | 'AWAITING_ACTION' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  startedAt: number;
  expiresAt: number;
  timeoutAction: 'CONTINUE' | 'ROLLBACK';
}

export interface ServiceRevision {
  arn: string;
  service: Service;
  taskDefinitionArn: string;
  createdAt: number;
}

/** One service deployment (the ListServiceDeployments / DescribeServiceDeployments record). */
export interface ServiceDeploymentRecord {
  arn: string;
  service: Service;
  createdAt: number;
  startedAt: number;
  finishedAt?: number;
  stoppedAt?: number;
  updatedAt: number;
  status:
    | 'PENDING'
    | 'IN_PROGRESS'
    | 'SUCCESSFUL'
    | 'STOPPED'
    | 'STOP_REQUESTED'
    | 'ROLLBACK_REQUESTED'
    | 'ROLLBACK_IN_PROGRESS'
    | 'ROLLBACK_SUCCESSFUL'
    | 'ROLLBACK_FAILED';
  statusReason?: string;
  lifecycleStage: StageName;
  sourceRevisions: ServiceRevision[];
  targetRevision: ServiceRevision;
  configuration: DeploymentConfig;
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string };
  circuitBreaker: { status: string; failureCount: number; threshold: number };
  alarms: { status: string; alarmNames: string[]; triggeredAlarmNames: string[] };
  hooks: HookDetail[];
  /** The ECS deployment carrying it forward (the rollback deployment once rolling back). */
  deployment: Deployment;
}

export interface Deployment {
  id: string;
  service: Service;
  taskDefinitionArn: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  desiredCount: number;
  failedTasks: number;
  createdAt: number;
  updatedAt: number;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason: string;
  revision: ServiceRevision;
  record: ServiceDeploymentRecord;
  /** Blue/green and task sets: the one target group its tasks register in. */
  targetGroupArn?: string;
  /** Blue/green progress. */
  stage?: StageName;
  stageEnteredAt?: number;
  stageWorkDone?: boolean;
  /** PRODUCTION_TRAFFIC_SHIFT progress: which step of the plan, and where within it. */
  shift?: TrafficShift;
  /** CODE_DEPLOY task sets. */
  taskSet?: { id: string; arn: string; scale: number; externalId?: string };
  /** No new tasks (circuit breaker tripped without rollback, or aborted). */
  halted?: boolean;
}

/**
 * One production traffic step (BLUE_GREEN has one; LINEAR and CANARY several): its
 * PRE_PRODUCTION_TRAFFIC_SHIFT hooks run, the weights move, its PRODUCTION_TRAFFIC_SHIFT hooks run, then
 * the step bake time passes before the next.
 */
export interface TrafficShift {
  /** Index in the plan's percents. */
  index: number;
  phase: 'pending' | 'pre' | 'shifted';
  /** When this step's weights were applied. */
  shiftedAt?: number;
  /** The hooks opened for the current phase. */
  hooks: HookDetail[];
}

export interface DeploymentConfig {
  maximumPercent: number;
  minimumHealthyPercent: number;
  deploymentCircuitBreaker: { enable: boolean; rollback: boolean };
  alarms?: { alarmNames: string[]; enable: boolean; rollback: boolean };
  strategy: 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY';
  bakeTimeInMinutes?: number;
  linearConfiguration?: { stepPercent?: number; stepBakeTimeInMinutes?: number };
  canaryConfiguration?: { canaryPercent?: number; canaryBakeTimeInMinutes?: number };
  lifecycleHooks?: {
    targetType?: 'AWS_LAMBDA' | 'PAUSE';
    hookTargetArn?: string;
    roleArn?: string;
    lifecycleStages: string[];
    timeoutConfiguration?: { timeoutInMinutes?: number; action?: 'CONTINUE' | 'ROLLBACK' };
  }[];
}

export interface ServiceLoadBalancer {
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
  advancedConfiguration?: {
    alternateTargetGroupArn: string;
    productionListenerRule: string;
    testListenerRule?: string;
    roleArn?: string;
  };
}

export interface ServiceEvent {
  id: string;
  createdAt: number;
  message: string;
}

export interface Service {
  arn: string;
  name: string;
  cluster: Cluster;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  taskDefinitionArn: string;
  controller: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
  config: DeploymentConfig;
  loadBalancers: ServiceLoadBalancer[];
  grace: number;
  createdAt: number;
  events: ServiceEvent[];
  /** Newest first; INACTIVE ones are kept for the service deployments API. */
  deployments: Deployment[];
  records: ServiceDeploymentRecord[];
  lastCompleted?: Deployment;
  tags: Tag[];
  networkConfiguration?: Record<string, unknown>;
  /** Blue/green: the target group currently taking production traffic. */
  liveTargetGroupArn?: string;
  /** Events collected during one step, emitted aggregated (as ECS does). */
  pending: {
    started: Task[];
    stopped: Task[];
    registered: Map<string, number>;
    deregistered: Map<string, number>;
  };
}

const TASK_RETENTION_MS = 3600_000;

export function defaultConfig(seed: Partial<DeploymentConfig> = {}): DeploymentConfig {
  return {
    maximumPercent: seed.maximumPercent ?? 200,
    minimumHealthyPercent: seed.minimumHealthyPercent ?? 100,
    deploymentCircuitBreaker: seed.deploymentCircuitBreaker ?? { enable: false, rollback: false },
    alarms: seed.alarms,
    strategy: seed.strategy ?? 'ROLLING',
    bakeTimeInMinutes: seed.bakeTimeInMinutes,
    lifecycleHooks: seed.lifecycleHooks,
    linearConfiguration: seed.linearConfiguration,
    canaryConfiguration: seed.canaryConfiguration,
  };
}

/** ceil(0.5 × desired), clamped to 3..200. */
export function circuitBreakerThreshold(desired: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desired * 0.5)));
}

export class EcsModel {
  readonly taskDefinitions = new Map<string, TaskDefinition[]>();
  readonly clusters = new Map<string, Cluster>();
  readonly services: Service[] = [];
  readonly tasks: Task[] = [];
  /** Tasks not yet STOPPED: the only ones a step has to look at. */
  private readonly active = new Set<Task>();
  private readonly byArn = new Map<string, Task>();
  private ipCounter = 10;
  /** Per task definition: when its first task reached RUNNING (for scenario alarms). */
  readonly firstRunning = new Map<string, { at: number; release: Release }>();

  constructor(private readonly world: World) {}

  get arnBase(): string {
    return `arn:aws:ecs:${this.world.region}:${this.world.accountId}`;
  }

  // ---- task definitions --------------------------------------------------------------------------

  register(body: Record<string, Wire>, tags: Tag[] = []): TaskDefinition {
    const family = String(body.family);
    const revisions = this.taskDefinitions.get(family) ?? [];
    this.taskDefinitions.set(family, revisions);
    const revision = revisions.length + 1;
    const td: TaskDefinition = {
      arn: `${this.arnBase}:task-definition/${family}:${revision}`,
      family,
      revision,
      status: 'ACTIVE',
      body: structuredClone(body),
      registeredAt: this.world.now(),
      tags,
    };
    revisions.push(td);
    return td;
  }

  /** `family`, `family:rev` or an ARN; undefined when not found. */
  findTaskDefinition(ref: string): TaskDefinition | undefined {
    const name = ref.includes(':task-definition/') ? ref.split(':task-definition/')[1]! : ref;
    const [family, rev] = name.split(':');
    const revisions = this.taskDefinitions.get(family ?? '');
    if (!revisions) return undefined;
    if (rev === undefined) return revisions.filter((td) => td.status === 'ACTIVE').at(-1);
    return revisions[Number(rev) - 1];
  }

  // ---- clusters and services ---------------------------------------------------------------------

  addCluster(name: string, tags: Tag[] = []): Cluster {
    const existing = this.clusters.get(name);
    if (existing) return existing;
    const cluster = { arn: `${this.arnBase}:cluster/${name}`, name, createdAt: this.world.now(), tags };
    this.clusters.set(name, cluster);
    return cluster;
  }

  findCluster(ref: string | undefined): Cluster | undefined {
    const name = !ref ? 'default' : ref.includes(':cluster/') ? ref.split(':cluster/')[1]! : ref;
    return this.clusters.get(name);
  }

  findService(cluster: Cluster, ref: string): Service | undefined {
    const name = ref.includes(':service/') ? ref.split('/').pop()! : ref;
    return this.services.find((s) => s.cluster === cluster && s.name === name && s.status !== 'INACTIVE');
  }

  newRevision(service: Service, taskDefinitionArn: string): ServiceRevision {
    return {
      arn: `${this.arnBase}:service-revision/${service.cluster.name}/${service.name}/${this.world.ids.digits(19)}`,
      service,
      taskDefinitionArn,
      createdAt: this.world.now(),
    };
  }

  /** A new deployment (and its service deployment record) becoming PRIMARY. */
  newDeployment(service: Service, taskDefinitionArn: string, sources: ServiceRevision[]): Deployment {
    const now = this.world.now();
    const revision = this.newRevision(service, taskDefinitionArn);
    const deployment = {
      id: `ecs-svc/${this.world.ids.digits(19)}`,
      service,
      taskDefinitionArn,
      status: 'PRIMARY',
      desiredCount: service.desiredCount,
      failedTasks: 0,
      createdAt: now,
      updatedAt: now,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: 'ECS deployment in progress.',
      revision,
    } as Deployment;
    const config = structuredClone(service.config);
    deployment.record = {
      arn: `${this.arnBase}:service-deployment/${service.cluster.name}/${service.name}/${this.world.ids.alnum(22)}`,
      service,
      createdAt: now,
      startedAt: now,
      updatedAt: now,
      status: 'IN_PROGRESS',
      lifecycleStage: 'RECONCILE_SERVICE',
      sourceRevisions: sources,
      targetRevision: revision,
      configuration: config,
      circuitBreaker: {
        status: config.deploymentCircuitBreaker.enable ? 'MONITORING' : 'DISABLED',
        failureCount: 0,
        threshold: circuitBreakerThreshold(service.desiredCount),
      },
      alarms: {
        status: config.alarms?.enable ? 'MONITORING' : 'DISABLED',
        alarmNames: config.alarms?.alarmNames ?? [],
        triggeredAlarmNames: [],
      },
      hooks: [],
      deployment,
    };
    for (const d of service.deployments) if (d.status === 'PRIMARY') d.status = 'ACTIVE';
    service.deployments.unshift(deployment);
    service.records.unshift(deployment.record);
    service.taskDefinitionArn = taskDefinitionArn;
    return deployment;
  }

  liveTasks(deployment: Deployment): Task[] {
    const out: Task[] = [];
    for (const t of this.active)
      if (t.deployment === deployment && t.desiredStatus === 'RUNNING') out.push(t);
    return out;
  }

  /** Tasks of a deployment not yet STOPPED (including those draining). */
  unstoppedTasks(deployment: Deployment): Task[] {
    const out: Task[] = [];
    for (const t of this.active) if (t.deployment === deployment) out.push(t);
    return out;
  }

  serviceTasks(service: Service): Task[] {
    const out: Task[] = [];
    for (const t of this.active) if (t.service === service) out.push(t);
    return out;
  }

  /** RUNNING and, behind a load balancer, healthy in every target group it is registered in. */
  isHealthy(task: Task): boolean {
    if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') return false;
    if (task.containers.some((c) => c.essential && c.healthStatus === 'UNHEALTHY')) return false;
    return task.targetGroupArns.every((tg) => this.world.elb.targetOf(tg, task.arn)?.state === 'healthy');
  }

  event(service: Service, message: string, at = this.world.now()): void {
    service.events.unshift({ id: this.world.ids.uuid(), createdAt: at, message });
    if (service.events.length > 100) service.events.length = 100;
  }

  // ---- tasks ---------------------------------------------------------------------------------------

  launch(options: {
    cluster: Cluster;
    td: TaskDefinition;
    service?: Service;
    deployment?: Deployment;
    targetGroupArns?: string[];
    startedBy?: string;
    group?: string;
    overrides?: Record<string, Wire>;
    tags?: Tag[];
    oneOff?: boolean;
  }): Task {
    const now = this.world.now();
    const { td } = options;
    const id = this.world.ids.hex(32);
    const overrides = options.overrides ?? {};
    const containerDefs: Record<string, Wire>[] = td.body.containerDefinitions ?? [];
    const release = resolveRelease(this.world.releases, this.world.defaultRelease, {
      family: td.family,
      revision: td.revision,
      images: containerDefs.map((c) => String(c.image ?? '')),
      content: JSON.stringify(containerDefs) + JSON.stringify(overrides),
    });
    const start = release.startSeconds * 1000;
    const n = this.ipCounter++;
    const task: Task = {
      arn: `${this.arnBase}:task/${options.cluster.name}/${id}`,
      id,
      cluster: options.cluster,
      td,
      release,
      group: options.group ?? (options.service ? `service:${options.service.name}` : `family:${td.family}`),
      startedBy: options.startedBy ?? options.deployment?.id,
      service: options.service,
      deployment: options.deployment,
      targetGroupArns: options.targetGroupArns ?? [],
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      createdAt: now,
      containers: containerDefs.map((c) => {
        const log =
          c.logConfiguration?.logDriver === 'awslogs' ? (c.logConfiguration.options ?? {}) : undefined;
        return {
          arn: `${this.arnBase}:container/${options.cluster.name}/${id}/${this.world.ids.uuid()}`,
          name: String(c.name),
          image: String(c.image ?? ''),
          essential: c.essential !== false,
          hasHealthCheck: Boolean(c.healthCheck),
          lastStatus: 'PENDING',
          healthStatus: 'UNKNOWN',
          runtimeId: `${id}-${this.world.ids.digits(10)}`,
          log:
            log?.['awslogs-group'] && log['awslogs-stream-prefix']
              ? {
                  group: String(log['awslogs-group']),
                  stream: `${log['awslogs-stream-prefix']}/${c.name}/${id}`,
                  create: String(log['awslogs-create-group']) === 'true',
                }
              : undefined,
        };
      }),
      ip: `10.0.${Math.floor(n / 250)}.${(n % 250) + 2}`,
      pendingAt: now + start * 0.3,
      activatingAt: now + start * 0.8,
      runningAt: now + start,
      failed: false,
      overrides,
      tags: options.tags ?? [],
      version: 1,
    };
    if (release.crash) {
      task.exitAt = task.runningAt + (release.crash.afterSeconds ?? 0) * 1000;
      task.exitCode = release.crash.exitCode ?? 1;
    } else if (options.oneOff) {
      task.exitAt = task.runningAt + (release.runSeconds ?? 5) * 1000;
      task.exitCode = release.exitCode ?? 0;
    }
    this.tasks.push(task);
    this.byArn.set(task.arn, task);
    this.active.add(task);
    if (options.service) options.service.pending.started.push(task);
    return task;
  }

  /** The scheduler (or a user) asks a task to stop; it drains first when registered behind a load balancer. */
  stopTask(task: Task, stopCode: string, reason: string, failed = false): void {
    if (task.desiredStatus === 'STOPPED') return;
    const now = this.world.now();
    task.desiredStatus = 'STOPPED';
    task.stopCode = stopCode;
    task.stoppedReason = reason;
    task.stoppingAt = now;
    task.version++;
    if (failed) this.countFailure(task);
    if (task.service && task.lastStatus === 'RUNNING') task.service.pending.stopped.push(task);
    if (task.lastStatus === 'RUNNING' || task.lastStatus === 'ACTIVATING') {
      this.deregisterTargets(task, now);
      task.lastStatus = 'DEACTIVATING';
      task.nextAt = now;
    } else {
      task.lastStatus = 'DEPROVISIONING';
      task.nextAt = now + 2000;
    }
  }

  private countFailure(task: Task): void {
    if (task.failed) return;
    task.failed = true;
    const d = task.deployment;
    if (!d || d.rolloutState !== 'IN_PROGRESS') return;
    d.failedTasks++;
    d.updatedAt = this.world.now();
    if (d.record.deployment === d) d.record.circuitBreaker.failureCount++;
  }

  private deregisterTargets(task: Task, at: number): void {
    for (const tgArn of task.targetGroupArns) {
      const target = this.world.elb.targetOf(tgArn, task.arn);
      if (!target || target.state === 'draining') continue;
      this.world.elb.deregister(tgArn, target.id, target.port, at);
      if (task.service) {
        const d = task.service.pending.deregistered;
        d.set(tgArn, (d.get(tgArn) ?? 0) + 1);
      }
    }
  }

  private containerPort(task: Task, tgArn: string): number {
    const lb = task.service?.loadBalancers.find(
      (l) => l.targetGroupArn === tgArn || l.advancedConfiguration?.alternateTargetGroupArn === tgArn,
    );
    return lb?.containerPort ?? this.world.elb.targetGroups.get(tgArn)?.port ?? 80;
  }

  private writeLogs(task: Task, lines: string[], at: number): void {
    for (const c of task.containers) {
      if (c.log) this.world.logs.write(c.log.group, c.log.stream, lines, at);
    }
  }

  /** `logSpreadSeconds`: the lines due by t (none past the exit), each at its own time; all of them at the exit. */
  private writeSpreadLogs(task: Task, t: number): void {
    const lines = task.release.logLines ?? [];
    const spreadMs = (task.release.logSpreadSeconds ?? 0) * 1000;
    const exiting = task.exitAt !== undefined && t >= task.exitAt;
    for (let i = task.logLinesWritten ?? 0; i < lines.length; i++) {
      const due = task.runningAt + Math.round((spreadMs * (i + 1)) / lines.length);
      const at = exiting ? Math.min(due, task.exitAt!) : due;
      if (at > t) break;
      this.writeLogs(task, [lines[i]!], at);
      task.logLinesWritten = i + 1;
    }
  }

  /** Advance one task to time t. */
  private stepTask(task: Task, t: number): void {
    if (task.desiredStatus === 'RUNNING') {
      if (task.lastStatus === 'PROVISIONING' && t >= task.pendingAt) {
        task.lastStatus = 'PENDING';
        task.pullStartedAt = t;
        task.version++;
      }
      if (task.lastStatus === 'PENDING' && t >= task.activatingAt) {
        task.pullStoppedAt = t;
        const missing = task.containers.find(
          (c) => c.log && !c.log.create && !this.world.logs.groups.has(c.log.group),
        );
        if (missing?.log) {
          this.failToStart(
            task,
            `ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ` +
              `failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not ` +
              `exist. : exit status 1`,
          );
          return;
        }
        for (const c of task.containers) if (c.log?.create) this.world.logs.createGroup(c.log.group);
        task.lastStatus = 'ACTIVATING';
        task.version++;
        for (const tgArn of task.targetGroupArns) {
          this.world.elb.register(tgArn, task.ip, this.containerPort(task, tgArn), task.arn, t);
          if (task.service) {
            const r = task.service.pending.registered;
            r.set(tgArn, (r.get(tgArn) ?? 0) + 1);
          }
        }
      }
      if (task.lastStatus === 'ACTIVATING' && t >= task.runningAt) {
        task.lastStatus = 'RUNNING';
        task.startedAt = t;
        task.version++;
        for (const c of task.containers) c.lastStatus = 'RUNNING';
        if (!this.firstRunning.has(task.td.arn))
          this.firstRunning.set(task.td.arn, { at: t, release: task.release });
        const lines = task.release.logLines ?? [
          `Starting ${task.td.family} (${task.containers[0]?.image ?? ''})`,
        ];
        if (task.release.logSpreadSeconds === undefined) this.writeLogs(task, lines, t);
      }
      if (task.lastStatus === 'RUNNING') {
        if (task.release.logSpreadSeconds !== undefined) this.writeSpreadLogs(task, t);
        const ready = t >= task.runningAt + task.release.healthyAfterSeconds * 1000;
        for (const c of task.containers) {
          if (c.hasHealthCheck && ready) c.healthStatus = task.release.containerHealth ?? 'HEALTHY';
        }
        if (task.exitAt !== undefined && t >= task.exitAt) {
          this.exit(task, t);
          return;
        }
        const unhealthy = task.containers.find((c) => c.essential && c.healthStatus === 'UNHEALTHY');
        if (unhealthy && task.service) {
          this.stopTask(task, 'ServiceSchedulerInitiated', 'Task failed container health checks', true);
          return;
        }
        if (task.service) this.checkElbHealth(task, t);
      }
      return;
    }
    // Stopping.
    if (task.nextAt === undefined || t < task.nextAt) return;
    if (task.lastStatus === 'DEACTIVATING') {
      const draining = task.targetGroupArns
        .map((tg) => this.world.elb.targetOf(tg, task.arn))
        .filter((target) => target?.state === 'draining');
      if (draining.length) {
        task.nextAt = Math.max(...draining.map((d) => d!.drainUntil!));
        return;
      }
      task.lastStatus = 'STOPPING';
      task.nextAt = t + 2000;
      task.version++;
      return;
    }
    if (task.lastStatus === 'STOPPING' || task.lastStatus === 'DEPROVISIONING') {
      if (task.lastStatus === 'STOPPING') {
        task.executionStoppedAt ??= t;
        for (const c of task.containers) {
          if (c.lastStatus === 'RUNNING') {
            c.lastStatus = 'STOPPED';
            c.exitCode ??= 0;
          }
        }
        task.lastStatus = 'DEPROVISIONING';
        task.nextAt = t + 2000;
        task.version++;
        return;
      }
      task.lastStatus = 'STOPPED';
      task.stoppedAt = t;
      for (const c of task.containers) c.lastStatus = 'STOPPED';
      task.version++;
      this.active.delete(task);
      task.nextAt = undefined;
    }
  }

  private failToStart(task: Task, reason: string): void {
    for (const c of task.containers) {
      c.lastStatus = 'STOPPED';
      c.reason = reason;
    }
    this.stopTask(task, 'TaskFailedToStart', reason, Boolean(task.service));
  }

  /** The essential container exited (crash or end of a one-off task). */
  private exit(task: Task, t: number): void {
    const essential = task.containers.find((c) => c.essential) ?? task.containers[0];
    for (const c of task.containers) {
      c.lastStatus = 'STOPPED';
      c.exitCode = c === essential ? task.exitCode : 0;
      if (c === essential && task.release.crash?.reason) c.reason = task.release.crash.reason;
    }
    const crashed = Boolean(task.release.crash) || (task.exitCode ?? 0) !== 0;
    this.stopTask(
      task,
      'EssentialContainerExited',
      'Essential container in task exited',
      crashed && Boolean(task.service),
    );
    task.executionStoppedAt = t;
    // The process is gone: no connections to drain beyond the target group's own delay.
    task.lastStatus = 'STOPPING';
    task.nextAt = t + 1000;
  }

  private checkElbHealth(task: Task, t: number): void {
    const service = task.service!;
    if (t < (task.startedAt ?? t) + service.grace * 1000) return;
    for (const tgArn of task.targetGroupArns) {
      const target = this.world.elb.targetOf(tgArn, task.arn);
      if (target?.state !== 'unhealthy') continue;
      const port = this.containerPort(task, tgArn);
      this.event(
        service,
        `(service ${service.name}) (task ${task.id}) (port ${port}) is unhealthy in (target-group ${tgArn}) due to ` +
          `(reason ${target.description ?? describeReason(target.reason ?? '')}).`,
        t,
      );
      this.stopTask(
        task,
        'ServiceSchedulerInitiated',
        `Task failed ELB health checks in (target-group ${tgArn})`,
        true,
      );
      return;
    }
  }

  /** ALB health check of a task's container port. */
  probe(taskArn: string, t: number): { pass: boolean; reason?: string; description?: string } {
    const task = this.byArn.get(taskArn);
    if (!task || task.lastStatus !== 'RUNNING') {
      return { pass: false, reason: 'Target.FailedHealthChecks', description: 'Health checks failed' };
    }
    const failing = task.release.failsHealthCheck;
    if (failing)
      return {
        pass: false,
        reason: failing.reason,
        description: failing.description ?? describeReason(failing.reason),
      };
    if (t < task.runningAt + task.release.healthyAfterSeconds * 1000) {
      return {
        pass: false,
        reason: 'Target.ResponseCodeMismatch',
        description: 'Health checks failed with these codes: [503]',
      };
    }
    return { pass: true };
  }

  step(t: number): void {
    for (const task of [...this.active]) this.stepTask(task, t);
    // Forget tasks stopped over an hour ago, as ECS does (checked once a simulated minute).
    if (t % 60_000 < 1000) {
      for (let i = this.tasks.length - 1; i >= 0; i--) {
        const task = this.tasks[i]!;
        if (task.stoppedAt !== undefined && t - task.stoppedAt > TASK_RETENTION_MS) {
          this.tasks.splice(i, 1);
          this.byArn.delete(task.arn);
        }
      }
    }
  }

  /** Emits the aggregated per-step events of a service. */
  flushEvents(service: Service, t: number): void {
    const p = service.pending;
    const name = `(service ${service.name})`;
    if (p.started.length) {
      this.event(
        service,
        `${name} has started ${p.started.length} tasks: ${p.started.map((x) => `(task ${x.id})`).join(' ')}.`,
        t,
      );
    }
    for (const [tg, n] of p.registered)
      this.event(service, `${name} registered ${n} targets in (target-group ${tg})`, t);
    for (const [tg, n] of p.deregistered) {
      this.event(service, `${name} has begun draining connections on ${n} tasks.`, t);
      this.event(service, `${name} deregistered ${n} targets in (target-group ${tg})`, t);
    }
    if (p.stopped.length) {
      this.event(
        service,
        `${name} has stopped ${p.stopped.length} running tasks: ${p.stopped.map((x) => `(task ${x.id})`).join(' ')}.`,
        t,
      );
    }
    p.started = [];
    p.stopped = [];
    p.registered.clear();
    p.deregistered.clear();
  }

  taskByArn(arn: string): Task | undefined {
    return this.byArn.get(arn);
  }

  findTask(cluster: Cluster, ref: string): Task | undefined {
    const id = ref.split('/').pop();
    const task = this.byArn.get(`${this.arnBase}:task/${cluster.name}/${id}`);
    return task?.cluster === cluster ? task : undefined;
  }
}
