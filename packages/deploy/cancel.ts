/**
 * Cancel safety. A cancelled workflow (the runner sends SIGINT, SIGTERM 7.5 s later, then kills the step)
 * aborts `deps.signal`: the run stops watching at once, says what it was doing and, with on-cancel:
 * rollback, starts the rollback without waiting for it. The entry saves what the run started
 * (`deps.progress`, see `stateEntries`) for the action's post step, whose `recoverDeploy` starts the
 * rollback when the main step could not (killed, crashed) and waits, bounded, for the previous revision to
 * serve again.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { explainAwsError } from '../aws/index.js';
import type { FailureCause } from '../deploy-report/index.js';
import { readCodeDeployment } from './codedeploy.js';
import { duration, text } from '../markdown/index.js';
import { revisionName, type Observation, type Subject } from './observation.js';
import { Observer } from './observe.js';
import type { DeployDeps, DeployOptions, DeployProgress } from './options.js';
import type { DeployEnd } from './report.js';
import { resolveService } from './resolve.js';
import { describeServiceState, startRollback, type RollbackStarted } from './rollback.js';
import type { SettledRevisions } from './settle.js';
import { releaseMark } from './lock.js';
import { DeployState } from './state.js';
import { planGates, STAGED, watch, type WatchResult } from './watch.js';

/**
 * Longest the post step waits for the previous revision: GitHub force-stops a cancelled job's remaining
 * steps 5 minutes after the cancel, and the post step must say how it ended before that.
 */
export const POST_WAIT_SECONDS = 240;

export function cancelCause(doing: string): FailureCause {
  return { gate: 'cancelled', summary: `the workflow was cancelled while ${doing}` };
}

/** Before the service is changed: a cancel ends the run here, with nothing changed. */
export function cancelledBeforeChange(state: DeployState, doing: string): FailureCause | undefined {
  if (!state.deps.signal?.aborted) return undefined;
  state.record('info', `cancelled while ${doing}: nothing was changed`, 'warning');
  return cancelCause(`${doing}; nothing was changed`);
}

/** The desired count a rollback puts back: the service's own, when this deploy set another. */
export function restoredCount(o: DeployOptions, before: Service): { desiredCount?: number } {
  return o.desiredCount !== undefined &&
    before.desiredCount !== undefined &&
    o.desiredCount !== before.desiredCount
    ? { desiredCount: before.desiredCount }
    : {};
}

/** Tell the entry what the update started (it saves it for the post step). */
export function noteStarted(
  state: DeployState,
  subject: Subject,
  before: Service,
  codeDeployId: string | undefined,
): void {
  const { o } = state;
  state.deps.progress?.({
    taskDefinition: subject.taskDefinitionArn,
    ...(state.previousArn ? { previousTaskDefinition: state.previousArn } : {}),
    strategy: state.strategy,
    ...(subject.serviceDeploymentArn ? { serviceDeploymentArn: subject.serviceDeploymentArn } : {}),
    ...(subject.deploymentId ? { deploymentId: subject.deploymentId } : {}),
    ...(codeDeployId ? { codeDeployId } : {}),
    ...(before.desiredCount !== undefined ? { desiredCountBefore: before.desiredCount } : {}),
    ...(o.desiredCount !== undefined ? { desiredCount: o.desiredCount } : {}),
    startedAt: subject.awsStartedAt,
  });
}

/** Tell the entry a rollback was started, and what to watch for it. */
export function noteRollback(state: DeployState, started: RollbackStarted): void {
  state.deps.progress?.({
    rollbackStarted: true,
    rollbackBy: started.by,
    ...(started.subject.serviceDeploymentArn
      ? { rollbackServiceDeploymentArn: started.subject.serviceDeploymentArn }
      : {}),
    ...(started.subject.deploymentId ? { rollbackDeploymentId: started.subject.deploymentId } : {}),
    rollbackAt: started.subject.awsStartedAt,
  });
}

/**
 * A release that is neither ours nor the one before: another deploy took the service over after us, and
 * rolling back now would revert it. Returns the words for it, if so.
 */
function strangerRelease(last: Observation, target: string, previous: string): string | undefined {
  const primary = last.primary;
  if (!primary || primary.taskDefinition === target || primary.taskDefinition === previous) return undefined;
  if (primary.createdAt < (last.ours?.createdAt ?? 0)) return undefined;
  return `another deployment took over the service: ${primary.id} runs ${revisionName(primary.taskDefinition)}, which is neither ${revisionName(target)} nor ${revisionName(previous)}; left to it`;
}

