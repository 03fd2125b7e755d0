/**
 * What CloudWatch is asked: one GetMetricData call (pages followed by NextToken) for a time range, period
 * 60 s, with the service's target groups in AWS/ApplicationELB (RequestCount, HTTPCode_Target_5XX_Count,
 * TargetResponseTime p50/p95/p99, and HTTPCode_ELB_5XX_Count per load balancer), its CPU and memory in
 * AWS/ECS (Average and Maximum) and its running tasks in ECS/ContainerInsights (only there when Container
 * Insights is on). The answers become per-minute series of the service (math.ts combines target groups).
 */
import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Service } from '@aws-sdk/client-ecs';
import { addSeries, weightedSeries, type Series, type ServiceSeries } from './math.js';

export const PERIOD_SECONDS = 60;
const MINUTE = PERIOD_SECONDS * 1000;

/** The CloudWatch dimensions of a service: names, and each target group with its load balancer. */
export interface MetricTargets {
  clusterName: string;
  serviceName: string;
  /** Dimension values: `targetgroup/<name>/<id>` and `app/<name>/<id>`. */
  targetGroups: { targetGroup: string; loadBalancer: string }[];
  /** What cannot be measured, said once (no load balancer, a network load balancer…). */
  notes: string[];
}

/** `targetgroup/<name>/<id>` of a target group ARN: the TargetGroup dimension. */
export function targetGroupDimension(arn: string): string {
  const at = arn.indexOf(':targetgroup/');
  return at >= 0 ? arn.slice(at + 1) : arn;
}

/** `app/<name>/<id>` of a load balancer ARN: the LoadBalancer dimension. */
export function loadBalancerDimension(arn: string): string {
  const at = arn.indexOf(':loadbalancer/');
  return at >= 0 ? arn.slice(at + ':loadbalancer/'.length) : arn;
}

const lastPart = (arnOrName: string | undefined) => (arnOrName ?? '').split('/').pop() ?? '';

/**
 * The service's target groups (and a blue/green service's alternate ones) with the load balancers that
 * forward to them, from ELBv2. Only application load balancers have these metrics.
 */
export async function resolveMetricTargets(
  elbv2: ElasticLoadBalancingV2Client,
  service: Pick<Service, 'serviceName' | 'clusterArn' | 'loadBalancers'>,
  names: { cluster: string; service: string },
): Promise<MetricTargets> {
  const arns = [
    ...new Set(
      (service.loadBalancers ?? []).flatMap((lb) =>
        [lb.targetGroupArn, lb.advancedConfiguration?.alternateTargetGroupArn].filter(
          (a): a is string => !!a,
        ),
      ),
    ),
  ];
  const targets: MetricTargets = {
    clusterName: lastPart(service.clusterArn) || lastPart(names.cluster),
    serviceName: service.serviceName || lastPart(names.service),
    targetGroups: [],
    notes: [],
  };
  if (!arns.length) {
    targets.notes.push('no load balancer: requests, 5xx and latency are not measured for this service');
    return targets;
  }
  const out = await elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: arns }));
  for (const tg of out?.TargetGroups ?? []) {
    if (!tg.TargetGroupArn) continue;
    const lbs = tg.LoadBalancerArns ?? [];
    if (!lbs.length)
      targets.notes.push(
        `target group ${tg.TargetGroupName ?? tg.TargetGroupArn} is not behind a load balancer`,
      );
    for (const lb of lbs) {
      const dimension = loadBalancerDimension(lb);
      if (!dimension.startsWith('app/')) {
        targets.notes.push(`${dimension}: only application load balancers report these metrics`);
        continue;
      }
      targets.targetGroups.push({
        targetGroup: targetGroupDimension(tg.TargetGroupArn),
        loadBalancer: dimension,
      });
    }
  }
  return targets;
}

const metric = (
  id: string,
  namespace: string,
  name: string,
  dimensions: Record<string, string>,
  stat: string,
): MetricDataQuery => ({
  Id: id,
  MetricStat: {
    Metric: {
      Namespace: namespace,
      MetricName: name,
      Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
    },
    Period: PERIOD_SECONDS,
    Stat: stat,
  },
  ReturnData: true,
});

