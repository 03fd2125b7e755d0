/**
 * Checking a parsed document against the Smithy schemas @aws-sdk/client-ecs ships, so the fields and types
 * accepted are the installed SDK's and grow with it; a hand-kept list would lag behind it, and the SDK
 * drops any member it does not model without a word (a misspelt `enviroment` would ship no environment).
 * The schemas and enums are read from ecs-schema.generated.ts, the SDK's own data extracted at build time
 * (scripts/ecs-schema.ts; a test fails when it and the installed SDK disagree), so that checking a file
 * does not load the ECS client.
 *
 * The encoding, as @smithy/core's NormalizedSchema reads it:
 * - a reference may be a thunk `() => schema`, or a member wrapper `[schema, traits]` (an array of two);
 * - numbers are simple types: 0 string, 1 number, 2 boolean, 4–7 timestamp, 15 document, 17/19 big
 *   numbers, 21/42 blob; `64 | n` is a list of n, `128 | n` a map from strings to n (n = the low 6 bits);
 * - arrays of five or more are `[kind, namespace, name, traits, …]`: kind 0 a named simple type (its type
 *   at 4), 1 a list (member at 4), 2 a map (key at 4, value at 5), 3 a structure and 4 a union (member
 *   names at 4, member schemas at 5), and for structures a count at 6: the first that many members are
 *   required.
 */
import {
  DescribeTaskDefinitionResponse$,
  ecsEnums,
  RegisterTaskDefinitionRequest$,
  TaskDefinition$,
} from './ecs-schema.generated.js';
import type { PathSegment } from '../inputs/index.js';
import { isObject } from './types.js';

/** A schema reference as the SDK exports them (see the encoding above). */
export type SchemaRef = number | string | readonly unknown[] | (() => unknown);

/** A structure (kind 3) or union (kind 4) schema: `[kind, namespace, name, traits, names, schemas, required?]`. */
export type StructureSchema = readonly [
  number,
  string,
  string,
  unknown,
  readonly string[],
  readonly SchemaRef[],
  number?,
];

type Shape =
  | { kind: 'string' | 'number' | 'boolean' | 'timestamp' | 'blob' | 'any' }
  | { kind: 'list'; item: SchemaRef }
  | { kind: 'map'; value: SchemaRef }
  | { kind: 'structure'; schema: StructureSchema; union: boolean };

/** What a schema reference describes, following thunks and member wrappers. */
export function shapeOf(ref: unknown): Shape {
  let s = ref;
  for (;;) {
    if (typeof s === 'function') s = (s as () => unknown)();
    else if (Array.isArray(s) && s.length === 2) s = s[0];
    else break;
  }
  if (typeof s === 'number') {
    if (s >= 64 && s < 128) return { kind: 'list', item: s & 0b11_1111 };
    if (s >= 128 && s <= 255) return { kind: 'map', value: s & 0b11_1111 };
    if (s === 0) return { kind: 'string' };
    if (s === 1 || s === 17 || s === 19) return { kind: 'number' };
    if (s === 2) return { kind: 'boolean' };
    if (s >= 4 && s <= 7) return { kind: 'timestamp' };
    if (s === 21 || s === 42) return { kind: 'blob' };
    return { kind: 'any' }; // 15, a document: anything goes
  }
  if (Array.isArray(s) && s.length >= 5) {
    const kind = s[0] as number;
    if (kind === 0) return shapeOf(s[4]);
    if (kind === 1) return { kind: 'list', item: s[4] as SchemaRef };
    if (kind === 2) return { kind: 'map', value: s[5] as SchemaRef };
    if ((kind === 3 || kind === 4) && s.length >= 6) {
      return { kind: 'structure', schema: s as unknown as StructureSchema, union: kind === 4 };
    }
  }
  // "unit", or an encoding a later SDK may add: accept rather than refuse what the SDK may well send.
  return { kind: 'any' };
}

/** The schema of member `name` of a structure, or undefined when it has none. */
export function memberSchema(schema: StructureSchema, name: string): SchemaRef | undefined {
  const i = schema[4].indexOf(name);
  return i < 0 ? undefined : schema[5][i];
}

