/**
 * A cancelled deploy against the scripted ECS: the engine stops at once when its signal aborts, says what it
 * was watching, starts the rollback (or leaves the service) without waiting for it, and tells its entry what
 * it started; the post step's recovery finishes the job; a rollback puts back the desired count the deploy
 * changed.
 */
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from '@jest/globals';
import { MemoryLogger, type Clock } from '../../runtime/index.js';
import {
  readSavedDeploy,
  recoverDeploy,
  stateEntries,
  STATE_FORMAT,
  STATE_FORMAT_KEY,
  type SavedDeploy,
} from '../cancel.js';
import { deploy } from '../engine.js';
import type { DeployOptions, DeployProgress, HttpGet } from '../options.js';
import { busyWith } from '../resolve.js';
import { ARN, deployOptions, FakeAws, type Script } from './fake-aws.js';

/**
 * The fake clock, with the workflow cancelled `cancelAt` seconds after UpdateService: a sleep that would
 * pass that moment ends there (as the system clock's sleep wakes on abort) and aborts the signal.
 */
function cancellingClock(aws: FakeAws, controller: AbortController, cancelAt: number) {
  const signals: (AbortSignal | undefined)[] = [];
  const clock: Clock = {
    now: () => aws.clock.now(),
    sleep: async (ms, signal) => {
      signals.push(signal);
      const updated = aws.calls.find((c) => c.op === 'UpdateService')?.at;
      const at = updated === undefined ? Infinity : updated + cancelAt * 1000;
      if (!controller.signal.aborted && aws.clock.t + ms >= at) {
        aws.clock.t = Math.max(aws.clock.t, at);
        controller.abort();
        return;
      }
      aws.clock.t += Math.max(0, ms);
    },
  };
  return { clock, signals };
}

async function run(
  script: Script,
  over: Partial<DeployOptions>,
  cancelAt: number,
  http: HttpGet = () => Promise.reject(new Error('no HTTP in this test')),
) {
  const aws = new FakeAws(script);
  const controller = new AbortController();
  const { clock, signals } = cancellingClock(aws, controller, cancelAt);
  const log = new MemoryLogger();
  const progress: DeployProgress[] = [];
  const result = await deploy(deployOptions(over), {
    clients: aws.clients,
    clock,
    log,
    http,
    signal: controller.signal,
    progress: (p) => progress.push(p),
  });
  const facts = Object.assign({}, ...progress) as DeployProgress;
  return { aws, log, result, signals, facts, controller };
}

const updates = (aws: FakeAws) =>
  aws.calls.filter((c) => c.op === 'UpdateService').map((c) => c.input as Record<string, unknown>);

