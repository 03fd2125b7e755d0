import { afterEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { fetchMetrics, metricQueries, resolveMetricTargets, serviceSeries, minutesOf } from '../query.js';
import { readReleaseMetrics, releaseWindows } from '../release.js';

const cw = mockClient(CloudWatchClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
afterEach(() => {
  cw.reset();
  elb.reset();
});

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/backend-tg/73e2d6bc24d8a067';
const GREEN =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/backend-green/0123456789abcdef';
const LB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/50dc6c495c0c9188';
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/tcp-nlb/1111111111111111';
const service = {
  serviceName: 'backend',
  clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/web',
  loadBalancers: [
    {
      targetGroupArn: TG,
      advancedConfiguration: { alternateTargetGroupArn: GREEN, productionListenerRule: 'x', roleArn: 'r' },
    },
  ],
};

describe('the metric targets of a service', () => {
  it('are its target groups (and the alternate one) with their load balancers, as CloudWatch dimensions', async () => {
    elb.on(DescribeTargetGroupsCommand).resolves({
      TargetGroups: [
        { TargetGroupArn: TG, TargetGroupName: 'backend-tg', LoadBalancerArns: [LB] },
        { TargetGroupArn: GREEN, TargetGroupName: 'backend-green', LoadBalancerArns: [LB, NLB] },
      ],
    });
    const targets = await resolveMetricTargets(elb as unknown as ElasticLoadBalancingV2Client, service, {
      cluster: 'web',
      service: 'backend',
    });
    expect(elb.commandCalls(DescribeTargetGroupsCommand)[0]!.args[0].input).toEqual({
      TargetGroupArns: [TG, GREEN],
    });
    expect(targets).toEqual({
      clusterName: 'web',
      serviceName: 'backend',
      targetGroups: [
        {
          targetGroup: 'targetgroup/backend-tg/73e2d6bc24d8a067',
          loadBalancer: 'app/web-alb/50dc6c495c0c9188',
        },
        {
          targetGroup: 'targetgroup/backend-green/0123456789abcdef',
          loadBalancer: 'app/web-alb/50dc6c495c0c9188',
        },
      ],
      notes: ['net/tcp-nlb/1111111111111111: only application load balancers report these metrics'],
    });
  });

  it('a service without a load balancer asks ELBv2 nothing and says so', async () => {
    const targets = await resolveMetricTargets(
      elb as unknown as ElasticLoadBalancingV2Client,
      { serviceName: 'worker', loadBalancers: [] },
      { cluster: 'arn:aws:ecs:us-east-1:1:cluster/jobs', service: 'worker' },
    );
    expect(elb.calls()).toHaveLength(0);
    expect(targets).toMatchObject({
      clusterName: 'jobs',
      targetGroups: [],
      notes: [expect.stringMatching(/no load balancer/)],
    });
  });
});

const targets = {
  clusterName: 'web',
  serviceName: 'backend',
  targetGroups: [
    { targetGroup: 'targetgroup/backend-tg/1', loadBalancer: 'app/web-alb/9' },
    { targetGroup: 'targetgroup/backend-green/2', loadBalancer: 'app/web-alb/9' },
  ],
  notes: [],
};

describe('the query', () => {
  it('asks for every metric with the dimensions and statistics CloudWatch expects, period 60 s', () => {
    const queries = metricQueries(targets);
    const shape = queries.map((q) => [
      q.Id,
      q.MetricStat!.Metric!.Namespace,
      q.MetricStat!.Metric!.MetricName,
      Object.fromEntries(q.MetricStat!.Metric!.Dimensions!.map((d) => [d.Name, d.Value])),
      q.MetricStat!.Stat,
      q.MetricStat!.Period,
    ]);
    const tg0 = { TargetGroup: 'targetgroup/backend-tg/1', LoadBalancer: 'app/web-alb/9' };
    const svc = { ClusterName: 'web', ServiceName: 'backend' };
    expect(shape).toEqual([
      ['req0', 'AWS/ApplicationELB', 'RequestCount', tg0, 'Sum', 60],
      ['t5xx0', 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', tg0, 'Sum', 60],
      ['p50_0', 'AWS/ApplicationELB', 'TargetResponseTime', tg0, 'p50', 60],
      ['p95_0', 'AWS/ApplicationELB', 'TargetResponseTime', tg0, 'p95', 60],
      ['p99_0', 'AWS/ApplicationELB', 'TargetResponseTime', tg0, 'p99', 60],
      ...['req1', 't5xx1', 'p50_1', 'p95_1', 'p99_1'].map((id) => [
        id,
        'AWS/ApplicationELB',
        expect.any(String),
        { TargetGroup: 'targetgroup/backend-green/2', LoadBalancer: 'app/web-alb/9' },
        expect.any(String),
        60,
      ]),
      [
        'elb5xx0',
        'AWS/ApplicationELB',
        'HTTPCode_ELB_5XX_Count',
        { LoadBalancer: 'app/web-alb/9' },
        'Sum',
        60,
      ],
      ['cpuAvg', 'AWS/ECS', 'CPUUtilization', svc, 'Average', 60],
      ['cpuMax', 'AWS/ECS', 'CPUUtilization', svc, 'Maximum', 60],
      ['memAvg', 'AWS/ECS', 'MemoryUtilization', svc, 'Average', 60],
      ['memMax', 'AWS/ECS', 'MemoryUtilization', svc, 'Maximum', 60],
      ['tasks', 'ECS/ContainerInsights', 'RunningTaskCount', svc, 'Average', 60],
    ]);
    expect(queries.every((q) => /^[a-z][a-zA-Z0-9_]*$/.test(q.Id!) && q.ReturnData)).toBe(true);
  });

  it('follows NextToken and merges the pages by query id', async () => {
    const t0 = Date.UTC(2026, 0, 1, 10, 0);
    cw.on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [{ Id: 'req0', Timestamps: [new Date(t0)], Values: [100] }],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'req0', Timestamps: [new Date(t0 + 60_000)], Values: [200] },
          { Id: 'unknown', Timestamps: [new Date(t0)], Values: [1] },
        ],
      });
    const raw = await fetchMetrics(
      cw as unknown as CloudWatchClient,
      metricQueries(targets),
      t0,
      t0 + 120_000,
    );
    const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      StartTime: new Date(t0),
      EndTime: new Date(t0 + 120_000),
      ScanBy: 'TimestampAscending',
    });
    expect(calls[0]!.NextToken).toBeUndefined();
    expect(calls[1]!.NextToken).toBe('page-2');
    expect([...raw.get('req0')!]).toEqual([
      [t0, 100],
      [t0 + 60_000, 200],
    ]);
    expect(raw.has('unknown')).toBe(false);
  });

  it('adds target groups up, weights their latency by requests, and reads seconds as ms', () => {
    const m = [0, 60_000];
    const raw = new Map<string, Map<number, number>>([
      ['req0', new Map([[0, 300]])],
      [
        'req1',
        new Map([
          [0, 100],
          [60_000, 50],
        ]),
      ],
      ['t5xx1', new Map([[0, 4]])],
      ['p95_0', new Map([[0, 0.1]])],
      [
        'p95_1',
        new Map([
          [0, 0.5],
          [60_000, 0.2],
        ]),
      ],
    ]);
    const s = serviceSeries(raw, targets, m);
    expect(s.requests).toEqual([400, 50]);
    expect(s['5xx-rate']).toEqual([1, 0]);
    expect(s['elb-5xx']).toEqual([0, 0]);
    expect(s['p95-latency']![0]).toBeCloseTo(200);
    expect(s['p95-latency']![1]).toBeCloseTo(200);
    expect(s['running-tasks']).toEqual([undefined, undefined]);
  });
});

