import { runUrl, type GitHubRunContext } from '../runtime/index.js';
import type { Tag } from './types.js';

/** Every tag render adds for traceability starts with this; users may not set such keys themselves. */
export const TRACEABILITY_TAG_PREFIX = 'ecs-deploy:';
/** The full commit sha the revision was rendered from. Deploy and rollback find revisions by it. */
export const GIT_SHA_TAG = 'ecs-deploy:git-sha';
/** The git ref (`refs/heads/main`, `refs/pull/7/merge`, `refs/tags/v1.2.0`). */
export const GIT_REF_TAG = 'ecs-deploy:git-ref';
/** `owner/name` of the repository. */
export const REPOSITORY_TAG = 'ecs-deploy:repository';
/** The workflow run id. */
export const RUN_ID_TAG = 'ecs-deploy:run-id';
/** The workflow run's URL. */
export const RUN_URL_TAG = 'ecs-deploy:run-url';
/** Who started the run. */
export const ACTOR_TAG = 'ecs-deploy:actor';

export function isTraceabilityTag(key: string): boolean {
  return key.startsWith(TRACEABILITY_TAG_PREFIX);
}

/** The value of a tag, e.g. `tagValue(tags, GIT_SHA_TAG)`. */
export function tagValue(tags: readonly Tag[] | undefined, key: string): string | undefined {
  return tags?.find((t) => t.key === key)?.value;
}

/**
 * Characters ECS allows in tag values are letters, digits, spaces and `_ . : / = + - @`; anything else in a
 * branch name (e.g. `#`) becomes `_`, and values are cut at 256 characters.
 */
export function tagSafe(value: string): string {
  return value.replace(/[^\p{L}\p{N}\p{Zs}_.:/=+\-@]/gu, '_').slice(0, 256);
}

/** The traceability tags for a run; a field GitHub did not give is left out. */
export function traceabilityTags(ctx: GitHubRunContext): Tag[] {
  const pairs: [string, string | undefined][] = [
    [GIT_SHA_TAG, ctx.sha],
    [GIT_REF_TAG, ctx.ref],
    [REPOSITORY_TAG, ctx.repository],
    [RUN_ID_TAG, ctx.runId],
    [RUN_URL_TAG, runUrl(ctx)],
    [ACTOR_TAG, ctx.actor],
  ];
  return pairs
    .filter((p): p is [string, string] => !!p[1])
    .map(([key, value]) => ({ key, value: tagSafe(value) }));
}
