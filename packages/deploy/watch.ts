/**
 * Watching a release (or its rollback): poll observations, judge them with the gates, answer paused
 * lifecycle hooks after the test gate, probe the health URL, bake, and say why when it fails. A gate the
 * user asked for that never ran is a failure, never a pass.
 */
import { ContinueServiceDeploymentCommand, type Service } from '@aws-sdk/client-ecs';
import { explainAwsError } from '../aws/index.js';
import type { FailureCause, StrategyName } from '../deploy-report/index.js';
import { Poller } from '../ecs/index.js';
import { describeChanges } from './changes.js';
import { readCodeDeployment } from './codedeploy.js';
import { alarmsGate } from './gates/alarms.js';
import { codeDeployGate } from './gates/codedeploy.js';
import { httpGate, type HttpProbe } from './gates/http.js';
import { judgeMetricsInBake } from './gates/metrics.js';
import { rolloutGate } from './gates/rollout.js';
import { targetHealthGate } from './gates/target-health.js';
import { tasksGate } from './gates/tasks.js';
import { duration } from '../markdown/index.js';
import {
  pass,
  stagePosition,
  type GateContext,
  type Observation,
  type Subject,
  type Verdict,
} from './observation.js';
import { describeAlarms, Observer, type Round } from './observe.js';
import type { HttpCheckOptions } from './options.js';
import type { DeployState, Mode } from './state.js';

export const STAGED: ReadonlySet<StrategyName> = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY']);

/** Stages whose PAUSE hook holds green with test traffic only: where the test gate runs. */
export const TEST_HOOK_STAGES = ['POST_TEST_TRAFFIC_SHIFT', 'PRE_PRODUCTION_TRAFFIC_SHIFT'];

export interface WatchResult {
  ok: boolean;
  cause?: FailureCause;
  /** The workflow was cancelled (deps.signal): the watch stopped without judging; see cancel.ts. */
  cancelled?: boolean;
  last?: Observation;
  /** A PAUSE hook the failure happened at: the rollback answers it. */
  pausedHookId?: string;
}

interface NamedGate {
  name: string;
  judge: (obs: Observation, ctx: GateContext) => Verdict;
}

/**
 * List every gate of this deploy before anything changes: the ones that do not apply say why, and the
 * ones asked for are remembered so that success needs each of them passed.
 */
export function planGates(state: DeployState, service: Service): string[] {
  const { o } = state;
  const hasLb = (service.loadBalancers ?? []).some((lb) => lb.targetGroupArn);
  const codeDeploy = state.strategy === 'CODE_DEPLOY';
  const required = ['tasks', codeDeploy ? 'codedeploy' : 'rollout'];
  if (!codeDeploy) {
    if (hasLb) required.push('target-health');
    else state.notApplicable('target-health', `service ${o.service} has no load balancer`);
  }
  if (o.healthCheck) required.push('http');
  else state.notApplicable('http', 'no health-check-url given');
  if (o.testCheck) required.push('test-http');
  else
    state.notApplicable(
      'test-http',
      STAGED.has(state.strategy) ? 'no test-url given' : `no test traffic with strategy ${state.strategy}`,
    );
  if (o.alarms.length) required.push('alarms');
  else state.notApplicable('alarms', 'no alarms given');
  if (o.bakeTimeSeconds > 0) required.push('bake-time');
  else state.notApplicable('bake-time', 'bake-time is 0');
  return required;
}

/** The gates judged every round; http, test-http and bake run at their own moments. */
function gatesFor(state: DeployState, mode: Mode, subject: Subject): NamedGate[] {
  const gates: NamedGate[] = [];
  const codeDeploy = state.strategy === 'CODE_DEPLOY';
  const byCodeDeploy = codeDeploy && mode === 'deploy' && subject.kind === 'deploy';
  if (byCodeDeploy) {
    // Task sets come and go under CodeDeploy: only the release's failures are judged here.
    gates.push({ name: 'tasks', judge: (obs, ctx) => failuresOnly(tasksGate(obs, ctx)) });
  } else {
    gates.push({ name: 'tasks', judge: tasksGate });
    // Without a load balancer the gate stays listed as not applicable, never as passed.
    const noTargets = state.gates.get('target-health')?.status === 'not-applicable';
    if (!codeDeploy && !noTargets) gates.push({ name: 'target-health', judge: targetHealthGate });
  }
  // The alarm that failed a release rarely clears within a rollback: it does not hold the rollback.
  if (mode === 'deploy' && state.o.alarms.length) gates.push({ name: 'alarms', judge: alarmsGate });
  // Last: when ECS (or CodeDeploy) gave up because tasks failed, the task's own failure is the better cause.
  gates.push(
    byCodeDeploy ? { name: 'codedeploy', judge: codeDeployGate } : { name: 'rollout', judge: rolloutGate },
  );
  return gates;
}

