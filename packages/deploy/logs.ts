/** The last lines a failed task wrote to CloudWatch Logs, with the task definition's env values redacted. */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { FailureCause } from '../deploy-report/index.js';
import type { Logger } from '../runtime/index.js';
import type { DeployClients } from './clients.js';
import { shortArn } from './observation.js';
import type { RevisionInfo } from './revision.js';

export const LOG_TAIL_LINES = 20;
/** Shorter values (`1`, `on`, `80`) would shred every line they occur in, and are not secrets. */
const MIN_REDACTED_LENGTH = 4;

export function redact(text: string, values: readonly string[]): string {
  let out = text;
  const secrets = [...new Set(values.filter((v) => v.length >= MIN_REDACTED_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  for (const value of secrets) out = out.split(value).join('***');
  return out;
}

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

/** Fill in the cause's log group, stream and last lines; a log that cannot be read is a warning, not a failure. */
export async function attachLogTail(
  clients: DeployClients,
  cause: FailureCause,
  info: RevisionInfo | undefined,
  redactValues: readonly string[],
  log: Logger,
): Promise<void> {
  if (!cause.taskArn || !info) return;
  const location =
    info.logs.find((l) => l.container === cause.container) ??
    info.logs.find((l) => info.essential.has(l.container)) ??
    info.logs[0];
  if (!location?.streamPrefix) return;
  const stream = streamName(location.streamPrefix, location.container, cause.taskArn);
  cause.logGroup = location.logGroup;
  cause.logStream = stream;
  try {
    cause.logLines = await readLogLines(
      await clients.logs(),
      location.logGroup,
      stream,
      LOG_TAIL_LINES,
      redactValues,
    );
  } catch (err) {
    log.warning(
      `could not read the log of task ${shortArn(cause.taskArn)} (${location.logGroup} ${stream}): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
