import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  UserError,
  parseLocatedJsonOrYaml,
  readInputFile,
  type LocatedDocument,
  type PathSegment,
} from '../inputs/index.js';
import { isFamilyName } from '../task-definition-ref/index.js';
import { checkTaskDefinitionValues } from './checks.js';
import { normalizeForRegister } from './normalize.js';
import {
  checkAgainstSchema,
  DESCRIBED_TASK_DEFINITION_SCHEMA,
  TASK_DEFINITION_FILE_SCHEMA,
  TASK_DEFINITION_RULES,
  type MemberRules,
  type SchemaIssue,
  type StructureSchema,
} from './schema.js';
import { isObject, type LoadedTaskDefinition, type Tag, type TaskDefinitionInput } from './types.js';

/** Largest task-definition file read: room for whitespace, comments and YAML around ECS's 64 KiB. */
export const MAX_TASK_DEFINITION_FILE_BYTES = 1024 * 1024;
/** ECS's limit on a registered task definition, measured as compact JSON. */
export const MAX_TASK_DEFINITION_BYTES = 64 * 1024;
/** Deepest nesting of objects and lists read; a real task definition needs about eight. */
export const MAX_TASK_DEFINITION_DEPTH = 32;

export interface LoadTaskDefinitionFileOptions {
  /** Directories the file must be in (default: GITHUB_WORKSPACE and RUNNER_TEMP, see inputFileRoots). */
  roots?: readonly string[];
}

/**
 * Read a task-definition file, JSON or YAML. Accepted shapes:
 * - what render writes and RegisterTaskDefinition takes: the definition's fields with `tags` beside them,
 *   `{ "family": …, "containerDefinitions": [ … ], …, "tags": [{ "key": …, "value": … }] }`;
 * - the same with the read-only fields Describe adds (`taskDefinitionArn`, `revision`, …), which are dropped;
 * - the whole DescribeTaskDefinition output, `{ "taskDefinition": { … }, "tags": [ … ] }`.
 * The file must be inside the workspace or RUNNER_TEMP (or `opts.roots`; see {@link readInputFile}), at most 1 MiB and 32 levels
 * deep. Returns the normalised definition ({@link normalizeForRegister}) and its tags. Any problem is a
 * UserError naming `input`, with the line and column; a file that is not a task definition at all is
 * described without quoting any of it.
 */
export async function loadTaskDefinitionFile(
  path: string,
  input: string,
  opts: LoadTaskDefinitionFileOptions = {},
): Promise<LoadedTaskDefinition> {
  const text = await readInputFile(path, input, {
    roots: opts.roots,
    maxBytes: MAX_TASK_DEFINITION_FILE_BYTES,
    tooLargeFix: `ECS registers task definitions of up to 64 KiB; check that ${input} names the task definition`,
  });
  const doc = parseLocatedJsonOrYaml(text, input, { quiet: true, maxDepth: MAX_TASK_DEFINITION_DEPTH });
  return parseTaskDefinitionDocument(doc.value, input, { locate: doc.locate });
}

export interface ParseTaskDefinitionOptions {
  /** Where a path is in the text, for messages (from {@link parseLocatedJsonOrYaml}). */
  locate?: LocatedDocument['locate'];
  /** The schema of the flat shape (default: RegisterTaskDefinition's with Describe's read-only members). */
  schema?: StructureSchema;
  /** The schema of the DescribeTaskDefinition output shape. */
  describedSchema?: StructureSchema;
  rules?: MemberRules;
}

/** Check and normalise a parsed task-definition document (see {@link loadTaskDefinitionFile} for shapes). */
export function parseTaskDefinitionDocument(
  doc: unknown,
  input: string,
  opts: ParseTaskDefinitionOptions = {},
): LoadedTaskDefinition {
  const shape = 'write an object with family and containerDefinitions (RegisterTaskDefinition fields)';
  if (!isObject(doc)) throw new UserError(input, 'is not a task definition (not an object)', shape);
  const described = isObject(doc.taskDefinition) && doc.family === undefined;
  const schema = described
    ? (opts.describedSchema ?? DESCRIBED_TASK_DEFINITION_SCHEMA)
    : (opts.schema ?? TASK_DEFINITION_FILE_SCHEMA);
  // Some other file (a path mistyped into a secret, say): say so without naming any of its keys.
  if (!Object.keys(doc).some((k) => schema[4].includes(k))) {
    throw new UserError(
      input,
      'is not a task definition: none of its top-level fields is a RegisterTaskDefinition field',
      shape,
    );
  }
  const body = described ? (doc.taskDefinition as Record<string, unknown>) : doc;
  let issues = checkAgainstSchema(doc, schema, { rules: opts.rules ?? TASK_DEFINITION_RULES });
  // Values are checked once the shape is right, so each problem is reported once, in its plainest form.
  if (!issues.length) issues = checkTaskDefinitionValues(body, described ? ['taskDefinition'] : []);
  if (issues.length) throw issuesError(issues, input, opts.locate);

  const tags = parseTags(described ? doc.tags : body.tags, input);
  const td = { ...body };
  delete td.tags;
  const taskDefinition = checkTaskDefinition(normalizeForRegister(td), input);
  const bytes = Buffer.byteLength(JSON.stringify(taskDefinition));
  if (bytes > MAX_TASK_DEFINITION_BYTES) {
    throw new UserError(
      input,
      `is ${(bytes / 1024).toFixed(1)} KiB as compact JSON, more than the 64 KiB ECS registers`,
      'move long values out of it: environmentFiles (S3) or secrets for large environments, fewer containers',
    );
  }
  return { taskDefinition, tags };
}

