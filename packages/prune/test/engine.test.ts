import { describe, expect, it } from '@jest/globals';
import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  ListTaskDefinitionsCommand,
} from '@aws-sdk/client-ecs';
import { formatMark, LOCK_TAG } from '../../deploy/lock.js';
import { formatVerdictValue, verdictKey } from '../../history/index.js';
import { isUserError } from '../../inputs/index.js';
import { MemoryLogger } from '../../runtime/index.js';
import { prune, type PruneOptions, type PruneResult } from '../index.js';
import { DAY, FakeClock, FakeEcs, NOW } from './fake-ecs.js';

function options(over: Partial<PruneOptions> = {}): PruneOptions {
  return {
    region: 'us-east-1',
    families: ['app'],
    clusters: ['web'],
    keep: 3,
    olderThanSeconds: 30 * 86_400,
    keepVerified: 2,
    delete: false,
    dryRun: false,
    maxDeregistrations: 1000,
    ...over,
  };
}

async function run(fake: FakeEcs, over: Partial<PruneOptions> = {}) {
  const clock = new FakeClock();
  const log = new MemoryLogger();
  const result = await prune(options(over), { ecs: fake.client, clock, awsNow: () => NOW, log });
  return { result, clock, log };
}

const line = (result: PruneResult, revision: number, family = 'app') =>
  result.families.find((f) => f.family === family)!.revisions.find((r) => r.revision === revision)!;

/** A world where `app` has 20 revisions (registered 40..59 days ago) and web/backend runs app:20. */
const world = () =>
  new FakeEcs().family('app', 20).service({ cluster: 'web', name: 'backend', taskDefinition: 'app:20' });

