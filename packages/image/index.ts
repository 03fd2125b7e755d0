/** Building and pushing container images: the docker/buildx/buildah command line, and the build-once flow. */
export { spawnCli, type CommandResult, type CommandRun, type DockerCli, type Tool } from './cli.js';
export {
  buildCommand,
  builderTool,
  checkBuildArgs,
  checkBuilderOptions,
  displayCommand,
  ecrCacheRef,
  resolveBuilder,
  type BuildArg,
  type BuildCommand,
  type Builder,
  type BuilderChoice,
  type BuildSpec,
} from './build.js';
export { FAILURE_TAIL_LINES, ToolFailure, checkDaemon, login, logout, push, runBuild } from './docker.js';
export { TAG_SYNTAX, branchName, imageLabels, resolveTags, sanitizeTag, type TagContext } from './tags.js';
export {
  buildPush,
  summaryMarkdown,
  type BuildPushDeps,
  type BuildPushOptions,
  type BuildPushResult,
  type Outcome,
} from './build-push.js';
