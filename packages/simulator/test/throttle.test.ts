/**
 * Account-wide request throttling (throttle.ts) through the real SDK v3 clients: the error each protocol
 * answers with, what the SDK's standard and adaptive retry modes make of it, per-group buckets, the call
 * log, and that nothing is throttled unless asked for.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  seedArchitecture,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
  type ThrottlingState,
} from '../index.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Speed 0 by default: simulated time (which refills the buckets) moves only through `clock.advance`. */
async function start(options: SimulatorOptions = {}) {
  sim = await startSimulator({ scenario: seedArchitecture(), speed: 0, ...options });
  return sim;
}

type RetryOptions = { maxAttempts?: number; retryMode?: 'standard' | 'adaptive' };
const config = (s: RunningSimulator, retry: RetryOptions) => ({
  endpoint: s.url,
  region: s.region,
  credentials: s.credentials,
  ...retry,
});
const ecsClient = (s: RunningSimulator, retry: RetryOptions = { maxAttempts: 1 }) =>
  new ECSClient(config(s, retry));
const elbClient = (s: RunningSimulator, retry: RetryOptions = { maxAttempts: 1 }) =>
  new ElasticLoadBalancingV2Client(config(s, retry));
const cloudWatchClient = (s: RunningSimulator, retry: RetryOptions = { maxAttempts: 1 }) =>
  new CloudWatchClient(config(s, retry));

const describeBackend = () => new DescribeServicesCommand({ cluster: 'web', services: ['backend'] });

/** Settles every promise; returns the errors' names (undefined for successes), in order. */
async function outcomes(promises: Promise<unknown>[]): Promise<(string | undefined)[]> {
  const settled = await Promise.allSettled(promises);
  return settled.map((s) => (s.status === 'rejected' ? (s.reason as Error).name : undefined));
}

function bucket(state: ThrottlingState, name: string) {
  const found = state.buckets.find((b) => b.name === name);
  if (!found) throw new Error(`no bucket ${name}`);
  return found;
}

/** A request the simulator accepts as signed (it checks the header's shape, not the signature). */
const FAKE_AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIASIMULATOR0000000/20300101/us-east-1/ecs/aws4_request, ' +
  'SignedHeaders=host;x-amz-date, Signature=0123456789abcdef';

