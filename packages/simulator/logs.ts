/**
 * CloudWatch Logs (JSON 1.1, `Logs_20140328.*`): log groups and streams in memory. Tasks write their
 * awslogs streams (`<prefix>/<container>/<task id>`) here; timestamps are epoch milliseconds as in the API.
 */
import { SimAwsError, type JsonService } from './service.js';
import type { World } from './world.js';

interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

interface LogStream {
  name: string;
  createdAt: number;
  events: LogEvent[];
}

interface LogGroup {
  name: string;
  createdAt: number;
  retentionInDays?: number;
  streams: Map<string, LogStream>;
}

export class LogsModel {
  readonly groups = new Map<string, LogGroup>();

  constructor(private readonly world: World) {}

  createGroup(name: string): void {
    if (!this.groups.has(name))
      this.groups.set(name, { name, createdAt: this.world.now(), streams: new Map() });
  }

  group(name: string): LogGroup {
    const group = this.groups.get(name);
    if (!group) throw new SimAwsError('ResourceNotFoundException', 'The specified log group does not exist.');
    return group;
  }

  /** Appends lines to a stream, creating the stream; false when the group does not exist. */
  write(groupName: string, streamName: string, lines: string[], at: number): boolean {
    const group = this.groups.get(groupName);
    if (!group) return false;
    let stream = group.streams.get(streamName);
    if (!stream) group.streams.set(streamName, (stream = { name: streamName, createdAt: at, events: [] }));
    for (const message of lines) stream.events.push({ timestamp: at, message, ingestionTime: at + 150 });
    return true;
  }

  private arn(group: string): string {
    return `arn:aws:logs:${this.world.region}:${this.world.accountId}:log-group:${group}`;
  }

  describeGroup(group: LogGroup) {
    return {
      logGroupName: group.name,
      creationTime: group.createdAt,
      retentionInDays: group.retentionInDays,
      metricFilterCount: 0,
      arn: `${this.arn(group.name)}:*`,
      logGroupArn: this.arn(group.name),
      storedBytes: 0,
      logGroupClass: 'STANDARD',
    };
  }

  state() {
    return [...this.groups.values()].map((g) => ({
      name: g.name,
      streams: [...g.streams.values()].map((s) => ({ name: s.name, events: s.events.map((e) => e.message) })),
    }));
  }
}

