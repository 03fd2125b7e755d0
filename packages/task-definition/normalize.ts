import { cpuUnits, memoryMiB } from './sizes.js';
import { isObject, type JsonObject, type Tag, type TaskDefinitionInput } from './types.js';

/**
 * Fields DescribeTaskDefinition returns that RegisterTaskDefinition does not take (a test holds this to the
 * SDK's TaskDefinition and RegisterTaskDefinitionRequest schemas).
 */
export const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
] as const;

/**
 * A copy of a task definition ready for RegisterTaskDefinition: read-only fields removed, null values,
 * empty strings, empty arrays and empty objects dropped (ECS rejects some, and Describe pads with `[]`), and
 * task-level `cpu`/`memory` written in units (`"1 vCPU"` → `"1024"`, `"2 GB"` → `"2048"`), as ECS stores
 * them. A `tags` array, if present, is kept. Properties named `value` keep empty strings: an environment
 * variable or tag may be set to "". Values that do not parse are left for validation to report.
 */
export function normalizeForRegister<T extends object>(td: T): TaskDefinitionInput & { tags?: Tag[] } {
  const copy: JsonObject = { ...(td as JsonObject) };
  for (const field of READ_ONLY_FIELDS) delete copy[field];
  const cpu = cpuUnits(copy.cpu);
  if (cpu !== undefined) copy.cpu = String(cpu);
  const memory = memoryMiB(copy.memory);
  if (memory !== undefined) copy.memory = String(memory);
  return (prune(copy) ?? {}) as TaskDefinitionInput & { tags?: Tag[] };
}

function prune(value: unknown, key?: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (value === '' && key !== 'value') return undefined;
  if (Array.isArray(value)) {
    // Array items are kept as they are (a command may hold ""), only objects inside are pruned.
    const items = value.map((item) => (isObject(item) ? (prune(item) ?? {}) : item));
    return items.length ? items : undefined;
  }
  if (value instanceof Date) return value.toISOString();
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const kept = prune(v, k);
      if (kept !== undefined) out[k] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

export interface SameContentOptions {
  /** Leave tags out of the comparison (default false: tags count, in any order). */
  ignoreTags?: boolean;
}

/**
 * Whether two task definitions (as files or Describe output, each optionally with `tags`) would register the
 * same thing: compared after {@link normalizeForRegister}, ignoring order where ECS does (containers by
 * name, environment and secrets by name, tags by key, requiresCompatibilities) and values ECS fills in by
 * default (container `cpu: 0`, `essential: true`, port protocol `tcp`, awsvpc `hostPort` = `containerPort`).
 * Deploy uses it to register only when the content differs.
 */
export function sameContent(a: object, b: object, opts: SameContentOptions = {}): boolean {
  return stableJson(canonical(a, opts)) === stableJson(canonical(b, opts));
}

/** The comparable form of a task definition; {@link diffTaskDefinitions} walks the same form. */
export function canonical(td: object, opts: SameContentOptions = {}): JsonObject {
  const n = normalizeForRegister(td) as JsonObject;
  if (opts.ignoreTags) delete n.tags;
  else if (Array.isArray(n.tags)) n.tags = sortBy(n.tags as JsonObject[], 'key');
  if (Array.isArray(n.requiresCompatibilities))
    n.requiresCompatibilities = [...n.requiresCompatibilities].sort();
  const awsvpc = n.networkMode === 'awsvpc';
  if (Array.isArray(n.containerDefinitions)) {
    n.containerDefinitions = sortBy(
      (n.containerDefinitions as unknown[]).map((c) => (isObject(c) ? canonicalContainer(c, awsvpc) : c)),
      'name',
    );
  }
  return n;
}

function canonicalContainer(c: JsonObject, awsvpc: boolean): JsonObject {
  const out: JsonObject = { ...c };
  if (out.cpu === 0) delete out.cpu;
  if (out.essential === true) delete out.essential;
  if (Array.isArray(out.environment)) {
    out.environment = sortBy(
      (out.environment as JsonObject[]).map((e) => ({ ...e, value: e.value ?? '' })),
      'name',
    );
  }
  if (Array.isArray(out.secrets)) out.secrets = sortBy(out.secrets as JsonObject[], 'name');
  if (Array.isArray(out.portMappings)) {
    out.portMappings = (out.portMappings as JsonObject[]).map((p) => {
      const port: JsonObject = { ...p };
      if (port.protocol === 'tcp') delete port.protocol;
      if (awsvpc && port.hostPort === port.containerPort) delete port.hostPort;
      return port;
    });
  }
  return out;
}

function sortBy<T>(items: T[], key: string): T[] {
  const name = (item: T) => (isObject(item) && typeof item[key] === 'string' ? item[key] : '');
  return [...items].sort((x, y) => (name(x) < name(y) ? -1 : name(x) > name(y) ? 1 : 0));
}

/** JSON with object keys sorted, so equal content gives equal text whatever the key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
