import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  ClientException,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import {
  CloudWatchLogsClient,
  GetLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { UserError } from '../../inputs/index.js';
import { MemoryLogger, type Clock } from '../../runtime/index.js';
import { normalizeForRegister } from '../../task-definition/index.js';
import { runTask, type RunTaskOptions } from '../index.js';

const ecsMock = mockClient(ECSClient);
const logsMock = mockClient(CloudWatchLogsClient);
const ecs = new ECSClient({ region: 'eu-west-1' });
const logs = new CloudWatchLogsClient({ region: 'eu-west-1' });
const meta = { $metadata: {} };

const TD_ARN = 'arn:aws:ecs:eu-west-1:111122223333:task-definition/backend:7';
const TASK_ID = '0123456789abcdef0123456789abcdef';
const TASK_ARN = `arn:aws:ecs:eu-west-1:111122223333:task/web/${TASK_ID}`;
const SETTINGS_SECRET = 'django-insecure-signing-key';

const backend: TaskDefinition = {
  taskDefinitionArn: TD_ARN,
  family: 'backend',
  revision: 7,
  status: 'ACTIVE',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '512',
  memory: '1024',
  containerDefinitions: [
    {
      name: 'log-router',
      image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      essential: false,
    },
    {
      name: 'backend',
      image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/backend@sha256:' + 'a'.repeat(64),
      essential: true,
      environment: [{ name: 'SECRET_KEY', value: SETTINGS_SECRET }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/backend',
          'awslogs-region': 'eu-west-1',
          'awslogs-stream-prefix': 'ecs',
        },
      },
    },
  ],
};

/** Time that moves only when the engine sleeps; every sleep is recorded. */
class FakeClock implements Clock {
  t = Date.parse('2026-03-01T12:00:00Z');
  readonly sleeps: number[] = [];
  onSleep?: (count: number) => void;
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
    this.onSleep?.(this.sleeps.length);
  }
}

function options(overrides: Partial<RunTaskOptions> = {}): RunTaskOptions {
  return {
    region: 'eu-west-1',
    cluster: 'web',
    taskDefinition: { kind: 'revision', ref: 'backend:7' },
    environment: [],
    network: { subnets: ['subnet-1'], securityGroups: ['sg-1'] },
    placement: { launchType: 'FARGATE' },
    startedBy: 'ecs-deploy-actions',
    wait: true,
    timeoutSeconds: 600,
    logLines: 50,
    // Following the log has its own tests below; the others count log reads of failures only.
    streamLogs: false,
    pollIntervalSeconds: 5,
    tags: [{ key: 'ecs-deploy:git-sha', value: 'f'.repeat(40) }],
    // Tests write their files under the system temp directory, wherever the runner's workspace is.
    fileRoots: [tmpdir()],
    ...overrides,
  };
}

function task(lastStatus: string, extra: Partial<Task> = {}): Task {
  return {
    taskArn: TASK_ARN,
    taskDefinitionArn: TD_ARN,
    lastStatus,
    desiredStatus: lastStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING',
    containers: [
      { name: 'log-router', lastStatus },
      { name: 'backend', lastStatus },
    ],
    ...extra,
  };
}

function stopped(exitCodes: Record<string, number | undefined>, extra: Partial<Task> = {}): Task {
  return task('STOPPED', {
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: Object.entries(exitCodes).map(([name, exitCode]) => ({
      name,
      lastStatus: 'STOPPED',
      exitCode,
    })),
    ...extra,
  });
}

let clock: FakeClock;
let log: MemoryLogger;
const deps = (signal?: AbortSignal) => ({
  clients: { ecs, logs: async () => logs },
  clock,
  log,
  ...(signal ? { signal } : {}),
});

beforeEach(() => {
  ecsMock.reset();
  logsMock.reset();
  clock = new FakeClock();
  log = new MemoryLogger();
  ecsMock.on(DescribeTaskDefinitionCommand).resolves({ ...meta, taskDefinition: backend });
  ecsMock.on(RunTaskCommand).resolves({ ...meta, tasks: [task('PROVISIONING')], failures: [] });
});

