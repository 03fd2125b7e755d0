/**
 * ECS deployment controllers, run once per simulated step for every service:
 * - ROLLING: launch tasks of the PRIMARY deployment within maximumPercent, stop old ones while staying
 *   above minimumHealthyPercent, replace failed tasks, trip the circuit breaker after
 *   ceil(0.5 × desired) clamped 3..200 failures, watch deployment alarms, roll back to the last
 *   COMPLETED deployment.
 * - BLUE_GREEN: the lifecycle stages, with the green revision in the alternate target group, test and
 *   production listener rules shifted, PAUSE / Lambda hooks, bake time, then clean-up of blue.
 * - LINEAR and CANARY: the same stages, but PRODUCTION_TRAFFIC_SHIFT moves the production rule's weights
 *   in steps (ecs-strategies.ts plans them), each step with its own PRE_PRODUCTION_TRAFFIC_SHIFT and
 *   PRODUCTION_TRAFFIC_SHIFT hooks and a step bake time after it; a rollback puts 100% back on blue.
 * - Task sets (CODE_DEPLOY services) are only kept at their scale here; CodeDeploy drives them.
 */
import { SimAwsError } from './service.js';
import {
  circuitBreakerThreshold,
  type Deployment,
  type EcsModel,
  type HookDetail,
  type Service,
  type ServiceLoadBalancer,
  type StageName,
} from './ecs-model.js';
import { stepsTraffic, trafficPlan, weightedForward } from './ecs-strategies.js';
import type { World } from './world.js';

export const STAGES: StageName[] = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP',
];

/** Short stages still last this long, so pollers can see them (they may still skip some). */
const MIN_STAGE_MS = 3000;
const LAMBDA_HOOK_MS = 5000;

export class DeploymentController {
  constructor(private readonly world: World) {}

  private get ecs(): EcsModel {
    return this.world.ecs;
  }

  step(t: number): void {
    for (const service of this.ecs.services) {
      if (service.status === 'INACTIVE') continue;
      if (service.controller === 'ECS') {
        const primary = service.deployments.find((d) => d.status === 'PRIMARY');
        if (primary) {
          this.watchAlarms(service, primary, t);
          this.watchCircuitBreaker(service, primary, t);
        }
        const current = service.deployments.find((d) => d.status === 'PRIMARY');
        if (current?.stage !== undefined && current.rolloutState === 'IN_PROGRESS')
          this.blueGreenStep(service, current, t);
        else if (current) this.rollingStep(service, current, t);
      } else {
        this.taskSetStep(service);
      }
      this.retireDeployments(service, t);
      this.ecs.flushEvents(service, t);
    }
  }

  // ---- shared --------------------------------------------------------------------------------------

  private launchFor(service: Service, deployment: Deployment, count: number): void {
    const td = this.ecs.findTaskDefinition(deployment.taskDefinitionArn);
    if (!td) return;
    const targetGroupArns = deployment.targetGroupArn
      ? [deployment.targetGroupArn]
      : service.loadBalancers.map((lb) => lb.targetGroupArn);
    for (let i = 0; i < count; i++) {
      this.ecs.launch({ cluster: service.cluster, td, service, deployment, targetGroupArns });
    }
  }

  private stopReason(deployment: Deployment): string {
    return `Scaling activity initiated by (deployment ${deployment.id})`;
  }

  /** Deployments with no tasks left and no longer PRIMARY leave the service's deployments list. */
  private retireDeployments(service: Service, t: number): void {
    for (const d of service.deployments) {
      if (d.status !== 'ACTIVE' || d.taskSet) continue;
      if (this.ecs.unstoppedTasks(d).length) continue;
      const primary = service.deployments.find((x) => x.status === 'PRIMARY');
      if (primary?.stage !== undefined && primary.rolloutState === 'IN_PROGRESS') continue;
      d.status = 'INACTIVE';
      d.updatedAt = t;
    }
  }

  private watchCircuitBreaker(service: Service, d: Deployment, t: number): void {
    if (d.rolloutState !== 'IN_PROGRESS' || !service.config.deploymentCircuitBreaker.enable) return;
    if (d.record.deployment !== d) return;
    const threshold = circuitBreakerThreshold(d.desiredCount);
    if (d.failedTasks < threshold) return;
    d.record.circuitBreaker.status = 'TRIGGERED';
    this.fail(
      service,
      d,
      'ECS deployment circuit breaker: tasks failed to start.',
      service.config.deploymentCircuitBreaker.rollback,
      t,
    );
  }

