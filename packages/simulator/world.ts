/**
 * The simulated AWS world of one scenario: every service's state, advanced in fixed one-second
 * simulated steps up to the clock's time (lazily on each request and on a short timer).
 */
import { AlarmModel } from './cloudwatch.js';
import type { SimulatedClock } from './clock.js';
import { CodeDeployModel } from './codedeploy.js';
import { DeploymentController } from './ecs-deployments.js';
import {
  defaultConfig,
  EcsModel,
  type Cluster,
  type DeploymentConfig,
  type Service,
  type ServiceLoadBalancer,
  type Tag,
  type TaskDefinition,
} from './ecs-model.js';
import { ElbModel, type ProbeResult } from './elb.js';
import { checkDeploymentConfig } from './ecs-strategies.js';
import { Ids } from './ids.js';
import { LogsModel } from './logs.js';
import { MetricsModel } from './metrics.js';
import type { ReleaseBehaviour, Scenario } from './scenario.js';

export const STEP_MS = 1000;
/** A release's alarm returns to OK this long after its last task stopped. */
const ALARM_RECOVERY_MS = 60_000;

export class World {
  readonly accountId: string;
  readonly region: string;
  readonly ids: Ids;
  readonly releases: ReleaseBehaviour[];
  readonly defaultRelease: Scenario['defaultRelease'];
  readonly logs: LogsModel;
  readonly alarms: AlarmModel;
  readonly elb: ElbModel;
  readonly ecs: EcsModel;
  readonly deployments: DeploymentController;
  readonly codedeploy: CodeDeployModel;
  readonly metrics: MetricsModel;
  /** Time of the last processed step. */
  private time: number;
  /** While stepping: the step's time, which every change made during the step is stamped with. */
  private stepping: number | undefined;
  /** Release alarms already fired, per task definition ARN, and when their tasks were last seen running. */
  private readonly releaseAlarms = new Map<string, { fired: boolean; lastRunning: number }>();
  /** Per task definition ARN: when its tasks first took production traffic (for `startsAt: 'production-traffic'`). */
  private readonly productionTrafficSince = new Map<string, number>();

  constructor(
    scenario: Scenario,
    private readonly clock: SimulatedClock,
  ) {
    this.accountId = scenario.accountId ?? '123456789012';
    this.region = scenario.region ?? 'us-east-1';
    this.ids = new Ids(scenario.seed ?? 1);
    this.releases = scenario.releases ?? [];
    this.defaultRelease = scenario.defaultRelease;
    this.time = clock.now();
    this.logs = new LogsModel(this);
    this.alarms = new AlarmModel(this);
    this.elb = new ElbModel(this);
    this.ecs = new EcsModel(this);
    this.deployments = new DeploymentController(this);
    this.codedeploy = new CodeDeployModel(this);
    this.seed(scenario);
    this.metrics = new MetricsModel(
      this,
      new Map((scenario.targetGroups ?? []).map((tg) => [tg.name, tg.requestsPerMinute ?? 600])),
      new Set(scenario.containerInsights ?? []),
    );
    this.metrics.start(this.time);
  }

  now(): number {
    return this.stepping ?? Math.max(this.time, this.clock.now());
  }

  /** Catches the world up with the clock. */
  advance(): void {
    const target = this.clock.now();
    while (this.time + STEP_MS <= target) {
      this.time += STEP_MS;
      this.stepping = this.time;
      try {
        this.step(this.time);
      } finally {
        this.stepping = undefined;
      }
    }
  }

  private step(t: number): void {
    this.ecs.step(t);
    this.elb.step(t);
    this.deployments.step(t);
    this.deployments.finishReverts(t);
    this.codedeploy.step(t);
    this.stepReleaseAlarms(t);
    this.metrics.step(t);
  }

  probe(taskArn: string, t: number): ProbeResult {
    return this.ecs.probe(taskArn, t);
  }

  /**
   * Scenario `alarm`: ALARM some seconds after a release's first task ran (or first took production
   * traffic), OK again once it is gone.
   */
  private stepReleaseAlarms(t: number): void {
    let serving: Set<string> | undefined;
    for (const [tdArn, first] of this.ecs.firstRunning) {
      const alarm = first.release.alarm;
      if (!alarm || !this.alarms.get(alarm.name)) continue;
      const state = this.releaseAlarms.get(tdArn) ?? { fired: false, lastRunning: t };
      this.releaseAlarms.set(tdArn, state);
      const running = this.ecs.tasks.some((x) => x.td.arn === tdArn && x.lastStatus === 'RUNNING');
      if (running) state.lastRunning = t;
      let since: number | undefined = first.at;
      if (alarm.startsAt === 'production-traffic') {
        serving ??= this.servingProduction();
        if (!this.productionTrafficSince.has(tdArn) && serving.has(tdArn))
          this.productionTrafficSince.set(tdArn, t);
        since = this.productionTrafficSince.get(tdArn);
      }
      if (!state.fired && running && since !== undefined && t >= since + (alarm.afterSeconds ?? 60) * 1000) {
        state.fired = true;
        this.alarms.setState(
          alarm.name,
          'ALARM',
          alarm.reason ??
            'Threshold Crossed: 1 out of the last 1 datapoints [42.0] was greater than the threshold (5.0).',
          t,
        );
      } else if (
        state.fired &&
        !running &&
        t - state.lastRunning >= ALARM_RECOVERY_MS &&
        this.alarms.get(alarm.name)?.state === 'ALARM'
      ) {
        this.alarms.setState(
          alarm.name,
          'OK',
          'Threshold Crossed: 1 out of the last 1 datapoints [0.0] was not greater than the threshold (5.0).',
          t,
        );
      }
    }
  }