describe('judging the stopped task', () => {
  it('succeeds when every essential container exits 0, whatever the non-essential ones do', async () => {
    ecsMock
      .on(DescribeTasksCommand)
      .resolvesOnce({ ...meta, tasks: [task('RUNNING')] })
      .resolves({ ...meta, tasks: [stopped({ 'log-router': 1, backend: 0 })] });
    const result = await runTask(options(), deps());
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 0, taskArn: TASK_ARN });
    expect(result.message).toMatch(
      /^task 0123456789abcdef0123456789abcdef of backend:7 succeeded \(exit code 0\)/,
    );
    expect(result.report).toMatchObject({
      kind: 'run-task',
      status: 'succeeded',
      service: 'backend',
      taskArn: TASK_ARN,
      exitCode: 0,
    });
    // A one-off task has no deployment strategy.
    expect(result.report).not.toHaveProperty('strategy');
    expect(result.report.cause).toBeUndefined();
    expect(logsMock.commandCalls(GetLogEventsCommand)).toHaveLength(0);
  });

  it('fails naming the essential container and its exit code, with the last N log lines redacted', async () => {
    ecsMock.on(DescribeTasksCommand).resolves({ ...meta, tasks: [stopped({ 'log-router': 0, backend: 3 })] });
    logsMock.on(GetLogEventsCommand).resolves({
      ...meta,
      events: [
        { message: `SECRET_KEY=${SETTINGS_SECRET}\n` },
        { message: 'connecting with password db-password-given-as-override' },
        { message: 'django.db.utils.OperationalError: could not connect to server' },
      ],
    });
    const result = await runTask(
      options({
        container: 'backend',
        command: ['python', 'manage.py', 'migrate'],
        environment: [{ key: 'DATABASE_PASSWORD', value: 'db-password-given-as-override', line: 1 }],
        logLines: 3,
      }),
      deps(),
    );
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(3);
    expect(result.message).toBe(
      `task ${TASK_ID} of backend:7 failed: container backend exited with code 3 (EssentialContainerExited: Essential container in task exited)`,
    );
    expect(logsMock.commandCalls(GetLogEventsCommand)[0]!.args[0].input).toEqual({
      logGroupName: '/ecs/backend',
      logStreamName: `ecs/backend/${TASK_ID}`,
      limit: 3,
      startFromHead: false,
    });
    expect(result.report.cause).toMatchObject({
      gate: 'exit-code',
      container: 'backend',
      exitCode: 3,
      logGroup: '/ecs/backend',
      logStream: `ecs/backend/${TASK_ID}`,
      logLines: [
        'SECRET_KEY=***',
        'connecting with password ***',
        'django.db.utils.OperationalError: could not connect to server',
      ],
    });
    const printed = [log.text(), result.summary, JSON.stringify(result.report)].join('\n');
    expect(printed).not.toContain('db-password-given-as-override');
    expect(printed).not.toContain(SETTINGS_SECRET);
    expect(log.text()).toContain('| django.db.utils.OperationalError: could not connect to server');
    expect(result.summary).toContain('<details><summary>Last 3 log lines of <code>backend</code>');
  });

  it('a task that failed to start fails with its stop code and reason, and no exit code', async () => {
    const reason = 'CannotPullContainerError: pull image manifest has been retried 5 time(s)';
    ecsMock.on(DescribeTasksCommand).resolves({
      ...meta,
      tasks: [
        task('STOPPED', {
          stopCode: 'TaskFailedToStart',
          stoppedReason: reason,
          containers: [
            { name: 'log-router', lastStatus: 'STOPPED' },
            { name: 'backend', lastStatus: 'STOPPED', reason },
          ],
        }),
      ],
    });
    logsMock
      .on(GetLogEventsCommand)
      .rejects(
        new ResourceNotFoundException({ message: 'The specified log stream does not exist.', ...meta }),
      );
    const result = await runTask(options(), deps());
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBeUndefined();
    expect(result.report.cause).toMatchObject({
      stopCode: 'TaskFailedToStart',
      stoppedReason: reason,
      logLines: [],
    });
    expect(result.message).toContain(`container backend failed: ${reason} (TaskFailedToStart: ${reason})`);
    expect(log.lines.filter((l) => l.level === 'warning')).toEqual([]);
  });
});

