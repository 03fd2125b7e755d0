/**
 * One polling round: read the service, its service deployment, the release's tasks, their targets and the
 * named alarms (each at most once) and reduce them to an Observation. Reads that cannot have changed are
 * skipped: while the service is steady a round is a single DescribeServices.
 */
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type Deployment,
  type Service,
  type ServiceDeployment,
  type Task,
  type TaskSet,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetGroupAttributesCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DeployClients } from './clients.js';
import {
  servingTasks,
  type AlarmView,
  type CodeDeployView,
  type DeploymentView,
  type Observation,
  type ServiceDeploymentView,
  type Subject,
  type TargetView,
  type TaskView,
} from './observation.js';
import { taskView, type RevisionInfo } from '../ecs/index.js';

export interface ObserverConfig {
  cluster: string;
  service: string;
  subject: Subject;
  /** The service deployment that was current before our update (not ours). */
  priorServiceDeploymentArn?: string;
  /** Native stages move without task counts changing: read the service deployment every round. */
  stagedStrategy: boolean;
  alarms: string[];
  revision(arn: string): RevisionInfo | undefined;
  /** AWS's clock (see ServerTime), fed with the timestamps each round reads. */
  awsTime: { now(): number; saw(timestamp: number | undefined): void };
  /** Reads the CodeDeploy deployment when the service uses CodeDeploy. */
  codeDeploy?: () => Promise<CodeDeployView | undefined>;
  /**
   * A target group's deregistration delay (s) when the run has read it already (the report's reads of the
   * target group start with the rollout): the observer then makes no call of its own for it.
   */
  knownDrainDelay?: (targetGroupArn: string) => Promise<number | undefined>;
}

export interface Round {
  observation: Observation;
  ecsReads: number;
  /** Every AWS call the round made (ECS, ELBv2, CloudWatch, CodeDeploy): what the polling budget counts. */
  calls: number;
  /**
   * When ECS should finish by itself and nothing before then needs watching closely: the release serves
   * in full and only the old tasks' connection draining (the target group's deregistration delay) is left.
   * Local clock, ms.
   */
  quietUntil?: number;
  /** Whether anything a person would care about differs from the previous round. */
  changed: boolean;
}

const TERMINAL_SD = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']);
/** CloudWatch alarms evaluate once a minute at best: reading them more often than this learns nothing. */
export const ALARM_PERIOD_MS = 30_000;
/** Target health while nothing moves: a slow refresh, since the service's counters say when tasks change. */
export const TARGET_PERIOD_MS = 60_000;
/** Tasks starting and targets registering: looked at this often (their failures move the counters at once). */
export const TRANSITION_PERIOD_MS = 10_000;
/** A verdict of success must not rest on alarms or targets read longer ago than this. */
export const FRESH_FOR_VERDICT_MS = 10_000;
/** ECS's service event when old tasks leave their target groups. */
const DRAINING_EVENT = /has begun draining connections on \d+ tasks?/;

export class Observer {
  private readonly tasks = new Map<string, TaskView>();
  /** Tasks that belong to other revisions or earlier releases: never described again. */
  private readonly foreign = new Set<string>();
  /** Tasks of the subject's revision from before it (other deployments, stopped earlier): shown, never judged. */
  readonly history: TaskView[] = [];
  private readonly seenEvents = new Set<string>();
  private targets: TargetView[] = [];
  private readonly unhealthy = new Map<string, TargetView>();
  private serviceDeployment?: ServiceDeploymentView;
  private serviceDigest = '';
  private fingerprint = '';
  private targetsReadAt = -Infinity;
  private tasksReadAt = -Infinity;
  private alarmsReadAt = -Infinity;
  private alarmViews: AlarmView[] = [];
  /** Deregistration delay (s) per target group, read once. */
  private readonly drainDelay = new Map<string, number>();
  private rounds = 0;

  constructor(
    private readonly clients: DeployClients,
    private readonly config: ObserverConfig,
    private readonly now: () => number,
  ) {}

  get subject(): Subject {
    return this.config.subject;
  }