describe('a cancelled deploy (engine)', () => {
  it('stops watching at once, says what it watched, starts the rollback with the desired count, and returns', async () => {
    const { aws, log, result, signals, facts } = await run(
      { runningAt: 30, completedAt: 600 },
      { desiredCount: 3 },
      60,
    );
    expect(result.status).toBe('failed');
    expect(result.report.cause).toEqual({
      gate: 'cancelled',
      summary:
        'the workflow was cancelled while watching web:2 (deployment ecs-svc/2); rolling back to web:1: stopped service deployment sd2 with ROLLBACK to web:1; desired count back to 2; the post step waits for web:1 to serve',
    });
    expect(result.report.rollbackProblem).toBeUndefined();
    expect(log.text()).toMatch(
      /cancelled while watching web:2 \(deployment ecs-svc\/2\); rolling back to web:1/,
    );
    expect(result.message).toBe(
      'deploy of web:2 to prod/web stopped: the workflow was cancelled while watching web:2 (deployment ecs-svc/2); rolling back to web:1: stopped service deployment sd2 with ROLLBACK to web:1; desired count back to 2; the post step waits for web:1 to serve',
    );
    expect(result.summary).toContain('stopped: the workflow was cancelled while watching web:2');
    // Every watch sleep could be woken by the cancel.
    expect(signals.filter((s) => s === undefined).length).toBeLessThanOrEqual(1); // the lock's settle
    // Started right away, and not waited for: no ECS read after the rollback's calls.
    expect(aws.secondsOf('StopServiceDeployment')).toEqual([60]);
    expect(updates(aws)).toEqual([
      expect.objectContaining({ taskDefinition: ARN(2), desiredCount: 3 }),
      { cluster: 'prod', service: 'web', desiredCount: 2 },
    ]);
    const stoppedAt = aws.calls.findIndex((c) => c.op === 'StopServiceDeployment');
    expect(aws.calls.slice(stoppedAt).filter((c) => /^(Describe|List)Ser|^DescribeTasks/.test(c.op))).toEqual(
      [],
    );
    expect(aws.clock.now() - aws.calls[stoppedAt]!.at).toBeLessThan(5_000);
    expect(facts).toMatchObject({
      taskDefinition: ARN(2),
      previousTaskDefinition: ARN(1),
      deploymentId: 'ecs-svc/2',
      desiredCountBefore: 2,
      desiredCount: 3,
      rollbackStarted: true,
      rollbackBy: 'deploy',
      rollbackServiceDeploymentArn: expect.stringMatching(/sd2$/),
    });
  });

  it('on-cancel: leave changes nothing more and says where the service stands', async () => {
    const { aws, result, facts } = await run({ runningAt: 30, completedAt: 600 }, { onCancel: 'leave' }, 60);
    expect(result.message).toMatch(
      /stopped: the workflow was cancelled while watching web:2 \(deployment ecs-svc\/2\)\. not rolled back \(on-cancel is leave\); the service: PRIMARY deployment web:2 with 2\/2 running/,
    );
    expect(aws.secondsOf('StopServiceDeployment')).toEqual([]);
    expect(updates(aws)).toHaveLength(1);
    expect(facts.rollbackStarted).toBeUndefined();
    expect(result.report.inputs).toMatchObject({ 'on-cancel': 'leave' });
  });

  it('cancelled before the update: nothing is changed', async () => {
    const aws = new FakeAws({ runningAt: 30, completedAt: 120 });
    const progress: DeployProgress[] = [];
    const result = await deploy(deployOptions(), {
      clients: aws.clients,
      clock: aws.clock,
      log: new MemoryLogger(),
      http: () => Promise.reject(new Error('no HTTP')),
      signal: AbortSignal.abort(),
      progress: (p) => progress.push(p),
    });
    expect(result.report.cause).toEqual({
      gate: 'cancelled',
      summary: 'the workflow was cancelled while preparing the deploy; nothing was changed',
    });
    expect(updates(aws)).toEqual([]);
    expect(progress).toEqual([]);
  });

  it('cancelled while the rollback after a failure is watched: the rollback is not started twice', async () => {
    const { aws, result } = await run({ runningAt: 30, crashAt: 45 }, {}, 55);
    expect(result.status).toBe('failed');
    expect(result.report.cause).toMatchObject({ gate: 'tasks', exitCode: 3 });
    expect(result.message).toMatch(
      /the workflow was cancelled while the rollback to web:1 was under way \(stopped service deployment sd2 with ROLLBACK to web:1\); the post step waits for web:1 to serve/,
    );
    expect(aws.secondsOf('StopServiceDeployment')).toHaveLength(1);
  });

  it('a health probe cut short by the cancel is not counted against the release', async () => {
    const controllerRef: { c?: AbortController } = {};
    const http: HttpGet = () => {
      // The cancel comes during the probe; the entry's fetch then rejects with an abort.
      controllerRef.c?.abort();
      return Promise.reject(new Error('This operation was aborted'));
    };
    const aws = new FakeAws({ runningAt: 30, completedAt: 60 });
    const controller = new AbortController();
    controllerRef.c = controller;
    const result = await deploy(
      deployOptions({
        healthCheck: { url: 'https://app.example.com/health', successes: 3, statuses: [200] },
      }),
      {
        clients: aws.clients,
        clock: aws.clock,
        log: new MemoryLogger(),
        http,
        signal: controller.signal,
      },
    );
    expect(result.report.cause?.gate).toBe('cancelled');
    expect(result.report.gates.find((g) => g.name === 'http')?.status).not.toBe('failed');
    // The release had completed: the rollback replaces it.
    expect(updates(aws).map((u) => u.taskDefinition)).toEqual([ARN(2), ARN(1)]);
  });
});