describe('starting the task', () => {
  it('sends one RunTask with the overrides, network, tags and FARGATE, and prints the console link', async () => {
    ecsMock.on(DescribeTasksCommand).resolves({ ...meta, tasks: [stopped({ backend: 0 })] });
    await runTask(
      options({
        command: ['python', 'manage.py', 'migrate'],
        environment: [{ key: 'A', value: 'b=c', line: 1 }],
      }),
      deps(),
    );
    const calls = ecsMock.commandCalls(RunTaskCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      cluster: 'web',
      taskDefinition: TD_ARN,
      count: 1,
      startedBy: 'ecs-deploy-actions',
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } },
      // No container named: the first essential one, not the first one.
      overrides: {
        containerOverrides: [
          {
            name: 'backend',
            command: ['python', 'manage.py', 'migrate'],
            environment: [{ name: 'A', value: 'b=c' }],
          },
        ],
      },
      propagateTags: 'TASK_DEFINITION',
      tags: [{ key: 'ecs-deploy:git-sha', value: 'f'.repeat(40) }],
      enableExecuteCommand: false,
      clientToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(log.text()).toContain(
      `ECS console: https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/web/tasks/${TASK_ID}/configuration?region=eu-west-1`,
    );
  });

  it('a capacity provider strategy replaces the launch type', async () => {
    ecsMock.on(DescribeTasksCommand).resolves({ ...meta, tasks: [stopped({ backend: 0 })] });
    const strategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 3 }];
    await runTask(options({ placement: { capacityProviderStrategy: strategy } }), deps());
    const input = ecsMock.commandCalls(RunTaskCommand)[0]!.args[0].input;
    expect(input.capacityProviderStrategy).toEqual(strategy);
    expect(input.launchType).toBeUndefined();
  });

  it('RunTask failures[] fail the run with ECS’s reason, without polling', async () => {
    ecsMock.on(RunTaskCommand).resolves({
      ...meta,
      tasks: [],
      failures: [
        { arn: 'arn:aws:ecs:eu-west-1:111122223333:container-instance/x', reason: 'RESOURCE:MEMORY' },
      ],
    });
    const result = await runTask(options(), deps());
    expect(result.status).toBe('failed');
    expect(result.taskArn).toBeUndefined();
    expect(result.message).toBe('backend:7 failed: ECS started no task of backend:7: RESOURCE:MEMORY');
    expect(result.report.cause).toMatchObject({ gate: 'start' });
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0);
  });

  it('wait false returns once the task has started', async () => {
    const result = await runTask(options({ wait: false }), deps());
    expect(result).toMatchObject({ status: 'started', taskArn: TASK_ARN });
    expect(result.report.status).toBe('in-progress');
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0);
  });
});

