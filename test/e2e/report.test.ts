/**
 * The bundled report action (dist/report) run as a process against the loopback GitHub fake: sticky
 * comments, GitHub deployments, fork tokens, commit comments, size limits and secrets.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startGitHubFake, type GitHubFake, type GitHubFakeOptions } from '../../packages/simulator/github.js';
import { errorAnnotations, repoRoot, runBundledAction, type ActionRun } from '../helpers/run-action.js';

const SHA = '3f9c2e1b7a4d5c6e8f9a0b1c2d3e4f5a6b7c8d9e';
const MAIN_SHA = '9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e';
const fixtures = join(repoRoot, 'test', 'fixtures', 'reports');
const marker = (environment: string) => `<!-- ecs-deploy-actions:report environment=${environment} -->`;

const fakes: GitHubFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function github(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const gh = await startGitHubFake({ pulls: [{ number: 7, headSha: SHA }], ...options });
  fakes.push(gh);
  return gh;
}

/** A workspace holding the report fixtures (and any extra files). */
function workspace(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'report-ws-'));
  for (const name of ['succeeded', 'rolled-back', 'failed', 'run-task-succeeded', 'run-task-failed'])
    copyFileSync(join(fixtures, `${name}.json`), join(dir, `${name}.json`));
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  return dir;
}

interface RunSpec {
  inputs: Record<string, string>;
  /** Node binary (default: this one). */
  node?: string;
  event?: { name: string; payload: Record<string, unknown> };
  token?: string;
  sha?: string;
  cwd?: string;
}

const pullRequestEvent = {
  name: 'pull_request',
  payload: { number: 7, pull_request: { number: 7, head: { sha: SHA } } },
};

async function report(gh: GitHubFake, spec: RunSpec): Promise<ActionRun> {
  const cwd = spec.cwd ?? workspace();
  const event = spec.event ?? pullRequestEvent;
  const eventPath = join(cwd, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event.payload));
  return runBundledAction('report', {
    cwd,
    node: spec.node,
    inputs: { 'github-token': spec.token ?? 'ghs_actions_token', ...spec.inputs },
    env: {
      GITHUB_API_URL: gh.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: gh.repository,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_SHA: spec.sha ?? SHA,
      GITHUB_RUN_ID: '777',
    },
  });
}

const ok = (run: ActionRun) => {
  expect([run.exitCode, errorAnnotations(run), run.stderr]).toEqual([0, [], '']);
  return run;
};

