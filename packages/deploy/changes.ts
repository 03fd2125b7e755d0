/**
 * What changed between two observations, as timeline lines: stages, deployments, tasks, targets, alarms.
 * The log gets one line per change, never one per poll.
 */
import { isFailedTask } from '../ecs/index.js';
import {
  LIFECYCLE_STAGES,
  revisionName,
  stagePosition,
  type Observation,
  type TaskView,
} from './observation.js';

export interface Change {
  kind: 'stage' | 'deployment' | 'task' | 'target' | 'alarm' | 'codedeploy';
  message: string;
  /** Failures are logged as warnings. */
  bad?: boolean;
}

export interface ChangeOptions {
  /** Report lifecycle stages (native blue/green, linear, canary). */
  stages: boolean;
  /** AWS time the watch began: tasks created before it were already there, not started. */
  since: number;
}

export function describeChanges(
  before: Observation | undefined,
  after: Observation,
  opts: ChangeOptions,
): Change[] {
  const out: Change[] = [];
  const oldDeployments = new Map(before?.deployments.map((d) => [d.id, d]));
  for (const d of after.deployments) {
    const old = oldDeployments.get(d.id);
    const name = `deployment ${d.id} (${revisionName(d.taskDefinition)})`;
    if (!old && before) out.push({ kind: 'deployment', message: `${name} started as ${d.status}` });
    else if (old && old.status !== d.status)
      out.push({ kind: 'deployment', message: `${name} is now ${d.status}` });
    if (d.rolloutState && old && old.rolloutState !== d.rolloutState) {
      out.push({
        kind: 'deployment',
        message: `${name} rollout ${d.rolloutState}${d.rolloutStateReason && d.rolloutState !== 'IN_PROGRESS' ? `: ${d.rolloutStateReason}` : ''}`,
        bad: d.rolloutState === 'FAILED',
      });
    }
  }

  const sd = after.serviceDeployment;
  const oldSd = before?.serviceDeployment;
  if (sd) {
    if (sd.status !== oldSd?.status) {
      out.push({
        kind: 'deployment',
        message: `service deployment ${sd.status}${sd.statusReason && sd.status !== 'IN_PROGRESS' ? `: ${sd.statusReason}` : ''}`,
        bad: /ROLLBACK|STOP/.test(sd.status),
      });
    }
    const from = stagePosition(oldSd?.lifecycleStage);
    const to = stagePosition(sd.lifecycleStage);
    if (opts.stages && to > from) {
      const skipped = LIFECYCLE_STAGES.slice(from + 1, to);
      for (const stage of skipped)
        out.push({ kind: 'stage', message: `stage ${stage} (passed between polls)` });
      out.push({ kind: 'stage', message: `stage ${sd.lifecycleStage}` });
    }
    for (const hook of sd.awaitingHooks) {
      if (!oldSd?.awaitingHooks.some((h) => h.hookId === hook.hookId)) {
        out.push({
          kind: 'stage',
          message: `paused at ${hook.stage ?? sd.lifecycleStage ?? 'a lifecycle hook'} (hook ${hook.hookId})`,
        });
      }
    }
  }

  const oldTasks = new Map(before?.tasks.map((t) => [t.arn, t]));
  for (const t of after.tasks) out.push(...taskChanges(oldTasks.get(t.arn), t, opts.since));

  const oldTargets = new Map(before?.targets.map((t) => [`${t.targetGroupArn} ${t.taskArn}`, t]));
  for (const t of after.targets) {
    const old = oldTargets.get(`${t.targetGroupArn} ${t.taskArn}`);
    if (old?.state === t.state || (!old && t.state === 'initial')) continue;
    const group =
      t.targetGroupArn
        .split(':')
        .pop()
        ?.replace(/^targetgroup\//, '')
        .split('/')[0] ?? t.targetGroupArn;
    out.push({
      kind: 'target',
      message: `target ${t.id}${t.port ? `:${t.port}` : ''} ${t.state} in ${group}${t.reason && t.state !== 'healthy' ? ` (${t.reason}${t.description ? `: ${t.description}` : ''})` : ''}`,
      bad: t.state === 'unhealthy',
    });
  }

  const oldAlarms = new Map(before?.alarms.map((a) => [a.name, a.state]));
  for (const a of after.alarms) {
    if (oldAlarms.get(a.name) !== a.state && (before || a.state === 'ALARM')) {
      out.push({
        kind: 'alarm',
        message: `alarm ${a.name} is ${a.state}${a.reason && a.state === 'ALARM' ? `: ${a.reason}` : ''}`,
        bad: a.state === 'ALARM',
      });
    }
  }
  const cd = after.codeDeploy;
  if (cd && cd.status !== before?.codeDeploy?.status) {
    out.push({
      kind: 'codedeploy',
      message: `CodeDeploy ${cd.deploymentId} ${cd.status}${cd.errorMessage ? `: ${cd.errorMessage}` : ''}`,
      bad: cd.status === 'Failed' || cd.status === 'Stopped',
    });
  }
  return out;
}

function taskChanges(old: TaskView | undefined, t: TaskView, since: number): Change[] {
  const out: Change[] = [];
  const name = `task ${t.id}`;
  if (!old && t.createdAt < since - 2000) return out;
  if (!old && t.lastStatus !== 'STOPPED')
    out.push({
      kind: 'task',
      message: `${name} started (${revisionName(t.taskDefinitionArn)}), ${t.lastStatus}`,
    });
  if (old && old.lastStatus !== t.lastStatus && (t.lastStatus === 'RUNNING' || t.lastStatus === 'STOPPED')) {
    if (t.lastStatus === 'RUNNING') out.push({ kind: 'task', message: `${name} RUNNING` });
  }
  if (t.lastStatus === 'STOPPED' && old?.lastStatus !== 'STOPPED') {
    const exits = t.containers
      .filter((c) => c.exitCode !== undefined || c.reason)
      .map(
        (c) =>
          `${c.name}${c.exitCode !== undefined ? ` exit ${c.exitCode}` : ''}${c.reason ? ` (${c.reason})` : ''}`,
      )
      .join(', ');
    const why = [t.stopCode, t.stoppedReason].filter(Boolean).join(': ');
    out.push({
      kind: 'task',
      message: `${name} stopped${why ? `: ${why}` : ''}${exits ? `; ${exits}` : ''}`,
      bad: isFailedTask(t),
    });
  }
  if (
    old &&
    t.healthStatus &&
    old.healthStatus !== t.healthStatus &&
    t.healthStatus !== 'UNKNOWN' &&
    t.lastStatus !== 'STOPPED'
  ) {
    out.push({ kind: 'task', message: `${name} ${t.healthStatus}`, bad: t.healthStatus === 'UNHEALTHY' });
  }
  return out;
}
