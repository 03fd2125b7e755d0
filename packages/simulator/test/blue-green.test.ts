import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  InvalidParameterException,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  UpdateServiceCommand,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  StopDeploymentCommand,
  DeploymentGroupDoesNotExistException,
} from '@aws-sdk/client-codedeploy';
import {
  seedBlueGreenArchitecture,
  startSimulator,
  type ReleaseBehaviour,
  type RunningSimulator,
} from '../index.js';
import { STAGES } from '../ecs-deployments.js';
import { clients, until } from './clients.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(releases: ReleaseBehaviour[], speed = 120) {
  sim = await startSimulator({ scenario: seedBlueGreenArchitecture({ releases }), speed });
  return { sim, ...clients(sim) };
}

async function register(ecs: ECSClient, family: string, image: string): Promise<string> {
  const current = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }));
  const {
    taskDefinitionArn: _a,
    revision: _r,
    status: _s,
    requiresAttributes: _q,
    compatibilities: _c,
    registeredAt: _t,
    registeredBy: _b,
    ...body
  } = current.taskDefinition!;
  body.containerDefinitions![0]!.image = image;
  return (await ecs.send(new RegisterTaskDefinitionCommand(body as RegisterTaskDefinitionCommandInput)))
    .taskDefinition!.taskDefinitionArn!;
}

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
};

async function describe1(ecs: ECSClient, arn: string): Promise<ServiceDeployment> {
  return (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })))
    .serviceDeployments![0]!;
}

describe('native blue/green', () => {
  it('walks the lifecycle stages, waits at the PAUSE hook with test traffic on green, then shifts production', async () => {
    const { ecs, sim } = await start([]);
    const { production, test } = sim.listeners('web-alb');
    expect(await get(`${production}/api/items`)).toEqual({ status: 200, body: 'ok backend:1' });
    const arn = await register(ecs, 'backend', 'repo/backend:v2');
    await ecs.send(new UpdateServiceCommand({ cluster: 'web', service: 'backend', taskDefinition: arn }));
    const sdArn = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'web', service: 'backend' })))
      .serviceDeployments![0]!.serviceDeploymentArn!;

    const seen: string[] = [];
    const paused = await until(async () => {
      const sd = await describe1(ecs, sdArn);
      if (seen.at(-1) !== sd.lifecycleStage) seen.push(sd.lifecycleStage!);
      return sd.lifecycleHookDetails?.find((h) => h.status === 'AWAITING_ACTION') ? sd : undefined;
    }, 'the PAUSE hook');
    expect(paused.lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT');
    expect(paused.status).toBe('IN_PROGRESS');
    const hook = paused.lifecycleHookDetails![0]!;
    expect(hook).toMatchObject({ targetType: 'PAUSE', status: 'AWAITING_ACTION', timeoutAction: 'ROLLBACK' });
    expect(test).toBeDefined();
    expect(await get(`${test}/api/items`)).toEqual({ status: 200, body: 'ok backend:2' });
    expect(await get(`${production}/api/items`)).toEqual({ status: 200, body: 'ok backend:1' });

    // It stays paused (a simulated minute later) until ContinueServiceDeployment.
    sim.clock.advance(60_000);
    expect((await describe1(ecs, sdArn)).lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT');
    await ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: sdArn,
        hookId: hook.hookId,
        action: 'CONTINUE',
      }),
    );

    const done = await until(async () => {
      const sd = await describe1(ecs, sdArn);
      if (seen.at(-1) !== sd.lifecycleStage) seen.push(sd.lifecycleStage!);
      return sd.status === 'SUCCESSFUL' ? sd : undefined;
    }, 'the deployment to finish');
    expect(done.finishedAt).toBeInstanceOf(Date);
    // Stages only move forward (pollers may skip short ones).
    const positions = seen.map((s) => STAGES.indexOf(s as (typeof STAGES)[number]));
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!))).toBe(true);
    expect(seen).toContain('BAKE_TIME');
    expect(await get(`${production}/api/items`)).toEqual({ status: 200, body: 'ok backend:2' });
    const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] })))
      .services![0]!;
    expect(service.deployments).toHaveLength(1);
    expect(service.deployments![0]).toMatchObject({ taskDefinition: arn, rolloutState: 'COMPLETED' });
  });

  it('a release that fails only under test traffic is rolled back from the hook; production never sees it', async () => {
    const { ecs, sim } = await start([
      { match: { image: ':bad-test' }, testHttp: { status: 500, body: 'server error' } },
    ]);
    const { production, test } = sim.listeners();
    const arn = await register(ecs, 'backend', 'repo/backend:bad-test');
    await ecs.send(new UpdateServiceCommand({ cluster: 'web', service: 'backend', taskDefinition: arn }));
    const sdArn = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'web', service: 'backend' })))
      .serviceDeployments![0]!.serviceDeploymentArn!;
    const paused = await until(async () => {
      const sd = await describe1(ecs, sdArn);
      return sd.lifecycleHookDetails?.find((h) => h.status === 'AWAITING_ACTION') ? sd : undefined;
    }, 'the PAUSE hook');
    expect(await get(`${test!}/api/health`)).toEqual({ status: 500, body: 'server error' });
    expect(await get(`${production}/api/health`)).toEqual({ status: 200, body: 'ok backend:1' });
    await ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: sdArn,
        hookId: paused.lifecycleHookDetails![0]!.hookId,
        action: 'ROLLBACK',
      }),
    );
    const rolledBack = await until(async () => {
      const sd = await describe1(ecs, sdArn);
      return sd.status === 'ROLLBACK_SUCCESSFUL' ? sd : undefined;
    }, 'rollback');
    expect(rolledBack.rollback?.reason).toMatch(/requested a rollback/);
    expect(await get(`${test!}/api/health`)).toEqual({ status: 200, body: 'ok backend:1' });
    const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] })))
      .services![0]!;
    expect(service.taskDefinition).toMatch(/backend:1$/);
  });
});

