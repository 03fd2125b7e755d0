/**
 * CodeDeploy for ECS blue/green (JSON 1.1, `CodeDeploy_20141006.*`). A deployment creates a replacement
 * task set in the target group not taking production traffic, waits for it to be healthy, shifts the test
 * and production listeners, waits `terminationWaitMinutes`, then removes the original task set. Failures
 * (replacement tasks tripping the circuit-breaker threshold) and StopDeployment with autoRollbackEnabled
 * move traffic back and remove the replacement.
 */
import type { Wire } from './protocols.js';
import { parse as parseYaml } from 'yaml';
import { circuitBreakerThreshold, type Deployment, type Service } from './ecs-model.js';
import { SimAwsError, type JsonService } from './service.js';
import type { CodeDeployApplicationSeed } from './scenario.js';
import type { World } from './world.js';

type Status = 'Created' | 'Queued' | 'InProgress' | 'Ready' | 'Succeeded' | 'Failed' | 'Stopped';

interface DeploymentGroup {
  id: string;
  application: string;
  name: string;
  cluster: string;
  service: string;
  targetGroupArns: [string, string];
  productionRuleArn: string;
  testRuleArn?: string;
  terminationWaitMinutes: number;
  autoRollback: boolean;
}

interface CdDeployment {
  id: string;
  group: DeploymentGroup;
  status: Status;
  phase: 'start' | 'healthy' | 'shifted' | 'terminating' | 'done';
  phaseAt: number;
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
  appSpec: string;
  taskDefinitionArn: string;
  description?: string;
  creator: 'user' | 'autoRollback';
  errorInformation?: { code: string; message: string };
  rollbackInfo?: {
    rollbackDeploymentId?: string;
    rollbackTriggeringDeploymentId?: string;
    rollbackMessage?: string;
  };
  replacement?: Deployment;
  original?: Deployment;
}

/** Replacement tasks must be healthy within this long or the deployment fails. */
const READY_TIMEOUT_MS = 60 * 60_000;

export class CodeDeployModel {
  readonly groups: DeploymentGroup[] = [];
  readonly deployments: CdDeployment[] = [];

  constructor(private readonly world: World) {}

  addApplication(seed: CodeDeployApplicationSeed): void {
    for (const g of seed.deploymentGroups) {
      this.groups.push({
        id: this.world.ids.uuid(),
        application: seed.name,
        name: g.name,
        cluster: g.cluster,
        service: g.service,
        targetGroupArns: [
          this.world.elb.targetGroup(g.targetGroups[0]).arn,
          this.world.elb.targetGroup(g.targetGroups[1]).arn,
        ],
        productionRuleArn: this.world.elb.rule(g.productionListener).arn,
        testRuleArn: g.testListener ? this.world.elb.rule(g.testListener).arn : undefined,
        terminationWaitMinutes: g.terminationWaitMinutes ?? 0,
        autoRollback: g.autoRollback ?? true,
      });
    }
  }

  group(application: string | undefined, name: string | undefined): DeploymentGroup {
    if (!this.groups.some((g) => g.application === application)) {
      throw new SimAwsError(
        'ApplicationDoesNotExistException',
        `No application found for name: ${application}`,
      );
    }
    const group = this.groups.find((g) => g.application === application && g.name === name);
    if (!group)
      throw new SimAwsError(
        'DeploymentGroupDoesNotExistException',
        `No Deployment Group found for name: ${name}`,
      );
    return group;
  }

  find(id: string | undefined): CdDeployment {
    if (!id || !/^d-[A-Z0-9]{9}$/.test(id))
      throw new SimAwsError(
        'InvalidDeploymentIdException',
        `Specified DeploymentId is not in the valid format: ${id}`,
      );
    const found = this.deployments.find((d) => d.id === id);
    if (!found)
      throw new SimAwsError('DeploymentDoesNotExistException', `The deployment ${id} could not be found.`);
    return found;
  }

  private service(group: DeploymentGroup): Service {
    const cluster = this.world.ecs.findCluster(group.cluster);
    const service = cluster && this.world.ecs.findService(cluster, group.service);
    if (!service)
      throw new SimAwsError(
        'InvalidECSServiceException',
        `The ECS service ${group.service} does not exist in cluster ${group.cluster}.`,
      );
    return service;
  }

