/**
 * Green means healthy: a deploy that asked for a check never ends green without it, says which gates did
 * not apply and why, and judges only the release's own tasks (never an earlier crash of the same revision).
 */
import { ListTagsForResourceCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from '@jest/globals';
import { UserError } from '../../inputs/index.js';
import { MemoryLogger } from '../../runtime/index.js';
import { deploy } from '../engine.js';
import { formatMark, LOCK_TAG, parseMark } from '../lock.js';
import type { DeployOptions } from '../options.js';
import { deployOptions, FakeAws, type Script } from './fake-aws.js';

const testUrl = { url: 'http://test.example/api/health', successes: 1, statuses: [200] };

async function run(script: Script, over: Partial<DeployOptions> = {}) {
  const aws = new FakeAws(script);
  const log = new MemoryLogger();
  const result = await deploy(deployOptions(over), {
    clients: aws.clients,
    clock: aws.clock,
    log,
    http: async () => ({ status: 200, body: 'ok' }),
  });
  return { aws, log, result };
}

describe('task attribution', () => {
  it('an earlier crash of the same revision is history: the release succeeds and says so', async () => {
    const { result, log } = await run({ runningAt: 30, completedAt: 120, crashedEarlier: true });
    expect(result.status).toBe('succeeded');
    expect(log.text()).toContain('2 earlier task(s) of this revision stopped before this release: history');
    // The report's release tasks are the two this deployment started, not the crashed ones.
    expect(result.report.gates.find((g) => g.name === 'tasks')).toEqual({
      name: 'tasks',
      status: 'passed',
      detail: '2/2 tasks running',
    });
  });
});

describe('every gate listed, none skipped silently', () => {
  it('lists the gates that do not apply, with why, beside the ones that passed', async () => {
    const { result } = await run({ runningAt: 30, completedAt: 120 });
    expect(result.status).toBe('succeeded');
    expect(Object.fromEntries(result.report.gates.map((g) => [g.name, `${g.status}: ${g.detail}`]))).toEqual({
      http: 'not-applicable: no health-check-url given',
      'test-http': 'not-applicable: no test traffic with strategy ROLLING',
      alarms: 'not-applicable: no alarms given',
      'bake-time': 'not-applicable: bake-time is 0',
      tasks: 'passed: 2/2 tasks running',
      'target-health': 'passed: 2 target(s) healthy',
      rollout: 'passed: web:2 serves 2/2',
    });
    expect(result.summary).toContain('| http | ➖&nbsp;not&nbsp;applicable | no health-check-url given |');
  });

  it('test-url on a rolling service is refused before anything changes', async () => {
    const aws = new FakeAws({ runningAt: 30, completedAt: 120 });
    await expect(
      deploy(deployOptions({ testCheck: testUrl }), {
        clients: aws.clients,
        clock: aws.clock,
        log: new MemoryLogger(),
        http: async () => ({ status: 200, body: 'ok' }),
      }),
    ).rejects.toThrow(new UserError('test-url', expect.any(String) as unknown as string, '').constructor);
    expect(aws.calls.map((c) => c.op)).not.toContain('UpdateService');
  });

  it('test-url on blue/green without a PAUSE hook before production traffic is refused, naming the fix', async () => {
    const aws = new FakeAws({ runningAt: 30, completedAt: 120, blueGreenHooks: ['POST_SCALE_UP'] });
    const failed = deploy(deployOptions({ testCheck: testUrl }), {
      clients: aws.clients,
      clock: aws.clock,
      log: new MemoryLogger(),
      http: async () => ({ status: 200, body: 'ok' }),
    });
    await expect(failed).rejects.toThrow(
      /^test-url: service web has no PAUSE lifecycle hook at POST_TEST_TRAFFIC_SHIFT or PRE_PRODUCTION_TRAFFIC_SHIFT.*nothing was changed\. add a hook/,
    );
    expect(aws.calls.map((c) => c.op)).not.toContain('UpdateService');
    expect(aws.calls.map((c) => c.op)).not.toContain('RegisterTaskDefinition');
  });

  it('a release that reaches production traffic before the test gate ran fails and rolls back', async () => {
    const { result, aws } = await run(
      { runningAt: 10, completedAt: 300, productionShiftAt: 20, blueGreenHooks: ['POST_TEST_TRAFFIC_SHIFT'] },
      { testCheck: testUrl },
    );
    expect(result.status).toBe('rolled-back');
    expect(result.report.cause).toMatchObject({
      gate: 'test-http',
      summary: expect.stringMatching(/reached PRODUCTION_TRAFFIC_SHIFT before test-url could be checked/),
    });
    expect(aws.calls.map((c) => c.op)).toContain('StopServiceDeployment');
  });

  it('a release that completes without the test gate ever running is a failure, never a pass', async () => {
    // The hook is configured but ECS never paused at it (nor showed a stage): the test never ran.
    const { result } = await run(
      { runningAt: 10, completedAt: 60, blueGreenHooks: ['POST_TEST_TRAFFIC_SHIFT'] },
      { testCheck: testUrl },
    );
    expect(result.status).toBe('rolled-back');
    expect(result.report.cause?.summary).toMatch(/^gate test-http was asked for but never passed/);
    expect(result.report.gates.find((g) => g.name === 'test-http')?.status).not.toBe('passed');
  });

  it('a dry run names no revision as new, and lists its gates as not run', async () => {
    const { result, aws } = await run(
      {},
      { dryRun: true, taskDefinition: { kind: 'revision', ref: 'web:2' } },
    );
    expect(result.status).toBe('succeeded');
    expect(aws.calls.map((c) => c.op)).not.toContain('UpdateService');
    expect(result.summary).toContain('**Revision:** web:2 (existing)');
    expect(result.report.gates.find((g) => g.name === 'tasks')).toEqual({
      name: 'tasks',
      status: 'not-applicable',
      detail: 'dry run: nothing was deployed, nothing checked',
    });
  });
});

describe('one deploy per service', () => {
  it('marks the service while it deploys and removes the mark at the end', async () => {
    const aws = new FakeAws({ runningAt: 30, completedAt: 120 });
    const seen: string[] = [];
    aws.ecsMock.on(UpdateServiceCommand).callsFake((input: { taskDefinition?: string }) => {
      seen.push(aws.serviceTags.get(LOCK_TAG) ?? '');
      return aws.UpdateService(input);
    });
    const result = await deploy(
      deployOptions({ git: { runUrl: 'https://github.com/acme/shop/actions/runs/7' } }),
      {
        clients: aws.clients,
        clock: aws.clock,
        log: new MemoryLogger(),
        http: async () => ({ status: 200, body: 'ok' }),
      },
    );
    expect(result.status).toBe('succeeded');
    expect(parseMark(seen[0])).toMatchObject({
      run: 'https://github.com/acme/shop/actions/runs/7',
      revision: 'web:2',
    });
    expect(aws.serviceTags.has(LOCK_TAG)).toBe(false);
  });

  it('on-busy: fail names the run holding the service and changes nothing', async () => {
    const aws = new FakeAws({ runningAt: 30, completedAt: 120 });
    const until = aws.clock.now() + 5 * 60_000;
    aws.serviceTags.set(
      LOCK_TAG,
      formatMark({
        token: 'other123',
        run: 'https://github.com/acme/shop/actions/runs/6',
        revision: 'web:3',
        until,
      }),
    );
    await expect(
      deploy(deployOptions({ onBusy: 'fail' }), {
        clients: aws.clients,
        clock: aws.clock,
        log: new MemoryLogger(),
        http: async () => ({ status: 200, body: 'ok' }),
      }),
    ).rejects.toThrow(
      /^on-busy: service web is busy: it is being deployed by https:\/\/github.com\/acme\/shop\/actions\/runs\/6 \(shipping web:3/,
    );
    expect(aws.calls.map((c) => c.op)).not.toContain('UpdateService');
    expect(aws.calls.map((c) => c.op)).not.toContain('TagResource');
  });

  it('on-busy: wait waits for the other run, and takes over a mark that expired', async () => {
    const aws = new FakeAws({ runningAt: 30, completedAt: 120 });
    const until = aws.clock.now() + 60_000;
    aws.serviceTags.set(LOCK_TAG, formatMark({ token: 'crashed1', run: 'run 5', revision: 'web:3', until }));
    const log = new MemoryLogger();
    const result = await deploy(deployOptions(), {
      clients: aws.clients,
      clock: aws.clock,
      log,
      http: async () => ({ status: 200, body: 'ok' }),
    });
    expect(result.status).toBe('succeeded');
    expect(log.text()).toContain('is being deployed by run 5 (shipping web:3');
    expect(log.text()).toMatch(/the mark left by run 5 \(shipping web:3\) had expired/);
    const [updatedAt] = aws.calls.filter((c) => c.op === 'UpdateService').map((c) => c.at);
    expect(updatedAt).toBeGreaterThanOrEqual(until);
  });

  it('a service that cannot be tagged is deployed with a warning, not refused', async () => {
    const aws = new FakeAws({ runningAt: 30, completedAt: 120 });
    aws.ecsMock.on(ListTagsForResourceCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: ecs:ListTagsForResource'), {
        name: 'AccessDeniedException',
      }),
    );
    const log = new MemoryLogger();
    const result = await deploy(deployOptions(), {
      clients: aws.clients,
      clock: aws.clock,
      log,
      http: async () => ({ status: 200, body: 'ok' }),
    });
    expect(result.status).toBe('succeeded');
    expect(log.text()).toMatch(/could not mark service web for this run \(User is not authorized/);
  });
});
