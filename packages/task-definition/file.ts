import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError, parseJsonOrYaml } from '../inputs/index.js';
import { normalizeForRegister, READ_ONLY_FIELDS } from './normalize.js';
import { isObject, type LoadedTaskDefinition, type Tag, type TaskDefinitionInput } from './types.js';

/** Top-level fields RegisterTaskDefinition takes (the SDK drops anything else without a word). */
const REGISTER_FIELDS = [
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
];
const KNOWN_FIELDS = new Set<string>([...REGISTER_FIELDS, ...READ_ONLY_FIELDS]);

/**
 * Read a task-definition file, JSON or YAML. Accepted shapes:
 * - what render writes and RegisterTaskDefinition takes: the definition's fields with `tags` beside them,
 *   `{ "family": …, "containerDefinitions": [ … ], …, "tags": [{ "key": …, "value": … }] }`;
 * - the same with the read-only fields Describe adds (`taskDefinitionArn`, `revision`, …), which are dropped;
 * - the whole DescribeTaskDefinition output, `{ "taskDefinition": { … }, "tags": [ … ] }`.
 * Returns the normalised definition ({@link normalizeForRegister}) and its tags. Any problem (missing
 * file, syntax error with line and column, wrong shape, unknown field) is a UserError naming `input`.
 */
export async function loadTaskDefinitionFile(path: string, input: string): Promise<LoadedTaskDefinition> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? `file ${path} does not exist`
        : code === 'EISDIR'
          ? `${path} is a directory`
          : `file ${path} cannot be read (${code ?? String(err)})`;
    throw new UserError(
      input,
      problem,
      'give the path of a JSON or YAML task definition, relative to the workspace (run actions/checkout first)',
    );
  }
  return parseTaskDefinitionDocument(parseJsonOrYaml(text, input), input);
}

/** Check and normalise a parsed task-definition document (see {@link loadTaskDefinitionFile} for shapes). */
export function parseTaskDefinitionDocument(doc: unknown, input: string): LoadedTaskDefinition {
  const shape = 'write an object with family and containerDefinitions (RegisterTaskDefinition fields)';
  if (!isObject(doc)) throw new UserError(input, 'is not a task definition (not an object)', shape);
  const described = isObject(doc.taskDefinition) && doc.family === undefined;
  const body = described ? (doc.taskDefinition as Record<string, unknown>) : doc;
  const unknown = Object.keys(body).filter((k) => !KNOWN_FIELDS.has(k));
  if (described) unknown.push(...Object.keys(doc).filter((k) => k !== 'taskDefinition' && k !== 'tags'));
  if (unknown.length) {
    throw new UserError(
      input,
      `has fields RegisterTaskDefinition does not know: ${unknown.join(', ')}`,
      `check the spelling; task-level fields are ${REGISTER_FIELDS.join(', ')}`,
    );
  }
  const tags = parseTags(described ? doc.tags : body.tags, input);
  const td = { ...body };
  delete td.tags;
  return { taskDefinition: checkTaskDefinition(normalizeForRegister(td), input), tags };
}

/** The structural checks every source gets: a family and uniquely named containers. */
export function checkTaskDefinition(td: TaskDefinitionInput, input: string): TaskDefinitionInput {
  if (typeof td.family !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(td.family)) {
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
