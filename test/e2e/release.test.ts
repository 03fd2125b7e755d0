/**
 * The release action end to end: the bundle as a process (main step, and its post step after a cancel)
 * against the simulator's web cluster with backend and frontend on revision 1.
 *
 * E2E_DIST_ROOT points at bundles built elsewhere (`npx tsx scripts/package.ts --out DIR`); default dist/.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ReleaseBehaviour } from '../../packages/simulator/index.js';
import { parseDeploymentReport } from '../../packages/deploy-report/index.js';
import type { ReleaseRecord } from '../../packages/release/index.js';
import {
  errorAnnotations,
  runBundledAction,
  type ActionRun,
  type RunOptions,
} from '../helpers/run-action.js';
import {
  ecsWrites,
  releaseFile,
  rev,
  serviceNow,
  startWorld,
  stopWorld,
  type World,
} from './deploy.helpers.js';

const distRoot = process.env.E2E_DIST_ROOT || undefined;

let world: World | undefined;
afterEach(async () => {
  await stopWorld(world);
  world = undefined;
});

const CRASH: ReleaseBehaviour = { match: { image: ':crash' }, crash: { afterSeconds: 5, exitCode: 3 } };

function release(
  w: World,
  inputs: Record<string, string>,
  more: Partial<RunOptions> = {},
): Promise<ActionRun> {
  return runBundledAction('release', {
    inputs,
    env: { ...w.sim.env, GITHUB_WORKSPACE: w.dir },
    timeoutMs: 90_000,
    ...(distRoot ? { distRoot } : {}),
    ...more,
  });
}

/** The services input for backend and frontend, with their health URLs on the production listener. */
async function services(
  w: World,
  images: { backend: string; frontend: string },
  extra = '',
): Promise<string> {
  const production = w.sim.listeners().production;
  const backend = await releaseFile(w, 'backend', { image: images.backend });
  const frontend = await releaseFile(w, 'frontend', { image: images.frontend });
  return [
    `- service: backend`,
    `  task-definition: ${backend}`,
    `  health-check-url: ${production}/api/health`,
    `- service: frontend`,
    `  task-definition: ${frontend}`,
    `  health-check-url: ${production}/`,
    extra,
  ].join('\n');
}

const DEFAULTS = 'cluster: web\npoll-interval: 1s\nhealth-check-successes: 2\ntimeout: 2m\nhistory: 0';

const revisionsNow = async (w: World) => ({
  backend: rev((await serviceNow(w, 'backend')).taskDefinition),
  frontend: rev((await serviceNow(w, 'frontend')).taskDefinition),
});

function record(run: ActionRun): ReleaseRecord {
  return JSON.parse(readFileSync(run.outputs['release-record']!, 'utf8')) as ReleaseRecord;
}

