/**
 * The bundled prune-revisions action as a process against the simulator: a family of 500 revisions, aged by
 * moving the simulated clock, with services running some, verified rollback targets, an unfinished service
 * deployment and a running deploy's lock mark. A dry run changes nothing; a capped run deregisters the oldest
 * unprotected revisions and leaves the rest; a run with delete deletes the rest; a typo'd input fails first.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { formatMark, LOCK_TAG } from '../../packages/deploy/lock.js';
import { formatVerdictValue, verdictKey } from '../../packages/history/index.js';
import { startSimulator, type RunningSimulator, type Scenario } from '../../packages/simulator/index.js';
import { errorAnnotations, runBundledAction, type ActionRun } from '../helpers/run-action.js';

const DAY = 86_400_000;
const SPEED = 60;
const ACCOUNT = '123456789012';
const arn = (revision: number) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/app:${revision}`;

const body = (revision: number) => ({
  family: 'app',
  requiresCompatibilities: ['FARGATE' as const],
  networkMode: 'awsvpc' as const,
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'app', image: `registry.example/app:${revision}`, essential: true }],
});

/** A small world: cluster web with backend and frontend on app:1 and app:2, and an empty cluster jobs. */
const scenario: Scenario = {
  accountId: ACCOUNT,
  clusters: ['web', 'jobs'],
  taskDefinitions: [body(1), body(2)],
  services: [
    { cluster: 'web', name: 'backend', taskDefinition: 'app:1', desiredCount: 1 },
    { cluster: 'web', name: 'frontend', taskDefinition: 'app:2', desiredCount: 1 },
  ],
  releases: [
    // frontend's release to app:470 never starts: its service deployment stays IN_PROGRESS.
    { match: { family: 'app', revision: 470 }, startSeconds: 1_000_000 },
  ],
};

/** What every rule must keep (with keep 3, older-than 30d, keep-verified 3). */
const PROTECTED = new Set([
  2, // frontend's old revision, still in its unfinished deployment (source revision)
  ...Array.from({ length: 12 }, (_, i) => 11 + i), // run by the 12 services of cluster jobs
  50, // verified for staging/api: a service in a cluster not scanned
  200, // 3rd newest verified for web/backend
  250, // 2nd newest verified for web/backend
  260, // newest verified for web/backend
  300, // named by backend's live lock mark (a deploy registered it, has not updated the service yet)
  470, // frontend's in-flight deployment target
  480, // what backend runs
  496, // registered 2 days ago: within older-than
  497,
  498, // the newest 3
  499,
  500,
]);
const TOTAL = 500;
const CANDIDATES = TOTAL - PROTECTED.size;

let sim: RunningSimulator;
let ecs: ECSClient;

async function statuses(): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const status of ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'] as const) {
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(
        new ListTaskDefinitionsCommand({ familyPrefix: 'app', status, maxResults: 100, nextToken }),
      );
      for (const a of page.taskDefinitionArns ?? []) out.set(Number(a.split(':').pop()), status);
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return out;
}

/** The ECS writes the simulator answered with success since `since` (simulated ms). */
const ecsWrites = (since: number) =>
  sim
    .calls({ service: 'ecs', since })
    .filter((c) => /^(Register|Deregister|Delete|Update|Create|Stop|Tag|Untag|Run)/.test(c.operation))
    .map((c) => c.operation);

async function prune(inputs: Record<string, string>): Promise<ActionRun & { since: number }> {
  const since = sim.clock.now();
  const run = await runBundledAction('prune-revisions', {
    inputs: {
      families: 'app',
      clusters: 'web\njobs',
      keep: '3',
      'older-than': '30d',
      'keep-verified': '3',
      ...inputs,
    },
    env: { ...sim.env, ECS_DEPLOY_ACTIONS_PRUNE_RATE_SCALE: '1000' },
    timeoutMs: 90_000,
  });
  return { ...run, since };
}