/** A CloudWatch Logs filter pattern: space-separated terms (all must match), quoted phrases, `?a ?b` (any). */
function matchesPattern(pattern: string | undefined, message: string): boolean {
  if (!pattern?.trim()) return true;
  const terms = [...pattern.matchAll(/\??"[^"]*"|\S+/g)].map((m) => m[0]);
  const optional = terms.filter((t) => t.startsWith('?')).map((t) => unquote(t.slice(1)));
  const required = terms.filter((t) => !t.startsWith('?')).map(unquote);
  if (optional.length && !optional.some((t) => message.includes(t))) return false;
  return required.every((t) => (t.startsWith('-') ? !message.includes(t.slice(1)) : message.includes(t)));
}

function unquote(term: string): string {
  return term.startsWith('"') && term.endsWith('"') ? term.slice(1, -1) : term;
}

function page<T>(items: T[], nextToken: string | undefined, limit: number | undefined, max: number) {
  const start = nextToken ? Number(nextToken) || 0 : 0;
  const size = Math.min(limit ?? max, max);
  const slice = items.slice(start, start + size);
  return { slice, nextToken: start + size < items.length ? String(start + size) : undefined };
}

export function createLogsService(world: World): JsonService {
  const logs = () => world.logs;
  return {
    targetPrefix: 'Logs_20140328',
    jsonVersion: '1.1',
    operations: {
      CreateLogGroup: (input: { logGroupName: string }) => {
        if (logs().groups.has(input.logGroupName)) {
          throw new SimAwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
        }
        logs().createGroup(input.logGroupName);
        return {};
      },
      DeleteLogGroup: (input: { logGroupName: string }) => {
        logs().group(input.logGroupName);
        logs().groups.delete(input.logGroupName);
        return {};
      },
      PutRetentionPolicy: (input: { logGroupName: string; retentionInDays: number }) => {
        logs().group(input.logGroupName).retentionInDays = input.retentionInDays;
        return {};
      },
      DescribeLogGroups: (input: {
        logGroupNamePrefix?: string;
        logGroupNamePattern?: string;
        limit?: number;
        nextToken?: string;
      }) => {
        const groups = [...logs().groups.values()]
          .filter((g) => !input.logGroupNamePrefix || g.name.startsWith(input.logGroupNamePrefix))
          .filter((g) => !input.logGroupNamePattern || g.name.includes(input.logGroupNamePattern))
          .sort((a, b) => a.name.localeCompare(b.name));
        const { slice, nextToken } = page(groups, input.nextToken, input.limit, 50);
        return { logGroups: slice.map((g) => logs().describeGroup(g)), nextToken };
      },
      CreateLogStream: (input: { logGroupName: string; logStreamName: string }) => {
        const group = logs().group(input.logGroupName);
        if (group.streams.has(input.logStreamName)) {
          throw new SimAwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
        }
        group.streams.set(input.logStreamName, {
          name: input.logStreamName,
          createdAt: world.now(),
          events: [],
        });
        return {};
      },
      DescribeLogStreams: (input: {
        logGroupName: string;
        logStreamNamePrefix?: string;
        orderBy?: 'LogStreamName' | 'LastEventTime';
        descending?: boolean;
        limit?: number;
        nextToken?: string;
      }) => {
        const group = logs().group(input.logGroupName);
        const last = (s: LogStream) => s.events.at(-1)?.timestamp ?? 0;
        const streams = [...group.streams.values()]
          .filter((s) => !input.logStreamNamePrefix || s.name.startsWith(input.logStreamNamePrefix))
          .sort((a, b) =>
            input.orderBy === 'LastEventTime' ? last(a) - last(b) : a.name.localeCompare(b.name),
          );
        if (input.descending) streams.reverse();
        const { slice, nextToken } = page(streams, input.nextToken, input.limit, 50);
        return {
          logStreams: slice.map((s) => ({
            logStreamName: s.name,
            creationTime: s.createdAt,
            firstEventTimestamp: s.events[0]?.timestamp,
            lastEventTimestamp: s.events.at(-1)?.timestamp,
            lastIngestionTime: s.events.at(-1)?.ingestionTime,
            arn: `arn:aws:logs:${world.region}:${world.accountId}:log-group:${group.name}:log-stream:${s.name}`,
            storedBytes: 0,
          })),
          nextToken,
        };
      },
      GetLogEvents: (input: {
        logGroupName: string;
        logStreamName: string;
        startTime?: number;
        endTime?: number;
        startFromHead?: boolean;
        limit?: number;
        nextToken?: string;
      }) => {
        const stream = logs().group(input.logGroupName).streams.get(input.logStreamName);
        if (!stream)
          throw new SimAwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
        const inRange = stream.events.filter(
          (e) =>
            (input.startTime === undefined || e.timestamp >= input.startTime) &&
            (input.endTime === undefined || e.timestamp < input.endTime),
        );
        const limit = Math.min(input.limit ?? 10_000, 10_000);
        // Tokens are positions: f/<n> reads forward from n, b/<n> reads backward ending before n.
        let from: number;
        let to: number;
        const token = input.nextToken;
        if (token?.startsWith('f/')) {
          from = Number(token.slice(2));
          to = Math.min(inRange.length, from + limit);
        } else if (token?.startsWith('b/')) {
          to = Number(token.slice(2));
          from = Math.max(0, to - limit);
        } else if (input.startFromHead) {
          from = 0;
          to = Math.min(inRange.length, limit);
        } else {
          to = inRange.length;
          from = Math.max(0, to - limit);
        }
        return {
          events: inRange.slice(from, to),
          nextForwardToken: `f/${to}`,
          nextBackwardToken: `b/${from}`,
        };
      },
      FilterLogEvents: (input: {
        logGroupName: string;
        logStreamNames?: string[];
        logStreamNamePrefix?: string;
        startTime?: number;
        endTime?: number;
        filterPattern?: string;
        limit?: number;
        nextToken?: string;
      }) => {
        const group = logs().group(input.logGroupName);
        const streams = [...group.streams.values()].filter(
          (s) =>
            (!input.logStreamNames || input.logStreamNames.includes(s.name)) &&
            (!input.logStreamNamePrefix || s.name.startsWith(input.logStreamNamePrefix)),
        );
        const events = streams
          .flatMap((s) =>
            s.events.map((e, i) => ({
              logStreamName: s.name,
              timestamp: e.timestamp,
              message: e.message,
              ingestionTime: e.ingestionTime,
              eventId: `${e.timestamp}${s.name.length}${i}`.padEnd(56, '0'),
            })),
          )
          .filter(
            (e) =>
              (input.startTime === undefined || e.timestamp >= input.startTime) &&
              (input.endTime === undefined || e.timestamp <= input.endTime) &&
              matchesPattern(input.filterPattern, e.message),
          )
          .sort((a, b) => a.timestamp - b.timestamp);
        const { slice, nextToken } = page(events, input.nextToken, input.limit, 10_000);
        return {
          events: slice,
          searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
          nextToken,
        };
      },
      PutLogEvents: (input: {
        logGroupName: string;
        logStreamName: string;
        logEvents: { timestamp: number; message: string }[];
      }) => {
        const stream = logs().group(input.logGroupName).streams.get(input.logStreamName);
        if (!stream)
          throw new SimAwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
        for (const e of input.logEvents) {
          stream.events.push({ timestamp: e.timestamp, message: e.message, ingestionTime: world.now() });
        }
        stream.events.sort((a, b) => a.timestamp - b.timestamp);
        return { nextSequenceToken: String(stream.events.length) };
      },
    },
  };
}
