/**
 * Markdown and text helpers for everything GitHub renders (comments, job summaries; GFM): escaping text,
 * code spans, fences and table cells, links and tables, durations, short shas and images, and redaction
 * of secret values. The one module for these: producers in every package use it, so it imports nothing
 * and loads nothing (no SDK, no Octokit), and a fix to an escape reaches every summary at once.
 *
 * Revision labels (`backend:41`) are not here: logs and errors name revisions too, so they live with the
 * task-definition reference parser (packages/task-definition-ref, `revisionName`).
 */

function escapeInline(value: string): string {
  return value.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`).replace(/@(?=\w)/g, '@&#8203;');
}

/** A URL as GitHub's autolinking sees one in text; it ends before trailing punctuation. */
const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>`|\\[\]]+/gi;
const TRAILING = /[?!.,:;*_~'"]+$/;

/** The URL part of a run, without trailing punctuation and an unbalanced closing parenthesis. */
function urlOf(run: string): string {
  let url = run.replace(TRAILING, '');
  while (url.endsWith(')') && url.split(')').length > url.split('(').length) {
    url = url.slice(0, -1).replace(TRAILING, '');
  }
  return url;
}

/**
 * Escape text for inline Markdown; `@name` gets a zero-width space so log text never pings anyone. GitHub
 * autolinks a bare URL before it reads escapes, so escaping inside one would show backslashes and break
 * the link: an https URL becomes an explicit link, and other URLs are kept from being linked.
 */
export function text(value: string): string {
  const flat = value.replace(/\r?\n/g, ' ');
  let out = '';
  let last = 0;
  for (const match of flat.matchAll(URL_IN_TEXT)) {
    const url = urlOf(match[0]);
    const escaped = escapeInline(url);
    // GitHub's own link is right when nothing in or right after it is escaped (its link runs to a space).
    const word = /^\S*/.exec(flat.slice(match.index))![0];
    if (escapeInline(word) === word || !/[^.]\.[^.]|:\/\/[^/]/.test(url)) continue;
    out += escapeInline(flat.slice(last, match.index));
    out += /^https:\/\//i.test(url)
      ? link(escaped, url)
      : escaped.replace(/^(https?)(:)|^(www)(\.)/i, '$1$3\\$2$4');
    last = match.index + url.length;
  }
  return out + escapeInline(flat.slice(last));
}

/** An inline code span that survives backticks inside the value. */
export function code(value: string): string {
  const flat = value.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside. */
export function fence(lines: string[], info = 'text'): string {
  const body = lines.join('\n');
  const longest = Math.max(2, ...[...body.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${info}\n${body}\n${ticks}`;
}

/** Text for HTML contexts such as `<summary>`. */
export function html(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A table cell: GFM splits cells on `|` even inside code spans unless it is escaped. */
export function cell(markdown: string): string {
  return markdown.replace(/(?<!\\)\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function link(label: string, url: string): string {
  const safe = url.replace(
    /[()\s]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `[${label}](${safe})`;
}

export function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** `45s`, `3m 12s`, `1h 4m`: compact, for tables, timelines and one-line messages. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? ` ${s % 60}s` : ''}`;
  const m = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)}h${m ? ` ${m}m` : ''}`;
}

/** `45 s`, `4 min 50 s`, `1 h 2 min`: in words, for sentences that explain where time went. */
export function spoken(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/**
 * An image reference without its registry host and with a 12-character digest:
 * `123….dkr.ecr….amazonaws.com/shop/api:v1@sha256:9f86d0…` → `shop/api:v1@sha256:9f86d081884c`.
 */
export function shortImage(ref: string): string {
  const slash = ref.indexOf('/');
  const first = slash > 0 ? ref.slice(0, slash) : '';
  const withoutHost = /[.:]|^localhost$/.test(first) ? ref.slice(slash + 1) : ref;
  return withoutHost.replace(/@(sha256:)([0-9a-f]{12})[0-9a-f]+$/, '@$1$2');
}

/** `HH:MM:SS` in UTC. */
export function clockTime(iso: string): string {
  return new Date(iso).toISOString().slice(11, 19);
}

/** UTF-8 size: GitHub's limits are counted in characters (comments) or bytes (job summary); bytes ≥ both. */
export function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** Shorter values (`1`, `on`, `80`) would shred every line they occur in, and are not secrets. */
const MIN_REDACTED_LENGTH = 4;

/**
 * Replace secret values (of 4 characters or more) with `***`; the longest first, so a secret that holds
 * another is hidden whole rather than leaving its remainder.
 */
export function redact(value: string, secrets: readonly string[]): string {
  let out = value;
  const longestFirst = [...new Set(secrets.filter((s) => s.length >= MIN_REDACTED_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  for (const secret of longestFirst) out = out.split(secret).join('***');
  return out;
}
