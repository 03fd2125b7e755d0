/**
 * The rollback action end to end on its bundle against the simulator: verdicts recorded by deploy decide
 * what `previous` means; targets by sha, revision and ARN; a dry run writes nothing; an in-flight deployment
 * is stopped with ECS's own rollback; an unhealthy target fails and the revision before is put back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { parseDeploymentReport, type DeploymentReport } from '../../packages/deploy-report/index.js';
import { markRevision, verdictOf } from '../../packages/history/index.js';
import {
  errorAnnotations,
  runBundledAction,
  type ActionRun,
  type RunOptions,
} from '../helpers/run-action.js';
import { releaseFile, rev, serviceNow, startWorld, stopWorld, type World } from './deploy.helpers.js';

const SHA = {
  v2: '2222222aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  v3: '3333333bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  v4: '4444444ccccccccccccccccccccccccccccccccc',
  slow: '5555555ddddddddddddddddddddddddddddddddd',
};

let world: World;
const arnOf = { v1: '', v2: '', v3: '', v4: '' };

/** Every ECS call that changes something, answered or not. */
const writes = (w: World) =>
  w.sim
    .calls({ service: 'ecs' })
    .filter((c) =>
      /^(Register|Deregister|Delete|Update|Stop|Continue|Create|Tag|Untag|Run)/.test(c.operation),
    )
    .map((c) => c.operation);

const env = (sha: string) => ({
  ...world.sim.env,
  GITHUB_WORKSPACE: world.dir,
  GITHUB_SHA: sha,
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: String(Math.floor(Math.random() * 1e6)),
  GITHUB_ACTOR: 'octocat',
  GITHUB_SERVER_URL: 'https://github.com',
});

interface Run extends ActionRun {
  reports: DeploymentReport[];
}

function withReports(run: ActionRun): Run {
  const paths = (run.outputs.report ?? '').split('\n').filter(Boolean);
  return {
    ...run,
    reports: paths.map((p) => parseDeploymentReport(JSON.parse(readFileSync(p, 'utf8')), 'report')),
  };
}

/** A release of backend from a file with no tags of its own: deploy tags it with this run's sha. */
async function release(
  image: string,
  sha: string,
  inputs: Record<string, string> = {},
  service = 'backend',
): Promise<Run> {
  const path = await releaseFile(world, service, { image });
  const td = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  writeFileSync(path, JSON.stringify({ ...td, tags: [] }));
  return withReports(
    await runBundledAction('deploy', {
      inputs: {
        cluster: 'web',
        service,
        'task-definition': path,
        'poll-interval': '1s',
        ...inputs,
      },
      env: env(sha),
      timeoutMs: 60_000,
    }),
  );
}

async function rollback(
  inputs: Record<string, string>,
  more: Pick<RunOptions, 'signalAfter'> = {},
): Promise<Run> {
  return withReports(
    await runBundledAction('rollback', {
      inputs: { cluster: 'web', services: 'backend', 'poll-interval': '1s', ...inputs },
      env: env('9999999eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee'),
      timeoutMs: 60_000,
      ...more,
    }),
  );
}

/** A revision of backend whose tasks take an hour to start, registered as another tool would. */
async function slowRevision(): Promise<string> {
  const path = await releaseFile(world, 'backend', { image: 'repo/backend:slow' });
  const td = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const out = await world.ecs.send(new RegisterTaskDefinitionCommand({ ...td, tags: undefined } as never));
  return out.taskDefinition!.taskDefinitionArn!;
}

async function verdict(arn: string) {
  const out = await world.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }),
  );
  return verdictOf(out.tags, 'web', 'backend')?.verdict;
}

beforeAll(async () => {
  world = await startWorld([
    { match: { image: ':v3' }, crash: { afterSeconds: 8, exitCode: 3 }, logLines: ['boom: v3 cannot boot'] },
    { match: { image: ':slow' }, startSeconds: 3600 },
  ]);
  // Three releases: v2 good, v3 crashes and is rolled back, v4 good. backend:1 is the seed (never verified).
  const v2 = await release('repo/backend:v2', SHA.v2);
  expect(v2.exitCode).toBe(0);
  const v3 = await release('repo/backend:v3', SHA.v3);
  expect(v3.reports[0]?.status).toBe('rolled-back');
  const v4 = await release('repo/backend:v4', SHA.v4);
  expect(v4.exitCode).toBe(0);
  arnOf.v2 = v2.reports[0]!.taskDefinition.arn;
  arnOf.v3 = v3.reports[0]!.taskDefinition.arn;
  arnOf.v4 = v4.reports[0]!.taskDefinition.arn;
  arnOf.v1 = arnOf.v2.replace(/:2$/, ':1');
}, 240_000);

