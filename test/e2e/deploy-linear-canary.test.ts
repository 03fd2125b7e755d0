/**
 * The bundled deploy action on LINEAR and CANARY services in the simulator, and the test gate that can
 * never be skipped: green tested at the PAUSE hook before any production traffic, production traffic
 * moved in steps, a bad release caught at the test hook or by an alarm during a step, and every run ending
 * on a healthy revision.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  seedBlueGreenArchitecture,
  seedCanaryArchitecture,
  seedLinearArchitecture,
  type ReleaseBehaviour,
} from '../../packages/simulator/index.js';
import { errorAnnotations } from '../helpers/run-action.js';
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

const linear = (releases: ReleaseBehaviour[], pause = true) =>
  startWorld(releases, (r) => seedLinearArchitecture({ releases: r, pauseAfterTestTraffic: pause }));
const canary = (releases: ReleaseBehaviour[]) =>
  startWorld(releases, (r) => seedCanaryArchitecture({ releases: r }));

const hookActions = (w: World) =>
  w.sim.calls({ operation: 'ContinueServiceDeployment' }).map((c) => (c.input as { action: string }).action);

describe('2. test-url is never skipped', () => {
  it('BLUE_GREEN without a PAUSE hook: refused before any change, saying how to add the hook', async () => {
    world = await startWorld([], (r) => {
      const scenario = seedBlueGreenArchitecture({ releases: r });
      for (const s of scenario.services ?? [])
        if (s.deploymentConfiguration) delete s.deploymentConfiguration.lifecycleHooks;
      return scenario;
    });
    const { test } = world.sim.listeners();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(world, { 'task-definition': file, 'test-url': `${test!}/api/health` });
    expect(run.exitCode).toBe(1);
    const errors = errorAnnotations(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.title).toBe('Input test-url');
    expect(errors[0]!.message).toMatch(
      /no PAUSE lifecycle hook at POST_TEST_TRAFFIC_SHIFT or PRE_PRODUCTION_TRAFFIC_SHIFT.*"targetType": "PAUSE"/,
    );
    expect(ecsWrites(world)).toEqual([]);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:1');
  });

  it('LINEAR without a PAUSE hook: refused the same way; nothing registered or updated', async () => {
    world = await linear([], false);
    const { test } = world.sim.listeners();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(world, { 'task-definition': file, 'test-url': `${test!}/api/health` });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run).map((e) => e.title)).toEqual(['Input test-url']);
    expect(ecsWrites(world)).toEqual([]);
  });
});

describe('deploy (LINEAR and CANARY, bundled action on the simulator)', () => {
  it('LINEAR good release: tested at the hook, production moved in the configured steps, succeeds', async () => {
    world = await linear([]);
    const { production, test } = world.sim.listeners();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(
      world,
      {
        'task-definition': file,
        'test-url': `${test!}/api/health`,
        'health-check-url': `${production}/api/health`,
        'health-check-body': 'ok backend:2',
        alarms: 'web-alb-5xx',
        'step-percent': '50',
        'step-bake-time': '1m',
      },
      90_000,
    );
    expect(errorAnnotations(run)).toEqual([]);
    expect(run.outputs.status).toBe('succeeded');
    expect(run.report!.strategy).toBe('LINEAR');
    const update = world.sim.calls({ operation: 'UpdateService' })[0]!.input as {
      deploymentConfiguration?: { strategy?: string; linearConfiguration?: unknown };
    };
    expect(update.deploymentConfiguration).toMatchObject({
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 1 },
    });
    expect(hookActions(world)).toEqual(['CONTINUE']);
    const gates = Object.fromEntries(run.report!.gates.map((g) => [g.name, g.status]));
    expect(gates).toMatchObject({
      'test-http': 'passed',
      http: 'passed',
      alarms: 'passed',
      rollout: 'passed',
    });
    expect(run.report!.timeline.map((e) => e.message)).toContainEqual(
      expect.stringMatching(/^continued past POST_TEST_TRAFFIC_SHIFT: green passed its tests/),
    );
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:2');
  });

  it('LINEAR bad release caught at the test hook: rolled back there, production stays on backend:1', async () => {
    world = await linear([{ match: { image: ':bad-test' }, testHttp: { status: 500, body: 'boom' } }]);
    const { test } = world.sim.listeners();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:bad-test' });
    const run = await runDeploy(
      world,
      { 'task-definition': file, 'test-url': `${test!}/api/health` },
      90_000,
    );
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('rolled-back');
    expect(run.report!.cause).toMatchObject({ gate: 'test-http', httpStatus: 500 });
    expect(hookActions(world)).toEqual(['ROLLBACK']);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:1');
  });

  it('LINEAR bad release caught by an alarm during a production step: rolled back, backend:1 serves', async () => {
    world = await linear([
      {
        match: { image: ':bad' },
        alarm: { name: 'web-alb-5xx', afterSeconds: 20, startsAt: 'production-traffic' },
      },
    ]);
    const { production } = world.sim.listeners();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:bad' });
    const run = await runDeploy(
      world,
      {
        'task-definition': file,
        alarms: 'web-alb-5xx',
        'health-check-url': `${production}/api/health`,
        'bake-time': '1m',
      },
      90_000,
    );
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('rolled-back');
    expect(run.report!.cause).toMatchObject({ alarmName: 'web-alb-5xx' });
    const messages = run.report!.timeline.map((e) => e.message);
    expect(messages).toContainEqual(expect.stringMatching(/PRODUCTION_TRAFFIC_SHIFT/));
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:1');
    const res = await fetch(`${production}/api/health`);
    expect(await res.text()).toBe('ok backend:1');
  });

  it('CANARY good release: canary, bake, the rest; succeeds on backend:2', async () => {
    world = await canary([]);
    const { production, test } = world.sim.listeners();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(
      world,
      {
        'task-definition': file,
        'test-url': `${test!}/api/health`,
        'health-check-url': `${production}/api/health`,
        'health-check-body': 'ok backend:2',
        'canary-percent': '20',
        'canary-bake-time': '1m',
      },
      90_000,
    );
    expect(errorAnnotations(run)).toEqual([]);
    expect(run.outputs.status).toBe('succeeded');
    expect(run.report!.strategy).toBe('CANARY');
    const update = world.sim.calls({ operation: 'UpdateService' })[0]!.input as {
      deploymentConfiguration?: { canaryConfiguration?: unknown };
    };
    expect(update.deploymentConfiguration?.canaryConfiguration).toEqual({
      canaryPercent: 20,
      canaryBakeTimeInMinutes: 1,
    });
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:2');
  });

  it('step-percent with a CANARY service is refused before any change', async () => {
    world = await canary([]);
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(world, { 'task-definition': file, 'step-percent': '25' });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run)).toEqual([expect.objectContaining({ title: 'Input step-percent' })]);
    expect(ecsWrites(world)).toEqual([]);
  });
});