const deploymentLabel = (s: Subject) =>
  s.deploymentId
    ? ` (deployment ${s.deploymentId})`
    : s.serviceDeploymentArn
      ? ` (service deployment ${s.serviceDeploymentArn.split('/').pop()})`
      : '';

export interface CancelledWatch {
  /** What was being watched when the cancel came: the release, or its rollback after a failure. */
  phase: 'deploy' | 'rollback';
  /** The release's subject. */
  subject: Subject;
  watched: WatchResult;
  /** The service before the update. */
  service: Service;
  revs: SettledRevisions;
  codeDeployId?: string;
  /** Phase rollback: why the release failed, and the rollback under way. */
  failure?: FailureCause;
  rollback?: RollbackStarted;
}

/**
 * The end of a cancelled run, within a second or two: say what it was watching, then start the rollback
 * (on-cancel: rollback) without waiting for it, or leave the service and say where it stands.
 */
export async function afterCancel(state: DeployState, c: CancelledWatch): Promise<DeployEnd> {
  const { o } = state;
  const previousArn = c.revs.previous.ref.arn;
  const previous = revisionName(previousArn);
  const last = c.watched.last;
  const where = last ? describeServiceState(last) : 'unknown';
  const base = { status: 'failed' as const, service: c.service, revs: c.revs };
  if (c.phase === 'rollback') {
    state.record(
      'rollback',
      `cancelled while watching the rollback to ${previous}; ECS goes on with it. The service: ${where}`,
      'warning',
    );
    return {
      ...base,
      cause: c.failure ?? cancelCause(`watching the rollback to ${previous}`),
      ...(c.rollback ? { rolledBackBy: c.rollback.by } : {}),
      rollbackProblem: `the workflow was cancelled while the rollback to ${previous} was under way${c.rollback ? ` (${c.rollback.message})` : ''}; the post step waits for ${previous} to serve. The service: ${where}`,
    };
  }
  const watching = `${revisionName(c.subject.taskDefinitionArn)}${deploymentLabel(c.subject)}`;
  if (c.subject.kind === 'verify') {
    state.record('info', `cancelled while checking ${watching}: nothing was changed`, 'warning');
    return { ...base, cause: cancelCause(`checking ${watching}; nothing was changed`) };
  }
  const cause = cancelCause(`watching ${watching}`);
  const stranger = last && strangerRelease(last, c.subject.taskDefinitionArn, previousArn);
  if (stranger || o.onCancel === 'leave') {
    const why = stranger ?? 'on-cancel is leave';
    state.record('info', `cancelled while watching ${watching}; not rolled back: ${why}`, 'warning');
    return { ...base, cause, rollbackProblem: `not rolled back (${why}); the service: ${where}` };
  }
  state.record('rollback', `cancelled while watching ${watching}; rolling back to ${previous}`, 'warning');
  const started = await startRollback({
    clients: state.deps.clients,
    cluster: o.cluster,
    service: o.service,
    strategy: state.strategy,
    previousArn,
    ...(last ? { last } : {}),
    subject: c.subject,
    ...(c.watched.pausedHookId ? { pausedHookId: c.watched.pausedHookId } : {}),
    ...(c.codeDeployId ? { codeDeployId: c.codeDeployId } : {}),
    now: state.now,
    awsNow: state.serverTime.now(),
    ...restoredCount(o, c.service),
  }).catch((err: unknown) => ({ error: explainAwsError(err).message }));
  if ('error' in started) {
    state.record('rollback', `the rollback could not start: ${started.error}`, 'warning');
    return {
      ...base,
      cause,
      rollbackProblem: `the rollback to ${previous} could not start (${started.error}); the post step tries again. The service: ${where}`,
    };
  }
  state.record('rollback', started.message, 'warning');
  noteRollback(state, started);
  // Under way, not failed: said in the cause, so that reports do not call it a rollback that did not finish.
  return {
    ...base,
    cause: {
      ...cause,
      summary: `${cause.summary}; rolling back to ${previous}: ${started.message}; the post step waits for ${previous} to serve`,
    },
    rolledBackBy: started.by,
  };
}

// ---- state for the post step --------------------------------------------------------------------------

/** The state key naming the format; a post step that finds another (or none) does nothing. */
export const STATE_FORMAT_KEY = 'deployState';
export const STATE_FORMAT = '1';

/** Everything the main step saves for its post step. */
export interface SavedDeploy extends DeployProgress {
  cluster: string;
  service: string;
  region: string;
  onCancel: 'rollback' | 'leave';
  pollIntervalSeconds?: number;
  timeoutSeconds?: number;
  /** The main step ended the way it meant to (shipped, or failed and handled): the post step does nothing. */
  finished: boolean;
  /** The workflow was cancelled (a signal came), as opposed to the main step crashing. */
  cancelled: boolean;
}

