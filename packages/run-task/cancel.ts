/**
 * The run-task post step's safety net. The main step stops its task itself when the workflow is cancelled;
 * when it could not (killed before its StopTask went out, or crashed), the task it saved in GITHUB_STATE
 * may still be running, unwatched: the post step stops it.
 */
import { DescribeTasksCommand, StopTaskCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { taskIdOf } from '../links/index.js';
import type { Logger } from '../runtime/index.js';

/** The state key naming the format; a post step that finds another (or none) does nothing. */
export const TASK_STATE_FORMAT_KEY = 'runTaskState';
export const TASK_STATE_FORMAT = '1';

export interface SavedTask {
  cluster: string;
  region: string;
  /** The task the main step started, once it had. */
  taskArn?: string;
  /** The main step ended the way it meant to (judged the task, or did not wait for it by choice). */
  finished: boolean;
  /** A signal came: the workflow was cancelled. */
  cancelled: boolean;
}

export function taskStateEntries(facts: Partial<SavedTask>): [string, string][] {
  return Object.entries(facts)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, String(v)]);
}

/** What the main step saved; undefined when nothing (it never got that far) or an unknown format. */
export function readSavedTask(get: (name: string) => string): SavedTask | undefined {
  if (get(TASK_STATE_FORMAT_KEY) !== TASK_STATE_FORMAT) return undefined;
  const cluster = get('cluster');
  const region = get('region');
  if (!cluster || !region) return undefined;
  const taskArn = get('taskArn');
  return {
    cluster,
    region,
    ...(taskArn ? { taskArn } : {}),
    finished: get('finished') === 'true',
    cancelled: get('cancelled') === 'true',
  };
}

export interface TaskCleanup {
  /** false: the task may still be running. */
  ok: boolean;
  message: string;
  summary: string;
}

/** Stop the saved task if it still runs; say what was found either way. */
export async function stopLeftoverTask(
  saved: SavedTask,
  deps: { ecs: ECSClient; log: Logger },
): Promise<TaskCleanup> {
  const why = saved.cancelled ? 'the workflow was cancelled' : 'the run-task step did not finish';
  const end = (ok: boolean, outcome: string): TaskCleanup => {
    const message = `${why}: ${outcome}`;
    deps.log[ok ? 'info' : 'warning'](message);
    return { ok, message, summary: `### ${ok ? '⏹️' : '⚠️'} run-task (post step): ${message}\n` };
  };
  if (!saved.taskArn) return end(true, 'no task had been started; nothing to stop');
  const id = taskIdOf(saved.taskArn);
  try {
    const out = await deps.ecs.send(
      new DescribeTasksCommand({ cluster: saved.cluster, tasks: [saved.taskArn] }),
    );
    const task = out.tasks?.find((t) => t.taskArn === saved.taskArn);
    if (!task) return end(true, `task ${id} is gone (ECS no longer knows it)`);
    if (task.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED') {
      const exit = task.containers?.find((c) => c.exitCode !== undefined)?.exitCode;
      return end(
        true,
        `task ${id} is ${task.lastStatus === 'STOPPED' ? 'stopped' : 'stopping'} already${task.stoppedReason ? ` (${task.stoppedReason})` : ''}${exit !== undefined ? `, exit code ${exit}` : ''}`,
      );
    }
    await deps.ecs.send(
      new StopTaskCommand({
        cluster: saved.cluster,
        task: saved.taskArn,
        reason: `ecs-deploy-actions: ${why} (post step)`.slice(0, 255),
      }),
    );
    return end(true, `stopped task ${id}, which was ${task.lastStatus ?? 'running'} (StopTask)`);
  } catch (err) {
    return end(
      false,
      `could not stop task ${id}: ${err instanceof Error ? err.message : String(err)}; it may still be running`,
    );
  }
}
