/**
 * Which pull request (or commit) a report comments on, from the event that started the workflow.
 */
import type { Logger } from '../runtime/index.js';
import { httpStatusOf, type CommentTarget, type GitHubApi } from './api.js';

/** The event that started the workflow: its name and the JSON payload from GITHUB_EVENT_PATH. */
export interface GitHubEvent {
  name?: string;
  payload: Record<string, unknown>;
}

export interface TargetOptions {
  /** An explicit pull request number (the `pr-number` input) wins over the event. */
  prNumber?: number;
  /** Comment on the commit when no open pull request has it as its head. */
  commentOnCommit: boolean;
  /** The deployed commit (from the report), else the event's, else GITHUB_SHA. */
  sha?: string;
}

type Json = Record<string, unknown> | undefined;
const obj = (v: unknown): Json =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The pull request number the event names directly, if any. */
export function eventPullRequestNumber(event: GitHubEvent): number | undefined {
  const p = event.payload;
  switch (event.name) {
    case 'pull_request':
    case 'pull_request_target':
    case 'pull_request_review':
    case 'pull_request_review_comment':
      return num(obj(p.pull_request)?.number);
    case 'issue_comment':
      return obj(obj(p.issue)?.pull_request) ? num(obj(p.issue)?.number) : undefined;
    case 'workflow_run': {
      const prs = obj(p.workflow_run)?.pull_requests;
      return Array.isArray(prs) ? num(obj(prs[0])?.number) : undefined;
    }
    default:
      return undefined;
  }
}

/** The commit the event is about: the pull request head, the workflow_run head, the pushed commit. */
export function eventSha(event: GitHubEvent): string | undefined {
  const p = event.payload;
  return (
    str(obj(obj(p.pull_request)?.head)?.sha) ??
    str(obj(p.workflow_run)?.head_sha) ??
    (event.name === 'push' ? str(p.after) : undefined)
  );
}

/** True when the event comes from a fork's pull request, whose GITHUB_TOKEN is read-only. */
export function isForkPullRequest(event: GitHubEvent): boolean {
  const p = event.payload;
  const pr = obj(p.pull_request);
  const run = obj(p.workflow_run);
  const [head, base] = pr
    ? [obj(obj(pr.head)?.repo)?.full_name, obj(obj(pr.base)?.repo)?.full_name]
    : [obj(run?.head_repository)?.full_name, obj(run?.repository)?.full_name];
  return typeof head === 'string' && typeof base === 'string' && head !== base;
}

export async function resolveCommentTarget(
  event: GitHubEvent,
  options: TargetOptions,
  api: GitHubApi,
  log: Logger,
): Promise<CommentTarget | undefined> {
  if (options.prNumber) return { kind: 'issue', number: options.prNumber };
  const direct = eventPullRequestNumber(event);
  if (direct) return { kind: 'issue', number: direct };
  const sha = options.sha;
  if (!sha) {
    log.info('No pull request or commit to comment on: the event names none and no commit sha is known.');
    return undefined;
  }
  // A push to a branch with an open pull request, or a workflow_run from a fork (pull_requests is empty).
  try {
    const open = (await api.pullsForCommit(sha)).find((p) => p.state === 'open' && p.headSha === sha);
    if (open) return { kind: 'issue', number: open.number };
  } catch (err) {
    log.debug(
      `Looking up pull requests of ${sha} failed (${httpStatusOf(err) ?? 'no status'}): ${(err as Error).message}`,
    );
  }
  if (options.commentOnCommit) return { kind: 'commit', sha };
  log.info(
    `No open pull request has ${sha.slice(0, 7)} as its head; not commenting (set comment-on-commit: true to comment on the commit).`,
  );
  return undefined;
}