/** `containerDefinitions[0].logConfiguration.options["awslogs-group"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((p, i) =>
      typeof p === 'number'
        ? `[${p}]`
        : /^[A-Za-z_$][\w$]*$/.test(p)
          ? `${i ? '.' : ''}${p}`
          : `[${JSON.stringify(p)}]`,
    )
    .join('');
}

/** Most problems listed in one message; the rest are counted. */
const LISTED_ISSUES = 5;

function issuesError(issues: SchemaIssue[], input: string, locate?: LocatedDocument['locate']): UserError {
  const describe = (issue: SchemaIssue) => {
    if (!issue.path.length) return issue.problem;
    const pos = locate?.(issue.path, issue.at);
    const where = `${formatPath(issue.path)}${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}`;
    // "x is …", "x has …" and the like read on; any other problem is a sentence of its own.
    return `${where}${/^(?:is|has|sets|repeats|contains|starts)\b/.test(issue.problem) ? ' ' : ': '}${issue.problem}`;
  };
  const [first] = issues;
  if (issues.length === 1) return new UserError(input, describe(first!), first!.fix);
  const listed = issues.slice(0, LISTED_ISSUES);
  const more = issues.length > listed.length ? `; and ${issues.length - listed.length} more` : '';
  return new UserError(
    input,
    `has ${issues.length} problems: ${listed.map((issue, i) => `${i + 1}) ${describe(issue)}`).join('; ')}${more}`,
    listed.map((issue, i) => `${i + 1}) ${issue.fix}`).join('; '),
  );
}

/** The structural checks every source gets: a family and uniquely named containers. */
export function checkTaskDefinition(td: TaskDefinitionInput, input: string): TaskDefinitionInput {
  if (typeof td.family !== 'string' || !isFamilyName(td.family)) {
    throw new UserError(
      input,
      td.family === undefined ? 'has no family' : `family ${JSON.stringify(td.family)} is not a valid name`,
      'set "family" to up to 255 letters, digits, hyphens and underscores',
    );
  }
  const containers: unknown = td.containerDefinitions;
  if (!Array.isArray(containers) || containers.length === 0) {
    throw new UserError(
      input,
      'has no containerDefinitions',
      'list at least one container under containerDefinitions',
    );
  }
  const seen = new Set<string>();
  containers.forEach((c: unknown, i) => {
    const name = isObject(c) ? c.name : undefined;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
      throw new UserError(
        input,
        `containerDefinitions[${i}] has ${name === undefined ? 'no name' : `the invalid name ${JSON.stringify(name)}`}`,
        'give every container a name of letters, digits, hyphens and underscores',
      );
    }
    if (seen.has(name)) {
      throw new UserError(input, `two containers are named ${name}`, 'give every container its own name');
    }
    seen.add(name);
  });
  return td;
}

function parseTags(raw: unknown, input: string): Tag[] {
  if (raw === undefined || raw === null) return [];
  const fix = 'write tags as a list of { key, value } objects';
  if (!Array.isArray(raw)) throw new UserError(input, 'tags is not a list', fix);
  return raw.map((t: unknown, i) => {
    if (
      !isObject(t) ||
      typeof t.key !== 'string' ||
      !t.key ||
      !['string', 'undefined'].includes(typeof t.value)
    ) {
      throw new UserError(input, `tags[${i}] is not a { key, value } pair of strings`, fix);
    }
    return { key: t.key, value: (t.value as string | undefined) ?? '' };
  });
}

/** The rendered file's text: the definition's fields with `tags` beside them (omitted when there are none). */
export function renderedFileText(td: TaskDefinitionInput, tags: readonly Tag[]): string {
  return `${JSON.stringify(tags.length ? { ...td, tags } : td, null, 2)}\n`;
}

/** Write the rendered file into a new directory under `parentDir`; returns its path (`…/<family>.json`). */
export async function writeRenderedFile(
  parentDir: string,
  td: TaskDefinitionInput,
  tags: readonly Tag[],
): Promise<string> {
  const dir = await mkdtemp(join(parentDir, 'task-definition-'));
  const path = join(dir, `${td.family ?? 'task-definition'}.json`);
  await writeFile(path, renderedFileText(td, tags), { mode: 0o600 });
  return path;
}
