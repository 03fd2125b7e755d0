/**
 * The release's own tasks: a task that stops because an essential container exited, failed to start, or
 * failed its health checks counts against max-task-failures. ECS would retry for many minutes; one crash
 * of the new revision usually says enough.
 */
import type { FailureCause } from '../../deploy-report/index.js';
import {
  fail,
  pass,
  servingTasks,
  wait,
  type GateContext,
  type Observation,
  type TaskView,
  type Verdict,
} from '../observation.js';

const FAILED_STOP_CODES = new Set(['EssentialContainerExited', 'TaskFailedToStart']);
const HEALTH_STOP = /health ?check/i;

/** Whether a stopped task stopped because it failed (not because a deployment scaled it in). */
export function isFailedTask(task: TaskView): boolean {
  if (task.lastStatus !== 'STOPPED' && task.desiredStatus !== 'STOPPED') return false;
  if (task.stopCode && FAILED_STOP_CODES.has(task.stopCode)) return true;
  return HEALTH_STOP.test(task.stoppedReason ?? '');
}

export function taskFailureCause(task: TaskView, obs?: Pick<Observation, 'unhealthyTargets'>): FailureCause {
  const target = HEALTH_STOP.test(task.stoppedReason ?? '')
    ? obs?.unhealthyTargets.find((t) => t.taskArn === task.arn)
    : undefined;
  if (target) {
    const reason = [task.stopCode, task.stoppedReason].filter(Boolean).join(': ');
    return {
      gate: 'target-health',
      summary: `target ${target.id}${target.port ? `:${target.port}` : ''} of task ${task.id} was unhealthy${target.reason ? ` (${target.reason})` : ''}${target.description ? `: ${target.description}` : ''}; ECS stopped the task (${reason})`,
      taskArn: task.arn,
      targetGroupArn: target.targetGroupArn,
      ...(target.reason ? { targetHealthReason: target.reason } : {}),
      ...(target.description ? { targetHealthDescription: target.description } : {}),
      ...(task.stopCode ? { stopCode: task.stopCode } : {}),
      ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
    };
  }
  const culprit =
    task.containers.find((c) => c.essential && c.exitCode !== undefined && c.exitCode !== 0) ??
    task.containers.find((c) => c.essential && c.reason) ??
    task.containers.find((c) => c.exitCode !== undefined && c.exitCode !== 0);
  const what = culprit
    ? culprit.exitCode !== undefined
      ? `container ${culprit.name} exited with code ${culprit.exitCode}`
      : `container ${culprit.name} failed: ${culprit.reason}`
    : `task ${task.id} stopped`;
  const reason = [task.stopCode, task.stoppedReason].filter(Boolean).join(': ');
  return {
    gate: 'tasks',
    summary: `${what}${reason ? ` (${reason})` : ''}`,
    taskArn: task.arn,
    ...(culprit ? { container: culprit.name } : {}),
    ...(culprit?.exitCode !== undefined ? { exitCode: culprit.exitCode } : {}),
    ...(task.stopCode ? { stopCode: task.stopCode } : {}),
    ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
  };
}

export function tasksGate(obs: Observation, ctx: GateContext): Verdict {
  const failed = obs.tasks.filter(isFailedTask);
  if (failed.length >= ctx.maxTaskFailures) {
    const cause = taskFailureCause(failed[failed.length - 1]!, obs);
    if (ctx.maxTaskFailures > 1)
      cause.summary += `; ${failed.length} tasks failed (max-task-failures ${ctx.maxTaskFailures})`;
    return fail(cause);
  }
  const desired = obs.ours?.desiredCount ?? obs.service.desiredCount;
  const serving = servingTasks(obs.tasks).length;
  const failures = failed.length ? `, ${failed.length} failed` : '';
  if (serving >= desired) return pass(`${serving}/${desired} tasks running${failures}`);
  return wait(`${serving}/${desired} tasks running${failures}`);
}
