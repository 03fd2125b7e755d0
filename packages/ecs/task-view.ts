/**
 * Tasks as deploy, run-task and rollback see them: a DescribeTasks task reduced to the facts a gate or a
 * failure report needs, and the one wording of why a task failed.
 */
import type { Task } from '@aws-sdk/client-ecs';
import type { FailureCause } from '../deploy-report/index.js';
import type { RevisionInfo } from './revision.js';

/**
 * A DescribeTasks task as gates see it. `info` is the task's revision (which containers are essential, whether
 * one has a health check); without it every container counts as essential. `now` stands in for a missing
 * createdAt.
 */
export function taskView(task: Task, info: RevisionInfo | undefined, now: number): TaskView {
  const ip =
    task.attachments?.flatMap((a) => a.details ?? []).find((d) => d.name === 'privateIPv4Address')?.value ??
    task.containers?.flatMap((c) => c.networkInterfaces ?? []).find((n) => n.privateIpv4Address)
      ?.privateIpv4Address;
  return {
    arn: task.taskArn ?? '',
    id: shortArn(task.taskArn ?? ''),
    taskDefinitionArn: task.taskDefinitionArn ?? '',
    lastStatus: task.lastStatus ?? 'PROVISIONING',
    ...(task.desiredStatus ? { desiredStatus: task.desiredStatus } : {}),
    ...(task.healthStatus ? { healthStatus: task.healthStatus } : {}),
    healthChecked: info?.healthChecked ?? false,
    ...(task.startedBy ? { startedBy: task.startedBy } : {}),
    createdAt: task.createdAt?.getTime() ?? now,
    ...(task.startedAt ? { startedAt: task.startedAt.getTime() } : {}),
    ...(task.stopCode ? { stopCode: task.stopCode } : {}),
    ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
    containers: (task.containers ?? []).map((c) => ({
      name: c.name ?? '',
      ...(c.lastStatus ? { lastStatus: c.lastStatus } : {}),
      ...(c.exitCode !== undefined && c.exitCode !== null ? { exitCode: c.exitCode } : {}),
      ...(c.reason ? { reason: c.reason } : {}),
      essential: info ? info.essential.has(c.name ?? '') : true,
    })),
    ...(ip ? { ip } : {}),
  };
}

export interface ContainerView {
  name: string;
  lastStatus?: string;
  exitCode?: number;
  reason?: string;
  essential: boolean;
}

export interface TaskView {
  arn: string;
  id: string;
  taskDefinitionArn: string;
  lastStatus: string;
  desiredStatus?: string;
  healthStatus?: string;
  /** Whether a container of the revision defines a health check (then only HEALTHY counts as serving). */
  healthChecked: boolean;
  startedBy?: string;
  createdAt: number;
  startedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  containers: ContainerView[];
  ip?: string;
}

export interface TargetView {
  targetGroupArn: string;
  taskArn: string;
  id: string;
  port?: number;
  state: string;
  reason?: string;
  description?: string;
}

/** Tasks of the release that are RUNNING and, where a container health check exists, HEALTHY. */
export function servingTasks(tasks: TaskView[]): TaskView[] {
  return tasks.filter(
    (t) =>
      t.lastStatus === 'RUNNING' &&
      t.desiredStatus !== 'STOPPED' &&
      (t.healthChecked ? t.healthStatus === 'HEALTHY' : t.healthStatus !== 'UNHEALTHY'),
  );
}

export function shortArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

const FAILED_STOP_CODES = new Set(['EssentialContainerExited', 'TaskFailedToStart']);
const HEALTH_STOP = /health ?check/i;

/** Whether a stopped task stopped because it failed (not because a deployment scaled it in). */
export function isFailedTask(task: TaskView): boolean {
  if (task.lastStatus !== 'STOPPED' && task.desiredStatus !== 'STOPPED') return false;
  if (task.stopCode && FAILED_STOP_CODES.has(task.stopCode)) return true;
  return HEALTH_STOP.test(task.stoppedReason ?? '');
}

export function taskFailureCause(
  task: TaskView,
  obs?: { unhealthyTargets: readonly TargetView[] },
): FailureCause {
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
