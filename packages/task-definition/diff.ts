import { code, table } from '../markdown/index.js';
import { canonical, stableJson } from './normalize.js';
import { isObject, type JsonObject } from './types.js';

/** One difference between two task definitions, printable without revealing any secret. */
export interface TaskDefinitionChange {
  /** The container it concerns; absent for task-level fields (cpu, memory, roles, tags…). */
  container?: string;
  /**
   * What changed: `container` (added or removed), a container field (`image`, `environment`, `secrets`,
   * `dockerLabels`, `logDriver`, `logOptions`, `command`, `cpu`, …) or a task field (`cpu`, `memory`,
   * `taskRoleArn`, `tags`, …).
   */
  field: string;
  /** The variable, label, option or tag name, for keyed fields. */
  key?: string;
  kind: 'added' | 'changed' | 'removed';
  /** Old and new values as text; never set for environment values or secret references. */
  before?: string;
  after?: string;
}

/** Fields whose values are never shown: environment values and anything referring to a secret. */
const HIDDEN = new Set(['environment', 'secrets', 'secretOptions', 'repositoryCredentials']);
const KEYED_CONTAINER_FIELDS: Record<string, { entryKey: string; valueKey: string }> = {
  environment: { entryKey: 'name', valueKey: 'value' },
  secrets: { entryKey: 'name', valueKey: 'valueFrom' },
};
const MAX_SHOWN = 200;

/**
 * What differs from `before` to `after` (task definitions, each optionally with `tags`), after the same
 * normalisation as {@link sameContent}: task fields first, then containers in `after`'s order, then
 * removed containers, then tags. Environment values and secret references are compared but never included.
 */
export function diffTaskDefinitions(before: object, after: object): TaskDefinitionChange[] {
  const a = canonical(before);
  const b = canonical(after);
  const changes: TaskDefinitionChange[] = [];
  const taskFields = union(a, b).filter((f) => f !== 'containerDefinitions' && f !== 'tags');
  for (const field of taskFields) changes.push(...valueChange(undefined, field, a[field], b[field]));

  const oldContainers = byName(a.containerDefinitions);
  const newContainers = byName(b.containerDefinitions);
  for (const [name, container] of newContainers) {
    const old = oldContainers.get(name);
    if (!old) {
      changes.push({
        container: name,
        field: 'container',
        kind: 'added',
        ...shown('image', container.image, 'after'),
      });
    } else {
      changes.push(...containerChanges(name, old, container));
    }
  }
  for (const [name, container] of oldContainers) {
    if (!newContainers.has(name)) {
      changes.push({
        container: name,
        field: 'container',
        kind: 'removed',
        ...shown('image', container.image, 'before'),
      });
    }
  }
  changes.push(
    ...keyedChanges(undefined, 'tags', asMap(a.tags, 'key', 'value'), asMap(b.tags, 'key', 'value')),
  );
  return changes;
}

function containerChanges(name: string, a: JsonObject, b: JsonObject): TaskDefinitionChange[] {
  const changes: TaskDefinitionChange[] = [];
  for (const field of union(a, b)) {
    const keyed = KEYED_CONTAINER_FIELDS[field];
    if (keyed) {
      changes.push(
        ...keyedChanges(
          name,
          field,
          asMap(a[field], keyed.entryKey, keyed.valueKey),
          asMap(b[field], keyed.entryKey, keyed.valueKey),
        ),
      );
    } else if (field === 'dockerLabels') {
      changes.push(...keyedChanges(name, field, objectMap(a[field]), objectMap(b[field])));
    } else if (field === 'logConfiguration') {
      const la = isObject(a[field]) ? a[field] : {};
      const lb = isObject(b[field]) ? b[field] : {};
      changes.push(...valueChange(name, 'logDriver', la.logDriver, lb.logDriver));
      changes.push(...keyedChanges(name, 'logOptions', objectMap(la.options), objectMap(lb.options)));
      changes.push(
        ...keyedChanges(
          name,
          'secretOptions',
          asMap(la.secretOptions, 'name', 'valueFrom'),
          asMap(lb.secretOptions, 'name', 'valueFrom'),
        ),
      );
    } else {
      changes.push(...valueChange(name, field, a[field], b[field]));
    }
  }
  return changes;
}