async function settled(service: string, deployments: number) {
  for (let i = 0; i < 200; i++) {
    const out = await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: [service] }));
    if (out.services?.[0]?.deployments?.length === deployments) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${service} did not settle`);
}

beforeAll(async () => {
  sim = await startSimulator({ scenario, speed: SPEED });
  ecs = new ECSClient({ endpoint: sim.url, region: sim.region, credentials: sim.credentials });
  // 493 more revisions now, aged 40 days by moving the clock; the last 5 registered 2 days ago.
  for (let r = 3; r <= 495; r++) await ecs.send(new RegisterTaskDefinitionCommand(body(r)));
  sim.clock.advance(38 * DAY);
  for (let r = 496; r <= 500; r++) await ecs.send(new RegisterTaskDefinitionCommand(body(r)));
  sim.clock.advance(2 * DAY);

  // backend runs app:480; frontend is stuck deploying app:470 (from app:2).
  await ecs.send(new UpdateServiceCommand({ cluster: 'web', service: 'backend', taskDefinition: 'app:480' }));
  await settled('backend', 1);
  await ecs.send(
    new UpdateServiceCommand({ cluster: 'web', service: 'frontend', taskDefinition: 'app:470' }),
  );
  // 12 services in jobs: more than one ListServices page at its default size.
  for (let i = 0; i < 12; i++) {
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'jobs',
        serviceName: `job-${i}`,
        taskDefinition: `app:${11 + i}`,
        desiredCount: 0,
      }),
    );
  }
  // Verdicts: web/backend verified on 100 (oldest), 200, 250, 260; staging/api on 50; failed on 150.
  const now = sim.clock.now();
  const tag = (revision: number, key: string, daysAgo: number) =>
    ecs.send(
      new TagResourceCommand({
        resourceArn: arn(revision),
        tags: [
          {
            key,
            value: formatVerdictValue(now - daysAgo * DAY, 'https://github.com/acme/shop/actions/runs/7'),
          },
        ],
      }),
    );
  await tag(100, verdictKey('verified', 'web', 'backend'), 35);
  await tag(200, verdictKey('verified', 'web', 'backend'), 34);
  await tag(250, verdictKey('verified', 'web', 'backend'), 33);
  await tag(260, verdictKey('verified', 'web', 'backend'), 32);
  await tag(150, verdictKey('failed', 'web', 'backend'), 34);
  await tag(50, verdictKey('verified', 'staging', 'api'), 36);
  // A deploy running now on backend, shipping app:300 (its mark lives 6 simulated hours).
  const backend = (await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] })))
    .services![0]!;
  await ecs.send(
    new TagResourceCommand({
      resourceArn: backend.serviceArn!,
      tags: [
        {
          key: LOCK_TAG,
          value: formatMark({
            token: 'tok',
            run: 'https://github.com/acme/shop/actions/runs/8',
            revision: 'app:300',
            until: now + 6 * 3600_000,
          }),
        },
      ],
    }),
  );
}, 120_000);

afterAll(async () => {
  ecs?.destroy();
  await sim?.close();
});

describe('prune-revisions on the simulator', () => {
  it('the simulator pages ListServices like ECS (10 by default)', async () => {
    const first = await ecs.send(new ListServicesCommand({ cluster: 'jobs' }));
    expect(first.serviceArns).toHaveLength(10);
    const second = await ecs.send(new ListServicesCommand({ cluster: 'jobs', nextToken: first.nextToken }));
    expect(second.serviceArns).toHaveLength(2);
    expect(second.nextToken).toBeUndefined();
  });

  it('rejects a typo in an input before any AWS call, naming it', async () => {
    const run = await prune({ keep: 'ten' });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run)).toEqual([
      {
        title: 'Input keep',
        message: 'keep: "ten" is not a whole number. write a whole number of 1 or more',
      },
    ]);
    expect(sim.calls({ service: 'ecs', since: run.since })).toEqual([]);
  });

  it('dry run: reports the plan and makes no ECS write', async () => {
    const run = await prune({ 'dry-run': 'true', delete: 'true', 'max-deregistrations': '1000' });
    expect(errorAnnotations(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(ecsWrites(run.since)).toEqual([]);
    expect(run.outputs).toEqual({
      deregistered: '0',
      deleted: '0',
      kept: String(PROTECTED.size),
      candidates: String(CANDIDATES),
      'dry-run': 'true',
    });
    expect([...(await statuses()).values()].every((s) => s === 'ACTIVE')).toBe(true);
    expect(run.summary).toContain(
      `dry run: ${CANDIDATES} of ${TOTAL} revisions would be deregistered and deleted`,
    );
    expect(run.summary).toContain('| 300 | ');
    expect(run.stdout).toContain(
      'app:300 kept: being deployed to web/backend (lock mark of https://github.com/acme/shop/actions/runs/8)',
    );
    expect(run.stdout).toContain(
      'app:470 kept: run by web/frontend; in a deployment of web/frontend (PRIMARY, IN_PROGRESS); in an unfinished service deployment of web/frontend (IN_PROGRESS)',
    );
    expect(run.stdout).toContain(
      'app:2 kept: in a deployment of web/frontend (ACTIVE, COMPLETED); in an unfinished service deployment of web/frontend (IN_PROGRESS)',
    );
    expect(run.stdout).toContain('app:480 kept: run by web/backend');
    expect(run.stdout).toContain(
      'app:50 kept: rollback target: verified for staging/api (1st newest verified)',
    );
    expect(run.stdout).toMatch(/app:496 kept: registered 2d ago, within older-than 30d/);
    expect(run.stdout).toContain('app:11 kept: run by jobs/job-0');
    expect(run.stdout).toContain(
      'app:260 kept: rollback target: verified for web/backend (1st newest verified)',
    );
    expect(run.stdout).toContain('app:100 would delete');
  }, 120_000);

  it('deregisters the oldest unprotected revisions up to max-deregistrations, and says what is left', async () => {
    const run = await prune({ 'max-deregistrations': '400' });
    expect(errorAnnotations(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      deregistered: '400',
      deleted: '0',
      candidates: String(CANDIDATES),
      'dry-run': 'false',
    });
    const writes = ecsWrites(run.since);
    expect(writes).toHaveLength(400);
    expect(new Set(writes)).toEqual(new Set(['DeregisterTaskDefinition']));
    const now = await statuses();
    const unprotected = Array.from({ length: TOTAL }, (_, i) => i + 1).filter((r) => !PROTECTED.has(r));
    // Oldest first: the first 400 unprotected are INACTIVE, the rest still ACTIVE.
    expect(unprotected.slice(0, 400).every((r) => now.get(r) === 'INACTIVE')).toBe(true);
    expect(unprotected.slice(400).every((r) => now.get(r) === 'ACTIVE')).toBe(true);
    for (const r of PROTECTED) expect([r, now.get(r)]).toEqual([r, 'ACTIVE']);
    expect(run.summary).toContain(`${CANDIDATES - 400} left for the next run (max-deregistrations 400)`);
  }, 120_000);

  it('with delete, deregisters and deletes the rest, and keeps every protected revision', async () => {
    const run = await prune({ delete: 'true' });
    expect(errorAnnotations(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    const left = CANDIDATES - 400;
    expect(run.outputs).toMatchObject({
      deregistered: String(left),
      deleted: String(left),
      candidates: String(left),
      kept: String(PROTECTED.size),
    });
    const writes = ecsWrites(run.since);
    expect(writes.filter((w) => w === 'DeregisterTaskDefinition')).toHaveLength(left);
    expect(writes.filter((w) => w === 'DeleteTaskDefinitions')).toHaveLength(Math.ceil(left / 10));
    const now = await statuses();
    // Deleted: only what this run deregistered; the 400 of the run before stay INACTIVE.
    const unprotected = Array.from({ length: TOTAL }, (_, i) => i + 1).filter((r) => !PROTECTED.has(r));
    for (const r of PROTECTED) expect([r, now.get(r)]).toEqual([r, 'ACTIVE']);
    for (const r of unprotected.slice(0, 400)) expect([r, now.get(r)]).toEqual([r, 'INACTIVE']);
    for (const r of unprotected.slice(400)) expect([r, now.get(r)]).toEqual([r, 'DELETE_IN_PROGRESS']);
    expect([...now.values()].filter((s) => s === 'DELETE_IN_PROGRESS')).toHaveLength(left);
    expect([...now.values()].filter((s) => s === 'ACTIVE')).toHaveLength(PROTECTED.size);
    expect(run.summary).toContain('**deleted** (irreversible)');
  }, 120_000);
});
