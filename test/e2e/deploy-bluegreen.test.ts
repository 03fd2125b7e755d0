/**
 * The bundled deploy action on blue/green services in the simulator: native BLUE_GREEN with a PAUSE hook
 * after test traffic (tested, then continued or rolled back) and a CodeDeploy service.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { seedBlueGreenArchitecture, type ReleaseBehaviour } from '../../packages/simulator/index.js';
import { errorAnnotations } from '../helpers/run-action.js';
import {
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

const blueGreen = (releases: ReleaseBehaviour[]) =>
  startWorld(releases, (r) => seedBlueGreenArchitecture({ releases: r }));

/** Poll `url` until stopped; returns every body seen. */
function watchUrl(url: string): { stop: () => Promise<string[]> } {
  const bodies: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const res = await fetch(url);
        bodies.push(`${res.status} ${await res.text()}`);
      } catch (err) {
        bodies.push(`error ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return bodies;
    },
  };
}

describe('deploy (blue/green, bundled action on the simulator)', () => {
  it('BLUE_GREEN: tests green at the PAUSE hook, continues, reports each stage, succeeds after ECS bake', async () => {
    world = await blueGreen([]);
    const { production, test } = world.sim.listeners();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(world, {
      'task-definition': file,
      'test-url': `${test!}/api/health`,
      'health-check-url': `${production}/api/health`,
      'health-check-body': 'ok backend:2',
      alarms: 'web-alb-5xx',
    });
    expect(errorAnnotations(run)).toEqual([]);
    expect(run.outputs.status).toBe('succeeded');
    expect(run.report!.strategy).toBe('BLUE_GREEN');
    const messages = run.report!.timeline.map((e) => e.message);
    const stages = messages.filter((m) => /^stage /.test(m)).map((m) => m.split(' ')[1]);
    expect(stages).toEqual(
      expect.arrayContaining([
        'SCALE_UP',
        'TEST_TRAFFIC_SHIFT',
        'POST_TEST_TRAFFIC_SHIFT',
        'PRODUCTION_TRAFFIC_SHIFT',
        'BAKE_TIME',
        'CLEAN_UP',
      ]),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/^continued past POST_TEST_TRAFFIC_SHIFT: green passed its tests/),
    );
    const continued = world.sim.calls({ operation: 'ContinueServiceDeployment' });
    expect(continued.map((c) => (c.input as { action: string }).action)).toEqual(['CONTINUE']);
    expect(run.report!.gates).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'test-http', status: 'passed' })]),
    );
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:2');
  });

  it('BLUE_GREEN: green failing the test gate is rolled back at the hook; production never leaves blue', async () => {
    world = await blueGreen([
      { match: { image: ':bad-test' }, testHttp: { status: 500, body: 'server error' } },
    ]);
    const { production, test } = world.sim.listeners();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:bad-test' });
    const prod = watchUrl(`${production}/api/health`);
    const run = await runDeploy(world, { 'task-definition': file, 'test-url': `${test!}/api/health` });
    const seen = await prod.stop();
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('rolled-back');
    expect(errorAnnotations(run)[0]?.message).toMatch(
      /^rolled back to backend:1: GET .*\/api\/health: status 500, expected 200 \(3 times in a row\)/,
    );
    expect(run.report!.cause).toMatchObject({ gate: 'test-http', httpStatus: 500 });
    const actions = world.sim
      .calls({ operation: 'ContinueServiceDeployment' })
      .map((c) => (c.input as { action: string }).action);
    expect(actions).toEqual(['ROLLBACK']);
    expect(seen.length).toBeGreaterThan(5);
    expect(new Set(seen)).toEqual(new Set(['200 ok backend:1']));
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:1');
  });

  it('CODE_DEPLOY: creates the deployment from the service and waits for CodeDeploy to succeed', async () => {
    world = await blueGreen([]);
    const file = await releaseFile(world, 'frontend', { image: 'repo/frontend:v2' });
    const run = await runDeploy(world, {
      'task-definition': file,
      service: 'frontend',
      'codedeploy-application': 'web',
      'codedeploy-deployment-group': 'frontend',
    });
    expect(errorAnnotations(run)).toEqual([]);
    expect(run.outputs.status).toBe('succeeded');
    expect(run.outputs['deployment-id']).toMatch(/^d-[A-Z0-9]{9}$/);
    expect(run.report!.strategy).toBe('CODE_DEPLOY');
    const created = world.sim.calls({ operation: 'CreateDeployment' })[0]!.input as {
      revision: { appSpecContent: { content: string } };
    };
    expect(JSON.parse(created.revision.appSpecContent.content)).toMatchObject({
      Resources: [
        {
          TargetService: {
            Properties: {
              TaskDefinition: run.outputs['task-definition-arn'],
              LoadBalancerInfo: { ContainerName: 'frontend', ContainerPort: 80 },
            },
          },
        },
      ],
    });
    const frontend = await serviceNow(world, 'frontend');
    expect(frontend.taskSets?.find((s) => s.status === 'PRIMARY')?.taskDefinition).toBe(
      run.outputs['task-definition-arn'],
    );
  });

  it('CODE_DEPLOY: a crashing replacement stops the deployment with rollback; the original task set serves', async () => {
    world = await blueGreen([{ match: { image: ':crash' }, crash: { afterSeconds: 5, exitCode: 1 } }]);
    const file = await releaseFile(world, 'frontend', { image: 'repo/frontend:crash' });
    const run = await runDeploy(world, {
      'task-definition': file,
      service: 'frontend',
      'codedeploy-application': 'web',
      'codedeploy-deployment-group': 'frontend',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('rolled-back');
    expect(errorAnnotations(run)[0]?.message).toMatch(/^rolled back to frontend:1/);
    const frontend = await serviceNow(world, 'frontend');
    expect(rev(frontend.taskSets?.find((s) => s.status === 'PRIMARY')?.taskDefinition)).toBe('frontend:1');
  });
});
