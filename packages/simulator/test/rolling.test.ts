import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ClientException,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  InvalidParameterException,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotFoundException,
  ClusterNotFoundException,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  waitUntilServicesStable,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetLogEventsCommand, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { seedArchitecture, startSimulator, type ReleaseBehaviour, type RunningSimulator } from '../index.js';
import { clients, until } from './clients.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(releases: ReleaseBehaviour[], speed = 300) {
  sim = await startSimulator({ scenario: seedArchitecture({ releases }), speed });
  return { sim, ...clients(sim) };
}

/** Registers a new backend revision whose image is `image` (the way a deploy tool would). */
async function registerBackend(ecs: ECSClient, image: string): Promise<string> {
  const current = await ecs.send(
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
  body.containerDefinitions![0]!.image = image;
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      ...(body as RegisterTaskDefinitionCommandInput),
      tags: current.tags,
    }),
  );
  return registered.taskDefinition!.taskDefinitionArn!;
}

const backend = async (ecs: ECSClient) =>
  (await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] }))).services![0]!;

describe('rolling deployments through the SDK', () => {
  it('rolls out a healthy revision: waitUntilServicesStable succeeds on the new revision', async () => {
    const { ecs } = await start([]);
    const arn = await registerBackend(ecs, 'repo/backend:v2');
    expect(arn).toMatch(/task-definition\/backend:2$/);
    await ecs.send(new UpdateServiceCommand({ cluster: 'web', service: 'backend', taskDefinition: arn }));
    const during = await backend(ecs);
    expect(during.deployments).toHaveLength(2);
    expect(during.deployments![0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
      taskDefinition: arn,
    });

    const result = await waitUntilServicesStable(
      { client: ecs, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
      { cluster: 'web', services: ['backend'] },
    );
    expect(result.state).toBe('SUCCESS');
    const after = await backend(ecs);
    expect(after.taskDefinition).toBe(arn);
    expect(after.deployments).toHaveLength(1);
    expect(after.deployments![0]).toMatchObject({
      rolloutState: 'COMPLETED',
      runningCount: 2,
      failedTasks: 0,
    });
    const messages = after.events!.map((e) => e.message!);
    expect(messages[0]).toBe('(service backend) has reached a steady state.');
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^\(service backend\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/,
      ),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^\(service backend\) registered 2 targets in \(target-group arn:aws:elasticloadbalancing:.*:targetgroup\/backend-tg\//,
      ),
    );
    // Events are newest first.
    const times = after.events!.map((e) => e.createdAt!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('keeps waiting on a crash loop until the circuit breaker rolls back to the last completed revision', async () => {
    const { ecs, logs } = await start([
      {
        match: { image: ':crash' },
        crash: { afterSeconds: 2, exitCode: 137 },
        logLines: ['django.db.utils.OperationalError: could not connect'],
      },
    ]);
    const arn = await registerBackend(ecs, 'repo/backend:crash');
    const update = await ecs.send(
      new UpdateServiceCommand({ cluster: 'web', service: 'backend', taskDefinition: arn }),
    );
    const failedId = update.service!.deployments![0]!.id!;

    const result = await waitUntilServicesStable(
      { client: ecs, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
      { cluster: 'web', services: ['backend'] },
    );
    expect(result.state).toBe('SUCCESS');
    const after = await backend(ecs);
    expect(after.taskDefinition).toMatch(/backend:1$/);
    const messages = after.events!.map((e) => e.message!);
    expect(messages).toContain(
      `(service backend) (deployment ${failedId}) deployment failed: tasks failed to start.`,
    );

    const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'web', service: 'backend' }));
    const [latest] = (
      await ecs.send(
        new DescribeServiceDeploymentsCommand({
          serviceDeploymentArns: [list.serviceDeployments![0]!.serviceDeploymentArn!],
        }),
      )
    ).serviceDeployments!;
    expect(latest).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      statusReason: 'ECS deployment circuit breaker: tasks failed to start.',
      deploymentCircuitBreaker: { status: 'TRIGGERED', threshold: 3 },
    });
    expect(latest!.deploymentCircuitBreaker!.failureCount).toBeGreaterThanOrEqual(3);
    expect(latest!.rollback!.serviceRevisionArn).toBe(list.serviceDeployments![1]!.targetServiceRevisionArn);

    // The crashed tasks: stopped with the exit code, and their logs in prefix/container/task-id.
    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: 'web', serviceName: 'backend', desiredStatus: 'STOPPED' }),
    );
    const tasks = (await ecs.send(new DescribeTasksCommand({ cluster: 'web', tasks: stopped.taskArns! })))
      .tasks!;
    const crashed = tasks.filter((t) => t.taskDefinitionArn === arn);
    expect(crashed.length).toBeGreaterThanOrEqual(3);
    expect(crashed[0]).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
    });
    expect(crashed[0]!.containers![0]!.exitCode).toBe(137);
    const taskId = crashed[0]!.taskArn!.split('/').pop()!;
    const events = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ecs/backend',
        logStreamName: `ecs/backend/${taskId}`,
        startFromHead: true,
      }),
    );
    expect(events.events!.map((e) => e.message)).toEqual([
      'django.db.utils.OperationalError: could not connect',
    ]);
    const streams = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: '/ecs/backend', logStreamNamePrefix: 'ecs/backend/' }),
    );
    expect(streams.logStreams!.length).toBeGreaterThanOrEqual(3);
  });

  it('fails ALB health checks with the scenario reason and ECS replaces the tasks', async () => {
    const { ecs, elb, sim } = await start(
      [{ match: { image: ':unhealthy' }, failsHealthCheck: { reason: 'Target.ResponseCodeMismatch' } }],
      60,
    );
    const arn = await registerBackend(ecs, 'repo/backend:unhealthy');
    await ecs.send(new UpdateServiceCommand({ cluster: 'web', service: 'backend', taskDefinition: arn }));
    const tg = (await elb.send(new DescribeTargetGroupsCommand({ Names: ['backend-tg'] }))).TargetGroups![0]!;
    const unhealthy = await until(async () => {
      const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn }));
      return health.TargetHealthDescriptions!.find((d) => d.TargetHealth?.State === 'unhealthy');
    }, 'an unhealthy target');
    expect(unhealthy.TargetHealth).toEqual({
      State: 'unhealthy',
      Reason: 'Target.ResponseCodeMismatch',
      Description: 'Health checks failed with these codes: [502]',
    });
    const message = await until(
      async () =>
        (await backend(ecs)).events!.find((e) => e.message!.includes('is unhealthy in (target-group')),
      'unhealthy event',
      30_000,
    );
    expect(message.message).toMatch(
      /^\(service backend\) \(task [0-9a-f]{32}\) \(port 8000\) is unhealthy in \(target-group arn:.*backend-tg\/[0-9a-f]+\) due to \(reason Health checks failed with these codes: \[502\]\)\.$/,
    );
    const stopped = await until(async () => {
      const list = await ecs.send(
        new ListTasksCommand({ cluster: 'web', family: 'backend', desiredStatus: 'STOPPED' }),
      );
      if (!list.taskArns!.length) return undefined;
      const tasks = (await ecs.send(new DescribeTasksCommand({ cluster: 'web', tasks: list.taskArns! })))
        .tasks!;
      return tasks.find((t) => t.stoppedReason?.startsWith('Task failed ELB health checks'));
    }, 'a task stopped for ELB health');
    expect(stopped.stopCode).toBe('ServiceSchedulerInitiated');
    expect(sim.clock.now()).toBeGreaterThan(0);
  });

  it('rolls back when a deployment alarm goes to ALARM during the rollout', async () => {
    const { ecs } = await start([
      { match: { image: ':5xx' }, alarm: { name: 'web-alb-5xx', afterSeconds: 5 } },
    ]);
    const arn = await registerBackend(ecs, 'repo/backend:5xx');
    await ecs.send(new UpdateServiceCommand({ cluster: 'web', service: 'backend', taskDefinition: arn }));
    const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'web', service: 'backend' }));
    const sdArn = list.serviceDeployments![0]!.serviceDeploymentArn!;
    const done = await until(async () => {
      const [sd] = (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [sdArn] })))
        .serviceDeployments!;
      return sd?.status === 'ROLLBACK_SUCCESSFUL' ? sd : undefined;
    }, 'alarm rollback');
    expect(done.alarms).toEqual({
      status: 'TRIGGERED',
      alarmNames: ['web-alb-5xx'],
      triggeredAlarmNames: ['web-alb-5xx'],
    });
    expect((await backend(ecs)).taskDefinition).toMatch(/backend:1$/);
  });

  it('StopServiceDeployment ROLLBACK works even without rollback configured', async () => {
    const { ecs, sim } = await start([{ match: { image: ':slow' }, healthyAfterSeconds: 600 }], 30);
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'web',
        service: 'backend',
        deploymentConfiguration: {
          deploymentCircuitBreaker: { enable: false, rollback: false },
          maximumPercent: 200,
          minimumHealthyPercent: 100,
        },
      }),
    );
    await waitUntilServicesStable(
      { client: ecs, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
      { cluster: 'web', services: ['backend'] },
    );
    const arn = await registerBackend(ecs, 'repo/backend:slow');
    await ecs.send(new UpdateServiceCommand({ cluster: 'web', service: 'backend', taskDefinition: arn }));
    // Time stands still while the stopped deployment is inspected: on a loaded machine, minutes of
    // simulated time could otherwise pass and drain it before the describe.
    sim.clock.speed = 0;
    const sdArn = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'web', service: 'backend' })))
      .serviceDeployments![0]!.serviceDeploymentArn!;
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sdArn, stopType: 'ROLLBACK' }));
    const [sd] = (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [sdArn] })))
      .serviceDeployments!;
    expect(sd!.status).toBe('ROLLBACK_IN_PROGRESS');
    const [rollback, stopped] = (await backend(ecs)).deployments!;
    expect(rollback).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' });
    expect(rollback!.taskDefinition).toMatch(/backend:1$/);
    expect(stopped).toMatchObject({ status: 'ACTIVE', rolloutState: 'FAILED', taskDefinition: arn });
    sim.clock.speed = 30;
    const result = await waitUntilServicesStable(
      { client: ecs, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
      { cluster: 'web', services: ['backend'] },
    );
    expect(result.state).toBe('SUCCESS');
    const [finished] = (
      await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [sdArn] }))
    ).serviceDeployments!;
    expect(finished!.status).toBe('ROLLBACK_SUCCESSFUL');
  });

  it('raises the real exception classes', async () => {
    const { ecs } = await start([]);
    await expect(
      ecs.send(
        new UpdateServiceCommand({ cluster: 'web', service: 'backend', taskDefinition: 'backend:99' }),
      ),
    ).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidParameterException', message: 'TaskDefinition not found.' }),
    );
    await expect(
      ecs.send(
        new UpdateServiceCommand({ cluster: 'web', service: 'backend', taskDefinition: 'backend:99' }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope:1' })),
    ).rejects.toBeInstanceOf(ClientException);
    await expect(
      ecs.send(new UpdateServiceCommand({ cluster: 'web', service: 'nope', desiredCount: 1 })),
    ).rejects.toBeInstanceOf(ServiceNotFoundException);
    await expect(
      ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['backend'] })),
    ).rejects.toBeInstanceOf(ClusterNotFoundException);
    const missing = await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['nope'] }));
    expect(missing.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/web/nope', reason: 'MISSING' },
    ]);
  });
});