/** A copy of a structure with more members (never required), or with members' schemas replaced. */
export function withMembers(
  schema: StructureSchema,
  members: Readonly<Record<string, SchemaRef>>,
  name = schema[2],
): StructureSchema {
  const names = [...schema[4]];
  const refs = [...schema[5]];
  for (const [member, ref] of Object.entries(members)) {
    const i = names.indexOf(member);
    if (i >= 0) {
      refs[i] = ref;
    } else {
      names.push(member);
      refs.push(ref);
    }
  }
  return [schema[0], schema[1], name, schema[3], names, refs, schema[6]];
}

/** Checks beyond the schema, per `Structure.member`. */
export interface MemberRules {
  /** Members whose values must come from one of the SDK's enum objects (so new values come with the SDK). */
  enums?: Readonly<Record<string, { name: string; values: Readonly<Record<string, string>> }>>;
  /** String members that may also be written as numbers (normalising writes them as strings). */
  numbersAsStrings?: readonly string[];
  /** How to fix a wrongly typed value of a member, when more can be said than "write a number". */
  hints?: Readonly<Record<string, string>>;
}

export interface SchemaIssue {
  /** Where in the document, from its root. */
  path: PathSegment[];
  /** The member's name is wrong (`key`), or its value (`value`). */
  at: 'key' | 'value';
  /** What is wrong, without the path: `is not a field of ContainerDefinition; did you mean environment?`. */
  problem: string;
  fix: string;
}

export interface SchemaCheckOptions {
  rules?: MemberRules;
  /** The path of `value` in the whole document (default: it is the root). */
  at?: PathSegment[];
  /** Stop after this many issues (default 20). */
  maxIssues?: number;
}

/**
 * Every way `value` departs from the structure `schema`: members the schema does not have (with the nearest
 * valid name), values of the wrong JSON type, required members missing, enum values the SDK does not know.
 * Null counts as absent, as normalising drops it. An empty list means the document fits.
 */