  create(group: DeploymentGroup, appSpec: string, description?: string): CdDeployment {
    const active = this.deployments.find(
      (d) => d.group === group && !['Succeeded', 'Failed', 'Stopped'].includes(d.status),
    );
    if (active) {
      throw new SimAwsError(
        'DeploymentLimitExceededException',
        `The Deployment Group '${group.name}' already has an active Deployment '${active.id}'`,
      );
    }
    let taskDefinition: unknown;
    try {
      const spec = parseYaml(appSpec);
      const resources: Wire[] = spec?.Resources ?? spec?.resources ?? [];
      const target = resources
        .map((r) => Object.values(r ?? {})[0] as Wire)
        .find((r) => r?.Type === 'AWS::ECS::Service');
      taskDefinition = target?.Properties?.TaskDefinition;
    } catch {
      taskDefinition = undefined;
    }
    if (typeof taskDefinition !== 'string' || !taskDefinition) {
      throw new SimAwsError(
        'InvalidRevisionException',
        'The AppSpec file does not name a TaskDefinition for an AWS::ECS::Service resource.',
      );
    }
    const td = this.world.ecs.findTaskDefinition(taskDefinition);
    if (!td)
      throw new SimAwsError(
        'InvalidRevisionException',
        `The task definition ${taskDefinition} does not exist.`,
      );
    this.service(group);
    const now = this.world.now();
    const deployment: CdDeployment = {
      id: `d-${this.world.ids.alnum(9).toUpperCase()}`,
      group,
      status: 'Created',
      phase: 'start',
      phaseAt: now,
      createdAt: now,
      appSpec,
      taskDefinitionArn: td.arn,
      description,
      creator: 'user',
    };
    this.deployments.push(deployment);
    return deployment;
  }

  private shift(ruleArn: string | undefined, tgArn: string): void {
    if (ruleArn) this.world.elb.rule(ruleArn).forward = [{ targetGroupArn: tgArn, weight: 1 }];
  }

  step(t: number): void {
    for (const d of this.deployments) {
      if (d.status === 'Created' && t - d.createdAt >= 2000) {
        d.status = 'InProgress';
        d.startedAt = t;
      }
      if (d.status === 'InProgress') this.progress(d, t);
    }
  }

  private progress(d: CdDeployment, t: number): void {
    const service = this.service(d.group);
    const ecs = this.world.ecs;
    if (d.phase === 'start') {
      d.original = service.deployments.find((x) => x.status === 'PRIMARY' && x.taskSet);
      const live = service.liveTargetGroupArn ?? d.group.targetGroupArns[0];
      const green =
        live === d.group.targetGroupArns[0] ? d.group.targetGroupArns[1] : d.group.targetGroupArns[0];
      const replacement = ecs.newDeployment(
        service,
        d.taskDefinitionArn,
        d.original ? [d.original.revision] : [],
      );
      // Task sets: the original stays PRIMARY until traffic has moved.
      replacement.status = 'ACTIVE';
      if (d.original) d.original.status = 'PRIMARY';
      service.taskDefinitionArn = d.original?.taskDefinitionArn ?? d.taskDefinitionArn;
      replacement.taskSet = {
        id: `ecs-svc/${this.world.ids.digits(19)}`,
        arn: '',
        scale: 100,
        externalId: d.id,
      };
      replacement.taskSet.arn = `${ecs.arnBase}:task-set/${service.cluster.name}/${service.name}/${replacement.taskSet.id}`;
      replacement.targetGroupArn = green;
      d.replacement = replacement;
      d.phase = 'healthy';
      d.phaseAt = t;
      return;
    }
    const replacement = d.replacement!;
    if (d.phase === 'healthy') {
      if (
        replacement.failedTasks >= circuitBreakerThreshold(service.desiredCount) ||
        t - d.phaseAt > READY_TIMEOUT_MS
      ) {
        this.failDeployment(
          d,
          'ECS_UPDATE_ERROR',
          'The ECS service failed to stabilize: replacement tasks failed to start or failed health checks.',
          t,
        );
        return;
      }
      const healthy = ecs.liveTasks(replacement).filter((x) => ecs.isHealthy(x)).length;
      if (healthy < service.desiredCount) return;
      this.shift(d.group.testRuleArn, replacement.targetGroupArn!);
      this.shift(d.group.productionRuleArn, replacement.targetGroupArn!);
      service.liveTargetGroupArn = replacement.targetGroupArn;
      d.phase = 'shifted';
      d.phaseAt = t;
      return;
    }
    if (d.phase === 'shifted') {
      if (t - d.phaseAt < d.group.terminationWaitMinutes * 60_000) return;
      if (d.original) {
        d.original.taskSet!.scale = 0;
        d.original.status = 'ACTIVE';
      }
      replacement.status = 'PRIMARY';
      replacement.rolloutState = 'COMPLETED';
      service.taskDefinitionArn = replacement.taskDefinitionArn;
      d.phase = 'terminating';
      d.phaseAt = t;
      return;
    }
    if (d.phase === 'terminating') {
      if (d.original && ecs.unstoppedTasks(d.original).length) return;
      if (d.original) d.original.status = 'INACTIVE';
      replacement.record.status = 'SUCCESSFUL';
      replacement.record.finishedAt = t;
      service.lastCompleted = replacement;
      d.phase = 'done';
      d.status = 'Succeeded';
      d.completedAt = t;
      ecs.event(service, `(service ${service.name}) has reached a steady state.`, t);
    }
  }