describe('a rollback after a failure puts back the desired count the deploy changed', () => {
  async function failed(script: Script, over: Partial<DeployOptions>) {
    const aws = new FakeAws(script);
    const result = await deploy(deployOptions(over), {
      clients: aws.clients,
      clock: aws.clock,
      log: new MemoryLogger(),
      http: () => Promise.reject(new Error('no HTTP')),
    });
    return { aws, result };
  }

  it('after stopping the in-flight deployment with ROLLBACK', async () => {
    const { aws, result } = await failed({ runningAt: 30, crashAt: 45 }, { desiredCount: 4 });
    expect(result.status).toBe('rolled-back');
    expect(updates(aws)).toEqual([
      expect.objectContaining({ taskDefinition: ARN(2), desiredCount: 4 }),
      { cluster: 'prod', service: 'web', desiredCount: 2 },
    ]);
    expect(result.report.timeline.map((e) => e.message)).toContainEqual(
      'stopped service deployment sd2 with ROLLBACK to web:1; desired count back to 2',
    );
  });

  it('in the UpdateService that puts the previous revision back', async () => {
    const { aws } = await failed(
      { runningAt: 30, completedAt: 120, alarmAt: 200 },
      { alarms: ['web-5xx'], bakeTimeSeconds: 300, desiredCount: 4 },
    );
    expect(updates(aws)).toEqual([
      expect.objectContaining({ taskDefinition: ARN(2), desiredCount: 4 }),
      { cluster: 'prod', service: 'web', taskDefinition: ARN(1), desiredCount: 2 },
    ]);
  });

  it('not when the deploy left the count alone', async () => {
    const { aws } = await failed({ runningAt: 30, crashAt: 45 }, {});
    expect(updates(aws)).toHaveLength(1);
    const same = await failed({ runningAt: 30, crashAt: 45 }, { desiredCount: 2 });
    expect(updates(same.aws)).toHaveLength(1);
  });
});

describe('the post step (recoverDeploy)', () => {
  const saved = (over: Partial<SavedDeploy> = {}): SavedDeploy => ({
    cluster: 'prod',
    service: 'web',
    region: 'us-east-1',
    onCancel: 'rollback',
    pollIntervalSeconds: 5,
    timeoutSeconds: 1800,
    finished: false,
    cancelled: true,
    strategy: 'ROLLING',
    taskDefinition: ARN(2),
    previousTaskDefinition: ARN(1),
    deploymentId: 'ecs-svc/2',
    desiredCountBefore: 2,
    desiredCount: 3,
    ...over,
  });

  /** The service as a killed main step left it: updated to web:2, crash-looping, nobody watching. */
  async function leftInFlight(script: Script = { runningAt: 30, crashAt: 45 }) {
    const aws = new FakeAws(script);
    await aws.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: ARN(2), desiredCount: 3 }),
    );
    aws.clock.t += 50_000;
    return aws;
  }

  it('rolls back what a killed main step started, restores the count, and waits for the previous revision', async () => {
    const aws = await leftInFlight();
    const log = new MemoryLogger();
    const recovery = await recoverDeploy(saved({ cancelled: false }), {
      clients: aws.clients,
      clock: aws.clock,
      log,
      http: () => Promise.reject(new Error('no HTTP')),
    });
    expect(recovery).toMatchObject({
      ok: true,
      message:
        'the deploy step did not finish (it crashed or was killed): rolled back to web:1, desired count 2',
    });
    expect(recovery.summary).toMatch(
      /^### ↩️ web \(post step\): the deploy step did not finish .*\n\n- found: PRIMARY deployment web:2/,
    );
    expect(recovery.summary).toContain(
      '- stopped service deployment sd2 with ROLLBACK to web:1; desired count back to 2',
    );
    expect(updates(aws).slice(1)).toEqual([{ cluster: 'prod', service: 'web', desiredCount: 2 }]);
    // ECS's rollback takes 20 s in the script: the post step waited for it, within its bound.
    const stopped = aws.calls.find((c) => c.op === 'StopServiceDeployment')!.at;
    expect(aws.clock.now() - stopped).toBeGreaterThanOrEqual(20_000);
    expect(aws.clock.now() - stopped).toBeLessThan(240_000);
  });

  it('only waits when the main step had started the rollback', async () => {
    const aws = await leftInFlight();
    await aws.ecs.send(
      new (await import('@aws-sdk/client-ecs')).StopServiceDeploymentCommand({
        serviceDeploymentArn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/sd2',
        stopType: 'ROLLBACK',
      }),
    );
    const recovery = await recoverDeploy(
      saved({
        rollbackStarted: true,
        rollbackBy: 'deploy',
        rollbackServiceDeploymentArn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/sd2',
        rollbackAt: aws.clock.now(),
      }),
      {
        clients: aws.clients,
        clock: aws.clock,
        log: new MemoryLogger(),
        http: () => Promise.reject(new Error('no HTTP')),
      },
    );
    expect(recovery).toMatchObject({ ok: true, message: 'cancelled: rolled back to web:1, desired count 2' });
    expect(aws.secondsOf('StopServiceDeployment')).toHaveLength(1);
    expect(updates(aws)).toHaveLength(1);
  });

  it('fails saying where the service stands when the previous revision does not serve within its bound', async () => {
    const aws = await leftInFlight({ runningAt: 30 });
    // ECS takes the stop and then never rolls back.
    aws.ecsMock.on((await import('@aws-sdk/client-ecs')).StopServiceDeploymentCommand).resolves({});
    const began = aws.clock.now();
    const recovery = await recoverDeploy(saved(), {
      clients: aws.clients,
      clock: aws.clock,
      log: new MemoryLogger(),
      http: () => Promise.reject(new Error('no HTTP')),
    });
    expect(recovery.ok).toBe(false);
    expect(recovery.message).toMatch(
      /^cancelled: the rollback to web:1 did not finish: timed out after 4m .*; the service: PRIMARY deployment web:2/,
    );
    expect(aws.clock.now() - began).toBeLessThanOrEqual(240_000);
  });

  it('fails saying so when the rollback cannot start', async () => {
    const aws = await leftInFlight();
    // ECS refuses every rollback: the service stays on the crashing release.
    aws.ecsMock
      .on((await import('@aws-sdk/client-ecs')).StopServiceDeploymentCommand)
      .rejects(new Error('nope'));
    aws.ecsMock.on(UpdateServiceCommand).rejects(new Error('AccessDenied'));
    const recovery = await recoverDeploy(saved(), {
      clients: aws.clients,
      clock: aws.clock,
      log: new MemoryLogger(),
      http: () => Promise.reject(new Error('no HTTP')),
    });
    expect(recovery.ok).toBe(false);
    expect(recovery.message).toMatch(/^cancelled: the rollback to web:1 could not start: AccessDenied/);
  });

  it('leaves the service with on-cancel: leave, and nothing started means nothing to do', async () => {
    const aws = await leftInFlight();
    const deps = {
      clients: aws.clients,
      clock: aws.clock,
      log: new MemoryLogger(),
      http: () => Promise.reject(new Error('no HTTP')),
    };
    const leave = await recoverDeploy(saved({ onCancel: 'leave' }), deps);
    expect(leave.message).toMatch(
      /^cancelled: prod\/web was left as it is \(on-cancel: leave\): PRIMARY deployment web:2/,
    );
    const nothing = await recoverDeploy(
      saved({ taskDefinition: undefined, previousTaskDefinition: undefined }),
      deps,
    );
    expect(nothing.message).toBe('cancelled: prod/web had not been changed yet; nothing to roll back');
    expect(aws.secondsOf('StopServiceDeployment')).toEqual([]);
    expect(updates(aws)).toHaveLength(1);
  });
});