  /** Task definitions with a RUNNING task behind a production listener rule that gives its target group weight. */
  private servingProduction(): Set<string> {
    const out = new Set<string>();
    for (const lb of this.elb.loadBalancers) {
      for (const listener of lb.listeners) {
        if (listener.role !== 'production') continue;
        for (const rule of listener.rules) {
          for (const f of rule.forward) {
            if (f.weight <= 0) continue;
            for (const target of this.elb.targetGroups.get(f.targetGroupArn)?.targets.values() ?? []) {
              if (target.state === 'draining') continue;
              const task = this.ecs.taskByArn(target.taskArn);
              if (task?.lastStatus === 'RUNNING') out.add(task.td.arn);
            }
          }
        }
      }
    }
    return out;
  }

  createService(options: {
    cluster: Cluster;
    name: string;
    td: TaskDefinition;
    desiredCount: number;
    controller: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
    config: DeploymentConfig;
    loadBalancers: ServiceLoadBalancer[];
    grace: number;
    tags: Tag[];
    networkConfiguration?: Record<string, unknown>;
    /** Seeded services start with their tasks RUNNING and healthy and one COMPLETED deployment. */
    steady: boolean;
  }): Service {
    const now = this.now();
    const service: Service = {
      arn: `${this.ecs.arnBase}:service/${options.cluster.name}/${options.name}`,
      name: options.name,
      cluster: options.cluster,
      status: 'ACTIVE',
      desiredCount: options.desiredCount,
      taskDefinitionArn: options.td.arn,
      controller: options.controller,
      config: options.config,
      loadBalancers: options.loadBalancers,
      grace: options.grace,
      createdAt: now,
      events: [],
      deployments: [],
      records: [],
      tags: options.tags,
      networkConfiguration: options.networkConfiguration ?? {
        awsvpcConfiguration: {
          subnets: ['subnet-0sim000000000000a'],
          securityGroups: ['sg-0sim0000000000001'],
          assignPublicIp: 'DISABLED',
        },
      },
      liveTargetGroupArn: options.loadBalancers[0]?.targetGroupArn,
      pending: { started: [], stopped: [], registered: new Map(), deregistered: new Map() },
    };
    this.ecs.services.push(service);
    const deployment = this.ecs.newDeployment(service, options.td.arn, []);
    if (options.controller !== 'ECS') {
      deployment.taskSet = {
        id: deployment.id,
        arn: `${this.ecs.arnBase}:task-set/${options.cluster.name}/${options.name}/${deployment.id}`,
        scale: 100,
      };
      deployment.targetGroupArn = options.loadBalancers[0]?.targetGroupArn;
    }
    if (!options.steady) return service;
    const targetGroupArns = deployment.targetGroupArn
      ? [deployment.targetGroupArn]
      : options.loadBalancers.map((lb) => lb.targetGroupArn);
    for (let i = 0; i < options.desiredCount; i++) {
      const task = this.ecs.launch({
        cluster: options.cluster,
        td: options.td,
        service,
        deployment,
        targetGroupArns,
      });
      task.createdAt = now - 600_000;
      task.pullStartedAt = now - 590_000;
      task.pullStoppedAt = now - 585_000;
      task.startedAt = now - 580_000;
      task.pendingAt = task.activatingAt = task.runningAt = now - 580_000;
      task.exitAt =
        task.exitAt === undefined ? undefined : now + (task.release.crash?.afterSeconds ?? 0) * 1000;
      task.lastStatus = 'RUNNING';
      for (const c of task.containers) {
        c.lastStatus = 'RUNNING';
        if (c.hasHealthCheck) c.healthStatus = 'HEALTHY';
      }
      for (const tgArn of targetGroupArns) {
        const lb = options.loadBalancers.find((l) => l.targetGroupArn === tgArn);
        this.elb.register(tgArn, task.ip, lb?.containerPort ?? 80, task.arn, now - 580_000);
        const target = this.elb.targetOf(tgArn, task.arn)!;
        target.state = 'healthy';
        target.reason = undefined;
        target.description = undefined;
        target.passes = 99;
        target.nextCheckAt = now + this.elb.targetGroups.get(tgArn)!.interval * 1000;
      }
    }
    service.pending.started = [];
    deployment.rolloutState = 'COMPLETED';
    deployment.rolloutStateReason = `ECS deployment ${deployment.id} completed.`;
    deployment.createdAt = deployment.updatedAt = now - 600_000;
    service.lastCompleted = deployment;
    const record = deployment.record;
    record.status = 'SUCCESSFUL';
    record.lifecycleStage = 'CLEAN_UP';
    record.createdAt = record.startedAt = now - 600_000;
    record.finishedAt = record.updatedAt = now - 420_000;
    if (record.circuitBreaker.status === 'MONITORING') record.circuitBreaker.status = 'MONITORING_COMPLETE';
    if (record.alarms.status === 'MONITORING') record.alarms.status = 'MONITORING_COMPLETE';
    this.ecs.event(service, `(service ${service.name}) has reached a steady state.`, now - 420_000);
    return service;
  }

