/** The last lines a task wrote to CloudWatch Logs (awslogs), redacted of values that may be secrets. */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { FailureCause, LogLocation } from '../deploy-report/index.js';
import { redact } from '../markdown/index.js';
import type { Logger } from '../runtime/index.js';
import type { RevisionInfo } from './revision.js';
import { shortArn } from './task-view.js';

export const LOG_TAIL_LINES = 20;

/** CloudWatch Logs for a region, created on first use: only a failure reads a task's log. */
export type LogsClientFor = (region: string) => Promise<CloudWatchLogsClient>;

/** awslogs stream name of a task's container: `prefix/container/task-id`. */
export function streamName(prefix: string, container: string, taskArn: string): string {
  return `${prefix}/${container}/${shortArn(taskArn)}`;
}

/** The last `count` events of a log stream, one line each, redacted; throws what CloudWatch Logs throws. */
export async function readLogLines(
  logs: CloudWatchLogsClient,
  logGroup: string,
  logStream: string,
  count: number,
  redactValues: readonly string[],
): Promise<string[]> {
  const { GetLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const out = await logs.send(
    new GetLogEventsCommand({
      logGroupName: logGroup,
      logStreamName: logStream,
      limit: count,
      startFromHead: false,
    }),
  );
  return (out.events ?? [])
    .slice(-count)
    .map((e) => redact((e.message ?? '').replace(/\r?\n$/, ''), redactValues));
}

/** Where a container's log is: the one named, else an essential container's, else the first. */
export function logLocationOf(info: RevisionInfo | undefined, container?: string): LogLocation | undefined {
  const logs = info?.logs ?? [];
  return (
    logs.find((l) => l.container === container) ??
    logs.find((l) => info!.essential.has(l.container)) ??
    logs[0]
  );
}

export interface LogTailRequest {
  logsFor: LogsClientFor;
  /** The region of the task, for a log location that names none. */
  region: string;
  info: RevisionInfo | undefined;
  taskArn: string;
  /** The container whose log to read (default: an essential one). */
  container?: string;
  count?: number;
  redactValues: readonly string[];
  log: Logger;
}

/**
 * Fill in the cause's log group, stream and last lines. A log that cannot be read is a warning, never a
 * second failure; a stream that does not exist (the task never started) gives no lines.
 */
export async function attachLogTail(cause: FailureCause, req: LogTailRequest): Promise<void> {
  const location = logLocationOf(req.info, req.container);
  if (!location?.streamPrefix) return;
  const stream = streamName(location.streamPrefix, location.container, req.taskArn);
  cause.logGroup = location.logGroup;
  cause.logStream = stream;
  const count = req.count ?? LOG_TAIL_LINES;
  if (count === 0) return;
  try {
    const client = await req.logsFor(location.region ?? req.region);
    cause.logLines = await readLogLines(client, location.logGroup, stream, count, req.redactValues);
  } catch (err) {
    if (err instanceof Error && err.name === 'ResourceNotFoundException') {
      cause.logLines = [];
      return;
    }
    req.log.warning(
      `could not read the log of task ${shortArn(req.taskArn)} (${location.logGroup} ${stream}): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
