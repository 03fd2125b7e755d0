import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  parseDocument,
  Parser,
  CST,
  type ErrorCode,
  type Node,
  type YAMLError,
} from 'yaml';
import { UserError } from './errors.js';
import {
  DEFAULT_MAX_DEPTH,
  jsonDepthBeyond,
  jsonErrorOffset,
  jsonLocations,
  lineColumn,
  lineColumnFinder,
  pathKey,
  type Located,
  type PathSegment,
} from './json-position.js';

/** Where raw input text comes from: `core.getInput` in an action, a plain map in tests and the demo. */
export type InputSource = (name: string) => string | undefined;

export interface ReadOptions {
  /** Other accepted names, e.g. the aws-actions name for the same thing (migration is a one-line change). */
  alias?: string;
  required?: boolean;
}

export interface KeyValue {
  key: string;
  value: string;
  /** Line number (1-based) inside the input, for error messages. */
  line: number;
}

const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

/** Typed readers over an input source. Every reader trims and treats an empty value as absent. */
export class Inputs {
  constructor(private readonly source: InputSource) {}

  /** The raw value and the name it came from (the primary name or its alias). */
  private raw(name: string, opts: ReadOptions = {}): { value: string; from: string } | undefined {
    const primary = (this.source(name) ?? '').trim();
    if (primary) return { value: primary, from: name };
    if (opts.alias) {
      const aliased = (this.source(opts.alias) ?? '').trim();
      if (aliased) return { value: aliased, from: opts.alias };
    }
    if (opts.required) {
      throw new UserError(name, 'is required but was not given', `set \`${name}:\` in the step's \`with:\``);
    }
    return undefined;
  }

  /** Whether the user gave this input (or its alias) at all. */
  has(name: string, opts: ReadOptions = {}): boolean {
    return this.raw(name, { ...opts, required: false }) !== undefined;
  }

  string(name: string, opts: ReadOptions & { default: string }): string;
  string(name: string, opts?: ReadOptions): string | undefined;
  string(name: string, opts: ReadOptions & { default?: string } = {}): string | undefined {
    return this.raw(name, opts)?.value ?? opts.default;
  }

  /** One of a fixed set of words, compared case-insensitively; returns the canonical spelling. */
  choice<T extends string>(name: string, choices: readonly T[], opts: ReadOptions & { default: T }): T {
    const got = this.raw(name, opts);
    if (!got) return opts.default;
    const match = choices.find((c) => c.toLowerCase() === got.value.toLowerCase());
    if (!match) {
      throw new UserError(got.from, `"${got.value}" is not one of ${choices.join(', ')}`, `use one of them`);
    }
    return match;
  }

  /** Strict YAML 1.2 core booleans, as the runner's getBooleanInput accepts them. */
  boolean(name: string, opts: ReadOptions & { default: boolean }): boolean {
    const got = this.raw(name, opts);
    if (!got) return opts.default;
    if (TRUE.has(got.value)) return true;
    if (FALSE.has(got.value)) return false;
    throw new UserError(got.from, `"${got.value}" is not a boolean`, 'use true or false');
  }

  positiveInt(name: string, opts: ReadOptions & { default: number; min?: number; max?: number }): number;
  positiveInt(name: string, opts?: ReadOptions & { min?: number; max?: number }): number | undefined;
  positiveInt(
    name: string,
    opts: ReadOptions & { default?: number; min?: number; max?: number } = {},
  ): number | undefined {
    const got = this.raw(name, opts);
    if (!got) return opts.default;
    const min = opts.min ?? 1;
    if (!/^\d+$/.test(got.value)) {
      throw new UserError(
        got.from,
        `"${got.value}" is not a whole number`,
        `write a whole number of ${min} or more`,
      );
    }
    const n = Number(got.value);
    if (n < min || (opts.max !== undefined && n > opts.max)) {
      const range = opts.max !== undefined ? `from ${min} to ${opts.max}` : `of ${min} or more`;
      throw new UserError(got.from, `${n} is out of range`, `write a whole number ${range}`);
    }
    return n;
  }

