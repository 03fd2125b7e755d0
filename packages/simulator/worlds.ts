/**
 * Ready-made worlds for the demo and tests: the architecture from DESIGN §1 (cluster `web`, Django
 * `backend` on 8000 behind `/api/*`, `frontend` on 80 behind `/`, one ALB `web-alb`), rolling with a
 * circuit breaker and a 5xx alarm; a variant with a native BLUE_GREEN backend (PAUSE hook after test
 * traffic, bake time) and a CODE_DEPLOY frontend; and the same with a LINEAR or a CANARY backend.
 */
import type {
  DeploymentConfigurationSeed,
  ReleaseBehaviour,
  Scenario,
  TaskDefinitionSeed,
} from './scenario.js';

export interface ArchitectureOptions {
  accountId?: string;
  region?: string;
  /** Tasks per service. Default 2. */
  desiredCount?: number;
  /** How releases behave (first match wins). */
  releases?: ReleaseBehaviour[];
  startTime?: number | string;
  /** The target groups' deregistration delay, seconds. Default 30 (AWS's default is 300). */
  deregistrationDelaySeconds?: number;
}

const DIGEST_V1 = 'sha256:' + '1'.repeat(64);

function taskDefinition(
  accountId: string,
  region: string,
  family: string,
  port: number,
  healthPath: string,
  environment: { name: string; value: string }[],
): TaskDefinitionSeed {
  return {
    family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '512',
    memory: '1024',
    executionRoleArn: `arn:aws:iam::${accountId}:role/ecsTaskExecutionRole`,
    taskRoleArn: `arn:aws:iam::${accountId}:role/${family}-task`,
    containerDefinitions: [
      {
        name: family,
        image: `${accountId}.dkr.ecr.${region}.amazonaws.com/${family}@${DIGEST_V1}`,
        essential: true,
        portMappings: [{ containerPort: port, protocol: 'tcp' }],
        environment,
        healthCheck: {
          command: ['CMD-SHELL', `curl -fsS http://localhost:${port}${healthPath} || exit 1`],
          interval: 10,
          timeout: 5,
          retries: 3,
          startPeriod: 10,
        },
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
    tags: [{ key: 'app', value: 'web' }],
  };
}

const fastTargetGroup = {
  healthCheckIntervalSeconds: 10,
  healthyThresholdCount: 2,
  unhealthyThresholdCount: 2,
  deregistrationDelaySeconds: 30,
};

/** The demo's rolling world: backend:1 and frontend:1 running healthy. */
export function seedArchitecture(options: ArchitectureOptions = {}): Scenario {
  const accountId = options.accountId ?? '123456789012';
  const region = options.region ?? 'us-east-1';
  const desiredCount = options.desiredCount ?? 2;
  const targetGroup = {
    ...fastTargetGroup,
    deregistrationDelaySeconds:
      options.deregistrationDelaySeconds ?? fastTargetGroup.deregistrationDelaySeconds,
  };
  const deploymentConfiguration = {
    maximumPercent: 200,
    minimumHealthyPercent: 100,
    deploymentCircuitBreaker: { enable: true, rollback: true },
    alarms: { alarmNames: ['web-alb-5xx'], enable: true, rollback: true },
    strategy: 'ROLLING' as const,
  };
  return {
    accountId,
    region,
    startTime: options.startTime,
    clusters: ['web'],
    taskDefinitions: [
      taskDefinition(accountId, region, 'backend', 8000, '/api/health', [
        { name: 'DJANGO_SETTINGS_MODULE', value: 'app.settings.production' },
      ]),
      taskDefinition(accountId, region, 'frontend', 80, '/', [{ name: 'API_BASE_URL', value: '/api' }]),
    ],
    targetGroups: [
      { name: 'backend-tg', port: 8000, healthCheckPath: '/api/health', ...targetGroup },
      { name: 'frontend-tg', port: 80, healthCheckPath: '/', ...targetGroup },
    ],
    loadBalancers: [
      {
        name: 'web-alb',
        listeners: [
          {
            port: 443,
            protocol: 'HTTPS',
            role: 'production',
            defaultTargetGroup: 'frontend-tg',
            rules: [{ priority: 10, pathPatterns: ['/api/*'], targetGroup: 'backend-tg' }],
          },
        ],
      },
    ],
    services: [
      {
        cluster: 'web',
        name: 'backend',
        taskDefinition: 'backend:1',
        desiredCount,
        deploymentConfiguration,
        loadBalancers: [{ targetGroup: 'backend-tg', containerName: 'backend', containerPort: 8000 }],
        healthCheckGracePeriodSeconds: 30,
      },
      {
        cluster: 'web',
        name: 'frontend',
        taskDefinition: 'frontend:1',
        desiredCount,
        deploymentConfiguration,
        loadBalancers: [{ targetGroup: 'frontend-tg', containerName: 'frontend', containerPort: 80 }],
        healthCheckGracePeriodSeconds: 30,
      },
    ],
    alarms: [
      {
        name: 'web-alb-5xx',
        metricName: 'HTTPCode_Target_5XX_Count',
        namespace: 'AWS/ApplicationELB',
        dimensions: [{ name: 'LoadBalancer', value: 'app/web-alb/0123456789abcdef' }],
        threshold: 5,
        comparisonOperator: 'GreaterThanThreshold',
      },
    ],
    logGroups: ['/ecs/backend', '/ecs/frontend'],
    ecr: {
      repositories: [
        { name: 'backend', imageTagMutability: 'IMMUTABLE' },
        { name: 'frontend', imageTagMutability: 'IMMUTABLE' },
      ],
    },
    releases: options.releases,
  };
}

/**
 * The blue/green world: `backend` with strategy BLUE_GREEN (target groups backend-blue / backend-green,
 * production rule web-alb:443:10, test rule web-alb:8443:10, a PAUSE hook at POST_TEST_TRAFFIC_SHIFT and
 * a 2-minute bake), and `frontend` on CODE_DEPLOY (application `web`, deployment group `frontend`).
 */
export function seedBlueGreenArchitecture(options: ArchitectureOptions = {}): Scenario {
  const base = seedArchitecture(options);
  return {
    ...base,
    targetGroups: [
      { name: 'backend-blue', port: 8000, healthCheckPath: '/api/health', ...fastTargetGroup },
      { name: 'backend-green', port: 8000, healthCheckPath: '/api/health', ...fastTargetGroup },
      { name: 'frontend-blue', port: 80, healthCheckPath: '/', ...fastTargetGroup },
      { name: 'frontend-green', port: 80, healthCheckPath: '/', ...fastTargetGroup },
    ],
    loadBalancers: [
      {
        name: 'web-alb',
        listeners: [
          {
            port: 443,
            protocol: 'HTTPS',
            role: 'production',
            defaultTargetGroup: 'frontend-blue',
            rules: [{ priority: 10, pathPatterns: ['/api/*'], targetGroup: 'backend-blue' }],
          },
          {
            port: 8443,
            protocol: 'HTTPS',
            role: 'test',
            defaultTargetGroup: 'frontend-blue',
            rules: [{ priority: 10, pathPatterns: ['/api/*'], targetGroup: 'backend-blue' }],
          },
        ],
      },
    ],
    services: [
      {
        ...base.services![0]!,
        deploymentConfiguration: {
          maximumPercent: 200,
          minimumHealthyPercent: 100,
          deploymentCircuitBreaker: { enable: true, rollback: true },
          alarms: { alarmNames: ['web-alb-5xx'], enable: true, rollback: true },
          strategy: 'BLUE_GREEN',
          bakeTimeInMinutes: 2,
          lifecycleHooks: [
            {
              targetType: 'PAUSE',
              lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
              timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' },
            },
          ],
        },
        loadBalancers: [
          {
            targetGroup: 'backend-blue',
            containerName: 'backend',
            containerPort: 8000,
            advancedConfiguration: {
              alternateTargetGroup: 'backend-green',
              productionListenerRule: 'web-alb:443:10',
              testListenerRule: 'web-alb:8443:10',
            },
          },
        ],
      },
      {
        ...base.services![1]!,
        deploymentController: 'CODE_DEPLOY',
        deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100 },
        loadBalancers: [{ targetGroup: 'frontend-blue', containerName: 'frontend', containerPort: 80 }],
      },
    ],
    codeDeploy: [
      {
        name: 'web',
        deploymentGroups: [
          {
            name: 'frontend',
            cluster: 'web',
            service: 'frontend',
            targetGroups: ['frontend-blue', 'frontend-green'],
            productionListener: 'web-alb:443',
            testListener: 'web-alb:8443',
            terminationWaitMinutes: 1,
          },
        ],
      },
    ],
  };
}

export interface TrafficShiftOptions extends ArchitectureOptions {
  /** Minutes blue keeps running after green has all production traffic. Default 1. */
  bakeTimeInMinutes?: number;
  /**
   * The PAUSE hook at POST_TEST_TRAFFIC_SHIFT the blue/green world has (a deployer tests green through the
   * test listener, then continues or rolls back). Default true.
   */
  pauseAfterTestTraffic?: boolean;
  /** More hooks, e.g. a PAUSE at PRE_PRODUCTION_TRAFFIC_SHIFT (before every traffic step). */
  lifecycleHooks?: DeploymentConfigurationSeed['lifecycleHooks'];
}

/** The blue/green world with the backend's deployment configuration replaced. */
function withBackendStrategy(
  options: TrafficShiftOptions,
  strategy: Pick<DeploymentConfigurationSeed, 'strategy' | 'linearConfiguration' | 'canaryConfiguration'>,
): Scenario {
  const base = seedBlueGreenArchitecture(options);
  const [backend, ...others] = base.services!;
  const hooks: NonNullable<DeploymentConfigurationSeed['lifecycleHooks']> = [];
  if (options.pauseAfterTestTraffic !== false) {
    hooks.push({
      targetType: 'PAUSE',
      lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
      timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' },
    });
  }
  hooks.push(...(options.lifecycleHooks ?? []));
  return {
    ...base,
    services: [
      {
        ...backend!,
        deploymentConfiguration: {
          ...backend!.deploymentConfiguration,
          ...strategy,
          bakeTimeInMinutes: options.bakeTimeInMinutes ?? 1,
          lifecycleHooks: hooks.length ? hooks : undefined,
        },
      },
      ...others,
    ],
  };
}

/**
 * The LINEAR world: the blue/green world with `backend` on strategy LINEAR, production traffic moving to
 * green in 25% steps one simulated minute apart (25, 50, 75, 100), then a 1-minute bake. At the default
 * speed (60) the shift takes about 3 s of wall time.
 */
export function seedLinearArchitecture(
  options: TrafficShiftOptions & { stepPercent?: number; stepBakeTimeInMinutes?: number } = {},
): Scenario {
  return withBackendStrategy(options, {
    strategy: 'LINEAR',
    linearConfiguration: {
      stepPercent: options.stepPercent ?? 25,
      stepBakeTimeInMinutes: options.stepBakeTimeInMinutes ?? 1,
    },
  });
}

/**
 * The CANARY world: the blue/green world with `backend` on strategy CANARY, 10% of production traffic on
 * green for one simulated minute, then the rest, then a 1-minute bake.
 */
export function seedCanaryArchitecture(
  options: TrafficShiftOptions & { canaryPercent?: number; canaryBakeTimeInMinutes?: number } = {},
): Scenario {
  return withBackendStrategy(options, {
    strategy: 'CANARY',
    canaryConfiguration: {
      canaryPercent: options.canaryPercent ?? 10,
      canaryBakeTimeInMinutes: options.canaryBakeTimeInMinutes ?? 1,
    },
  });
}
