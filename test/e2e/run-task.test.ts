/**
 * The bundled run-task action as a process against the simulator: one-off tasks (migrations) that succeed,
 * exit non-zero, fail to start or outlive the timeout, with the network copied from a service, and inputs
 * rejected before any task starts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient } from '@aws-sdk/client-ecs';
import { parseDeploymentReport } from '../../packages/deploy-report/index.js';
import {
  seedArchitecture,
  startSimulator,
  type ReleaseBehaviour,
  type RunningSimulator,
} from '../../packages/simulator/index.js';
import { normalizeForRegister } from '../../packages/task-definition/index.js';
import {
  errorAnnotations,
  inputEnv,
  repoRoot,
  runBundledAction,
  type ActionRun,
  type RunOptions,
} from '../helpers/run-action.js';

/** The network every seeded service has in the simulator. */
const SERVICE_NETWORK = {
  subnets: ['subnet-0sim000000000000a'],
  securityGroups: ['sg-0sim0000000000001'],
  assignPublicIp: 'DISABLED',
};
const SECRET = 'hunter2-database-password';

interface World {
  sim: RunningSimulator;
  ecs: ECSClient;
  dir: string;
}

let world: World | undefined;
afterEach(async () => {
  world?.ecs.destroy();
  await world?.sim.close();
  world = undefined;
});

async function startWorld(releases: ReleaseBehaviour[] = []): Promise<World> {
  const sim = await startSimulator({ scenario: seedArchitecture({ releases }), speed: 60 });
  const ecs = new ECSClient({ endpoint: sim.url, region: sim.region, credentials: sim.credentials });
  world = { sim, ecs, dir: mkdtempSync(join(tmpdir(), 'run-task-e2e-')) };
  return world;
}

