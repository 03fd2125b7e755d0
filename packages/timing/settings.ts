/**
 * The settings that bound a rollout's time, read once after it: the target group's health check (interval,
 * healthy threshold, timeout) and deregistration delay, and its load balancer (for the metrics' dimensions).
 */
import {
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';

export interface TargetGroupSettings {
  targetGroupArn: string;
  loadBalancerArn?: string;
  healthCheckIntervalSeconds?: number;
  healthyThresholdCount?: number;
  healthCheckTimeoutSeconds?: number;
  deregistrationDelaySeconds?: number;
}

export async function readTargetGroupSettings(
  elbv2: Pick<ElasticLoadBalancingV2Client, 'send'>,
  targetGroupArn: string,
): Promise<TargetGroupSettings> {
  const [groups, attributes] = await Promise.all([
    elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] })),
    elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn })),
  ]);
  const tg = groups.TargetGroups?.[0];
  const delay = attributes.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
  return {
    targetGroupArn,
    ...(tg?.LoadBalancerArns?.[0] ? { loadBalancerArn: tg.LoadBalancerArns[0] } : {}),
    ...(tg?.HealthCheckIntervalSeconds !== undefined
      ? { healthCheckIntervalSeconds: tg.HealthCheckIntervalSeconds }
      : {}),
    ...(tg?.HealthyThresholdCount !== undefined ? { healthyThresholdCount: tg.HealthyThresholdCount } : {}),
    ...(tg?.HealthCheckTimeoutSeconds !== undefined
      ? { healthCheckTimeoutSeconds: tg.HealthCheckTimeoutSeconds }
      : {}),
    ...(delay !== undefined && Number.isFinite(Number(delay))
      ? { deregistrationDelaySeconds: Number(delay) }
      : {}),
  };
}
