/**
 * The deploy engine: resolve the service, settle the revision, update, watch with gates, and on failure
 * roll back and watch that too. A deploy never ends with production broken and the step green: success
 * needs the new revision serving, every gate asked for passed and the bake time over. The steps live in
 * their own files: settle.ts, watch.ts, report.ts, message.ts.
 */
import { startMetricTargets } from './release-metrics.js';
import { readCostInputs } from './cost-timing.js';
import { randomUUID } from 'node:crypto';
import { type Service } from '@aws-sdk/client-ecs';
import { StopServiceDeploymentCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { explainAwsError } from '../aws/index.js';
import type { FailureCause } from '../deploy-report/index.js';
import { revisionName } from '../ecs/index.js';
import { UserError } from '../inputs/index.js';
import { loadTaskDefinitionFile } from '../task-definition/index.js';
import { afterCancel, cancelledBeforeChange, noteRollback, noteStarted, restoredCount } from './cancel.js';
import { appSpecContent, createCodeDeployment, readAppSpec } from './codedeploy.js';
import { duration } from '../markdown/index.js';
import type { Subject } from './observation.js';
import { describeAlarms } from './observe.js';
import type { DeployDeps, DeployOptions } from './options.js';
import { inFlightFor, type InFlight } from './in-flight.js';
import { finishDeploy, type DeployEnd, type DeployResult } from './report.js';
import { busyWith, resolveService, resolveStrategy } from './resolve.js';
import { describeServiceNow, describeServiceState, startRollback } from './rollback.js';
import { currentRevision, settleRevision } from './settle.js';
import { describeMark, LOCK_TTL_MS, ServiceLock } from './lock.js';
import { metricsGateFor } from './gates/metrics.js';
import { DeployState } from './state.js';
import { planGates, STAGED, TEST_HOOK_STAGES, watch } from './watch.js';

export async function deploy(options: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  const state = new DeployState(options, deps);
  try {
    return await new DeployRun(state).run();
  } finally {
    // However the run ended, its mark goes (a mark it could not remove expires by itself).
    await state.lockCleanup?.release().catch((err: unknown) => {
      deps.log.warning(
        `could not remove this run's mark from the service: ${err instanceof Error ? err.message : String(err)}; it expires within ${LOCK_TTL_MS / 60_000} minutes`,
      );
    });
  }
}

class DeployRun {
  constructor(private readonly state: DeployState) {}

  async run(): Promise<DeployResult> {
    const { state } = this;
    const { o } = state;
    const { clients } = state.deps;
    const finish = (end: Parameters<typeof finishDeploy>[1]) => finishDeploy(state, end);
    // A file is read and checked before any AWS call: a bad file changes nothing.
    const file =
      o.taskDefinition.kind === 'file'
        ? await loadTaskDefinitionFile(o.taskDefinition.path, 'task-definition', {
            ...(o.fileRoots ? { roots: o.fileRoots } : {}),
          })
        : undefined;
    let service = await resolveService(clients, o.cluster, o.service, o.region);
    if (!o.dryRun && service.serviceArn) {
      state.lock = state.lockCleanup = new ServiceLock(
        clients.ecs,
        service.serviceArn,
        { token: randomUUID().slice(0, 8), run: o.git?.runUrl ?? 'a deploy outside GitHub Actions' },
        () => state.serverTime.now(),
        (ms) => state.deps.clock.sleep(ms),
      );
    }
    state.strategy = resolveStrategy(o.strategy, service);
    checkStrategySettings(o, state.strategy, service);
    state.log.info(
      `${o.rollbackOf ? 'rolling back' : 'deploying to'} service ${o.service} in cluster ${o.cluster} (${o.region}), strategy ${state.strategy}`,
    );
    let required = planGates(state, service);
    state.metricsGate = await metricsGateFor(state, service);
    if (state.metricsGate) {
      required.push('metrics');
      state.setGate('deploy', 'metrics', { status: 'wait', detail: 'judged during the bake time' });
    }

    const preexisting = await this.checkAlarmsBeforehand();
    const shipping =
      o.taskDefinition.kind === 'revision'
        ? o.taskDefinition.ref
        : `${file!.taskDefinition.family} (new revision)`;
    const busy = await this.waitUntilIdle(service, shipping);
    if (busy.cause)
      return finish({ status: 'failed', cause: preexisting ?? busy.cause, service: busy.service });
    service = busy.service;
    if (preexisting) return finish({ status: 'failed', cause: preexisting, service });

    const revs = await settleRevision(state, service, file);
    const previousArn = revs.previous.ref.arn;
    state.previousArn = previousArn;
    state.targetArn = revs.target?.ref.arn;
    if (revs.target) await state.lock?.refresh(revisionName(revs.target.ref.arn));
    if (o.dryRun) {
      if (o.rollbackOf && revs.target) {
        const seen = await inFlightFor(clients, service, state.strategy, revs.target.ref.arn);
        const target = revisionName(revs.target.ref.arn);
        state.record(
          'info',
          seen.kind === 'refuse'
            ? `dry run: the rollback would be refused now: ${seen.cause.summary}`
            : seen.kind === 'stop'
              ? `dry run: would stop the in-flight deployment (${seen.what}) with ECS's rollback to ${target}, then check it with every gate`
              : seen.kind === 'supersede'
                ? `dry run: would replace the in-flight deployment (${seen.what}) with ${target}, then check it with every gate`
                : `dry run: would update the service to ${target}, then check it with every gate`,
        );
      }
      for (const name of required)
        state.notApplicable(name, 'dry run: nothing was deployed, nothing checked');
      return finish({ status: 'succeeded', service, revs });
    }
    const target = revs.target!;
    const early = cancelledBeforeChange(state, 'preparing the deploy');
    if (early) return finish({ status: 'failed', cause: early, service, revs });

    // The subject's clock starts at the update; tasks and events from before it belong to earlier releases.
    const subject: Subject = {
      kind: 'deploy',
      taskDefinitionArn: target.ref.arn,
      startedAt: state.now,
      awsStartedAt: state.serverTime.now(),
    };
    state.subject = subject;
    // A rollback that finds a deployment in flight stops it (ECS's own rollback) or replaces it.
    const inFlight: InFlight = o.rollbackOf
      ? await inFlightFor(clients, service, state.strategy, target.ref.arn)
      : { kind: 'idle' };
    if (inFlight.kind === 'refuse') return finish({ status: 'failed', cause: inFlight.cause, service, revs });
    if (inFlight.kind === 'stop') {
      const stopped = await this.stopInFlight(inFlight.serviceDeploymentArn, inFlight.what, target.ref.arn);
      if (stopped) return finish({ ...stopped, service, revs });
    }
    const nothingChanges =
      inFlight.kind === 'stop' ||
      (target.ref.arn === previousArn &&
        !o.forceNewDeployment &&
        (o.desiredCount === undefined || o.desiredCount === service.desiredCount));
    let codeDeployId: string | undefined;
    // Saved before the update too: a step killed while the update is on the wire still knows what to undo.
    if (!nothingChanges) noteStarted(state, subject, service, undefined);
    if (nothingChanges) {
      subject.kind = 'verify';
      if (o.testCheck) {
        state.notApplicable('test-http', 'nothing was deployed: no new tasks took test traffic');
        required = required.filter((g) => g !== 'test-http');
      }
      if (inFlight.kind !== 'stop')
        state.record(
          'info',
          `service already runs ${revisionName(previousArn)}: nothing to update, checking it is healthy`,
        );
    } else if (state.strategy === 'CODE_DEPLOY') {
      codeDeployId = await this.startCodeDeploy(service, target.ref.arn);
      state.shipped = target.ref.arn;
      state.deploymentId = codeDeployId;
      subject.deploymentId = codeDeployId;
    } else {
      await this.updateService(service, target.ref.arn, subject);
    }
    if (subject.kind !== 'verify') noteStarted(state, subject, service, codeDeployId);
    // Read now, not after ECS finishes: then each read would delay the step's return.
    state.costReads = readCostInputs(state, service);
    if (!state.metricsGate) startMetricTargets(state, service);

    const watched = await watch(state, {
      subject,
      mode: 'deploy',
      deadline: state.deadline,
      ...(service.currentServiceDeployment
        ? { priorServiceDeploymentArn: service.currentServiceDeployment }
        : {}),
      ...(codeDeployId ? { codeDeployId } : {}),
      required,
    });
    if (watched.ok) return finish({ status: 'succeeded', service, revs });
    if (watched.cancelled) {
      const c = { phase: 'deploy' as const, subject, watched, service, revs };
      return finish(await afterCancel(state, { ...c, ...(codeDeployId ? { codeDeployId } : {}) }));
    }
    const cause = watched.cause!;
    state.record('gate', `deploy failed: ${cause.summary}`, 'warning');
    if (cause.gate === 'superseded') {
      // Rolling back now would revert someone else's release: leave it to them, and say so.
      const where = watched.last ? describeServiceState(watched.last) : 'unknown';
      return finish({
        status: 'failed',
        cause,
        service,
        revs,
        rollbackProblem: `not rolled back: another deploy owns the service now; the service: ${where}`,
      });
    }
    if (subject.kind === 'verify' || o.rollback === 'none' || inFlight.kind !== 'idle') {
      const where = watched.last ? describeServiceState(watched.last) : 'unknown';
      // Putting back what a rollback replaced mid-deployment would put back the release it rolled back.
      const why =
        inFlight.kind === 'stop'
          ? `ECS's rollback put ${revisionName(target.ref.arn)} back and it is not healthy`
          : inFlight.kind === 'supersede'
            ? `the service was mid-deployment before this rollback (${inFlight.what}), so it was not put back`
            : subject.kind === 'verify'
              ? 'nothing was changed'
              : 'rollback is off';
      return finish({
        status: 'failed',
        cause,
        service,
        revs,
        rollbackProblem: `${why}; the service was left as it is: ${where}`,
      });
    }

    const started = await startRollback({
      clients,
      cluster: o.cluster,
      service: o.service,
      strategy: state.strategy,
      previousArn,
      ...(watched.last ? { last: watched.last } : {}),
      subject,
      ...(watched.pausedHookId ? { pausedHookId: watched.pausedHookId } : {}),
      ...(codeDeployId ? { codeDeployId } : {}),
      now: state.now,
      awsNow: state.serverTime.now(),
      ...restoredCount(o, service),
    }).catch((err: unknown) => ({ error: explainAwsError(err).message }));
    if ('error' in started) {
      const where = watched.last ? `; the service: ${describeServiceState(watched.last)}` : '';
      return finish({
        status: 'failed',
        cause,
        service,
        revs,
        rollbackProblem: `rollback to ${revisionName(previousArn)} could not start: ${started.error}${where}`,
      });
    }
    state.record('rollback', started.message, 'warning');
    noteRollback(state, started);
    const rollbackDeadline = state.now + o.timeoutSeconds * 1000;
    let back = await watch(state, {
      subject: started.subject,
      mode: 'rollback',
      deadline: rollbackDeadline,
      ...(codeDeployId ? { codeDeployId } : {}),
    });
    // Our own update landing late put the release back: roll back once more (it cannot land twice).
    const late = back.last?.primary;
    if (
      !back.ok &&
      !back.cancelled &&
      late &&
      late.taskDefinition === subject.taskDefinitionArn &&
      late.createdAt > started.subject.awsStartedAt
    ) {
      state.record(
        'rollback',
        `${back.cause?.summary ?? 'the release came back'}: rolling back again`,
        'warning',
      );
      const again = await startRollback({
        clients,
        cluster: o.cluster,
        service: o.service,
        strategy: state.strategy,
        previousArn,
        last: back.last!,
        subject,
        now: state.now,
        awsNow: state.serverTime.now(),
        ...restoredCount(o, service),
      }).catch(() => undefined);
      if (again) {
        state.record('rollback', again.message, 'warning');
        back = await watch(state, { subject: again.subject, mode: 'rollback', deadline: rollbackDeadline });
      }
    }
    if (back.cancelled) {
      const c = { phase: 'rollback' as const, subject, watched: back, service, revs };
      return finish(await afterCancel(state, { ...c, failure: cause, rollback: started }));
    }
    if (back.ok) {
      state.record('rollback', `rolled back: ${revisionName(previousArn)} serves again`);
      return finish({ status: 'rolled-back', cause, service, revs, rolledBackBy: started.by });
    }
    const where = back.last
      ? describeServiceState(back.last)
      : ((await describeServiceNow(clients, o.cluster, o.service)) ?? started.serviceAfter ?? 'unknown');
    return finish({
      status: 'failed',
      cause,
      service,
      revs,
      rolledBackBy: started.by,
      rollbackProblem: `rollback to ${revisionName(previousArn)} failed too (${back.cause?.summary ?? 'unknown'}); the service now: ${where}`,
    });
  }

  /**
   * Stop the in-flight service deployment with ROLLBACK and wait until ECS has put the target back; the
   * caller then checks it with every gate. Returns the end of the run when that did not happen.
   */
  private async stopInFlight(
    serviceDeploymentArn: string,
    what: string,
    targetArn: string,
  ): Promise<Omit<DeployEnd, 'service' | 'revs'> | undefined> {
    const { state } = this;
    const { o } = state;
    const cancelled = cancelledBeforeChange(state, 'preparing the rollback');
    if (cancelled) return { status: 'failed', cause: cancelled };
    await state.deps.clients.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn, stopType: 'ROLLBACK' }),
    );
    state.shipped = targetArn;
    state.deploymentId = serviceDeploymentArn;
    state.record(
      'rollback',
      `stopped the in-flight deployment (${what}) with ECS's rollback: it puts ${revisionName(targetArn)} back`,
      'warning',
    );
    const back = await watch(state, {
      subject: {
        kind: 'rollback',
        taskDefinitionArn: targetArn,
        serviceDeploymentArn,
        startedAt: state.now,
        awsStartedAt: state.serverTime.now(),
      },
      mode: 'rollback',
      deadline: state.deadline,
    });
    if (back.ok) return undefined;
    const where = back.last
      ? describeServiceState(back.last)
      : ((await describeServiceNow(state.deps.clients, o.cluster, o.service)) ?? 'unknown');
    return {
      status: 'failed',
      cause: back.cause ?? { gate: 'rollout', summary: 'ECS did not finish its rollback' },
      rollbackProblem: back.cancelled
        ? `the workflow was cancelled; ECS goes on with its rollback to ${revisionName(targetArn)}; the service: ${where}`
        : `ECS's rollback to ${revisionName(targetArn)} did not finish; the service: ${where}`,
    };
  }

  /** Alarms named by the user must exist; one already in ALARM is reported before anything changes. */
  private async checkAlarmsBeforehand(): Promise<FailureCause | undefined> {
    const { o } = this.state;
    if (!o.alarms.length) return undefined;
    const alarms = await describeAlarms(this.state.deps.clients, o.alarms);
    const missing = o.alarms.filter((name) => !alarms.some((a) => a.name === name));
    if (missing.length) {
      throw new UserError(
        'alarms',
        `no CloudWatch alarm named ${missing.map((m) => `"${m}"`).join(', ')} in ${o.region}`,
        'give the names of existing alarms (metric or composite)',
      );
    }
    const firing = alarms.filter((a) => a.state === 'ALARM');
    if (!firing.length) return undefined;
    const names = firing.map((a) => a.name).join(', ');
    if (o.alarmsPreexisting === 'wait') {
      this.state.clearingAlarms = new Set(firing.map((a) => a.name));
      this.state.record(
        'alarm',
        `alarm ${names} already in ALARM: it must clear before the service is called healthy (alarms-preexisting: wait)`,
        'warning',
      );
      return undefined;
    }
    if (o.alarmsPreexisting === 'ignore') {
      this.state.ignoredAlarms = new Set(firing.map((a) => a.name));
      this.state.record(
        'alarm',
        `alarm ${names} already in ALARM before the deploy: ignored (alarms-preexisting: ignore)`,
        'warning',
      );
      return undefined;
    }
    this.state.record(
      'alarm',
      `alarm ${names} already in ALARM before the deploy: nothing was changed`,
      'warning',
    );
    return {
      gate: 'alarms',
      summary: `alarm ${firing[0]!.name} was already in ALARM before the deploy${firing[0]!.reason ? ` (${firing[0]!.reason})` : ''}; nothing was changed (set alarms-preexisting: ignore to deploy anyway)`,
      alarmName: firing[0]!.name,
    };
  }

  /**
   * Wait until no earlier deployment is in flight and no other run holds the service's mark, then mark it
   * for this run; on-busy: fail refuses at once instead, naming what it found. A dry run takes no mark.
   */
  private async waitUntilIdle(
    service: Service,
    revision: string,
  ): Promise<{ service: Service; cause?: FailureCause }> {
    const { state } = this;
    const { o } = state;
    let current = service;
    let waitingFor: string | undefined;
    for (;;) {
      const holder = state.lock
        ? await state.lock.holder().catch((err: unknown) => this.noLock(err))
        : undefined;
      // A rollback stops an in-flight deployment instead of waiting for it; another run's mark it waits for.
      const busy = holder
        ? `it is being deployed by ${describeMark(holder, state.serverTime.now())}`
        : o.rollbackOf
          ? undefined
          : busyWith(current);
      if (!busy) {
        // Cancelled already: mark nothing, change nothing.
        const cancelled = cancelledBeforeChange(state, 'preparing the deploy');
        if (cancelled) return { service: current, cause: cancelled };
        if (!state.lock) break;
        const got = await state.lock.acquire(revision);
        if (got.held) {
          // Saved for the post step: a killed run's mark is removed there instead of waiting to expire.
          state.deps.progress?.({ serviceArn: current.serviceArn, lockToken: state.lock.token });
          if (got.tookOverFrom)
            state.record(
              'info',
              `the mark left by ${got.tookOverFrom.run} (shipping ${got.tookOverFrom.revision}) had expired: it crashed or was killed; taking over`,
              'warning',
            );
          break;
        }
        if ('unavailable' in got) {
          this.noLock(got.unavailable);
          break;
        }
        continue; // Another run marked it at the same moment and won: the next round names it.
      }
      if (o.onBusy === 'fail') {
        throw new UserError(
          'on-busy',
          `service ${o.service} is busy: ${busy}; nothing was changed`,
          'run again when it finishes, or set on-busy: wait',
        );
      }
      const key = holder?.token ?? busy;
      if (waitingFor !== key) {
        waitingFor = key;
        state.record(
          'info',
          `service ${o.service} is busy: ${busy}; waiting for it to finish (on-busy: wait)`,
        );
      }
      if (state.now >= state.deadline) {
        return {
          service: current,
          cause: {
            gate: 'timeout',
            summary: `timed out after ${duration(o.timeoutSeconds)} waiting: ${busy}; nothing was changed`,
          },
        };
      }
      await state.deps.clock.sleep(
        Math.min(o.pollIntervalSeconds * 1000, state.deadline - state.now),
        state.deps.signal,
      );
      const cancelled = cancelledBeforeChange(state, `waiting for the service (${busy})`);
      if (cancelled) return { service: current, cause: cancelled };
      current = await resolveService(state.deps.clients, o.cluster, o.service, o.region);
    }
    if (waitingFor)
      state.record('info', `the service is free; it runs ${revisionName(currentRevision(current))}`);
    return { service: current };
  }

  /** The service cannot carry this run's mark: say what that costs, and go on with the other guards. */
  private noLock(why: unknown): undefined {
    const { state } = this;
    if (!state.lock) return undefined;
    state.lock = undefined;
    state.record(
      'info',
      `could not mark service ${state.o.service} for this run (${why instanceof Error ? why.message : String(why)}): a concurrent deploy from another workflow would not see this one; keep a GitHub concurrency group per service`,
      'warning',
    );
    return undefined;
  }

  private async updateService(service: Service, taskDefinition: string, subject: Subject): Promise<void> {
    const { o } = this.state;
    const configured = service.deploymentConfiguration?.strategy ?? 'ROLLING';
    const out = await this.state.deps.clients.ecs.send(
      new UpdateServiceCommand({
        cluster: o.cluster,
        service: o.service,
        taskDefinition,
        ...(o.desiredCount !== undefined ? { desiredCount: o.desiredCount } : {}),
        ...(o.forceNewDeployment ? { forceNewDeployment: true } : {}),
        ...(configured !== this.state.strategy || o.linear || o.canary
          ? {
              deploymentConfiguration: {
                ...service.deploymentConfiguration,
                strategy: this.state.strategy as 'ROLLING',
                ...(o.linear ? { linearConfiguration: o.linear } : {}),
                ...(o.canary ? { canaryConfiguration: o.canary } : {}),
              },
            }
          : {}),
      }),
    );
    const updated = out.service;
    const ours = (updated?.deployments ?? [])
      .filter((d) => d.taskDefinition === taskDefinition && d.status === 'PRIMARY')
      .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
    if (ours?.id) subject.deploymentId = ours.id;
    // The deployment's own creation time is AWS's clock at the update: better than any estimate.
    if (ours?.createdAt) subject.awsStartedAt = ours.createdAt.getTime();
    if (
      updated?.currentServiceDeployment &&
      updated.currentServiceDeployment !== service.currentServiceDeployment
    ) {
      subject.serviceDeploymentArn = updated.currentServiceDeployment;
    }
    this.state.deploymentId = subject.serviceDeploymentArn ?? subject.deploymentId;
    this.state.shipped = taskDefinition;
    this.state.record(
      'deployment',
      `updated service ${o.service} to ${revisionName(taskDefinition)}${o.desiredCount !== undefined ? `, desired count ${o.desiredCount}` : ''}${subject.deploymentId ? ` (deployment ${subject.deploymentId})` : ''}`,
    );
  }

  private async startCodeDeploy(service: Service, taskDefinition: string): Promise<string> {
    const { o } = this.state;
    const application = o.codeDeploy?.application || `AppECS-${o.cluster}-${o.service}`;
    const group = o.codeDeploy?.deploymentGroup || `DgpECS-${o.cluster}-${o.service}`;
    const appSpec = o.codeDeploy?.appSpecPath
      ? await readAppSpec(o.codeDeploy.appSpecPath, o.fileRoots)
      : undefined;
    const id = await createCodeDeployment(
      this.state.deps.clients,
      application,
      group,
      appSpecContent(appSpec, service, taskDefinition),
    );
    this.state.record(
      'deployment',
      `created CodeDeploy deployment ${id} (${application} / ${group}) for ${revisionName(taskDefinition)}`,
    );
    return id;
  }
}