  /**
   * A duration in seconds: `90s`, `10m`, `1h30m`. A bare number is rejected unless `bareUnit` says what it
   * means (aws-actions' `wait-for-minutes` is a bare number of minutes).
   */
  duration(
    name: string,
    opts: ReadOptions & { default: number; bareUnit?: 's' | 'm'; aliasBareUnit?: 's' | 'm' },
  ): number;
  duration(
    name: string,
    opts?: ReadOptions & { bareUnit?: 's' | 'm'; aliasBareUnit?: 's' | 'm' },
  ): number | undefined;
  duration(
    name: string,
    opts: ReadOptions & { default?: number; bareUnit?: 's' | 'm'; aliasBareUnit?: 's' | 'm' } = {},
  ): number | undefined {
    const got = this.raw(name, opts);
    if (!got) return opts.default;
    const bareUnit = got.from === name ? opts.bareUnit : (opts.aliasBareUnit ?? opts.bareUnit);
    return parseDuration(got.value, got.from, bareUnit);
  }

  /** Lines or comma-separated items; blank lines and `#` comments are ignored. */
  list(name: string, opts: ReadOptions = {}): string[] {
    const got = this.raw(name, opts);
    if (!got) return [];
    return splitList(got.value);
  }

  /**
   * `KEY=value` lines. Only the first `=` separates: `DSN=postgres://u@h/db?sslmode=require` keeps its
   * value whole. Blank lines and `#` comments are ignored.
   */
  keyValues(name: string, opts: ReadOptions = {}): KeyValue[] {
    const got = this.raw(name, opts);
    if (!got) return [];
    return parseKeyValues(got.value, got.from);
  }

  /** A JSON or YAML document (JSON is YAML), with line and column on a syntax error. */
  document(name: string, opts: ReadOptions = {}): unknown {
    const got = this.raw(name, opts);
    if (!got) return undefined;
    return parseJsonOrYaml(got.value, got.from);
  }
}

const DURATION = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?$/;

export function parseDuration(text: string, input: string, bareUnit?: 's' | 'm'): number {
  const value = text.replace(/\s+/g, '').toLowerCase();
  if (/^\d+$/.test(value)) {
    if (bareUnit === 's') return Number(value);
    if (bareUnit === 'm') return Number(value) * 60;
    throw new UserError(input, `"${text}" has no unit`, `write it with a unit, e.g. ${value}s or ${value}m`);
  }
  const m = DURATION.exec(value);
  if (!value || !m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) {
    throw new UserError(
      input,
      `"${text}" is not a duration`,
      'write hours, minutes and seconds like 90s, 10m or 1h30m',
    );
  }
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

export function splitList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

export function parseKeyValues(text: string, input: string): KeyValue[] {
  const out: KeyValue[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? '' : line.slice(0, eq).trim();
    if (eq < 0 || !key) {
      throw new UserError(
        input,
        `line ${index + 1} is not KEY=value`,
        'write one KEY=value per line (everything after the first = is the value)',
      );
    }
    out.push({ key, value: line.slice(eq + 1).trim(), line: index + 1 });
  });
  return out;
}

export interface ParseOptions {
  /**
   * Say only where and what kind of syntax error it is, never a piece of the text: for files that may turn
   * out not to be what the input expects (a path to a secret, say), whose content must not reach the log.
   */
  quiet?: boolean;
  /** Refuse objects and lists nested deeper than this (the outermost is level 1); default 512. */
  maxDepth?: number;
}

/** A parsed document that can say where each of its values is in the text. */
export interface LocatedDocument {
  value: unknown;
  /**
   * 1-based line and column of `path` (its key for an object member unless `at` is `value`); when the path
   * is not in the text (a missing member, a value made by an alias), those of its nearest ancestor that is.
   */
  locate: (path: readonly PathSegment[], at?: 'key' | 'value') => { line: number; col: number } | undefined;
}

/** Parse JSON or YAML text; errors name the input, the line and the column. */
export function parseJsonOrYaml(text: string, input: string, opts: ParseOptions = {}): unknown {
  return parseLocatedJsonOrYaml(text, input, opts).value;
}

