/**
 * A scripted ECS service for engine tests, answered through aws-sdk-client-mock: what AWS reports is a
 * function of the fake clock, so a test says "the rollout completes at +120 s" and checks what the engine
 * did and when.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
  type Deployment,
  type Task,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { tmpdir } from 'node:os';
import { mockClient } from 'aws-sdk-client-mock';
import type { Clock } from '../../runtime/index.js';
import type { DeployClients } from '../clients.js';
import type { DeployOptions } from '../options.js';

/** Options of a rolling deploy of web:2 to service web in cluster prod, with `over` on top. */
export function deployOptions(over: Partial<DeployOptions> = {}): DeployOptions {
  return {
    region: 'us-east-1',
    cluster: 'prod',
    service: 'web',
    taskDefinition: { kind: 'revision', ref: 'web:2' },
    forceNewDeployment: false,
    strategy: 'auto',
    onBusy: 'wait',
    maxTaskFailures: 1,
    alarms: [],
    alarmsPreexisting: 'fail',
    bakeTimeSeconds: 0,
    rollback: 'auto',
    timeoutSeconds: 1800,
    pollIntervalSeconds: 5,
    dryRun: false,
    tags: [],
    // Tests write their files under the system temp directory, wherever the runner's workspace is.
    fileRoots: [tmpdir()],
    ...over,
  };
}

