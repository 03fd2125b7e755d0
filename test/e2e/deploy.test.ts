/**
 * The bundled deploy action (dist/deploy) run as a process against the simulator: rolling releases that
 * succeed, reuse or pick revisions (also one run-task registered from the same file), wait for or refuse a busy service, survive throttling, and stop
 * cleanly on AccessDenied.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { errorAnnotations, runBundledAction } from '../helpers/run-action.js';
import { normalizeForRegister } from '../../packages/task-definition/index.js';
import {
  ecsWrites,
  releaseFile,
  rev,
  runDeploy,
  serviceNow,
  startWorld,
  stopWorld,
  type World,
} from './deploy.helpers.js';

let world: World | undefined;
afterEach(async () => {
  await stopWorld(world);
  world = undefined;
});

describe('deploy (rolling, bundled action on the simulator)', () => {
  it('ships a healthy release: new revision serving, HTTP check passed, outputs, report and summary', async () => {
    world = await startWorld();
    const file = await releaseFile(world, 'backend', {
      image: 'repo/backend:v2',
      environment: [{ name: 'FEATURE_FLAG', value: 'blue-sky-secret-value' }],
    });
    const production = world.sim.listeners().production;
    const run = await runDeploy(world, {
      'task-definition': file,
      'health-check-url': `${production}/api/health`,
      'health-check-body': 'ok backend:2',
      'health-check-successes': '2',
    });
    expect(errorAnnotations(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('succeeded');
    expect(rev(run.outputs['task-definition-arn'])).toBe('backend:2');
    expect(rev(run.outputs['previous-task-definition-arn'])).toBe('backend:1');
    expect(run.outputs['deployment-id']).toMatch(/service-deployment\/web\/backend\//);
    expect(Number(run.outputs['duration-seconds'])).toBeGreaterThanOrEqual(0);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:2');

    const report = run.report!;
    expect(report).toMatchObject({
      status: 'succeeded',
      registered: true,
      strategy: 'ROLLING',
      kind: 'deploy',
    });
    expect(report.gates.map((g) => [g.name, g.status])).toEqual(
      expect.arrayContaining([
        ['tasks', 'passed'],
        ['target-health', 'passed'],
        ['rollout', 'passed'],
        ['http', 'passed'],
      ]),
    );
    expect(report.logs[0]).toMatchObject({
      container: 'backend',
      logGroup: '/ecs/backend',
      streamPrefix: 'ecs',
    });
    expect(report.logs[0]!.logStreams[0]).toMatch(/^ecs\/backend\/[0-9a-f]{32}$/);
    expect(report.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'environment', key: 'FEATURE_FLAG', kind: 'added' }),
      ]),
    );
    // The summary names env keys, never values.
    expect(run.summary).toContain('FEATURE_FLAG');
    expect(run.summary).not.toContain('blue-sky-secret-value');
    expect(JSON.stringify(report)).not.toContain('blue-sky-secret-value');
    expect(run.summary).toMatch(/deployed backend:2 to web\/backend/);
    expect(run.summary).toContain('| time (UTC) | +s | what |');
    // One log line per change: no line repeats (a per-poll log would).
    const lines = run.stdout.split('\n').filter((l) => l && !l.startsWith('::debug'));
    expect(lines.filter((l) => /gate rollout passed/.test(l))).toHaveLength(1);
  });

  it('reuses the running revision when the file has the same content', async () => {
    world = await startWorld();
    const file = await releaseFile(world, 'backend');
    const run = await runDeploy(world, { 'task-definition': file });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('succeeded');
    expect(rev(run.outputs['task-definition-arn'])).toBe('backend:1');
    expect(run.report!.registered).toBe(false);
    expect(run.stdout).toMatch(/identical to the running backend:1: reusing it, no new revision/);
    expect(ecsWrites(world)).toEqual([]);
  });

  it('deploys the revision run-task registered from the same file (a migration first), not a copy of it', async () => {
    world = await startWorld([{ match: { content: 'migrate' }, runSeconds: 5 }]);
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const migration = await runBundledAction('run-task', {
      inputs: {
        cluster: 'web',
        service: 'backend',
        'task-definition': file,
        command: 'migrate',
        'poll-interval': '1s',
      },
      env: { ...world.sim.env, GITHUB_WORKSPACE: world.dir },
      timeoutMs: 40_000,
    });
    expect(errorAnnotations(migration)).toEqual([]);
    expect(migration.exitCode).toBe(0);

    const run = await runDeploy(world, { 'task-definition': file });
    expect(errorAnnotations(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      "reusing backend:2, the family's latest revision, identical to the file (previous: backend:1)",
    );
    expect(rev(run.outputs['task-definition-arn'])).toBe('backend:2');
    expect(rev(run.outputs['previous-task-definition-arn'])).toBe('backend:1');
    expect(run.report!.registered).toBe(false);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:2');
    const listed = await world.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'backend' }));
    expect(listed.taskDefinitionArns!.map(rev).filter((r) => r!.startsWith('backend:'))).toEqual([
      'backend:1',
      'backend:2',
    ]);
    expect(world.sim.calls({ operation: 'RegisterTaskDefinition' })).toHaveLength(1);
  });

  it('deploys an existing revision without registering one', async () => {
    world = await startWorld();
    const current = await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'backend:1' }));
    const body = normalizeForRegister(current.taskDefinition!);
    body.containerDefinitions![0]!.image = 'repo/backend:v7';
    await world.ecs.send(new RegisterTaskDefinitionCommand(body));
    const run = await runDeploy(world, { 'task-definition': 'backend:2' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('succeeded');
    expect(rev(run.outputs['task-definition-arn'])).toBe('backend:2');
    expect(run.report!.registered).toBe(false);
    expect(ecsWrites(world)).toEqual(['RegisterTaskDefinition', 'UpdateService']);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:2');
  });

  it('on-busy: fail refuses a service with a deployment in progress and changes nothing', async () => {
    world = await startWorld([{ match: { image: ':slow' }, startSeconds: 600 }]);
    // A deployment started out of band (the console, another tool): ECS's own state says it is busy.
    const described = await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'backend' }));
    const slow = normalizeForRegister(described.taskDefinition!);
    slow.containerDefinitions![0]!.image = 'repo/backend:slow';
    const registered = await world.ecs.send(new RegisterTaskDefinitionCommand(slow));
    await world.ecs.send(
      new UpdateServiceCommand({
        cluster: 'web',
        service: 'backend',
        taskDefinition: registered.taskDefinition!.taskDefinitionArn,
      }),
    );
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v3' });
    const run = await runDeploy(world, { 'task-definition': file, 'on-busy': 'fail' });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run)[0]?.message).toMatch(
      /^on-busy: service backend is busy: deployment ecs-svc\/\d+ \(backend:2\) is rolling out, started .* UTC; nothing was changed/,
    );
    expect(world.sim.calls({ operation: 'UpdateService' })).toHaveLength(1);
    expect(world.sim.calls({ operation: 'TagResource' })).toHaveLength(0);
  });

  it('on-busy: wait waits for the deployment in progress, then deploys', async () => {
    world = await startWorld([{ match: { image: ':slow' }, startSeconds: 120 }]);
    const slow = await releaseFile(world, 'backend', { image: 'repo/backend:slow' });
    const first = runDeploy(world, { 'task-definition': slow });
    await waitFor(async () => ((await serviceNow(world!)).deployments?.length ?? 0) > 1);
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v3' });
    const run = await runDeploy(world, { 'task-definition': file });
    const earlier = await first;
    expect(earlier.outputs.status).toBe('succeeded');
    expect(run.exitCode).toBe(0);
    // The first run marked the service: the second names it and waits for it, not just for ECS.
    expect(run.stdout).toMatch(
      /is busy: it is being deployed by a deploy outside GitHub Actions \(shipping backend:2; .*\); waiting for it to finish/,
    );
    expect(rev(run.outputs['previous-task-definition-arn'])).toBe('backend:2');
    expect(rev(run.outputs['task-definition-arn'])).toBe('backend:3');
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:3');
  });

  it('succeeds with every third AWS call throttled', async () => {
    world = await startWorld();
    world.sim.faults({ rules: [{ kind: 'throttle', every: 3 }] });
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(world, { 'task-definition': file });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('succeeded');
    expect(world.sim.calls().filter((c) => c.error === 'ThrottlingException').length).toBeGreaterThan(3);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:2');
  });

  it('AccessDenied on UpdateService names ecs:UpdateService and leaves the service as it was', async () => {
    world = await startWorld();
    world.sim.faults({ rules: [{ kind: 'access-denied', service: 'ecs', operation: 'UpdateService' }] });
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(world, { 'task-definition': file });
    expect(run.exitCode).toBe(1);
    const [error] = errorAnnotations(run);
    expect(error?.message).toMatch(/AWS denied ecs:UpdateService/);
    expect(error?.message).toMatch(
      /the role needs ecs:UpdateService on \*: allow it for the role this workflow assumes/,
    );
    const service = await serviceNow(world);
    expect(rev(service.taskDefinition)).toBe('backend:1');
    expect(service.deployments).toHaveLength(1);
  });

  it('dry-run resolves, validates and diffs without changing anything', async () => {
    world = await startWorld();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(world, { 'task-definition': file, 'dry-run': 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.report).toMatchObject({ dryRun: true, registered: true });
    expect(run.summary).toMatch(/dry run: would deploy a new revision/);
    expect(run.summary).toContain('repo/backend:v2');
    expect(ecsWrites(world)).toEqual([]);
  });

  it('rejects a missing service with a UserError naming the input, before any change', async () => {
    world = await startWorld();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(world, { 'task-definition': file, service: 'nope' });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run)).toEqual([
      {
        title: 'Input service',
        message:
          'service: there is no service "nope" in cluster web (us-east-1). check the service name, the cluster and aws-region',
      },
    ]);
    expect(ecsWrites(world)).toEqual([]);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