const NUMBERS = [
  'desiredCountBefore',
  'desiredCount',
  'startedAt',
  'rollbackAt',
  'pollIntervalSeconds',
  'timeoutSeconds',
] as const;
const BOOLEANS = ['rollbackStarted', 'finished', 'cancelled'] as const;
const STRINGS = [
  'cluster',
  'service',
  'region',
  'taskDefinition',
  'previousTaskDefinition',
  'serviceDeploymentArn',
  'deploymentId',
  'codeDeployId',
  'rollbackServiceDeploymentArn',
  'rollbackDeploymentId',
  'serviceArn',
  'lockToken',
] as const;

/** The GITHUB_STATE entries for these facts (the runner keeps the last value of each name). */
export function stateEntries(facts: Partial<SavedDeploy>): [string, string][] {
  return Object.entries(facts)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, String(v)]);
}

/**
 * What the main step saved, read back in the post step; undefined when it saved nothing (it never got as
 * far) or in a format this version does not know (an older or newer bundle): then there is nothing to do.
 */
export function readSavedDeploy(get: (name: string) => string): SavedDeploy | undefined {
  if (get(STATE_FORMAT_KEY) !== STATE_FORMAT) return undefined;
  const saved: Record<string, unknown> = {};
  for (const k of STRINGS) if (get(k)) saved[k] = get(k);
  for (const k of NUMBERS) {
    const n = Number(get(k) || NaN);
    if (Number.isFinite(n)) saved[k] = n;
  }
  for (const k of BOOLEANS) saved[k] = get(k) === 'true';
  const strategy = get('strategy');
  if (['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY', 'CODE_DEPLOY'].includes(strategy))
    saved.strategy = strategy;
  const by = get('rollbackBy');
  if (by === 'deploy' || by === 'ECS' || by === 'CodeDeploy') saved.rollbackBy = by;
  saved.onCancel = get('onCancel') === 'leave' ? 'leave' : 'rollback';
  if (!saved.cluster || !saved.service || !saved.region) return undefined;
  return saved as unknown as SavedDeploy;
}

// ---- the post step ----------------------------------------------------------------------------------------

export interface Recovery {
  /** false: the service may still run what the deploy started, or nobody knows: the post step fails. */
  ok: boolean;
  /** One line: what the post step found and did. */
  message: string;
  /** Job-summary markdown. */
  summary: string;
}

/**
 * The post step after a main step that did not finish (cancelled, crashed, killed): roll back what it
 * started, unless that is under way already or on-cancel is leave, and wait (at most POST_WAIT_SECONDS,
 * or the deploy's timeout when shorter) for the previous revision to serve, with the desired count the
 * service had before.
 */
export async function recoverDeploy(saved: SavedDeploy, deps: DeployDeps): Promise<Recovery> {
  try {
    return await recover(saved, deps);
  } finally {
    // The main step's mark on the service, if it could not remove it itself (killed, or still marking).
    if (saved.serviceArn && saved.lockToken) {
      const removed = await releaseMark(deps.clients.ecs, saved.serviceArn, saved.lockToken).catch(
        (err: unknown) => {
          deps.log.warning(
            `could not remove the deploy's mark from the service: ${err instanceof Error ? err.message : String(err)}; it expires by itself`,
          );
          return false;
        },
      );
      if (removed) deps.log.info('removed the mark the deploy step left on the service');
    }
  }
}

