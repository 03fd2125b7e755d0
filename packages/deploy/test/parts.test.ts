import { describe, expect, it } from '@jest/globals';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeServicesCommand, ClusterNotFoundException, ECSClient } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { MemoryLogger } from '../../runtime/index.js';
import { UserError } from '../../inputs/index.js';
import { describeChanges } from '../changes.js';
import { appSpecContent } from '../codedeploy.js';
import { attachLogTail, Poller } from '../../ecs/index.js';
import { redact } from '../../markdown/index.js';
import { busyWith, resolveService, resolveStrategy } from '../resolve.js';
import type { DeployClients } from '../clients.js';
import type { FailureCause } from '../../deploy-report/index.js';
import { observation, T0, task } from './fixtures.js';

describe('poller', () => {
  it('polls quickly after a change and slows to one ECS read per base interval when idle', () => {
    const poller = new Poller(5000);
    let t = 0;
    const step = (changed: boolean, reads: number) => {
      const delay = poller.next(t, changed, reads);
      t += delay;
      return delay;
    };
    expect(step(true, 4)).toBe(2000);
    expect([1, 2, 3, 4, 5].map(() => step(false, 1))).toEqual([3000, 4500, 5000, 5000, 5000]);
    expect(step(true, 1)).toBe(2000);
  });

  it('never lets steady waiting exceed 12 ECS reads in any minute, whatever a round reads', () => {
    const poller = new Poller(5000);
    const reads: number[] = [];
    let t = 0;
    for (let round = 0; round < 200; round++) {
      const n = [3, 1, 1, 2, 3, 1][round % 6]!;
      // The first round saw a change; every later one is steady waiting.
      if (round > 0) for (let i = 0; i < n; i++) reads.push(t);
      t += poller.next(t, round === 0, n);
    }
    for (const start of reads)
      expect(reads.filter((r) => r >= start && r < start + 60_000).length).toBeLessThanOrEqual(12);
    expect(reads.length / (t / 60_000)).toBeGreaterThan(10);
  });
});

describe('changes', () => {
  const sd = (stage: string, hooks: { hookId: string }[] = []) => ({
    arn: 'sd',
    status: 'IN_PROGRESS',
    lifecycleStage: stage,
    triggeredAlarms: [],
    awaitingHooks: hooks,
  });

  it('reports every lifecycle stage reached, including those passed between two polls', () => {
    const before = observation({ serviceDeployment: sd('SCALE_UP') });
    const after = observation({ serviceDeployment: sd('POST_TEST_TRAFFIC_SHIFT', [{ hookId: 'h1' }]) });
    expect(describeChanges(before, after, { stages: true, since: T0 }).map((c) => c.message)).toEqual([
      'stage POST_SCALE_UP (passed between polls)',
      'stage TEST_TRAFFIC_SHIFT (passed between polls)',
      'stage POST_TEST_TRAFFIC_SHIFT',
      'paused at POST_TEST_TRAFFIC_SHIFT (hook h1)',
    ]);
    expect(describeChanges(after, after, { stages: true, since: T0 })).toEqual([]);
  });

  it('reports task starts and failed stops once, and target health transitions', () => {
    const started = observation({ tasks: [task(1, { lastStatus: 'PENDING' })] });
    const crashed = observation({
      tasks: [
        task(1, {
          lastStatus: 'STOPPED',
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container in task exited',
          containers: [{ name: 'app', essential: true, exitCode: 137 }],
        }),
      ],
      targets: [
        {
          targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web-tg/abc',
          taskArn: task(1).arn,
          id: '10.0.0.1',
          port: 80,
          state: 'unhealthy',
          reason: 'Target.Timeout',
        },
      ],
    });
    const first = describeChanges(undefined, started, { stages: false, since: T0 });
    expect(first.map((c) => c.message)).toEqual([`task ${task(1).id} started (web:2), PENDING`]);
    const second = describeChanges(started, crashed, { stages: false, since: T0 });
    expect(second).toEqual([
      {
        kind: 'task',
        message: `task ${task(1).id} stopped: EssentialContainerExited: Essential container in task exited; app exit 137`,
        bad: true,
      },
      { kind: 'target', message: 'target 10.0.0.1:80 unhealthy in web-tg (Target.Timeout)', bad: true },
    ]);
    expect(describeChanges(crashed, crashed, { stages: false, since: T0 })).toEqual([]);
  });
});