  private watchAlarms(service: Service, d: Deployment, t: number): void {
    const alarms = d.record.configuration.alarms;
    if (!alarms?.enable || d.rolloutState !== 'IN_PROGRESS' || d.record.deployment !== d) return;
    // An alarm already in ALARM when the deployment started is not watched.
    const triggered = alarms.alarmNames.filter((name) => {
      const alarm = this.world.alarms.get(name);
      return alarm?.state === 'ALARM' && alarm.updatedAt >= d.createdAt;
    });
    if (!triggered.length) return;
    d.record.alarms.status = 'TRIGGERED';
    d.record.alarms.triggeredAlarmNames = triggered;
    this.fail(
      service,
      d,
      `ECS deployment alarms: alarm(s) in ALARM state: ${triggered.join(', ')}.`,
      alarms.rollback,
      t,
    );
  }

  /** The deployment failed: roll back (blue/green reverts traffic; rolling deploys the last COMPLETED revision). */
  fail(service: Service, d: Deployment, reason: string, rollback: boolean, t: number): void {
    d.rolloutState = 'FAILED';
    d.rolloutStateReason = reason;
    d.updatedAt = t;
    const record = d.record;
    record.statusReason = reason;
    record.updatedAt = t;
    const failure = reason.includes('circuit breaker')
      ? 'tasks failed to start.'
      : reason.replace(/^ECS deployment /, '');
    this.ecs.event(
      service,
      `(service ${service.name}) (deployment ${d.id}) deployment failed: ${failure}`,
      t,
    );
    if (record.circuitBreaker.status === 'MONITORING') record.circuitBreaker.status = 'MONITORING_COMPLETE';
    if (record.alarms.status === 'MONITORING') record.alarms.status = 'MONITORING_COMPLETE';
    if (rollback) this.rollBack(service, d, reason, t);
    else {
      d.halted = true;
      record.status = 'STOPPED';
      record.stoppedAt = t;
      record.finishedAt = t;
    }
  }

  rollBack(service: Service, d: Deployment, reason: string, t: number): void {
    const record = d.record;
    if (d.stage !== undefined) {
      this.blueGreenRevert(service, d, reason, t);
      return;
    }
    const target = service.lastCompleted;
    if (!target || target === d) {
      d.halted = true;
      record.status = 'ROLLBACK_FAILED';
      record.statusReason = `${reason} No completed deployment to roll back to.`;
      record.finishedAt = t;
      return;
    }
    record.status = 'ROLLBACK_IN_PROGRESS';
    record.rollback = { reason, startedAt: t, serviceRevisionArn: target.revision.arn };
    const rollbackDeployment = this.ecs.newDeployment(service, target.taskDefinitionArn, [d.revision]);
    // The rollback belongs to the failed service deployment; drop the record newDeployment made.
    service.records.shift();
    rollbackDeployment.record = record;
    rollbackDeployment.revision = target.revision;
    record.deployment = rollbackDeployment;
    rollbackDeployment.rolloutStateReason = `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`;
    if (!reason.includes('circuit breaker'))
      rollbackDeployment.rolloutStateReason = `Rolling back to deploymentId ${target.id}.`;
    this.ecs.event(service, `(service ${service.name}) rolling back to deployment ${target.id}.`, t);
  }

  private complete(service: Service, d: Deployment, t: number): void {
    d.rolloutState = 'COMPLETED';
    d.rolloutStateReason = `ECS deployment ${d.id} completed.`;
    d.updatedAt = t;
    service.lastCompleted = d;
    const record = d.record;
    record.finishedAt = t;
    record.updatedAt = t;
    record.lifecycleStage = 'CLEAN_UP';
    record.status = record.status === 'ROLLBACK_IN_PROGRESS' ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL';
    if (record.circuitBreaker.status === 'MONITORING') record.circuitBreaker.status = 'MONITORING_COMPLETE';
    if (record.alarms.status === 'MONITORING') record.alarms.status = 'MONITORING_COMPLETE';
    this.ecs.event(service, `(service ${service.name}) (deployment ${d.id}) deployment completed.`, t);
    this.ecs.event(service, `(service ${service.name}) has reached a steady state.`, t);
  }

  // ---- rolling -------------------------------------------------------------------------------------