/** A task-definition file as render writes it: backend's latest revision with changes to its container. */
async function backendFile(w: World, change: (container: Record<string, unknown>) => void): Promise<string> {
  const out = await w.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'backend', include: ['TAGS'] }),
  );
  const td = normalizeForRegister(out.taskDefinition!);
  change(td.containerDefinitions![0] as Record<string, unknown>);
  const path = join(w.dir, `backend-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ ...td, tags: out.tags ?? [] }, null, 2));
  return path;
}

async function runTask(w: World, inputs: Record<string, string>): Promise<ActionRun> {
  return runBundledAction('run-task', {
    inputs: { cluster: 'web', 'poll-interval': '1s', ...inputs },
    env: { ...w.sim.env, GITHUB_WORKSPACE: w.dir },
    timeoutMs: 40_000,
  });
}

function reportOf(run: ActionRun) {
  const text = readFileSync(run.outputs.report!, 'utf8');
  return { text, report: parseDeploymentReport(JSON.parse(text), 'report') };
}

function runTaskCalls(w: World) {
  return w.sim.calls({ operation: 'RunTask' }).map((c) => c.input as Record<string, unknown>);
}

describe('run-task (bundled action on the simulator)', () => {
  it('a migration that exits 0 succeeds, with outputs, a report and the service’s network', async () => {
    const w = await startWorld([
      { match: { content: 'migrate' }, runSeconds: 30, logLines: ['Applying app.0002_orders... OK'] },
    ]);
    const run = await runTask(w, {
      'task-definition': 'backend',
      service: 'backend',
      command: 'python manage.py migrate --noinput',
    });
    expect(errorAnnotations(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'succeeded', 'exit-code': '0' });
    expect(run.outputs['task-arn']).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/web\/[0-9a-f]{32}$/);
    const taskId = run.outputs['task-arn']!.split('/').pop()!;
    expect(run.stdout).toContain(
      `https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/web/tasks/${taskId}/configuration?region=us-east-1`,
    );

    const [request, ...more] = runTaskCalls(w);
    expect(more).toEqual([]);
    expect(request).toMatchObject({
      cluster: 'web',
      taskDefinition: expect.stringMatching(/:task-definition\/backend:1$/),
      count: 1,
      launchType: 'FARGATE',
      startedBy: 'ecs-deploy-actions',
      propagateTags: 'TASK_DEFINITION',
      enableExecuteCommand: false,
      networkConfiguration: { awsvpcConfiguration: SERVICE_NETWORK },
      overrides: {
        containerOverrides: [{ name: 'backend', command: ['python', 'manage.py', 'migrate', '--noinput'] }],
      },
    });
    expect(w.sim.calls({ operation: 'RegisterTaskDefinition' })).toEqual([]);

    const { report } = reportOf(run);
    expect(report).toMatchObject({
      kind: 'run-task',
      status: 'succeeded',
      service: 'backend',
      cluster: 'web',
      taskDefinition: { family: 'backend', revision: 1 },
      registered: false,
      exitCode: 0,
    });
    expect(report.taskArn).toBe(run.outputs['task-arn']);
    expect(report).not.toHaveProperty('strategy');
    expect(report.logs[0]).toMatchObject({
      container: 'backend',
      logGroup: '/ecs/backend',
      logStreams: [`ecs/backend/${taskId}`],
    });
    expect(report.timeline.map((e) => e.message).join('\n')).toMatch(
      /task \w+ is RUNNING[\s\S]*task \w+ is STOPPED/,
    );
    expect(Number(run.outputs['duration-seconds'])).toBeGreaterThanOrEqual(0);
    expect(run.summary).toContain('One-off task backend:1: succeeded');
    expect(run.summary).toMatch(
      /\| succeeded \| \[`[0-9a-f]{8}`\]\(https:\/\/us-east-1\.console[^)]+\) \| 0 \|/,
    );

    const task = await w.ecs.send(
      new DescribeTasksCommand({ cluster: 'web', tasks: [run.outputs['task-arn']!] }),
    );
    expect(task.tasks![0]).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
  });

  it('a migration exiting with code 3 fails the step naming container and code, with redacted log lines', async () => {
    const w = await startWorld([
      {
        match: { image: ':v2' },
        exitCode: 3,
        runSeconds: 20,
        logLines: [
          'Operations to perform: Apply all migrations',
          `connecting to postgres with password=${SECRET}`,
          'django.db.utils.ProgrammingError: relation "orders" already exists',
        ],
      },
    ]);
    const file = await backendFile(w, (c) => {
      c.image = `${String(c.image).split('@')[0]}:v2`;
    });
    const run = await runTask(w, {
      'task-definition': file,
      service: 'backend',
      command: '["python", "manage.py", "migrate"]',
      environment: `DATABASE_PASSWORD=${SECRET}\nDJANGO_DEBUG=0`,
      'log-lines': '2',
    });
    expect(run.exitCode).toBe(1);
    const [annotation, ...others] = errorAnnotations(run);
    expect(others).toEqual([]);
    expect(annotation!.message).toMatch(
      /^task [0-9a-f]{32} of backend:2 failed: container backend exited with code 3 \(EssentialContainerExited/,
    );
    expect(run.outputs).toMatchObject({ status: 'failed', 'exit-code': '3' });

    const { text, report } = reportOf(run);
    expect(report.registered).toBe(true);
    expect(report.cause).toMatchObject({
      container: 'backend',
      exitCode: 3,
      stopCode: 'EssentialContainerExited',
      logGroup: '/ecs/backend',
    });
    // log-lines 2: only the last two lines, the password redacted.
    expect(report.cause!.logLines).toEqual([
      'connecting to postgres with password=***',
      'django.db.utils.ProgrammingError: relation "orders" already exists',
    ]);
    expect(run.summary).toMatch(/<details><summary>Last 2 log lines of <code>backend<\/code>/);
    expect(run.summary).toContain('django.db.utils.ProgrammingError: relation "orders" already exists');
    expect(run.stdout).toContain('django.db.utils.ProgrammingError');
    for (const where of [run.stdout, run.stderr, run.summary, text, JSON.stringify(run.outputs)]) {
      expect(where).not.toContain(SECRET);
    }
    expect(runTaskCalls(w)[0]!.overrides).toEqual({
      containerOverrides: [
        {
          name: 'backend',
          command: ['python', 'manage.py', 'migrate'],
          environment: [
            { name: 'DATABASE_PASSWORD', value: SECRET },
            { name: 'DJANGO_DEBUG', value: '0' },
          ],
        },
      ],
    });

    // The same file again: identical to the family's latest revision, so it is run without registering.
    const again = await runTask(w, { 'task-definition': file, service: 'backend' });
    expect(again.exitCode).toBe(1);
    expect(w.sim.calls({ operation: 'RegisterTaskDefinition' })).toHaveLength(1);
    expect(runTaskCalls(w)[1]!.taskDefinition).toMatch(/backend:2$/);
  });

  it('a task that fails to start fails the step with the stop code and reason', async () => {
    const w = await startWorld();
    const file = await backendFile(w, (c) => {
      const log = c.logConfiguration as { options: Record<string, string> };
      log.options['awslogs-group'] = '/ecs/never-created';
    });
    const run = await runTask(w, {
      'task-definition': file,
      service: 'backend',
      command: 'python manage.py migrate',
    });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run)[0]!.message).toMatch(
      /failed: .*\(TaskFailedToStart: ResourceInitializationError: .*log group does not exist/,
    );
    expect(run.outputs).toMatchObject({ status: 'failed', 'exit-code': '' });
    const { report } = reportOf(run);
    expect(report.cause).toMatchObject({ stopCode: 'TaskFailedToStart', logLines: [] });
    expect(run.summary).toContain('ResourceInitializationError');
  });

  it('a task outliving the timeout is stopped with StopTask and fails the step', async () => {
    const w = await startWorld([
      { match: { content: 'migrate' }, runSeconds: 3600, logLines: ['migrating a big table...'] },
    ]);
    const run = await runTask(w, {
      'task-definition': 'backend',
      service: 'backend',
      command: 'python manage.py migrate',
      timeout: '3s',
    });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run)[0]!.message).toMatch(
      /failed: the task did not finish within 3s; the task was stopped/,
    );
    const taskArn = run.outputs['task-arn']!;
    const stops = w.sim.calls({ operation: 'StopTask' });
    expect(stops.map((c) => c.input)).toEqual([
      { cluster: 'web', task: taskArn, reason: 'ecs-deploy-actions: the task did not finish within 3s' },
    ]);
    const { report } = reportOf(run);
    expect(report.cause).toMatchObject({ gate: 'timeout', logLines: ['migrating a big table...'] });
    const task = await w.ecs.send(new DescribeTasksCommand({ cluster: 'web', tasks: [taskArn] }));
    expect(task.tasks![0]).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'UserInitiated' });
    expect(run.durationMs).toBeLessThan(15_000);
  });

  it('a cancelled workflow (SIGINT, as the runner sends) stops the task', async () => {
    const w = await startWorld([{ match: { content: 'migrate' }, runSeconds: 3600 }]);
    const dir = mkdtempSync(join(tmpdir(), 'run-task-cancel-'));
    const files = ['output', 'summary', 'state'].map((f) => join(dir, f));
    for (const f of files) writeFileSync(f, '');
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'run-task', 'index.js')], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GITHUB_OUTPUT: files[0],
        GITHUB_STEP_SUMMARY: files[1],
        GITHUB_STATE: files[2],
        RUNNER_TEMP: dir,
        ...inputEnv({
          'task-definition': 'backend',
          service: 'backend',
          cluster: 'web',
          command: 'migrate',
          'poll-interval': '1s',
        }),
        ...w.sim.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const closed = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    // Cancel once the task runs (or stop waiting if the action ended first: the assertions then fail).
    await new Promise<void>((res) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('is RUNNING')) res();
      });
      child.on('close', () => res());
    });
    child.kill('SIGINT');
    expect(await closed).toBe(1);
    expect(errorAnnotations({ stdout })[0]!.message).toMatch(
      /failed: the workflow was cancelled; the task was stopped/,
    );
    expect(w.sim.calls({ operation: 'StopTask' }).map((c) => (c.input as { reason: string }).reason)).toEqual(
      ['ecs-deploy-actions: the workflow was cancelled'],
    );
  });

  it('copies the service’s network, with a shorthand overriding one field', async () => {
    const w = await startWorld();
    const run = await runTask(w, {
      'task-definition': 'backend:1',
      service: 'frontend',
      'assign-public-ip': 'ENABLED',
    });
    expect(run.exitCode).toBe(0);
    expect(runTaskCalls(w)[0]!.networkConfiguration).toEqual({
      awsvpcConfiguration: { ...SERVICE_NETWORK, assignPublicIp: 'ENABLED' },
    });
    expect(w.sim.calls({ operation: 'DescribeServices' }).map((c) => c.input)).toEqual([
      { cluster: 'web', services: ['frontend'] },
    ]);
  });

  it('bad inputs fail before any task starts, naming the input', async () => {
    const w = await startWorld();
    const [noNetwork, badTimeout, badContainer, badSubnet] = await Promise.all([
      runTask(w, { 'task-definition': 'backend' }),
      runTask(w, { 'task-definition': 'backend', service: 'backend', timeout: '10' }),
      runTask(w, { 'task-definition': 'backend', service: 'backend', container: 'worker', command: 'true' }),
      runTask(w, { 'task-definition': 'backend', subnets: 'private-a' }),
    ]);
    const first = (run: ActionRun) => errorAnnotations(run)[0];
    expect(first(noNetwork)).toMatchObject({
      title: 'Input subnets',
      message: expect.stringMatching(/needs subnets.*set `service:`/),
    });
    expect(first(badTimeout)).toMatchObject({
      title: 'Input timeout',
      message: expect.stringMatching(/"10" has no unit/),
    });
    expect(first(badContainer)).toMatchObject({
      title: 'Input container',
      message: expect.stringMatching(/no container "worker".*use one of: backend/),
    });
    expect(first(badSubnet)).toMatchObject({
      title: 'Input subnets',
      message: expect.stringMatching(/"private-a" is not a subnet id/),
    });
    for (const run of [noNetwork, badTimeout, badContainer, badSubnet]) expect(run.exitCode).toBe(1);
    expect(w.sim.calls({ operation: 'RunTask' })).toEqual([]);
    expect(w.sim.calls({ operation: 'RegisterTaskDefinition' })).toEqual([]);
  });

  it('access denied on RunTask names the IAM action to grant', async () => {
    const w = await startWorld();
    w.sim.faults({ rules: [{ service: 'ecs', operation: 'RunTask', kind: 'access-denied' }] });
    const run = await runTask(w, { 'task-definition': 'backend', service: 'backend' });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run)[0]).toMatchObject({
      title: 'Configuration',
      message: expect.stringMatching(
        /^AWS denied ecs:RunTask: .*the role needs ecs:RunTask on \*: allow it for the role/,
      ),
    });
  });
});

/**
 * The post step's safety net, on the bundles (E2E_DIST_ROOT: bundles built elsewhere, default dist/): the
 * main step saves its task's ARN as soon as the task starts; a post step after a main step that did not
 * finish stops the task if it still runs.
 */
describe('run-task post step (cancelled or killed main step)', () => {
  const distRoot = process.env.E2E_DIST_ROOT || undefined;
  const inputs = { 'task-definition': 'backend', service: 'backend', command: 'migrate' };
  const step = (w: World, more: Partial<RunOptions> = {}) =>
    runBundledAction('run-task', {
      inputs: { cluster: 'web', 'poll-interval': '1s', ...inputs },
      env: { ...w.sim.env, GITHUB_WORKSPACE: w.dir },
      timeoutMs: 40_000,
      ...(distRoot ? { distRoot } : {}),
      ...more,
    });
  const stopReasons = (w: World) =>
    w.sim.calls({ operation: 'StopTask' }).map((c) => (c.input as { reason: string }).reason);

  it('a main step killed outright leaves the task’s ARN: the post step stops the task', async () => {
    const w = await startWorld([{ match: { content: 'migrate' }, runSeconds: 3600 }]);
    const main = await step(w, { signalAfter: { pattern: /is RUNNING/, signal: 'SIGKILL' } });
    expect(main.exitCode).toBeNull();
    expect(main.state).toMatchObject({
      runTaskState: '1',
      cluster: 'web',
      taskArn: expect.stringMatching(/:task\/web\//),
      finished: 'false',
    });
    expect(stopReasons(w)).toEqual([]);

    const post = await step(w, { stage: 'post', state: main.state });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toMatch(
      /the run-task step did not finish: stopped task [0-9a-f]{32}, which was RUNNING/,
    );
    expect(post.summary).toMatch(/run-task \(post step\): the run-task step did not finish: stopped task/);
    expect(stopReasons(w)).toEqual(['ecs-deploy-actions: the run-task step did not finish (post step)']);
    const task = await w.ecs.send(new DescribeTasksCommand({ cluster: 'web', tasks: [main.state.taskArn!] }));
    expect(task.tasks![0]!.desiredStatus).toBe('STOPPED');
  });

  it('SIGINT then SIGTERM: the step stops its task itself, not killed by the second signal; the post step only checks', async () => {
    const w = await startWorld([{ match: { content: 'migrate' }, runSeconds: 3600 }]);
    const main = await step(w, {
      signalAfter: { pattern: /is RUNNING/, signal: 'SIGINT', then: [{ afterMs: 200, signal: 'SIGTERM' }] },
    });
    expect(main.exitCode).toBe(1);
    expect(main.exitedAfterSignalMs).toBeLessThan(7_500);
    expect(errorAnnotations(main)[0]!.message).toMatch(
      /failed: the workflow was cancelled; the task was stopped/,
    );
    expect(main.state).toMatchObject({ cancelled: 'true', finished: 'false' });

    const post = await step(w, { stage: 'post', state: main.state });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toMatch(
      /the workflow was cancelled: task [0-9a-f]{32} is (stopping|stopped) already/,
    );
    expect(stopReasons(w)).toEqual(['ecs-deploy-actions: the workflow was cancelled']);
  });

  it('does nothing after a main step that finished, or without state', async () => {
    const w = await startWorld([{ match: { content: 'migrate' }, runSeconds: 5 }]);
    const main = await step(w);
    expect(main.exitCode).toBe(0);
    expect(main.state).toMatchObject({ finished: 'true', taskArn: expect.any(String) });
    const post = await step(w, { stage: 'post', state: main.state });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toMatch(/the run-task step finished: nothing to clean up/);
    const none = await step(w, { stage: 'post' });
    expect(none.stdout).toMatch(/saved nothing to clean up/);
    expect(stopReasons(w)).toEqual([]);
  });
});