export function checkAgainstSchema(
  value: unknown,
  schema: StructureSchema,
  opts: SchemaCheckOptions = {},
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const max = opts.maxIssues ?? 20;
  const rules = opts.rules ?? {};
  const lenient = new Set(rules.numbersAsStrings ?? []);
  const add = (issue: SchemaIssue) => {
    if (issues.length < max) issues.push(issue);
  };

  // `member` is `Structure.member` for the rule tables; list items keep their list's.
  const walk = (v: unknown, ref: unknown, path: PathSegment[], member?: string): void => {
    if (v === null || v === undefined || issues.length >= max) return;
    const shape = shapeOf(ref);
    const wrongType = (expected: string, fix: string) =>
      add({ path, at: 'value', problem: `is ${describe(v)}, not ${expected}`, fix });
    const hint = member ? rules.hints?.[member] : undefined;
    switch (shape.kind) {
      case 'any':
        return;
      case 'string': {
        if (typeof v === 'number' && member && lenient.has(member)) return;
        if (typeof v !== 'string') {
          return wrongType(
            'a string',
            hint ??
              'write it in quotes (YAML reads an unquoted 8000, true or yes as a number or boolean, not text)',
          );
        }
        const allowed = member ? rules.enums?.[member] : undefined;
        if (allowed) checkEnum(v, allowed, path, add);
        return;
      }
      case 'number':
        if (typeof v === 'number' && Number.isFinite(v)) return;
        return wrongType(
          'a number',
          hint ??
            (typeof v === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(v)
              ? 'write the number without quotes'
              : 'write a number'),
        );
      case 'boolean':
        if (typeof v === 'boolean') return;
        return wrongType('true or false', hint ?? 'write true or false, without quotes');
      case 'timestamp':
        if (typeof v === 'string' || typeof v === 'number') return;
        return wrongType('a date', 'write an ISO 8601 date such as 2025-01-31T12:00:00Z');
      case 'blob':
        if (typeof v === 'string') return;
        return wrongType('base64 text', 'write the bytes as base64 text');
      case 'list':
        if (!Array.isArray(v)) {
          return wrongType('a list', hint ?? 'write a list: [ … ] in JSON, lines starting with - in YAML');
        }
        v.forEach((item, i) => walk(item, shape.item, [...path, i], member));
        return;
      case 'map':
        if (!isObject(v)) return wrongType('an object', hint ?? 'write an object of names to values');
        for (const [k, item] of Object.entries(v)) walk(item, shape.value, [...path, k]);
        return;
      case 'structure': {
        const [, , name, , names, refs, required = 0] = shape.schema;
        if (!isObject(v)) {
          return wrongType(
            `an object (${display(name)})`,
            hint ?? `write an object with fields such as ${names.slice(0, 4).join(', ')}`,
          );
        }
        const suggested = new Set<string>();
        for (const [k, item] of Object.entries(v)) {
          const i = names.indexOf(k);
          if (i < 0) {
            const near = nearest(k, names);
            if (near) suggested.add(near);
            add({
              path: [...path, k],
              at: 'key',
              problem: `is not a field of ${display(name)}${near ? `; did you mean ${near}?` : ''}`,
              fix: near
                ? `rename it to ${near}`
                : `remove it; the fields of ${display(name)} are ${names.join(', ')}`,
            });
            continue;
          }
          walk(item, refs[i], [...path, k], `${name}.${k}`);
        }
        for (const k of names.slice(0, required)) {
          // A required member that is only misspelt was reported above, with its right name.
          if ((v[k] === null || v[k] === undefined) && !suggested.has(k)) {
            add({
              path,
              at: 'value',
              problem: `has no ${k}`,
              fix: `set ${k}, which ${display(name)} requires`,
            });
          }
        }
        if (shape.union) {
          const set = names.filter((k) => v[k] !== null && v[k] !== undefined);
          if (set.length > 1) {
            add({ path, at: 'value', problem: `sets ${set.join(' and ')}`, fix: 'set only one of them' });
          }
        }
        return;
      }
    }
  };

  if (!isObject(value)) {
    add({
      path: opts.at ?? [],
      at: 'value',
      problem: 'is not an object',
      fix: `write ${display(schema[2])}`,
    });
    return issues;
  }
  walk(value, schema, opts.at ?? []);
  return issues;
}

function checkEnum(
  v: string,
  allowed: { name: string; values: Readonly<Record<string, string>> },
  path: PathSegment[],
  add: (issue: SchemaIssue) => void,
): void {
  const values = Object.values(allowed.values);
  if (values.includes(v)) return;
  const near = values.find((x) => x.toLowerCase() === v.toLowerCase()) ?? nearest(v, values);
  add({
    path,
    at: 'value',
    problem: `${JSON.stringify(v)} is not a ${allowed.name}${near ? `; did you mean ${near}?` : ''}`,
    fix: `use one of ${values.join(', ')}`,
  });
}

function describe(v: unknown): string {
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return `${v}`;
  if (Array.isArray(v)) return 'a list';
  return 'an object';
}

/** `RegisterTaskDefinitionRequest` → `RegisterTaskDefinition`, as the API reference names the operation's input. */
const display = (name: string) => name.replace(/Request$/, '');

/**
 * The valid name closest to `name` (case-insensitive optimal string alignment distance), when it is close
 * enough to be a typo: at most a third of the name's length in edits, and always at least one.
 */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  if (name.length > 64) return undefined; // no field name is that long; spare the quadratic comparison
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
    }
    [before, previous] = [previous, current];
  }
  return previous[b.length]!;
}

// The generated schemas are plain data (unknown); this package reads them through its own type.
const register = RegisterTaskDefinitionRequest$ as StructureSchema;
const described = TaskDefinition$ as StructureSchema;

/**
 * The file as render writes it: RegisterTaskDefinition's members (tags included) and the read-only members
 * DescribeTaskDefinition adds (its TaskDefinition's members that RegisterTaskDefinition lacks), which
 * normalising drops.
 */
