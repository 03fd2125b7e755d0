/**
 * A fleet world for scale tests and benchmarks: `count` rolling services (`svc-01` … `svc-50`) in one
 * cluster, each with its own task-definition family, target group and path rule (`/svc-01/*` …) on a shared
 * ALB (or one ALB per `servicesPerLoadBalancer` services), all watched by one shared 5xx alarm per ALB, as a
 * team running many small services from one GitHub matrix would have it.
 *
 * Timings are real AWS settings, only shortened where AWS's defaults would make a run last an hour: target
 * groups check every 10 s and need 2 passes (AWS default 30 s / 5), deregistration delay 30 s (default
 * 300 s), health check grace period 30 s. With the default release (RUNNING after 10 s) a rolling deploy of
 * 2 tasks reaches steady state about a minute after UpdateService.
 */
import type { ReleaseBehaviour, Scenario, TaskDefinitionSeed } from './scenario.js';

export interface FleetOptions {
  /** Number of services. Default 50. */
  count?: number;
  /** Tasks per service. Default 2. */
  desiredCount?: number;
  /** Services sharing one ALB (its listener has a rule per service; ALB allows 100). Default 50. */
  servicesPerLoadBalancer?: number;
  /** Target groups' deregistration delay, seconds. Default 30. */
  deregistrationDelaySeconds?: number;
  /** Services' health check grace period, seconds. Default 30. */
  healthCheckGracePeriodSeconds?: number;
  /** Target groups' health check interval, seconds. Default 10. */
  healthCheckIntervalSeconds?: number;
  /** Target groups' healthy threshold. Default 2. */
  healthyThresholdCount?: number;
  /** How releases behave (first match wins), e.g. `{ match: { image: ':crash' }, crash: {…} }`. */
  releases?: ReleaseBehaviour[];
  cluster?: string;
  accountId?: string;
  region?: string;
  startTime?: number | string;
}

/** `svc-01` … : the service (and task-definition family, target group `<name>-tg`) names of a fleet. */
export function fleetServiceNames(count = 50): string[] {
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => `svc-${String(i + 1).padStart(width, '0')}`);
}

/** The load balancer (`fleet-alb-1` …) and alarm (`fleet-alb-1-5xx` …) of service number `index` (0-based). */
export function fleetLoadBalancer(index: number, servicesPerLoadBalancer = 50): string {
  return `fleet-alb-${Math.floor(index / servicesPerLoadBalancer) + 1}`;
}

const DIGEST_V1 = 'sha256:' + '1'.repeat(64);

function taskDefinition(accountId: string, region: string, family: string): TaskDefinitionSeed {
  return {
    family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    executionRoleArn: `arn:aws:iam::${accountId}:role/ecsTaskExecutionRole`,
    containerDefinitions: [
      {
        name: 'app',
        image: `${accountId}.dkr.ecr.${region}.amazonaws.com/${family}@${DIGEST_V1}`,
        essential: true,
        portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': `/ecs/${family}`,
            'awslogs-region': region,
            'awslogs-stream-prefix': 'ecs',
          },
        },
      },
    ],
    tags: [{ key: 'app', value: family }],
  };
}

/** The fleet world: every service steady on `<name>:1`. */
export function seedFleet(options: FleetOptions = {}): Scenario {
  const accountId = options.accountId ?? '123456789012';
  const region = options.region ?? 'us-east-1';
  const cluster = options.cluster ?? 'fleet';
  const names = fleetServiceNames(options.count ?? 50);
  const perLb = Math.max(1, options.servicesPerLoadBalancer ?? 50);
  const lbNames = [...new Set(names.map((_, i) => fleetLoadBalancer(i, perLb)))];
  const targetGroup = {
    port: 8080,
    healthCheckPath: '/health',
    healthCheckIntervalSeconds: options.healthCheckIntervalSeconds ?? 10,
    healthyThresholdCount: options.healthyThresholdCount ?? 2,
    unhealthyThresholdCount: 2,
    deregistrationDelaySeconds: options.deregistrationDelaySeconds ?? 30,
  };
  return {
    accountId,
    region,
    startTime: options.startTime,
    clusters: [cluster],
    taskDefinitions: names.map((name) => taskDefinition(accountId, region, name)),
    targetGroups: names.map((name) => ({ name: `${name}-tg`, ...targetGroup })),
    loadBalancers: lbNames.map((lb, l) => ({
      name: lb,
      listeners: [
        {
          port: 443,
          protocol: 'HTTPS' as const,
          role: 'production' as const,
          rules: names
            .map((name, i) => ({ name, i }))
            .filter(({ i }) => Math.floor(i / perLb) === l)
            .map(({ name, i }) => ({
              priority: (i % perLb) + 1,
              pathPatterns: [`/${name}/*`],
              targetGroup: `${name}-tg`,
            })),
        },
      ],
    })),
    services: names.map((name, i) => ({
      cluster,
      name,
      taskDefinition: `${name}:1`,
      desiredCount: options.desiredCount ?? 2,
      deploymentConfiguration: {
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        alarms: { alarmNames: [`${fleetLoadBalancer(i, perLb)}-5xx`], enable: true, rollback: true },
        strategy: 'ROLLING' as const,
      },
      loadBalancers: [{ targetGroup: `${name}-tg`, containerName: 'app', containerPort: 8080 }],
      healthCheckGracePeriodSeconds: options.healthCheckGracePeriodSeconds ?? 30,
    })),
    alarms: lbNames.map((lb, l) => ({
      name: `${lb}-5xx`,
      metricName: 'HTTPCode_Target_5XX_Count',
      namespace: 'AWS/ApplicationELB',
      dimensions: [{ name: 'LoadBalancer', value: `app/${lb}/${String(l).padStart(16, '0')}` }],
      threshold: 5,
      comparisonOperator: 'GreaterThanThreshold',
    })),
    logGroups: names.map((name) => `/ecs/${name}`),
    releases: options.releases,
  };
}
