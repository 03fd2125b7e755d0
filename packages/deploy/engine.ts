/**
 * The deploy engine: resolve the service, settle the revision, update, watch with gates, and on failure
 * roll back and watch that too. A deploy never ends with production broken and the step green: success
 * needs the new revision serving, every gate passing and the bake time over.
 */
import {
  ContinueServiceDeploymentCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { explainAwsError } from '../aws/index.js';
import type {
  DeploymentReport,
  DeploymentStatus,
  FailureCause,
  GateResult,
  StrategyName,
  TimelineEntry,
} from '../deploy-report/index.js';
import { UserError } from '../inputs/index.js';
import {
  diffTaskDefinitions,
  loadTaskDefinitionFile,
  sameContent,
  type Tag,
  type TaskDefinitionChange,
} from '../task-definition/index.js';
import { appSpecContent, createCodeDeployment, readAppSpec, readCodeDeployment } from './codedeploy.js';
import { describeChanges } from './changes.js';
import { alarmsGate } from './gates/alarms.js';
import { codeDeployGate } from './gates/codedeploy.js';
import { httpGate, type HttpProbe } from './gates/http.js';
import { rolloutGate } from './gates/rollout.js';
import { targetHealthGate } from './gates/target-health.js';
import { tasksGate } from './gates/tasks.js';
import { attachLogTail, streamName } from './logs.js';
import {
  pass,
  revisionName,
  type GateContext,
  type Observation,
  type Subject,
  type Verdict,
} from './observation.js';
import { describeAlarms, Observer, type Round } from './observe.js';
import type { DeployDeps, DeployOptions, HttpCheckOptions } from './options.js';
import { Poller } from './poller.js';
import { busyWith, resolveService, resolveStrategy } from './resolve.js';
import { refOf, revisionInfo, type RevisionInfo } from './revision.js';
import { startRollback, describeServiceState } from './rollback.js';
import { ServerTime } from './server-time.js';
import { deploySummary } from './summary.js';
import { writeReport } from './report-file.js';

export type DeployOutcome = Exclude<DeploymentStatus, 'in-progress'>;

export interface DeployResult {
  status: DeployOutcome;
  /** One line: what happened, cause first when it failed. */
  message: string;
  report: DeploymentReport;
  /** Where the JSON report was written, when a report directory was given. */
  reportPath?: string;
  /** Job-summary markdown. */
  summary: string;
}

type Mode = 'deploy' | 'rollback';

interface NamedGate {
  name: string;
  judge: (obs: Observation, ctx: GateContext) => Verdict;
}

interface WatchResult {
  ok: boolean;
  cause?: FailureCause;
  last?: Observation;
  /** A PAUSE hook the failure happened at: the rollback answers it. */
  pausedHookId?: string;
}

interface Revisions {
  previous: RevisionInfo;
  previousTd: TaskDefinition;
  target?: RevisionInfo;
  /** A new revision was (or, in a dry run, would be) registered. */
  registered: boolean;
  changes: TaskDefinitionChange[];
}

export async function deploy(options: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  return new DeployRun(options, deps).run();
}

const STAGED: ReadonlySet<StrategyName> = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY']);

class DeployRun {
  private readonly timeline: TimelineEntry[] = [];
  private readonly gates = new Map<string, GateResult>();
  private readonly revisions = new Map<string, RevisionInfo>();
  private readonly serverTime: ServerTime;
  private readonly startedAt: number;
  private readonly deadline: number;
  private ignoredAlarms = new Set<string>();
  private strategy: StrategyName = 'ROLLING';
  private deploymentId?: string;
  private readonly releaseTasks = new Set<string>();
  private previousArn?: string;

  constructor(
    private readonly o: DeployOptions,
    private readonly deps: DeployDeps,
  ) {
    this.serverTime = new ServerTime(() => deps.clock.now());
    this.serverTime.track(deps.clients.ecs);
    this.serverTime.track(deps.clients.elbv2);
    this.startedAt = deps.clock.now();
    this.deadline = this.startedAt + o.timeoutSeconds * 1000;
  }

  private get log() {
    return this.deps.log;
  }

  private get now(): number {
    return this.deps.clock.now();
  }

  /** A state change: one log line and one timeline entry. */
  private record(kind: string, message: string, level: 'info' | 'warning' = 'info'): void {
    this.timeline.push({ at: new Date(this.now).toISOString(), kind, message });
    this.log[level](message);
  }

  async run(): Promise<DeployResult> {
    const { o } = this;
    const { clients } = this.deps;
    let service = await resolveService(clients, o.cluster, o.service, o.region);
    this.strategy = resolveStrategy(o.strategy, service);
    this.log.info(
      `deploying to service ${o.service} in cluster ${o.cluster} (${o.region}), strategy ${this.strategy}`,
    );

    const preexisting = await this.checkAlarmsBeforehand();
    const busy = await this.waitUntilIdle(service);
    if (busy.cause)
      return this.finish({ status: 'failed', cause: preexisting ?? busy.cause, service: busy.service });
    service = busy.service;
    if (preexisting) return this.finish({ status: 'failed', cause: preexisting, service });

    const revs = await this.settleRevision(service);
    const previousArn = revs.previous.ref.arn;
    this.previousArn = previousArn;
    if (o.dryRun) return this.finish({ status: 'succeeded', service, revs });
    const target = revs.target!;

    // The subject's clock starts at the update; tasks and events from before it belong to earlier releases.
    const subject: Subject = {
      kind: 'deploy',
      taskDefinitionArn: target.ref.arn,
      startedAt: this.now,
      awsStartedAt: this.serverTime.now(),
    };
    const nothingChanges =
      target.ref.arn === previousArn &&
      !o.forceNewDeployment &&
      (o.desiredCount === undefined || o.desiredCount === service.desiredCount);
    let codeDeployId: string | undefined;
    if (nothingChanges) {
      subject.kind = 'verify';
      this.record(
        'info',
        `service already runs ${revisionName(previousArn)}: nothing to update, checking it is healthy`,
      );
    } else if (this.strategy === 'CODE_DEPLOY') {
      codeDeployId = await this.startCodeDeploy(service, target.ref.arn);
      this.deploymentId = codeDeployId;
      subject.deploymentId = codeDeployId;
    } else {
      await this.updateService(service, target.ref.arn, subject);
    }

    const watched = await this.watch(
      subject,
      'deploy',
      this.deadline,
      service.currentServiceDeployment,
      codeDeployId,
    );
    if (watched.ok) return this.finish({ status: 'succeeded', service, revs });
    const cause = watched.cause!;
    this.record('gate', `deploy failed: ${cause.summary}`, 'warning');
    if (subject.kind === 'verify' || o.rollback === 'none') {
      const state = watched.last ? describeServiceState(watched.last) : 'unknown';
      const why = subject.kind === 'verify' ? 'nothing was changed' : 'rollback is off';
      return this.finish({
        status: 'failed',
        cause,
        service,
        revs,
        rollbackProblem: `${why}; the service was left as it is: ${state}`,
      });
    }

    const started = await startRollback({
      clients,
      cluster: o.cluster,
      service: o.service,
      strategy: this.strategy,
      previousArn,
      ...(watched.last ? { last: watched.last } : {}),
      subject,
      ...(watched.pausedHookId ? { pausedHookId: watched.pausedHookId } : {}),
      ...(codeDeployId ? { codeDeployId } : {}),
      now: this.now,
      awsNow: this.serverTime.now(),
    }).catch((err: unknown) => ({ error: explainAwsError(err).message }));
    if ('error' in started) {
      const state = watched.last ? `; the service: ${describeServiceState(watched.last)}` : '';
      return this.finish({
        status: 'failed',
        cause,
        service,
        revs,
        rollbackProblem: `rollback to ${revisionName(previousArn)} could not start: ${started.error}${state}`,
      });
    }
    this.record('rollback', started.message, 'warning');
    const rollbackDeadline = this.now + o.timeoutSeconds * 1000;
    const back = await this.watch(started.subject, 'rollback', rollbackDeadline, undefined, codeDeployId);
    if (back.ok) {
      this.record('rollback', `rolled back: ${revisionName(previousArn)} serves again`);
      return this.finish({ status: 'rolled-back', cause, service, revs, rolledBackBy: started.by });
    }
    const state = back.last ? describeServiceState(back.last) : 'unknown';
    return this.finish({
      status: 'failed',
      cause,
      service,
      revs,
      rolledBackBy: started.by,
      rollbackProblem: `rollback to ${revisionName(previousArn)} failed too (${back.cause?.summary ?? 'unknown'}); the service now: ${state}`,
    });
  }

  /** Alarms named by the user must exist; one already in ALARM is reported before anything changes. */
  private async checkAlarmsBeforehand(): Promise<FailureCause | undefined> {
    const { o } = this;
    if (!o.alarms.length) return undefined;
    const alarms = await describeAlarms(this.deps.clients, o.alarms);
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
      this.ignoredAlarms = new Set(firing.map((a) => a.name));
      this.record(
        'alarm',
        `alarm ${names} already in ALARM before the deploy: ignored (alarms-preexisting: ignore)`,
        'warning',
      );
      return undefined;
    }
    this.record('alarm', `alarm ${names} already in ALARM before the deploy: nothing was changed`, 'warning');
    return {
      gate: 'alarms',
      summary: `alarm ${firing[0]!.name} was already in ALARM before the deploy${firing[0]!.reason ? ` (${firing[0]!.reason})` : ''}; nothing was changed (set alarms-preexisting: ignore to deploy anyway)`,
      alarmName: firing[0]!.name,
    };
  }

  /** on-busy: wait for an earlier deployment to finish (within the timeout) or fail at once. */
  private async waitUntilIdle(service: Service): Promise<{ service: Service; cause?: FailureCause }> {
    const { o } = this;
    let busy = busyWith(service);
    if (!busy) return { service };
    if (o.onBusy === 'fail') {
      throw new UserError(
        'on-busy',
        `service ${o.service} is busy: ${busy}; nothing was changed`,
        'run again when it finishes, or set on-busy: wait',
      );
    }
    this.record('info', `service ${o.service} is busy: ${busy}; waiting for it to finish (on-busy: wait)`);
    let current = service;
    while (busy) {
      if (this.now >= this.deadline) {
        return {
          service: current,
          cause: {
            gate: 'timeout',
            summary: `timed out after ${duration(o.timeoutSeconds)} waiting for the deployment in progress (${busy}); nothing was changed`,
          },
        };
      }
      await this.deps.clock.sleep(Math.min(o.pollIntervalSeconds * 1000, this.deadline - this.now));
      current = await resolveService(this.deps.clients, o.cluster, o.service, o.region);
      busy = busyWith(current);
    }
    this.record(
      'info',
      `the earlier deployment finished; service runs ${revisionName(current.taskDefinition)}`,
    );
    return { service: current };
  }

  private async describeRevision(ref: string, input?: string): Promise<{ td: TaskDefinition; tags: Tag[] }> {
    try {
      const out = await this.deps.clients.ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: ref, include: ['TAGS'] }),
      );
      if (!out.taskDefinition) throw new Error(`DescribeTaskDefinition returned nothing for ${ref}`);
      const info = revisionInfo(out.taskDefinition, this.o.region);
      this.revisions.set(info.ref.arn, info);
      return {
        td: out.taskDefinition,
        tags: (out.tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' })),
      };
    } catch (err) {
      // ECS answers an unknown family or revision with a ClientException.
      if (input && err instanceof Error && err.name === 'ClientException') {
        throw new UserError(
          input,
          `ECS has no task definition ${ref} in ${this.o.region} (${err.message})`,
          'give an existing family, family:revision or ARN, or the path of a task-definition file',
        );
      }
      throw err;
    }
  }

  /** The family's latest ACTIVE revision (DescribeTaskDefinition of a bare family); none for a new family. */
  private async latestRevision(family: string): Promise<TaskDefinition | undefined> {
    try {
      return (await this.describeRevision(family)).td;
    } catch (err) {
      if (err instanceof Error && err.name === 'ClientException') return undefined;
      throw err;
    }
  }

  /**
   * The revision to deploy: an existing one; for a file, the service's own or the family's latest ACTIVE revision
   * when its content is identical, else a new one. The previous revision (the rollback target) is the service's.
   */
  private async settleRevision(service: Service): Promise<Revisions> {
    const { o } = this;
    const previousArn = currentRevision(service);
    const previous = await this.describeRevision(previousArn);
    const previousInfo = this.revisions.get(previous.td.taskDefinitionArn ?? previousArn)!;
    const base = { previous: previousInfo, previousTd: previous.td };
    if (o.taskDefinition.kind === 'revision') {
      const chosen = await this.describeRevision(o.taskDefinition.ref, 'task-definition');
      const info = this.revisions.get(chosen.td.taskDefinitionArn!)!;
      this.record(
        'info',
        `deploying existing revision ${revisionName(info.ref.arn)} (previous: ${revisionName(previousArn)})`,
      );
      return {
        ...base,
        target: info,
        registered: false,
        changes: diffTaskDefinitions(previous.td, chosen.td),
      };
    }
    const file = await loadTaskDefinitionFile(o.taskDefinition.path, 'task-definition');
    const changes = diffTaskDefinitions(previous.td, file.taskDefinition);
    if (sameContent(previous.td, file.taskDefinition, { ignoreTags: true })) {
      this.record(
        'info',
        `task definition is identical to the running ${revisionName(previousArn)}: reusing it, no new revision`,
      );
      return { ...base, target: previousInfo, registered: false, changes };
    }
    // run-task (a migration before the deploy) may already have registered this very file.
    const latest = await this.latestRevision(file.taskDefinition.family!);
    if (
      latest?.taskDefinitionArn &&
      latest.taskDefinitionArn !== previous.td.taskDefinitionArn &&
      sameContent(latest, file.taskDefinition, { ignoreTags: true })
    ) {
      this.record(
        'info',
        `reusing ${revisionName(latest.taskDefinitionArn)}, identical to the file (previous: ${revisionName(previousArn)})`,
      );
      return { ...base, target: this.revisions.get(latest.taskDefinitionArn)!, registered: false, changes };
    }
    const tags = mergeTags(file.tags, o.tags);
    if (o.dryRun) {
      this.log.info(
        `dry run: would register a new revision of ${file.taskDefinition.family} (${changes.length} change(s))`,
      );
      return { ...base, registered: true, changes };
    }
    const out = await this.deps.clients.ecs.send(
      new RegisterTaskDefinitionCommand({ ...file.taskDefinition, ...(tags.length ? { tags } : {}) }),
    );
    const td = out.taskDefinition;
    if (!td?.taskDefinitionArn) throw new Error('RegisterTaskDefinition returned no task definition');
    const info = revisionInfo(td, o.region);
    this.revisions.set(info.ref.arn, info);
    this.record('info', `registered ${revisionName(info.ref.arn)} (previous: ${revisionName(previousArn)})`);
    return { ...base, target: info, registered: true, changes };
  }

  private async updateService(service: Service, taskDefinition: string, subject: Subject): Promise<void> {
    const { o } = this;
    const configured = service.deploymentConfiguration?.strategy ?? 'ROLLING';
    const out = await this.deps.clients.ecs.send(
      new UpdateServiceCommand({
        cluster: o.cluster,
        service: o.service,
        taskDefinition,
        ...(o.desiredCount !== undefined ? { desiredCount: o.desiredCount } : {}),
        ...(o.forceNewDeployment ? { forceNewDeployment: true } : {}),
        ...(configured !== this.strategy
          ? {
              deploymentConfiguration: {
                ...service.deploymentConfiguration,
                strategy: this.strategy as 'ROLLING',
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
    this.deploymentId = subject.serviceDeploymentArn ?? subject.deploymentId;
    this.record(
      'deployment',
      `updated service ${o.service} to ${revisionName(taskDefinition)}${o.desiredCount !== undefined ? `, desired count ${o.desiredCount}` : ''}${subject.deploymentId ? ` (deployment ${subject.deploymentId})` : ''}`,
    );
  }

  private async startCodeDeploy(service: Service, taskDefinition: string): Promise<string> {
    const { o } = this;
    const application = o.codeDeploy?.application || `AppECS-${o.cluster}-${o.service}`;
    const group = o.codeDeploy?.deploymentGroup || `DgpECS-${o.cluster}-${o.service}`;
    const appSpec = o.codeDeploy?.appSpecPath ? await readAppSpec(o.codeDeploy.appSpecPath) : undefined;
    const id = await createCodeDeployment(
      this.deps.clients,
      application,
      group,
      appSpecContent(appSpec, service, taskDefinition),
    );
    this.record(
      'deployment',
      `created CodeDeploy deployment ${id} (${application} / ${group}) for ${revisionName(taskDefinition)}`,
    );
    return id;
  }

  private gatesFor(mode: Mode, subject: Subject): NamedGate[] {
    const gates: NamedGate[] = [];
    const codeDeploy = this.strategy === 'CODE_DEPLOY';
    const byCodeDeploy = codeDeploy && mode === 'deploy' && subject.kind === 'deploy';
    if (byCodeDeploy) {
      // Task sets come and go under CodeDeploy: only the release's failures are judged here.
      gates.push({ name: 'tasks', judge: (obs, ctx) => failuresOnly(tasksGate(obs, ctx)) });
    } else {
      gates.push({ name: 'tasks', judge: tasksGate });
      if (!codeDeploy) gates.push({ name: 'target-health', judge: targetHealthGate });
    }
    // The alarm that failed a release rarely clears within a rollback: it does not hold the rollback.
    if (mode === 'deploy' && this.o.alarms.length) gates.push({ name: 'alarms', judge: alarmsGate });
    // Last: when ECS (or CodeDeploy) gave up because tasks failed, the task's own failure is the better cause.
    gates.push(
      byCodeDeploy ? { name: 'codedeploy', judge: codeDeployGate } : { name: 'rollout', judge: rolloutGate },
    );
    return gates;
  }

  private gateName(mode: Mode, name: string): string {
    return mode === 'rollback' ? `rollback ${name}` : name;
  }

  /** Keep the gate's latest result; log it when its status changes. */
  private setGate(mode: Mode, name: string, verdict: Verdict): void {
    const key = this.gateName(mode, name);
    const status = verdict.status === 'pass' ? 'passed' : verdict.status === 'fail' ? 'failed' : 'waiting';
    const detail = verdict.status === 'fail' ? verdict.cause.summary : verdict.detail;
    const before = this.gates.get(key);
    this.gates.set(key, { name: key, status, ...(detail ? { detail } : {}) });
    if (before?.status !== status && status !== 'waiting') {
      this.record(
        'gate',
        `gate ${key} ${status}${detail ? `: ${detail}` : ''}`,
        status === 'failed' ? 'warning' : 'info',
      );
    } else if (before?.detail !== detail && detail) {
      this.log.debug(`gate ${key} ${status}: ${detail}`);
    }
  }

  private async watch(
    subject: Subject,
    mode: Mode,
    deadline: number,
    priorServiceDeploymentArn: string | undefined,
    codeDeployId: string | undefined,
  ): Promise<WatchResult> {
    const { o, deps } = this;
    const observer = new Observer(
      deps.clients,
      {
        cluster: o.cluster,
        service: o.service,
        subject,
        ...(subject.kind === 'deploy' && this.previousArn
          ? { previousTaskDefinitionArn: this.previousArn }
          : {}),
        ...(priorServiceDeploymentArn ? { priorServiceDeploymentArn } : {}),
        stagedStrategy: STAGED.has(this.strategy),
        alarms: mode === 'deploy' ? o.alarms : [],
        revision: (arn) => this.revisions.get(arn),
        awsTime: this.serverTime,
        ...(codeDeployId && mode === 'deploy'
          ? { codeDeploy: () => readCodeDeployment(deps.clients, codeDeployId) }
          : {}),
      },
      () => deps.clock.now(),
    );
    const poller = new Poller(o.pollIntervalSeconds * 1000);
    const gates = this.gatesFor(mode, subject);
    const prefix = mode === 'rollback' ? 'rollback: ' : '';
    const handledHooks = new Set<string>();
    let httpPassed = !o.healthCheck;
    let bakeStartedAt: number | undefined;
    const bakeMs = mode === 'deploy' ? o.bakeTimeSeconds * 1000 : 0;
    let last: Observation | undefined;

    for (;;) {
      let round: Round;
      try {
        round = await observer.observe();
      } catch (err) {
        return {
          ok: false,
          cause: { gate: 'aws', summary: explainAwsError(err).message },
          ...(last ? { last } : {}),
        };
      }
      const obs = round.observation;
      for (const change of describeChanges(last, obs, {
        stages: STAGED.has(this.strategy),
        since: subject.awsStartedAt,
      })) {
        this.record(change.kind, prefix + change.message, change.bad ? 'warning' : 'info');
      }
      for (const event of obs.newEvents) this.log.info(`${prefix}ECS: ${event.message}`);
      if (mode === 'deploy') for (const t of obs.tasks) this.releaseTasks.add(t.arn);
      last = obs;

      const ctx: GateContext = {
        subject,
        now: this.now,
        maxTaskFailures: o.maxTaskFailures,
        ignoredAlarms: this.ignoredAlarms,
      };
      const verdicts = gates.map((g) => ({ name: g.name, verdict: g.judge(obs, ctx) }));
      for (const { name, verdict } of verdicts) this.setGate(mode, name, verdict);
      const failures = verdicts.flatMap((v) => (v.verdict.status === 'fail' ? [v.verdict.cause] : []));
      if (failures.length) {
        const cause = { ...failures[0]! };
        const ecs = failures.find((f, i) => i > 0 && f.gate === 'rollout' && failures[0]!.gate !== 'rollout');
        if (ecs) cause.summary += `; ${ecs.summary}`;
        return { ok: false, cause, last: obs };
      }

      // Blue/green paused before production traffic: test green, then let ECS go on or roll back.
      const sd = obs.serviceDeployment;
      const hook = sd?.awaitingHooks.find((h) => !handledHooks.has(h.hookId));
      if (mode === 'deploy' && sd && hook) {
        handledHooks.add(hook.hookId);
        const cause = await this.testGreen(hook.stage ?? sd.lifecycleStage, deadline);
        if (cause) return { ok: false, cause, last: obs, pausedHookId: hook.hookId };
        await deps.clients.ecs.send(
          new ContinueServiceDeploymentCommand({
            serviceDeploymentArn: sd.arn,
            hookId: hook.hookId,
            action: 'CONTINUE',
          }),
        );
        this.record(
          'stage',
          `continued past ${hook.stage ?? sd.lifecycleStage ?? 'the hook'}: green passed its tests`,
        );
        continue;
      }

      const allPass = verdicts.every((v) => v.verdict.status === 'pass');
      if (allPass && !httpPassed && o.healthCheck) {
        const verdict = await this.httpChecks(o.healthCheck, this.gateName(mode, 'http'), deadline);
        if (verdict.status === 'fail') return { ok: false, cause: verdict.cause, last: obs };
        if (verdict.status === 'pass') {
          httpPassed = true;
          continue;
        }
      } else if (allPass) {
        if (bakeStartedAt === undefined) {
          bakeStartedAt = this.now;
          if (bakeMs > 0) this.record('gate', `all gates passed: baking for ${duration(o.bakeTimeSeconds)}`);
        }
        if (this.now - bakeStartedAt >= bakeMs) {
          if (bakeMs > 0)
            this.setGate(mode, 'bake-time', pass(`${duration(o.bakeTimeSeconds)} without a failure`));
          return { ok: true, last: obs };
        }
      } else if (bakeStartedAt !== undefined) {
        bakeStartedAt = undefined;
        this.record('gate', 'bake time interrupted: a gate is waiting again', 'warning');
      }

      if (this.now >= deadline) {
        const waiting = [...this.gates.values()].filter(
          (g) => g.status === 'waiting' && g.name.startsWith(prefix ? 'rollback ' : ''),
        );
        const what = waiting.map((g) => `${g.name}: ${g.detail ?? 'waiting'}`).join('; ');
        return {
          ok: false,
          cause: {
            gate: 'timeout',
            summary: `timed out after ${duration(o.timeoutSeconds)}${bakeStartedAt !== undefined ? ' during the bake time' : ''}${what ? ` (still waiting: ${what})` : ''}`,
          },
          last: obs,
        };
      }
      let delay = poller.next(this.now, round.changed, round.ecsReads);
      if (bakeStartedAt !== undefined) delay = Math.min(delay, bakeStartedAt + bakeMs - this.now);
      await deps.clock.sleep(Math.max(0, Math.min(delay, deadline - this.now)));
    }
  }

  /** The test gate at a paused hook: the test URL (through the test listener) and the alarms. */
  private async testGreen(stage: string | undefined, deadline: number): Promise<FailureCause | undefined> {
    const { o } = this;
    this.record('stage', `green takes test traffic only${stage ? ` (${stage})` : ''}: running the test gate`);
    if (o.testCheck) {
      const verdict = await this.httpChecks(o.testCheck, 'test-http', deadline);
      if (verdict.status === 'fail') return verdict.cause;
      if (verdict.status === 'wait') {
        return {
          gate: 'timeout',
          summary: `timed out after ${duration(o.timeoutSeconds)} in the test gate (${verdict.detail})`,
        };
      }
    }
    if (o.alarms.length) {
      const alarms = await describeAlarms(this.deps.clients, o.alarms);
      const verdict = alarmsGate({ alarms }, { ignoredAlarms: this.ignoredAlarms });
      this.setGate('deploy', 'alarms', verdict);
      if (verdict.status === 'fail') return verdict.cause;
    }
    return undefined;
  }

  /** Probe a URL until the HTTP gate passes or fails (or the deadline comes: then it is still waiting). */
  private async httpChecks(check: HttpCheckOptions, name: string, deadline: number): Promise<Verdict> {
    const probes: HttpProbe[] = [];
    const gate = name.endsWith('test-http') ? 'test-http' : 'http';
    const interval = new Poller(this.o.pollIntervalSeconds * 1000).quickMs;
    for (;;) {
      probes.push(await this.probe(check.url, deadline));
      const verdict = httpGate(probes, check, gate);
      this.setGate('deploy', name, verdict);
      if (verdict.status !== 'wait' || this.now >= deadline) return verdict;
      await this.deps.clock.sleep(Math.min(interval, deadline - this.now));
    }
  }

  private async probe(url: string, deadline: number): Promise<HttpProbe> {
    const at = this.now;
    try {
      const res = await this.deps.http(url, Math.max(1000, Math.min(10_000, deadline - at)));
      return { at, status: res.status, body: res.body };
    } catch (err) {
      return { at, error: err instanceof Error ? err.message : String(err) };
    }
  }

  private async finish(end: {
    status: DeployOutcome;
    cause?: FailureCause;
    service?: Service;
    revs?: Revisions;
    rollbackProblem?: string | undefined;
    rolledBackBy?: 'deploy' | 'ECS' | 'CodeDeploy';
  }): Promise<DeployResult> {
    const { o, deps } = this;
    const finishedAt = this.now;
    const revs = end.revs;
    const target = revs?.target;
    const previous = revs?.previous;
    if (end.cause?.taskArn) {
      const taskRevision =
        [...this.revisions.values()].find((r) => target && r.ref.arn === target.ref.arn) ?? target;
      const redactValues = [...(target?.environmentValues ?? []), ...(previous?.environmentValues ?? [])];
      await attachLogTail(deps.clients, end.cause, taskRevision, redactValues, this.log);
    }
    const logs = (target ?? previous)?.logs.map((l) => ({
      ...l,
      logStreams: l.streamPrefix
        ? [...this.releaseTasks].map((t) => streamName(l.streamPrefix!, l.container, t))
        : [],
    }));
    const report: DeploymentReport = {
      schemaVersion: 1,
      kind: 'deploy',
      status: end.status,
      region: o.region,
      cluster: o.cluster,
      service: o.service,
      strategy: this.strategy,
      // Before the revision is settled (e.g. a pre-existing alarm), the service's own revision is the subject.
      taskDefinition:
        target?.ref ??
        previous?.ref ??
        (end.service ? refOf(currentRevision(end.service)) : { arn: '', family: '', revision: 0 }),
      registered: revs?.registered ?? false,
      ...(previous
        ? { previousTaskDefinition: previous.ref }
        : end.service
          ? { previousTaskDefinition: refOf(currentRevision(end.service)) }
          : {}),
      ...(end.status === 'rolled-back' && previous ? { rolledBackTo: previous.ref } : {}),
      ...(end.rolledBackBy ? { rolledBackBy: end.rolledBackBy } : {}),
      images: target?.images ?? {},
      ...(o.git ? { git: o.git } : {}),
      ...(this.deploymentId ? { deploymentId: this.deploymentId } : {}),
      startedAt: new Date(this.startedAt).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
      durationSeconds: Math.round((finishedAt - this.startedAt) / 1000),
      timeline: this.timeline,
      gates: [...this.gates.values()],
      ...(end.cause ? { cause: end.cause } : {}),
      ...(end.rollbackProblem ? { rollbackProblem: end.rollbackProblem } : {}),
      logs: logs ?? [],
      alarms: o.alarms,
      ...(revs
        ? {
            changes: revs.changes.map((c) => ({
              container: c.container ?? 'task',
              field: c.field,
              kind: c.kind,
              ...(c.key !== undefined ? { key: c.key } : {}),
              ...(c.before !== undefined ? { before: c.before } : {}),
              ...(c.after !== undefined ? { after: c.after } : {}),
            })),
          }
        : {}),
      inputs: reportedInputs(o),
      ...(o.dryRun ? { dryRun: true } : {}),
    };
    const message = outcomeMessage(report);
    const summary = deploySummary(report, revs?.changes ?? []);
    const reportPath = deps.reportDir ? await writeReport(deps.reportDir, report) : undefined;
    return { status: end.status, message, report, summary, ...(reportPath ? { reportPath } : {}) };
  }
}

/** The revision a service runs now (for CodeDeploy services, the primary task set's). */
function currentRevision(service: Service): string {
  const arn =
    service.taskDefinition ??
    service.taskSets?.find((s) => s.status === 'PRIMARY')?.taskDefinition ??
    service.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition;
  if (!arn) throw new Error(`service ${service.serviceName} has no task definition`);
  return arn;
}

/** The file's tags, plus this run's traceability tags for keys the file does not set. */
function mergeTags(fileTags: readonly Tag[], runTags: readonly Tag[]): Tag[] {
  const keys = new Set(fileTags.map((t) => t.key));
  return [...fileTags, ...runTags.filter((t) => !keys.has(t.key))];
}

/** The options worth keeping with the report: what a reader needs to judge the outcome. */
function reportedInputs(o: DeployOptions): Record<string, string | number | boolean> {
  return {
    'task-definition': o.taskDefinition.kind === 'file' ? o.taskDefinition.path : o.taskDefinition.ref,
    strategy: o.strategy,
    'on-busy': o.onBusy,
    rollback: o.rollback,
    'timeout-seconds': o.timeoutSeconds,
    'bake-time-seconds': o.bakeTimeSeconds,
    'max-task-failures': o.maxTaskFailures,
    'alarms-preexisting': o.alarmsPreexisting,
    'force-new-deployment': o.forceNewDeployment,
    ...(o.desiredCount !== undefined ? { 'desired-count': o.desiredCount } : {}),
    ...(o.healthCheck
      ? { 'health-check-url': o.healthCheck.url, 'health-check-successes': o.healthCheck.successes }
      : {}),
    ...(o.testCheck ? { 'test-url': o.testCheck.url } : {}),
    'poll-interval-seconds': o.pollIntervalSeconds,
  };
}

function failuresOnly(verdict: Verdict): Verdict {
  return verdict.status === 'fail' ? verdict : pass(verdict.status === 'pass' ? verdict.detail : undefined);
}

export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].join('');
}

/** The step's one line: what shipped, or why not and where the service stands. */
export function outcomeMessage(report: DeploymentReport): string {
  const target = report.taskDefinition.arn ? revisionName(report.taskDefinition.arn) : 'the new revision';
  const previous = report.previousTaskDefinition
    ? revisionName(report.previousTaskDefinition.arn)
    : 'the previous revision';
  const cause = report.cause?.summary ?? 'unknown cause';
  const took = duration(report.durationSeconds ?? 0);
  switch (report.status) {
    case 'succeeded':
      if (report.dryRun)
        return `dry run: would deploy ${report.registered ? 'a new revision' : target} to ${report.cluster}/${report.service} (now ${previous}); nothing was changed`;
      return `deployed ${target} to ${report.cluster}/${report.service} in ${took}`;
    case 'rolled-back':
      return `rolled back to ${previous}${report.rolledBackBy && report.rolledBackBy !== 'deploy' ? ` (by ${report.rolledBackBy})` : ''}: ${cause}`;
    default:
      return `deploy of ${target} to ${report.cluster}/${report.service} failed: ${cause}${report.rollbackProblem ? `. ${report.rollbackProblem}` : ''}`;
  }
}