  private rollingStep(service: Service, primary: Deployment, t: number): void {
    const desired = primary.desiredCount;
    const olds = service.deployments.filter((d) => d.status === 'ACTIVE');
    const live = (d: Deployment) => this.ecs.liveTasks(d);
    const primaryLive = live(primary);
    const oldLive = olds.flatMap(live);
    const maxTotal = Math.max(1, Math.floor((desired * service.config.maximumPercent) / 100));
    const minHealthy = Math.ceil((desired * service.config.minimumHealthyPercent) / 100);

    // Scale in a primary above its desired count (unhealthy ones first).
    if (primaryLive.length > desired) {
      const extra = primaryLive.sort((a, b) => Number(this.ecs.isHealthy(a)) - Number(this.ecs.isHealthy(b)));
      for (const task of extra.slice(0, primaryLive.length - desired)) {
        this.ecs.stopTask(task, 'ServiceSchedulerInitiated', this.stopReason(primary));
      }
    }

    // Stop old tasks: never-healthy ones freely, healthy ones while staying above minimumHealthyPercent.
    let healthy = [...primaryLive, ...oldLive].filter((x) => this.ecs.isHealthy(x)).length;
    for (const task of oldLive.sort(
      (a, b) => Number(this.ecs.isHealthy(a)) - Number(this.ecs.isHealthy(b)),
    )) {
      const isHealthy = this.ecs.isHealthy(task);
      if (isHealthy && healthy - 1 < minHealthy) break;
      if (
        !isHealthy &&
        task.lastStatus !== 'RUNNING' &&
        task.deployment?.rolloutState !== 'FAILED' &&
        healthy < minHealthy
      ) {
        // A still-starting old task may yet help availability; only failed deployments' are dropped at once.
        continue;
      }
      this.ecs.stopTask(task, 'ServiceSchedulerInitiated', this.stopReason(primary));
      if (isHealthy) healthy--;
    }

    // Launch within maximumPercent.
    if (!primary.halted) {
      const total = primaryLive.length + olds.flatMap(live).length;
      const launch = Math.min(desired - Math.min(primaryLive.length, desired), maxTotal - total);
      if (launch > 0) this.launchFor(service, primary, launch);
    }

    if (primary.rolloutState !== 'IN_PROGRESS') return;
    const healthyPrimary = this.ecs.liveTasks(primary).filter((x) => this.ecs.isHealthy(x)).length;
    const oldsGone = olds.every((d) => this.ecs.unstoppedTasks(d).length === 0);
    if (healthyPrimary >= desired && oldsGone) {
      primary.record.lifecycleStage = 'BAKE_TIME';
      const bakeMs =
        (primary.record.configuration.alarms?.enable
          ? (primary.record.configuration.bakeTimeInMinutes ?? 0)
          : 0) * 60_000;
      primary.stageEnteredAt ??= t;
      if (t - primary.stageEnteredAt >= bakeMs) this.complete(service, primary, t);
    } else {
      primary.record.lifecycleStage = healthyPrimary >= desired ? 'CLEAN_UP' : 'SCALE_UP';
    }
  }

  // ---- blue/green ----------------------------------------------------------------------------------

  /** Blue/green: the target group the green revision registers in (the one not taking production). */
  greenTargetGroup(service: Service): string | undefined {
    const lb = service.loadBalancers.find((l) => l.advancedConfiguration);
    if (!lb?.advancedConfiguration) return undefined;
    const live = service.liveTargetGroupArn ?? lb.targetGroupArn;
    return live === lb.targetGroupArn ? lb.advancedConfiguration.alternateTargetGroupArn : lb.targetGroupArn;
  }

  startBlueGreen(service: Service, d: Deployment, t: number): void {
    d.targetGroupArn = this.greenTargetGroup(service);
    this.enterStage(d, 'RECONCILE_SERVICE', t);
  }

  private enterStage(d: Deployment, stage: StageName, t: number): void {
    d.stage = stage;
    d.stageEnteredAt = t;
    d.stageWorkDone = false;
    d.record.lifecycleStage = stage;
    d.record.updatedAt = t;
    // Production traffic hooks belong to each traffic step, opened as the steps come (shiftProduction).
    if (stage === 'PRODUCTION_TRAFFIC_SHIFT') d.shift = { index: 0, phase: 'pending', hooks: [] };
    else this.openHooks(d, stage, t);
  }