describe('throttling: ECS', () => {
  it('a burst beyond the service read bucket gets ThrottlingException; simulated time refills it', async () => {
    const s = await start({
      throttling: { buckets: { 'ecs:service-read': { capacity: 3, refillPerSecond: 2 } } },
    });
    const ecs = ecsClient(s);
    const errors = await Promise.allSettled(Array.from({ length: 5 }, () => ecs.send(describeBackend())));
    expect(errors.filter((e) => e.status === 'fulfilled')).toHaveLength(3);
    const throttled = errors.flatMap((e) => (e.status === 'rejected' ? [e.reason] : []));
    expect(throttled).toHaveLength(2);
    for (const err of throttled as (Error & {
      $metadata: { httpStatusCode?: number; attempts?: number };
    })[]) {
      expect(err.name).toBe('ThrottlingException');
      expect(err.message).toBe('Rate exceeded');
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(err.$metadata.attempts).toBe(1);
    }

    // Throttled calls are in the call log with their status, so benchmarks can count them.
    const calls = s.calls({ service: 'ecs', operation: 'DescribeServices' });
    expect(calls.map((c) => c.status).sort()).toEqual([200, 200, 200, 400, 400]);
    expect(calls.filter((c) => c.error === 'ThrottlingException')).toHaveLength(2);
    expect(bucket(s.throttling(), 'ecs:service-read')).toMatchObject({
      capacity: 3,
      refillPerSecond: 2,
      allowed: 3,
      throttled: 2,
    });

    // Half a simulated second gives back one token (2/s), and only one.
    s.clock.advance(500);
    expect(await outcomes([ecs.send(describeBackend()), ecs.send(describeBackend())])).toEqual([
      undefined,
      'ThrottlingException',
    ]);
    // A long pause refills the bucket to its capacity, no further.
    s.clock.advance(60_000);
    expect(bucket(s.throttling(), 'ecs:service-read').tokens).toBe(3);
  });

  it('answers with the byte-exact body real ECS sends (and the error type header)', async () => {
    const s = await start({ throttling: { buckets: { 'ecs:cluster-read': { capacity: 0 } } } });
    const res = await fetch(s.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
        'content-type': 'application/x-amz-json-1.1',
        authorization: FAKE_AUTH,
      },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(res.headers.get('x-amzn-errortype')).toBe('ThrottlingException');
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await res.text()).toBe('{"__type":"ThrottlingException","message":"Rate exceeded"}');
  });

  it("the SDK's standard retry succeeds once the bucket has refilled", async () => {
    const s = await start({
      throttling: { buckets: { 'ecs:service-read': { capacity: 1, refillPerSecond: 1 } } },
    });
    await ecsClient(s).send(describeBackend()); // drains the bucket
    const ecs = ecsClient(s, { maxAttempts: 3 });
    // Time passes between attempts: each retry finds the simulated clock a second further on.
    let attempt = 0;
    ecs.middlewareStack.add(
      (next) => async (args) => {
        if (attempt++ > 0) s.clock.advance(1000);
        return next(args);
      },
      { step: 'deserialize' },
    );
    const out = await ecs.send(describeBackend());
    expect(out.services![0]!.serviceName).toBe('backend');
    expect(out.$metadata.attempts).toBeGreaterThan(1);
    expect(s.calls({ operation: 'DescribeServices' }).map((c) => [c.status, c.error])).toEqual([
      [200, undefined],
      [400, 'ThrottlingException'],
      [200, undefined],
    ]);
  });

  it('with buckets on wall time, a concurrent burst is absorbed by standard retries', async () => {
    const s = await start({
      throttling: {
        time: 'wall',
        buckets: { 'ecs:service-read': { capacity: 2, refillPerSecond: 10 } },
      },
    });
    const ecs = ecsClient(s, { maxAttempts: 8 });
    const results = await Promise.all(Array.from({ length: 6 }, () => ecs.send(describeBackend())));
    expect(results.every((r) => r.services![0]!.serviceName === 'backend')).toBe(true);
    expect(Math.max(...results.map((r) => r.$metadata.attempts ?? 0))).toBeGreaterThan(1);
    const calls = s.calls({ operation: 'DescribeServices' });
    expect(calls.filter((c) => c.status === 200)).toHaveLength(6);
    expect(calls.filter((c) => c.error === 'ThrottlingException').length).toBeGreaterThan(0);
  });

  it('the adaptive retry mode slows itself down after being throttled', async () => {
    const s = await start({
      speed: 1,
      throttling: { buckets: { 'ecs:service-read': { capacity: 5, refillPerSecond: 5 } } },
    });
    const ecs = ecsClient(s, { retryMode: 'adaptive', maxAttempts: 10 });
    for (let i = 0; i < 12; i++) await ecs.send(describeBackend());
    const calls = s.calls({ operation: 'DescribeServices' });
    const firstThrottle = calls.findIndex((c) => c.status === 400);
    // Sequential calls go out back to back until the bucket runs dry…
    expect(firstThrottle).toBeGreaterThanOrEqual(5);
    // …then the client's own rate limiter spaces the calls that follow (observed: median 230-490 ms). The
    // standard mode sends them back to back again as soon as a retry got through (observed: 4-18 ms).
    const after = calls.slice(firstThrottle + 1);
    const gaps = after.slice(1, 5).map((c, i) => c.wall - after[i]!.wall);
    expect(gaps).toHaveLength(4);
    const sorted = [...gaps].sort((a, b) => a - b);
    expect(sorted[2]).toBeGreaterThanOrEqual(50);
  });

  it('buckets are per action group: exhausting reads does not throttle RegisterTaskDefinition', async () => {
    const s = await start({ throttling: true }); // AWS's documented sizes
    const ecs = ecsClient(s);
    const reads = await outcomes(Array.from({ length: 101 }, () => ecs.send(describeBackend())));
    expect(reads.filter((r) => r === undefined)).toHaveLength(100); // service read: burst 100
    expect(reads.filter((r) => r === 'ThrottlingException')).toHaveLength(1);

    const register = () =>
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'jobs',
          containerDefinitions: [{ name: 'app', image: 'busybox', memory: 128 }],
        }),
      );
    expect((await register()).taskDefinition?.revision).toBe(1);
    expect(
      (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'jobs' }))).taskDefinition?.family,
    ).toBe('jobs');
    // Task definition modify actions: burst 20, sustained 1/s.
    const more = await outcomes(Array.from({ length: 20 }, register));
    expect(more.filter((r) => r === undefined)).toHaveLength(19);
    expect(more.filter((r) => r === 'ThrottlingException')).toHaveLength(1);
    // …and registering did not give the read bucket anything back.
    expect(await outcomes([ecs.send(describeBackend())])).toEqual(['ThrottlingException']);
    expect(bucket(s.throttling(), 'ecs:service-read').throttled).toBe(2);
    s.clock.advance(1000);
    expect((await register()).taskDefinition?.revision).toBe(21);
    expect(await outcomes([register()])).toEqual(['ThrottlingException']);
  });
});

