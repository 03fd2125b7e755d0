/** Nesting the recursive checks accept when the caller sets no limit: far beyond any real document. */
export const DEFAULT_MAX_DEPTH = 512;

/**
 * Where JSON text stops being valid, as an offset. Node's JSON.parse does not always say (V8 prints
 * "Unexpected token" without a position), and users need a line and column to fix a task definition.
 * Returns undefined when the text is valid JSON.
 */
export function jsonErrorOffset(
  text: string,
  maxDepth = DEFAULT_MAX_DEPTH,
): { offset: number; expected: string } | undefined {
  // The check below recurses once per level: refuse deep nesting first, so no text can exhaust the stack.
  const deep = jsonDepthBeyond(text, maxDepth);
  if (deep !== undefined) return { offset: deep, expected: `at most ${maxDepth} levels of nesting` };
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  class Stop extends Error {
    constructor(readonly expected: string) {
      super(expected);
    }
  }
  const fail = (expected: string): never => {
    throw new Stop(expected);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('a value');
  };
  const string = () => {
    if (text[i] !== '"') fail('a string in double quotes');
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('no raw control character inside a string');
      i++;
    }
    if (text[i] !== '"') fail('a closing "');
    i++;
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail('a value');
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail("':' after the key");
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("',' or ']'");
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail('the end of the document');
    return undefined;
  } catch (err) {
    if (err instanceof Stop) return { offset: Math.min(i, text.length), expected: err.expected };
    throw err;
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

/**
 * Where JSON-looking text first opens an object or list deeper than `maxDepth` levels (the outermost is
 * level 1), or undefined. One pass without recursion, skipping strings, so it is safe on any input.
 */
export function jsonDepthBeyond(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string; an unterminated one runs to the end, which the syntax check reports.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return undefined;
}

/** A segment of a path into a parsed document: an object key or a list index. */
export type PathSegment = string | number;

/** Where a member starts in the text: its key (objects only) and its value, as offsets. */
export interface Located {
  key?: number;
  value: number;
}

/** The key of a path in the maps below. */
export const pathKey = (path: readonly PathSegment[]): string => JSON.stringify(path);

/**
 * Offsets of every value in valid JSON text, by path (see {@link pathKey}); the root is `[]`. A loop with an
 * explicit stack, so depth costs no call stack. A repeated key keeps its last position, as JSON.parse keeps
 * its last value.
 */
export function jsonLocations(text: string): Map<string, Located> {
  const out = new Map<string, Located>();
  type Frame = { path: PathSegment[]; list: boolean; index: number };
  const stack: Frame[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const skipString = () => {
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    i++;
  };
  // Read one value at i for `path`; containers push a frame and are finished by the loop below.
  const value = (path: PathSegment[], key?: number) => {
    ws();
    out.set(pathKey(path), key === undefined ? { value: i } : { key, value: i });
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push({ path, list: c === '[', index: 0 });
      i++;
      return;
    }
    if (c === '"') return skipString();
    while (i < text.length && !',]} \t\r\n'.includes(text[i]!)) i++;
  };
  const member = (frame: Frame) => {
    ws();
    const start = i;
    skipString();
    const name = JSON.parse(text.slice(start, i)) as string;
    ws();
    i++; // ':'
    value([...frame.path, name], start);
  };
  value([]);
  while (stack.length) {
    const frame = stack.at(-1)!;
    ws();
    const c = text[i];
    if (c === '}' || c === ']') {
      i++;
      stack.pop();
      continue;
    }
    if (c === ',') i++;
    else if (i >= text.length) break;
    if (frame.list) value([...frame.path, frame.index++]);
    else member(frame);
  }
  return out;
}

/** 1-based line and column of offsets in one text, each found by binary search over its line starts. */
export function lineColumnFinder(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  };
}
