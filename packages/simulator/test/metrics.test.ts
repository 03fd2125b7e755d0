/**
 * GetMetricData through the real @aws-sdk/client-cloudwatch: the JSON 1.0 wire shape, validation errors,
 * pagination, and series that follow what the world does (traffic, a slower release, Container Insights).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  GetMetricDataCommand,
  InvalidParameterValueException,
  paginateGetMetricData,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { seedArchitecture, slowerRelease, startSimulator, type RunningSimulator } from '../index.js';
import { readReleaseMetrics, resolveMetricTargets } from '../../metrics/index.js';
import { clients } from './clients.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const MINUTE = 60_000;

async function start(insights: boolean) {
  const scenario = {
    ...seedArchitecture({ releases: [slowerRelease({ image: ':slow' })], startTime: '2026-03-02T10:00:30Z' }),
    ...(insights ? { containerInsights: ['web'] } : {}),
  };
  sim = await startSimulator({ scenario, speed: 0 });
  return { sim, ...clients(sim) };
}

async function backendTargets(c: Awaited<ReturnType<typeof start>>) {
  const service = (await c.ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] })))
    .services![0]!;
  return resolveMetricTargets(c.elb, service, { cluster: 'web', service: 'backend' });
}

describe('GetMetricData through the SDK', () => {
  it('serves the seeded steady state per minute: requests, latency, CPU, memory, running tasks', async () => {
    const c = await start(true);
    c.sim.clock.advance(10 * MINUTE);
    const targets = await backendTargets(c);
    expect(targets.targetGroups).toEqual([
      {
        targetGroup: expect.stringMatching(/^targetgroup\/backend-tg\/[0-9a-f]+$/),
        loadBalancer: expect.stringMatching(/^app\/web-alb\/[0-9a-f]+$/),
      },
    ]);
    const now = c.sim.clock.now();
    const metrics = await readReleaseMetrics(c.cloudwatch, targets, now - 5 * MINUTE, now);
    const row = (m: string) => metrics.rows.find((r) => r.metric === m)!;
    // 600 requests a minute (±4%), no errors, p95 120 ms (±6%), two tasks, CPU about 30%.
    expect(row('requests').before).toBeGreaterThan(570);
    expect(row('requests').after).toBeLessThan(630);
    expect(row('5xx-rate')).toMatchObject({ before: 0, after: 0 });
    expect(row('p95-latency').after).toBeGreaterThan(112);
    expect(row('p95-latency').after).toBeLessThan(128);
    expect(row('cpu-avg').after).toBeGreaterThan(25);
    expect(row('cpu-max').after).toBeGreaterThanOrEqual(row('cpu-avg').after!);
    expect(row('memory-avg').after).toBeCloseTo(45, -1);
    expect(row('running-tasks')).toMatchObject({ before: 2, after: 2 });
    // The minute in progress has no datapoint yet.
    expect(row('requests').afterSeries.at(-1)).toBeNull();
    expect(
      row('requests')
        .afterSeries.slice(0, -1)
        .every((v) => v !== null),
    ).toBe(true);
    expect(metrics.rows.some((r) => r.regression)).toBe(false);
  });

  it('without Container Insights there is no RunningTaskCount, and the row says so', async () => {
    const c = await start(false);
    c.sim.clock.advance(5 * MINUTE);
    const now = c.sim.clock.now();
    const metrics = await readReleaseMetrics(c.cloudwatch, await backendTargets(c), now - 3 * MINUTE, now);
    expect(metrics.rows.find((r) => r.metric === 'running-tasks')).toMatchObject({
      note: 'no data: Container Insights is not enabled on the cluster',
    });
  });

  it('pages by MaxDatapoints with NextToken, and the SDK paginator gathers every datapoint', async () => {
    const c = await start(true);
    c.sim.clock.advance(5 * MINUTE);
    const now = Math.floor(c.sim.clock.now() / MINUTE) * MINUTE;
    const query = (id: string, stat: string): MetricDataQuery => ({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ECS',
          MetricName: 'CPUUtilization',
          Dimensions: [
            { Name: 'ClusterName', Value: 'web' },
            { Name: 'ServiceName', Value: 'backend' },
          ],
        },
        Period: 60,
        Stat: stat,
      },
    });
    const input = {
      MetricDataQueries: [query('avg', 'Average'), query('peak', 'Maximum')],
      StartTime: new Date(now - 30 * MINUTE),
      EndTime: new Date(now),
      ScanBy: 'TimestampAscending' as const,
      MaxDatapoints: 25,
    };
    const first = await c.cloudwatch.send(new GetMetricDataCommand(input));
    expect(first.NextToken).toBeDefined();
    expect(first.MetricDataResults!.map((r) => [r.Id, r.StatusCode, r.Timestamps!.length])).toEqual([
      ['avg', 'PartialData', 25],
      ['peak', 'PartialData', 0],
    ]);
    expect(first.MetricDataResults![0]!.Timestamps![0]).toEqual(new Date(now - 30 * MINUTE));
    const points: Record<string, number> = {};
    for await (const page of paginateGetMetricData({ client: c.cloudwatch }, input)) {
      for (const r of page.MetricDataResults ?? []) points[r.Id!] = (points[r.Id!] ?? 0) + r.Values!.length;
    }
    expect(points).toEqual({ avg: 30, peak: 30 });
  });

  it('refuses what CloudWatch refuses, with its error', async () => {
    const c = await start(false);
    const send = (q: Partial<MetricDataQuery>) =>
      c.cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            {
              Id: 'ok',
              MetricStat: {
                Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization' },
                Period: 60,
                Stat: 'Average',
              },
              ...q,
            },
          ],
          StartTime: new Date(c.sim.clock.now() - MINUTE),
          EndTime: new Date(c.sim.clock.now()),
        }),
      );
    await expect(send({ Id: 'Bad-Id' })).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(
      send({
        MetricStat: {
          Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization' },
          Period: 45,
          Stat: 'Average',
        },
      }),
    ).rejects.toThrow(/multiple of 60/);
    await expect(
      send({
        MetricStat: {
          Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization' },
          Period: 60,
          Stat: 'Median',
        },
      }),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
  });

  it('a slower release raises p95 from about 120 ms to about 400 ms and nothing else', async () => {
    const c = await start(true);
    c.sim.clock.advance(10 * MINUTE);
    const current = await c.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'backend', include: ['TAGS'] }),
    );
    const {
      taskDefinitionArn: _a,
      revision: _r,
      status: _s,
      requiresAttributes: _q,
      compatibilities: _c,
      registeredAt: _t,
      registeredBy: _b,
      deregisteredAt: _d,
      ...body
    } = current.taskDefinition!;
    body.containerDefinitions![0]!.image = 'repo/backend:slow';
    const registered = await c.ecs.send(
      new RegisterTaskDefinitionCommand({
        ...(body as RegisterTaskDefinitionCommandInput),
        tags: current.tags,
      }),
    );
    const started = c.sim.clock.now();
    await c.ecs.send(
      new UpdateServiceCommand({
        cluster: 'web',
        service: 'backend',
        taskDefinition: registered.taskDefinition!.taskDefinitionArn,
      }),
    );
    // The rollout takes a minute or two; then ten minutes of the slow release.
    for (let i = 0; i < 12; i++) c.sim.clock.advance(MINUTE);
    const metrics = await readReleaseMetrics(
      c.cloudwatch,
      await backendTargets(c),
      started,
      c.sim.clock.now(),
    );
    const row = (m: string) => metrics.rows.find((r) => r.metric === m)!;
    expect(row('p95-latency').before).toBeLessThan(130);
    const lastMinutes = row('p95-latency').afterSeries.slice(-6, -1) as number[];
    for (const v of lastMinutes) expect(v).toBeGreaterThan(370);
    expect(row('p95-latency').regression).toBe(true);
    expect(row('5xx-rate').after).toBe(0);
    expect(row('requests').regression).toBeUndefined();
    expect(row('running-tasks').after).toBeGreaterThanOrEqual(2);
  });
});
