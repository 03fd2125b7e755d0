/**
 * The job summary writer: GitHub takes at most 1 MiB (in UTF-8 bytes) of summary per step and drops the
 * whole summary beyond that, so every write goes through `fitSummary`, here and nowhere else.
 *
 * A summary that would not fit is shortened the way a reader can follow: the folded parts (timelines and
 * log tails in `<details>`, code blocks, long tables) are left out largest first, each replaced by a line
 * saying what it was; if that is not enough, every report (a `#`–`###` heading and what follows) is cut to
 * its first lines, so each still has its heading. A last line says what was cut and where the rest is.
 * Cuts fall between lines or between whole characters, and never leave a code fence or <details> open.
 */
import { appendFile, stat } from 'node:fs/promises';
import { EOL } from 'node:os';

/** GitHub's limit on the job summary of one step. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

/** Tables longer than this many lines are folded parts (timelines); shorter ones are a report's facts. */
const LONG_TABLE = 8;
/** A heading (or first line) kept of each report when reports are cut to their heads. */
const HEAD_LINE_BYTES = 400;
/** Room kept for the closing note. */
const NOTE_BYTES = 512;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** A run of whole lines; `fold` names a part that may be left out (a `<details>`, a fence, a long table). */
interface Piece {
  text: string;
  size: number;
  fold?: string;
}

const HEADING = /^ {0,3}#{1,3}[ \t]/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// Only at the start of a line: a `<details>` quoted inside a sentence opens nothing we generate.
const DETAILS_START = /^\s*<details[\s>]/i;
const DETAILS_OPEN = /<details[\s>]/gi;
const DETAILS_CLOSE = /<\/details\s*>/gi;

/** The index of the line closing the fence opened at `lines[i]` (the last line when it is never closed). */
function fenceEnd(lines: string[], i: number): number | undefined {
  const open = FENCE.exec(lines[i]!)?.[1];
  if (!open) return undefined;
  // A backtick fence's info string may not hold a backtick; such a line is not a fence.
  if (open[0] === '`' && lines[i]!.slice(lines[i]!.indexOf(open) + open.length).includes('`'))
    return undefined;
  const close = new RegExp(`^ {0,3}${open[0] === '`' ? '`' : '~'}{${open.length},}\\s*$`);
  for (let j = i + 1; j < lines.length; j++) if (close.test(lines[j]!)) return j;
  return lines.length - 1;
}

/** The index of the line that closes the `<details>` opened at `lines[i]`, skipping fenced code inside. */
function detailsEnd(lines: string[], i: number): number {
  let depth = 0;
  for (let j = i; j < lines.length; j++) {
    const fence = j > i ? fenceEnd(lines, j) : undefined;
    if (fence !== undefined) {
      j = fence;
      continue;
    }
    depth += (lines[j]!.match(DETAILS_OPEN)?.length ?? 0) - (lines[j]!.match(DETAILS_CLOSE)?.length ?? 0);
    if (depth <= 0) return j;
  }
  return lines.length - 1;
}