afterAll(async () => {
  await stopWorld(world);
});

describe('deploy records verdicts on the revisions', () => {
  it('marks a release verified when its gates pass and failed when it was rolled back', async () => {
    expect(rev(arnOf.v3)).toBe('backend:3');
    expect(await verdict(arnOf.v2)).toBe('verified');
    expect(await verdict(arnOf.v3)).toBe('failed');
    expect(await verdict(arnOf.v4)).toBe('verified');
    expect(await verdict(arnOf.v1)).toBeUndefined();
  });
});

describe('rollback action', () => {
  it('dry run: resolves previous to the last verified revision (not revision − 1, which failed) and writes nothing', async () => {
    const before = writes(world).length;
    const run = await rollback({ 'dry-run': 'true' });
    expect(run.exitCode).toBe(0);
    expect(writes(world).slice(before)).toEqual([]);
    expect(rev(run.outputs['rolled-back-to'])).toBe('backend:2');
    expect(rev(run.outputs['rolled-back-from'])).toBe('backend:4');
    expect(run.stdout).toContain('dry run: would roll back backend: backend:4 → backend:2');
    const report = run.reports[0]!;
    expect(report).toMatchObject({
      kind: 'rollback',
      dryRun: true,
      status: 'succeeded',
      rollbackRequest: 'previous',
    });
    const history = report.history!;
    expect(history.map((h) => h.revision)).toEqual([4, 3, 2, 1]);
    expect(history.find((h) => h.live)?.revision).toBe(4);
    expect(history.find((h) => h.rollbackTarget)?.revision).toBe(2);
    expect(history.find((h) => h.revision === 3)).toMatchObject({ verdict: 'failed', gitSha: SHA.v3 });
    expect(run.summary).toContain('Release history of backend');
    expect((await serviceNow(world)).taskDefinition).toBe(arnOf.v4);
  });

  it('to: previous lands on the last verified revision through the gates and records it verified again', async () => {
    const run = await rollback({
      to: 'previous',
      'health-check-url': `${world.sim.listeners().production}/api/health`,
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('succeeded');
    expect(rev(run.outputs['rolled-back-from'])).toBe('backend:4');
    expect(rev(run.outputs['rolled-back-to'])).toBe('backend:2');
    expect((await serviceNow(world)).taskDefinition).toBe(arnOf.v2);
    const report = run.reports[0]!;
    expect(report.kind).toBe('rollback');
    expect(report.gates.find((g) => g.name === 'http')?.status).toBe('passed');
    expect(report.verdicts?.[0]).toMatchObject({ verdict: 'verified', revision: { revision: 2 } });
    expect(run.stdout).toContain('rolled back web/backend from backend:4 to backend:2 (to: previous)');
    // Nothing registered: a rollback runs what exists.
    expect(report.registered).toBe(false);
  }, 60_000);

  it('to: a short git sha finds the revision rendered from it', async () => {
    const run = await rollback({ to: SHA.v4.slice(0, 7) });
    expect(run.exitCode).toBe(0);
    expect(rev(run.outputs['rolled-back-to'])).toBe('backend:4');
    expect((await serviceNow(world)).taskDefinition).toBe(arnOf.v4);
  }, 60_000);

  it('an unknown sha fails before any change, listing the recent revisions with sha, time and author', async () => {
    const before = writes(world).length;
    const run = await rollback({ to: 'deadbee' });
    expect(run.exitCode).toBe(1);
    const error = errorAnnotations(run)[0]?.message;
    expect(error).toContain(
      'to: no revision of backend among its newest 100 was rendered from git sha deadbee',
    );
    expect(error).toContain(`backend:4 (${SHA.v4.slice(0, 7)}`);
    expect(error).toContain('by octocat, verified, live');
    expect(error).not.toMatch(/\n\s+at /);
    expect(writes(world).slice(before)).toEqual([]);
  });

  it('an unhealthy target fails with its cause and the revision before is put back', async () => {
    const run = await rollback({ to: '3' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('backend:3 is marked failed for backend');
    const report = run.reports[0]!;
    expect(report).toMatchObject({ kind: 'rollback', status: 'failed', restored: { revision: 4 } });
    expect(report.cause?.exitCode).toBe(3);
    expect(errorAnnotations(run)[0]?.message).toContain(
      'rollback of web/backend from backend:4 to backend:3 (to: 3) failed: container backend exited with code 3',
    );
    expect((await serviceNow(world)).taskDefinition).toBe(arnOf.v4);
  }, 60_000);

  it('an INACTIVE target is refused with the fix, and runs with allow-inactive', async () => {
    await world.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arnOf.v1 }));
    const before = writes(world).length;
    const refused = await rollback({ to: 'backend:1' });
    expect(refused.exitCode).toBe(1);
    expect(errorAnnotations(refused)[0]?.message).toContain('backend:1 is INACTIVE');
    expect(errorAnnotations(refused)[0]?.message).toContain('allow-inactive: true');
    expect(writes(world).slice(before)).toEqual([]);
    const run = await rollback({ to: arnOf.v1, 'allow-inactive': 'true' });
    expect(run.exitCode).toBe(0);
    // ECS updates no service to an INACTIVE revision: its content comes back as a new ACTIVE revision.
    const now = (await serviceNow(world)).taskDefinition!;
    expect(now).toBe(run.outputs['rolled-back-to']);
    expect(now).not.toBe(arnOf.v1);
    const copy = await world.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: now, include: ['TAGS'] }),
    );
    expect(copy.tags).toContainEqual({ key: 'ecs-deploy:restored-from', value: 'backend:1' });
    expect(copy.taskDefinition?.status).toBe('ACTIVE');
    expect(run.stdout).toContain('backend:1 is INACTIVE and ECS updates no service to it');
  }, 60_000);

  it('stops an in-flight deployment with ECS’s own rollback instead of waiting for it', async () => {
    // Back on v4, then someone ships a release that never becomes healthy (from the console: no run marks it).
    expect((await rollback({ to: '4' })).exitCode).toBe(0);
    const serving = (await serviceNow(world)).taskDefinition!;
    const slowArn = await slowRevision();
    await world.ecs.send(
      new UpdateServiceCommand({
        cluster: 'web',
        service: 'backend',
        taskDefinition: slowArn,
      }),
    );
    const before = writes(world).length;
    // The revision serving before the slow one: ECS's own rollback of the in-flight deployment lands there.
    const run = await rollback({ to: rev(serving)!.split(':')[1]! });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['rolled-back-to']).toBe(serving);
    const ops = writes(world).slice(before);
    expect(ops).toContain('StopServiceDeployment');
    expect(ops).not.toContain('UpdateService');
    expect(run.stdout).toContain("with ECS's rollback");
    expect((await serviceNow(world)).taskDefinition).toBe(serving);
  }, 90_000);

  it('several services: every target is resolved first, so one that cannot be resolved changes nothing', async () => {
    const before = writes(world).length;
    const run = await rollback({ services: 'backend, frontend' });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run)[0]?.message).toContain('to (service frontend): no revision of frontend');
    expect(writes(world).slice(before)).toEqual([]);
  });

  it('a health-check-url line for a misspelt service is refused; one for a service not rolled back now is kept aside', async () => {
    const before = writes(world).length;
    const typo = await rollback({
      'dry-run': 'true',
      'health-check-url': 'backnd=http://127.0.0.1:9/api/health',
    });
    expect(typo.exitCode).toBe(1);
    expect(errorAnnotations(typo)[0]?.message).toContain(
      'health-check-url: names service "backnd", which is not in cluster web',
    );
    const other = await rollback({
      'dry-run': 'true',
      'health-check-url': `backend=${world.sim.listeners().production}/api/health\nfrontend=http://127.0.0.1:9/`,
    });
    expect(other.exitCode).toBe(0);
    expect(writes(world).slice(before)).toEqual([]);
  });

  it('several services roll back in order; when one fails, the ones after it are left as they are', async () => {
    // frontend: frontend:1 served well before (verified), then frontend:2 shipped through deploy.
    const f1 = (await serviceNow(world, 'frontend')).taskDefinition!;
    expect(rev(f1)).toBe('frontend:1');
    await markRevision(
      world.ecs,
      f1,
      { cluster: 'web', service: 'frontend' },
      'verified',
      Date.now() - 86_400_000,
    );
    const f2 = await release('repo/frontend:v2', SHA.v2, {}, 'frontend');
    expect(f2.exitCode).toBe(0);
    const backendBefore = (await serviceNow(world)).taskDefinition!;

    const both = await rollback({ services: 'backend, frontend', to: 'previous' });
    expect(both.exitCode).toBe(0);
    expect(both.reports.map((r) => r.service)).toEqual(['backend', 'frontend']);
    expect(both.outputs['rolled-back-from']!.split('\n')).toEqual([
      backendBefore,
      f2.reports[0]!.taskDefinition.arn,
    ]);
    expect(both.outputs['rolled-back-to']!.split('\n')).toEqual([both.reports[0]!.rolledBackTo!.arn, f1]);
    expect((await serviceNow(world, 'frontend')).taskDefinition).toBe(f1);

    // Someone marked the crashing backend:3 verified by hand: backend's rollback fails first, so frontend
    // (back on frontend:2 meanwhile) is not touched.
    expect((await rollback({ services: 'frontend', to: '2' })).exitCode).toBe(0);
    expect((await rollback({ services: 'backend', to: '4' })).exitCode).toBe(0);
    // On AWS's (the simulator's, 60× fast) clock: later than the failed mark deploy put there.
    await markRevision(
      world.ecs,
      arnOf.v3,
      { cluster: 'web', service: 'backend' },
      'verified',
      world.sim.clock.now(),
    );
    const frontendBefore = (await serviceNow(world, 'frontend')).taskDefinition;
    const callsBefore = world.sim.calls({ service: 'ecs' }).length;
    const failed = await rollback({ services: 'backend, frontend', to: 'previous' });
    expect(failed.exitCode).toBe(1);
    expect(failed.reports.map((r) => [r.service, r.status, rev(r.rolledBackTo?.arn)])).toEqual([
      ['backend', 'failed', 'backend:3'],
    ]);
    expect(errorAnnotations(failed)[0]?.message).toContain(
      'not rolled back (an earlier service failed first): frontend',
    );
    expect(failed.summary).toContain('Not rolled back: frontend');
    expect((await serviceNow(world, 'frontend')).taskDefinition).toBe(frontendBefore);
    expect((await serviceNow(world)).taskDefinition).toBe(arnOf.v4);
    const frontendWrites = world.sim
      .calls({ service: 'ecs' })
      .slice(callsBefore)
      .filter((c) => /^(Update|Stop|Tag|Untag|Register)/.test(c.operation))
      .filter((c) => JSON.stringify(c.input ?? {}).includes('frontend'));
    expect(frontendWrites).toEqual([]);
  }, 180_000);

  it('one rollback per service at a time: a second one with on-busy: fail names the first and changes nothing', async () => {
    const slow = await slowRevision();
    let sawMark = false;
    const first = rollback({ to: rev(slow)!, timeout: '20s' });
    // The first run marks the service while it rolls back; wait for the mark, then start the second.
    for (let i = 0; i < 100 && !sawMark; i++) {
      const service = await serviceNow(world);
      const tags = await world.ecs.send(new ListTagsForResourceCommand({ resourceArn: service.serviceArn! }));
      sawMark = (tags.tags ?? []).some((t) => t.key === 'ecs-deploy:lock');
      if (!sawMark) await new Promise((r) => setTimeout(r, 100));
    }
    expect(sawMark).toBe(true);
    const callsBefore = world.sim.calls({ service: 'ecs' }).length;
    const second = await rollback({ to: '4', 'on-busy': 'fail' });
    expect(second.exitCode).toBe(1);
    expect(errorAnnotations(second)[0]?.message).toMatch(
      /^on-busy: service backend is busy: it is being deployed by /,
    );
    const secondWrites = world.sim
      .calls({ service: 'ecs' })
      .slice(callsBefore)
      .filter((c) => /^(Update|Stop|Register)/.test(c.operation));
    // The first run may write meanwhile (its own rollout); none of those writes name backend:4.
    expect(secondWrites.filter((c) => JSON.stringify(c.input).includes('backend:4'))).toEqual([]);
    const done = await first;
    expect(done.exitCode).toBe(1); // the slow target times out, and what served before is put back
    expect(done.reports[0]).toMatchObject({ status: 'failed', cause: { gate: 'timeout' } });
  }, 120_000);

  it('a cancelled rollback stops watching and leaves the service where it stands, saying where', async () => {
    const slow = await slowRevision();
    const run = await rollback(
      { to: rev(slow)! },
      { signalAfter: { pattern: /updated service backend to/, signal: 'SIGINT' } },
    );
    expect(run.exitCode).toBe(1);
    const report = run.reports[0]!;
    expect(report).toMatchObject({ kind: 'rollback', status: 'failed', cause: { gate: 'cancelled' } });
    expect(report.verdicts).toBeUndefined();
    expect(errorAnnotations(run)[0]?.message).toContain('the workflow was cancelled');
    // Left as it stands: the rollback to the slow revision is still the service's deployment.
    expect((await serviceNow(world)).taskDefinition).toBe(slow);
  }, 60_000);

  it('a value of no known form is refused naming the input', async () => {
    const run = await rollback({ to: 'last-good' });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run)[0]?.message).toMatch(
      /^to: "last-good" is not a rollback target\. write previous/,
    );
  });
});
