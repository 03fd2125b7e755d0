/**
 * Task definitions: read them (files as render writes them, or registered revisions), render changes into
 * them, normalise them for RegisterTaskDefinition, compare and diff them. No @actions/core here.
 *
 * The rendered file is a RegisterTaskDefinition input with the tags beside the definition's fields:
 * `{ "family": "web", "containerDefinitions": [...], "cpu": "512", ..., "tags": [{ "key": "ecs-deploy:git-sha", "value": "…" }] }`,
 * so `loadTaskDefinitionFile` then `RegisterTaskDefinitionCommand({ ...taskDefinition, tags })` registers it.
 * Files are held to the installed SDK's own schema (schema.ts) and to the value checks in checks.ts, so a
 * field the SDK would silently drop is an error with its path, line and column instead.
 */
export type { ContainerDefinition, LoadedTaskDefinition, Tag, TaskDefinitionInput } from './types.js';
export {
  checkTaskDefinition,
  formatPath,
  loadTaskDefinitionFile,
  MAX_TASK_DEFINITION_BYTES,
  MAX_TASK_DEFINITION_DEPTH,
  MAX_TASK_DEFINITION_FILE_BYTES,
  parseTaskDefinitionDocument,
  renderedFileText,
  writeRenderedFile,
  type LoadTaskDefinitionFileOptions,
  type ParseTaskDefinitionOptions,
} from './file.js';
export {
  checkAgainstSchema,
  DESCRIBED_TASK_DEFINITION_SCHEMA,
  memberSchema,
  TASK_DEFINITION_FILE_SCHEMA,
  TASK_DEFINITION_RULES,
  withMembers,
  type MemberRules,
  type SchemaCheckOptions,
  type SchemaIssue,
  type StructureSchema,
} from './schema.js';
export { checkTaskDefinitionValues } from './checks.js';
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
  tagSafe,
  tagValue,
  traceabilityTags,
} from './traceability.js';
export { cpuUnits, FARGATE_SIZES, fargateSizeProblem, memoryMiB, type SizeProblem } from './sizes.js';
export {
  chooseSource,
  renderSummary,
  renderTaskDefinition,
  type RenderOptions,
  type RenderResult,
  type TaskDefinitionSource,
} from './render.js';
export { parseCommand } from './command.js';
export {
  noSuchTaskDefinition,
  parseTaskDefinitionReference,
  type TaskDefinitionReference,
} from './reference.js';
export { imageProblem, isSecretArn, secretReferenceProblem } from './validate.js';