describe('report action (bundle) with the GitHub fake', () => {
  it('posts "in progress", then updates the same comment and deployment; a planted marker is left alone', async () => {
    const planted = `${marker('production')}\nplanted by mallory: approve this`;
    const gh = await github({ comments: [{ issue: 7, user: 'mallory', body: planted }] });
    const cwd = workspace();
    const common = {
      environment: 'production',
      'github-deployment': 'true',
      'environment-url': 'https://shop.example.com',
    };
    const first = ok(await report(gh, { cwd, inputs: { ...common, status: 'in-progress' } }));
    const second = ok(await report(gh, { cwd, inputs: { ...common, reports: 'succeeded.json' } }));

    const comments = gh.state.issueComments.get(7)!;
    expect(comments).toHaveLength(2);
    expect(comments[0]!.body).toBe(planted);
    const ours = comments[1]!;
    expect(ours.user.login).toBe('github-actions[bot]');
    expect(first.outputs['comment-id']).toBe(String(ours.id));
    expect(second.outputs['comment-id']).toBe(String(ours.id));
    expect(second.outputs['comment-url']).toBe(`https://github.com/acme/shop/pull/7#issuecomment-${ours.id}`);
    expect(
      ours.body.startsWith(
        `${marker('production')}\n\n## ✅ [production](https://shop.example.com): backend deployed`,
      ),
    ).toBe(true);
    expect(
      gh.calls.filter((c) => c.path === `/repos/acme/shop/issues/comments/${ours.id}`).map((c) => c.method),
    ).toEqual(['PATCH']);
    expect(second.stdout).toContain(`Leaving comment ${comments[0]!.id} on #7 alone`);

    expect(readFileSync(second.outputs.markdown!, 'utf8')).toBe(ours.body);
    expect(second.summary).toContain('## ✅ [production](https://shop.example.com): backend deployed');
    expect(second.summary).not.toContain('<!--');

    expect(gh.state.deployments).toHaveLength(1);
    const [deployment] = gh.state.deployments;
    expect(first.outputs['deployment-id']).toBe(String(deployment!.id));
    expect(second.outputs['deployment-id']).toBe(String(deployment!.id));
    expect(deployment!.statuses.map((s) => [s.state, s.description, s.environment_url, s.log_url])).toEqual([
      [
        'in_progress',
        'deploying',
        'https://shop.example.com',
        'https://github.com/acme/shop/actions/runs/777',
      ],
      [
        'success',
        'backend deployed in 3m 12s',
        'https://shop.example.com',
        'https://github.com/acme/shop/actions/runs/777',
      ],
    ]);
    expect(deployment).toMatchObject({
      ref: SHA,
      environment: 'production',
      required_contexts: [],
      auto_merge: false,
    });
  }, 60_000);

  it('keeps one comment per environment, from pull_request and workflow_run events', async () => {
    const gh = await github();
    const workflowRun = {
      name: 'workflow_run',
      payload: { workflow_run: { head_sha: SHA, pull_requests: [{ number: 7 }] } },
    };
    const [production, preview] = await Promise.all([
      report(gh, { inputs: { environment: 'production', reports: 'succeeded.json' } }),
      report(gh, {
        event: workflowRun,
        sha: MAIN_SHA,
        inputs: { environment: 'preview-7', reports: 'succeeded.json\nrolled-back.json' },
      }),
    ]);
    ok(production);
    ok(preview);
    const bodies = gh.state.issueComments.get(7)!.map((c) => c.body);
    expect(bodies).toHaveLength(2);
    const previewBody = bodies.find((b) => b.startsWith(marker('preview-7')))!;
    expect(bodies.find((b) => b.startsWith(marker('production')))).toBeDefined();
    expect(previewBody).toContain(
      '## ⏪ preview-7: frontend rolled back to shop-frontend:17 by the deploy step, backend deployed',
    );
    expect(previewBody.indexOf('### ⏪ frontend')).toBeLessThan(previewBody.indexOf('### ✅ backend'));
  }, 60_000);

  it('reports a one-off task with the deploy after it: the task, its log, no second service', async () => {
    const gh = await github();
    ok(
      await report(gh, {
        inputs: { environment: 'production', reports: 'run-task-succeeded.json\nsucceeded.json' },
      }),
    );
    const body = gh.state.issueComments.get(7)![0]!.body;
    expect(body).toContain('## ✅ production: backend deployed · 1 one-off task');
    expect(body).toContain('### ✅ migrations (shop-backend:42) succeeded in 42s');
    expect(body).toContain('/tasks/0a1b2c3d4e5f46a7b8c9d0e1f2a3b4c5/configuration?region=eu-west-1');
    const failed = await github();
    ok(await report(failed, { inputs: { environment: 'production', reports: 'run-task-failed.json' } }));
    const failedBody = failed.state.issueComments.get(7)![0]!.body;
    expect(failedBody).toContain('## ❌ production: migrations (shop-backend:43) exited with code 3');
    expect(failedBody).toContain('django.db.utils.IntegrityError');
    expect(failedBody).not.toContain('Strategy');
  }, 60_000);

  it('fits a 200 KB failure log under the comment limit, with a note', async () => {
    const gh = await github();
    const failed = JSON.parse(readFileSync(join(fixtures, 'failed.json'), 'utf8'));
    failed.cause.logLines = Array.from({ length: 2500 }, (_, i) =>
      `${i} ERROR worker crashed `.padEnd(90, '.'),
    );
    failed.timeline = Array.from({ length: 2000 }, (_, i) => ({
      at: new Date(Date.parse(failed.startedAt) + i * 400).toISOString(),
      kind: 'task',
      message: `task ${i.toString(16).padStart(8, '0')} PROVISIONING → PENDING → RUNNING → STOPPED (exit code 3)`,
    }));
    const cwd = workspace({ 'huge.json': JSON.stringify(failed) });
    expect(readFileSync(join(cwd, 'huge.json')).length).toBeGreaterThan(200_000);
    const run = ok(await report(gh, { cwd, inputs: { environment: 'production', reports: 'huge.json' } }));
    const body = gh.state.issueComments.get(7)![0]!.body;
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(65_536);
    expect(body).toContain('**Cause:** container app exited with code 3');
    expect(body).toContain('Last 40 of 2500 log lines');
    expect(body).toContain('2499 ERROR worker crashed');
    expect(body).toMatch(/_Shortened to fit GitHub's size limit: timeline/);
    // The job summary has room for the whole timeline.
    expect(run.summary).toContain('2000 events');
  }, 60_000);

  it('skips with a notice, not a failure, when a fork pull request gets a read-only token', async () => {
    const gh = await github();
    const event = {
      name: 'pull_request',
      payload: {
        number: 7,
        pull_request: {
          number: 7,
          head: { sha: SHA, repo: { full_name: 'eve/shop', fork: true } },
          base: { repo: { full_name: 'acme/shop' } },
        },
      },
    };
    const run = ok(
      await report(gh, {
        event,
        token: 'ghs_fork_token',
        inputs: { environment: 'preview-7', reports: 'succeeded.json', 'github-deployment': 'true' },
      }),
    );
    expect(gh.calls.filter((c) => c.method === 'POST').map((c) => c.status)).toEqual([403]);
    expect(gh.state.issueComments.get(7)).toBeUndefined();
    const warnings = run.stdout.split('\n').filter((l) => l.startsWith('::warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/forks.*workflow_run.*pull_requests\[0\]\.number/);
    expect(run.outputs['comment-id']).toBe('');
    expect(run.summary).toContain('## ✅ preview-7: backend deployed');
  }, 60_000);

  it('comments on the commit of a push without a pull request, and updates that comment', async () => {
    const gh = await github();
    const push = { name: 'push', payload: { ref: 'refs/heads/main', after: MAIN_SHA } };
    const failed = JSON.parse(readFileSync(join(fixtures, 'failed.json'), 'utf8'));
    delete failed.git;
    const cwd = workspace({ 'main.json': JSON.stringify(failed) });
    const inputs = { environment: 'production', reports: 'main.json', 'comment-on-commit': 'true' };
    const first = ok(await report(gh, { cwd, event: push, sha: MAIN_SHA, inputs }));
    const second = ok(await report(gh, { cwd, event: push, sha: MAIN_SHA, inputs }));
    const comments = gh.state.commitComments.get(MAIN_SHA)!;
    expect(comments).toHaveLength(1);
    expect(first.outputs['comment-id']).toBe(String(comments[0]!.id));
    expect(second.outputs['comment-id']).toBe(String(comments[0]!.id));
    expect(comments[0]!.body).toContain('## ❌ production: backend deploy failed');
    expect(gh.calls.some((c) => c.path === `/repos/acme/shop/commits/${MAIN_SHA}/pulls`)).toBe(true);
    expect(gh.state.issueComments.size).toBe(0);
  }, 60_000);

  it('never prints the token: not in logs, outputs, the summary or the comment', async () => {
    const token = 'ghp_octocat_token';
    const gh = await github();
    const failed = JSON.parse(readFileSync(join(fixtures, 'failed.json'), 'utf8'));
    failed.cause.logLines.push(`git clone https://x-access-token:${token}@github.com/acme/shop failed`);
    const cwd = workspace({ 'leaky.json': JSON.stringify(failed) });
    const run = ok(
      await report(gh, { cwd, token, inputs: { environment: 'production', reports: 'leaky.json' } }),
    );
    const body = gh.state.issueComments.get(7)![0]!.body;
    expect(gh.state.issueComments.get(7)![0]!.user.login).toBe('octocat');
    expect(body).toContain('https://x-access-token:***@github.com/acme/shop failed');
    const printed = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    for (const text of [printed, run.stderr, run.summary, JSON.stringify(run.outputs), body]) {
      expect(text).not.toContain(token);
    }
  }, 60_000);

  it('rejects bad input before any GitHub call, naming the input', async () => {
    const gh = await github();
    const run = await report(gh, {
      inputs: { environment: 'production', reports: 'succeeded.json', 'grafana-dashboard-uid': 'ecs' },
    });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run)).toEqual([
      { title: 'Input grafana-dashboard-uid', message: expect.stringContaining('needs grafana-url') },
    ]);
    const missing = await report(gh, { inputs: { environment: 'production' } });
    expect(missing.exitCode).toBe(1);
    expect(errorAnnotations(missing)[0]).toMatchObject({ title: 'Input reports' });
    expect(gh.calls).toEqual([]);
  }, 60_000);

  describe("under Node 24, the runner's version", () => {
    let node24: string;
    beforeAll(() => {
      node24 = execFileSync('npx', ['-y', '-p', 'node@24', 'which', 'node'], { encoding: 'utf8' }).trim();
    }, 120_000);

    it('comments and records the deployment', async () => {
      expect(execFileSync(node24, ['-v'], { encoding: 'utf8' })).toMatch(/^v24\./);
      const gh = await github();
      const run = ok(
        await report(gh, {
          node: node24,
          inputs: { environment: 'production', reports: 'rolled-back.json', 'github-deployment': 'true' },
        }),
      );
      expect(gh.state.issueComments.get(7)![0]!.body).toContain('## ⏪ production: frontend rolled back');
      expect(gh.state.deployments[0]!.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
      expect(run.outputs['deployment-id']).toBe(String(gh.state.deployments[0]!.id));
    }, 60_000);
  });
});