describe('CodeDeploy blue/green', () => {
  const appSpec = (taskDefinition: string) =>
    JSON.stringify({
      version: 0.0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: taskDefinition,
              LoadBalancerInfo: { ContainerName: 'frontend', ContainerPort: 80 },
            },
          },
        },
      ],
    });

  it('deploys through CodeDeploy; UpdateService with a task definition is refused', async () => {
    const { ecs, codedeploy, sim } = await start([]);
    const arn = await register(ecs, 'frontend', 'repo/frontend:v2');
    await expect(
      ecs.send(new UpdateServiceCommand({ cluster: 'web', service: 'frontend', taskDefinition: arn })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      codedeploy.send(
        new CreateDeploymentCommand({
          applicationName: 'web',
          deploymentGroupName: 'nope',
          revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec(arn) } },
        }),
      ),
    ).rejects.toBeInstanceOf(DeploymentGroupDoesNotExistException);
    const { deploymentId } = await codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: 'web',
        deploymentGroupName: 'frontend',
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec(arn) } },
      }),
    );
    expect(deploymentId).toMatch(/^d-[A-Z0-9]{9}$/);
    const info = await until(async () => {
      const d = (await codedeploy.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo!;
      return d.status === 'Succeeded' ? d : undefined;
    }, 'CodeDeploy success');
    expect(info.completeTime).toBeInstanceOf(Date);
    const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['frontend'] })))
      .services![0]!;
    expect(service.taskDefinition).toBe(arn);
    expect(service.taskSets!.filter((t) => t.status === 'PRIMARY').map((t) => t.taskDefinition)).toEqual([
      arn,
    ]);
    expect(await get(`${sim.listeners().production}/`)).toEqual({ status: 200, body: 'ok frontend:2' });
  });

  it('StopDeployment with autoRollbackEnabled moves traffic back', async () => {
    const { ecs, codedeploy, sim } = await start([{ match: { image: ':slow' }, healthyAfterSeconds: 3600 }]);
    const arn = await register(ecs, 'frontend', 'repo/frontend:slow');
    const { deploymentId } = await codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: 'web',
        deploymentGroupName: 'frontend',
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec(arn) } },
      }),
    );
    await until(
      async () =>
        (await codedeploy.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo!.status ===
        'InProgress',
      'InProgress',
    );
    await codedeploy.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }));
    const info = (await codedeploy.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo!;
    expect(info.status).toBe('Stopped');
    expect(info.rollbackInfo?.rollbackDeploymentId).toMatch(/^d-/);
    expect(await get(`${sim.listeners().production}/`)).toEqual({ status: 200, body: 'ok frontend:1' });
  });
});