  private seed(scenario: Scenario): void {
    for (const name of scenario.logGroups ?? []) this.logs.createGroup(name);
    for (const alarm of scenario.alarms ?? []) this.alarms.add(alarm);
    for (const tg of scenario.targetGroups ?? []) this.elb.addTargetGroup(tg);
    for (const lb of scenario.loadBalancers ?? []) this.elb.addLoadBalancer(lb);
    for (const name of scenario.clusters ?? []) this.ecs.addCluster(name);
    for (const td of scenario.taskDefinitions ?? []) {
      const { tags, ...body } = td;
      this.ecs.register(body, tags ?? []);
    }
    for (const seed of scenario.services ?? []) {
      const td = this.ecs.findTaskDefinition(seed.taskDefinition);
      if (!td)
        throw new Error(`scenario: service ${seed.name} uses unknown task definition ${seed.taskDefinition}`);
      const loadBalancers: ServiceLoadBalancer[] = (seed.loadBalancers ?? []).map((lb) => ({
        targetGroupArn: this.elb.targetGroup(lb.targetGroup).arn,
        containerName: lb.containerName,
        containerPort: lb.containerPort,
        advancedConfiguration: lb.advancedConfiguration
          ? {
              alternateTargetGroupArn: this.elb.targetGroup(lb.advancedConfiguration.alternateTargetGroup)
                .arn,
              productionListenerRule: this.elb.rule(lb.advancedConfiguration.productionListenerRule).arn,
              testListenerRule: lb.advancedConfiguration.testListenerRule
                ? this.elb.rule(lb.advancedConfiguration.testListenerRule).arn
                : undefined,
              roleArn:
                lb.advancedConfiguration.roleArn ??
                `arn:aws:iam::${this.accountId}:role/ecsInfrastructureRoleForLoadBalancers`,
            }
          : undefined,
      }));
      const controller = seed.deploymentController ?? 'ECS';
      let config: DeploymentConfig;
      try {
        config = checkDeploymentConfig(
          defaultConfig(seed.deploymentConfiguration),
          loadBalancers,
          controller,
        );
      } catch (err) {
        throw new Error(`scenario: service ${seed.name}: ${(err as Error).message}`);
      }
      this.createService({
        cluster: this.ecs.addCluster(seed.cluster),
        name: seed.name,
        td,
        desiredCount: seed.desiredCount,
        controller,
        config,
        loadBalancers,
        grace: seed.healthCheckGracePeriodSeconds ?? 0,
        tags: seed.tags ?? [],
        steady: true,
      });
    }
    for (const app of scenario.codeDeploy ?? []) this.codedeploy.addApplication(app);
  }

  state() {
    return {
      time: new Date(this.now()).toISOString(),
      ecs: {
        services: this.ecs.services.map((svc) => ({
          name: svc.name,
          cluster: svc.cluster.name,
          taskDefinition: svc.taskDefinitionArn.split('/').pop(),
          desiredCount: svc.desiredCount,
          deployments: svc.deployments
            .filter((d) => d.status !== 'INACTIVE')
            .map((d) => ({
              id: d.id,
              status: d.status,
              taskDefinition: d.taskDefinitionArn.split('/').pop(),
              rolloutState: d.rolloutState,
              failedTasks: d.failedTasks,
              stage: d.record.lifecycleStage,
              trafficStep: d.shift ? { step: d.shift.index + 1, phase: d.shift.phase } : undefined,
              serviceDeploymentStatus: d.record.status,
            })),
          events: svc.events.slice(0, 10).map((e) => e.message),
        })),
        tasks: this.ecs.tasks
          .filter((t) => t.lastStatus !== 'STOPPED')
          .map((t) => ({
            id: t.id,
            taskDefinition: `${t.td.family}:${t.td.revision}`,
            group: t.group,
            lastStatus: t.lastStatus,
            desiredStatus: t.desiredStatus,
          })),
      },
      elb: this.elb.state(),
      alarms: this.alarms.state(),
      logs: this.logs.state(),
      codedeploy: this.codedeploy.state(),
    };
  }
}