  /**
   * One round. `fresh` re-reads alarms and target health whatever their period: a success is declared only
   * on a fresh look.
   */
  async observe(options: { fresh?: boolean } = {}): Promise<Round> {
    const { ecs } = this.clients;
    const { cluster, service: serviceName, subject } = this.config;
    let ecsReads = 1;
    let otherCalls = 0;
    const described = await ecs.send(new DescribeServicesCommand({ cluster, services: [serviceName] }));
    const service = described.services?.find((s) => s.status !== 'MISSING');
    if (!service) throw new Error(`service ${serviceName} is no longer in cluster ${cluster}`);
    if (
      !subject.serviceDeploymentArn &&
      subject.kind !== 'verify' &&
      service.currentServiceDeployment &&
      service.currentServiceDeployment !== this.config.priorServiceDeploymentArn
    ) {
      subject.serviceDeploymentArn = service.currentServiceDeployment;
    }
    const { awsTime } = this.config;
    for (const e of service.events?.slice(0, 1) ?? []) awsTime.saw(e.createdAt?.getTime());
    for (const d of service.deployments ?? []) awsTime.saw(d.updatedAt?.getTime());
    // CodeDeploy services have task sets instead of deployments; they read the same way.
    const deployments = service.deployments?.length
      ? service.deployments.map(deploymentView)
      : (service.taskSets ?? []).map(taskSetView);
    const digest = JSON.stringify([deployments, service.events?.[0]?.id, service.runningCount]);
    const serviceChanged = digest !== this.serviceDigest;
    this.serviceDigest = digest;

    const sdArn = subject.serviceDeploymentArn;
    if (
      sdArn &&
      (this.serviceDeployment?.arn !== sdArn ||
        (!TERMINAL_SD.has(this.serviceDeployment.status) && (this.config.stagedStrategy || serviceChanged)))
    ) {
      ecsReads++;
      const out = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [sdArn] }));
      const sd = out.serviceDeployments?.[0];
      if (sd) this.serviceDeployment = serviceDeploymentView(sd);
    }

    // Tasks change only with the service's counters or events, unless one is still starting.
    const unsettled = [...this.tasks.values()].some(
      (t) => t.lastStatus !== 'STOPPED' && servingTasks([t]).length === 0,
    );
    const now = this.now();
    // A task that fails or starts moves the service's counters (read every round): then everything is read.
    // Otherwise the slower looks (a starting task's own progress, target health, alarms) take turns, one a
    // round, the most overdue first: a quiet round costs two calls at most, so the pace stays even.
    const transition = this.rounds === 0 || serviceChanged || options.fresh === true;
    const release0 = [...this.tasks.values()];
    const servingWithoutTarget0 = servingTasks(release0).some(
      (t) => !this.targets.some((g) => g.taskArn === t.arn && g.state === 'healthy'),
    );
    const overdue = {
      tasks: unsettled ? (now - this.tasksReadAt) / TRANSITION_PERIOD_MS : 0,
      targets: (now - this.targetsReadAt) / (servingWithoutTarget0 ? TRANSITION_PERIOD_MS : TARGET_PERIOD_MS),
      alarms: this.config.alarms.length ? (now - this.alarmsReadAt) / ALARM_PERIOD_MS : 0,
    };
    const due = (Object.keys(overdue) as (keyof typeof overdue)[])
      .filter((k) => overdue[k] >= 1)
      .sort((a, b) => overdue[b] - overdue[a]);
    const look = (k: keyof typeof overdue) => transition || due[0] === k;

    if (transition || look('tasks')) {
      this.tasksReadAt = now;
      // Only starting tasks to look at (the counters did not move): describe them, no need to list.
      ecsReads += await this.readTasks(serviceChanged, !transition);
    }
    const release = [...this.tasks.values()];
    if (transition || look('targets')) {
      this.targetsReadAt = now;
      otherCalls += await this.readTargets(service, release);
    }
    // Alarms have their own period even while things change: CloudWatch evaluates them once a minute.
    const alarmsDue = overdue.alarms >= 1 && (transition || due[0] === 'alarms');
    if (this.config.alarms.length && (options.fresh || this.rounds === 0 || alarmsDue)) {
      this.alarmsReadAt = now;
      otherCalls++;
      this.alarmViews = await describeAlarms(this.clients, this.config.alarms);
    }
    const alarms = this.alarmViews;
    const codeDeploy = await this.config.codeDeploy?.();
    if (this.config.codeDeploy) otherCalls++;
    const ours = subject.deploymentId
      ? deployments.find((d) => d.id === subject.deploymentId)
      : deployments
          .filter((d) => d.taskDefinition === subject.taskDefinitionArn)
          .sort((a, b) => b.createdAt - a.createdAt)[0];

    const observation: Observation = {
      at: this.now(),
      awsNow: this.config.awsTime.now(),
      service: {
        status: service.status ?? 'ACTIVE',
        desiredCount: service.desiredCount ?? 0,
        runningCount: service.runningCount ?? 0,
        ...(service.taskDefinition ? { taskDefinition: service.taskDefinition } : {}),
        healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds ?? 0,
        hasLoadBalancer: (service.loadBalancers ?? []).some((lb) => lb.targetGroupArn),
      },
      deployments,
      ...(deployments.find((d) => d.status === 'PRIMARY')
        ? { primary: deployments.find((d) => d.status === 'PRIMARY') }
        : {}),
      ...(ours ? { ours } : {}),
      ...(this.serviceDeployment && this.serviceDeployment.arn === sdArn
        ? { serviceDeployment: this.serviceDeployment }
        : {}),
      tasks: release,
      targets: this.targets,
      unhealthyTargets: [...this.unhealthy.values()],
      alarms,
      ...(codeDeploy ? { codeDeploy } : {}),
      newEvents: this.newEvents(service),
    };
    const fingerprint = JSON.stringify([
      deployments.map((d) => [d.id, d.status, d.rolloutState, d.runningCount, d.pendingCount, d.failedTasks]),
      observation.serviceDeployment && [
        observation.serviceDeployment.status,
        observation.serviceDeployment.lifecycleStage,
        observation.serviceDeployment.awaitingHooks,
      ],
      // PROVISIONING → PENDING → ACTIVATING is one state to a watcher: starting.
      release.map((t) => [t.arn, phase(t.lastStatus), t.healthStatus]),
      this.targets.map((t) => [t.taskArn, t.targetGroupArn, t.state]),
      alarms.map((a) => [a.name, a.state]),
      codeDeploy?.status,
    ]);
    const changed = fingerprint !== this.fingerprint;
    this.fingerprint = fingerprint;
    this.rounds++;
    const drained = await this.drainEnd(service, observation);
    otherCalls += drained.calls;
    return {
      observation,
      ecsReads,
      calls: ecsReads + otherCalls,
      changed,
      ...(drained.at !== undefined ? { quietUntil: drained.at } : {}),
    };
  }

  /** Whether alarms or target health are too old to call the release healthy on. */
  staleForVerdict(): boolean {
    const now = this.now();
    return (
      (this.config.alarms.length > 0 && now - this.alarmsReadAt > FRESH_FOR_VERDICT_MS) ||
      (this.targets.length > 0 && now - this.targetsReadAt > FRESH_FOR_VERDICT_MS)
    );
  }

  /**
   * When the old tasks' draining should end (local clock): the release's deployment serves in full, an older
   * deployment is still listed, and ECS said when it began draining the old tasks. Until then nothing ECS does
   * needs a close watch; a task of the release that fails still moves the service's counters.
   */
  private async drainEnd(service: Service, obs: Observation): Promise<{ at?: number; calls: number }> {
    const primary = obs.primary;
    const servesInFull =
      primary?.taskDefinition === this.config.subject.taskDefinitionArn &&
      primary.runningCount >= primary.desiredCount &&
      primary.desiredCount > 0;
    // An older deployment is still listed until ECS finishes; its tasks may already count as stopped while
    // their targets drain (they leave RUNNING when the stop begins), so its presence is the sign, not its count.
    const older = obs.deployments.some((d) => d !== primary);
    if (!servesInFull || !older) return { calls: 0 };
    const began = (service.events ?? [])
      .filter((e) => DRAINING_EVENT.test(e.message ?? ''))
      .map((e) => e.createdAt?.getTime() ?? 0)
      .filter((at) => at >= this.config.subject.awsStartedAt - 1000)[0];
    if (began === undefined) return { calls: 0 };
    let calls = 0;
    let delay = 0;
    for (const lb of service.loadBalancers ?? []) {
      const group = lb.targetGroupArn;
      if (!group) continue;
      if (!this.drainDelay.has(group)) {
        let known = await this.config.knownDrainDelay?.(group);
        if (known === undefined) {
          calls++;
          known = await this.readDrainDelay(group);
        }
        this.drainDelay.set(group, known);
      }
      delay = Math.max(delay, this.drainDelay.get(group)!);
    }
    // AWS's clock to ours: the skew ServerTime measured.
    const skew = this.config.awsTime.now() - this.now();
    return { at: began + delay * 1000 - skew, calls };
  }

  private async readDrainDelay(group: string): Promise<number> {
    try {
      const out = await this.clients.elbv2.send(
        new DescribeTargetGroupAttributesCommand({ TargetGroupArn: group }),
      );
      const value = out.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
      return value !== undefined && Number.isFinite(Number(value)) ? Number(value) : 300;
    } catch {
      // Without the attribute (no permission), assume ELB's default: the pace is a guess, never a verdict.
      return 300;
    }
  }

  /** List and describe the service's tasks; returns how many ECS reads it made. */
  private async readTasks(serviceChanged: boolean, knownOnly = false): Promise<number> {
    const { ecs } = this.clients;
    const { cluster, service: serviceName } = this.config;
    let reads = 0;
    const arns = new Set<string>();
    if (!knownOnly) {
      reads++;
      const running = await ecs.send(
        new ListTasksCommand({ cluster, serviceName, desiredStatus: 'RUNNING' }),
      );
      for (const arn of running.taskArns ?? []) arns.add(arn);
    }
    // A task can start and die between two polls; the service's counters changing is the hint to look.
    if (serviceChanged) {
      reads++;
      const stopped = await ecs.send(
        new ListTasksCommand({ cluster, serviceName, desiredStatus: 'STOPPED' }),
      );
      for (const arn of stopped.taskArns ?? []) arns.add(arn);
    }
    for (const [arn, task] of this.tasks) if (task.lastStatus !== 'STOPPED') arns.add(arn);
    const todo = [...arns].filter((a) => !this.foreign.has(a) && this.tasks.get(a)?.lastStatus !== 'STOPPED');
    for (let i = 0; i < todo.length; i += 100) {
      reads++;
      const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: todo.slice(i, i + 100) }));
      for (const task of out.tasks ?? []) {
        if (!task.taskArn) continue;
        for (const t of [task.createdAt, task.startedAt, task.stoppingAt, task.stoppedAt])
          this.config.awsTime.saw(t?.getTime());
        const view = () =>
          taskView(task, this.config.revision(task.taskDefinitionArn ?? ''), this.config.awsTime.now());
        if (this.belongs(task)) this.tasks.set(task.taskArn, view());
        else {
          this.foreign.add(task.taskArn);
          if (task.taskDefinitionArn === this.config.subject.taskDefinitionArn) this.history.push(view());
        }
      }
    }
    return reads;
  }

  /**
   * Whether a task is the subject's. ECS says so first: a service task's `startedBy` is the id of the
   * deployment that started it. Without that, a task of the subject's revision counts when it was created
   * after the watch began, or (for a rollback or a check of what already runs) when it had not stopped by
   * then. Tasks of the same revision that stopped before are history: an hour-old crash of a revision must
   * not fail a rollback to it.
   */
  private belongs(task: Task): boolean {
    const { subject } = this.config;
    if (task.taskDefinitionArn !== subject.taskDefinitionArn) return false;
    // Clock skew between the runner and AWS is a second or two; tasks this close to the start are new.
    const since = subject.awsStartedAt - 2000;
    const created = task.createdAt?.getTime() ?? 0;
    if (subject.kind === 'deploy') {
      if (task.startedBy && subject.deploymentId?.startsWith('ecs-svc/'))
        return task.startedBy === subject.deploymentId;
      return created >= since;
    }
    if (created >= since) return true;
    const stoppedAt = (task.stoppedAt ?? task.stoppingAt)?.getTime();
    return task.lastStatus !== 'STOPPED' || (stoppedAt !== undefined && stoppedAt >= since);
  }

  /** Read target health of the service's target groups; returns how many calls it made. */
  private async readTargets(service: Service, release: TaskView[]): Promise<number> {
    const groups = new Set<string>();
    for (const lb of service.loadBalancers ?? []) {
      if (lb.targetGroupArn) groups.add(lb.targetGroupArn);
      if (lb.advancedConfiguration?.alternateTargetGroupArn)
        groups.add(lb.advancedConfiguration.alternateTargetGroupArn);
    }
    const byIp = new Map(release.filter((t) => t.ip).map((t) => [t.ip!, t.arn]));
    if (!groups.size || !byIp.size) return 0;
    const targets: TargetView[] = [];
    for (const group of groups) {
      const out = await this.clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group }));
      for (const d of out.TargetHealthDescriptions ?? []) {
        const taskArn = byIp.get(d.Target?.Id ?? '');
        if (!taskArn) continue;
        targets.push({
          targetGroupArn: group,
          taskArn,
          id: d.Target?.Id ?? '',
          ...(d.Target?.Port ? { port: d.Target.Port } : {}),
          state: d.TargetHealth?.State ?? 'unavailable',
          ...(d.TargetHealth?.Reason ? { reason: d.TargetHealth.Reason } : {}),
          ...(d.TargetHealth?.Description ? { description: d.TargetHealth.Description } : {}),
        });
      }
    }
    this.targets = targets;
    for (const t of targets) if (t.state === 'unhealthy') this.unhealthy.set(t.taskArn, t);
    return groups.size;
  }

  private newEvents(service: Service): { at: number; message: string }[] {
    const fresh = (service.events ?? []).filter((e) => {
      const id = e.id ?? `${e.createdAt?.getTime()}:${e.message}`;
      if (this.seenEvents.has(id)) return false;
      this.seenEvents.add(id);
      return (e.createdAt?.getTime() ?? 0) >= this.config.subject.awsStartedAt - 1000;
    });
    return fresh
      .reverse()
      .map((e) => ({ at: e.createdAt?.getTime() ?? this.now(), message: e.message ?? '' }));
  }
}

