/**
 * A mistake the user can fix: it names the input (or setting) at fault, what was wrong, and how to fix it.
 * Entries print it as one annotation without a stack trace; anything else is a bug or an AWS failure.
 *
 * Messages quote what the user gave, and a user can give anything: a 120,000-character `service` must not
 * come back whole in an annotation. `quote` cuts one value; UserError passes its texts through `boundText`
 * as well, so a message built with a bare `"${value}"` or JSON.stringify is bounded all the same.
 */

/** Characters of one quoted value a message shows; the rest is counted, not printed. */
export const QUOTE_LIMIT = 200;
/** Characters a UserError keeps of its problem, and of its fix. */
export const MESSAGE_LIMIT = 1_500;

/** The number of characters (code points, as a reader counts them) in `text`. */
export function charCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The UTF-16 index after the first `chars` characters of `text` (never inside a surrogate pair). */
function indexAfter(text: string, chars: number): number {
  let i = 0;
  for (let n = 0; n < chars && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return i;
}

/**
 * Where to cut `text` to keep `max` characters, or undefined when nothing would go. A rest of just `…` is
 * kept: it is the mark of an earlier cut, so a bounded message passed through again stays as it is.
 */
function cutIndex(text: string, max: number): number | undefined {
  if (text.length <= max) return undefined;
  const end = indexAfter(text, max);
  const rest = text.slice(end);
  return rest === '' || rest === '…' ? undefined : end;
}

const thousands = (n: number) => n.toLocaleString('en-US');

/** `value` cut to its first `max` characters, then `… (N more characters)`; short values are unchanged. */
export function shorten(value: string, max = QUOTE_LIMIT): string {
  const end = cutIndex(value, max);
  if (end === undefined) return value;
  return `${value.slice(0, end)}… (${thousands(charCount(value.slice(end)))} more characters)`;
}

/**
 * A value quoted for a message, JSON-escaped so newlines and quotes inside stay visible: `"private-a"`, or
 * for a long one `"aaaa…" (119,800 more characters)` (characters of the escaped form).
 */
export function quote(value: string): string {
  const json = JSON.stringify(value);
  return cutValue(json, json.slice(1, -1));
}

const SPACE = /\s/;

/**
 * Cut each value in `text`: a double-quoted stretch, plain (`"${v}"`) or JSON-escaped (`JSON.stringify(v)`),
 * or else a run without spaces (an id or URL pasted where something else was expected). A scanner, not a
 * regular expression: hostile text such as `\"\"\"…` must not make matching quadratic.
 */
function cutValues(text: string): string {
  const parts: string[] = [];
  let quotes = true;
  let i = 0;
  while (i < text.length) {
    if (quotes && text[i] === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j < text.length) {
        parts.push(cutValue(text.slice(i, j + 1), text.slice(i + 1, j)));
        i = j + 1;
        continue;
      }
      // This quote never closes, and no later one can (it would read the rest the same way): from here
      // on, quotes are plain characters.
      quotes = false;
    }
    let j = i;
    while (j < text.length && !SPACE.test(text[j]!) && !(quotes && text[j] === '"')) j++;
    if (j === i) j++;
    parts.push(j - i > 1 ? cutValue(text.slice(i, j), undefined) : text[i]!);
    i = j;
  }
  return parts.join('');
}

function cutValue(match: string, inner: string | undefined): string {
  if (inner === undefined) return shorten(match);
  let end = cutIndex(inner, QUOTE_LIMIT);
  if (end === undefined) return match;
  // Never end on half an escape such as `\"` or `\n`.
  const slashes = /\\*$/.exec(inner.slice(0, end))![0].length;
  if (slashes % 2) end--;
  return `"${inner.slice(0, end)}…" (${thousands(charCount(inner.slice(end)))} more characters)`;
}

/**
 * Bound a message that may hold user values: quoted stretches and unbroken runs longer than QUOTE_LIMIT
 * characters are cut as `quote` and `shorten` do; then, if the whole is still longer than `max`
 * characters, its middle is left out, so the start (what was wrong) and the end (how to fix it) stay.
 * The result has at most `max` characters (for `max` of 100 or more).
 */
export function boundText(text: string, max = MESSAGE_LIMIT): string {
  if (text.length <= QUOTE_LIMIT) return text;
  const out = cutValues(text);
  const total = charCount(out);
  if (total <= max) return out;
  // The note in the middle takes at most NOTE characters; the end keeps a quarter, the start the rest.
  const NOTE = 48;
  const tailChars = Math.floor(max / 4);
  const head = indexAfter(out, Math.max(0, max - tailChars - NOTE));
  const tail = indexAfter(out, total - tailChars);
  return `${out.slice(0, head)} … (${thousands(charCount(out.slice(head, tail)))} characters left out) … ${out.slice(tail)}`;
}

export class UserError extends Error {
  override readonly name = 'UserError';
  /** The action input (or other setting) at fault, e.g. `task-definition`. */
  readonly input: string | undefined;
  /** What was wrong, e.g. `"10" has no unit`; bounded by `boundText`. */
  readonly problem: string;
  /** How to fix it, e.g. `write 10s, 10m or 1h30m`; bounded by `boundText`. */
  readonly fix: string;

  constructor(input: string | undefined, problem: string, fix: string) {
    const name = input === undefined ? undefined : shorten(input, 100);
    const what = boundText(problem);
    const how = boundText(fix);
    // A problem that ends with its own mark ("did you mean environment?") takes no extra full stop.
    super(`${name ? `${name}: ` : ''}${what}${how ? `${/[.?!]$/.test(what) ? '' : '.'} ${how}` : ''}`);
    this.input = name;
    this.problem = what;
    this.fix = how;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
