/**
 * LogFollower against a mocked CloudWatch Logs client that pages like GetLogEvents does: forward tokens are
 * positions, a page holds at most PAGE events, and the end of the stream answers the token it was given.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  CloudWatchLogsClient,
  GetLogEventsCommand,
  ResourceNotFoundException,
  ThrottlingException,
  type GetLogEventsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { MemoryLogger, type Clock } from '../../runtime/index.js';
import { LogFollower } from '../log-follow.js';

const PAGE = 10;

class StepClock implements Clock {
  t = 1_000_000;
  slept: number[] = [];
  now = () => this.t;
  sleep = async (ms: number) => {
    this.slept.push(ms);
    this.t += Math.max(0, ms);
  };
}

const client = new CloudWatchLogsClient({ region: 'us-east-1' });
const logsMock = mockClient(client);
let stream: string[] | undefined;
/** Errors to answer before reading, one per call. */
let failures: Error[];
let clock: StepClock;
let log: MemoryLogger;
let printed: string[];

function answer(input: GetLogEventsCommandInput) {
  const failure = failures.shift();
  if (failure) throw failure;
  if (!stream) {
    throw new ResourceNotFoundException({
      message: 'The specified log stream does not exist.',
      $metadata: {},
    });
  }
  expect(input.startFromHead).toBe(true);
  const from = input.nextToken ? Number(input.nextToken.slice(2)) : 0;
  const to = Math.min(stream.length, from + PAGE);
  return {
    events: stream.slice(from, to).map((message, i) => ({ message, timestamp: from + i })),
    nextForwardToken: `f/${to}`,
    nextBackwardToken: `b/${from}`,
  };
}

function follower(tailSize = 5) {
  return new LogFollower({
    client: async () => client,
    logGroup: '/ecs/backend',
    logStream: 'ecs/backend/abc',
    redactValues: ['hunter2-password'],
    onLine: (line) => printed.push(line),
    tailSize,
    clock,
    log,
  });
}

const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${String(from + i).padStart(3, '0')}`);
const calls = () => logsMock.commandCalls(GetLogEventsCommand).length;

beforeEach(() => {
  logsMock.reset();
  logsMock.on(GetLogEventsCommand).callsFake(answer);
  stream = undefined;
  failures = [];
  clock = new StepClock();
  log = new MemoryLogger();
  printed = [];
});

describe('LogFollower', () => {
  it('waits quietly for a stream that does not exist yet, then prints each line once, in order', async () => {
    const f = follower();
    expect(await f.poll()).toBe('missing');
    expect(log.lines).toEqual([]);
    stream = lines(0, 3);
    expect(await f.poll()).toBe('current');
    stream.push(...lines(3, 7));
    expect(await f.poll()).toBe('current');
    expect(await f.poll()).toBe('current');
    expect(printed).toEqual(lines(0, 7));
    expect(f.lineCount).toBe(7);
    expect(f.tail).toEqual(lines(2, 7));
    // Every read after the first went on from the token it had been given.
    const tokens = logsMock.commandCalls(GetLogEventsCommand).map((c) => c.args[0].input.nextToken);
    expect(tokens).toEqual([undefined, undefined, 'f/3', 'f/3', 'f/7', 'f/7']);
  });

  it('reads a backlog a few pages per poll, and all of it when draining', async () => {
    stream = lines(0, 45);
    const f = follower();
    expect(await f.poll(2)).toBe('more');
    expect(printed).toEqual(lines(0, 20));
    stream.push(...lines(45, 60));
    expect(await f.drain(clock.now() + 10_000)).toBe(true);
    expect(printed).toEqual(lines(0, 60));
    expect(f.caughtUp).toBe(true);
  });

  it('backs off on throttling without calling AWS meanwhile, doubling the pause', async () => {
    stream = lines(0, 4);
    const f = follower();
    failures = [
      new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }),
      new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }),
    ];
    expect(await f.poll()).toBe('throttled');
    expect(await f.poll()).toBe('throttled');
    expect(calls()).toBe(1);
    clock.t += 2_000;
    expect(await f.poll()).toBe('throttled');
    expect(calls()).toBe(2);
    clock.t += 2_000;
    expect(await f.poll()).toBe('throttled'); // the second pause is 4 s
    expect(calls()).toBe(2);
    clock.t += 2_000;
    expect(await f.poll()).toBe('current');
    expect(printed).toEqual(lines(0, 4));
    expect(log.lines).toEqual([]);
  });

  it('drains through throttling to the end, waiting out each pause', async () => {
    stream = lines(0, 25);
    const f = follower();
    expect(await f.poll(1)).toBe('more');
    stream.push('written just before STOPPED');
    failures = [new ThrottlingException({ message: 'Rate exceeded', $metadata: {} })];
    expect(await f.drain(clock.now() + 60_000)).toBe(true);
    expect(clock.slept).toEqual([2_000]);
    expect(printed).toEqual([...lines(0, 25), 'written just before STOPPED']);
  });

  it('gives up draining at the deadline or when cancelled, and says it did not reach the end', async () => {
    stream = lines(0, 3);
    const f = follower();
    failures = Array.from(
      { length: 50 },
      () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }),
    );
    const deadline = clock.now() + 20_000;
    expect(await f.drain(deadline)).toBe(false);
    expect(clock.now()).toBe(deadline);
    const cancelled = new AbortController();
    cancelled.abort();
    const before = calls();
    expect(await follower().drain(clock.now() + 60_000, cancelled.signal)).toBe(false);
    expect(calls()).toBe(before + 1);
  });

  it('warns once per distinct read error and recovers', async () => {
    stream = lines(0, 2);
    const denied = Object.assign(new Error('not authorized to perform: logs:GetLogEvents'), {
      name: 'AccessDeniedException',
    });
    failures = [denied, denied];
    const f = follower();
    expect(await f.poll()).toBe('error');
    clock.t += 2_000;
    expect(await f.poll()).toBe('error');
    clock.t += 4_000;
    expect(await f.poll()).toBe('current');
    expect(log.lines.filter((l) => l.level === 'warning')).toHaveLength(1);
    expect(log.text()).toContain('logs:GetLogEvents');
    expect(printed).toEqual(lines(0, 2));
  });

  it('splits multi-line events, drops the trailing newline and redacts secret values', async () => {
    stream = ['connecting with hunter2-password\n', 'Traceback:\n  File "x.py"\nValueError'];
    const f = follower(3);
    await f.poll();
    expect(printed).toEqual(['connecting with ***', 'Traceback:', '  File "x.py"', 'ValueError']);
    expect(f.tail).toEqual(['Traceback:', '  File "x.py"', 'ValueError']);
  });
});
