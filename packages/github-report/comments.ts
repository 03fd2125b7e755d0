/**
 * The sticky comment: one per environment, found by its hidden marker among comments written by the same
 * identity as the token, so a comment planted by anyone else with the marker is never edited.
 */
import { UserError } from '../inputs/index.js';
import type { Logger } from '../runtime/index.js';
import { httpStatusOf, type CommentRecord, type CommentTarget, type GitHubApi } from './api.js';

/** The login GITHUB_TOKEN writes as. Installation tokens cannot read GET /user, so it cannot be asked. */
export const ACTIONS_BOT = 'github-actions[bot]';

export type CommentMode = 'update' | 'recreate';

/**
 * Who "we" are: the `comment-author` override, else GET /user, else (installation token: 403) the Actions
 * bot. A GitHub App's own token also gets 403 there; its login (`my-app[bot]`) goes in `comment-author`.
 */
export async function commentAuthor(
  api: GitHubApi,
  override: string | undefined,
  log: Logger,
): Promise<string> {
  if (override) return override;
  try {
    return await api.authenticatedLogin();
  } catch (err) {
    const status = httpStatusOf(err);
    if (status === 403) {
      log.debug(`GET /user is not open to installation tokens; taking comments by ${ACTIONS_BOT} as ours.`);
      return ACTIONS_BOT;
    }
    if (status === 401) {
      throw new UserError(
        'github-token',
        'was rejected by GitHub (401 Bad credentials)',
        'pass a valid token; the default is ${{ github.token }}',
      );
    }
    throw err;
  }
}

const sameLogin = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function describe(target: CommentTarget): string {
  return target.kind === 'issue' ? `#${target.number}` : `commit ${target.sha.slice(0, 7)}`;
}

/** Create or update the sticky comment; `recreate` deletes ours and posts anew at the bottom. */
export async function upsertStickyComment(
  api: GitHubApi,
  target: CommentTarget,
  body: string,
  options: { marker: string; author: string; mode: CommentMode },
  log: Logger,
): Promise<CommentRecord> {
  let comments: CommentRecord[];
  try {
    comments = await api.listComments(target);
  } catch (err) {
    if (httpStatusOf(err) === 404 && target.kind === 'issue') {
      throw new UserError(
        'pr-number',
        `pull request ${describe(target)} was not found`,
        'pass the number of an open pull request of this repository',
      );
    }
    throw err;
  }
  const marked = comments.filter((c) => c.body.startsWith(options.marker));
  const ours = marked.filter((c) => sameLogin(c.author, options.author));
  for (const c of marked.filter((c) => !ours.includes(c))) {
    log.info(
      `Leaving comment ${c.id} on ${describe(target)} alone: it carries the marker but was written by ${c.author}, not ${options.author}.`,
    );
  }
  if (options.mode === 'recreate') {
    for (const c of ours) await api.deleteComment(target, c.id);
    const created = await api.createComment(target, body);
    log.info(
      `Posted comment ${created.id} on ${describe(target)}${ours.length ? ` (replacing ${ours.map((c) => c.id).join(', ')})` : ''}: ${created.url}`,
    );
    return created;
  }
  const [keep, ...duplicates] = ours;
  // Two runs racing without `concurrency:` can both create one; keep the oldest so the comment stays put.
  for (const c of duplicates) await api.deleteComment(target, c.id);
  if (!keep) {
    const created = await api.createComment(target, body);
    log.info(`Posted comment ${created.id} on ${describe(target)}: ${created.url}`);
    return created;
  }
  if (keep.body === body) {
    log.info(`Comment ${keep.id} on ${describe(target)} is already current: ${keep.url}`);
    return keep;
  }
  const updated = await api.updateComment(target, keep.id, body);
  log.info(`Updated comment ${updated.id} on ${describe(target)}: ${updated.url}`);
  return updated;
}
