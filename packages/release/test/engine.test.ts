/**
 * The release orchestration with fakes of the engines it drives (deploy, rollback, the post step's
 * recovery): who is stopped, who is rolled back and how, and what the step says.
 */
import { describe, expect, it } from '@jest/globals';
import type { Recovery, SavedDeploy } from '../../deploy/cancel.js';
import type { DeployClients } from '../../deploy/clients.js';
import type { DeployDeps, DeployOptions, DeployResult } from '../../deploy/index.js';
import type { DeploymentReport } from '../../deploy-report/index.js';
import { UserError } from '../../inputs/index.js';
import type { RollbackOptions, RollbackResult } from '../../rollback/index.js';
import { MemoryLogger } from '../../runtime/index.js';
import { release, type ReleaseEngines, type ReleaseOptions } from '../index.js';

const arn = (family: string, revision: number) =>
  `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:${revision}`;
const ref = (family: string, revision: number) => ({ arn: arn(family, revision), family, revision });

function options(service: string): DeployOptions {
  return {
    region: 'eu-west-1',
    cluster: 'web',
    service,
    taskDefinition: { kind: 'revision', ref: `${service}:2` },
    forceNewDeployment: false,
    strategy: 'auto',
    onBusy: 'wait',
    maxTaskFailures: 1,
    healthCheck: { url: `https://example.com/${service}`, successes: 2, statuses: [200] },
    alarms: [],
    alarmsPreexisting: 'fail',
    bakeTimeSeconds: 0,
    rollback: 'auto',
    timeoutSeconds: 600,
    pollIntervalSeconds: 1,
    dryRun: false,
    tags: [],
  };
}

function result(
  service: string,
  status: DeployResult['status'],
  cause?: DeploymentReport['cause'],
  message = `${service} ${status}`,
): DeployResult {
  return {
    status,
    message,
    summary: `summary of ${service}\n`,
    report: {
      schemaVersion: 1,
      kind: 'deploy',
      status,
      region: 'eu-west-1',
      cluster: 'web',
      service,
      taskDefinition: ref(service, 2),
      previousTaskDefinition: ref(service, 1),
      registered: false,
      images: {},
      startedAt: '2026-01-01T00:00:00.000Z',
      timeline: [],
      gates: [],
      logs: [],
      alarms: [],
      ...(cause ? { cause } : {}),
    },
  };
}

/** How a fake deploy of a service behaves once it "updated" the service. */
type Behaviour =
  | { kind: 'ship'; afterMs?: number }
  | { kind: 'fail'; afterMs?: number }
  | { kind: 'hang' }
  | { kind: 'throw-before-change' };