function phase(lastStatus: string): string {
  return ['PROVISIONING', 'PENDING', 'ACTIVATING'].includes(lastStatus) ? 'starting' : lastStatus;
}

export async function describeAlarms(clients: DeployClients, names: string[]): Promise<AlarmView[]> {
  const out = await clients.cloudwatch.send(
    new DescribeAlarmsCommand({ AlarmNames: names, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }),
  );
  return [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])].map((a) => ({
    name: a.AlarmName ?? '',
    state: a.StateValue ?? 'INSUFFICIENT_DATA',
    ...(a.StateReason ? { reason: a.StateReason } : {}),
  }));
}

export function deploymentView(d: Deployment): DeploymentView {
  return {
    id: d.id ?? '',
    status: d.status ?? '',
    taskDefinition: d.taskDefinition ?? '',
    ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
    ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
    desiredCount: d.desiredCount ?? 0,
    runningCount: d.runningCount ?? 0,
    pendingCount: d.pendingCount ?? 0,
    failedTasks: d.failedTasks ?? 0,
    createdAt: d.createdAt?.getTime() ?? 0,
  };
}

export function taskSetView(set: TaskSet): DeploymentView {
  return {
    id: set.id ?? '',
    status: set.status ?? '',
    taskDefinition: set.taskDefinition ?? '',
    rolloutState: set.stabilityStatus === 'STEADY_STATE' ? 'COMPLETED' : 'IN_PROGRESS',
    desiredCount: set.computedDesiredCount ?? 0,
    runningCount: set.runningCount ?? 0,
    pendingCount: set.pendingCount ?? 0,
    failedTasks: 0,
    createdAt: set.createdAt?.getTime() ?? 0,
  };
}

