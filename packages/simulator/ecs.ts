/**
 * ECS API (JSON 1.1, `AmazonEC2ContainerServiceV20141113.*`): request validation, the real error codes
 * and messages, and response shapes. Behaviour lives in ecs-model.ts and ecs-deployments.ts.
 */
import type { Wire } from './protocols.js';
import { SimAwsError, type JsonService } from './service.js';
import {
  circuitBreakerThreshold,
  defaultConfig,
  type Cluster,
  type Deployment,
  type DeploymentConfig,
  type Service,
  type ServiceDeploymentRecord,
  type ServiceLoadBalancer,
  type ServiceRevision,
  type Tag,
  type Task,
  type TaskDefinition,
} from './ecs-model.js';
import { checkDeploymentConfig, shiftsTraffic } from './ecs-strategies.js';
import type { World } from './world.js';

const s = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

const READ_ONLY_TASK_DEFINITION_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
];

export function describeTaskDefinition(td: TaskDefinition) {
  return {
    ...td.body,
    taskDefinitionArn: td.arn,
    family: td.family,
    revision: td.revision,
    status: td.status,
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
    compatibilities: ['EC2', 'FARGATE'],
    registeredAt: s(td.registeredAt),
    registeredBy: `arn:aws:sts::${td.arn.split(':')[4]}:assumed-role/github-actions/sim`,
    deregisteredAt: s(td.deregisteredAt),
  };
}

