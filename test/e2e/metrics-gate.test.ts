/**
 * The metrics gate and the release metrics, end to end: the bundled deploy action against the simulator's
 * CloudWatch (GetMetricData derived from the simulated traffic). At ×60 simulated time a 5 s bake is five
 * simulated minutes: enough whole minutes for CloudWatch's per-minute datapoints.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { seedArchitecture, slowerRelease, type ReleaseBehaviour } from '../../packages/simulator/index.js';
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

const withInsights = (releases: ReleaseBehaviour[]) => ({
  ...seedArchitecture({ releases }),
  containerInsights: ['web'],
});

describe('metrics gate (bundled deploy on the simulator)', () => {
  it('a good release passes its metric checks and the summary shows the metrics table', async () => {
    world = await startWorld([], withInsights);
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(world, {
      'task-definition': file,
      'bake-time': '5s',
      'metric-checks':
        '5xx-rate < 1%\np95-latency < +30%\np99-latency < 800ms\ncpu-max < 90%\nmemory-max < 85%\nrunning-tasks >= 2',
    });
    expect(run.exitCode).toBe(0);
    expect(run.report!.gates.find((g) => g.name === 'metrics')).toMatchObject({
      status: 'passed',
      detail: expect.stringMatching(
        /^6 metric check\(s\) within limits over \d+ minute\(s\) of the bake time$/,
      ),
    });
    const metrics = run.report!.metrics!;
    expect(metrics.checks!.map((c) => [c.check, c.status])).toEqual([
      ['5xx-rate < 1%', 'passed'],
      ['p95-latency < +30%', 'passed'],
      ['p99-latency < 800ms', 'passed'],
      ['cpu-max < 90%', 'passed'],
      ['memory-max < 85%', 'passed'],
      ['running-tasks >= 2', 'passed'],
    ]);
    const p95 = metrics.rows.find((r) => r.metric === 'p95-latency')!;
    expect(p95.before).toBeGreaterThan(100);
    expect(p95.after).toBeLessThan(140);
    expect(p95.regression).toBeUndefined();
    expect(metrics.targetGroups).toEqual([expect.stringMatching(/^targetgroup\/backend-tg\//)]);
    // CloudWatch was asked once a minute at most: a few calls, not one per poll.
    const calls = world.sim.calls({ operation: 'GetMetricData' });
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeLessThanOrEqual(8);
    expect(run.summary).toContain('#### Release metrics');
    expect(run.summary).toMatch(
      /\| Latency p95 \| 1\d\d ms \| 1\d\d ms \| [^|]+ \| `[▁▂▃▄▅▆▇█·]+│[▁▂▃▄▅▆▇█·]+` \|/,
    );
    expect(run.summary).toContain('| `p95-latency < +30%` | ✅ passed |');
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:2');
  });

  it('a release that raises p95 latency fails `p95-latency < +30%` and rolls back; the summary shows the values', async () => {
    world = await startWorld([slowerRelease({ image: ':slow' })], withInsights);
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:slow' });
    const run = await runDeploy(world, {
      'task-definition': file,
      'bake-time': '5s',
      'metric-checks': '5xx-rate < 1%\np95-latency < +30%',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('rolled-back');
    expect(run.report!.cause).toMatchObject({ gate: 'metrics' });
    expect(run.report!.cause!.summary).toMatch(
      /^metric check failed: p95-latency < \+30%: \d+ ms in the bake window against 1\d\d ms before the release \(\+\d+%\)$/,
    );
    expect(errorAnnotations(run)[0]?.message).toMatch(/rolled back to backend:1.*p95-latency < \+30%/);
    const failed = run.report!.metrics!.checks!.find((c) => c.check === 'p95-latency < +30%')!;
    expect(failed.status).toBe('failed');
    expect(failed.after! / failed.before!).toBeGreaterThan(2.5);
    expect(run.report!.metrics!.rows.find((r) => r.metric === 'p95-latency')!.regression).toBe(true);
    expect(run.summary).toMatch(/\| `p95-latency < \+30%` \| ❌ failed \| 1\d\d ms \| [34]\d\d ms \|/);
    expect(run.summary).toMatch(/\| Latency p95 ⚠️ \|/);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:1');
  });

  it('a typo in metric-checks, or checks without a bake time, fail before any AWS change', async () => {
    world = await startWorld();
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const before = world.sim.calls().length;
    const typo = await runDeploy(world, {
      'task-definition': file,
      'bake-time': '5s',
      'metric-checks': '5xx-rate < 1%\np95-latncy < +30%',
    });
    expect(typo.exitCode).toBe(1);
    const errors = errorAnnotations(typo);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.title).toBe('Input metric-checks');
    expect(errors[0]!.message).toMatch(
      /line 2 "p95-latncy < \+30%": unknown metric "p95-latncy" \(did you mean p95-latency\?\)/,
    );
    expect(errors[0]!.message).toMatch(/one check per line as `<metric> <operator> <limit>`/);
    expect(world.sim.calls()).toHaveLength(before);

    const noBake = await runDeploy(world, { 'task-definition': file, 'metric-checks': 'cpu-max < 90%' });
    expect(noBake.exitCode).toBe(1);
    expect(errorAnnotations(noBake)[0]).toMatchObject({
      title: 'Input metric-checks',
      message: expect.stringMatching(/bake-time is 0/),
    });
    expect(ecsWrites(world)).toEqual([]);
  });
});