  private failDeployment(d: CdDeployment, code: string, message: string, t: number): void {
    d.status = 'Failed';
    d.completedAt = t;
    d.errorInformation = { code, message };
    if (d.group.autoRollback) this.revert(d, t, 'Deployment failed');
  }

  /** Traffic back to the original task set, replacement removed, recorded as a rollback deployment. */
  private revert(d: CdDeployment, t: number, why: string): void {
    const service = this.service(d.group);
    if (d.original) {
      this.shift(d.group.productionRuleArn, d.original.targetGroupArn!);
      this.shift(d.group.testRuleArn, d.original.targetGroupArn!);
      service.liveTargetGroupArn = d.original.targetGroupArn;
      d.original.taskSet!.scale = 100;
      d.original.status = 'PRIMARY';
      service.taskDefinitionArn = d.original.taskDefinitionArn;
    }
    if (d.replacement) {
      d.replacement.halted = true;
      d.replacement.status = 'INACTIVE';
      d.replacement.record.status = 'ROLLBACK_SUCCESSFUL';
      d.replacement.record.finishedAt = t;
      for (const task of this.world.ecs.unstoppedTasks(d.replacement)) {
        this.world.ecs.stopTask(
          task,
          'ServiceSchedulerInitiated',
          `Scaling activity initiated by (deployment ${d.replacement.id})`,
        );
      }
    }
    const rollback: CdDeployment = {
      id: `d-${this.world.ids.alnum(9).toUpperCase()}`,
      group: d.group,
      status: 'Succeeded',
      phase: 'done',
      phaseAt: t,
      createdAt: t,
      startedAt: t,
      completedAt: t,
      appSpec: d.appSpec,
      taskDefinitionArn: d.original?.taskDefinitionArn ?? d.taskDefinitionArn,
      creator: 'autoRollback',
      rollbackInfo: { rollbackTriggeringDeploymentId: d.id, rollbackMessage: `Rollback of ${d.id}` },
    };
    this.deployments.push(rollback);
    d.rollbackInfo = {
      rollbackDeploymentId: rollback.id,
      rollbackMessage: `${why}: automatic rollback triggered by deployment ${d.id}, rollback deployment ${rollback.id}.`,
    };
  }

  stop(d: CdDeployment, autoRollbackEnabled: boolean, t: number): void {
    if (['Succeeded', 'Failed', 'Stopped'].includes(d.status)) {
      throw new SimAwsError(
        'DeploymentAlreadyCompletedException',
        `The deployment ${d.id} has already completed.`,
      );
    }
    d.status = 'Stopped';
    d.completedAt = t;
    d.errorInformation = { code: 'MANUAL_STOP', message: 'The deployment was stopped by the user.' };
    if (autoRollbackEnabled && d.phase !== 'start') this.revert(d, t, 'Deployment stopped');
  }

  describe(d: CdDeployment) {
    const s = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
    return {
      applicationName: d.group.application,
      deploymentGroupName: d.group.name,
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      deploymentId: d.id,
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content: d.appSpec } },
      status: d.status,
      errorInformation: d.errorInformation,
      createTime: s(d.createdAt),
      startTime: s(d.startedAt),
      completeTime: s(d.completedAt),
      deploymentOverview: {
        Pending: d.status === 'Created' ? 1 : 0,
        InProgress: d.status === 'InProgress' ? 1 : 0,
        Succeeded: d.status === 'Succeeded' ? 1 : 0,
        Failed: d.status === 'Failed' ? 1 : 0,
        Skipped: 0,
        Ready: 0,
      },
      description: d.description,
      creator: d.creator,
      autoRollbackConfiguration: {
        enabled: d.group.autoRollback,
        events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST'],
      },
      rollbackInfo: d.rollbackInfo,
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      blueGreenDeploymentConfiguration: {
        terminateBlueInstancesOnDeploymentSuccess: {
          action: 'TERMINATE',
          terminationWaitTimeInMinutes: d.group.terminationWaitMinutes,
        },
        deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
      },
      computePlatform: 'ECS',
    };
  }

  state() {
    return this.deployments.map((d) => ({
      id: d.id,
      group: d.group.name,
      status: d.status,
      phase: d.phase,
      creator: d.creator,
    }));
  }
}

