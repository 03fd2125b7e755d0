/**
 * GitHubApi over @actions/github's Octokit, with the retry (5xx) and throttling (rate limits, spacing of
 * writes) plugins.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Logger } from '../runtime/index.js';
import type { CommentRecord, CommentTarget, GitHubApi } from './api.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface OctokitSettings {
  /** GITHUB_API_URL, e.g. `https://api.github.com` or a GHES `https://host/api/v3`. */
  baseUrl: string;
  log: Logger;
  /**
   * Rate-limit handling and spacing of writes (≥ 1 s apart, comments ≥ 3 s, process-wide). Default on;
   * tests of comment and deployment logic turn it off to run at loopback speed.
   */
  throttling?: boolean;
}

/** Retry a rate-limited request once when GitHub asks to wait a minute or less; otherwise give up. */
const MAX_RATE_LIMIT_WAIT_S = 60;

export function createOctokit(token: string, settings: OctokitSettings): Octokit {
  const { log } = settings;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
      const retrying = retryCount < 1 && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
      log.warning(
        `GitHub ${kind} rate limit on ${options.method} ${options.url}: ${retrying ? `retrying in ${retryAfter}s` : 'giving up'}`,
      );
      return retrying;
    };
  return getOctokit(
    token,
    {
      baseUrl: settings.baseUrl.replace(/\/+$/, ''),
      log: {
        debug: (m: string) => log.debug(m),
        info: (m: string) => log.debug(m),
        warn: (m: string) => log.warning(m),
        error: (m: string) => log.error(m),
      },
      throttle:
        settings.throttling === false
          ? { enabled: false }
          : { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
    },
    retry,
    throttling,
  );
}

export function octokitGitHubApi(octokit: Octokit, repository: string): GitHubApi {
  const [owner = '', repo = ''] = repository.split('/');
  const rest = octokit.rest;
  const comment = (c: {
    id: number;
    body?: string;
    user: { login: string } | null;
    html_url: string;
  }): CommentRecord => ({
    id: c.id,
    body: c.body ?? '',
    author: c.user?.login ?? '',
    url: c.html_url,
  });
  const onIssue = (t: CommentTarget): t is { kind: 'issue'; number: number } => t.kind === 'issue';
  const shaOf = (t: CommentTarget) => (t.kind === 'commit' ? t.sha : '');

  return {
    async authenticatedLogin() {
      return (await rest.users.getAuthenticated()).data.login;
    },
    async listComments(target) {
      const all = onIssue(target)
        ? await octokit.paginate(rest.issues.listComments, {
            owner,
            repo,
            issue_number: target.number,
            per_page: 100,
          })
        : await octokit.paginate(rest.repos.listCommentsForCommit, {
            owner,
            repo,
            commit_sha: shaOf(target),
            per_page: 100,
          });
      return all.map(comment);
    },
    async createComment(target, body) {
      return comment(
        onIssue(target)
          ? (await rest.issues.createComment({ owner, repo, issue_number: target.number, body })).data
          : (await rest.repos.createCommitComment({ owner, repo, commit_sha: shaOf(target), body })).data,
      );
    },
    async updateComment(target, id, body) {
      return comment(
        onIssue(target)
          ? (await rest.issues.updateComment({ owner, repo, comment_id: id, body })).data
          : (await rest.repos.updateCommitComment({ owner, repo, comment_id: id, body })).data,
      );
    },
    async deleteComment(target, id) {
      if (onIssue(target)) await rest.issues.deleteComment({ owner, repo, comment_id: id });
      else await rest.repos.deleteCommitComment({ owner, repo, comment_id: id });
    },
    async pullsForCommit(sha) {
      const { data } = await rest.repos.listPullRequestsAssociatedWithCommit({
        owner,
        repo,
        commit_sha: sha,
      });
      return data.map((p) => ({ number: p.number, state: p.state, headSha: p.head.sha }));
    },
    async listDeployments(environment, sha) {
      const { data } = await rest.repos.listDeployments({
        owner,
        repo,
        environment,
        ...(sha ? { sha } : {}),
        per_page: 100,
      });
      return data.map((d) => ({
        id: d.id,
        sha: d.sha,
        ref: d.ref,
        environment: d.environment,
        createdAt: d.created_at,
      }));
    },
    async createDeployment(input) {
      const { data } = await rest.repos.createDeployment({
        owner,
        repo,
        ref: input.ref,
        environment: input.environment,
        description: input.description,
        transient_environment: input.transientEnvironment,
        // Deploying what CI already built and checked: no status-check gate and no merge of the base branch.
        required_contexts: [],
        auto_merge: false,
      });
      if (!('id' in data))
        throw new Error(`GitHub did not create the deployment: ${data.message ?? 'no reason given'}`);
      return {
        id: data.id,
        sha: data.sha,
        ref: data.ref,
        environment: data.environment,
        createdAt: data.created_at,
      };
    },
    async listDeploymentStatuses(id) {
      const { data } = await rest.repos.listDeploymentStatuses({
        owner,
        repo,
        deployment_id: id,
        per_page: 100,
      });
      return data.map((s) => ({ id: s.id, state: s.state }));
    },
    async createDeploymentStatus(id, input) {
      const { data } = await rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: id,
        state: input.state,
        description: input.description,
        ...(input.environmentUrl ? { environment_url: input.environmentUrl } : {}),
        ...(input.logUrl ? { log_url: input.logUrl } : {}),
      });
      return { id: data.id, state: data.state };
    },
  };
}
