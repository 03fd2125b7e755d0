/** Image tags from templates (`{sha}`, `{short-sha}`, `{branch}`) and the OCI labels every build gets. */
import { UserError } from '../inputs/index.js';

/** Docker's tag grammar: at most 128 characters, not starting with `.` or `-`. */
export const TAG_SYNTAX = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export interface TagContext {
  /** The commit (GITHUB_SHA). */
  sha?: string;
  /** The ref that triggered the run (GITHUB_REF), e.g. refs/heads/main or refs/pull/12/merge. */
  ref?: string;
  /** The pull request's head branch (GITHUB_HEAD_REF), which names a PR's branch better than its ref. */
  headRef?: string;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** `refs/heads/feature/x` → `feature/x`; pull requests prefer the head branch, else `pr-<n>`. */
export function branchName(ctx: TagContext): string | undefined {
  if (ctx.headRef) return ctx.headRef;
  const ref = ctx.ref;
  if (!ref) return undefined;
  const pr = /^refs\/pull\/(\d+)\//.exec(ref);
  if (pr) return `pr-${pr[1]}`;
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

/** Make any text a valid tag: invalid characters become `-`, no leading `.`/`-`, at most 128 characters. */
export function sanitizeTag(text: string): string {
  return text
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
}

/**
 * Expand each template and check the result. The first tag is the primary one: the one looked up to skip
 * a build that already happened. Duplicates are dropped.
 */
export function resolveTags(templates: string[], ctx: TagContext, input = 'tags'): string[] {
  const values: Record<string, () => string | undefined> = {
    sha: () => ctx.sha,
    'short-sha': () => ctx.sha?.slice(0, 7),
    branch: () => {
      const branch = branchName(ctx);
      return branch === undefined ? undefined : sanitizeTag(branch);
    },
  };
  const tags = templates.map((template) =>
    template.replace(PLACEHOLDER, (_whole, name: string) => {
      const value = values[name];
      if (!value) {
        throw new UserError(
          input,
          `"${template}" uses an unknown placeholder {${name}}`,
          `use ${Object.keys(values)
            .map((k) => `{${k}}`)
            .join(', ')}`,
        );
      }
      const got = value();
      if (!got) {
        throw new UserError(
          input,
          `"${template}" uses {${name}} but the run has no ${name === 'branch' ? 'GITHUB_REF' : 'GITHUB_SHA'}`,
          'write the tag literally when running outside GitHub Actions',
        );
      }
      return got;
    }),
  );
  for (const tag of tags) {
    if (!TAG_SYNTAX.test(tag)) {
      throw new UserError(
        input,
        `"${tag}" is not a valid image tag`,
        'use letters, digits, _ . and -, starting with a letter, digit or _, at most 128 characters',
      );
    }
  }
  return [...new Set(tags)];
}

export interface LabelContext {
  sha?: string;
  /** e.g. https://github.com/owner/repo */
  sourceUrl?: string;
  created: Date;
}

/**
 * The OCI annotations that tie an image to its commit: revision, source and creation time. Labels the user
 * gives win over these.
 */
export function imageLabels(
  ctx: LabelContext,
  user: { key: string; value: string }[],
): Record<string, string> {
  const labels: Record<string, string> = {};
  if (ctx.sha) labels['org.opencontainers.image.revision'] = ctx.sha;
  if (ctx.sourceUrl) labels['org.opencontainers.image.source'] = ctx.sourceUrl;
  labels['org.opencontainers.image.created'] = ctx.created.toISOString();
  for (const { key, value } of user) labels[key] = value;
  return labels;
}