export function createCodeDeployService(world: World): JsonService {
  const model = () => world.codedeploy;
  return {
    targetPrefix: 'CodeDeploy_20141006',
    jsonVersion: '1.1',
    operations: {
      CreateDeployment: (input: {
        applicationName: string;
        deploymentGroupName?: string;
        revision?: { revisionType?: string; appSpecContent?: { content?: string } };
        description?: string;
      }) => {
        const group = model().group(input.applicationName, input.deploymentGroupName);
        const content = input.revision?.appSpecContent?.content;
        if (input.revision?.revisionType !== 'AppSpecContent' || !content) {
          throw new SimAwsError(
            'InvalidRevisionException',
            'The revision must be of type AppSpecContent with content for ECS deployments.',
          );
        }
        return { deploymentId: model().create(group, content, input.description).id };
      },
      GetDeployment: (input: { deploymentId: string }) => ({
        deploymentInfo: model().describe(model().find(input.deploymentId)),
      }),
      BatchGetDeployments: (input: { deploymentIds: string[] }) => ({
        deploymentsInfo: (input.deploymentIds ?? []).map((id) => model().describe(model().find(id))),
      }),
      StopDeployment: (input: { deploymentId: string; autoRollbackEnabled?: boolean }) => {
        model().stop(model().find(input.deploymentId), Boolean(input.autoRollbackEnabled), world.now());
        return { status: 'Succeeded', statusMessage: 'Deployment stopped.' };
      },
      ListDeployments: (input: {
        applicationName?: string;
        deploymentGroupName?: string;
        includeOnlyStatuses?: Status[];
      }) => {
        if (input.applicationName)
          model().group(
            input.applicationName,
            input.deploymentGroupName ??
              model().groups.find((g) => g.application === input.applicationName)?.name,
          );
        const ids = model()
          .deployments.filter(
            (d) =>
              (!input.applicationName || d.group.application === input.applicationName) &&
              (!input.deploymentGroupName || d.group.name === input.deploymentGroupName) &&
              (!input.includeOnlyStatuses?.length || input.includeOnlyStatuses.includes(d.status)),
          )
          .reverse()
          .map((d) => d.id);
        return { deployments: ids };
      },
      ListApplications: () => ({ applications: [...new Set(model().groups.map((g) => g.application))] }),
      ListDeploymentGroups: (input: { applicationName: string }) => {
        const groups = model().groups.filter((g) => g.application === input.applicationName);
        if (!groups.length)
          throw new SimAwsError(
            'ApplicationDoesNotExistException',
            `No application found for name: ${input.applicationName}`,
          );
        return { applicationName: input.applicationName, deploymentGroups: groups.map((g) => g.name) };
      },
      GetDeploymentGroup: (input: { applicationName: string; deploymentGroupName: string }) => {
        const g = model().group(input.applicationName, input.deploymentGroupName);
        return {
          deploymentGroupInfo: {
            applicationName: g.application,
            deploymentGroupId: g.id,
            deploymentGroupName: g.name,
            deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
            computePlatform: 'ECS',
            ecsServices: [{ serviceName: g.service, clusterName: g.cluster }],
            deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
            autoRollbackConfiguration: { enabled: g.autoRollback, events: ['DEPLOYMENT_FAILURE'] },
            loadBalancerInfo: {
              targetGroupPairInfoList: [
                {
                  targetGroups: g.targetGroupArns.map((arn) => ({
                    name: world.elb.targetGroups.get(arn)?.name,
                  })),
                  prodTrafficRoute: {
                    listenerArns: [world.elb.listenerOfRule(world.elb.rule(g.productionRuleArn))?.arn],
                  },
                  testTrafficRoute: g.testRuleArn
                    ? { listenerArns: [world.elb.listenerOfRule(world.elb.rule(g.testRuleArn))?.arn] }
                    : undefined,
                },
              ],
            },
          },
        };
      },
    },
  };
}