describe('state for the post step', () => {
  it('round-trips through GITHUB_STATE names and values', () => {
    const facts: Partial<SavedDeploy> = {
      cluster: 'web',
      service: 'backend',
      region: 'eu-west-1',
      onCancel: 'leave',
      taskDefinition: ARN(2),
      desiredCountBefore: 2,
      rollbackStarted: true,
      rollbackBy: 'ECS',
      strategy: 'BLUE_GREEN',
      finished: false,
      cancelled: true,
    };
    const state = new Map([[STATE_FORMAT_KEY, STATE_FORMAT], ...stateEntries(facts)]);
    expect(readSavedDeploy((n) => state.get(n) ?? '')).toEqual(facts);
  });

  it('reads nothing from no state, an older bundle or a newer format', () => {
    expect(readSavedDeploy(() => '')).toBeUndefined();
    const old = new Map([
      ['isPost', 'true'],
      ['cluster', 'web'],
    ]);
    expect(readSavedDeploy((n) => old.get(n) ?? '')).toBeUndefined();
    const newer = new Map([
      [STATE_FORMAT_KEY, '2'],
      ['cluster', 'web'],
      ['service', 's'],
      ['region', 'r'],
    ]);
    expect(readSavedDeploy((n) => newer.get(n) ?? '')).toBeUndefined();
  });
});

describe('busyWith', () => {
  it('says since when a deployment is in flight, and that its tasks failed', () => {
    expect(
      busyWith({
        deployments: [
          {
            id: 'ecs-svc/7',
            status: 'PRIMARY',
            rolloutState: 'IN_PROGRESS',
            taskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/web:3',
            createdAt: new Date('2026-05-01T10:02:03.456Z'),
            failedTasks: 4,
          },
        ],
      }),
    ).toBe('deployment ecs-svc/7 (web:3) is rolling out, started 2026-05-01 10:02:03 UTC, with failed tasks');
  });
});