describe('throttling: ELBv2 and CloudWatch', () => {
  it('ELBv2 DescribeTargetHealth is throttled as Throttling, in the Query XML error shape', async () => {
    const s = await start({
      throttling: { buckets: { 'elbv2:non-mutating': { capacity: 2, refillPerSecond: 1 } } },
    });
    const elb = elbClient(s);
    const [group] = (await elb.send(new DescribeTargetGroupsCommand({ Names: ['backend-tg'] })))
      .TargetGroups!;
    await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: group!.TargetGroupArn }));
    const err = (await elb
      .send(new DescribeTargetHealthCommand({ TargetGroupArn: group!.TargetGroupArn }))
      .catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode?: number }; Type?: string };
    expect(err.name).toBe('Throttling');
    expect(err.message).toBe('Rate exceeded');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(s.calls({ service: 'elbv2', operation: 'DescribeTargetHealth' }).map((c) => c.error)).toEqual([
      undefined,
      'Throttling',
    ]);

    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: FAKE_AUTH },
      body: 'Action=DescribeLoadBalancers&Version=2015-12-01',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ErrorResponse xmlns="http:\/\/elasticloadbalancing\.amazonaws\.com\/doc\/2015-12-01\/"><Error><Type>Sender<\/Type><Code>Throttling<\/Code><Message>Rate exceeded<\/Message><\/Error><RequestId>sim-[0-9a-f-]+<\/RequestId><\/ErrorResponse>$/,
    );
  });

  it("ELBv2's account-level bucket is shared: draining it with describes throttles RegisterTargets", async () => {
    const s = await start({ throttling: true });
    const elb = elbClient(s);
    const [group] = (await elb.send(new DescribeTargetGroupsCommand({ Names: ['backend-tg'] })))
      .TargetGroups!;
    const describes = await outcomes(
      Array.from({ length: 40 }, () =>
        elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: group!.TargetGroupArn })),
      ),
    );
    // Non-mutating and account buckets both hold 40; DescribeTargetGroups took one of each.
    expect(describes.filter((r) => r === undefined)).toHaveLength(39);
    const register = () =>
      elb.send(
        new RegisterTargetsCommand({
          TargetGroupArn: group!.TargetGroupArn,
          Targets: [{ Id: '10.0.9.9', Port: 8000 }],
        }),
      );
    expect(await outcomes([register()])).toEqual(['Throttling']);
    const state = s.throttling();
    expect(bucket(state, 'elbv2:registration')).toMatchObject({ tokens: 20, allowed: 0, throttled: 0 });
    expect(bucket(state, 'elbv2:account').throttled).toBe(2);
    s.clock.advance(100); // 10/s: one account token back
    expect(await outcomes([register()])).toEqual([undefined]);
  });

  it('CloudWatch DescribeAlarms: 9 per second, then Throttling', async () => {
    const s = await start({ throttling: true });
    const cloudwatch = cloudWatchClient(s);
    const results = await outcomes(
      Array.from({ length: 10 }, () =>
        cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['web-alb-5xx'] })),
      ),
    );
    expect(results.filter((r) => r === undefined)).toHaveLength(9);
    expect(results.filter((r) => r === 'Throttling')).toHaveLength(1);
    const err = (await cloudwatch
      .send(new DescribeAlarmsCommand({ AlarmNames: ['web-alb-5xx'] }))
      .catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode?: number } };
    expect(err.name).toBe('Throttling');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(s.calls({ service: 'cloudwatch' }).filter((c) => c.error === 'Throttling')).toHaveLength(2);
    s.clock.advance(1000);
    const again = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['web-alb-5xx'] }));
    expect(again.MetricAlarms).toHaveLength(1);
  });
});