export const TASK_DEFINITION_FILE_SCHEMA: StructureSchema = withMembers(
  register,
  Object.fromEntries(
    described[4]
      .filter((name) => !register[4].includes(name))
      .map((name) => [name, memberSchema(described, name) ?? 15]),
  ),
);

/** The whole DescribeTaskDefinition output: `{ taskDefinition: { … }, tags: [ … ] }`. */
export const DESCRIBED_TASK_DEFINITION_SCHEMA = DescribeTaskDefinitionResponse$ as StructureSchema;

const enumOf = (name: string) => {
  const values = ecsEnums[name];
  if (!values) throw new Error(`ecs-schema.generated.ts has no enum ${name}: run npm run gen:ecs-schema`);
  return { name, values };
};
const taskLevel = (member: string, e: ReturnType<typeof enumOf>) => ({
  [`RegisterTaskDefinitionRequest.${member}`]: e,
  [`TaskDefinition.${member}`]: e,
});

/** The enums a task definition's members take (the schemas carry no enum values; the SDK exports them). */
export const TASK_DEFINITION_RULES: MemberRules = {
  enums: {
    ...taskLevel('networkMode', enumOf('NetworkMode')),
    ...taskLevel('requiresCompatibilities', enumOf('Compatibility')),
    ...taskLevel('compatibilities', enumOf('Compatibility')),
    ...taskLevel('pidMode', enumOf('PidMode')),
    ...taskLevel('ipcMode', enumOf('IpcMode')),
    ...taskLevel('status', enumOf('TaskDefinitionStatus')),
    'PortMapping.protocol': enumOf('TransportProtocol'),
    'PortMapping.appProtocol': enumOf('ApplicationProtocol'),
    'LogConfiguration.logDriver': enumOf('LogDriver'),
    'ContainerDependency.condition': enumOf('ContainerCondition'),
    'ContainerDefinition.versionConsistency': enumOf('VersionConsistency'),
    'RuntimePlatform.cpuArchitecture': enumOf('CPUArchitecture'),
    'RuntimePlatform.operatingSystemFamily': enumOf('OSFamily'),
    'ResourceRequirement.type': enumOf('ResourceType'),
    'TaskDefinitionPlacementConstraint.type': enumOf('TaskDefinitionPlacementConstraintType'),
    'ProxyConfiguration.type': enumOf('ProxyConfigurationType'),
    'FirelensConfiguration.type': enumOf('FirelensConfigurationType'),
    'EnvironmentFile.type': enumOf('EnvironmentFileType'),
    'Ulimit.name': enumOf('UlimitName'),
    'Device.permissions': enumOf('DeviceCgroupPermission'),
    'DockerVolumeConfiguration.scope': enumOf('Scope'),
    'EFSVolumeConfiguration.transitEncryption': enumOf('EFSTransitEncryption'),
    'EFSAuthorizationConfig.iam': enumOf('EFSAuthorizationConfigIAM'),
  },
  // Task-level sizes are strings in the API ("512", "1 vCPU"); a bare number is written in units for you.
  numbersAsStrings: [
    'RegisterTaskDefinitionRequest.cpu',
    'RegisterTaskDefinitionRequest.memory',
    'TaskDefinition.cpu',
    'TaskDefinition.memory',
  ],
  hints: {
    'ContainerDefinition.cpu': 'write CPU units as a number, e.g. 256 (1024 is one vCPU)',
    'ContainerDefinition.memory': 'write the hard limit in MiB as a number, e.g. 512',
    'ContainerDefinition.memoryReservation': 'write the soft limit in MiB as a number, e.g. 256',
    'PortMapping.containerPort': 'write the port as a number, e.g. 8080',
    'PortMapping.hostPort': 'write the port as a number, e.g. 8080',
    'ContainerDefinition.environment': 'write a list of { "name": …, "value": … } objects',
    'ContainerDefinition.secrets': 'write a list of { "name": …, "valueFrom": … } objects',
    'KeyValuePair.value':
      'write the value in quotes: environment values are text (YAML reads an unquoted 8000 or true as a number or boolean)',
    'LogConfiguration.options':
      'write an object of option names to text values, e.g. { "awslogs-group": "/ecs/web" }',
  },
};
