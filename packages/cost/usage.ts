/**
 * The service's peak use over the last days, in one GetMetricData call: AWS/ECS CPUUtilization and
 * MemoryUtilization (Maximum, hourly) and, when the service sits behind a target group, the highest hourly
 * p99 of TargetResponseTime. Right-sizing reads the peaks; the draining advice reads the p99.
 */
import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { UsageFacts } from '../deploy-report/index.js';

export interface UsageRequest {
  cluster: string;
  service: string;
  /** `targetgroup/<name>/<id>` and `app/<name>/<id>` dimensions, when the service has a load balancer. */
  targetGroup?: { targetGroup: string; loadBalancer: string };
  days: number;
  /** End of the window, ms. */
  now: number;
}

/** Hours of data a peak needs before it is trusted for right-sizing. */
export const MIN_HOURS = 24;

export interface Usage extends UsageFacts {
  /** Hourly points each peak was taken from. */
  cpuHours: number;
  memoryHours: number;
}

const HOUR = 3600;

export async function fetchUsage(
  cloudwatch: Pick<CloudWatchClient, 'send'>,
  req: UsageRequest,
): Promise<Usage> {
  const ecs = [
    { Name: 'ClusterName', Value: req.cluster },
    { Name: 'ServiceName', Value: req.service },
  ];
  const queries: MetricDataQuery[] = [
    {
      Id: 'cpu',
      MetricStat: {
        Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: ecs },
        Period: HOUR,
        Stat: 'Maximum',
      },
    },
    {
      Id: 'memory',
      MetricStat: {
        Metric: { Namespace: 'AWS/ECS', MetricName: 'MemoryUtilization', Dimensions: ecs },
        Period: HOUR,
        Stat: 'Maximum',
      },
    },
  ];
  if (req.targetGroup) {
    queries.push({
      Id: 'p99',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ApplicationELB',
          MetricName: 'TargetResponseTime',
          Dimensions: [
            { Name: 'TargetGroup', Value: req.targetGroup.targetGroup },
            { Name: 'LoadBalancer', Value: req.targetGroup.loadBalancer },
          ],
        },
        Period: HOUR,
        Stat: 'p99',
      },
    });
  }
  const end = new Date(Math.floor(req.now / (HOUR * 1000)) * HOUR * 1000);
  const start = new Date(end.getTime() - req.days * 24 * HOUR * 1000);
  const values = new Map<string, number[]>();
  let token: string | undefined;
  // 3 series × 24 × days points fit one page; the loop only guards against a service that pages anyway.
  do {
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: start,
        EndTime: end,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const r of out.MetricDataResults ?? []) {
      if (!r.Id) continue;
      values.set(r.Id, [...(values.get(r.Id) ?? []), ...(r.Values ?? [])]);
    }
    token = out.NextToken;
  } while (token);
  const peak = (id: string) => {
    const v = values.get(id) ?? [];
    return v.length ? Math.max(...v) : undefined;
  };
  const cpu = peak('cpu');
  const memory = peak('memory');
  const p99 = peak('p99');
  return {
    days: req.days,
    ...(cpu !== undefined ? { cpuMaxPercent: cpu } : {}),
    ...(memory !== undefined ? { memoryMaxPercent: memory } : {}),
    ...(p99 !== undefined ? { p99Seconds: p99 } : {}),
    cpuHours: values.get('cpu')?.length ?? 0,
    memoryHours: values.get('memory')?.length ?? 0,
  };
}

/** `arn:…:targetgroup/backend-tg/abc` → `targetgroup/backend-tg/abc`; same for `loadbalancer/app/…` → `app/…`. */
export function metricDimensions(
  targetGroupArn: string,
  loadBalancerArn: string,
): { targetGroup: string; loadBalancer: string } | undefined {
  const tg = /:(targetgroup\/.+)$/.exec(targetGroupArn)?.[1];
  const lb = /:loadbalancer\/(app\/.+)$/.exec(loadBalancerArn)?.[1];
  return tg && lb ? { targetGroup: tg, loadBalancer: lb } : undefined;
}
