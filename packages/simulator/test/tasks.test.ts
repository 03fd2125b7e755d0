import { afterEach, describe, expect, it } from '@jest/globals';
import {
  DescribeTasksCommand,
  ListTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { seedArchitecture, startSimulator, type RunningSimulator } from '../index.js';
import { clients, until } from './clients.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('one-off tasks', () => {
  it('RunTask: the task runs, exits with the scenario exit code and writes its logs', async () => {
    sim = await startSimulator({
      scenario: seedArchitecture({
        releases: [
          {
            match: { content: 'migrate' },
            exitCode: 3,
            runSeconds: 20,
            logLines: ['Running migrations:', 'django.db.utils.ProgrammingError'],
          },
        ],
      }),
      speed: 0,
    });
    const { ecs, logs } = clients(sim);
    const run = await ecs.send(
      new RunTaskCommand({
        cluster: 'web',
        taskDefinition: 'backend:1',
        startedBy: 'migrations',
        overrides: { containerOverrides: [{ name: 'backend', command: ['python', 'manage.py', 'migrate'] }] },
      }),
    );
    const taskArn = run.tasks![0]!.taskArn!;
    expect(run.tasks![0]).toMatchObject({
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      group: 'family:backend',
      startedBy: 'migrations',
    });
    const describeTask = async (): Promise<Task> =>
      (await ecs.send(new DescribeTasksCommand({ cluster: 'web', tasks: [taskArn] }))).tasks![0]!;
    const statuses = new Set<string>();
    for (let i = 0; i < 40; i++) {
      sim.clock.advance(1000);
      statuses.add((await describeTask()).lastStatus!);
    }
    expect([...statuses]).toEqual(expect.arrayContaining(['PENDING', 'ACTIVATING', 'RUNNING', 'STOPPED']));
    const task = await describeTask();
    expect(task).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
    });
    expect(task.containers![0]!.exitCode).toBe(3);
    expect(task.stoppedAt!.getTime() - task.startedAt!.getTime()).toBeGreaterThanOrEqual(20_000);
    const stream = `ecs/backend/${taskArn.split('/').pop()}`;
    const events = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/ecs/backend', logStreamName: stream, startFromHead: true }),
    );
    expect(events.events!.map((e) => e.message)).toEqual([
      'Running migrations:',
      'django.db.utils.ProgrammingError',
    ]);
    const byStarter = await ecs.send(
      new ListTasksCommand({ cluster: 'web', startedBy: 'migrations', desiredStatus: 'STOPPED' }),
    );
    expect(byStarter.taskArns).toEqual([taskArn]);
  });

  it('a stopped service task is replaced; ListTasks filters by service and status', async () => {
    sim = await startSimulator({ scenario: seedArchitecture(), speed: 300 });
    const { ecs } = clients(sim);
    const running = (await ecs.send(new ListTasksCommand({ cluster: 'web', serviceName: 'backend' })))
      .taskArns!;
    expect(running).toHaveLength(2);
    const stopped = await ecs.send(
      new StopTaskCommand({ cluster: 'web', task: running[0]!, reason: 'operator' }),
    );
    expect(stopped.task).toMatchObject({
      desiredStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'operator',
    });
    const replaced = await until(async () => {
      const now = (await ecs.send(new ListTasksCommand({ cluster: 'web', serviceName: 'backend' })))
        .taskArns!;
      return now.length === 2 && !now.includes(running[0]!) ? now : undefined;
    }, 'a replacement task');
    expect(replaced).toContain(running[1]);
  });

  it('a task whose log group is missing fails to start with the real reason', async () => {
    const scenario = seedArchitecture();
    scenario.logGroups = ['/ecs/frontend'];
    sim = await startSimulator({ scenario, speed: 0 });
    const { ecs } = clients(sim);
    const run = await ecs.send(new RunTaskCommand({ cluster: 'web', taskDefinition: 'backend' }));
    sim.clock.advance(30_000);
    const [task] = (
      await ecs.send(new DescribeTasksCommand({ cluster: 'web', tasks: [run.tasks![0]!.taskArn!] }))
    ).tasks!;
    expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(task!.stoppedReason).toMatch(
      /^ResourceInitializationError: failed to validate logger args: .*The specified log group does not exist/,
    );
  });
});