describe('waiting', () => {
  it('polls quickly after a change and slows to the interval while nothing changes', async () => {
    ecsMock
      .on(DescribeTasksCommand)
      .resolvesOnce({ ...meta, tasks: [task('PROVISIONING')] })
      .resolvesOnce({ ...meta, tasks: [task('PROVISIONING')] })
      .resolvesOnce({ ...meta, tasks: [task('PROVISIONING')] })
      .resolvesOnce({ ...meta, tasks: [task('PROVISIONING')] })
      .resolvesOnce({ ...meta, tasks: [task('RUNNING')] })
      .resolves({ ...meta, tasks: [stopped({ backend: 0 })] });
    await runTask(options(), deps());
    // 5 s interval: 2 s right after a change, then ×1.5 up to 5 s; back to 2 s after PROVISIONING → RUNNING.
    expect(clock.sleeps).toEqual([2000, 3000, 4500, 5000, 5000, 2000]);
  });

  it('a timeout stops the task with StopTask and fails, showing what it logged so far', async () => {
    ecsMock.on(DescribeTasksCommand).resolves({ ...meta, tasks: [task('RUNNING')] });
    ecsMock.on(StopTaskCommand).resolves({ ...meta, task: task('RUNNING', { desiredStatus: 'STOPPED' }) });
    logsMock
      .on(GetLogEventsCommand)
      .resolves({ ...meta, events: [{ message: 'Applying orders.0042_big_backfill...' }] });
    const started = clock.now();
    const result = await runTask(options({ timeoutSeconds: 60 }), deps());
    expect(result.status).toBe('failed');
    expect(clock.now() - started).toBe(60_000);
    expect(ecsMock.commandCalls(StopTaskCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: 'web', task: TASK_ARN, reason: 'ecs-deploy-actions: the task did not finish within 1m' },
    ]);
    expect(result.report.cause).toMatchObject({
      gate: 'timeout',
      summary: 'the task did not finish within 1m; the task was stopped',
      logLines: ['Applying orders.0042_big_backfill...'],
    });
  });

  it('a task that stops at the deadline is judged, not stopped', async () => {
    ecsMock
      .on(DescribeTasksCommand)
      .resolvesOnce({ ...meta, tasks: [task('RUNNING')] })
      .resolves({ ...meta, tasks: [stopped({ backend: 0 })] });
    const result = await runTask(options({ timeoutSeconds: 3 }), deps());
    // The second wait is cut to the deadline, and what that last look finds is judged.
    expect(clock.sleeps).toEqual([2000, 1000]);
    expect(result.status).toBe('succeeded');
    expect(ecsMock.commandCalls(StopTaskCommand)).toHaveLength(0);
  });

  it('a cancelled workflow stops the task', async () => {
    ecsMock.on(DescribeTasksCommand).resolves({ ...meta, tasks: [task('RUNNING')] });
    const cancel = new AbortController();
    clock.onSleep = (n) => {
      if (n === 3) cancel.abort();
    };
    const result = await runTask(options(), deps(cancel.signal));
    expect(result.status).toBe('failed');
    expect(result.report.cause?.gate).toBe('cancelled');
    expect(ecsMock.commandCalls(StopTaskCommand)[0]!.args[0].input.reason).toBe(
      'ecs-deploy-actions: the workflow was cancelled',
    );
  });
});

describe('the task definition', () => {
  const writeFile = (td: object) => {
    const path = join(mkdtempSync(join(tmpdir(), 'run-task-')), 'backend.json');
    writeFileSync(path, JSON.stringify(td));
    return path;
  };

  it('a file identical to the family’s latest ACTIVE revision runs that revision, unregistered', async () => {
    ecsMock.on(DescribeTasksCommand).resolves({ ...meta, tasks: [stopped({ backend: 0 })] });
    const path = writeFile({ ...normalizeForRegister(backend), tags: [{ key: 'team', value: 'web' }] });
    const result = await runTask(options({ taskDefinition: { kind: 'file', path } }), deps());
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)[0]!.args[0].input).toEqual({
      taskDefinition: 'backend',
      include: ['TAGS'],
    });
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(RunTaskCommand)[0]!.args[0].input.taskDefinition).toBe(TD_ARN);
    expect(result.report.registered).toBe(false);
  });

  it('a file that differs is registered with its tags, and the new revision runs', async () => {
    const changed = normalizeForRegister(backend);
    changed.containerDefinitions![1]!.image = 'repo/backend:v2';
    const path = writeFile({ ...changed, tags: [{ key: 'team', value: 'web' }] });
    const newArn = TD_ARN.replace(':7', ':8');
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({
      ...meta,
      taskDefinition: { ...backend, ...changed, taskDefinitionArn: newArn, revision: 8 },
    });
    ecsMock
      .on(DescribeTasksCommand)
      .resolves({ ...meta, tasks: [stopped({ backend: 0 }, { taskDefinitionArn: newArn })] });
    const result = await runTask(options({ taskDefinition: { kind: 'file', path } }), deps());
    const registered = ecsMock.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input;
    expect(registered).toMatchObject({ family: 'backend', tags: [{ key: 'team', value: 'web' }] });
    expect(registered.containerDefinitions![1]!.image).toBe('repo/backend:v2');
    expect(ecsMock.commandCalls(RunTaskCommand)[0]!.args[0].input.taskDefinition).toBe(newArn);
    expect(result.report).toMatchObject({ registered: true, taskDefinition: { revision: 8 } });
    expect(log.text()).toContain('registered backend:8 (its content differs from backend:7)');
  });

  it('a family ECS does not know is registered from the file, but not named as a revision', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(new ClientException({ message: 'Unable to describe task definition.', ...meta }));
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({
      ...meta,
      taskDefinition: { ...backend, revision: 1, taskDefinitionArn: TD_ARN.replace(':7', ':1') },
    });
    ecsMock.on(DescribeTasksCommand).resolves({ ...meta, tasks: [stopped({ backend: 0 })] });
    const path = writeFile(normalizeForRegister(backend));
    await runTask(options({ taskDefinition: { kind: 'file', path } }), deps());
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1);

    ecsMock.resetHistory();
    await expect(runTask(options(), deps())).rejects.toThrow(
      /^task-definition: ECS has no task definition backend:7 in eu-west-1/,
    );
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(0);
  });
});

