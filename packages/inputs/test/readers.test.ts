import { describe, expect, it } from '@jest/globals';
import { Inputs, UserError, parseDuration, parseJsonOrYaml } from '../index.js';

const from = (values: Record<string, string>) => new Inputs((name) => values[name]);

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('durations', () => {
  it.each([
    ['90s', 90],
    ['10m', 600],
    ['1h30m', 5400],
    ['1h', 3600],
    ['2m30s', 150],
    [' 1h 5m ', 3900],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseDuration(text, 'timeout')).toBe(seconds);
  });

  it('rejects a bare number unless the input says what unit it is', () => {
    const err = userError(() => parseDuration('30', 'timeout'));
    expect(err.input).toBe('timeout');
    expect(err.message).toContain('no unit');
    expect(parseDuration('30', 'wait-for-minutes', 'm')).toBe(1800);
    expect(parseDuration('30', 'x', 's')).toBe(30);
  });

  it.each(['10 minutes', 'm', '1.5m', '-3s', '10ms'])('rejects %s', (text) => {
    expect(userError(() => parseDuration(text, 'timeout')).input).toBe('timeout');
  });

  it('applies the alias unit when the alias was used', () => {
    const inputs = from({ 'wait-for-minutes': '5' });
    expect(inputs.duration('timeout', { alias: 'wait-for-minutes', aliasBareUnit: 'm', default: 1800 })).toBe(
      300,
    );
    expect(() =>
      from({ timeout: '5' }).duration('timeout', { alias: 'wait-for-minutes', aliasBareUnit: 'm' }),
    ).toThrow(UserError);
  });
});

describe('booleans', () => {
  it('accepts only YAML core spellings', () => {
    expect(from({ a: 'TRUE' }).boolean('a', { default: false })).toBe(true);
    expect(from({ a: 'False' }).boolean('a', { default: true })).toBe(false);
    expect(from({}).boolean('a', { default: true })).toBe(true);
    const err = userError(() => from({ a: 'yes' }).boolean('a', { default: false }));
    expect(err.input).toBe('a');
    expect(err.message).toBe('a: "yes" is not a boolean. use true or false');
  });
});

describe('integers and choices', () => {
  it('reads positive integers within bounds', () => {
    expect(from({ n: '3' }).positiveInt('n', { default: 1 })).toBe(3);
    expect(userError(() => from({ n: '0' }).positiveInt('n')).message).toContain('out of range');
    expect(userError(() => from({ n: '2.5' }).positiveInt('n')).message).toContain('not a whole number');
    expect(userError(() => from({ n: '11' }).positiveInt('n', { max: 10 })).message).toContain(
      'from 1 to 10',
    );
  });

  it('matches choices case-insensitively and returns the canonical word', () => {
    expect(
      from({ s: 'blue_green' }).choice('s', ['auto', 'ROLLING', 'BLUE_GREEN'], { default: 'auto' }),
    ).toBe('BLUE_GREEN');
    expect(userError(() => from({ s: 'x' }).choice('s', ['a', 'b'], { default: 'a' })).message).toContain(
      'a, b',
    );
  });
});

describe('lists and KEY=value lines', () => {
  it('splits on newlines and commas and ignores comments and blanks', () => {
    expect(from({ l: 'a, b\n\n# note\nc\n' }).list('l')).toEqual(['a', 'b', 'c']);
  });

  it('keeps every = after the first inside the value', () => {
    const kv = from({ env: 'DSN=postgres://u@h/db?sslmode=require&x=1\n# c\nEMPTY=\nB64=YWJj==' }).keyValues(
      'env',
    );
    expect(kv.map(({ key, value }) => [key, value])).toEqual([
      ['DSN', 'postgres://u@h/db?sslmode=require&x=1'],
      ['EMPTY', ''],
      ['B64', 'YWJj=='],
    ]);
  });

  it('names the line without an =', () => {
    const err = userError(() => from({ env: 'A=1\nnot a pair' }).keyValues('env'));
    expect(err.input).toBe('env');
    expect(err.message).toContain('line 2');
  });

  it('requires a required input and names its key', () => {
    const err = userError(() => from({}).string('cluster', { required: true }));
    expect(err.input).toBe('cluster');
    expect(err.message).toContain('required');
  });

  it('falls back to the alias name', () => {
    expect(from({ 'container-name': 'app' }).string('container', { alias: 'container-name' })).toBe('app');
  });
});

describe('documents', () => {
  it('parses JSON and YAML', () => {
    expect(parseJsonOrYaml('{"a": [1, 2]}', 'x')).toEqual({ a: [1, 2] });
    expect(parseJsonOrYaml('a:\n  - 1\n  - b\n', 'x')).toEqual({ a: [1, 'b'] });
  });

  it('reports line and column of a syntax error', () => {
    const err = userError(() => parseJsonOrYaml('{\n  "family": "web",\n  "cpu": ,\n}', 'task-definition'));
    expect(err.input).toBe('task-definition');
    expect(err.message).toMatch(/line 3, column \d+/);
  });
});

describe('JSON error positions', () => {
  it.each([
    ['{"a": 1,}', 1, 9],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ['[1, 2', 1, 6],
    ['{"a": tru}', 1, 7],
    ['{"a": 1} x', 1, 10],
  ])('%j fails at line %d column %d', (text, line, col) => {
    expect(userError(() => parseJsonOrYaml(text, 'f')).message).toContain(`line ${line}, column ${col}`);
  });

  it('accepts every valid JSON shape', () => {
    const doc = { a: [1, -2.5e3, true, false, null, 'x\\"y\n'], b: {}, c: [] };
    expect(parseJsonOrYaml(JSON.stringify(doc, null, 2), 'f')).toEqual(doc);
  });
});