describe('release (bundled action on the simulator)', () => {
  it('ships backend and frontend together: both live, revisions, per-service reports and the release record', async () => {
    const w = (world = await startWorld());
    const run = await release(w, {
      services: await services(w, { backend: 'repo/backend:v2', frontend: 'repo/frontend:v2' }),
      defaults: DEFAULTS,
    });
    expect(errorAnnotations(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('succeeded');
    const revisions = JSON.parse(run.outputs.revisions!) as Record<string, string>;
    expect({ backend: rev(revisions.backend), frontend: rev(revisions.frontend) }).toEqual({
      backend: 'backend:2',
      frontend: 'frontend:2',
    });
    expect(await revisionsNow(w)).toEqual({ backend: 'backend:2', frontend: 'frontend:2' });
    // Both deploys ran at once: each service was updated before the other's deploy ended.
    const updates = w.sim.calls({ service: 'ecs', operation: 'UpdateService' });
    expect(updates).toHaveLength(2);
    expect(run.stdout).toMatch(/\[backend\] .*updated service backend to backend:2/);
    expect(run.stdout).toMatch(/\[frontend\] .*updated service frontend to frontend:2/);

    const paths = run.outputs.report!.split('\n');
    expect(paths).toHaveLength(2);
    const reports = paths.map((p) => parseDeploymentReport(JSON.parse(readFileSync(p, 'utf8')), 'report'));
    expect(reports.map((r) => [r.service, r.status, r.release?.services])).toEqual([
      ['backend', 'succeeded', ['backend', 'frontend']],
      ['frontend', 'succeeded', ['backend', 'frontend']],
    ]);
    expect(run.outputs['reports-dir']).toBeTruthy();
    expect(record(run)).toMatchObject({
      kind: 'release',
      status: 'succeeded',
      services: [
        { service: 'backend', outcome: 'live' },
        { service: 'frontend', outcome: 'live' },
      ],
    });
    expect(run.summary).toMatch(/### ✅ Release: backend, frontend/);
  });

  it('backend good + frontend crashing: both end on revision 1, the step names frontend and the crash', async () => {
    const w = (world = await startWorld([CRASH]));
    const run = await release(w, {
      services: await services(w, { backend: 'repo/backend:v2', frontend: 'repo/frontend:crash' }),
      defaults: DEFAULTS,
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('failed');
    const message = errorAnnotations(run)[0]?.message ?? '';
    expect(message).toMatch(/^release failed: frontend failed first: .*exited with code 3/);
    expect(message).toMatch(/backend: .*(rolled back to backend:1)/);
    expect(await revisionsNow(w)).toEqual({ backend: 'backend:1', frontend: 'frontend:1' });
    const revisions = JSON.parse(run.outputs.revisions!) as Record<string, string>;
    expect({ backend: rev(revisions.backend), frontend: rev(revisions.frontend) }).toEqual({
      backend: 'backend:1',
      frontend: 'frontend:1',
    });
    const rec = record(run);
    expect(rec.failedFirst?.service).toBe('frontend');
    expect(rec.services.map((s) => [s.service, s.outcome])).toEqual([
      ['backend', 'rolled-back'],
      ['frontend', 'failed-first'],
    ]);
    // Each per-service report says so: backend rolled back because frontend failed first.
    const reports = run.outputs
      .report!.split('\n')
      .map((p) => parseDeploymentReport(JSON.parse(readFileSync(p, 'utf8')), 'report'));
    const backend = reports.find((r) => r.service === 'backend')!;
    expect(backend.status).toBe('rolled-back');
    expect(backend.cause?.summary).toMatch(/^frontend failed first/);
    expect(backend.release?.failedFirst).toBe('frontend');
    expect(reports.find((r) => r.service === 'frontend')!.status).toBe('rolled-back');
    expect(run.summary).toMatch(/Release failed: frontend failed first/);
  });

  it('a typo in the second service: one error naming services[1].health-url, and no AWS call at all', async () => {
    const w = (world = await startWorld());
    const production = w.sim.listeners().production;
    const backend = await releaseFile(w, 'backend', { image: 'repo/backend:v2' });
    const frontend = await releaseFile(w, 'frontend', { image: 'repo/frontend:v2' });
    const before = w.sim.calls().length;
    const run = await release(w, {
      services: [
        `- service: backend`,
        `  task-definition: ${backend}`,
        `- service: frontend`,
        `  task-definition: ${frontend}`,
        `  health-url: ${production}/`,
      ].join('\n'),
      defaults: DEFAULTS,
    });
    expect(run.exitCode).toBe(1);
    const errors = errorAnnotations(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.title).toBe('Input services[1].health-url');
    expect(errors[0]!.message).toMatch(
      /^services\[1\]\.health-url: is not a setting of a service \(line 5\); did you mean health-check-url\?/,
    );
    expect(w.sim.calls().length).toBe(before);
    expect(ecsWrites(w)).toEqual([]);
  });

  it('a bad value in the second service names it, and an unknown alarm fails the check before any change', async () => {
    const w = (world = await startWorld());
    const items = await services(w, { backend: 'repo/backend:v2', frontend: 'repo/frontend:v2' });
    const bad = await release(w, { services: `${items}  bake-time: soon`, defaults: DEFAULTS });
    expect(errorAnnotations(bad)[0]?.message).toMatch(/^services\[1\]\.bake-time: "soon" is not a duration/);
    const alarm = await release(w, { services: `${items}  alarms: [no-such-alarm]`, defaults: DEFAULTS });
    expect(alarm.exitCode).toBe(1);
    expect(errorAnnotations(alarm)[0]?.message).toMatch(
      /^services\[1\]\.alarms: no CloudWatch alarm named "no-such-alarm"/,
    );
    expect(ecsWrites(w)).toEqual([]);
    expect(await revisionsNow(w)).toEqual({ backend: 'backend:1', frontend: 'frontend:1' });
  });

  it('cancelled mid-release: the step hands over, the post step puts both services back on revision 1', async () => {
    // A frontend that never gets healthy: the release is still in flight when the cancel comes.
    const w = (world = await startWorld([{ match: { image: ':slow' }, startSeconds: 3600 }]));
    const inputs = {
      services: await services(w, { backend: 'repo/backend:v2', frontend: 'repo/frontend:slow' }),
      defaults: DEFAULTS,
    };
    // SIGINT once backend has shipped and frontend is in flight.
    const main = await release(w, inputs, {
      signalAfter: { pattern: /\[backend\] deployed backend:2/, signal: 'SIGINT' },
    });
    expect(main.exitCode).toBe(1);
    expect(main.exitedAfterSignalMs).toBeLessThan(7_500);
    expect(errorAnnotations(main)[0]?.message).toMatch(/^release cancelled: /);
    expect(main.outputs.status).toBe('failed');
    expect(main.state).toMatchObject({ releaseServices: '2', s0_finished: 'false', s1_finished: 'false' });

    const post = await release(w, inputs, { stage: 'post', state: main.state });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toMatch(/rolled back to backend:1/);
    expect(post.stdout).toMatch(/rolled back to frontend:1/);
    expect(await revisionsNow(w)).toEqual({ backend: 'backend:1', frontend: 'frontend:1' });
  });
});
