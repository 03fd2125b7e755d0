import type { ContainerDefinition, RegisterTaskDefinitionCommandInput, Tag } from '@aws-sdk/client-ecs';

export type { ContainerDefinition, Tag };

/** What RegisterTaskDefinition takes, without its tags (they travel beside it, see {@link LoadedTaskDefinition}). */
export type TaskDefinitionInput = Omit<RegisterTaskDefinitionCommandInput, 'tags'>;

/** A task definition and its tags, as read from a file or from a registered revision. */
export interface LoadedTaskDefinition {
  /** Normalised for RegisterTaskDefinition: no read-only fields, no null or empty values. */
  taskDefinition: TaskDefinitionInput;
  tags: Tag[];
}

/** A plain JSON object, for code that walks task definitions generically. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
