/**
 * Deploy marks: the bundled report action as a process, posting annotations to the loopback Grafana fake
 * (and its comment to the GitHub fake): the right tags and span per release, no duplicates when the step runs
 * again, a bad token as a clear warning that fails nothing, and the token never printed anywhere.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startGitHubFake, type GitHubFake } from '../../packages/simulator/github.js';
import {
  GRAFANA_EDITOR_TOKEN,
  startGrafanaFake,
  type GrafanaFake,
} from '../../packages/simulator/grafana.js';
import { errorAnnotations, repoRoot, runBundledAction, type ActionRun } from '../helpers/run-action.js';

const SHA = '3f9c2e1b7a4d5c6e8f9a0b1c2d3e4f5a6b7c8d9e';
const RUN_URL = 'https://github.com/acme/shop/actions/runs/777';

let gh: GitHubFake | undefined;
let grafana: GrafanaFake | undefined;
afterEach(async () => {
  await gh?.close();
  await grafana?.close();
  gh = grafana = undefined;
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'report-grafana-'));
  for (const name of ['succeeded', 'rolled-back', 'run-task-succeeded'])
    copyFileSync(join(repoRoot, 'test', 'fixtures', 'reports', `${name}.json`), join(dir, `${name}.json`));
  writeFileSync(
    join(dir, 'event.json'),
    JSON.stringify({ number: 7, pull_request: { number: 7, head: { sha: SHA } } }),
  );
  return dir;
}

async function report(cwd: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runBundledAction('report', {
    cwd,
    inputs: {
      'github-token': 'ghs_actions_token',
      environment: 'production',
      reports: 'succeeded.json\nrolled-back.json\nrun-task-succeeded.json',
      ...inputs,
    },
    env: {
      GITHUB_API_URL: gh!.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: gh!.repository,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(cwd, 'event.json'),
      GITHUB_SHA: SHA,
      GITHUB_RUN_ID: '777',
    },
  });
}

/**
 * Everything the step leaves behind that people or later steps can read. `::add-mask::` lines are how a step
 * registers a secret with the runner (which swallows them and masks the value): they must come first.
 */
function everythingPrinted(run: ActionRun, token: string): string {
  const lines = run.stdout.split('\n');
  const firstUse = lines.findIndex((l) => l.includes(token) && !l.startsWith('::add-mask::'));
  const masked = lines.indexOf(`::add-mask::${token}`);
  if (firstUse >= 0) expect(masked).toBeLessThan(firstUse);
  const stdout = lines.filter((l) => !l.startsWith('::add-mask::')).join('\n');
  const markdown = run.outputs.markdown ? readFileSync(run.outputs.markdown, 'utf8') : '';
  const comments = [...gh!.state.issueComments.values()].flat().map((c) => c.body);
  return [stdout, run.stderr, run.summary, JSON.stringify(run.outputs), markdown, ...comments].join('\n');
}

async function fakes() {
  gh = await startGitHubFake({ pulls: [{ number: 7, headSha: SHA }] });
  grafana = await startGrafanaFake();
}