async function recover(saved: SavedDeploy, deps: DeployDeps): Promise<Recovery> {
  const how = saved.cancelled ? 'cancelled' : 'the deploy step did not finish (it crashed or was killed)';
  const name = `${saved.cluster}/${saved.service}`;
  const details: string[] = [];
  const end = (ok: boolean, outcome: string, rolledBack = false): Recovery => {
    const message = `${how}: ${outcome}`;
    deps.log[ok ? 'info' : 'warning'](message);
    const icon = rolledBack ? '↩️' : ok ? 'ℹ️' : '⚠️';
    return { ok, message, summary: recoverySummary(`${icon} ${saved.service}`, message, details) };
  };
  const target = saved.taskDefinition;
  const previousArn = saved.previousTaskDefinition;
  if (!target || !previousArn) return end(true, `${name} had not been changed yet; nothing to roll back`);
  const previous = revisionName(previousArn);
  const waitSeconds = Math.min(saved.timeoutSeconds ?? POST_WAIT_SECONDS, POST_WAIT_SECONDS);
  const o: DeployOptions = {
    region: saved.region,
    cluster: saved.cluster,
    service: saved.service,
    taskDefinition: { kind: 'revision', ref: target },
    forceNewDeployment: false,
    strategy: 'auto',
    onBusy: 'wait',
    maxTaskFailures: 1,
    alarms: [],
    alarmsPreexisting: 'ignore',
    bakeTimeSeconds: 0,
    rollback: 'auto',
    onCancel: saved.onCancel,
    timeoutSeconds: waitSeconds,
    pollIntervalSeconds: saved.pollIntervalSeconds ?? 5,
    dryRun: false,
    tags: [],
  };
  const state = new DeployState(o, deps);
  state.strategy = saved.strategy ?? 'ROLLING';
  state.previousArn = previousArn;
  state.targetArn = target;
  const service = await resolveService(deps.clients, o.cluster, o.service, o.region);
  planGates(state, service);
  // Task views name containers from their revisions; a revision that cannot be read only costs names.
  await Promise.all([previousArn, target].map((arn) => state.revisions.find(arn).catch(() => undefined)));
  const subject: Subject = {
    kind: 'deploy',
    taskDefinitionArn: target,
    ...(saved.deploymentId ? { deploymentId: saved.deploymentId } : {}),
    ...(saved.serviceDeploymentArn ? { serviceDeploymentArn: saved.serviceDeploymentArn } : {}),
    startedAt: state.now,
    awsStartedAt: saved.startedAt ?? state.serverTime.now(),
  };
  const codeDeployId = state.strategy === 'CODE_DEPLOY' ? saved.codeDeployId : undefined;
  const observer = new Observer(
    deps.clients,
    {
      cluster: o.cluster,
      service: o.service,
      subject,
      stagedStrategy: STAGED.has(state.strategy),
      alarms: [],
      revision: (arn) => state.revisions.info(arn),
      awsTime: state.serverTime,
      ...(codeDeployId ? { codeDeploy: () => readCodeDeployment(deps.clients, codeDeployId) } : {}),
    },
    () => deps.clock.now(),
  );
  const last = (await observer.observe()).observation;
  const where = describeServiceState(last);
  details.push(`found: ${where}`);
  if (saved.onCancel === 'leave') return end(true, `${name} was left as it is (on-cancel: leave): ${where}`);
  const stranger = strangerRelease(last, target, previousArn);
  if (stranger) return end(true, `not rolled back: ${stranger}`);

  let rollback: Subject;
  if (saved.rollbackStarted) {
    details.push(`the deploy step had started the rollback to ${previous}`);
    rollback = {
      kind: 'rollback',
      taskDefinitionArn: previousArn,
      ...(saved.rollbackDeploymentId ? { deploymentId: saved.rollbackDeploymentId } : {}),
      ...(saved.rollbackServiceDeploymentArn
        ? { serviceDeploymentArn: saved.rollbackServiceDeploymentArn }
        : {}),
      startedAt: state.now,
      awsStartedAt: saved.rollbackAt ?? state.serverTime.now(),
    };
  } else {
    const count =
      saved.desiredCount !== undefined &&
      saved.desiredCountBefore !== undefined &&
      saved.desiredCount !== saved.desiredCountBefore
        ? { desiredCount: saved.desiredCountBefore }
        : {};
    let started: RollbackStarted;
    try {
      started = await startRollback({
        clients: deps.clients,
        cluster: o.cluster,
        service: o.service,
        strategy: state.strategy,
        previousArn,
        last,
        subject,
        ...(codeDeployId ? { codeDeployId } : {}),
        now: state.now,
        awsNow: state.serverTime.now(),
        ...count,
      });
    } catch (err) {
      return end(
        false,
        `the rollback to ${previous} could not start: ${explainAwsError(err).message}; the service: ${where}`,
      );
    }
    state.record('rollback', started.message, 'warning');
    details.push(started.message);
    rollback = started.subject;
  }
  state.log.info(`waiting up to ${duration(waitSeconds)} for ${previous} to serve again`);
  const back = await watch(state, {
    subject: rollback,
    mode: 'rollback',
    deadline: state.now + waitSeconds * 1000,
    ...(codeDeployId ? { codeDeployId } : {}),
  });
  const now = back.last ? describeServiceState(back.last) : 'unknown';
  details.push(`now: ${now}`);
  if (back.ok) {
    const count = back.last ? `, desired count ${back.last.service.desiredCount}` : '';
    return end(true, `rolled back to ${previous}${count}`, true);
  }
  return end(
    false,
    `the rollback to ${previous} did not finish: ${back.cause?.summary ?? 'unknown cause'}; the service: ${now}`,
  );
}

function recoverySummary(title: string, message: string, details: string[]): string {
  return [`### ${title} (post step): ${text(message)}`, '', ...details.map((d) => `- ${text(d)}`), ''].join(
    '\n',
  );
}