/**
 * Settings that only make sense with some strategies, checked before anything changes: a test URL needs
 * a PAUSE hook that holds green with test traffic only (otherwise the test would be skipped, or run after
 * production traffic moved), and step or canary settings need their strategy.
 */
function checkStrategySettings(o: DeployOptions, strategy: string, service: Service): void {
  if (o.linear && strategy !== 'LINEAR') {
    throw new UserError(
      'step-percent',
      `applies to strategy LINEAR, and this deploy uses ${strategy}`,
      'set strategy: LINEAR, or leave step-percent and step-bake-time out',
    );
  }
  if (o.canary && strategy !== 'CANARY') {
    throw new UserError(
      'canary-percent',
      `applies to strategy CANARY, and this deploy uses ${strategy}`,
      'set strategy: CANARY, or leave canary-percent and canary-bake-time out',
    );
  }
  const configured = service.deploymentConfiguration;
  if (strategy === 'LINEAR' && !o.linear && !configured?.linearConfiguration) {
    throw new UserError(
      'step-percent',
      `service ${o.service} has no linearConfiguration and none was given`,
      'set step-percent (e.g. 25) and step-bake-time (e.g. 2m)',
    );
  }
  if (strategy === 'CANARY' && !o.canary && !configured?.canaryConfiguration) {
    throw new UserError(
      'canary-percent',
      `service ${o.service} has no canaryConfiguration and none was given`,
      'set canary-percent (e.g. 10) and canary-bake-time (e.g. 5m)',
    );
  }
  if (!o.testCheck) return;
  if (!STAGED.has(strategy as 'BLUE_GREEN')) {
    throw new UserError(
      'test-url',
      `is checked while green takes test traffic only, and strategy ${strategy} has no test traffic`,
      'use strategy BLUE_GREEN, LINEAR or CANARY with a test listener rule, or leave test-url out',
    );
  }
  const holds = (configured?.lifecycleHooks ?? []).some(
    (h) => h.targetType === 'PAUSE' && (h.lifecycleStages ?? []).some((s) => TEST_HOOK_STAGES.includes(s)),
  );
  if (!holds) {
    throw new UserError(
      'test-url',
      `service ${o.service} has no PAUSE lifecycle hook at ${TEST_HOOK_STAGES.join(' or ')}, so production traffic would move before test-url is checked; nothing was changed`,
      'add a hook to the service\'s deploymentConfiguration.lifecycleHooks: { "targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"] }, or leave test-url out',
    );
  }
}