  /** Starts the configured hooks of one hook stage (Lambda hooks run, PAUSE hooks wait for an action). */
  private openHooks(d: Deployment, hookStage: string, t: number): HookDetail[] {
    const opened: HookDetail[] = [];
    for (const hook of d.record.configuration.lifecycleHooks ?? []) {
      if (!hook.lifecycleStages.includes(hookStage)) continue;
      const pause = hook.targetType === 'PAUSE';
      const detail: HookDetail = {
        hookId: this.world.ids.alnum(20),
        stage: hookStage,
        targetType: pause ? 'PAUSE' : 'AWS_LAMBDA',
        targetArn: hook.hookTargetArn,
        status: pause ? 'AWAITING_ACTION' : 'IN_PROGRESS',
        startedAt: t,
        expiresAt: t + (hook.timeoutConfiguration?.timeoutInMinutes ?? 1440) * 60_000,
        timeoutAction: hook.timeoutConfiguration?.action ?? 'ROLLBACK',
      };
      d.record.hooks.push(detail);
      opened.push(detail);
    }
    if (opened.length) d.record.updatedAt = t;
    return opened;
  }

  private stageHooks(d: Deployment): HookDetail[] {
    const stages: string[] =
      d.stage === 'PRODUCTION_TRAFFIC_SHIFT' ? ['PRE_PRODUCTION_TRAFFIC_SHIFT', d.stage] : [d.stage ?? ''];
    return d.record.hooks.filter((h) => stages.includes(h.stage) && h.startedAt >= (d.stageEnteredAt ?? 0));
  }

  private shiftRule(ref: string | undefined, tgArn: string): void {
    if (!ref) return;
    const rule = this.world.elb.rule(ref);
    rule.forward = [{ targetGroupArn: tgArn, weight: 1 }];
  }

  /** The other target group of the blue/green pair. */
  private otherTargetGroup(lb: ServiceLoadBalancer | undefined, tgArn: string): string | undefined {
    const alternate = lb?.advancedConfiguration?.alternateTargetGroupArn;
    if (!lb || !alternate) return undefined;
    return tgArn === alternate ? lb.targetGroupArn : alternate;
  }

  /**
   * PRODUCTION_TRAFFIC_SHIFT, one phase at a time: PRE_PRODUCTION_TRAFFIC_SHIFT hooks, then the weights
   * move to the step's percentage and its PRODUCTION_TRAFFIC_SHIFT hooks run, then the step bake time
   * (none after the last step). True once green has 100% and the last step's hooks are settled.
   */
  private shiftProduction(service: Service, d: Deployment, green: string, t: number): boolean {
    const lb = service.loadBalancers.find((l) => l.advancedConfiguration);
    const ruleArn = lb?.advancedConfiguration?.productionListenerRule;
    const blue = this.otherTargetGroup(lb, green);
    const plan = trafficPlan(d.record.configuration);
    const shift = (d.shift ??= { index: 0, phase: 'pending', hooks: [] });
    const settled = shift.hooks.every((h) => h.status === 'SUCCEEDED' || h.status === 'TIMED_OUT');
    switch (shift.phase) {
      case 'pending':
        shift.hooks = this.openHooks(d, 'PRE_PRODUCTION_TRAFFIC_SHIFT', t);
        shift.phase = 'pre';
        return false;
      case 'pre': {
        if (!settled) return false;
        const percent = plan.percents[shift.index]!;
        if (ruleArn && blue && stepsTraffic(d.record.configuration.strategy)) {
          this.world.elb.rule(ruleArn).forward = weightedForward(blue, green, percent);
        } else {
          this.shiftRule(ruleArn, green);
        }
        if (percent >= 100) service.liveTargetGroupArn = green;
        shift.shiftedAt = t;
        shift.phase = 'shifted';
        shift.hooks = this.openHooks(d, 'PRODUCTION_TRAFFIC_SHIFT', t);
        d.record.updatedAt = t;
        return false;
      }
      case 'shifted': {
        if (!settled) return false;
        if (shift.index >= plan.percents.length - 1) return true;
        // The step bake time runs from the moment the weights moved.
        if (t - shift.shiftedAt! < plan.bakeMs) return false;
        shift.index++;
        shift.phase = 'pending';
        shift.hooks = [];
        return false;
      }
    }
  }

