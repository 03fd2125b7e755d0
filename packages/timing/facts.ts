/**
 * The moments of a rollout, gathered after it, all on AWS's clock: the timeline the deploy recorded (target
 * health, gates, bake; each entry's `awsAt`) and the release's tasks as ECS describes them (created, pull,
 * started). One clock, so the phases agree with each other whatever the runner's clock says (it can be off,
 * and against the simulator AWS's time runs faster). The timeline's wording comes from packages/deploy
 * (changes.ts, state.ts, watch.ts); the tests feed these readers with those producers' own output.
 */
import type { Task } from '@aws-sdk/client-ecs';
import type { TimelineEntry, TimingSettings } from '../deploy-report/index.js';
import type { RolloutFacts, TaskTimes } from './breakdown.js';

export interface TimelineMoments {
  updatedAt?: number;
  /** First time each target (IP) was seen healthy. */
  targetHealthyAt: Map<string, number>;
  /** First time each task (id) was seen HEALTHY, and RUNNING. */
  taskHealthyAt: Map<string, number>;
  taskRunningAt: Map<string, number>;
  rolloutDoneAt?: number;
  bakeStartedAt?: number;
}

const UPDATE = /^(updated service |created CodeDeploy deployment )/;
const TARGET_HEALTHY = /^target ([^\s:]+)(?::\d+)? healthy in /;
const TASK_STATE = /^task (\S+) (HEALTHY|RUNNING)$/;
const ROLLOUT_PASSED = /^gate (rollout|codedeploy) passed/;
const BAKE = /^all gates passed: baking/;

/** Read the deploy's own moments (not its rollback's: those lines start with `rollback`). */
export function timelineMoments(timeline: readonly TimelineEntry[]): TimelineMoments {
  const m: TimelineMoments = {
    targetHealthyAt: new Map(),
    taskHealthyAt: new Map(),
    taskRunningAt: new Map(),
  };
  for (const e of timeline) {
    // An entry of a run that did not track AWS's clock has only the run's time.
    const at = Date.parse(e.awsAt ?? e.at);
    if (!Number.isFinite(at)) continue;
    const text = e.message;
    if (e.kind === 'deployment' && m.updatedAt === undefined && UPDATE.test(text)) m.updatedAt = at;
    // Anything after the rollback began is not the release's rollout.
    if (e.kind === 'rollback') break;
    const target = e.kind === 'target' ? TARGET_HEALTHY.exec(text) : null;
    if (target && !m.targetHealthyAt.has(target[1]!)) m.targetHealthyAt.set(target[1]!, at);
    const task = e.kind === 'task' ? TASK_STATE.exec(text) : null;
    if (task) {
      const into = task[2] === 'HEALTHY' ? m.taskHealthyAt : m.taskRunningAt;
      if (!into.has(task[1]!)) into.set(task[1]!, at);
    }
    if (e.kind === 'gate' && m.rolloutDoneAt === undefined && ROLLOUT_PASSED.test(text)) m.rolloutDoneAt = at;
    if (e.kind === 'gate' && m.bakeStartedAt === undefined && BAKE.test(text)) m.bakeStartedAt = at;
  }
  return m;
}

const ipOf = (task: Task) =>
  task.attachments?.flatMap((a) => a.details ?? []).find((d) => d.name === 'privateIPv4Address')?.value;

/**
 * The facts a breakdown needs, on AWS's clock: `startedAt` (used when the timeline has no update) and
 * `finishedAt` are AWS's times too. `hasTargets`: the service sits behind a target group, so healthy means
 * the target's health.
 */
export function rolloutFacts(input: {
  timeline: readonly TimelineEntry[];
  tasks: readonly Task[];
  startedAt: number;
  finishedAt: number;
  hasTargets: boolean;
  settings: TimingSettings;
}): RolloutFacts {
  const m = timelineMoments(input.timeline);
  const ms = (d: Date | undefined) => d?.getTime();
  const tasks: TaskTimes[] = input.tasks.flatMap((t) => {
    const id = t.taskArn?.slice(t.taskArn.lastIndexOf('/') + 1);
    const createdAt = ms(t.createdAt);
    if (!id || createdAt === undefined) return [];
    const ip = ipOf(t);
    const healthyAt = input.hasTargets
      ? ip
        ? m.targetHealthyAt.get(ip)
        : undefined
      : (m.taskHealthyAt.get(id) ?? m.taskRunningAt.get(id));
    const times: TaskTimes = { id, createdAt };
    const pullStartedAt = ms(t.pullStartedAt);
    const pullStoppedAt = ms(t.pullStoppedAt);
    const startedAt = ms(t.startedAt);
    if (pullStartedAt !== undefined) times.pullStartedAt = pullStartedAt;
    if (pullStoppedAt !== undefined) times.pullStoppedAt = pullStoppedAt;
    if (startedAt !== undefined) times.startedAt = startedAt;
    if (healthyAt !== undefined) times.healthyAt = healthyAt;
    return [times];
  });
  return {
    updatedAt: m.updatedAt ?? input.startedAt,
    finishedAt: input.finishedAt,
    tasks,
    ...(m.rolloutDoneAt !== undefined ? { rolloutDoneAt: m.rolloutDoneAt } : {}),
    ...(m.bakeStartedAt !== undefined ? { bakeStartedAt: m.bakeStartedAt } : {}),
    settings: input.settings,
  };
}
