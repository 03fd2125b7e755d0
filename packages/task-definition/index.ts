/**
 * Task definitions: read them (files as render writes them, or registered revisions), render changes into
 * them, normalise them for RegisterTaskDefinition, compare and diff them. No @actions/core here.
 *
 * The rendered file is a RegisterTaskDefinition input with the tags beside the definition's fields:
 * `{ "family": "web", "containerDefinitions": [...], "cpu": "512", ..., "tags": [{ "key": "ecs-deploy:git-sha", "value": "…" }] }`,
 * so `loadTaskDefinitionFile` then `RegisterTaskDefinitionCommand({ ...taskDefinition, tags })` registers it.
 */
export type { ContainerDefinition, LoadedTaskDefinition, Tag, TaskDefinitionInput } from './types.js';
export {
  checkTaskDefinition,
  loadTaskDefinitionFile,
  parseTaskDefinitionDocument,
  renderedFileText,
  writeRenderedFile,
} from './file.js';
export { normalizeForRegister, READ_ONLY_FIELDS, sameContent, type SameContentOptions } from './normalize.js';
export { changesTable, diffTaskDefinitions, formatChange, type TaskDefinitionChange } from './diff.js';
export {
  ACTOR_TAG,
  GIT_REF_TAG,
  GIT_SHA_TAG,
  REPOSITORY_TAG,
  RUN_ID_TAG,
  RUN_URL_TAG,
  TRACEABILITY_TAG_PREFIX,
  isTraceabilityTag,
  tagValue,
  traceabilityTags,
} from './traceability.js';
export { cpuUnits, FARGATE_SIZES, memoryMiB } from './sizes.js';
export {
  chooseSource,
  renderSummary,
  renderTaskDefinition,
  type RenderOptions,
  type RenderResult,
  type TaskDefinitionSource,
} from './render.js';
export { parseCommand } from './command.js';
export { parseTaskDefinitionReference, type TaskDefinitionReference } from './reference.js';
export { imageProblem, isSecretArn } from './validate.js';