/** Plain words for a label taken from markdown/HTML (a `<summary>`): no tags, no emphasis characters. */
function plain(label: string): string {
  const flat = label
    .replace(/<[^>]*>/g, '')
    .replace(/[\\`*_[\]|~<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

/** Split into reports (sections, each from a heading to the next) made of pieces. */
function parse(markdown: string): Piece[][] {
  const lines = markdown.split('\n');
  const sections: Piece[][] = [[]];
  let text: string[] = [];
  const push = (piece: Omit<Piece, 'size'>) => sections.at(-1)!.push({ ...piece, size: bytes(piece.text) });
  const flush = () => {
    if (text.length) push({ text: text.join('\n') });
    text = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (HEADING.test(line)) {
      flush();
      if (sections.at(-1)!.length) sections.push([]);
      text.push(line);
      continue;
    }
    const fence = fenceEnd(lines, i);
    let end: number | undefined;
    let fold: string | undefined;
    if (fence !== undefined) {
      end = fence;
      fold = `a code block of ${end - i + 1} lines`;
    } else if (DETAILS_START.test(line)) {
      end = detailsEnd(lines, i);
      // The label is on the opening line(s); a bounded look keeps a huge block from being searched whole.
      const opening = lines
        .slice(i, Math.min(end + 1, i + 3))
        .join('\n')
        .slice(0, 4096);
      const summary = /<summary>([\s\S]*?)<\/summary>/i.exec(opening)?.[1];
      fold = summary && plain(summary) ? `"${plain(summary)}"` : 'a folded section';
    } else if (/^ {0,3}\|/.test(line)) {
      end = i;
      while (end + 1 < lines.length && /^ {0,3}\|/.test(lines[end + 1]!)) end++;
      if (end - i + 1 > LONG_TABLE) fold = `a table of ${end - i - 1} rows`;
    }
    if (end === undefined) {
      text.push(line);
      continue;
    }
    flush();
    push({ text: lines.slice(i, end + 1).join('\n'), ...(fold ? { fold } : {}) });
    i = end;
  }
  flush();
  return sections;
}

const joinedSize = (pieces: readonly Piece[]) =>
  pieces.reduce((sum, p) => sum + p.size, 0) + Math.max(0, pieces.length - 1);

function kb(size: number): string {
  if (size < 1024) return `${size} bytes`;
  return size >= 1024 * 1024 ? `${(size / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(size / 1024)} KB`;
}

/** The first bytes of `text` up to `max`, never splitting a UTF-8 character. */
export function cutUtf8(text: string, max: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= max) return text;
  let end = Math.max(0, max);
  // Continuation bytes are 10xxxxxx: back up to the start of the character that would be split.
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

/** A report cut to whole lines within `allowance` bytes (its first line at least, itself bounded). */
function head(section: readonly Piece[], allowance: number): { text: string; cut: boolean } {
  const whole = section.map((p) => p.text).join('\n');
  if (bytes(whole) <= allowance) return { text: whole, cut: false };
  const lines = whole.split('\n');
  const first = lines[0]!;
  const kept = [bytes(first) > HEAD_LINE_BYTES ? `${cutUtf8(first, HEAD_LINE_BYTES - 3)}…` : first];
  let used = bytes(kept[0]!);
  for (const line of lines.slice(1)) {
    const size = bytes(line) + 1;
    if (used + size > allowance) break;
    kept.push(line);
    used += size;
  }
  const left = bytes(whole) - used;
  return {
    text: `${kept.join('\n')}\n\n*… ${kb(left)} more of this report left out to fit GitHub's 1 MiB job summary limit.*\n`,
    cut: true,
  };
}

export interface FittedSummary {
  text: string;
  /** Whether anything was left out. */
  shortened: boolean;
}

/**
 * `markdown` as it is when it has at most `maxBytes` UTF-8 bytes; otherwise shortened to fit (see the
 * module comment), with a closing note. Below a few hundred bytes there is no room to say anything: ''.
 */
export function fitSummary(markdown: string, maxBytes: number): FittedSummary {
  if (bytes(markdown) <= maxBytes) return { text: markdown, shortened: false };
  if (maxBytes < NOTE_BYTES * 2) return { text: '', shortened: true };
  const budget = maxBytes - NOTE_BYTES;
  const sections = parse(markdown);
  // Sections and pieces are joined by one newline each.
  let total = joinedSize(sections.flat());
  // 1. Leave out folded parts, largest first, each replaced by a line saying what it was.
  const folds = sections
    .flat()
    .filter((p) => p.fold !== undefined)
    .sort((a, b) => b.size - a.size);
  let folded = 0;
  let foldedBytes = 0;
  for (const piece of folds) {
    if (total <= budget) break;
    const note = `\n*Left out to fit GitHub's 1 MiB job summary limit: ${piece.fold} (${kb(piece.size)}).*\n`;
    total += bytes(note) - piece.size;
    folded++;
    foldedBytes += piece.size;
    piece.text = note;
    piece.size = bytes(note);
  }
  const what = folded
    ? `${folded} folded part${folded > 1 ? 's' : ''} (timelines, log lines, tables: ${kb(foldedBytes)})`
    : '';
  const joined = () => sections.map((s) => s.map((p) => p.text).join('\n')).join('\n');
  if (total <= budget) return closed(joined(), `left out ${what}`, maxBytes);

  // 2. Cut every report to its head: the largest allowance per report that lets them all fit.
  const render = (allowance: number) => {
    const heads = sections.map((s) => head(s, allowance));
    return { text: heads.map((h) => h.text).join('\n'), cut: heads.filter((h) => h.cut).length };
  };
  let low = 0;
  let high = budget;
  let best = render(0);
  if (bytes(best.text) <= budget) {
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      const tried = render(mid);
      if (bytes(tried.text) <= budget) {
        low = mid;
        best = tried;
      } else {
        high = mid - 1;
      }
    }
    const cutWords = `cut ${best.cut} of ${sections.length} report${sections.length > 1 ? 's' : ''} to their first lines`;
    return closed(best.text, what ? `left out ${what} and ${cutWords}` : cutWords, maxBytes);
  }

  // 3. More reports than their heads fit: keep the headings alone, as many as fit, in order.
  const headings = sections.map((s) => {
    const first = s[0]!.text.split('\n', 1)[0]!;
    return bytes(first) > HEAD_LINE_BYTES ? `${cutUtf8(first, HEAD_LINE_BYTES - 3)}…` : first;
  });
  let used = 0;
  let kept = 0;
  while (kept < headings.length && used + bytes(headings[kept]!) + 2 <= budget)
    used += bytes(headings[kept++]!) + 2;
  const left = headings.length - kept;
  return closed(
    headings.slice(0, kept).join('\n\n'),
    `cut every report to its heading and left out the last ${left} heading${left === 1 ? '' : 's'}`,
    maxBytes,
  );
}

/**
 * What it takes to close what `text` leaves open: a code fence, `<details>` opened mid-line (ours open at
 * the start of a line and are folded whole, but a cut must not trust that). Empty when nothing is open.
 */
export function closers(text: string): string {
  let fence: string | undefined;
  let depth = 0;
  for (const line of text.split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (
        marker &&
        marker[0] === fence[0] &&
        marker.length >= fence.length &&
        !line.trim().slice(marker.length)
      )
        fence = undefined;
      continue;
    }
    if (marker && !(marker[0] === '`' && line.slice(line.indexOf(marker) + marker.length).includes('`'))) {
      fence = marker;
      continue;
    }
    depth = Math.max(
      0,
      depth + (line.match(DETAILS_OPEN)?.length ?? 0) - (line.match(DETAILS_CLOSE)?.length ?? 0),
    );
  }
  return `${fence ? `\n${fence}` : ''}${'\n\n</details>'.repeat(depth)}`;
}