/** The queries of one service (ids: `req0`, `t5xx0`, `p95_0`…, `elb5xx0`, `cpuAvg`, `tasks`…). */
export function metricQueries(t: MetricTargets): MetricDataQuery[] {
  const queries: MetricDataQuery[] = [];
  t.targetGroups.forEach((g, i) => {
    const dims = { TargetGroup: g.targetGroup, LoadBalancer: g.loadBalancer };
    queries.push(
      metric(`req${i}`, 'AWS/ApplicationELB', 'RequestCount', dims, 'Sum'),
      metric(`t5xx${i}`, 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', dims, 'Sum'),
      metric(`p50_${i}`, 'AWS/ApplicationELB', 'TargetResponseTime', dims, 'p50'),
      metric(`p95_${i}`, 'AWS/ApplicationELB', 'TargetResponseTime', dims, 'p95'),
      metric(`p99_${i}`, 'AWS/ApplicationELB', 'TargetResponseTime', dims, 'p99'),
    );
  });
  loadBalancersOf(t).forEach((lb, i) =>
    queries.push(
      metric(`elb5xx${i}`, 'AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', { LoadBalancer: lb }, 'Sum'),
    ),
  );
  const svc = { ClusterName: t.clusterName, ServiceName: t.serviceName };
  queries.push(
    metric('cpuAvg', 'AWS/ECS', 'CPUUtilization', svc, 'Average'),
    metric('cpuMax', 'AWS/ECS', 'CPUUtilization', svc, 'Maximum'),
    metric('memAvg', 'AWS/ECS', 'MemoryUtilization', svc, 'Average'),
    metric('memMax', 'AWS/ECS', 'MemoryUtilization', svc, 'Maximum'),
    metric('tasks', 'ECS/ContainerInsights', 'RunningTaskCount', svc, 'Average'),
  );
  return queries;
}

export function loadBalancersOf(t: MetricTargets): string[] {
  return [...new Set(t.targetGroups.map((g) => g.loadBalancer))];
}

/** Datapoints by query id, then by the minute's start (ms). */
export type RawMetrics = Map<string, Map<number, number>>;

/** One GetMetricData call for [startMs, endMs), every page of it. */
export async function fetchMetrics(
  cloudwatch: CloudWatchClient,
  queries: MetricDataQuery[],
  startMs: number,
  endMs: number,
): Promise<RawMetrics> {
  const raw: RawMetrics = new Map(queries.map((q) => [q.Id!, new Map<number, number>()]));
  let token: string | undefined;
  // Bounded: a server that keeps returning a token must not hold the deploy.
  for (let page = 0; page < 50; page++) {
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(startMs),
        EndTime: new Date(endMs),
        ScanBy: 'TimestampAscending',
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const result of out?.MetricDataResults ?? []) {
      const points = raw.get(result.Id ?? '');
      if (!points) continue;
      (result.Timestamps ?? []).forEach((at, i) => {
        const value = result.Values?.[i];
        if (value !== undefined && Number.isFinite(value)) points.set(at.getTime(), value);
      });
    }
    token = out?.NextToken;
    if (!token) break;
  }
  return raw;
}

/** The minutes (start ms) from `startMs` (a minute boundary) up to `endMs`, exclusive. */
export function minutesOf(startMs: number, endMs: number): number[] {
  const out: number[] = [];
  for (let t = startMs; t < endMs; t += MINUTE) out.push(t);
  return out;
}

export const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
export const ceilMinute = (ms: number) => Math.ceil(ms / MINUTE) * MINUTE;

/** The service's series over `minutes`: target groups added up, percentiles weighted by their requests. */
export function serviceSeries(raw: RawMetrics, t: MetricTargets, minutes: number[]): ServiceSeries {
  const series = (id: string): Series => minutes.map((m) => raw.get(id)?.get(m));
  const n = minutes.length;
  const groups = t.targetGroups.map((_, i) => i);
  const requests = groups.map((i) => series(`req${i}`));
  const ms = (s: Series): Series => s.map((v) => (v === undefined ? undefined : v * 1000));
  const percentile = (p: string) =>
    ms(
      weightedSeries(
        groups.map((i) => series(`${p}_${i}`)),
        requests,
        n,
      ),
    );
  const totalRequests = addSeries(requests, n);
  const target5xx = addSeries(
    groups.map((i) => series(`t5xx${i}`)),
    n,
  );
  return {
    requests: totalRequests,
    target5xx,
    // Per minute: a minute with requests and no 5xx datapoint had none (ALB publishes no zero counts).
    '5xx-rate': totalRequests.map((r, i) =>
      r === undefined || r <= 0 ? undefined : ((target5xx[i] ?? 0) / r) * 100,
    ),
    'elb-5xx': addSeries(
      loadBalancersOf(t).map((_, i) => series(`elb5xx${i}`)),
      n,
    ).map((v, i) => (v === undefined && totalRequests[i] !== undefined ? 0 : v)),
    'p50-latency': percentile('p50'),
    'p95-latency': percentile('p95'),
    'p99-latency': percentile('p99'),
    'cpu-avg': series('cpuAvg'),
    'cpu-max': series('cpuMax'),
    'memory-avg': series('memAvg'),
    'memory-max': series('memMax'),
    'running-tasks': series('tasks'),
  };
}