  private blueGreenStep(service: Service, d: Deployment, t: number): void {
    const lb = service.loadBalancers.find((l) => l.advancedConfiguration);
    const advanced = lb?.advancedConfiguration;
    const green = d.targetGroupArn;
    const blueDeployments = service.deployments.filter((x) => x.status === 'ACTIVE');
    const desired = d.desiredCount;
    const greenLive = this.ecs.liveTasks(d);

    // Green tasks are kept at the desired count from SCALE_UP on (failed ones replaced).
    const scaled = STAGES.indexOf(d.stage!) >= STAGES.indexOf('SCALE_UP');
    if (scaled && !d.halted && greenLive.length < desired)
      this.launchFor(service, d, desired - greenLive.length);

    if (!d.stageWorkDone) {
      switch (d.stage) {
        case 'SCALE_UP':
          d.stageWorkDone = greenLive.filter((x) => this.ecs.isHealthy(x)).length >= desired;
          break;
        case 'TEST_TRAFFIC_SHIFT':
          if (green) this.shiftRule(advanced?.testListenerRule, green);
          d.stageWorkDone = true;
          break;
        case 'PRODUCTION_TRAFFIC_SHIFT':
          if (green) d.stageWorkDone = this.shiftProduction(service, d, green, t);
          break;
        case 'BAKE_TIME':
          d.stageWorkDone = t - d.stageEnteredAt! >= (d.record.configuration.bakeTimeInMinutes ?? 0) * 60_000;
          break;
        case 'CLEAN_UP':
          for (const blue of blueDeployments) {
            for (const task of this.ecs.liveTasks(blue)) {
              this.ecs.stopTask(task, 'ServiceSchedulerInitiated', this.stopReason(d));
            }
          }
          if (advanced?.testListenerRule && green) this.shiftRule(advanced.testListenerRule, green);
          d.stageWorkDone = blueDeployments.every((b) => this.ecs.unstoppedTasks(b).length === 0);
          break;
        default:
          d.stageWorkDone = true;
      }
    }

    // Hooks of this stage.
    for (const hook of this.stageHooks(d)) {
      if (
        hook.targetType === 'AWS_LAMBDA' &&
        hook.status === 'IN_PROGRESS' &&
        t >= hook.startedAt + LAMBDA_HOOK_MS
      ) {
        hook.status = 'SUCCEEDED';
      }
      if ((hook.status === 'AWAITING_ACTION' || hook.status === 'IN_PROGRESS') && t >= hook.expiresAt) {
        hook.status = 'TIMED_OUT';
        if (hook.timeoutAction === 'ROLLBACK') {
          this.fail(service, d, `Lifecycle hook ${hook.hookId} timed out.`, true, t);
          return;
        }
      }
    }
    const hooksDone = this.stageHooks(d).every((h) => h.status === 'SUCCEEDED' || h.status === 'TIMED_OUT');
    if (!d.stageWorkDone || !hooksDone || t - d.stageEnteredAt! < MIN_STAGE_MS) return;
    const next = STAGES[STAGES.indexOf(d.stage!) + 1];
    if (next) this.enterStage(d, next, t);
    else {
      d.stage = undefined;
      this.complete(service, d, t);
    }
  }

  /** Blue/green rollback: traffic back to blue, green tasks stopped, blue PRIMARY again. */
  private blueGreenRevert(service: Service, d: Deployment, reason: string, t: number): void {
    const advanced = service.loadBalancers.find((l) => l.advancedConfiguration)?.advancedConfiguration;
    const blue = service.deployments.find((x) => x.status === 'ACTIVE' && this.ecs.liveTasks(x).length > 0);
    const record = d.record;
    record.status = 'ROLLBACK_IN_PROGRESS';
    record.rollback = {
      reason,
      startedAt: t,
      serviceRevisionArn: (blue ?? service.lastCompleted ?? d).revision.arn,
    };
    const blueTg =
      d.targetGroupArn === advanced?.alternateTargetGroupArn
        ? service.loadBalancers[0]?.targetGroupArn
        : advanced?.alternateTargetGroupArn;
    if (blueTg && advanced) {
      const production = this.world.elb.rule(advanced.productionListenerRule);
      const green = d.targetGroupArn;
      if (stepsTraffic(record.configuration.strategy) && green) {
        // Stepped strategies keep the weighted pair on the rule, all of it back on blue (a rule that
        // never gave green any production traffic is left as it is).
        if (production.forward.some((f) => f.targetGroupArn === green && f.weight > 0))
          production.forward = weightedForward(blueTg, green, 0);
      } else {
        this.shiftRule(advanced.productionListenerRule, blueTg);
      }
      this.shiftRule(advanced.testListenerRule, blueTg);
      service.liveTargetGroupArn = blueTg;
    }
    d.stage = undefined;
    d.shift = undefined;
    d.halted = true;
    d.status = 'ACTIVE';
    for (const task of this.ecs.liveTasks(d))
      this.ecs.stopTask(
        task,
        'ServiceSchedulerInitiated',
        `Scaling activity initiated by (deployment ${d.id})`,
      );
    if (blue) {
      blue.status = 'PRIMARY';
      blue.updatedAt = t;
      service.taskDefinitionArn = blue.taskDefinitionArn;
      // The revert finishes once green is gone.
      this.pendingReverts.set(service, d);
    } else {
      record.status = 'ROLLBACK_FAILED';
      record.finishedAt = t;
    }
    this.ecs.event(service, `(service ${service.name}) rolling back to deployment ${blue?.id ?? 'none'}.`, t);
  }

