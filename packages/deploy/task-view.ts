import type { Task } from '@aws-sdk/client-ecs';
import { shortArn, type TaskView } from './observation.js';
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