export function createEcsService(world: World): JsonService {
  const ecs = () => world.ecs;

  const cluster = (ref: string | undefined): Cluster => {
    const found = ecs().findCluster(ref);
    if (!found) throw new SimAwsError('ClusterNotFoundException', 'Cluster not found.');
    return found;
  };

  const service = (c: Cluster, ref: string | undefined, active = true): Service => {
    const found = ref ? ecs().findService(c, ref) : undefined;
    if (!found) throw new SimAwsError('ServiceNotFoundException', 'Service not found.');
    if (active && found.status !== 'ACTIVE')
      throw new SimAwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
    return found;
  };

  const taskDefinition = (ref: string | undefined): TaskDefinition => {
    const td = ref ? ecs().findTaskDefinition(ref) : undefined;
    if (!td) throw new SimAwsError('InvalidParameterException', 'TaskDefinition not found.');
    if (td.status !== 'ACTIVE') throw new SimAwsError('ClientException', 'TaskDefinition is inactive');
    return td;
  };

  const loadBalancers = (input: Wire[] | undefined): ServiceLoadBalancer[] =>
    (input ?? []).map((lb) => {
      const tg = world.elb.targetGroup(String(lb.targetGroupArn));
      const advanced = lb.advancedConfiguration;
      return {
        targetGroupArn: tg.arn,
        containerName: String(lb.containerName),
        containerPort: Number(lb.containerPort),
        advancedConfiguration: advanced
          ? {
              alternateTargetGroupArn: world.elb.targetGroup(String(advanced.alternateTargetGroupArn)).arn,
              productionListenerRule: world.elb.rule(String(advanced.productionListenerRule)).arn,
              testListenerRule: advanced.testListenerRule
                ? world.elb.rule(String(advanced.testListenerRule)).arn
                : undefined,
              roleArn: advanced.roleArn,
            }
          : undefined,
      };
    });

  const describeDeployment = (d: Deployment) => {
    const tasks = ecs().liveTasks(d);
    return {
      id: d.id,
      status: d.status,
      taskDefinition: d.taskDefinitionArn,
      desiredCount: d.desiredCount,
      pendingCount: tasks.filter((t) => t.lastStatus !== 'RUNNING').length,
      runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      failedTasks: d.failedTasks,
      createdAt: s(d.createdAt),
      updatedAt: s(d.updatedAt),
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      platformFamily: 'Linux',
      networkConfiguration: d.service.networkConfiguration,
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
    };
  };

  const describeTaskSet = (d: Deployment) => {
    const tasks = ecs().liveTasks(d);
    return {
      id: d.taskSet!.id,
      taskSetArn: d.taskSet!.arn,
      serviceArn: d.service.arn,
      clusterArn: d.service.cluster.arn,
      externalId: d.taskSet!.externalId,
      status: d.status,
      taskDefinition: d.taskDefinitionArn,
      computedDesiredCount: Math.ceil((d.service.desiredCount * d.taskSet!.scale) / 100),
      pendingCount: tasks.filter((t) => t.lastStatus !== 'RUNNING').length,
      runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      createdAt: s(d.createdAt),
      updatedAt: s(d.updatedAt),
      launchType: 'FARGATE',
      loadBalancers: d.targetGroupArn
        ? d.service.loadBalancers.map((lb) => ({ ...lb, targetGroupArn: d.targetGroupArn }))
        : d.service.loadBalancers,
      scale: { value: d.taskSet!.scale, unit: 'PERCENT' },
      stabilityStatus:
        tasks.length && tasks.every((t) => ecs().isHealthy(t)) ? 'STEADY_STATE' : 'STABILIZING',
    };
  };

  const describeConfig = (c: DeploymentConfig) => ({
    deploymentCircuitBreaker: c.deploymentCircuitBreaker,
    maximumPercent: c.maximumPercent,
    minimumHealthyPercent: c.minimumHealthyPercent,
    alarms: c.alarms,
    strategy: c.strategy,
    bakeTimeInMinutes: c.bakeTimeInMinutes,
    lifecycleHooks: c.lifecycleHooks,
    linearConfiguration: c.linearConfiguration,
    canaryConfiguration: c.canaryConfiguration,
  });

  const describeService = (svc: Service, includeTags: boolean) => {
    const visible = svc.deployments.filter((d) => d.status !== 'INACTIVE');
    const tasks = ecs()
      .serviceTasks(svc)
      .filter((t) => t.desiredStatus === 'RUNNING');
    const isTaskSets = svc.controller !== 'ECS';
    return {
      serviceArn: svc.arn,
      serviceName: svc.name,
      clusterArn: svc.cluster.arn,
      loadBalancers: svc.loadBalancers,
      serviceRegistries: [],
      status: svc.status,
      desiredCount: svc.desiredCount,
      runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingCount: tasks.filter((t) => t.lastStatus !== 'RUNNING').length,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      platformFamily: 'Linux',
      taskDefinition: svc.taskDefinitionArn,
      deploymentConfiguration: describeConfig(svc.config),
      taskSets: isTaskSets ? visible.map(describeTaskSet) : undefined,
      deployments: isTaskSets ? [] : visible.map(describeDeployment),
      roleArn: `arn:aws:iam::${world.accountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
      events: svc.events.map((e) => ({ id: e.id, createdAt: s(e.createdAt), message: e.message })),
      createdAt: s(svc.createdAt),
      currentServiceDeployment: svc.records[0]?.arn,
      placementConstraints: [],
      placementStrategy: [],
      networkConfiguration: svc.networkConfiguration,
      healthCheckGracePeriodSeconds: svc.grace,
      schedulingStrategy: 'REPLICA',
      deploymentController: { type: svc.controller },
      createdBy: `arn:aws:iam::${world.accountId}:role/sim-admin`,
      enableECSManagedTags: false,
      propagateTags: 'NONE',
      enableExecuteCommand: false,
      availabilityZoneRebalancing: 'ENABLED',
      tags: includeTags ? svc.tags : undefined,
    };
  };

  /** RunTask requests by clientToken, with the tasks they started. */
  const runTaskTokens = new Map<string, { request: string; tasks: Task[] }>();

  const describeTask = (task: Task, includeTags: boolean) => ({
    attachments: [
      {
        id: task.id.slice(0, 8) + '-eni',
        type: 'ElasticNetworkInterface',
        status: task.lastStatus === 'STOPPED' ? 'DELETED' : 'ATTACHED',
        details: [
          { name: 'subnetId', value: 'subnet-0sim000000000000a' },
          { name: 'privateIPv4Address', value: task.ip },
        ],
      },
    ],
    availabilityZone: `${world.region}a`,
    clusterArn: task.cluster.arn,
    connectivity: task.lastStatus === 'PROVISIONING' ? undefined : 'CONNECTED',
    containers: task.containers.map((c) => ({
      containerArn: c.arn,
      taskArn: task.arn,
      name: c.name,
      image: c.image,
      runtimeId: task.lastStatus === 'PROVISIONING' ? undefined : c.runtimeId,
      lastStatus: c.lastStatus,
      exitCode: c.exitCode,
      reason: c.reason,
      networkInterfaces: [{ attachmentId: task.id.slice(0, 8) + '-eni', privateIpv4Address: task.ip }],
      healthStatus: c.healthStatus,
    })),
    cpu: task.td.body.cpu,
    memory: task.td.body.memory,
    createdAt: s(task.createdAt),
    desiredStatus: task.desiredStatus,
    group: task.group,
    healthStatus: task.containers.some((c) => c.healthStatus === 'UNHEALTHY')
      ? 'UNHEALTHY'
      : task.containers.some((c) => c.hasHealthCheck) &&
          task.containers.every((c) => !c.hasHealthCheck || c.healthStatus === 'HEALTHY')
        ? 'HEALTHY'
        : 'UNKNOWN',
    lastStatus: task.lastStatus,
    launchType: 'FARGATE',
    overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [], ...task.overrides },
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    pullStartedAt: s(task.pullStartedAt),
    pullStoppedAt: s(task.pullStoppedAt),
    startedAt: s(task.startedAt),
    startedBy: task.startedBy,
    stopCode: task.stopCode,
    stoppedAt: s(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stoppingAt: s(task.stoppingAt),
    executionStoppedAt: s(task.executionStoppedAt),
    taskArn: task.arn,
    taskDefinitionArn: task.td.arn,
    version: task.version,
    tags: includeTags ? task.tags : undefined,
  });

  const revisionSummary = (rev: ServiceRevision, record: ServiceDeploymentRecord, target: boolean) => {
    const deployments = rev.service.deployments.filter((d) => d.revision === rev && d.status !== 'INACTIVE');
    const tasks = deployments.flatMap((d) => ecs().liveTasks(d));
    const advanced = rev.service.loadBalancers.find((l) => l.advancedConfiguration)?.advancedConfiguration;
    // A deployment seeded or rolled out without blue/green has no target group of its own: its tasks'.
    const tg =
      deployments.find((d) => d.targetGroupArn)?.targetGroupArn ??
      tasks[0]?.targetGroupArns[0] ??
      rev.service.loadBalancers[0]?.targetGroupArn;
    const weight = (ruleArn: string | undefined) => {
      if (!ruleArn) return undefined;
      const rule = world.elb.rule(ruleArn);
      const total = rule.forward.reduce((n, f) => n + f.weight, 0) || 1;
      const share = rule.forward.find((f) => f.targetGroupArn === tg)?.weight ?? 0;
      // One decimal, as canary percentages are multiples of 0.1.
      return Math.round((1000 * share) / total) / 10;
    };
    return {
      arn: rev.arn,
      requestedTaskCount: target
        ? record.deployment.desiredCount
        : deployments.reduce((n, d) => n + d.desiredCount, 0),
      runningTaskCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingTaskCount: tasks.filter((t) => t.lastStatus !== 'RUNNING').length,
      requestedTestTrafficWeight: advanced ? weight(advanced.testListenerRule) : undefined,
      requestedProductionTrafficWeight: advanced ? weight(advanced.productionListenerRule) : undefined,
    };
  };

  const describeRecord = (r: ServiceDeploymentRecord) => ({
    serviceDeploymentArn: r.arn,
    serviceArn: r.service.arn,
    clusterArn: r.service.cluster.arn,
    createdAt: s(r.createdAt),
    startedAt: s(r.startedAt),
    finishedAt: s(r.finishedAt),
    stoppedAt: s(r.stoppedAt),
    updatedAt: s(r.updatedAt),
    sourceServiceRevisions: r.sourceRevisions.map((rev) => revisionSummary(rev, r, false)),
    targetServiceRevision: revisionSummary(r.targetRevision, r, true),
    status: r.status,
    statusReason: r.statusReason,
    lifecycleStage: r.lifecycleStage,
    lifecycleHookDetails: r.hooks.length
      ? r.hooks.map((h) => ({
          hookId: h.hookId,
          targetType: h.targetType,
          targetArn: h.targetArn,
          status: h.status,
          expiresAt: s(h.expiresAt),
          timeoutAction: h.timeoutAction,
        }))
      : undefined,
    deploymentConfiguration: describeConfig(r.configuration),
    rollback: r.rollback ? { ...r.rollback, startedAt: s(r.rollback.startedAt) } : undefined,
    deploymentCircuitBreaker: r.circuitBreaker,
    alarms: r.alarms,
  });

  const findRecord = (arn: string): ServiceDeploymentRecord | undefined => {
    for (const svc of ecs().services) {
      const found = svc.records.find((r) => r.arn === arn);
      if (found) return found;
    }
    return undefined;
  };

  const resourceTags = (arn: string): Tag[] => {
    const c = [...ecs().clusters.values()].find((x) => x.arn === arn);
    if (c) return c.tags;
    const svc = ecs().services.find((x) => x.arn === arn);
    if (svc) return svc.tags;
    const td = [...ecs().taskDefinitions.values()].flat().find((x) => x.arn === arn);
    if (td) return td.tags;
    const task = ecs().tasks.find((x) => x.arn === arn);
    if (task) return task.tags;
    throw new SimAwsError('InvalidParameterException', 'The specified resource could not be found.');
  };

  const newDeployment = (svc: Service, taskDefinitionArn: string) => {
    const now = world.now();
    const previous = svc.deployments.find((d) => d.status === 'PRIMARY');
    if (previous && previous.rolloutState === 'IN_PROGRESS' && previous.record.deployment === previous) {
      previous.record.status = 'STOPPED';
      previous.record.statusReason = 'Service deployment superseded by a newer service deployment.';
      previous.record.stoppedAt = now;
      previous.record.finishedAt = now;
      if (previous.stage !== undefined) {
        previous.stage = undefined;
        previous.halted = true;
      }
    }
    const sources = svc.deployments
      .filter((d) => d.status !== 'INACTIVE' && ecs().unstoppedTasks(d).length)
      .map((d) => d.revision);
    const d = ecs().newDeployment(svc, taskDefinitionArn, sources);
    if (
      shiftsTraffic(svc.config.strategy) &&
      svc.lastCompleted &&
      svc.loadBalancers.some((l) => l.advancedConfiguration)
    ) {
      world.deployments.startBlueGreen(svc, d, now);
    }
    return d;
  };

  return {
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    jsonVersion: '1.1',
    operations: {
      RegisterTaskDefinition: (input: Record<string, Wire>) => {
        const readOnly = READ_ONLY_TASK_DEFINITION_FIELDS.filter((f) => f in input);
        if (readOnly.length) {
          throw new SimAwsError(
            'ClientException',
            `Unrecognized field(s) in the request: ${readOnly.join(', ')}.`,
          );
        }
        if (!input.family || !/^[A-Za-z0-9_-]{1,255}$/.test(String(input.family))) {
          throw new SimAwsError('ClientException', 'Family contains invalid characters.');
        }
        if (!Array.isArray(input.containerDefinitions) || !input.containerDefinitions.length) {
          throw new SimAwsError('ClientException', 'Container list cannot be empty.');
        }
        const fargate = (input.requiresCompatibilities ?? []).includes('FARGATE');
        if (fargate && input.networkMode !== 'awsvpc') {
          throw new SimAwsError('ClientException', "Fargate only supports network mode 'awsvpc'.");
        }
        if (fargate && (!input.cpu || !input.memory)) {
          throw new SimAwsError(
            'ClientException',
            "Fargate requires that 'cpu' be defined at the task level.",
          );
        }
        const usesAwslogs = input.containerDefinitions.some(
          (c: Wire) => c.logConfiguration?.logDriver === 'awslogs',
        );
        if (fargate && usesAwslogs && !input.executionRoleArn) {
          throw new SimAwsError(
            'ClientException',
            'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
          );
        }
        for (const c of input.containerDefinitions) {
          if (!c.name || !c.image)
            throw new SimAwsError(
              'ClientException',
              'Container.name and Container.image should not be null or empty.',
            );
        }
        const { tags, ...body } = input;
        const td = ecs().register(body, tags ?? []);
        return { taskDefinition: describeTaskDefinition(td), tags: td.tags };
      },
      DescribeTaskDefinition: (input: { taskDefinition: string; include?: string[] }) => {
        const td = ecs().findTaskDefinition(String(input.taskDefinition ?? ''));
        if (!td) throw new SimAwsError('ClientException', 'Unable to describe task definition.');
        return {
          taskDefinition: describeTaskDefinition(td),
          tags: input.include?.includes('TAGS') ? td.tags : undefined,
        };
      },
      DeregisterTaskDefinition: (input: { taskDefinition: string }) => {
        const ref = String(input.taskDefinition ?? '');
        if (!ref.includes(':')) {
          throw new SimAwsError('ClientException', 'Revision is required to deregister a task definition.');
        }
        const td = ecs().findTaskDefinition(ref);
        if (!td) throw new SimAwsError('ClientException', 'The specified task definition does not exist.');
        if (td.status === 'ACTIVE') {
          td.status = 'INACTIVE';
          td.deregisteredAt = world.now();
        }
        return { taskDefinition: describeTaskDefinition(td) };
      },
      DeleteTaskDefinitions: (input: { taskDefinitions?: string[] }) => {
        const refs = input.taskDefinitions ?? [];
        if (!refs.length || refs.length > 10) {
          throw new SimAwsError(
            'InvalidParameterException',
            'taskDefinitions must contain between 1 and 10 task definitions.',
          );
        }
        // Only INACTIVE revisions can be deleted; each other one is answered as a failure, not an error.
        const taskDefinitions = [];
        const failures = [];
        for (const ref of refs.map(String)) {
          const td = ref.includes(':') ? ecs().findTaskDefinition(ref) : undefined;
          if (!td) {
            failures.push({
              arn: ref,
              reason: 'TASK_DEFINITION_NOT_FOUND',
              detail: 'The specified task definition does not exist.',
            });
          } else if (td.status === 'ACTIVE') {
            failures.push({
              arn: td.arn,
              reason: 'TASK_DEFINITION_ACTIVE',
              detail: 'The specified task definition is ACTIVE. Deregister it before deleting it.',
            });
          } else {
            td.status = 'DELETE_IN_PROGRESS';
            taskDefinitions.push(describeTaskDefinition(td));
          }
        }
        return { taskDefinitions, failures };
      },
      ListTaskDefinitions: (input: {
        familyPrefix?: string;
        status?: string;
        sort?: string;
        maxResults?: number;
        nextToken?: string;
      }) => {
        const all = [...ecs().taskDefinitions.values()]
          .flat()
          .filter(
            (td) =>
              (!input.familyPrefix || td.family.startsWith(input.familyPrefix)) &&
              td.status === (input.status ?? 'ACTIVE'),
          )
          .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision);
        if (input.sort === 'DESC') all.reverse();
        const start = Number(input.nextToken ?? 0) || 0;
        const size = input.maxResults ?? 100;
        return {
          taskDefinitionArns: all.slice(start, start + size).map((td) => td.arn),
          nextToken: start + size < all.length ? String(start + size) : undefined,
        };
      },
      ListTaskDefinitionFamilies: (input: { familyPrefix?: string }) => ({
        families: [...ecs().taskDefinitions.keys()]
          .filter((f) => !input.familyPrefix || f.startsWith(input.familyPrefix))
          .sort(),
      }),
      CreateCluster: (input: { clusterName?: string; tags?: Tag[] }) => {
        const c = ecs().addCluster(input.clusterName ?? 'default', input.tags ?? []);
        return { cluster: { clusterArn: c.arn, clusterName: c.name, status: 'ACTIVE' } };
      },
      DescribeClusters: (input: { clusters?: string[]; include?: string[] }) => {
        const refs = input.clusters?.length ? input.clusters : ['default'];
        const clusters = [];
        const failures = [];
        for (const ref of refs) {
          const c = ecs().findCluster(ref);
          if (!c) {
            failures.push({
              arn: ref.startsWith('arn:') ? ref : `${ecs().arnBase}:cluster/${ref}`,
              reason: 'MISSING',
            });
            continue;
          }
          const services = ecs().services.filter((x) => x.cluster === c && x.status === 'ACTIVE');
          const tasks = ecs().tasks.filter((t) => t.cluster === c && t.lastStatus !== 'STOPPED');
          clusters.push({
            clusterArn: c.arn,
            clusterName: c.name,
            status: 'ACTIVE',
            registeredContainerInstancesCount: 0,
            runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
            pendingTasksCount: tasks.filter((t) => t.lastStatus !== 'RUNNING').length,
            activeServicesCount: services.length,
            capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
            tags: input.include?.includes('TAGS') ? c.tags : undefined,
          });
        }
        return { clusters, failures };
      },
      ListClusters: () => ({ clusterArns: [...ecs().clusters.values()].map((c) => c.arn) }),
      ListServices: (input: { cluster?: string; maxResults?: number; nextToken?: string }) => {
        const c = cluster(input.cluster);
        // Real ECS pages: maxResults 1..100, 10 when not given, and a nextToken while more remain.
        const size = input.maxResults ?? 10;
        if (!Number.isInteger(size) || size < 1 || size > 100) {
          throw new SimAwsError('InvalidParameterException', 'maxResults must be between 1 and 100.');
        }
        const all = ecs().services.filter((x) => x.cluster === c && x.status === 'ACTIVE');
        const start = input.nextToken === undefined ? 0 : Number(input.nextToken);
        if (!Number.isInteger(start) || start < 0 || start > all.length) {
          throw new SimAwsError('InvalidParameterException', 'Invalid nextToken.');
        }
        return {
          serviceArns: all.slice(start, start + size).map((x) => x.arn),
          nextToken: start + size < all.length ? String(start + size) : undefined,
        };
      },
      CreateService: (input: Record<string, Wire>) => {
        const c = cluster(input.cluster);
        const name = String(input.serviceName ?? '');
        if (ecs().findService(c, name))
          throw new SimAwsError('InvalidParameterException', 'Creation of service was not idempotent.');
        const td = taskDefinition(input.taskDefinition);
        const controller = input.deploymentController?.type ?? 'ECS';
        const lbs = loadBalancers(input.loadBalancers);
        const svc = world.createService({
          cluster: c,
          name,
          td,
          desiredCount: Number(input.desiredCount ?? 0),
          controller,
          config: checkDeploymentConfig(defaultConfig(input.deploymentConfiguration), lbs, controller),
          loadBalancers: lbs,
          grace: Number(input.healthCheckGracePeriodSeconds ?? 0),
          tags: input.tags ?? [],
          networkConfiguration: input.networkConfiguration,
          steady: false,
        });
        return { service: describeService(svc, false) };
      },
      UpdateService: (input: Record<string, Wire>) => {
        const c = cluster(input.cluster);
        const svc = service(c, input.service);
        const td = input.taskDefinition !== undefined ? taskDefinition(input.taskDefinition) : undefined;
        if (svc.controller === 'CODE_DEPLOY' && (td || input.forceNewDeployment || input.loadBalancers)) {
          throw new SimAwsError(
            'InvalidParameterException',
            'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.',
          );
        }
        let redeploy =
          Boolean(input.forceNewDeployment) || (td !== undefined && td.arn !== svc.taskDefinitionArn);
        // Validated together before anything changes, so a refused update leaves the service as it was.
        const lbs = input.loadBalancers ? loadBalancers(input.loadBalancers) : svc.loadBalancers;
        const config =
          input.deploymentConfiguration || input.loadBalancers
            ? checkDeploymentConfig(
                defaultConfig({ ...svc.config, ...input.deploymentConfiguration }),
                lbs,
                svc.controller,
              )
            : svc.config;
        if (input.deploymentConfiguration) {
          svc.config = config;
          redeploy = true;
        }
        if (input.loadBalancers) {
          svc.loadBalancers = lbs;
          redeploy = true;
        }
        if (input.networkConfiguration) svc.networkConfiguration = input.networkConfiguration;
        if (input.healthCheckGracePeriodSeconds !== undefined)
          svc.grace = Number(input.healthCheckGracePeriodSeconds);
        if (input.desiredCount !== undefined) {
          svc.desiredCount = Number(input.desiredCount);
          const primary = svc.deployments.find((d) => d.status === 'PRIMARY');
          if (primary) {
            primary.desiredCount = svc.desiredCount;
            primary.record.circuitBreaker.threshold = circuitBreakerThreshold(svc.desiredCount);
          }
        }
        if (redeploy && svc.controller === 'ECS') newDeployment(svc, td?.arn ?? svc.taskDefinitionArn);
        return { service: describeService(svc, false) };
      },
      DeleteService: (input: { cluster?: string; service: string; force?: boolean }) => {
        const c = cluster(input.cluster);
        const svc = service(c, input.service, false);
        if (svc.desiredCount > 0 && !input.force) {
          throw new SimAwsError(
            'InvalidParameterException',
            'The service cannot be stopped while it is scaled above 0.',
          );
        }
        svc.status = 'DRAINING';
        svc.desiredCount = 0;
        for (const task of ecs().serviceTasks(svc))
          ecs().stopTask(task, 'ServiceSchedulerInitiated', 'Service deleted');
        svc.status = 'INACTIVE';
        return { service: describeService(svc, false) };
      },
      DescribeServices: (input: { cluster?: string; services: string[]; include?: string[] }) => {
        const c = cluster(input.cluster);
        if (!input.services?.length || input.services.length > 10) {
          throw new SimAwsError(
            'InvalidParameterException',
            'services can have at most 10 items and at least 1.',
          );
        }
        const services = [];
        const failures = [];
        for (const ref of input.services) {
          const name = ref.split('/').pop()!;
          const svc =
            ecs().findService(c, ref) ??
            [...ecs().services].reverse().find((x) => x.cluster === c && x.name === name);
          if (svc) services.push(describeService(svc, Boolean(input.include?.includes('TAGS'))));
          else
            failures.push({
              arn: ref.startsWith('arn:') ? ref : `${ecs().arnBase}:service/${c.name}/${ref}`,
              reason: 'MISSING',
            });
        }
        return { services, failures };
      },
      DescribeTaskSets: (input: { cluster: string; service: string; taskSets?: string[] }) => {
        const svc = service(cluster(input.cluster), input.service);
        return {
          taskSets: svc.deployments
            .filter((d) => d.taskSet && d.status !== 'INACTIVE')
            .filter(
              (d) =>
                !input.taskSets?.length ||
                input.taskSets.includes(d.taskSet!.arn) ||
                input.taskSets.includes(d.taskSet!.id),
            )
            .map(describeTaskSet),
          failures: [],
        };
      },
      ListTasks: (input: {
        cluster?: string;
        serviceName?: string;
        family?: string;
        startedBy?: string;
        desiredStatus?: 'RUNNING' | 'STOPPED' | 'PENDING';
        maxResults?: number;
        nextToken?: string;
      }) => {
        const c = cluster(input.cluster);
        const svc = input.serviceName ? service(c, input.serviceName, false) : undefined;
        const desired = input.desiredStatus ?? 'RUNNING';
        const all = ecs()
          .tasks.filter(
            (t) =>
              t.cluster === c &&
              (!svc || t.service === svc) &&
              (!input.family || t.td.family === input.family) &&
              (!input.startedBy || t.startedBy === input.startedBy) &&
              (desired === 'PENDING'
                ? t.desiredStatus === 'RUNNING' && t.lastStatus !== 'RUNNING'
                : t.desiredStatus === desired),
          )
          .map((t) => t.arn);
        const start = Number(input.nextToken ?? 0) || 0;
        const size = input.maxResults ?? 100;
        return {
          taskArns: all.slice(start, start + size),
          nextToken: start + size < all.length ? String(start + size) : undefined,
        };
      },
      DescribeTasks: (input: { cluster?: string; tasks: string[]; include?: string[] }) => {
        const c = cluster(input.cluster);
        if (!input.tasks?.length || input.tasks.length > 100) {
          throw new SimAwsError('InvalidParameterException', 'Tasks cannot be empty.');
        }
        const tasks = [];
        const failures = [];
        for (const ref of input.tasks) {
          const task = ecs().findTask(c, ref);
          if (task) tasks.push(describeTask(task, Boolean(input.include?.includes('TAGS'))));
          else
            failures.push({
              arn: ref.startsWith('arn:') ? ref : `${ecs().arnBase}:task/${c.name}/${ref}`,
              reason: 'MISSING',
            });
        }
        return { tasks, failures };
      },
      RunTask: (input: Record<string, Wire>) => {
        const c = cluster(input.cluster);
        // Idempotence as ECS has it: a token seen before starts nothing and answers with the same tasks.
        const token = input.clientToken === undefined ? undefined : String(input.clientToken);
        if (token !== undefined && (token.length < 1 || token.length > 64))
          throw new SimAwsError('InvalidParameterException', 'clientToken must be 1 to 64 characters long.');
        const request = JSON.stringify(input);
        const earlier = token === undefined ? undefined : runTaskTokens.get(token);
        if (earlier) {
          if (earlier.request !== request)
            throw new SimAwsError(
              'InvalidParameterException',
              'The clientToken was already used with a different request.',
            );
          return {
            tasks: earlier.tasks.map((t) => describeTask(t, false)),
            failures: [],
          };
        }
        const td = taskDefinition(input.taskDefinition);
        const count = Number(input.count ?? 1);
        if (count < 1 || count > 10)
          throw new SimAwsError('InvalidParameterException', 'Count must be between 1 and 10.');
        const tasks = [];
        const launched: Task[] = [];
        for (let i = 0; i < count; i++) {
          const task = ecs().launch({
            cluster: c,
            td,
            startedBy: input.startedBy,
            group: input.group,
            overrides: input.overrides,
            tags: input.tags,
            oneOff: true,
          });
          launched.push(task);
          tasks.push(describeTask(task, false));
        }
        if (token !== undefined) runTaskTokens.set(token, { request, tasks: launched });
        return { tasks, failures: [] };
      },
      StopTask: (input: { cluster?: string; task: string; reason?: string }) => {
        const c = cluster(input.cluster);
        const task = ecs().findTask(c, String(input.task ?? ''));
        if (!task) throw new SimAwsError('InvalidParameterException', 'The referenced task was not found.');
        ecs().stopTask(task, 'UserInitiated', input.reason ?? 'Task stopped by user');
        return { task: describeTask(task, false) };
      },
      TagResource: (input: { resourceArn: string; tags: Tag[] }) => {
        const tags = resourceTags(input.resourceArn);
        for (const tag of input.tags ?? []) {
          const existing = tags.find((t) => t.key === tag.key);
          if (existing) existing.value = tag.value;
          else tags.push({ key: tag.key, value: tag.value });
        }
        return {};
      },
      UntagResource: (input: { resourceArn: string; tagKeys: string[] }) => {
        const tags = resourceTags(input.resourceArn);
        for (const key of input.tagKeys ?? []) {
          const i = tags.findIndex((t) => t.key === key);
          if (i >= 0) tags.splice(i, 1);
        }
        return {};
      },
      ListTagsForResource: (input: { resourceArn: string }) => ({ tags: resourceTags(input.resourceArn) }),
      ListServiceDeployments: (input: {
        cluster?: string;
        service: string;
        status?: string[];
        createdAt?: { before?: number; after?: number };
        maxResults?: number;
        nextToken?: string;
      }) => {
        const svc = service(cluster(input.cluster), input.service, false);
        const all = svc.records.filter(
          (r) =>
            (!input.status?.length || input.status.includes(r.status)) &&
            (input.createdAt?.after === undefined || r.createdAt >= input.createdAt.after * 1000) &&
            (input.createdAt?.before === undefined || r.createdAt <= input.createdAt.before * 1000),
        );
        const start = Number(input.nextToken ?? 0) || 0;
        const size = input.maxResults ?? 20;
        return {
          serviceDeployments: all.slice(start, start + size).map((r) => ({
            serviceDeploymentArn: r.arn,
            serviceArn: svc.arn,
            clusterArn: svc.cluster.arn,
            startedAt: s(r.startedAt),
            createdAt: s(r.createdAt),
            finishedAt: s(r.finishedAt),
            targetServiceRevisionArn: r.targetRevision.arn,
            status: r.status,
            statusReason: r.statusReason,
          })),
          nextToken: start + size < all.length ? String(start + size) : undefined,
        };
      },
      DescribeServiceDeployments: (input: { serviceDeploymentArns: string[] }) => {
        const serviceDeployments = [];
        const failures = [];
        for (const arn of input.serviceDeploymentArns ?? []) {
          const record = findRecord(arn);
          if (record) serviceDeployments.push(describeRecord(record));
          else failures.push({ arn, reason: 'MISSING' });
        }
        return { serviceDeployments, failures };
      },
      DescribeServiceRevisions: (input: { serviceRevisionArns: string[] }) => {
        const serviceRevisions = [];
        const failures = [];
        for (const arn of input.serviceRevisionArns ?? []) {
          const rev = ecs()
            .services.flatMap((x) => x.records.flatMap((r) => [r.targetRevision, ...r.sourceRevisions]))
            .find((r) => r.arn === arn);
          if (!rev) {
            failures.push({ arn, reason: 'MISSING' });
            continue;
          }
          serviceRevisions.push({
            serviceRevisionArn: rev.arn,
            serviceArn: rev.service.arn,
            clusterArn: rev.service.cluster.arn,
            taskDefinition: rev.taskDefinitionArn,
            launchType: 'FARGATE',
            platformVersion: '1.4.0',
            platformFamily: 'Linux',
            loadBalancers: rev.service.loadBalancers,
            networkConfiguration: rev.service.networkConfiguration,
            createdAt: s(rev.createdAt),
          });
        }
        return { serviceRevisions, failures };
      },
      StopServiceDeployment: (input: { serviceDeploymentArn: string; stopType?: 'ROLLBACK' | 'ABORT' }) => {
        const record = findRecord(String(input.serviceDeploymentArn ?? ''));
        if (!record)
          throw new SimAwsError(
            'ServiceDeploymentNotFoundException',
            'The service deployment does not exist.',
          );
        world.deployments.stop(record.service, record.deployment, input.stopType ?? 'ROLLBACK', world.now());
        return { serviceDeploymentArn: record.arn };
      },
      ContinueServiceDeployment: (input: {
        serviceDeploymentArn: string;
        hookId: string;
        action?: 'CONTINUE' | 'ROLLBACK';
      }) => {
        const record = findRecord(String(input.serviceDeploymentArn ?? ''));
        if (!record)
          throw new SimAwsError(
            'ServiceDeploymentNotFoundException',
            'The service deployment does not exist.',
          );
        world.deployments.continueHook(
          record.service,
          record.deployment,
          String(input.hookId ?? ''),
          input.action ?? 'CONTINUE',
          world.now(),
        );
        return { serviceDeploymentArn: record.arn };
      },
    },
  };
}