function valueChange(
  container: string | undefined,
  field: string,
  a: unknown,
  b: unknown,
): TaskDefinitionChange[] {
  if (stableJson(a) === stableJson(b)) return [];
  const kind = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
  const change: TaskDefinitionChange = { ...(container ? { container } : {}), field, kind };
  if (!HIDDEN.has(field)) {
    if (a !== undefined) change.before = display(a);
    if (b !== undefined) change.after = display(b);
  }
  return [change];
}

function keyedChanges(
  container: string | undefined,
  field: string,
  a: Map<string, unknown>,
  b: Map<string, unknown>,
): TaskDefinitionChange[] {
  const changes: TaskDefinitionChange[] = [];
  const hidden = HIDDEN.has(field);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const key of keys) {
    const [va, vb] = [a.get(key), b.get(key)];
    if (stableJson(va) === stableJson(vb)) continue;
    const kind = !a.has(key) ? 'added' : !b.has(key) ? 'removed' : 'changed';
    const change: TaskDefinitionChange = { ...(container ? { container } : {}), field, key, kind };
    if (!hidden) {
      if (a.has(key)) change.before = display(va);
      if (b.has(key)) change.after = display(vb);
    }
    changes.push(change);
  }
  return changes;
}

function shown(field: string, value: unknown, side: 'before' | 'after'): { before?: string; after?: string } {
  return value === undefined || HIDDEN.has(field) ? {} : { [side]: display(value) };
}

function display(value: unknown): string {
  const text = typeof value === 'string' ? value : stableJson(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

function union(a: JsonObject, b: JsonObject): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])];
}

function byName(list: unknown): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  if (Array.isArray(list)) for (const c of list) if (isObject(c)) out.set(String(c.name), c);
  return out;
}

function asMap(list: unknown, entryKey: string, valueKey: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (Array.isArray(list)) for (const e of list) if (isObject(e)) out.set(String(e[entryKey]), e[valueKey]);
  return out;
}

function objectMap(value: unknown): Map<string, unknown> {
  return new Map(isObject(value) ? Object.entries(value) : []);
}

const FIELD_LABELS: Record<string, string> = {
  logOptions: 'log option',
  dockerLabels: 'label',
  secretOptions: 'log secret',
};

/** One line for logs: `app: image repo:1 → repo:2`, `app: environment LOG_LEVEL added`, `cpu 256 → 512`. */
export function formatChange(c: TaskDefinitionChange): string {
  const where = c.container ? `${c.container}: ` : '';
  const what = c.key !== undefined ? `${FIELD_LABELS[c.field] ?? c.field} ${c.key}` : c.field;
  if (c.field === 'container')
    return `${where}container ${c.kind}${(c.after ?? c.before) ? ` (${c.after ?? c.before})` : ''}`;
  if (c.kind === 'changed' && c.before !== undefined && c.after !== undefined)
    return `${where}${what} ${c.before} → ${c.after}`;
  if (c.kind === 'added' && c.after !== undefined) return `${where}${what} added: ${c.after}`;
  if (c.kind === 'removed' && c.before !== undefined) return `${where}${what} removed (was ${c.before})`;
  return `${where}${what} ${c.kind}`;
}

/** The changes as a markdown table (container, field, change) for job summaries and reports. */
export function changesTable(changes: readonly TaskDefinitionChange[]): string {
  if (!changes.length) return '_No changes._\n';
  const rows = changes.map((c) => {
    const field = c.key !== undefined ? `${FIELD_LABELS[c.field] ?? c.field} ${code(c.key)}` : c.field;
    let change: string = c.kind;
    if (c.before !== undefined && c.after !== undefined) change = `${code(c.before)} → ${code(c.after)}`;
    else if (c.after !== undefined) change = `added: ${code(c.after)}`;
    else if (c.before !== undefined) change = `removed (was ${code(c.before)})`;
    return [c.container ? code(c.container) : 'task', field, change];
  });
  return `${table(['container', 'field', 'change'], rows)}\n`;
}