  private readonly pendingReverts = new Map<Service, Deployment>();

  /** Called each step after the controllers: finishes blue/green reverts. */
  finishReverts(t: number): void {
    for (const [service, d] of this.pendingReverts) {
      if (this.ecs.unstoppedTasks(d).length) continue;
      d.record.status = 'ROLLBACK_SUCCESSFUL';
      d.record.finishedAt = t;
      d.record.updatedAt = t;
      this.pendingReverts.delete(service);
      this.ecs.event(service, `(service ${service.name}) has reached a steady state.`, t);
    }
  }

  // ---- task sets (CODE_DEPLOY) ----------------------------------------------------------------------

  private taskSetStep(service: Service): void {
    for (const d of service.deployments) {
      if (!d.taskSet || d.status === 'INACTIVE' || d.halted) continue;
      const want = Math.ceil((service.desiredCount * d.taskSet.scale) / 100);
      const live = this.ecs.liveTasks(d);
      if (live.length < want) this.launchFor(service, d, want - live.length);
      for (const task of live.slice(want))
        this.ecs.stopTask(task, 'ServiceSchedulerInitiated', this.stopReason(d));
    }
  }

  // ---- API actions -----------------------------------------------------------------------------------

  /** StopServiceDeployment: ROLLBACK (even without rollback configured) or ABORT. */
  stop(service: Service, d: Deployment, stopType: 'ROLLBACK' | 'ABORT', t: number): void {
    if (d.rolloutState !== 'IN_PROGRESS' || d.record.deployment !== d) {
      throw new SimAwsError(
        'InvalidParameterException',
        'The service deployment is not in a state that can be stopped.',
      );
    }
    if (stopType === 'ROLLBACK') {
      d.record.status = 'ROLLBACK_REQUESTED';
      this.fail(service, d, 'Service deployment rolled back because of a stop request.', true, t);
    } else {
      d.record.status = 'STOP_REQUESTED';
      d.rolloutState = 'FAILED';
      d.rolloutStateReason = 'Service deployment stopped because of a stop request.';
      d.halted = true;
      d.stage = undefined;
      d.record.status = 'STOPPED';
      d.record.statusReason = d.rolloutStateReason;
      d.record.stoppedAt = t;
      d.record.finishedAt = t;
    }
  }

  /** ContinueServiceDeployment: releases a PAUSE hook (CONTINUE) or rolls back (ROLLBACK). */
  continueHook(
    service: Service,
    d: Deployment,
    hookId: string,
    action: 'CONTINUE' | 'ROLLBACK',
    t: number,
  ): void {
    const hook = d.record.hooks.find((h) => h.hookId === hookId);
    if (!hook)
      throw new SimAwsError(
        'InvalidParameterException',
        `The hook ID ${hookId} was not found for the service deployment.`,
      );
    if (hook.status !== 'AWAITING_ACTION') {
      throw new SimAwsError('InvalidParameterException', `The hook ${hookId} is not awaiting action.`);
    }
    if (action === 'ROLLBACK') {
      hook.status = 'FAILED';
      this.fail(service, d, `Lifecycle hook ${hookId} requested a rollback.`, true, t);
    } else {
      hook.status = 'SUCCEEDED';
    }
  }
}
