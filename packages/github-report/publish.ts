/**
 * The report engine: render the reports once, then publish them where asked: the markdown file, the job
 * summary, the sticky comment, a GitHub deployment. A token that may not write (a fork's pull request)
 * skips the GitHub writes with one notice instead of failing the job.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeploymentReport, DeploymentStatus } from '../deploy-report/index.js';
import type { LinkSettings } from '../links/index.js';
import { runUrl, type Clock, type GitHubRunContext, type Logger } from '../runtime/index.js';
import { isNotAccessible, type GitHubApi } from './api.js';
import { commentAuthor, upsertStickyComment, type CommentMode } from './comments.js';
import { recordDeployment } from './deployments.js';
import {
  commentMarker,
  overallStatus,
  renderComment,
  renderSummary,
  statusDescription,
  type RenderOptions,
} from './markdown.js';
import { eventSha, isForkPullRequest, resolveCommentTarget, type GitHubEvent } from './target.js';

export interface PublishOptions {
  environment: string;
  reports: DeploymentReport[];
  /** Overrides the reports' status (e.g. `in-progress` before the deploy starts). */
  status?: DeploymentStatus;
  links: LinkSettings;
  comment: {
    enabled: boolean;
    mode: CommentMode;
    /** Login whose comments count as ours; default: the token's identity. */
    author?: string;
    onCommit: boolean;
    prNumber?: number;
  };
  jobSummary: boolean;
  deployment: { enabled: boolean; environmentUrl?: string };
  event: GitHubEvent;
  run: GitHubRunContext;
  /** Where the rendered comment markdown is written (the `markdown` output). */
  markdownPath: string;
  /** Values never to print (the token). */
  secrets: string[];
}

export interface PublishDeps {
  api: GitHubApi;
  log: Logger;
  clock: Clock;
  /** Append to the job summary (a no-op outside the runner). */
  writeSummary(markdown: string): Promise<void>;
}

export interface PublishResult {
  commentId?: number;
  commentUrl?: string;
  deploymentId?: number;
  markdownPath: string;
  status: DeploymentStatus;
}

const forkNotice = (what: string, fork: boolean) =>
  `Skipped the ${what}: GitHub answered 403 "Resource not accessible" to this token${
    fork ? ', as it does for pull requests from forks, whose GITHUB_TOKEN is read-only' : ''
  }. To report on fork pull requests, run this action in a separate workflow triggered by \`workflow_run\` ` +
  "(it has write access and must not check out the fork's code), with pr-number from " +
  '`github.event.workflow_run.pull_requests[0].number` (empty for forks: carry the number in an artifact).';

export async function publishReport(options: PublishOptions, deps: PublishDeps): Promise<PublishResult> {
  const { api, log } = deps;
  const status = overallStatus(options.reports, options.status);
  const sha = options.reports.find((r) => r.git?.sha)?.git?.sha ?? eventSha(options.event) ?? options.run.sha;
  const logUrl = runUrl(options.run);
  const render: RenderOptions = {
    environment: options.environment,
    links: { ...options.links, environment: options.environment },
    nowMs: deps.clock.now(),
    status: options.status,
    run: { url: logUrl, sha, repository: options.run.repository, serverUrl: options.run.serverUrl },
    environmentUrl: options.deployment.environmentUrl,
    secrets: options.secrets,
  };
  const body = renderComment(options.reports, render);
  mkdirSync(dirname(options.markdownPath), { recursive: true });
  writeFileSync(options.markdownPath, body);
  const result: PublishResult = { markdownPath: options.markdownPath, status };
  if (options.jobSummary) await deps.writeSummary(renderSummary(options.reports, render));

  const fork = isForkPullRequest(options.event);
  let refused = false;
  /** Run a GitHub write; a read-only token skips it (one notice for all of them). */
  const write = async <T>(what: string, step: () => Promise<T>): Promise<T | undefined> => {
    if (refused) return undefined;
    try {
      return await step();
    } catch (err) {
      if (!isNotAccessible(err)) throw err;
      refused = true;
      log.warning(forkNotice(what, fork));
      return undefined;
    }
  };

  if (options.comment.enabled) {
    const target = await resolveCommentTarget(
      options.event,
      { prNumber: options.comment.prNumber, commentOnCommit: options.comment.onCommit, sha },
      api,
      log,
    );
    if (target) {
      const comment = await write('comment', async () =>
        upsertStickyComment(
          api,
          target,
          body,
          {
            marker: commentMarker(options.environment),
            author: await commentAuthor(api, options.comment.author, log),
            mode: options.comment.mode,
          },
          log,
        ),
      );
      result.commentId = comment?.id;
      result.commentUrl = comment?.url;
    }
  }

  if (options.deployment.enabled) {
    if (!sha) {
      log.warning(
        'Skipped the GitHub deployment: no commit sha is known (no report names one and GITHUB_SHA is unset).',
      );
    } else {
      result.deploymentId = await write('GitHub deployment', () =>
        recordDeployment(
          api,
          {
            environment: options.environment,
            ref: sha,
            status,
            description: statusDescription(options.reports, options.status),
            environmentUrl: options.deployment.environmentUrl,
            logUrl,
          },
          log,
        ),
      );
    }
  }
  return result;
}