describe('input problems found before RunTask', () => {
  async function rejected(o: RunTaskOptions): Promise<UserError> {
    const err = await runTask(o, deps()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    return err as UserError;
  }

  it('an unknown container names the ones there are', async () => {
    const err = await rejected(options({ container: 'worker', command: ['true'] }));
    expect(err).toMatchObject({
      input: 'container',
      problem: 'backend has no container "worker"',
      fix: 'use one of: log-router, backend',
    });
  });

  it('an awsvpc task without subnets or a service to copy them from', async () => {
    const err = await rejected(options({ network: {} }));
    expect(err.input).toBe('subnets');
  });

  it('network-configuration together with a shorthand', async () => {
    const err = await rejected(
      options({ network: { configuration: { subnets: ['subnet-1'] }, assignPublicIp: 'ENABLED' } }),
    );
    expect(err).toMatchObject({
      input: 'network-configuration',
      problem: 'was given together with assign-public-ip',
    });
  });

  it('a bridge-mode definition on Fargate', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .resolves({ ...meta, taskDefinition: { ...backend, networkMode: 'bridge' } });
    const err = await rejected(options());
    expect(err).toMatchObject({
      input: 'task-definition',
      problem: 'backend has networkMode bridge, and Fargate runs only awsvpc tasks',
    });
  });

  it('a service that does not exist', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ ...meta, services: [], failures: [{ arn: 'x', reason: 'MISSING' }] });
    const err = await rejected(options({ network: {}, service: 'backnd' }));
    expect(err.input).toBe('service');
  });
});

describe('network from the service', () => {
  it('copies the service’s awsvpc configuration; a shorthand replaces one field', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      ...meta,
      services: [
        {
          serviceName: 'backend',
          status: 'ACTIVE',
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: ['subnet-a', 'subnet-b'],
              securityGroups: ['sg-backend'],
              assignPublicIp: 'DISABLED',
            },
          },
        },
      ],
    });
    ecsMock.on(DescribeTasksCommand).resolves({ ...meta, tasks: [stopped({ backend: 0 })] });
    const result = await runTask(
      options({ service: 'backend', network: { securityGroups: ['sg-migrations'] } }),
      deps(),
    );
    expect(ecsMock.commandCalls(RunTaskCommand)[0]!.args[0].input.networkConfiguration).toEqual({
      awsvpcConfiguration: {
        subnets: ['subnet-a', 'subnet-b'],
        securityGroups: ['sg-migrations'],
        assignPublicIp: 'DISABLED',
      },
    });
    expect(result.report.service).toBe('backend');
  });

  it('does not read the service when every field is given', async () => {
    ecsMock.on(DescribeTasksCommand).resolves({ ...meta, tasks: [stopped({ backend: 0 })] });
    await runTask(
      options({
        service: 'backend',
        network: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED' },
      }),
      deps(),
    );
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(0);
  });
});

