/**
 * The deploy engine: resolve the service, settle the revision, update, watch with gates, and on failure
 * roll back and watch that too. A deploy never ends with production broken and the step green: success
 * needs the new revision serving, every gate asked for passed and the bake time over. The steps live in
 * their own files: settle.ts, watch.ts, report.ts, message.ts.
 */
import { type Service } from '@aws-sdk/client-ecs';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { explainAwsError } from '../aws/index.js';
import type { FailureCause } from '../deploy-report/index.js';
import { revisionName } from '../ecs/index.js';
import { UserError } from '../inputs/index.js';
import { appSpecContent, createCodeDeployment, readAppSpec } from './codedeploy.js';
import { duration } from './message.js';
import type { Subject } from './observation.js';
import { describeAlarms } from './observe.js';
import type { DeployDeps, DeployOptions } from './options.js';
import { finishDeploy, type DeployResult } from './report.js';
import { busyWith, resolveService, resolveStrategy } from './resolve.js';
import { describeServiceState, startRollback } from './rollback.js';
import { settleRevision } from './settle.js';
import { DeployState } from './state.js';
import { planGates, STAGED, TEST_HOOK_STAGES, watch } from './watch.js';

export async function deploy(options: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  return new DeployRun(new DeployState(options, deps)).run();
}

class DeployRun {
  constructor(private readonly state: DeployState) {}

  async run(): Promise<DeployResult> {
    const { state } = this;
    const { o } = state;
    const { clients } = state.deps;
    const finish = (end: Parameters<typeof finishDeploy>[1]) => finishDeploy(state, end);
    let service = await resolveService(clients, o.cluster, o.service, o.region);
    state.strategy = resolveStrategy(o.strategy, service);
    checkStrategySettings(o, state.strategy, service);
    state.log.info(
      `deploying to service ${o.service} in cluster ${o.cluster} (${o.region}), strategy ${state.strategy}`,
    );
    let required = planGates(state, service);

    const preexisting = await this.checkAlarmsBeforehand();
    const busy = await this.waitUntilIdle(service);
    if (busy.cause)
      return finish({ status: 'failed', cause: preexisting ?? busy.cause, service: busy.service });
    service = busy.service;
    if (preexisting) return finish({ status: 'failed', cause: preexisting, service });

    const revs = await settleRevision(state, service);
    const previousArn = revs.previous.ref.arn;
    state.previousArn = previousArn;
    if (o.dryRun) {
      for (const name of required)
        state.notApplicable(name, 'dry run: nothing was deployed, nothing checked');
      return finish({ status: 'succeeded', service, revs });
    }
    const target = revs.target!;

    // The subject's clock starts at the update; tasks and events from before it belong to earlier releases.
    const subject: Subject = {
      kind: 'deploy',
      taskDefinitionArn: target.ref.arn,
      startedAt: state.now,
      awsStartedAt: state.serverTime.now(),
    };
    const nothingChanges =
      target.ref.arn === previousArn &&
      !o.forceNewDeployment &&
      (o.desiredCount === undefined || o.desiredCount === service.desiredCount);
    let codeDeployId: string | undefined;
    if (nothingChanges) {
      subject.kind = 'verify';
      if (o.testCheck) {
        state.notApplicable('test-http', 'nothing was deployed: no new tasks took test traffic');
        required = required.filter((g) => g !== 'test-http');
      }
      state.record(
        'info',
        `service already runs ${revisionName(previousArn)}: nothing to update, checking it is healthy`,
      );
    } else if (state.strategy === 'CODE_DEPLOY') {
      codeDeployId = await this.startCodeDeploy(service, target.ref.arn);
      state.deploymentId = codeDeployId;
      subject.deploymentId = codeDeployId;
    } else {
      await this.updateService(service, target.ref.arn, subject);
    }

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
    const cause = watched.cause!;
    state.record('gate', `deploy failed: ${cause.summary}`, 'warning');
    if (subject.kind === 'verify' || o.rollback === 'none') {
      const where = watched.last ? describeServiceState(watched.last) : 'unknown';
      const why = subject.kind === 'verify' ? 'nothing was changed' : 'rollback is off';
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
    const back = await watch(state, {
      subject: started.subject,
      mode: 'rollback',
      deadline: state.now + o.timeoutSeconds * 1000,
      ...(codeDeployId ? { codeDeployId } : {}),
    });
    if (back.ok) {
      state.record('rollback', `rolled back: ${revisionName(previousArn)} serves again`);
      return finish({ status: 'rolled-back', cause, service, revs, rolledBackBy: started.by });
    }
    const where = back.last ? describeServiceState(back.last) : 'unknown';
    return finish({
      status: 'failed',
      cause,
      service,
      revs,
      rolledBackBy: started.by,
      rollbackProblem: `rollback to ${revisionName(previousArn)} failed too (${back.cause?.summary ?? 'unknown'}); the service now: ${where}`,
    });
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

  /** on-busy: wait for an earlier deployment to finish (within the timeout) or fail at once. */
  private async waitUntilIdle(service: Service): Promise<{ service: Service; cause?: FailureCause }> {
    const { o } = this.state;
    let busy = busyWith(service);
    if (!busy) return { service };
    if (o.onBusy === 'fail') {
      throw new UserError(
        'on-busy',
        `service ${o.service} is busy: ${busy}; nothing was changed`,
        'run again when it finishes, or set on-busy: wait',
      );
    }
    this.state.record(
      'info',
      `service ${o.service} is busy: ${busy}; waiting for it to finish (on-busy: wait)`,
    );
    let current = service;
    while (busy) {
      if (this.state.now >= this.state.deadline) {
        return {
          service: current,
          cause: {
            gate: 'timeout',
            summary: `timed out after ${duration(o.timeoutSeconds)} waiting for the deployment in progress (${busy}); nothing was changed`,
          },
        };
      }
      await this.state.deps.clock.sleep(
        Math.min(o.pollIntervalSeconds * 1000, this.state.deadline - this.state.now),
      );
      current = await resolveService(this.state.deps.clients, o.cluster, o.service, o.region);
      busy = busyWith(current);
    }
    this.state.record(
      'info',
      `the earlier deployment finished; service runs ${revisionName(current.taskDefinition)}`,
    );
    return { service: current };
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
