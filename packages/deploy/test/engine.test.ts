/**
 * The watch loop of the engine against a scripted ECS (aws-sdk-client-mock) and a fake clock: when it
 * succeeds, fails and rolls back, how fast it notices, and how few ECS reads it makes while waiting.
 */
import { describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '../../runtime/index.js';
import { deploy } from '../engine.js';
import { ALARM_PERIOD_MS } from '../observe.js';
import { LOCK_SETTLE_MS } from '../lock.js';
import type { DeployOptions } from '../options.js';
import { ARN, deployOptions, FakeAws, type Script } from './fake-aws.js';

const READS = /^(Describe|List)/;

async function run(script: Script, over: Partial<DeployOptions> = {}) {
  const aws = new FakeAws(script);
  const log = new MemoryLogger();
  const result = await deploy(deployOptions(over), {
    clients: aws.clients,
    clock: aws.clock,
    log,
    http: () => Promise.reject(new Error('no HTTP in this test')),
  });
  const updated = aws.calls.find((c) => c.op === 'UpdateService')!.at;
  return { aws, log, result, endedAfter: (aws.clock.now() - updated) / 1000 };
}

describe('deploy engine watch loop', () => {
  it('succeeds once ECS completes the rollout, within one poll of it, and stops polling', async () => {
    const { aws, result, endedAfter } = await run({ runningAt: 30, completedAt: 300 });
    expect(result.status).toBe('succeeded');
    expect(result.message).toMatch(/^deployed web:2 to prod\/web in 5m( \d+s)?$/);
    expect(endedAfter).toBeGreaterThanOrEqual(300);
    // Nothing here announces the end (no draining target group), so it is seen at the steady pace: a round
    // of two calls (the heartbeat and one slower look) waits two base intervals, the price of 12 calls a
    // minute. An end that is announced is met with one-second rounds (parts.test.ts, bench/deploy.ts).
    expect(endedAfter).toBeLessThanOrEqual(310);
    // The first round after completion is the last: nothing is read after it.
    const completedRound = aws.calls.find((c) => c.op === 'DescribeServices' && aws.secondsAt(c.at) >= 300)!;
    expect(aws.secondsAt(completedRound.at)).toBe(endedAfter);
    expect(aws.calls.filter((c) => c.at > completedRound.at)).toEqual([]);
  });

  it('keeps steady waiting to at most 12 ECS reads a minute', async () => {
    const { aws } = await run({ runningAt: 30, completedAt: 900 });
    const updated = aws.calls.find((c) => c.op === 'UpdateService')!.at;
    // From well after the tasks settled until just before completion nothing changes: steady waiting.
    const steady = aws.calls.filter(
      (c) => READS.test(c.op) && c.at >= updated + 120_000 && c.at < updated + 900_000,
    );
    for (let from = updated + 120_000; from + 60_000 <= updated + 900_000; from += 10_000) {
      const inWindow = steady.filter((c) => c.at >= from && c.at < from + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(12);
    }
    expect(steady.length).toBeGreaterThan(100);
  });

  it('honours the timeout to the second, then stops the in-flight deployment with ROLLBACK', async () => {
    const { aws, result, log } = await run({ runningAt: 30 }, { timeoutSeconds: 90 });
    expect(result.status).toBe('rolled-back');
    expect(result.message).toMatch(
      /^rolled back to web:1: timed out after 1m 30s \(still waiting: rollout: web:2: 2\/2 running, rollout IN_PROGRESS\)/,
    );
    // The timeout runs from the start of the step; the update came after marking the service.
    const [stoppedAt] = aws.secondsOf('StopServiceDeployment');
    expect(stoppedAt! + LOCK_SETTLE_MS / 1000).toBeGreaterThanOrEqual(90);
    expect(stoppedAt! + LOCK_SETTLE_MS / 1000).toBeLessThan(91);
    expect(aws.secondsOf('UpdateService')).toHaveLength(1);
    expect(log.text()).toMatch(/stopped service deployment sd2 with ROLLBACK to web:1/);
    expect(log.text()).toMatch(/rolled back: web:1 serves again/);
  });

  it('fails on the first crashed task and rolls back, naming container and exit code', async () => {
    const { result, aws } = await run({ runningAt: 30, crashAt: 45, completedAt: 600 });
    expect(result.status).toBe('rolled-back');
    expect(result.report.cause).toMatchObject({
      gate: 'tasks',
      container: 'app',
      exitCode: 3,
      stopCode: 'EssentialContainerExited',
    });
    const [stopped] = aws.secondsOf('StopServiceDeployment');
    expect(stopped).toBeGreaterThanOrEqual(45);
    expect(stopped).toBeLessThan(52);
    expect(result.summary).toContain('container app exited with code 3');
  });

  it('reports failure, never success, when ECS rolls back by itself; it does not roll back again', async () => {
    const { result, aws } = await run({ runningAt: 30, ecsRollbackAt: 120 }, { maxTaskFailures: 5 });
    expect(result.status).toBe('rolled-back');
    expect(result.report.rolledBackBy).toBe('ECS');
    expect(result.message).toMatch(
      /^rolled back to web:1 \(by ECS\): ECS stopped the deployment \(ROLLBACK_IN_PROGRESS\)/,
    );
    expect(aws.secondsOf('StopServiceDeployment')).toEqual([]);
    expect(aws.secondsOf('UpdateService')).toHaveLength(1);
  });

  it('an alarm during the bake time rolls back with UpdateService (the deployment had finished)', async () => {
    const { result, aws } = await run(
      { runningAt: 30, completedAt: 120, alarmAt: 200 },
      { alarms: ['web-5xx'], bakeTimeSeconds: 300 },
    );
    expect(result.status).toBe('rolled-back');
    expect(result.report.cause).toMatchObject({ gate: 'alarms', alarmName: 'web-5xx' });
    const updates = aws.calls
      .filter((c) => c.op === 'UpdateService')
      .map((c) => (c.input as { taskDefinition: string }).taskDefinition);
    expect(updates).toEqual([ARN(2), ARN(1)]);
    const [, rolledBackAt] = aws.secondsOf('UpdateService');
    expect(rolledBackAt).toBeGreaterThanOrEqual(200);
    // Alarms are read every 30 s (CloudWatch evaluates them once a minute at best), plus one poll.
    expect(rolledBackAt).toBeLessThan(200 + ALARM_PERIOD_MS / 1000 + 6);
  });

  it('succeeds only after the bake time has elapsed with every gate passing', async () => {
    const { result, endedAfter, log } = await run(
      { runningAt: 30, completedAt: 120 },
      { alarms: ['web-5xx'], bakeTimeSeconds: 300 },
    );
    expect(result.status).toBe('succeeded');
    expect(endedAfter).toBeGreaterThanOrEqual(420);
    // One more round at the end: success is declared only on freshly read alarms and targets.
    expect(endedAfter).toBeLessThan(432);
    expect(log.text()).toMatch(/all gates passed: baking for 5m/);
    expect(result.report.gates).toContainEqual({
      name: 'bake-time',
      status: 'passed',
      detail: '5m without a failure',
    });
  });

  it('rollback: none leaves the service and fails with where it stands', async () => {
    const { result, aws } = await run({ runningAt: 30, crashAt: 45 }, { rollback: 'none' });
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(
      /rollback is off; the service was left as it is: PRIMARY deployment web:2 with 1\/2 running/,
    );
    expect(aws.secondsOf('StopServiceDeployment')).toEqual([]);
  });
});