function failuresOnly(verdict: Verdict): Verdict {
  return verdict.status === 'fail' ? verdict : pass(verdict.status === 'pass' ? verdict.detail : undefined);
}

export interface WatchRequest {
  subject: Subject;
  mode: Mode;
  deadline: number;
  /** The service deployment that was current before our update (not ours). */
  priorServiceDeploymentArn?: string;
  codeDeployId?: string;
  /** Gates that must have passed for success (deploy mode). */
  required?: readonly string[];
}

export async function watch(state: DeployState, req: WatchRequest): Promise<WatchResult> {
  const { o, deps } = state;
  const { subject, mode, deadline, codeDeployId } = req;
  const staged = STAGED.has(state.strategy);
  const observer = new Observer(
    deps.clients,
    {
      cluster: o.cluster,
      service: o.service,
      subject,
      ...(req.priorServiceDeploymentArn ? { priorServiceDeploymentArn: req.priorServiceDeploymentArn } : {}),
      stagedStrategy: staged,
      alarms: mode === 'deploy' ? o.alarms : [],
      revision: (arn) => state.revisions.info(arn),
      awsTime: state.serverTime,
      ...(codeDeployId && mode === 'deploy'
        ? { codeDeploy: () => readCodeDeployment(deps.clients, codeDeployId) }
        : {}),
      knownDrainDelay: async (group) => {
        const reads = await state.costReads;
        return reads?.group?.targetGroupArn === group ? reads.group.deregistrationDelaySeconds : undefined;
      },
    },
    () => deps.clock.now(),
  );
  const poller = new Poller(o.pollIntervalSeconds * 1000);
  const gates = gatesFor(state, mode, subject);
  const prefix = mode === 'rollback' ? 'rollback: ' : '';
  const handledHooks = new Set<string>();
  const testing = mode === 'deploy' && subject.kind === 'deploy' && o.testCheck !== undefined;
  let tested = false;
  let httpPassed = !o.healthCheck;
  let bakeStartedAt: number | undefined;
  const bakeMs = mode === 'deploy' ? o.bakeTimeSeconds * 1000 : 0;
  let last: Observation | undefined;
  let historyNoted = false;
  const knownRevisions = new Set(
    [subject.taskDefinitionArn, state.previousArn, state.targetArn].filter((a): a is string => !!a),
  );

  // Set when a success is near and alarms or targets are older than a verdict may rest on.
  let freshLook = false;
  for (;;) {
    let round: Round;
    try {
      round = await observer.observe({ fresh: freshLook });
      freshLook = false;
    } catch (err) {
      return {
        ok: false,
        cause: { gate: 'aws', summary: explainAwsError(err).message },
        ...(last ? { last } : {}),
      };
    }
    const obs = round.observation;
    const lockCalls = (await state.lock?.refresh()) ?? 0;
    for (const change of describeChanges(last, obs, { stages: staged, since: subject.awsStartedAt })) {
      state.record(change.kind, prefix + change.message, change.bad ? 'warning' : 'info');
    }
    for (const event of obs.newEvents) state.log.info(`${prefix}ECS: ${event.message}`);
    if (!historyNoted && observer.history.length) {
      historyNoted = true;
      state.record(
        'task',
        `${prefix}${observer.history.length} earlier task(s) of this revision stopped before this ${mode === 'rollback' ? 'rollback' : 'release'}: history, not judged`,
      );
    }
    if (mode === 'deploy') for (const t of obs.tasks) state.releaseTasks.add(t.arn);
    last = obs;
    // Cancelled: stop here, with a fresh look at the service for whoever acts on it (cancel.ts).
    if (deps.signal?.aborted) return { ok: false, cancelled: true, cause: CANCELLED, last: obs };

    const ctx: GateContext = {
      subject,
      now: state.now,
      maxTaskFailures: o.maxTaskFailures,
      ignoredAlarms: state.ignoredAlarms,
      clearingAlarms: state.clearingAlarms,
      knownRevisions,
    };
    for (const alarm of obs.alarms) {
      if (alarm.state !== 'ALARM' && state.clearingAlarms.delete(alarm.name))
        state.record('alarm', `alarm ${alarm.name} cleared (${alarm.state})`);
    }
    const verdicts = gates.map((g) => ({ name: g.name, verdict: g.judge(obs, ctx) }));
    for (const { name, verdict } of verdicts) state.setGate(mode, name, verdict);
    const failures = verdicts.flatMap((v) => (v.verdict.status === 'fail' ? [v.verdict.cause] : []));
    if (failures.length) {
      const cause = { ...failures[0]! };
      const ecs = failures.find((f, i) => i > 0 && f.gate === 'rollout' && failures[0]!.gate !== 'rollout');
      if (ecs) cause.summary += `; ${ecs.summary}`;
      return { ok: false, cause, last: obs };
    }

    const sd = obs.serviceDeployment;
    // Production traffic must not reach green before the test gate ran: no hook held it, so stop here.
    if (
      testing &&
      !tested &&
      sd &&
      stagePosition(sd.lifecycleStage) >= stagePosition('PRODUCTION_TRAFFIC_SHIFT')
    ) {
      const cause: FailureCause = {
        gate: 'test-http',
        summary: `the deployment reached ${sd.lifecycleStage} before test-url could be checked: no PAUSE lifecycle hook held green at ${TEST_HOOK_STAGES.join(' or ')}`,
        url: o.testCheck!.url,
      };
      state.setGate(mode, 'test-http', { status: 'fail', cause });
      return { ok: false, cause, last: obs };
    }

    // A paused hook: at a test stage run the test gate first; then let ECS go on, or roll back.
    const hook = sd?.awaitingHooks.find((h) => !handledHooks.has(h.hookId));
    if (mode === 'deploy' && sd && hook) {
      handledHooks.add(hook.hookId);
      const stage = hook.stage ?? sd.lifecycleStage;
      const atTestStage = stage !== undefined && TEST_HOOK_STAGES.includes(stage);
      const ranTest = testing && !tested && atTestStage;
      const cause = await holdAtHook(state, stage, ranTest, deadline);
      // Cancelled at the hook: the rollback answers it, so production never sees green.
      if (deps.signal?.aborted)
        return { ok: false, cancelled: true, cause: CANCELLED, last: obs, pausedHookId: hook.hookId };
      if (cause) return { ok: false, cause, last: obs, pausedHookId: hook.hookId };
      if (atTestStage) tested = true;
      await deps.clients.ecs.send(
        new ContinueServiceDeploymentCommand({
          serviceDeploymentArn: sd.arn,
          hookId: hook.hookId,
          action: 'CONTINUE',
        }),
      );
      state.record(
        'stage',
        `continued past ${stage ?? 'the hook'}: ${ranTest ? 'green passed its tests' : 'the gates passed there'}`,
      );
      continue;
    }

    const allPass = verdicts.every((v) => v.verdict.status === 'pass');
    if (allPass && !httpPassed && o.healthCheck) {
      const verdict = await httpChecks(state, o.healthCheck, state.gateName(mode, 'http'), deadline);
      if (verdict.status === 'fail') return { ok: false, cause: verdict.cause, last: obs };
      if (verdict.status === 'pass') {
        httpPassed = true;
        continue;
      }
    } else if (allPass) {
      if (bakeStartedAt === undefined) {
        bakeStartedAt = state.now;
        if (bakeMs > 0) state.record('gate', `all gates passed: baking for ${duration(o.bakeTimeSeconds)}`);
      }
      const baked = state.now - bakeStartedAt >= bakeMs;
      // Alarms and target health are read at their own, slower period: look again before saying yes.
      if (baked && observer.staleForVerdict()) {
        freshLook = true;
        continue;
      }
      // Metric checks: once a minute while baking, and a final time before the bake may pass.
      const metricsFailed = await judgeMetricsInBake(state, mode, subject, bakeStartedAt, baked);
      if (metricsFailed) return { ok: false, cause: metricsFailed, last: obs };
      if (baked) {
        if (bakeMs > 0)
          state.setGate(mode, 'bake-time', pass(`${duration(o.bakeTimeSeconds)} without a failure`));
        const unproven = mode === 'deploy' ? unpassed(state, req.required) : [];
        if (unproven.length) {
          const cause: FailureCause = {
            gate: unproven[0]!,
            summary: `gate ${unproven.join(', ')} was asked for but never passed (${unproven.map((g) => state.gates.get(g)?.detail ?? 'never evaluated').join('; ')})`,
          };
          return { ok: false, cause, last: obs };
        }
        return { ok: true, last: obs };
      }
    } else if (bakeStartedAt !== undefined) {
      bakeStartedAt = undefined;
      state.record('gate', 'bake time interrupted: a gate is waiting again', 'warning');
    }

    if (state.now >= deadline) {
      const waiting = [...state.gates.values()].filter(
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
    let delay = poller.next(state.now, round.changed, round.calls + lockCalls, round.quietUntil);
    if (bakeStartedAt !== undefined) delay = Math.min(delay, bakeStartedAt + bakeMs - state.now);
    await deps.clock.sleep(Math.max(0, Math.min(delay, deadline - state.now)), deps.signal);
  }
}

const CANCELLED: FailureCause = { gate: 'cancelled', summary: 'the workflow was cancelled' };

/** Gates that were required and are not `passed`: a success with any of these would be a lie. */
function unpassed(state: DeployState, required: readonly string[] | undefined): string[] {
  return (required ?? []).filter((name) => state.gates.get(name)?.status !== 'passed');
}

/**
 * At a paused hook: the test URL (through the test listener) when this is where it runs, and the alarms.
 * Returns why green must not go on, if it must not.
 */
async function holdAtHook(
  state: DeployState,
  stage: string | undefined,
  runTest: boolean,
  deadline: number,
): Promise<FailureCause | undefined> {
  const { o } = state;
  state.record(
    'stage',
    `the deployment is paused${stage ? ` at ${stage}` : ''}: ${runTest ? 'running the test gate on green' : 'checking the gates'}`,
  );
  if (runTest && o.testCheck) {
    const verdict = await httpChecks(state, o.testCheck, 'test-http', deadline);
    if (verdict.status === 'fail') return verdict.cause;
    if (verdict.status === 'wait') {
      return {
        gate: 'timeout',
        summary: `timed out after ${duration(o.timeoutSeconds)} in the test gate (${verdict.detail})`,
      };
    }
  }
  if (o.alarms.length) {
    const alarms = await describeAlarms(state.deps.clients, o.alarms);
    const verdict = alarmsGate(
      { alarms },
      { ignoredAlarms: state.ignoredAlarms, clearingAlarms: state.clearingAlarms },
    );
    state.setGate('deploy', 'alarms', verdict);
    if (verdict.status === 'fail') return verdict.cause;
  }
  return undefined;
}

/** Probe a URL until the HTTP gate passes or fails (or the deadline comes: then it is still waiting). */
async function httpChecks(
  state: DeployState,
  check: HttpCheckOptions,
  name: string,
  deadline: number,
): Promise<Verdict> {
  const probes: HttpProbe[] = [];
  const gate = name.endsWith('test-http') ? 'test-http' : 'http';
  const interval = new Poller(state.o.pollIntervalSeconds * 1000).quickMs;
  for (;;) {
    const probed = await probe(state, check.url, deadline);
    // A probe cut short by a cancel says nothing about the release: not counted.
    if (state.deps.signal?.aborted) return { status: 'wait', detail: 'the workflow was cancelled' };
    probes.push(probed);
    const verdict = httpGate(probes, check, gate);
    state.setGate('deploy', name, verdict);
    if (verdict.status !== 'wait' || state.now >= deadline) return verdict;
    await state.deps.clock.sleep(Math.min(interval, deadline - state.now), state.deps.signal);
  }
}

async function probe(state: DeployState, url: string, deadline: number): Promise<HttpProbe> {
  const at = state.now;
  try {
    const res = await state.deps.http(url, Math.max(1000, Math.min(10_000, deadline - at)));
    return { at, status: res.status, body: res.body };
  } catch (err) {
    return { at, error: err instanceof Error ? err.message : String(err) };
  }
}
