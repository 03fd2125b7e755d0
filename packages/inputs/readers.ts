import { parseDocument, type YAMLError } from 'yaml';
import { UserError } from './errors.js';
import { jsonErrorOffset, lineColumn } from './json-position.js';

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

/** Parse JSON or YAML text; errors name the input, the line and the column. */
export function parseJsonOrYaml(text: string, input: string): unknown {
  // Text that opens like JSON is held to JSON: YAML's flow syntax would accept `"cpu": ,` as null.
  if (/^\s*[[{]/.test(text)) {
    const bad = jsonErrorOffset(text);
    if (!bad) return JSON.parse(text) as unknown;
    const { line, col } = lineColumn(text, bad.offset);
    throw new UserError(
      input,
      `is not valid JSON at line ${line}, column ${col}: expected ${bad.expected}`,
      'fix the syntax there',
    );
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const err: YAMLError | undefined = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
    const what = err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'syntax error';
    throw new UserError(input, `is not valid JSON or YAML${where}: ${what}`, 'fix the syntax there');
  }
  return doc.toJS({ maxAliasCount: 100 });
}
