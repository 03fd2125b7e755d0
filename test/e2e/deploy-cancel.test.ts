/**
 * Cancelling a deploy, end to end on the bundles against the simulator: the main step gets SIGINT (and
 * SIGTERM, or SIGKILL) mid-release the way the runner cancels a step, then the post step runs with the
 * state the main step saved, as the runner runs it. A crashing release on a backend without ECS's circuit
 * breaker would otherwise stay PRIMARY for good.
 *
 * E2E_DIST_ROOT points at bundles built elsewhere (`npx tsx scripts/package.ts --out DIR deploy`); default dist/.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { seedArchitecture, type ReleaseBehaviour, type Scenario } from '../../packages/simulator/index.js';
import {
  errorAnnotations,
  runBundledAction,
  type ActionRun,
  type RunOptions,
} from '../helpers/run-action.js';
import { releaseFile, rev, startWorld, stopWorld, type World } from './deploy.helpers.js';

const distRoot = process.env.E2E_DIST_ROOT || undefined;

let world: World | undefined;
afterEach(async () => {
  await stopWorld(world);
  world = undefined;
});

/** The architecture with a backend that has no circuit breaker: ECS never gives up on a crashing release. */
function noCircuitBreaker(releases: ReleaseBehaviour[]): Scenario {
  const scenario = seedArchitecture({ releases });
  scenario.services = scenario.services?.map((s) =>
    s.name === 'backend'
      ? {
          ...s,
          deploymentConfiguration: {
            ...s.deploymentConfiguration,
            deploymentCircuitBreaker: { enable: false, rollback: false },
          },
        }
      : s,
  );
  return scenario;
}

const CRASH: ReleaseBehaviour = { match: { image: ':crash' }, crash: { afterSeconds: 5, exitCode: 3 } };
/** Sent once the service was updated: the release is in flight. */
const UPDATED = /updated service backend to backend:2/;

function step(w: World, inputs: Record<string, string>, more: Partial<RunOptions> = {}): Promise<ActionRun> {
  return runBundledAction('deploy', {
    inputs: { cluster: 'web', service: 'backend', 'poll-interval': '1s', ...inputs },
    env: { ...w.sim.env, GITHUB_WORKSPACE: w.dir },
    timeoutMs: 50_000,
    ...(distRoot ? { distRoot } : {}),
    ...more,
  });
}

/** The post step as the runner runs it: same inputs, STATE_* from the main step's GITHUB_STATE. */
function postStep(w: World, main: ActionRun, inputs: Record<string, string>): Promise<ActionRun> {
  return step(w, inputs, { stage: 'post', state: main.state, timeoutMs: 60_000 });
}

async function backendNow(w: World) {
  const out = await w.ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] }));
  const service = out.services![0]!;
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  return { service, primary, revision: rev(primary?.taskDefinition) };
}

const ops = (w: World, operation: string) => w.sim.calls({ service: 'ecs', operation });

/** A crashing release with desired count 3 (from 2), on a backend without a circuit breaker. */
async function crashingRelease(): Promise<{ w: World; inputs: Record<string, string> }> {
  const w = await startWorld([CRASH], noCircuitBreaker);
  world = w;
  const file = await releaseFile(w, 'backend', { image: 'repo/backend:crash' });
  // Many failures allowed: the deploy keeps watching the crash loop until it is cancelled.
  return { w, inputs: { 'task-definition': file, 'desired-count': '3', 'max-task-failures': '100' } };
}