describe('release metrics', () => {
  it('one call covers the window before and the release, in whole minutes', async () => {
    const start = Date.UTC(2026, 0, 1, 10, 10, 30);
    const end = Date.UTC(2026, 0, 1, 10, 13, 10);
    const w = releaseWindows(start, end);
    expect(w.after).toEqual({ start: Date.UTC(2026, 0, 1, 10, 10), end: Date.UTC(2026, 0, 1, 10, 14) });
    expect(w.before).toEqual({ start: Date.UTC(2026, 0, 1, 10, 6), end: Date.UTC(2026, 0, 1, 10, 10) });
    const before = minutesOf(w.before.start, w.before.end);
    const after = minutesOf(w.after.start, w.after.end);
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: 'req0',
          Timestamps: [...before, ...after].map((t) => new Date(t)),
          Values: [...before, ...after].map(() => 600),
        },
        {
          Id: 'p95_0',
          Timestamps: [...before, ...after].map((t) => new Date(t)),
          Values: [...before.map(() => 0.12), ...after.map(() => 0.4)],
        },
        { Id: 'cpuMax', Timestamps: after.map((t) => new Date(t)), Values: after.map(() => 40) },
      ],
    });
    const metrics = await readReleaseMetrics(
      cw as unknown as CloudWatchClient,
      { ...targets, targetGroups: [targets.targetGroups[0]!] },
      start,
      end,
    );
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(1);
    expect(metrics.after).toEqual({ start: '2026-01-01T10:10:00.000Z', end: '2026-01-01T10:14:00.000Z' });
    const row = (name: string) => metrics.rows.find((r) => r.metric === name)!;
    expect(row('requests')).toMatchObject({ before: 600, after: 600 });
    expect(row('p95-latency')).toMatchObject({ regression: true, beforeSeries: [120, 120, 120, 120] });
    expect(row('p95-latency').after).toBeCloseTo(400);
    expect(row('cpu-max')).toMatchObject({ after: 40, note: 'no data before: new service / no traffic' });
    expect(row('5xx-rate')).toMatchObject({ before: 0, after: 0 });
  });
});