/**
 * {@link parseJsonOrYaml}, keeping the way back from a path in the value to its line and column in the text
 * (for JSON and YAML alike, found only when asked for).
 */
export function parseLocatedJsonOrYaml(
  text: string,
  input: string,
  opts: ParseOptions = {},
): LocatedDocument {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const tooDeep = (where: string) =>
    new UserError(
      input,
      `nests objects and lists more than ${maxDepth} levels deep${where}`,
      'a task definition or report needs only a few levels; check that this is the file you meant',
    );
  // Text that opens like JSON is held to JSON: YAML's flow syntax would accept `"cpu": ,` as null.
  if (/^\s*[[{]/.test(text)) {
    const deep = jsonDepthBeyond(text, maxDepth);
    if (deep !== undefined) throw tooDeep(atLineColumn(lineColumn(text, deep)));
    const bad = jsonErrorOffset(text, maxDepth);
    if (bad) {
      const { line, col } = lineColumn(text, bad.offset);
      throw new UserError(
        input,
        `is not valid JSON at line ${line}, column ${col}: expected ${bad.expected}`,
        'fix the syntax there',
      );
    }
    const value = JSON.parse(text) as unknown;
    return located(value, () => jsonLocations(text), lineColumnFinder(text));
  }
  // The YAML composer recurses per level (and very deep input can exhaust memory, not only the stack), so
  // the depth is measured first on the parser's tokens, which are built without recursion.
  const deep = yamlDepthBeyond(text, maxDepth);
  if (deep !== undefined) throw tooDeep(atLineColumn(lineColumn(text, deep)));
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter });
  const err: YAMLError | undefined = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
    const what = opts.quiet
      ? (YAML_PROBLEMS[err.code] ?? 'a syntax error')
      : (err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'syntax error');
    throw new UserError(input, `is not valid JSON or YAML${where}: ${what}`, 'fix the syntax there');
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The yaml package refuses alias expansion that would blow up ("billion laughs"), and an alias to an
    // anchor not defined before it; its messages quote the alias, so they are not passed on.
    throw /excessive alias/i.test(String(e))
      ? new UserError(input, 'expands too many YAML aliases', 'write the values out instead of using aliases')
      : new UserError(
          input,
          'has a YAML alias (*name) that refers to no anchor (&name) before it',
          'define the anchor before the alias, or write the value out',
        );
  }
  // Aliases can build depth the text does not show.
  if (depthBeyond(value, maxDepth)) throw tooDeep('');
  return located(
    value,
    () => yamlLocations(doc.contents),
    (offset) => lineCounter.linePos(offset),
  );
}

const atLineColumn = ({ line, col }: { line: number; col: number }) => ` (at line ${line}, column ${col})`;

/** What each YAML error code means, in words that quote nothing from the text. */
const YAML_PROBLEMS: Partial<Record<ErrorCode, string>> = {
  ALIAS_PROPS: 'an alias has an anchor or tag',
  BAD_ALIAS: 'an alias is malformed or refers to no anchor',
  BAD_DIRECTIVE: 'a directive is malformed',
  BAD_DQ_ESCAPE: 'a double-quoted string has an invalid escape',
  BAD_INDENT: 'the indentation is wrong',
  BAD_PROP_ORDER: 'an anchor or tag is misplaced',
  BAD_SCALAR_START: 'a plain value starts with a reserved character',
  BLOCK_AS_IMPLICIT_KEY: 'a key is a block value or spans lines',
  BLOCK_IN_FLOW: 'a block collection is inside [ ] or { }',
  DUPLICATE_KEY: 'a key is repeated in one mapping',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
  MISSING_CHAR: 'a closing or separating character is missing',
  MULTILINE_IMPLICIT_KEY: 'a key spans more than one line',
  MULTIPLE_ANCHORS: 'a node has more than one anchor',
  MULTIPLE_DOCS: 'the text holds more than one document',
  MULTIPLE_TAGS: 'a node has more than one tag',
  NON_STRING_KEY: 'a key is not a string',
  RESOURCE_EXHAUSTION: 'it nests or expands too much',
  TAB_AS_INDENT: 'a tab is used for indentation',
  TAG_RESOLVE_FAILED: 'a tag cannot be resolved',
  UNEXPECTED_TOKEN: 'an unexpected character',
  BAD_COLLECTION_TYPE: 'a collection has the wrong type for its tag',
};

