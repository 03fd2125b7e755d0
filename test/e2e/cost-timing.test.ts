/**
 * Cost and time of a release, end to end on the bundles: a release that doubles cpu and memory shows the
 * monthly cost change in the job summary and the report, and the rollout's time broken down with the
 * draining advice from the target group's actual deregistration delay. The simulator runs in real time
 * (speed 1) here, so the run's clock and AWS's agree and the phases are real seconds.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { seedArchitecture } from '../../packages/simulator/index.js';
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

describe('cost and timing of a release', () => {
  it('a cpu/memory change shows its monthly cost change, and a long drain gets advice naming the delay', async () => {
    world = await startWorld(
      [],
      (releases) => {
        const scenario = seedArchitecture({ releases });
        scenario.targetGroups = scenario.targetGroups!.map((tg) =>
          tg.name === 'backend-tg'
            ? {
                ...tg,
                healthCheckIntervalSeconds: 5,
                healthyThresholdCount: 2,
                deregistrationDelaySeconds: 60,
              }
            : tg,
        );
        return scenario;
      },
      1,
    );
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const td = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...td, cpu: '1024', memory: '2048' }, null, 2));

    const run = await runDeploy(world, { 'task-definition': file, 'timeout-seconds': '300' }, 240_000);
    expect(run.exitCode).toBe(0);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:2');
    const report = run.report!;

    // 2 tasks of 0.5 vCPU / 1 GB → 1 vCPU / 2 GB in us-east-1: $36.04 → $72.08 a month.
    expect(report.cost).toMatchObject({
      region: 'us-east-1',
      spotShare: 0,
      release: { revision: 'backend:2', cpu: 1024, memory: 2048, desiredCount: 2, monthly: 72.08 },
      previous: { revision: 'backend:1', cpu: 512, memory: 1024, monthly: 36.04 },
      monthlyChange: 36.04,
      changed: ['cpu 512→1024', 'memory 1024→2048'],
    });
    const summary = run.summary;
    expect(summary).toContain(
      '**Cost:** ≈ $72.08/month at 2 tasks (+$36.04 vs rev 1: cpu 512→1024, memory 1024→2048)',
    );

    const timing = report.timing!;
    expect(timing.settings).toMatchObject({
      deregistrationDelaySeconds: 60,
      healthCheckIntervalSeconds: 5,
      healthyThresholdCount: 2,
      gracePeriodSeconds: 30,
    });
    expect(timing.phases.reduce((sum, p) => sum + p.seconds, 0)).toBe(timing.totalSeconds);
    const draining = timing.phases.find((p) => p.name === 'draining')!;
    // The old targets drain for the 60 s delay before ECS calls the rollout done.
    expect(draining.seconds).toBeGreaterThanOrEqual(50);
    expect(draining.seconds).toBeLessThan(timing.totalSeconds);
    expect(timing.phases.find((p) => p.name === 'to-healthy')?.seconds).toBeGreaterThan(0);
    const advice = timing.advice.find((a) => a.includes('was draining'));
    expect(advice).toMatch(
      /^\d+ (min \d+ )?s of \d+ min( \d+ s)? was draining: deregistration delay is 60 s; /,
    );
    expect(advice).toContain('30 s would do');
    expect(summary).toContain('**Where the time went:**');
    expect(summary).toContain(`- 💡 ${advice!.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)}`);
    expect(summary).toMatch(
      /\| old tasks draining \| (\d+ min )?\d+ s \| \d+% \| deregistration delay 60 s \|/,
    );
  }, 300_000);
});