describe('throttling: off and control', () => {
  it('is off by default: nothing is throttled', async () => {
    const s = await start();
    const ecs = ecsClient(s);
    const results = await outcomes(Array.from({ length: 150 }, () => ecs.send(describeBackend())));
    expect(results.every((r) => r === undefined)).toBe(true);
    const cloudwatch = cloudWatchClient(s);
    const alarms = await outcomes(
      Array.from({ length: 20 }, () => cloudwatch.send(new DescribeAlarmsCommand({}))),
    );
    expect(alarms.every((r) => r === undefined)).toBe(true);
    expect(s.calls().every((c) => c.status === 200)).toBe(true);
    expect(s.throttling().enabled).toBe(false);
  });

  it('POST /_sim/throttling turns it on (buckets start full), sim.throttling(false) off again', async () => {
    const s = await start();
    const res = await fetch(`${s.url}/_sim/throttling`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ buckets: { 'ecs:*': { capacity: 1 } } }),
    });
    const state = (await res.json()) as ThrottlingState;
    expect(state.enabled).toBe(true);
    expect(state.time).toBe('simulated');
    expect(bucket(state, 'ecs:service-read')).toMatchObject({ capacity: 1, tokens: 1, refillPerSecond: 20 });
    expect(bucket(state, 'ecs:service-read').source).toContain('Request throttling for the Amazon ECS API');
    expect(bucket(state, 'elbv2:non-mutating')).toMatchObject({ capacity: 40, refillPerSecond: 10 });

    const ecs = ecsClient(s);
    expect(await outcomes([ecs.send(describeBackend()), ecs.send(describeBackend())])).toEqual([
      undefined,
      'ThrottlingException',
    ]);
    const got = (await (await fetch(`${s.url}/_sim/throttling`)).json()) as ThrottlingState;
    expect(bucket(got, 'ecs:service-read')).toMatchObject({ allowed: 1, throttled: 1 });

    s.throttling(false);
    expect(await outcomes([ecs.send(describeBackend()), ecs.send(describeBackend())])).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('a configured group can throttle a service with no documented buckets (CloudWatch Logs)', async () => {
    const s = await start({
      throttling: {
        buckets: {
          'logs:describe': { service: 'logs', operations: ['Describe*'], capacity: 1, refillPerSecond: 1 },
        },
      },
    });
    const body = JSON.stringify({});
    const call = () =>
      fetch(s.url, {
        method: 'POST',
        headers: {
          'x-amz-target': 'Logs_20140328.DescribeLogGroups',
          'content-type': 'application/x-amz-json-1.1',
          authorization: FAKE_AUTH,
        },
        body,
      });
    expect((await call()).status).toBe(200);
    const throttled = await call();
    expect(throttled.status).toBe(400);
    expect(await throttled.json()).toEqual({ __type: 'ThrottlingException', message: 'Rate exceeded' });
  });
});