describe('report action: Grafana deploy marks (bundle)', () => {
  it('annotates each release over its window with its tags, once however often the step runs', async () => {
    await fakes();
    const cwd = workspace();
    const inputs = {
      'grafana-url': grafana!.url,
      'grafana-token': GRAFANA_EDITOR_TOKEN,
      'grafana-dashboard-uid': 'ecs-service',
    };
    const first = await report(cwd, inputs);
    expect([first.exitCode, errorAnnotations(first), first.stderr]).toEqual([0, [], '']);
    expect(first.stdout).not.toContain('::warning');
    const marks = grafana!.annotations.map((a) => ({
      time: new Date(a.time).toISOString(),
      timeEnd: new Date(a.timeEnd).toISOString(),
      dashboardUID: a.dashboardUID,
      tags: a.tags.filter((t) => !t.startsWith('release:')),
    }));
    // The one-off task is not a release: two marks, for backend and the rolled-back frontend.
    expect(marks).toEqual([
      {
        time: '2025-01-15T10:00:00.000Z',
        timeEnd: '2025-01-15T10:03:12.000Z',
        dashboardUID: 'ecs-service',
        tags: [
          'ecs-deploy',
          'environment:production',
          'service:backend',
          'revision:shop-backend:42',
          'status:succeeded',
        ],
      },
      {
        time: '2025-01-15T10:03:30.000Z',
        timeEnd: '2025-01-15T10:10:10.000Z',
        dashboardUID: 'ecs-service',
        tags: [
          'ecs-deploy',
          'environment:production',
          'service:frontend',
          'revision:shop-frontend:18',
          'status:rolled-back',
          'rollback',
        ],
      },
    ]);
    for (const a of grafana!.annotations) {
      expect(a.text).toContain(`<a href="${RUN_URL}">`);
      expect(a.tags.filter((t) => t.startsWith('release:'))).toHaveLength(1);
    }
    expect(first.stdout).toMatch(/added Grafana annotation 1 for backend \(shop-backend:42\) in production/);

    const second = await report(cwd, inputs);
    expect(second.exitCode).toBe(0);
    expect(grafana!.annotations).toHaveLength(2);
    expect(grafana!.calls.filter((c) => c.method === 'POST')).toHaveLength(2);
    expect(second.stdout).toContain(
      'Grafana annotation 1 for backend (shop-backend:42) in production is up to date',
    );

    for (const run of [first, second]) {
      expect(run.stdout).toContain(`::add-mask::${GRAFANA_EDITOR_TOKEN}`);
      expect(everythingPrinted(run, GRAFANA_EDITOR_TOKEN)).not.toContain(GRAFANA_EDITOR_TOKEN);
    }
    expect(grafana!.calls.every((c) => c.login === 'sa-1-ecs-deploy')).toBe(true);
  });

  it('a bad token is one clear warning and a summary line; the comment is still posted and the step passes', async () => {
    await fakes();
    const badToken = 'glsa_revokedServiceAccountToken_9f8e7d6c';
    const run = await report(workspace(), { 'grafana-url': grafana!.url, 'grafana-token': badToken });
    expect([run.exitCode, errorAnnotations(run)]).toEqual([0, []]);
    const warnings = run.stdout.split('\n').filter((l) => l.startsWith('::warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Grafana answered 401 to GET /api/annotations: Invalid API key');
    expect(warnings[0]).toContain('check grafana-token');
    expect(run.summary).toContain('Grafana annotations: 2 of 2 not written');
    expect(gh!.state.issueComments.get(7)).toHaveLength(1);
    expect(grafana!.annotations).toEqual([]);
    expect(everythingPrinted(run, badToken)).not.toContain('revokedServiceAccount');
  });

  it('without a token only links: Grafana hears nothing', async () => {
    await fakes();
    const run = await report(workspace(), {
      'grafana-url': grafana!.url,
      'grafana-dashboard-uid': 'ecs-service',
    });
    expect(run.exitCode).toBe(0);
    expect(grafana!.calls).toEqual([]);
    expect(gh!.state.issueComments.get(7)![0]!.body).toContain(`${grafana!.url}/d/ecs-service?orgId=1`);
  });

  it('a token without grafana-url fails naming the input, without printing the token', async () => {
    await fakes();
    const run = await report(workspace(), { 'grafana-token': GRAFANA_EDITOR_TOKEN });
    expect(run.exitCode).toBe(1);
    expect(
      errorAnnotations(run)
        .map((e) => e.message)
        .join('\n'),
    ).toMatch(/grafana-token.*needs grafana-url/);
    expect(everythingPrinted(run, GRAFANA_EDITOR_TOKEN)).not.toContain(GRAFANA_EDITOR_TOKEN);
    expect(gh!.calls).toEqual([]);
  });
});