interface Fakes {
  engines: ReleaseEngines;
  deploys: { service: string; dryRun: boolean }[];
  rollbacks: RollbackOptions[];
  recovered: SavedDeploy[];
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fakes(
  behaviours: Record<string, Behaviour>,
  more: {
    preflight?: (service: string) => Promise<DeployResult>;
    rollback?: (o: RollbackOptions) => RollbackResult;
    recover?: (s: SavedDeploy) => Recovery;
  } = {},
): Fakes {
  const deploys: Fakes['deploys'] = [];
  const rollbacks: RollbackOptions[] = [];
  const recovered: SavedDeploy[] = [];
  const engines: ReleaseEngines = {
    async deploy(o: DeployOptions, deps: DeployDeps) {
      deploys.push({ service: o.service, dryRun: o.dryRun });
      if (o.dryRun) return more.preflight ? more.preflight(o.service) : result(o.service, 'succeeded');
      const b = behaviours[o.service]!;
      if (b.kind === 'throw-before-change') throw new Error(`AccessDenied on ${o.service}`);
      deps.progress?.({ taskDefinition: arn(o.service, 2), previousTaskDefinition: arn(o.service, 1) });
      if (b.kind === 'ship') {
        await tick(b.afterMs ?? 0);
        return result(o.service, 'succeeded');
      }
      if (b.kind === 'fail') {
        await tick(b.afterMs ?? 0);
        return result(o.service, 'rolled-back', {
          gate: 'tasks',
          summary: 'container app exited with code 3 (EssentialContainerExited)',
        });
      }
      // In flight until stopped: then the deploy engine starts its rollback and returns, as on a cancel.
      await new Promise<void>((r) => deps.signal?.addEventListener('abort', () => r(), { once: true }));
      deps.progress?.({ rollbackStarted: true, rollbackBy: 'deploy' });
      return result(o.service, 'failed', { gate: 'cancelled', summary: 'the workflow was cancelled' });
    },
    rollback(o: RollbackOptions) {
      rollbacks.push(o);
      return Promise.resolve(
        more.rollback?.(o) ?? {
          status: 'succeeded',
          message: 'rolled back',
          plan: [],
          results: [],
          notAttempted: [],
          summary: '',
        },
      );
    },
    recover(saved: SavedDeploy) {
      recovered.push(saved);
      return Promise.resolve(
        more.recover?.(saved) ?? {
          ok: true,
          message: `cancelled: rolled back to ${saved.service}:1, desired count 2`,
          summary: '',
        },
      );
    },
  };
  return { engines, deploys, rollbacks, recovered };
}

function run(f: Fakes, opts: { signal?: AbortSignal; dryRun?: boolean; services?: string[] } = {}) {
  const log = new MemoryLogger();
  const saved = new Map<number, Partial<SavedDeploy>>();
  const o: ReleaseOptions = {
    services: (opts.services ?? ['backend', 'frontend']).map((s, i) => ({
      label: `services[${i}]`,
      options: options(s),
    })),
    dryRun: opts.dryRun ?? false,
  };
  const promise = release(o, {
    clients: {} as DeployClients,
    clock: { now: () => Date.now(), sleep: () => Promise.resolve() },
    log,
    engines: f.engines,
    probe: () => () => Promise.reject(new Error('no HTTP in these tests')),
    ...(opts.signal ? { signal: opts.signal } : {}),
    save: (i, facts) => saved.set(i, { ...saved.get(i), ...facts }),
  });
  return { promise, log, saved };
}

describe('release orchestration', () => {
  it('checks every service with a dry run first, then deploys them all; success when all ship', async () => {
    const f = fakes({ backend: { kind: 'ship' }, frontend: { kind: 'ship' } });
    const { promise, saved } = run(f);
    const r = await promise;
    expect(r.status).toBe('succeeded');
    expect(r.message).toMatch(/^released backend backend:2, frontend frontend:2 in \d+s$/);
    expect(f.deploys).toEqual([
      { service: 'backend', dryRun: true },
      { service: 'frontend', dryRun: true },
      { service: 'backend', dryRun: false },
      { service: 'frontend', dryRun: false },
    ]);
    expect(r.record.services.map((s) => [s.service, s.outcome, s.now])).toEqual([
      ['backend', 'live', arn('backend', 2)],
      ['frontend', 'live', arn('frontend', 2)],
    ]);
    expect(saved.get(0)?.finished).toBe(true);
    expect(f.rollbacks).toEqual([]);
  });

  it('frontend fails after backend shipped: backend goes back through the rollback engine to revision 1', async () => {
    const f = fakes({ backend: { kind: 'ship' }, frontend: { kind: 'fail', afterMs: 20 } });
    const { promise } = run(f);
    const r = await promise;
    expect(r.status).toBe('failed');
    expect(r.message).toBe(
      'release failed: frontend failed first: container app exited with code 3 (EssentialContainerExited). backend: had shipped backend:2; rolled back to backend:1',
    );
    expect(f.rollbacks).toHaveLength(1);
    expect(f.rollbacks[0]).toMatchObject({
      services: ['backend'],
      to: { kind: 'ref', ref: arn('backend', 1) },
      healthChecks: { backend: { url: 'https://example.com/backend' } },
      restore: 'auto',
    });
    expect(r.record.failedFirst).toEqual({
      service: 'frontend',
      summary: 'container app exited with code 3 (EssentialContainerExited)',
    });
    expect(r.record.services.map((s) => [s.service, s.outcome, s.now])).toEqual([
      ['backend', 'rolled-back', arn('backend', 1)],
      ['frontend', 'failed-first', arn('frontend', 1)],
    ]);
    expect(r.summary).toMatch(/Release failed: frontend failed first/);
  });

  it('frontend fails while backend is in flight: backend is stopped and its own rollback waited for', async () => {
    const f = fakes({ backend: { kind: 'hang' }, frontend: { kind: 'fail' } });
    const { promise } = run(f);
    const r = await promise;
    expect(f.rollbacks).toEqual([]);
    expect(f.recovered).toHaveLength(1);
    expect(f.recovered[0]).toMatchObject({
      service: 'backend',
      taskDefinition: arn('backend', 2),
      previousTaskDefinition: arn('backend', 1),
      rollbackStarted: true,
      onCancel: 'rollback',
    });
    expect(r.message).toMatch(/backend: rolled back to backend:1, desired count 2$/);
    expect(r.record.services[0]).toMatchObject({ outcome: 'rolled-back', now: arn('backend', 1) });
  });

  it('a rollback that fails is said loudly, in the message, the log and the summary', async () => {
    const f = fakes(
      { backend: { kind: 'ship' }, frontend: { kind: 'fail', afterMs: 20 } },
      {
        rollback: () => ({
          status: 'failed',
          message: 'rollback of web/backend from backend:2 to backend:1 failed: target unhealthy',
          plan: [],
          results: [],
          notAttempted: [],
          summary: '',
        }),
      },
    );
    const { promise, log } = run(f);
    const r = await promise;
    expect(r.message).toMatch(
      /backend: had shipped backend:2; rollback to backend:1 failed: rollback of web\/backend/,
    );
    expect(r.record.services[0]!.outcome).toBe('rollback-failed');
    expect(log.lines).toContainEqual({
      level: 'error',
      message: expect.stringMatching(
        /^ROLLBACK FAILED: backend is not back on backend:1/,
      ) as unknown as string,
    });
    expect(r.summary).toMatch(/Rollback failed for backend/);
  });

  it('a deploy that threw before changing anything leaves that service as it was and stops the others', async () => {
    const f = fakes({ backend: { kind: 'hang' }, frontend: { kind: 'throw-before-change' } });
    const r = await run(f).promise;
    expect(r.message).toMatch(/^release failed: frontend failed first: AccessDenied on frontend/);
    expect(f.recovered.map((s) => s.service)).toEqual(['backend']);
  });

  it('a problem in the second item found by the dry run is a UserError naming it, and nothing is deployed', async () => {
    const f = fakes(
      { backend: { kind: 'ship' }, frontend: { kind: 'ship' } },
      {
        preflight: (service) =>
          service === 'frontend'
            ? Promise.reject(new UserError('alarms', 'no CloudWatch alarm named "x"', 'give existing alarms'))
            : Promise.resolve(result(service, 'succeeded')),
      },
    );
    const failure = await run(f).promise.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).input).toBe('services[1].alarms');
    expect((failure as UserError).message).toMatch(/no CloudWatch alarm named "x" \(web\/frontend\)/);
    expect(f.deploys.filter((d) => !d.dryRun)).toEqual([]);
  });