describe('a cancelled deploy (bundled action and its post step on the simulator)', () => {
  it('SIGINT mid-release: the step says what it was doing, starts the rollback and hands over; the post step waits for backend:1 with desired count 2', async () => {
    const { w, inputs } = await crashingRelease();
    const main = await step(w, inputs, { signalAfter: { pattern: UPDATED, signal: 'SIGINT' } });

    // Within the runner's 7.5 s before SIGTERM, with a message, outputs and a summary.
    expect(main.exitCode).toBe(1);
    expect(main.exitedAfterSignalMs).toBeLessThan(7_500);
    expect(main.stdout).toMatch(
      /cancelled while watching backend:2 \(deployment ecs-svc\/\d+\); rolling back to backend:1/,
    );
    expect(errorAnnotations(main)[0]?.message).toMatch(
      /^deploy of backend:2 to web\/backend stopped: the workflow was cancelled while watching backend:2 \(deployment ecs-svc\/\d+\); rolling back to backend:1: stopped service deployment \S+ with ROLLBACK to backend:1; desired count back to 2; the post step waits for backend:1 to serve$/,
    );
    expect(main.outputs.status).toBe('failed');
    expect(rev(main.outputs['previous-task-definition-arn'])).toBe('backend:1');
    expect(main.summary).toMatch(/stopped: the workflow was cancelled while watching backend:2/);
    expect(main.state).toMatchObject({
      deployState: '1',
      cluster: 'web',
      service: 'backend',
      region: w.sim.region,
      onCancel: 'rollback',
      previousTaskDefinition: expect.stringMatching(/backend:1$/),
      taskDefinition: expect.stringMatching(/backend:2$/),
      deploymentId: expect.stringMatching(/^ecs-svc\//),
      serviceDeploymentArn: expect.stringMatching(/service-deployment/),
      desiredCountBefore: '2',
      desiredCount: '3',
      rollbackStarted: 'true',
      rollbackBy: 'deploy',
      cancelled: 'true',
      finished: 'false',
    });
    expect(ops(w, 'StopServiceDeployment')).toHaveLength(1);

    const post = await postStep(w, main, inputs);
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toMatch(/cancelled: rolled back to backend:1, desired count 2/);
    expect(post.summary).toMatch(/backend \(post step\): cancelled: rolled back to backend:1/);
    const now = await backendNow(w);
    expect(now.revision).toBe('backend:1');
    expect(now.primary?.rolloutState).toBe('COMPLETED');
    expect(now.service.desiredCount).toBe(2);
    // The post step found the rollback under way: it started nothing more.
    expect(ops(w, 'StopServiceDeployment')).toHaveLength(1);
    expect(ops(w, 'UpdateService')).toHaveLength(2); // the release, and the desired count put back
  });

  it('on-cancel: leave changes nothing more and says where the service stands; a later run names the deployment left in flight', async () => {
    const { w, inputs } = await crashingRelease();
    const leave = { ...inputs, 'on-cancel': 'leave' };
    const main = await step(w, leave, { signalAfter: { pattern: UPDATED, signal: 'SIGINT' } });
    expect(main.exitCode).toBe(1);
    expect(main.exitedAfterSignalMs).toBeLessThan(7_500);
    expect(errorAnnotations(main)[0]?.message).toMatch(
      /stopped: the workflow was cancelled while watching backend:2 \(deployment ecs-svc\/\d+\)\. not rolled back \(on-cancel is leave\); the service: PRIMARY deployment backend:2/,
    );
    expect(main.state).toMatchObject({ onCancel: 'leave', cancelled: 'true', finished: 'false' });
    expect(main.state.rollbackStarted).toBeUndefined();

    const post = await postStep(w, main, leave);
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toMatch(
      /cancelled: web\/backend was left as it is \(on-cancel: leave\): PRIMARY deployment backend:2/,
    );
    expect((await backendNow(w)).revision).toBe('backend:2');
    expect(ops(w, 'StopServiceDeployment')).toEqual([]);
    expect(ops(w, 'UpdateService')).toHaveLength(1);

    // The next run finds the release the cancelled one left in flight, and says since when.
    const next = await step(w, { 'task-definition': 'backend:1', 'on-busy': 'fail' });
    expect(next.exitCode).toBe(1);
    expect(errorAnnotations(next)[0]?.message).toMatch(
      /busy: deployment ecs-svc\/\d+ \(backend:2\) is rolling out, started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, with failed tasks; nothing was changed/,
    );
  });

  it('SIGTERM right after SIGINT does not kill the step before it saved what it started; the post step finishes the rollback', async () => {
    const { w, inputs } = await crashingRelease();
    const main = await step(w, inputs, {
      signalAfter: { pattern: UPDATED, signal: 'SIGINT', then: [{ afterMs: 200, signal: 'SIGTERM' }] },
    });
    // Not killed by the signal (that would be exit code null, or 130/143 from a shell): the step ended itself.
    expect(main.exitCode).toBe(1);
    expect(main.exitedAfterSignalMs).toBeLessThan(7_500);
    expect(main.stdout).toMatch(/SIGINT: the workflow was cancelled; stopping the deploy/);
    expect(errorAnnotations(main).length).toBeGreaterThan(0);
    expect(main.state).toMatchObject({
      taskDefinition: expect.stringMatching(/backend:2$/),
      desiredCountBefore: '2',
      cancelled: 'true',
      finished: 'false',
    });

    const post = await postStep(w, main, inputs);
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toMatch(/cancelled: rolled back to backend:1, desired count 2/);
    const now = await backendNow(w);
    expect(now.revision).toBe('backend:1');
    expect(now.service.desiredCount).toBe(2);
  });

  it('a main step killed outright (SIGKILL) leaves its state: the post step rolls back by itself', async () => {
    const { w, inputs } = await crashingRelease();
    const main = await step(w, inputs, { signalAfter: { pattern: UPDATED, signal: 'SIGKILL' } });
    expect(main.exitCode).toBeNull();
    expect(main.state).toMatchObject({
      taskDefinition: expect.stringMatching(/backend:2$/),
      previousTaskDefinition: expect.stringMatching(/backend:1$/),
      desiredCountBefore: '2',
      desiredCount: '3',
      finished: 'false',
    });
    expect(main.state.rollbackStarted).toBeUndefined();
    expect(ops(w, 'StopServiceDeployment')).toEqual([]);

    const post = await postStep(w, main, inputs);
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toMatch(
      /the deploy step did not finish \(it crashed or was killed\): rolled back to backend:1, desired count 2/,
    );
    expect(post.summary).toMatch(
      /stopped service deployment \S+ with ROLLBACK to backend:1; desired count back to 2/,
    );
    expect(ops(w, 'StopServiceDeployment')).toHaveLength(1);
    const now = await backendNow(w);
    expect(now.revision).toBe('backend:1');
    expect(now.service.desiredCount).toBe(2);
  });

  it('the post step does nothing after a deploy that finished, without state, or with state it does not know', async () => {
    const w = await startWorld();
    world = w;
    const file = await releaseFile(w, 'backend', { image: 'repo/backend:v2' });
    const main = await step(w, { 'task-definition': file });
    expect(main.exitCode).toBe(0);
    expect(main.state).toMatchObject({ finished: 'true' });
    const writes = () => w.sim.calls({ service: 'ecs' }).length;
    const before = writes();

    const after = await postStep(w, main, {});
    expect(after.exitCode).toBe(0);
    expect(after.stdout).toMatch(/the deploy step finished: nothing to clean up on web\/backend/);
    const none = await step(w, {}, { stage: 'post' });
    expect(none.exitCode).toBe(0);
    expect(none.stdout).toMatch(/saved nothing to clean up/);
    // An older bundle's state (no format key), or a newer format: left alone.
    const states: Record<string, string>[] = [
      { isPost: 'true' },
      {
        isPost: 'true',
        deployState: '2',
        cluster: 'web',
        service: 'backend',
        region: 'us-east-1',
        taskDefinition: 'backend:2',
      },
    ];
    for (const state of states) {
      const old = await step(w, {}, { stage: 'post', state });
      expect(old.exitCode).toBe(0);
      expect(old.stdout).toMatch(/saved nothing to clean up/);
    }
    expect(w.sim.calls({ service: 'ecs' }).length).toBe(before);
    expect((await backendNow(w)).revision).toBe('backend:2');
  });
});
