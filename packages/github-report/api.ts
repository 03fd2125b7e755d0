/**
 * The GitHub calls the report needs, as a small interface: the engine depends on this, the action passes an
 * Octokit-backed implementation (octokit.ts), tests the same against the loopback fake.
 */

/** Where a sticky comment lives: a pull request (or issue), or a commit when there is no pull request. */
export type CommentTarget = { kind: 'issue'; number: number } | { kind: 'commit'; sha: string };

export interface CommentRecord {
  id: number;
  body: string;
  /** Login of the author, e.g. `octocat` or `github-actions[bot]`. */
  author: string;
  url: string;
}

export interface PullRecord {
  number: number;
  state: string;
  headSha: string;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  createdAt: string;
}

export type DeploymentState =
  'in_progress' | 'success' | 'failure' | 'inactive' | 'error' | 'queued' | 'pending';

export interface DeploymentStatusRecord {
  id: number;
  state: string;
}

export interface NewDeployment {
  ref: string;
  environment: string;
  description: string;
  transientEnvironment: boolean;
}

export interface NewDeploymentStatus {
  state: DeploymentState;
  description: string;
  environmentUrl?: string;
  logUrl?: string;
}

export interface GitHubApi {
  /** The login the token acts as (GET /user). Installation tokens (GITHUB_TOKEN) get a 403 here. */
  authenticatedLogin(): Promise<string>;
  /** Every comment on the target, oldest first (all pages). */
  listComments(target: CommentTarget): Promise<CommentRecord[]>;
  createComment(target: CommentTarget, body: string): Promise<CommentRecord>;
  updateComment(target: CommentTarget, id: number, body: string): Promise<CommentRecord>;
  deleteComment(target: CommentTarget, id: number): Promise<void>;
  pullsForCommit(sha: string): Promise<PullRecord[]>;
  /** Deployments of the environment (optionally for one sha), newest first. */
  listDeployments(environment: string, sha?: string): Promise<DeploymentRecord[]>;
  createDeployment(input: NewDeployment): Promise<DeploymentRecord>;
  /** Statuses of a deployment, newest first. */
  listDeploymentStatuses(id: number): Promise<DeploymentStatusRecord[]>;
  createDeploymentStatus(id: number, input: NewDeploymentStatus): Promise<DeploymentStatusRecord>;
}

/** The HTTP status of a failed GitHub call (Octokit's RequestError carries `status`). */
export function httpStatusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * GitHub's answer to a token that may read but not write here: the GITHUB_TOKEN of a pull request from a
 * fork ("…by integration"), or a fine-grained token without the permission ("…by personal access token").
 */
export function isNotAccessible(err: unknown): boolean {
  return httpStatusOf(err) === 403 && /Resource not accessible by/i.test((err as Error).message ?? '');
}