  it('a busy service in the check is left for the real run to wait on (on-busy: wait)', async () => {
    const f = fakes(
      { backend: { kind: 'ship' }, frontend: { kind: 'ship' } },
      {
        preflight: (service) =>
          service === 'backend'
            ? Promise.reject(new UserError('on-busy', 'service backend is busy', 'wait'))
            : Promise.resolve(result(service, 'succeeded')),
      },
    );
    expect((await run(f).promise).status).toBe('succeeded');
  });

  it('dry run: only the checks, and their messages', async () => {
    const f = fakes({});
    const r = await run(f, { dryRun: true }).promise;
    expect(r.status).toBe('succeeded');
    expect(f.deploys.every((d) => d.dryRun)).toBe(true);
    expect(r.record.services.map((s) => s.outcome)).toEqual(['dry-run', 'dry-run']);
  });

  it('a cancelled workflow: every service stops, nothing waits, and the post step is left what to undo', async () => {
    const f = fakes({ backend: { kind: 'ship' }, frontend: { kind: 'hang' } });
    const cancel = new AbortController();
    const { promise, saved } = run(f, { signal: cancel.signal });
    await tick(30);
    cancel.abort();
    const r = await promise;
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/^release cancelled: /);
    expect(f.rollbacks).toEqual([]);
    expect(f.recovered).toEqual([]);
    expect(r.record.services.map((s) => s.outcome)).toEqual(['handed-over', 'handed-over']);
    expect(saved.get(0)).toMatchObject({
      finished: false,
      cancelled: true,
      taskDefinition: arn('backend', 2),
    });
    expect(saved.get(1)).toMatchObject({ finished: false, cancelled: true, rollbackStarted: true });
  });
});
