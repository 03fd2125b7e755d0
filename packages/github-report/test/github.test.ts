/**
 * Sticky comments, comment targets and deployments, through the real Octokit (with its plugins) against the
 * loopback GitHub fake.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { UserError } from '../../inputs/index.js';
import { MemoryLogger, systemClock, type GitHubRunContext } from '../../runtime/index.js';
import { startGitHubFake, type GitHubFake, type GitHubFakeOptions } from '../../simulator/github.js';
import {
  commentAuthor,
  commentMarker,
  createOctokit,
  isForkPullRequest,
  octokitGitHubApi,
  publishReport,
  recordDeployment,
  resolveCommentTarget,
  upsertStickyComment,
  type GitHubApi,
  type GitHubEvent,
  type PublishOptions,
} from '../index.js';
import { fixture } from './fixtures.js';

const SHA = '3f9c2e1b7a4d5c6e8f9a0b1c2d3e4f5a6b7c8d9e';
const OTHER_SHA = '7c1d0e94b2a6f8e0c3d5b7a9f1e3c5a7b9d1f3e5';
const MARKER = commentMarker('production');

const fakes: GitHubFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const started = await startGitHubFake({ pulls: [{ number: 7, headSha: SHA }], ...options });
  fakes.push(started);
  return started;
}

function api(
  gh: GitHubFake,
  token = 'ghs_actions_token',
  log = new MemoryLogger(),
  throttling = false,
): GitHubApi {
  return octokitGitHubApi(createOctokit(token, { baseUrl: gh.url, log, throttling }), gh.repository);
}

const sticky = (author = 'github-actions[bot]', mode: 'update' | 'recreate' = 'update') => ({
  marker: MARKER,
  author,
  mode,
});
const issue7 = { kind: 'issue', number: 7 } as const;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('comment author', () => {
  it('is the user of a user token, and github-actions[bot] for an installation token', async () => {
    const gh = await fake();
    const log = new MemoryLogger();
    expect(await commentAuthor(api(gh, 'ghp_octocat_token'), undefined, log)).toBe('octocat');
    expect(await commentAuthor(api(gh, 'ghs_actions_token'), undefined, log)).toBe('github-actions[bot]');
    expect(await commentAuthor(api(gh, 'ghs_actions_token'), 'deploy-app[bot]', log)).toBe('deploy-app[bot]');
    expect(gh.calls.filter((c) => c.path === '/user').map((c) => c.status)).toEqual([200, 403]);
  });

  it('names github-token when GitHub rejects the token', async () => {
    const gh = await fake();
    const err = await rejection(commentAuthor(api(gh, 'not-a-token'), undefined, new MemoryLogger()));
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).input).toBe('github-token');
  });
});

describe('sticky comment', () => {
  it('creates the comment, then updates the same one', async () => {
    const gh = await fake();
    const github = api(gh);
    const log = new MemoryLogger();
    const first = await upsertStickyComment(github, issue7, `${MARKER}\none`, sticky(), log);
    const second = await upsertStickyComment(github, issue7, `${MARKER}\ntwo`, sticky(), log);
    expect(second.id).toBe(first.id);
    expect(gh.state.issueComments.get(7)!.map((c) => c.body)).toEqual([`${MARKER}\ntwo`]);
    expect(second.url).toBe(`https://github.com/acme/shop/pull/7#issuecomment-${first.id}`);
    expect(gh.calls.map((c) => c.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
  });

  it('never edits a comment by anyone else that carries the marker', async () => {
    const planted = `${MARKER}\nplanted by mallory`;
    const gh = await fake({ comments: [{ issue: 7, user: 'mallory', body: planted }] });
    const log = new MemoryLogger();
    const ours = await upsertStickyComment(api(gh), issue7, `${MARKER}\nours`, sticky(), log);
    const comments = gh.state.issueComments.get(7)!;
    expect(comments.map((c) => [c.user.login, c.body])).toEqual([
      ['mallory', planted],
      ['github-actions[bot]', `${MARKER}\nours`],
    ]);
    expect(ours.id).toBe(comments[1]!.id);
    expect(log.text()).toContain('carries the marker but was written by mallory');
    expect(gh.calls.some((c) => c.method !== 'GET' && c.path.endsWith(`/${comments[0]!.id}`))).toBe(false);
  });

  it('finds its comment on a later page of a long conversation', async () => {
    const chatter = Array.from({ length: 230 }, (_, i) => ({
      issue: 7,
      user: `user${i % 5}`,
      body: `comment ${i}`,
    }));
    chatter.splice(150, 0, { issue: 7, user: 'github-actions[bot]', body: `${MARKER}\nold` });
    const gh = await fake({ comments: chatter });
    const updated = await upsertStickyComment(
      api(gh),
      issue7,
      `${MARKER}\nnew`,
      sticky(),
      new MemoryLogger(),
    );
    expect(gh.state.issueComments.get(7)!.filter((c) => c.body.startsWith(MARKER))).toEqual([
      expect.objectContaining({ id: updated.id, body: `${MARKER}\nnew` }),
    ]);
    const pages = gh.calls.filter((c) => c.method === 'GET').map((c) => c.query.page ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
  });

  it('recreate deletes ours and posts anew at the bottom', async () => {
    const gh = await fake({
      comments: [
        { issue: 7, user: 'github-actions[bot]', body: `${MARKER}\nold` },
        { issue: 7, user: 'octocat', body: 'LGTM' },
      ],
    });
    const oldId = gh.state.issueComments.get(7)![0]!.id;
    const created = await upsertStickyComment(
      api(gh),
      issue7,
      `${MARKER}\nnew`,
      sticky(undefined, 'recreate'),
      new MemoryLogger(),
    );
    expect(gh.state.issueComments.get(7)!.map((c) => c.body)).toEqual(['LGTM', `${MARKER}\nnew`]);
    expect(created.id).not.toBe(oldId);
  });

  it('keeps the oldest of duplicates left by racing runs and deletes the rest', async () => {
    const gh = await fake({
      comments: [
        { issue: 7, user: 'github-actions[bot]', body: `${MARKER}\nrun 1` },
        { issue: 7, user: 'github-actions[bot]', body: `${MARKER}\nrun 2` },
      ],
    });
    const [oldest] = gh.state.issueComments.get(7)!;
    const kept = await upsertStickyComment(api(gh), issue7, `${MARKER}\nrun 3`, sticky(), new MemoryLogger());
    expect(kept.id).toBe(oldest!.id);
    expect(gh.state.issueComments.get(7)!.map((c) => c.body)).toEqual([`${MARKER}\nrun 3`]);
  });

  it('does not write when the comment is already current', async () => {
    const gh = await fake({ comments: [{ issue: 7, user: 'github-actions[bot]', body: `${MARKER}\nsame` }] });
    await upsertStickyComment(api(gh), issue7, `${MARKER}\nsame`, sticky(), new MemoryLogger());
    expect(gh.calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('names pr-number when the pull request does not exist', async () => {
    const gh = await fake();
    const err = await rejection(
      upsertStickyComment(
        api(gh),
        { kind: 'issue', number: 404 },
        `${MARKER}\nx`,
        sticky(),
        new MemoryLogger(),
      ),
    );
    expect((err as UserError).input).toBe('pr-number');
  });

  it('keeps a sticky comment on a commit too', async () => {
    const gh = await fake();
    const target = { kind: 'commit', sha: OTHER_SHA } as const;
    const first = await upsertStickyComment(api(gh), target, `${MARKER}\na`, sticky(), new MemoryLogger());
    const second = await upsertStickyComment(api(gh), target, `${MARKER}\nb`, sticky(), new MemoryLogger());
    expect(second.id).toBe(first.id);
    expect(gh.state.commitComments.get(OTHER_SHA)!.map((c) => c.body)).toEqual([`${MARKER}\nb`]);
    expect(first.url).toBe(`https://github.com/acme/shop/commit/${OTHER_SHA}#commitcomment-${first.id}`);
  });

  it('the fake rejects bodies over 65,536 characters as GitHub does', async () => {
    const gh = await fake();
    const err = await rejection(api(gh).createComment(issue7, 'x'.repeat(65_537)));
    expect((err as { status: number }).status).toBe(422);
    expect((err as Error).message).toContain('body is too long (maximum is 65536 characters)');
  });
});

describe('comment target', () => {
  const target = async (
    event: GitHubEvent,
    opts: { prNumber?: number; commentOnCommit?: boolean; sha?: string },
    gh: GitHubFake,
  ) => resolveCommentTarget(event, { commentOnCommit: false, ...opts }, api(gh), new MemoryLogger());

  it('takes the pull request of pull_request and workflow_run events, and pr-number over both', async () => {
    const gh = await fake();
    expect(await target({ name: 'pull_request', payload: { pull_request: { number: 7 } } }, {}, gh)).toEqual(
      issue7,
    );
    expect(
      await target(
        {
          name: 'workflow_run',
          payload: { workflow_run: { pull_requests: [{ number: 9 }], head_sha: SHA } },
        },
        {},
        gh,
      ),
    ).toEqual({ kind: 'issue', number: 9 });
    expect(
      await target({ name: 'pull_request', payload: { pull_request: { number: 7 } } }, { prNumber: 12 }, gh),
    ).toEqual({
      kind: 'issue',
      number: 12,
    });
    expect(gh.calls).toEqual([]);
  });

  it('finds the open pull request of a commit: pushes to its branch, workflow_run from a fork', async () => {
    const gh = await fake({
      pulls: [
        { number: 7, headSha: SHA },
        { number: 3, headSha: OTHER_SHA, state: 'closed' },
      ],
    });
    expect(await target({ name: 'push', payload: { after: SHA } }, { sha: SHA }, gh)).toEqual(issue7);
    const forkRun = { workflow_run: { pull_requests: [], head_sha: SHA } };
    expect(await target({ name: 'workflow_run', payload: forkRun }, { sha: SHA }, gh)).toEqual(issue7);
  });

  it('comments on the commit of a push without an open pull request only when asked', async () => {
    const gh = await fake({ pulls: [{ number: 3, headSha: OTHER_SHA, state: 'closed' }] });
    const push = { name: 'push', payload: { after: OTHER_SHA } };
    expect(await target(push, { sha: OTHER_SHA }, gh)).toBeUndefined();
    expect(await target(push, { sha: OTHER_SHA, commentOnCommit: true }, gh)).toEqual({
      kind: 'commit',
      sha: OTHER_SHA,
    });
  });

  it('recognises pull requests from forks', () => {
    const repo = (full_name: string) => ({ full_name });
    expect(
      isForkPullRequest({
        name: 'pull_request',
        payload: {
          pull_request: { number: 1, head: { repo: repo('eve/shop') }, base: { repo: repo('acme/shop') } },
        },
      }),
    ).toBe(true);
    expect(
      isForkPullRequest({
        name: 'pull_request',
        payload: {
          pull_request: { number: 1, head: { repo: repo('acme/shop') }, base: { repo: repo('acme/shop') } },
        },
      }),
    ).toBe(false);
    expect(
      isForkPullRequest({
        name: 'workflow_run',
        payload: { workflow_run: { head_repository: repo('eve/shop'), repository: repo('acme/shop') } },
      }),
    ).toBe(true);
  });
});

describe('GitHub deployments', () => {
  const record = (
    github: GitHubApi,
    status: 'in-progress' | 'succeeded' | 'failed',
    ref = SHA,
    environment = 'production',
  ) =>
    recordDeployment(
      github,
      {
        environment,
        ref,
        status,
        description: `backend ${status}`,
        environmentUrl: 'https://shop.example.com',
        logUrl: 'https://github.com/acme/shop/actions/runs/1',
      },
      new MemoryLogger(),
    );

  it('posts in_progress then success on one deployment and marks the previous one inactive', async () => {
    const gh = await fake();
    const github = api(gh);
    const previous = await record(github, 'succeeded', OTHER_SHA);
    const started = await record(github, 'in-progress');
    const finished = await record(github, 'succeeded');
    expect(finished).toBe(started);
    const byId = (id: number) => gh.state.deployments.find((d) => d.id === id)!;
    expect(byId(started).statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(byId(started).statuses[1]).toMatchObject({
      environment_url: 'https://shop.example.com',
      log_url: 'https://github.com/acme/shop/actions/runs/1',
      description: 'backend succeeded',
    });
    // production is not auto-inactivated by GitHub: the action does it.
    expect(byId(previous).statuses.map((s) => s.state)).toEqual(['in_progress', 'success', 'inactive']);
    const create = gh.calls.find((c) => c.method === 'POST' && c.path.endsWith('/deployments'))!;
    expect(create.body).toMatchObject({
      ref: OTHER_SHA,
      environment: 'production',
      required_contexts: [],
      auto_merge: false,
      transient_environment: false,
    });
  });

  it('creates a deployment for a final report without an earlier one, and keeps the previous on failure', async () => {
    const gh = await fake();
    const github = api(gh);
    const previous = await record(github, 'succeeded', OTHER_SHA);
    const failed = await record(github, 'failed');
    expect(failed).not.toBe(previous);
    const states = (id: number) =>
      gh.state.deployments.find((d) => d.id === id)!.statuses.map((s) => s.state);
    expect(states(failed)).toEqual(['in_progress', 'failure']);
    expect(states(previous)).toEqual(['in_progress', 'success']);
  });

  it('marks preview environments transient, and does not repeat what auto_inactive did', async () => {
    const gh = await fake();
    const github = api(gh);
    const preview = await record(github, 'succeeded', SHA, 'preview-7');
    expect(gh.state.deployments.find((d) => d.id === preview)!.transient_environment).toBe(true);
    const first = await record(github, 'succeeded', OTHER_SHA, 'staging');
    await record(github, 'succeeded', SHA, 'staging');
    // GitHub's auto_inactive marked `first` inactive; the action saw that and posted nothing more.
    expect(gh.state.deployments.find((d) => d.id === first)!.statuses.map((s) => s.state)).toEqual([
      'in_progress',
      'success',
      'inactive',
    ]);
  });
});

describe('publishReport', () => {
  const run: GitHubRunContext = {
    repository: 'acme/shop',
    runId: '42',
    serverUrl: 'https://github.com',
    sha: SHA,
    eventName: 'pull_request',
  };
  const options = (over: Partial<PublishOptions> = {}): PublishOptions => ({
    environment: 'production',
    reports: [fixture('succeeded')],
    links: { marginMs: 300_000 },
    comment: { enabled: true, mode: 'update', onCommit: false },
    jobSummary: true,
    deployment: { enabled: true },
    event: { name: 'pull_request', payload: { pull_request: { number: 7, head: { sha: SHA } } } },
    run,
    markdownPath: join(mkdtempSync(join(tmpdir(), 'report-')), 'comment.md'),
    secrets: ['ghs_actions_token'],
    ...over,
  });

  it('writes the markdown file and the summary, comments, and records the deployment', async () => {
    const gh = await fake();
    const summaries: string[] = [];
    const opts = options();
    const result = await publishReport(opts, {
      api: api(gh),
      log: new MemoryLogger(),
      clock: systemClock,
      writeSummary: async (m) => void summaries.push(m),
    });
    const comment = gh.state.issueComments.get(7)![0]!;
    expect(result).toMatchObject({
      commentId: comment.id,
      commentUrl: comment.html_url,
      status: 'succeeded',
    });
    expect(readFileSync(opts.markdownPath, 'utf8')).toBe(comment.body);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toContain('## ✅ production: backend deployed');
    const deployment = gh.state.deployments.find((d) => d.id === result.deploymentId)!;
    expect(deployment.statuses.map((s) => [s.state, s.log_url])).toEqual([
      ['in_progress', 'https://github.com/acme/shop/actions/runs/42'],
      ['success', 'https://github.com/acme/shop/actions/runs/42'],
    ]);
  });

  it('skips comment and deployment with one notice when the token is read-only (fork)', async () => {
    const gh = await fake();
    const log = new MemoryLogger();
    const event: GitHubEvent = {
      name: 'pull_request',
      payload: {
        pull_request: {
          number: 7,
          head: { sha: SHA, repo: { full_name: 'eve/shop' } },
          base: { repo: { full_name: 'acme/shop' } },
        },
      },
    };
    const result = await publishReport(options({ event }), {
      api: api(gh, 'ghs_fork_token'),
      log,
      clock: systemClock,
      writeSummary: async () => {},
    });
    expect(result.commentId).toBeUndefined();
    expect(result.deploymentId).toBeUndefined();
    const warnings = log.lines.filter((l) => l.level === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(
      /pull requests from forks.*workflow_run.*pull_requests\[0\]\.number/s,
    );
    expect(gh.calls.filter((c) => c.method === 'POST').map((c) => c.status)).toEqual([403]);
  });
});

describe('Octokit plugins against the fake', () => {
  it('retries a 502 and posts once', async () => {
    const gh = await fake({ failures: [{ method: 'POST', path: /\/issues\/7\/comments$/, status: 502 }] });
    await api(gh).createComment(issue7, 'hello');
    expect(gh.calls.filter((c) => c.method === 'POST').map((c) => c.status)).toEqual([502, 201]);
    expect(gh.state.issueComments.get(7)).toHaveLength(1);
  });

  it('waits for the rate-limit reset and retries, with a warning', async () => {
    const gh = await fake({ rateLimit: 2, rateLimitWindowSeconds: 1 });
    const log = new MemoryLogger();
    const github = api(gh, 'ghs_actions_token', log, true);
    for (let i = 0; i < 3; i++) await github.listComments(issue7);
    expect(gh.calls.map((c) => c.status)).toEqual([200, 200, 403, 200]);
    expect(log.text()).toMatch(/GitHub primary rate limit on GET .*retrying in \d+s/);
  });
});
