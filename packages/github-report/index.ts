/**
 * Deployment reports on GitHub: Markdown rendering (sticky comment, job summary), the sticky-comment and
 * deployment logic behind a small GitHubApi interface, and its Octokit implementation.
 */
export {
  httpStatusOf,
  isNotAccessible,
  type CommentRecord,
  type CommentTarget,
  type DeploymentState,
  type GitHubApi,
} from './api.js';
export { ACTIONS_BOT, commentAuthor, upsertStickyComment, type CommentMode } from './comments.js';
export { isTransientEnvironment, recordDeployment, type DeploymentRecordOptions } from './deployments.js';
export {
  COMMENT_LIMIT,
  SUMMARY_LIMIT,
  commentMarker,
  overallStatus,
  renderComment,
  renderSummary,
  statusDescription,
  type RenderOptions,
} from './markdown.js';
export { createOctokit, octokitGitHubApi, type Octokit, type OctokitSettings } from './octokit.js';
export { publishReport, type PublishDeps, type PublishOptions, type PublishResult } from './publish.js';
export { loadReports } from './reports.js';
export {
  eventPullRequestNumber,
  eventSha,
  isForkPullRequest,
  resolveCommentTarget,
  type GitHubEvent,
  type TargetOptions,
} from './target.js';