describe('resolve', () => {
  const clients = (ecs: ECSClient) => ({ ecs }) as unknown as DeployClients;

  it('names the input at fault for a missing cluster, a missing or inactive service, and EXTERNAL', async () => {
    const ecs = new ECSClient({ region: 'eu-west-1' });
    const mock = mockClient(ecs);
    mock
      .on(DescribeServicesCommand)
      .rejects(new ClusterNotFoundException({ message: 'Cluster not found.', $metadata: {} }));
    await expect(resolveService(clients(ecs), 'nope', 'web', 'eu-west-1')).rejects.toEqual(
      new UserError(
        'cluster',
        'there is no ECS cluster "nope" in eu-west-1',
        'check the cluster name and aws-region',
      ),
    );
    const answer = async (out: object) => {
      mock.reset();
      mock.on(DescribeServicesCommand).resolves(out);
      return resolveService(clients(ecs), 'prod', 'web', 'eu-west-1');
    };
    await expect(answer({ services: [], failures: [{ arn: 'x', reason: 'MISSING' }] })).rejects.toMatchObject(
      {
        input: 'service',
        problem: 'there is no service "web" in cluster prod (eu-west-1)',
      },
    );
    await expect(answer({ services: [{ serviceName: 'web', status: 'DRAINING' }] })).rejects.toMatchObject({
      input: 'service',
      problem: expect.stringMatching(/is DRAINING/),
    });
    await expect(
      answer({
        services: [{ serviceName: 'web', status: 'ACTIVE', deploymentController: { type: 'EXTERNAL' } }],
      }),
    ).rejects.toMatchObject({
      input: 'service',
      problem: expect.stringMatching(/EXTERNAL deployment controller/),
    });
    await expect(answer({ services: [{ serviceName: 'web', status: 'ACTIVE' }] })).resolves.toMatchObject({
      serviceName: 'web',
    });
  });

  it('follows the service strategy on auto and refuses blue/green without an alternate target group', () => {
    expect(resolveStrategy('auto', { deploymentConfiguration: { strategy: 'BLUE_GREEN' } })).toBe(
      'BLUE_GREEN',
    );
    expect(resolveStrategy('auto', {})).toBe('ROLLING');
    expect(resolveStrategy('auto', { deploymentController: { type: 'CODE_DEPLOY' } })).toBe('CODE_DEPLOY');
    expect(() => resolveStrategy('BLUE_GREEN', { serviceName: 'web', loadBalancers: [] })).toThrow(
      /alternate target group/,
    );
    expect(() =>
      resolveStrategy('ROLLING', { serviceName: 'web', deploymentController: { type: 'CODE_DEPLOY' } }),
    ).toThrow(UserError);
  });

  it('says what keeps a service busy', () => {
    expect(
      busyWith({ deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'COMPLETED' }] }),
    ).toBeUndefined();
    expect(
      busyWith({
        deployments: [
          {
            id: 'ecs-svc/2',
            status: 'PRIMARY',
            rolloutState: 'IN_PROGRESS',
            taskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/web:2',
          },
        ],
      }),
    ).toBe('deployment ecs-svc/2 (web:2) is rolling out');
  });
});

describe('CodeDeploy AppSpec', () => {
  it('writes one from the service load balancer, or fills the given one', () => {
    const service = { loadBalancers: [{ containerName: 'web', containerPort: 80 }] };
    expect(JSON.parse(appSpecContent(undefined, service, 'arn:td:2'))).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: 'arn:td:2',
              LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 80 },
            },
          },
        },
      ],
    });
    const yaml =
      'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: <TASK_DEFINITION>\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 8080\n';
    expect(
      JSON.parse(appSpecContent(yaml, service, 'arn:td:3')).Resources[0].TargetService.Properties,
    ).toEqual({
      TaskDefinition: 'arn:td:3',
      LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 },
    });
    expect(() => appSpecContent('version: 0.0\nResources: []\n', service, 'x')).toThrow(/TargetService/);
  });
});

