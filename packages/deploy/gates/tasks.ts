/**
 * The release's own tasks: a task that stops because an essential container exited, failed to start, or
 * failed its health checks counts against max-task-failures. ECS would retry for many minutes; one crash
 * of the new revision usually says enough.
 */
import { isFailedTask, taskFailureCause } from '../../ecs/index.js';
import {
  fail,
  pass,
  servingTasks,
  wait,
  type GateContext,
  type Observation,
  type Verdict,
} from '../observation.js';

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