function located(
  value: unknown,
  build: () => Map<string, Located>,
  position: (offset: number) => { line: number; col: number },
): LocatedDocument {
  let map: Map<string, Located> | undefined;
  return {
    value,
    locate: (path, at = 'key') => {
      map ??= build();
      for (let n = path.length; n >= 0; n--) {
        const found = map.get(pathKey(path.slice(0, n)));
        if (found)
          return position(n === path.length && at === 'key' ? (found.key ?? found.value) : found.value);
      }
      return undefined;
    },
  };
}

/** Offsets of the values of a composed YAML document by path, the way {@link jsonLocations} gives JSON's. */
function yamlLocations(root: Node | null): Map<string, Located> {
  const out = new Map<string, Located>();
  const stack: { node: unknown; path: PathSegment[]; key?: number }[] = [{ node: root, path: [] }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { node, path, key } = item;
    // An alias's value lives at its anchor; it keeps the alias's own place and nothing below it.
    if (!node || typeof node !== 'object' || !('range' in node)) continue;
    const start = (node as Node).range?.[0];
    if (start !== undefined)
      out.set(pathKey(path), key === undefined ? { value: start } : { key, value: start });
    if (isAlias(node)) continue;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        // Scalar keys become strings in the parsed value, as here (`1: x` is key "1").
        const raw = pair.key.value as string | number | boolean | bigint | null;
        const name = raw === null ? '' : String(raw);
        const keyAt = pair.key.range?.[0];
        if (pair.value) stack.push({ node: pair.value, path: [...path, name], key: keyAt });
        else if (keyAt !== undefined) out.set(pathKey([...path, name]), { key: keyAt, value: keyAt });
      }
    } else if (isSeq(node)) {
      node.items.forEach((child, i) => stack.push({ node: child, path: [...path, i] }));
    }
  }
  return out;
}

/** Where YAML text first opens a collection deeper than `maxDepth`, measured on the parser's tokens. */
function yamlDepthBeyond(text: string, maxDepth: number): number | undefined {
  // The parser slows down with depth (seconds for a megabyte of `- - - …`); the lexer does not, and it
  // already sees the usual ways to nest deep: open brackets, and `- ` or `? ` repeated on one line.
  let offset = 0;
  let flow = 0;
  let onLine = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'newline') onLine = 0;
    else if (type === 'flow-map-start' || type === 'flow-seq-start') {
      if (++flow > maxDepth) return offset;
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') flow--;
    else if ((type === 'seq-item-ind' || type === 'explicit-key-ind') && ++onLine > maxDepth) return offset;
    // The lexer's markers of a document, scalar or flow end take no place in the text.
    if (token !== CST.DOCUMENT && token !== CST.SCALAR && token !== CST.FLOW_END) offset += token.length;
  }
  const stack: [CST.Token | null | undefined, number][] = [];
  for (const token of new Parser().parse(text)) stack.push([token, 0]);
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [token, outer] = item;
    if (!token) continue;
    if (token.type === 'document') {
      stack.push([token.value, outer]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      const depth = outer + 1;
      if (depth > maxDepth) return token.offset;
      for (const entry of token.items as CST.CollectionItem[])
        stack.push([entry.key, depth], [entry.value, depth]);
    }
  }
  return undefined;
}

/** Whether a parsed value nests deeper than `maxDepth`, without recursion. */
function depthBeyond(value: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, outer] = item;
    if (typeof node !== 'object' || node === null) continue;
    if (outer + 1 > maxDepth) return true;
    for (const child of Object.values(node)) stack.push([child, outer + 1]);
  }
  return false;
}
