/**
 * Follow one awslogs stream while a task runs: GetLogEvents from the head, then on with each page's
 * `nextForwardToken`, so every line is read once and in order. CloudWatch Logs answers the token it was
 * given when there is nothing new: that is how the end of the stream is known. A stream that does not exist
 * yet (the container has not started) is not an error, and throttling is waited out with a growing pause.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { Clock, Logger } from '../runtime/index.js';
import { redact } from '../markdown/index.js';

export interface LogFollowOptions {
  client: () => Promise<CloudWatchLogsClient>;
  logGroup: string;
  logStream: string;
  /** Values replaced by `***` in every line (environment values that may be secrets). */
  redactValues: readonly string[];
  /** Called with each new line, in order, once. */
  onLine(line: string): void;
  /** How many of the last lines to keep for the report. */
  tailSize: number;
  clock: Clock;
  log: Logger;
}

/** What one poll found: caught up, more pages left, throttled (pausing), no stream yet, or a read error. */
export type PollResult = 'current' | 'more' | 'throttled' | 'missing' | 'error';

const FIRST_PAUSE_MS = 2_000;
const MAX_PAUSE_MS = 30_000;
/** Pages per poll while the task runs: the status poll must not wait behind a huge backlog. */
const PAGES_PER_POLL = 10;

export class LogFollower {
  private token?: string;
  private readonly recent: string[] = [];
  private pauseMs = 0;
  private resumeAt = 0;
  private lastError?: string;
  /** Lines read so far. */
  lineCount = 0;
  /** The stream was found at least once. */
  streamSeen = false;
  /** The last read reached the end of the stream (false after an error that was not recovered). */
  caughtUp = false;

  constructor(private readonly o: LogFollowOptions) {}

  /** The last `tailSize` lines read, oldest first. */
  get tail(): string[] {
    return [...this.recent];
  }

  /**
   * Read what is new, up to `maxPages` pages. While pausing after throttling this returns `throttled`
   * without calling AWS, so the caller's own pace is unchanged.
   */
  async poll(maxPages = PAGES_PER_POLL): Promise<PollResult> {
    if (this.o.clock.now() < this.resumeAt) return 'throttled';
    const { GetLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    const client = await this.o.client();
    for (let page = 0; page < maxPages; page++) {
      let out;
      try {
        out = await client.send(
          new GetLogEventsCommand({
            logGroupName: this.o.logGroup,
            logStreamName: this.o.logStream,
            startFromHead: true,
            ...(this.token ? { nextToken: this.token } : {}),
          }),
        );
      } catch (err) {
        return this.failed(err);
      }
      this.pauseMs = 0;
      this.lastError = undefined;
      this.streamSeen = true;
      for (const event of out.events ?? []) this.emit(event.message ?? '');
      const next = out.nextForwardToken;
      const same = !next || next === this.token;
      if (next) this.token = next;
      if (same) {
        this.caughtUp = true;
        return 'current';
      }
      this.caughtUp = false;
    }
    return 'more';
  }

  /**
   * After the task stopped: read until the forward token stops changing, waiting out throttling and
   * read errors, until `deadline` (clock ms) or the signal. True when the whole stream was read (or it
   * never existed: the container did not start).
   */
  async drain(deadline: number, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      const result = await this.poll(Number.POSITIVE_INFINITY);
      if (result === 'current' || result === 'missing') return true;
      const now = this.o.clock.now();
      if (signal?.aborted || now >= deadline) return false;
      if (result !== 'more') await this.o.clock.sleep(Math.min(this.resumeAt, deadline) - now, signal);
    }
  }

  private emit(message: string): void {
    const text = redact(message.replace(/\r?\n$/, ''), this.o.redactValues);
    for (const line of text.split(/\r?\n/)) {
      this.lineCount++;
      this.recent.push(line);
      if (this.recent.length > this.o.tailSize) this.recent.shift();
      this.o.onLine(line);
    }
  }

  private failed(err: unknown): PollResult {
    const name = err instanceof Error ? err.name : '';
    if (name === 'ResourceNotFoundException' && !this.streamSeen) return 'missing';
    this.pauseMs = Math.min(MAX_PAUSE_MS, this.pauseMs ? this.pauseMs * 2 : FIRST_PAUSE_MS);
    this.resumeAt = this.o.clock.now() + this.pauseMs;
    if (name === 'ThrottlingException') return 'throttled';
    const message = err instanceof Error ? err.message : String(err);
    // Once per distinct problem: the next polls retry quietly.
    if (message !== this.lastError) {
      this.o.log.warning(
        `could not read the log ${this.o.logGroup} ${this.o.logStream}: ${message} (retrying in ${this.pauseMs / 1000} s)`,
      );
    }
    this.lastError = message;
    this.caughtUp = false;
    return 'error';
  }
}