export const ARN = (rev: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${rev}`;
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/abc';
const SD = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/sd2';

/** Time only moves when the engine sleeps. */
export class FakeClock implements Clock {
  constructor(public t: number) {}
  now = () => this.t;
  sleep = async (ms: number) => {
    this.t += Math.max(0, ms);
  };
}

export interface Script {
  /** Seconds after UpdateService when the new tasks are RUNNING (and healthy). */
  runningAt?: number;
  /** Seconds after UpdateService when ECS reports the rollout COMPLETED (old tasks gone). */
  completedAt?: number;
  /** Seconds after UpdateService when a new task crashes (exit 3). */
  crashAt?: number;
  /** Seconds after UpdateService when ECS rolls back by itself (circuit breaker). */
  ecsRollbackAt?: number;
  /** Seconds after UpdateService when the alarm goes to ALARM. */
  alarmAt?: number;
  /** web:2 ran before and crashed half an hour ago: two STOPPED tasks of an earlier deployment. */
  crashedEarlier?: boolean;
  /** The service is BLUE_GREEN with an alternate target group and these PAUSE hook stages. */
  blueGreenHooks?: string[];
  /** Seconds after UpdateService when the service deployment reports PRODUCTION_TRAFFIC_SHIFT. */
  productionShiftAt?: number;
}

export class FakeAws {
  readonly clock = new FakeClock(Date.parse('2026-05-01T10:00:00Z'));
  readonly ecs = new ECSClient({ region: 'us-east-1' });
  readonly elbv2 = new ElasticLoadBalancingV2Client({ region: 'us-east-1' });
  readonly cloudwatch = new CloudWatchClient({ region: 'us-east-1' });
  readonly ecsMock = mockClient(this.ecs);
  readonly elbMock = mockClient(this.elbv2);
  readonly cwMock = mockClient(this.cloudwatch);
  /** Every ECS call with the fake time it was made at. */
  readonly calls: { at: number; op: string; input: unknown }[] = [];
  private updatedAt?: number;
  private rollbackAt?: number;
  private readonly start: number;

  constructor(private readonly script: Script) {
    this.start = this.clock.now();
    const ecsOps = [
      DescribeServicesCommand,
      DescribeServiceDeploymentsCommand,
      DescribeTaskDefinitionCommand,
      ListTaskDefinitionsCommand,
      DescribeTasksCommand,
      ListTasksCommand,
      RegisterTaskDefinitionCommand,
      UpdateServiceCommand,
      StopServiceDeploymentCommand,
      ContinueServiceDeploymentCommand,
      ListTagsForResourceCommand,
      TagResourceCommand,
      UntagResourceCommand,
    ] as const;
    for (const op of ecsOps) {
      // Each command class is answered by the method of the same name.
      this.ecsMock.on(op as never).callsFake((input: unknown) => {
        const name = (op as { name: string }).name.replace(/Command$/, '');
        this.calls.push({ at: this.clock.now(), op: name, input });
        return (this as unknown as Record<string, (i: unknown) => unknown>)[name]!(input);
      });
    }
    this.elbMock.on(DescribeTargetHealthCommand).callsFake(() => ({
      TargetHealthDescriptions: [...this.newTasks(), ...this.oldTasks()]
        .filter((t) => t.lastStatus === 'RUNNING')
        .map((t) => ({ Target: { Id: this.ip(t), Port: 80 }, TargetHealth: { State: 'healthy' } })),
    }));
    this.cwMock.on(DescribeAlarmsCommand).callsFake(() => ({
      MetricAlarms: [
        {
          AlarmName: 'web-5xx',
          StateValue: this.after(this.script.alarmAt) ? 'ALARM' : 'OK',
          StateReason: 'Threshold Crossed',
        },
      ],
    }));
  }

  get clients(): DeployClients {
    return {
      ecs: this.ecs,
      elbv2: this.elbv2,
      cloudwatch: this.cloudwatch,
      logs: () => Promise.reject(new Error('no logs in this test')),
      codedeploy: () => Promise.reject(new Error('no CodeDeploy in this test')),
    };
  }

  /** Seconds since UpdateService, or undefined before it. */
  private elapsed(): number | undefined {
    return this.updatedAt === undefined ? undefined : (this.clock.now() - this.updatedAt) / 1000;
  }

  private after(seconds: number | undefined): boolean {
    const e = this.elapsed();
    return seconds !== undefined && e !== undefined && e >= seconds;
  }

  private ip(t: Task): string {
    return `10.0.0.${t.taskArn!.slice(-1)}`;
  }

  private deployments(): Deployment[] {
    const at = (s: number) => new Date(this.updatedAt! + s * 1000);
    const old: Deployment = {
      id: 'ecs-svc/1',
      status: 'PRIMARY',
      taskDefinition: ARN(1),
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      rolloutState: 'COMPLETED',
      createdAt: new Date(this.start - 86_400_000),
    };
    if (this.updatedAt === undefined) return [old];
    if (this.rollbackAt !== undefined || this.after(this.script.ecsRollbackAt)) {
      const since = this.rollbackAt ?? this.updatedAt + this.script.ecsRollbackAt! * 1000;
      const done = this.clock.now() - since >= 20_000;
      return [
        {
          ...old,
          id: 'ecs-svc/3',
          createdAt: new Date(since),
          rolloutState: done ? 'COMPLETED' : 'IN_PROGRESS',
        },
      ];
    }
    const running = this.after(this.script.runningAt) ? 2 : 0;
    const ours: Deployment = {
      id: 'ecs-svc/2',
      status: 'PRIMARY',
      taskDefinition: ARN(2),
      desiredCount: 2,
      runningCount: this.after(this.script.crashAt) ? 1 : running,
      pendingCount: running ? 0 : 2,
      failedTasks: this.after(this.script.crashAt) ? 1 : 0,
      rolloutState: this.after(this.script.completedAt) ? 'COMPLETED' : 'IN_PROGRESS',
      createdAt: at(0),
    };
    return this.after(this.script.completedAt) ? [ours] : [ours, { ...old, status: 'ACTIVE' }];
  }

  DescribeServices() {
    const deployments = this.deployments();
    return {
      services: [
        {
          serviceName: 'web',
          serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
          status: 'ACTIVE',
          desiredCount: 2,
          runningCount: 2,
          taskDefinition: deployments[0]!.taskDefinition,
          deploymentConfiguration: this.script.blueGreenHooks
            ? {
                strategy: 'BLUE_GREEN',
                lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: this.script.blueGreenHooks }],
              }
            : { strategy: 'ROLLING' },
          deployments,
          loadBalancers: [
            {
              targetGroupArn: TG,
              containerName: 'app',
              containerPort: 80,
              ...(this.script.blueGreenHooks
                ? { advancedConfiguration: { alternateTargetGroupArn: `${TG}-green` } }
                : {}),
            },
          ],
          currentServiceDeployment: this.updatedAt === undefined ? undefined : SD,
          events: [],
        },
      ],
    };
  }

  DescribeServiceDeployments() {
    let status = this.after(this.script.completedAt) ? 'SUCCESSFUL' : 'IN_PROGRESS';
    if (this.rollbackAt !== undefined || this.after(this.script.ecsRollbackAt)) {
      const since = this.rollbackAt ?? this.updatedAt! + this.script.ecsRollbackAt! * 1000;
      status = this.clock.now() - since >= 20_000 ? 'ROLLBACK_SUCCESSFUL' : 'ROLLBACK_IN_PROGRESS';
    }
    const stage = this.after(this.script.productionShiftAt)
      ? { lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT' }
      : {};
    return { serviceDeployments: [{ serviceDeploymentArn: SD, status, ...stage }] };
  }

  /** The family has web:1 (running) and web:2 (the release), newest first. */
  ListTaskDefinitions() {
    return { taskDefinitionArns: [ARN(2), ARN(1)] };
  }

  DescribeTaskDefinition(input: { taskDefinition: string }) {
    // ECS answers a reference it does not know with a ClientException.
    if (!/^(arn:.*\/)?web(:\d+)?$/.test(input.taskDefinition))
      throw Object.assign(new Error('Unable to describe task definition.'), { name: 'ClientException' });
    const rev = input.taskDefinition.endsWith(':2') ? 2 : 1;
    return {
      taskDefinition: {
        taskDefinitionArn: ARN(rev),
        family: 'web',
        revision: rev,
        containerDefinitions: [{ name: 'app', image: `repo/web:v${rev}`, essential: true }],
      },
      tags: [],
    };
  }

  /** The old revision's two tasks (3, 4) run until the rollout completes, and again after a rollback. */
  private oldTasks(): Task[] {
    const gone =
      this.after(this.script.completedAt) &&
      this.rollbackAt === undefined &&
      !this.after(this.script.ecsRollbackAt);
    return [3, 4].map((n) => ({
      taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${'0'.repeat(31)}${n}`,
      taskDefinitionArn: ARN(1),
      createdAt: new Date(this.start - 86_400_000),
      startedAt: new Date(this.start - 86_400_000),
      lastStatus: gone ? 'STOPPED' : 'RUNNING',
      desiredStatus: gone ? 'STOPPED' : 'RUNNING',
      containers: [{ name: 'app' }],
      attachments: [
        { type: 'ElasticNetworkInterface', details: [{ name: 'privateIPv4Address', value: `10.0.0.${n}` }] },
      ],
    }));
  }

  /** Tasks of web:2 from an earlier deployment that crashed half an hour before this one. */
  private earlierTasks(): Task[] {
    if (!this.script.crashedEarlier) return [];
    const at = new Date(this.start - 1_800_000);
    return [5, 6].map((n) => ({
      taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${'0'.repeat(31)}${n}`,
      taskDefinitionArn: ARN(2),
      startedBy: 'ecs-svc/0',
      createdAt: at,
      startedAt: at,
      stoppingAt: at,
      stoppedAt: at,
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'app', exitCode: 1 }],
    }));
  }

  private newTasks(): Task[] {
    if (this.updatedAt === undefined) return [];
    const crashed = this.after(this.script.crashAt);
    return [1, 2].map((n) => ({
      taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${'0'.repeat(31)}${n}`,
      taskDefinitionArn: ARN(2),
      startedBy: 'ecs-svc/2',
      attachments: [
        { type: 'ElasticNetworkInterface', details: [{ name: 'privateIPv4Address', value: `10.0.0.${n}` }] },
      ],
      createdAt: new Date(this.updatedAt!),
      startedAt: new Date(this.updatedAt! + (this.script.runningAt ?? 0) * 1000),
      ...(crashed && n === 1
        ? {
            lastStatus: 'STOPPED',
            desiredStatus: 'STOPPED',
            stopCode: 'EssentialContainerExited',
            stoppedReason: 'Essential container in task exited',
            containers: [{ name: 'app', exitCode: 3 }],
          }
        : {
            lastStatus: this.after(this.script.runningAt) ? 'RUNNING' : 'PENDING',
            desiredStatus: 'RUNNING',
            containers: [{ name: 'app' }],
          }),
    }));
  }

  ListTasks(input: { desiredStatus?: string }) {
    return {
      taskArns: [...this.newTasks(), ...this.oldTasks(), ...this.earlierTasks()]
        .filter((t) => (input.desiredStatus ?? 'RUNNING') === t.desiredStatus)
        .map((t) => t.taskArn),
    };
  }

  DescribeTasks(input: { tasks: string[] }) {
    return {
      tasks: [...this.newTasks(), ...this.oldTasks(), ...this.earlierTasks()].filter((t) =>
        input.tasks.includes(t.taskArn!),
      ),
    };
  }

  RegisterTaskDefinition() {
    return this.DescribeTaskDefinition({ taskDefinition: 'web:2' });
  }

  UpdateService(input: { taskDefinition?: string }) {
    if (this.updatedAt === undefined) this.updatedAt = this.clock.now();
    else if (input.taskDefinition === ARN(1)) this.rollbackAt = this.clock.now();
    return this.DescribeServices().services[0] ? { service: this.DescribeServices().services[0] } : {};
  }

  StopServiceDeployment() {
    this.rollbackAt = this.clock.now();
    return { serviceDeploymentArn: SD };
  }

  ContinueServiceDeployment() {
    return { serviceDeploymentArn: SD };
  }

  /** The service's tags (the deploy's mark lives here). */
  readonly serviceTags = new Map<string, string>();

  ListTagsForResource() {
    return { tags: [...this.serviceTags].map(([key, value]) => ({ key, value })) };
  }

  TagResource(input: { tags: { key: string; value: string }[] }) {
    for (const t of input.tags) this.serviceTags.set(t.key, t.value);
    return {};
  }

  UntagResource(input: { tagKeys: string[] }) {
    for (const k of input.tagKeys) this.serviceTags.delete(k);
    return {};
  }

  /** Fake seconds since UpdateService of a fake time. */
  secondsAt(at: number): number {
    return (at - this.updatedAt!) / 1000;
  }

  /** Fake seconds since UpdateService at which `op` was called. */
  secondsOf(op: string): number[] {
    return this.calls.filter((c) => c.op === op).map((c) => (c.at - this.updatedAt!) / 1000);
  }
}
