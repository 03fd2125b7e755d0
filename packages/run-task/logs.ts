/** The last lines a one-off task wrote to CloudWatch Logs, redacted of the values it was given. */
import type { LogLocation } from '../deploy-report/index.js';
import { readLogLines, streamName } from '../deploy/index.js';
import type { Logger } from '../runtime/index.js';
import type { RunTaskClients } from './options.js';

export interface LogTail {
  logGroup: string;
  logStream: string;
  /** Absent when the log could not be read; empty when the stream has no events (or does not exist). */
  lines?: string[];
}

/** Read the last `count` events of the task's awslogs stream; a log that cannot be read is a warning. */
export async function readLogTail(
  clients: RunTaskClients,
  location: LogLocation,
  taskArn: string,
  count: number,
  region: string,
  redactValues: readonly string[],
  log: Logger,
): Promise<LogTail | undefined> {
  if (!location.streamPrefix) return undefined;
  const tail: LogTail = {
    logGroup: location.logGroup,
    logStream: streamName(location.streamPrefix, location.container, taskArn),
  };
  if (count === 0) return tail;
  try {
    const client = await clients.logs(location.region ?? region);
    tail.lines = await readLogLines(client, tail.logGroup, tail.logStream, count, redactValues);
  } catch (err) {
    // A task that never started has no stream: nothing to show, and nothing wrong with the log itself.
    if (err instanceof Error && err.name === 'ResourceNotFoundException') {
      tail.lines = [];
      return tail;
    }
    log.warning(
      `could not read the log ${tail.logGroup} ${tail.logStream}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return tail;
}
