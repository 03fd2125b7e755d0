import { describe, expect, it } from '@jest/globals';
import { parseJsonOrYaml, parseLocatedJsonOrYaml, UserError } from '../index.js';

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

const JSON_TEXT = [
  '{',
  '  "family": "web",',
  '  "containerDefinitions": [',
  '    { "name": "app", "environment": [{ "name": "A", "value": "1" }] },',
  '    {',
  '      "name": "nginx",',
  '      "logConfiguration": { "options": { "awslogs-group": "/ecs/web" } }',
  '    }',
  '  ],',
  '  "tags": []',
  '}',
].join('\n');

const YAML_TEXT = [
  '# a comment',
  'family: web',
  'containerDefinitions:',
  '  - name: app',
  '    environment: [{ name: A, value: "1" }]',
  '  - name: nginx',
  '    logConfiguration:',
  '      options:',
  '        awslogs-group: /ecs/web',
  'tags: []',
].join('\n');

describe('parseLocatedJsonOrYaml', () => {
  it.each([
    ['JSON', JSON_TEXT],
    ['YAML', YAML_TEXT],
  ])('parses %s to the same value', (_kind, text) => {
    expect(parseLocatedJsonOrYaml(text, 'x').value).toEqual(JSON.parse(JSON_TEXT));
  });

  it('locates keys and values in JSON', () => {
    const { locate } = parseLocatedJsonOrYaml(JSON_TEXT, 'x');
    expect(locate(['family'])).toEqual({ line: 2, col: 3 });
    expect(locate(['family'], 'value')).toEqual({ line: 2, col: 13 });
    expect(locate(['containerDefinitions', 0, 'environment', 0, 'value'])).toEqual({ line: 4, col: 53 });
    expect(locate(['containerDefinitions', 1])).toEqual({ line: 5, col: 5 });
    expect(locate(['containerDefinitions', 1, 'logConfiguration', 'options', 'awslogs-group'])).toEqual({
      line: 7,
      col: 42,
    });
    // A path that is not in the text falls back to its nearest ancestor's value.
    expect(locate(['containerDefinitions', 1, 'missing', 'deeper'])).toEqual({ line: 5, col: 5 });
    expect(locate([])).toEqual({ line: 1, col: 1 });
  });

  it('locates keys and values in YAML', () => {
    const { locate } = parseLocatedJsonOrYaml(YAML_TEXT, 'x');
    expect(locate(['family'])).toEqual({ line: 2, col: 1 });
    expect(locate(['family'], 'value')).toEqual({ line: 2, col: 9 });
    expect(locate(['containerDefinitions', 0, 'environment', 0, 'value'])).toEqual({ line: 5, col: 30 });
    expect(locate(['containerDefinitions', 1])).toEqual({ line: 6, col: 5 });
    expect(locate(['containerDefinitions', 1, 'logConfiguration', 'options', 'awslogs-group'])).toEqual({
      line: 9,
      col: 9,
    });
    expect(locate(['tags', 0])).toEqual({ line: 10, col: 7 });
  });

  it('locates what JSON.parse keeps of a repeated key: the last', () => {
    const { value, locate } = parseLocatedJsonOrYaml('{"a": 1,\n "a": 2}', 'x');
    expect(value).toEqual({ a: 2 });
    expect(locate(['a'])).toEqual({ line: 2, col: 2 });
  });

  it('keeps an alias at its own place', () => {
    const { value, locate } = parseLocatedJsonOrYaml('base: &b { x: 1 }\ncopy: *b\n', 'x');
    expect(value).toEqual({ base: { x: 1 }, copy: { x: 1 } });
    expect(locate(['copy', 'x'])).toEqual({ line: 2, col: 7 });
  });
});

describe('depth', () => {
  it('refuses nesting past maxDepth in JSON and YAML, with where it starts', () => {
    expect(parseJsonOrYaml('{"a":{"b":{"c":1}}}', 'x', { maxDepth: 3 })).toEqual({ a: { b: { c: 1 } } });
    expect(userError(() => parseJsonOrYaml('{"a":{"b":{"c":[]}}}', 'x', { maxDepth: 3 })).problem).toBe(
      'nests objects and lists more than 3 levels deep (at line 1, column 16)',
    );
    expect(parseJsonOrYaml('a:\n  b:\n    c: 1\n', 'x', { maxDepth: 3 })).toEqual({ a: { b: { c: 1 } } });
    for (const [text, line, col] of [
      ['a:\n  b:\n    c:\n      - 1\n', 4, 7],
      ['a: x\nb: [[[[1]]]]\n', 2, 7],
      ['- - - - 1\n', 1, 7],
    ] as const) {
      expect(userError(() => parseJsonOrYaml(text, 'x', { maxDepth: 3 })).problem).toBe(
        `nests objects and lists more than 3 levels deep (at line ${line}, column ${col})`,
      );
    }
  });

  it('refuses depth made by aliases', () => {
    const text = 'a: &a [1]\nb: &b [*a]\nc: &c [*b]\nd: [*c]\n';
    expect(userError(() => parseJsonOrYaml(text, 'x', { maxDepth: 3 })).problem).toBe(
      'nests objects and lists more than 3 levels deep',
    );
  });

  it('guards every caller by default, far from any real document', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(userError(() => parseJsonOrYaml(deep, 'x')).problem).toMatch(/more than 512 levels deep/);
    expect(userError(() => parseJsonOrYaml(`x: ${deep}`, 'x')).problem).toMatch(/more than 512 levels deep/);
    expect(userError(() => parseJsonOrYaml(`x:\n${'- '.repeat(100_000)}1`, 'x')).problem).toMatch(
      /more than 512 levels deep/,
    );
    const fine = '['.repeat(200) + ']'.repeat(200);
    expect(parseJsonOrYaml(fine, 'x')).toBeInstanceOf(Array);
  });
});

describe('quiet syntax errors', () => {
  it.each([
    [
      'password: hunter2\n  api_key: sk_live_abc: x\n',
      /at line 1, column \d+: a key is a block value or spans lines/,
    ],
    ['password: "hunter2\n', /at line \d+, column \d+: a closing or separating character is missing/],
    ['password: "a\\qhunter2"\n', /at line 1, column \d+: a double-quoted string has an invalid escape/],
    ['password: *hunter2\n', /has a YAML alias \(\*name\) that refers to no anchor/],
    ['a: 1\na: hunter2\n', /at line 2, column 1: a key is repeated in one mapping/],
    ['{"password": hunter2}', /at line 1, column 14: expected a value/],
  ])('say where and what kind, never what: %j', (text, message) => {
    const quiet = userError(() => parseJsonOrYaml(text, 'x', { quiet: true }));
    expect(quiet.problem).toMatch(message);
    expect(quiet.message).not.toMatch(/hunter2|password|vault|api_key/);
  });

  it('keep the parser’s own words when not quiet', () => {
    const loud = userError(() => parseJsonOrYaml('a: "x\\q"\n', 'x'));
    expect(loud.problem).toContain('Invalid escape sequence \\q');
  });

  it('refuse an alias expansion that would blow up', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      lines.push(
        `${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(10)
          .fill(`*${'abcdefgh'[i - 1]}`)
          .join(', ')}]`,
      );
    const err = userError(() => parseJsonOrYaml(lines.join('\n'), 'x'));
    expect(err.problem).toMatch(/expands too many YAML aliases|nests or expands too much/);
  });
});