export function serviceDeploymentView(sd: ServiceDeployment): ServiceDeploymentView {
  return {
    arn: sd.serviceDeploymentArn ?? '',
    status: sd.status ?? 'PENDING',
    ...(sd.statusReason ? { statusReason: sd.statusReason } : {}),
    ...(sd.lifecycleStage ? { lifecycleStage: sd.lifecycleStage } : {}),
    ...(sd.rollback?.reason ? { rollbackReason: sd.rollback.reason } : {}),
    ...(sd.deploymentCircuitBreaker
      ? {
          circuitBreaker: {
            ...(sd.deploymentCircuitBreaker.status ? { status: sd.deploymentCircuitBreaker.status } : {}),
            ...(sd.deploymentCircuitBreaker.failureCount !== undefined
              ? { failureCount: sd.deploymentCircuitBreaker.failureCount }
              : {}),
            ...(sd.deploymentCircuitBreaker.threshold !== undefined
              ? { threshold: sd.deploymentCircuitBreaker.threshold }
              : {}),
          },
        }
      : {}),
    triggeredAlarms: sd.alarms?.triggeredAlarmNames ?? [],
    awaitingHooks: (sd.lifecycleHookDetails ?? [])
      .filter(
        (h) => h.status === 'AWAITING_ACTION' && h.hookId && (!h.targetType || h.targetType === 'PAUSE'),
      )
      .map((h) => ({ hookId: h.hookId!, ...(sd.lifecycleStage ? { stage: sd.lifecycleStage } : {}) })),
  };
}
