import { resolve } from 'node:path';
import { UserError } from '../inputs/index.js';
import { isFamilyName, isTaskDefinitionArn, parseRevisionRef } from '../task-definition-ref/index.js';

/** The `task-definition` input of deploy and run-task: a file to register if needed, or a registered revision. */
export type TaskDefinitionReference =
  /** A rendered JSON/YAML file: registered only when no ACTIVE revision of its family has the same content. */
  | { kind: 'file'; path: string }
  /** A registered revision: `family` (its latest ACTIVE revision), `family:revision` or an ARN, used as is. */
  | { kind: 'revision'; ref: string };

/**
 * An ARN, else a file when one exists at that path (relative to the workspace), else `family` or
 * `family:revision`; anything else is taken as a path, whose absence loading the file reports.
 */
export function parseTaskDefinitionReference(
  value: string,
  workspace: string,
  exists: (path: string) => boolean,
): TaskDefinitionReference {
  if (isTaskDefinitionArn(value)) return { kind: 'revision', ref: value };
  const path = resolve(workspace, value);
  if (exists(path)) return { kind: 'file', path };
  if (isFamilyName(value) || parseRevisionRef(value)) return { kind: 'revision', ref: value };
  return { kind: 'file', path };
}

/** The error for a reference ECS does not know: one wording for render, deploy, run-task and rollback. */
export function noSuchTaskDefinition(ref: string, region: string, input: string, detail?: string): UserError {
  return new UserError(
    input,
    `ECS has no task definition ${ref} in ${region}${detail ? ` (${detail})` : ''}`,
    'give an existing family, family:revision or ARN (and check aws-region), or the path of a task-definition file',
  );
}