describe('following the log while the task runs', () => {
  /** The stream as CloudWatch Logs pages it: forward tokens are positions; the end answers the same token. */
  let stream: string[] | undefined;
  function pageLogs() {
    logsMock.on(GetLogEventsCommand).callsFake((input: { nextToken?: string; startFromHead?: boolean }) => {
      if (!stream) {
        throw new ResourceNotFoundException({ message: 'The specified log stream does not exist.', ...meta });
      }
      if (!input.startFromHead) return { ...meta, events: stream.slice(-3).map((message) => ({ message })) };
      const from = input.nextToken ? Number(input.nextToken.slice(2)) : 0;
      const to = Math.min(stream.length, from + 4);
      return {
        ...meta,
        events: stream.slice(from, to).map((message) => ({ message })),
        nextForwardToken: `f/${to}`,
      };
    });
  }
  /** DescribeTasks answers in turn; each answer first lets the task write its next lines. */
  function script(steps: { writes?: string[]; task: Task }[]) {
    let i = 0;
    ecsMock.on(DescribeTasksCommand).callsFake(() => {
      const step = steps[Math.min(i++, steps.length - 1)]!;
      if (step.writes) stream = [...(stream ?? []), ...step.writes];
      return { ...meta, tasks: [step.task] };
    });
  }
  const printedLines = () =>
    log.lines.filter((l) => l.message.startsWith('backend | ')).map((l) => l.message.slice(10));

  beforeEach(() => {
    stream = undefined;
    pageLogs();
  });

  it('prints every line once and in order, reads to the end after STOPPED, and keeps the tail on success', async () => {
    const lines = Array.from({ length: 11 }, (_, n) => `migration step ${n}`);
    script([
      { task: task('PENDING') },
      { writes: [`SECRET_KEY=${SETTINGS_SECRET}`, ...lines.slice(0, 5)], task: task('RUNNING') },
      { writes: lines.slice(5, 6), task: task('RUNNING') },
      { writes: [...lines.slice(6), 'written just before STOPPED'], task: stopped({ backend: 0 }) },
    ]);
    const result = await runTask(options({ streamLogs: true, logLines: 4 }), deps());
    expect(result.status).toBe('succeeded');
    expect(printedLines()).toEqual(['SECRET_KEY=***', ...lines, 'written just before STOPPED']);
    expect(log.text()).not.toContain(SETTINGS_SECRET);
    expect(log.lines.filter((l) => l.level === 'warning')).toEqual([]);
    expect(log.text()).toContain('end of the log of backend: 13 lines');
    expect(result.report.taskLog).toEqual({
      container: 'backend',
      logGroup: '/ecs/backend',
      logStream: `ecs/backend/${TASK_ID}`,
      lineCount: 13,
      tail: ['migration step 8', 'migration step 9', 'migration step 10', 'written just before STOPPED'],
    });
    expect(result.summary).toContain(
      '<details><summary>Log of <code>backend</code>: last 4 of 13 lines</summary>',
    );
    expect(result.summary).toContain('written just before STOPPED');
    // Only forward reads from the head: no separate tail read.
    const reads = logsMock.commandCalls(GetLogEventsCommand).map((c) => c.args[0].input);
    expect(reads.every((r) => r.startFromHead === true)).toBe(true);
  });

  it('a failure keeps the followed lines as its cause’s log instead of printing them twice', async () => {
    script([
      { writes: ['starting', 'OperationalError: could not connect'], task: task('RUNNING') },
      { task: stopped({ backend: 3 }) },
    ]);
    const result = await runTask(options({ streamLogs: true, logLines: 1 }), deps());
    expect(result.status).toBe('failed');
    expect(result.report.cause).toMatchObject({
      exitCode: 3,
      logStream: `ecs/backend/${TASK_ID}`,
      logLines: ['OperationalError: could not connect'],
    });
    expect(printedLines()).toEqual(['starting', 'OperationalError: could not connect']);
    expect(log.text().match(/OperationalError/g)).toHaveLength(1);
    expect(result.summary).toContain('Last 1 log lines of <code>backend</code>');
  });

  it('does not follow when streaming is off or the run does not wait', async () => {
    script([{ writes: ['hello'], task: stopped({ backend: 0 }) }]);
    const quiet = await runTask(options({ streamLogs: false }), deps());
    expect(quiet.report.taskLog).toBeUndefined();
    const started = await runTask(options({ streamLogs: true, wait: false }), deps());
    expect(started.status).toBe('started');
    expect(logsMock.commandCalls(GetLogEventsCommand)).toHaveLength(0);
  });
});