function closed(text: string, what: string, maxBytes: number): FittedSummary {
  const note = cutUtf8(
    `*This job summary was shortened to fit GitHub's limit of 1 MiB per step: ${what}. ` +
      'The JSON reports (the `report` output of deploy and run-task) have everything.*',
    NOTE_BYTES - 64,
  );
  let end = text.length;
  while (end > 0 && text[end - 1] === '\n') end--;
  let body = text.slice(0, end);
  // Closing what a cut left open takes a few bytes; should it not fit, give up lines from the end.
  for (let attempt = 0; ; attempt++) {
    const out = `${body}${closers(body)}\n\n${note}\n`;
    const over = bytes(out) - maxBytes;
    if (over <= 0) return { text: out, shortened: true };
    if (attempt >= 5 || !body) return { text: `${note}\n`, shortened: true };
    const cut = cutUtf8(body, Math.max(0, bytes(body) - over - 64));
    body = cut.slice(0, Math.max(0, cut.lastIndexOf('\n')));
  }
}

/**
 * Append `markdown` to the step's summary file, shortened to what is left of the step's 1 MiB (earlier
 * writes in the same step count). Returns whether it had to be shortened.
 */
export async function appendStepSummary(
  path: string,
  markdown: string,
  limit = STEP_SUMMARY_LIMIT,
): Promise<FittedSummary> {
  const written = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  const fitted = fitSummary(markdown, limit - written - bytes(EOL));
  if (fitted.text) await appendFile(path, `${fitted.text}${EOL}`, 'utf8');
  return fitted;
}
