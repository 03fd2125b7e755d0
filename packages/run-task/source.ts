import { resolve } from 'node:path';
import type { TaskDefinitionSource } from './options.js';

const ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+$/;
const FAMILY = /^[A-Za-z0-9_-]{1,255}(?::\d+)?$/;

/**
 * The `task-definition` input: an ARN, else a file when one exists at that path (relative to the workspace),
 * else `family` or `family:revision`; anything else is taken as a path, whose absence loading reports.
 */
export function taskDefinitionSource(
  value: string,
  workspace: string,
  exists: (path: string) => boolean,
): TaskDefinitionSource {
  if (ARN.test(value)) return { kind: 'revision', ref: value };
  const path = resolve(workspace, value);
  if (exists(path)) return { kind: 'file', path };
  if (FAMILY.test(value)) return { kind: 'revision', ref: value };
  return { kind: 'file', path };
}