describe('log tail', () => {
  it('redacts environment values (not short ones that would shred the text)', () => {
    expect(redact('password=hunter22 port=80 on', ['hunter22', '80', 'on'])).toBe('password=*** port=80 on');
  });

  it('reads the last 20 lines of the failed task stream and redacts them', async () => {
    const logs = new CloudWatchLogsClient({ region: 'us-east-1' });
    const mock = mockClient(logs);
    mock
      .on(GetLogEventsCommand, {
        logGroupName: '/ecs/web',
        logStreamName: `ecs/app/${task(1).id}`,
        limit: 20,
        startFromHead: false,
      })
      .resolves({
        events: [{ message: 'boot\n' }, { message: 'db password s3cr3t-pw rejected' }],
      });
    const cause: FailureCause = { gate: 'tasks', summary: 'x', taskArn: task(1).arn, container: 'app' };
    const info = {
      ref: { arn: 'a', family: 'web', revision: 2 },
      healthChecked: false,
      essential: new Set(['app']),
      images: {},
      logs: [{ container: 'app', logGroup: '/ecs/web', streamPrefix: 'ecs', logStreams: [] }],
      environmentValues: [],
    };
    await attachLogTail(cause, {
      logsFor: async () => logs,
      region: 'us-east-1',
      info,
      taskArn: task(1).arn,
      container: 'app',
      redactValues: ['s3cr3t-pw'],
      log: new MemoryLogger(),
    });
    expect(cause).toMatchObject({
      logGroup: '/ecs/web',
      logStream: `ecs/app/${task(1).id}`,
      logLines: ['boot', 'db password *** rejected'],
    });
  });
});

describe('poller: a known moment', () => {
  it('waits quietly (at most 15 s a round) until just before the expected end, then looks every second', () => {
    const poller = new Poller(5000);
    const end = 120_000;
    let t = 0;
    const delays: number[] = [];
    while (t < end + 5_000) {
      const d = poller.next(t, false, 1, end);
      delays.push(d);
      t += d;
    }
    // Far from the end: long pauses, none over 15 s; near it: 1-second rounds.
    expect(Math.max(...delays)).toBeLessThanOrEqual(15_000);
    expect(delays.filter((d) => d > 5_000).length).toBeGreaterThanOrEqual(6);
    expect(delays.slice(-4)).toEqual([1000, 1000, 1000, 1000]);
  });

  it('counts every call of a round: 12 a minute at most while waiting, with or without an expected end', () => {
    const mixes = [1, 1, 3];
    for (const expectedEnd of [undefined, 300_000]) {
      const poller = new Poller(5000);
      const calls: number[] = [];
      let t = 0;
      // Up to just before the quick rounds around the expected end (or for five minutes without one).
      for (let round = 0; t < 300_000 - Poller.LEAD_MS; round++) {
        const n = mixes[round % 3]!;
        for (let i = 0; i < n; i++) calls.push(t);
        t += poller.next(t, false, n, expectedEnd);
      }
      expect(calls.length).toBeGreaterThan(expectedEnd ? 15 : 50);
      for (const start of calls)
        expect(calls.filter((c) => c >= start && c < start + 60_000).length).toBeLessThanOrEqual(12);
    }
  });

  it('spends what the quiet wait saved on one-second rounds around the expected end, and only there', () => {
    const poller = new Poller(5000);
    const end = 300_000;
    const calls: number[] = [];
    let t = 0;
    while (t < end + Poller.OVERDUE_MS + 30_000) {
      calls.push(t);
      t += poller.next(t, false, 1, end);
    }
    const near = calls.filter((c) => c >= end - Poller.LEAD_MS && c < end + Poller.OVERDUE_MS);
    expect(near.length).toBeGreaterThanOrEqual((Poller.LEAD_MS + Poller.OVERDUE_MS) / 1000 - 1);
    // The whole wait, quick rounds included, stays under 12 calls a minute on average.
    expect(calls.length / ((end + Poller.OVERDUE_MS) / 60_000)).toBeLessThanOrEqual(12);
    // After the window the ordinary budgeted pace resumes.
    const after = calls.filter((c) => c >= end + Poller.OVERDUE_MS);
    expect(after.length).toBeLessThanOrEqual(12);
  });

  it('forgets an expected end that is long past: the ordinary pace again', () => {
    const poller = new Poller(5000);
    let t = 100_000;
    for (let i = 0; i < 5; i++) t += poller.next(t, false, 1, 50_000);
    expect(poller.next(t, false, 1, 50_000)).toBe(5000);
  });
});