describe('prune: protections', () => {
  it('keeps the newest `keep` and deregisters the rest, oldest first', async () => {
    const fake = world();
    const { result } = await run(fake, { keepVerified: 0 });
    expect(fake.gone('app')).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(line(result, 18).reasons).toEqual(['one of the newest 3']);
    expect(line(result, 20).reasons).toEqual(['one of the newest 3', 'run by web/backend']);
    expect(result).toMatchObject({ deregistered: 17, kept: 3, candidates: 17, left: 0, deleted: 0 });
    const order = fake.mock
      .commandCalls(DeregisterTaskDefinitionCommand)
      .map((c) => c.args[0].input.taskDefinition);
    expect(order[0]).toMatch(/app:1$/);
    expect(order.at(-1)).toMatch(/app:17$/);
  });

  it('keeps what is newer than older-than, measured on AWS clock', async () => {
    const fake = new FakeEcs().family('app', 20, 25); // newest 25 days old, app:15 is 30 days old
    fake.service({ cluster: 'web', name: 'backend', taskDefinition: 'app:20' });
    const { result } = await run(fake, { keep: 1, keepVerified: 0 });
    expect(fake.gone('app')).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(line(result, 16).reasons).toEqual(['registered 29d ago, within older-than 30d']);
  });

  it('keeps what a service runs, its deployments and its CodeDeploy task sets', async () => {
    const fake = world()
      .service({
        cluster: 'web',
        name: 'worker',
        taskDefinition: 'app:5',
        deployments: [
          {
            status: 'PRIMARY',
            rolloutState: 'IN_PROGRESS',
            taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:5',
          },
          {
            status: 'ACTIVE',
            rolloutState: 'COMPLETED',
            taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:4',
          },
        ],
      })
      .service({
        cluster: 'web',
        name: 'api',
        taskDefinition: 'app:7',
        controller: 'CODE_DEPLOY',
        taskSets: [
          { status: 'PRIMARY', taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:7' },
          { status: 'ACTIVE', taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:6' },
        ],
      });
    const { result } = await run(fake, { keepVerified: 0 });
    for (const r of [4, 5, 6, 7]) expect(fake.status('app', r)).toBe('ACTIVE');
    expect(line(result, 5).reasons).toEqual([
      'run by web/worker',
      'in a deployment of web/worker (PRIMARY, IN_PROGRESS)',
    ]);
    expect(line(result, 4).reasons).toEqual(['in a deployment of web/worker (ACTIVE, COMPLETED)']);
    expect(line(result, 6).reasons).toEqual(['in a task set of web/api (ACTIVE)']);
    expect(fake.gone('app')).toEqual([1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });

  it('keeps the revision of a live lock mark, not of an expired one', async () => {
    const fake = world()
      .service({
        cluster: 'web',
        name: 'live',
        taskDefinition: 'app:20',
        tags: [
          {
            key: LOCK_TAG,
            value: formatMark({
              token: 't1',
              run: 'https://github.com/a/b/actions/runs/1',
              revision: 'app:9',
              until: NOW + 60_000,
            }),
          },
        ],
      })
      .service({
        cluster: 'web',
        name: 'stale',
        taskDefinition: 'app:20',
        tags: [
          {
            key: LOCK_TAG,
            value: formatMark({ token: 't2', run: 'crashed', revision: 'app:8', until: NOW - 1 }),
          },
        ],
      });
    const { result } = await run(fake, { keepVerified: 0 });
    expect(fake.status('app', 9)).toBe('ACTIVE');
    expect(line(result, 9).reasons).toEqual([
      'being deployed to web/live (lock mark of https://github.com/a/b/actions/runs/1)',
    ]);
    expect(fake.status('app', 8)).toBe('INACTIVE');
  });

  it('keeps the source and target revisions of unfinished service deployments', async () => {
    const fake = world().service({
      cluster: 'web',
      name: 'frontend',
      taskDefinition: 'app:12',
      inFlight: [
        { status: 'IN_PROGRESS', target: 'app:11', sources: ['app:10'] },
        { status: 'SUCCESSFUL', target: 'app:2' },
      ],
    });
    const { result } = await run(fake, { keepVerified: 0 });
    expect(line(result, 11).reasons).toEqual([
      'in an unfinished service deployment of web/frontend (IN_PROGRESS)',
    ]);
    expect(line(result, 10).reasons).toEqual([
      'in an unfinished service deployment of web/frontend (IN_PROGRESS)',
    ]);
    expect(fake.status('app', 2)).toBe('INACTIVE');
  });

  it('keeps the newest keep-verified verified revisions of every service, scanned or not', async () => {
    const fake = world();
    const v = (cluster: string, service: string) => verdictKey('verified', cluster, service);
    const f = (cluster: string, service: string) => verdictKey('failed', cluster, service);
    const at = (daysAgo: number) => formatVerdictValue(NOW - daysAgo * DAY);
    fake
      .tag('app', 15, v('web', 'backend'), at(44)) // newest verified for web/backend
      .tag('app', 12, v('web', 'backend'), at(47)) // second
      .tag('app', 9, v('web', 'backend'), at(50)) // third: beyond keep-verified 2
      .tag('app', 14, v('staging', 'backend'), at(45)) // a service in a cluster not scanned
      .tag('app', 13, v('web', 'backend'), at(46))
      .tag('app', 13, f('web', 'backend'), at(45)) // failed later: no longer a target
      .tag('app', 6, v('prod', 'x'.repeat(200)), at(53)); // a hashed key
    const { result } = await run(fake, { keepVerified: 2 });
    expect(line(result, 15).reasons).toEqual([
      'rollback target: verified for web/backend (1st newest verified)',
    ]);
    expect(line(result, 12).reasons).toEqual([
      'rollback target: verified for web/backend (2nd newest verified)',
    ]);
    expect(line(result, 14).reasons).toEqual([
      'rollback target: verified for staging/backend (1st newest verified)',
    ]);
    expect(line(result, 6).reasons[0]).toMatch(/^rollback target: verified for sha256-[0-9a-f]{32} /);
    expect(fake.status('app', 9)).toBe('INACTIVE');
    expect(fake.status('app', 13)).toBe('INACTIVE');
    expect(fake.gone('app')).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 13, 16, 17]);
  });
});

describe('prune: reading', () => {
  it('reads every page of ListTaskDefinitions, and only the exact family', async () => {
    const fake = new FakeEcs().family('app', 250).family('app-worker', 5);
    fake.pageSize = 100;
    fake.service({ cluster: 'web', name: 'backend', taskDefinition: 'app:250' });
    const { result } = await run(fake, { keep: 10, keepVerified: 0 });
    const listCalls = fake.mock.commandCalls(ListTaskDefinitionsCommand);
    // app's prefix also lists app-worker's 5 revisions, so three pages.
    expect(listCalls.length).toBe(3);
    expect(listCalls.map((c) => c.args[0].input.nextToken)).toEqual([undefined, '100', '200']);
    expect(result.families[0]!.revisions).toHaveLength(250);
    expect(result.deregistered).toBe(240);
    expect(fake.gone('app-worker')).toEqual([]);
  });

  it('fails and writes nothing when a service cannot be read', async () => {
    const fake = world().service({ cluster: 'web', name: 'broken', taskDefinition: 'app:3' });
    fake.unreadable.add('broken');
    await expect(run(fake)).rejects.toThrow(
      /could not read service .*broken.*MISSING.*nothing was deregistered/,
    );
    expect(fake.writes()).toEqual([]);
  });

  it('fails and writes nothing when DescribeServices itself fails', async () => {
    const fake = world();
    fake.mock
      .on(DescribeServicesCommand)
      .rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    await expect(run(fake)).rejects.toThrow(/not authorized/);
    expect(fake.writes()).toEqual([]);
  });

  it('names the clusters input for a cluster that does not exist, and writes nothing', async () => {
    const fake = world();
    const err = await run(fake, { clusters: ['web', 'nope'] }).catch((e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/^clusters: cluster nope does not exist/);
    expect(fake.writes()).toEqual([]);
  });

  it('reads every page of ListServices', async () => {
    const fake = world();
    for (let i = 1; i <= 7; i++)
      fake.service({ cluster: 'web', name: `svc${i}`, taskDefinition: `app:${i}` });
    const { result } = await run(fake, { keepVerified: 0 });
    expect(result.services).toBe(8);
    for (let i = 1; i <= 7; i++) expect(fake.status('app', i)).toBe('ACTIVE');
  });
});

describe('prune: writes', () => {
  it('dry run makes no write call and says what it would do', async () => {
    const fake = world();
    const { result } = await run(fake, { dryRun: true, delete: true, keepVerified: 0 });
    expect(fake.writes()).toEqual([]);
    expect(fake.gone('app')).toEqual([]);
    expect(line(result, 1).outcome).toBe('would delete');
    expect(result).toMatchObject({ dryRun: true, deregistered: 0, deleted: 0, candidates: 17, kept: 3 });
    expect(result.summary).toContain('**Dry run**');
    expect(result.message).toBe('dry run: 17 of 20 revisions would be deregistered and deleted, 3 kept');
  });

  it('stops at max-deregistrations, oldest first, and says how many are left', async () => {
    const fake = world();
    const { result } = await run(fake, { maxDeregistrations: 5, keepVerified: 0 });
    expect(fake.gone('app')).toEqual([1, 2, 3, 4, 5]);
    expect(result).toMatchObject({ deregistered: 5, candidates: 17, left: 12 });
    expect(line(result, 6).outcome).toBe('left for next run');
    expect(result.message).toContain('12 left for the next run (max-deregistrations 5)');
  });

  it('deletes what it deregistered, 10 at a time', async () => {
    const fake = world();
    const { result } = await run(fake, { delete: true, keepVerified: 0 });
    const batches = fake.mock
      .commandCalls(DeleteTaskDefinitionsCommand)
      .map((c) => c.args[0].input.taskDefinitions!.length);
    expect(batches).toEqual([10, 7]);
    expect(fake.status('app', 1)).toBe('DELETE_IN_PROGRESS');
    expect(result).toMatchObject({ deregistered: 17, deleted: 17 });
  });

  it('reports a deletion ECS refused, and fails', async () => {
    const fake = world();
    fake.mock.on(DeleteTaskDefinitionsCommand).resolves({
      taskDefinitions: [],
      failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:1', reason: 'SOMETHING' }],
    });
    const { result } = await run(fake, { delete: true, keepVerified: 0, maxDeregistrations: 1 });
    expect(result.failure).toBe('DeleteTaskDefinitions did not delete app:1: SOMETHING');
    expect(line(result, 1).note).toBe('deregistered, but not deleted: SOMETHING');
  });

  it('stops at the first failed deregistration and fails', async () => {
    const fake = world();
    let n = 0;
    fake.mock.on(DeregisterTaskDefinitionCommand).callsFake(() => {
      if (++n === 3) throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
      return {};
    });
    const { result } = await run(fake, { keepVerified: 0 });
    expect(n).toBe(3);
    expect(result.failure).toBe('DeregisterTaskDefinition of app:3 failed: AccessDeniedException: denied');
    expect(line(result, 4).note).toBe('not reached: an earlier deregistration failed');
  });

  it('paces writes at half the documented rate', async () => {
    const fake = new FakeEcs().family('app', 41, 40);
    fake.service({ cluster: 'web', name: 'backend', taskDefinition: 'app:41' });
    const { clock } = await run(fake, { keep: 1, keepVerified: 0 });
    // 40 deregistrations: a burst of 10, then one per 2 s; 41 describes and 3 list/scan reads fit 10/s.
    expect(fake.mock.commandCalls(DeregisterTaskDefinitionCommand)).toHaveLength(40);
    expect(clock.slept).toBeGreaterThanOrEqual(59_000);
    expect(clock.slept).toBeLessThan(70_000);
  });
});

describe('prune: summary', () => {
  it('lists kept revisions with their reasons, caps rows and counts what it left out', async () => {
    const fake = new FakeEcs().family('app', 130);
    fake.service({ cluster: 'web', name: 'backend', taskDefinition: 'app:130' });
    const { result, log } = await run(fake, { keepVerified: 0, dryRun: true });
    expect(result.summary).toContain('| 130 | ');
    expect(result.summary).toContain('✅ kept | one of the newest 3; run by web/backend |');
    expect(result.summary).toContain('… 30 more revisions not shown (30 would deregister)');
    expect(log.text()).toContain('app:1 would deregister');
    expect(log.text()).toContain('app:130 kept: one of the newest 3; run by web/backend');
  });
});
