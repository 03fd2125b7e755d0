/** The runner's job summary writer holds every step to GitHub's 1 MiB, shortening so a reader can follow. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { DeploymentReport } from '../../deploy-report/index.js';
import { renderSummary } from '../../github-report/index.js';
import { fixture } from '../../github-report/test/fixtures.js';
import { runTaskSummary } from '../../run-task/summary.js';
import { STEP_SUMMARY_LIMIT, actionContext, appendStepSummary, cutUtf8, fitSummary } from '../index.js';

const MiB = STEP_SUMMARY_LIMIT;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'summary-')), 'step-summary');

/** Every code fence closed, every <details> closed, no character broken by a cut. */
function expectWellFormed(markdown: string): void {
  let fence: string | undefined;
  let details = 0;
  for (const line of markdown.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
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
    if (marker) {
      fence = marker;
      continue;
    }
    details += (line.match(/<details[\s>]/g)?.length ?? 0) - (line.match(/<\/details>/g)?.length ?? 0);
  }
  expect(fence).toBeUndefined();
  expect(details).toBe(0);
  expect(markdown).not.toContain('\uFFFD');
  // A lone surrogate would mean a character cut in half.
  expect(markdown).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
}

/** A failed deploy of `service` with a long log tail and timeline: about 60 KB of summary each. */
function bigReport(service: string, i: number): DeploymentReport {
  const base = fixture(i % 3 === 0 ? 'run-task-failed' : 'failed');
  const start = Date.parse(base.startedAt);
  return {
    ...base,
    service,
    ...(base.kind === 'run-task' ? { taskName: service } : {}),
    cause: {
      ...base.cause!,
      logLines: Array.from({ length: 200 }, (_, n) => `${service} line ${n} ✓ `.padEnd(300, 'é')),
    },
    timeline: Array.from({ length: 400 + i * 5 }, (_, n) => ({
      at: new Date(start + n * 1000).toISOString(),
      kind: 'task',
      message: `event ${n} of ${service}: task ${n.toString(16).padStart(8, '0')} changed state to RUNNING then STOPPED 🚀`,
    })),
  };
}

describe('fitSummary', () => {
  it('leaves a summary that fits untouched, byte for byte', () => {
    const markdown = `## ✅ production\n\n<details><summary>x</summary>\n\n\`\`\`text\na\n\`\`\`\n\n</details>\n`;
    expect(fitSummary(markdown, bytes(markdown))).toEqual({ text: markdown, shortened: false });
  });

  it('leaves out the largest folded parts first, says what each was, and ends with a note', () => {
    const block = (label: string, lines: number) =>
      `<details><summary>${label}</summary>\n\n\`\`\`text\n${'log line\n'.repeat(lines)}\`\`\`\n\n</details>`;
    const markdown = [
      '## ❌ production: 3 services',
      '### ❌ api deploy failed',
      '**Cause:** container app exited with code 3',
      block('Last 40 log lines · <code>app</code>', 10_000),
      '### ✅ web deployed',
      block('Details: 300 events', 2_000),
      '### ✅ worker deployed',
      block('Details: 5 events', 5),
    ].join('\n\n');
    const fitted = fitSummary(markdown, 60_000);
    expect(fitted.shortened).toBe(true);
    expect(bytes(fitted.text)).toBeLessThanOrEqual(60_000);
    // Only the largest (90 KB of log) had to go; the 18 KB timeline and the small one stay whole.
    expect(fitted.text).toContain(
      '*Left out to fit GitHub\'s 1 MiB job summary limit: "Last 40 log lines · app" (88 KB).*',
    );
    expect(fitted.text).toContain(block('Details: 300 events', 2_000));
    expect(fitted.text).toContain(block('Details: 5 events', 5));
    expect(fitted.text).toContain('**Cause:** container app exited with code 3');
    expect(fitted.text.trimEnd().split('\n').at(-1)).toBe(
      "*This job summary was shortened to fit GitHub's limit of 1 MiB per step: left out 1 folded part " +
        '(timelines, log lines, tables: 88 KB). The JSON reports (the `report` output of deploy and run-task) have everything.*',
    );
    expectWellFormed(fitted.text);
  });

  it('folds long tables (a timeline) but keeps a short facts table', () => {
    const facts = '| Image | Commit |\n| --- | --- |\n| `app:1` | `abc1234` |';
    const timeline = [
      '| time | what |',
      '| --- | --- |',
      ...Array.from({ length: 3000 }, (_, i) => `| 12:00:${i} | event ${i} |`),
    ].join('\n');
    const markdown = `### ✅ api deployed\n\n${facts}\n\n#### Timeline\n\n${timeline}\n`;
    const fitted = fitSummary(markdown, 10_000);
    expect(fitted.text).toContain(facts);
    expect(fitted.text).toContain('#### Timeline');
    expect(fitted.text).toMatch(
      /Left out to fit GitHub's 1 MiB job summary limit: a table of 3000 rows \(\d+ KB\)/,
    );
    expect(fitted.text).not.toContain('event 1 |');
  });

  it('when folding is not enough, cuts every report to its first lines, each keeping its heading', () => {
    // 200 reports of 10 KB of plain text each: nothing folds, 2 MB to fit in 100 KB.
    const reports = Array.from(
      { length: 200 },
      (_, i) => `### ❌ svc-${i} deploy failed\n\n${`cause of svc-${i}: ${'ü'.repeat(100)}\n`.repeat(40)}`,
    );
    const fitted = fitSummary(reports.join('\n'), 100_000);
    expect(bytes(fitted.text)).toBeLessThanOrEqual(100_000);
    for (let i = 0; i < 200; i++) expect(fitted.text).toContain(`### ❌ svc-${i} deploy failed\n`);
    expect(fitted.text).toContain('more of this report left out to fit');
    expect(fitted.text).toMatch(/cut 200 of 200 reports to their first lines\./);
    expectWellFormed(fitted.text);
  });

  it('with more reports than headings fit, keeps whole lines and says how many were left out', () => {
    const markdown = Array.from({ length: 5_000 }, (_, i) => `### ✅ service-${i} deployed\n\nok`).join(
      '\n\n',
    );
    const fitted = fitSummary(markdown, 20_000);
    expect(bytes(fitted.text)).toBeLessThanOrEqual(20_000);
    expect(fitted.text).toContain('### ✅ service-0 deployed');
    expect(fitted.text).toMatch(/left out the last \d+ headings\./);
    expectWellFormed(fitted.text);
  });

  it('cuts one huge line of multi-byte characters between characters, not inside one', () => {
    const markdown = `## ❌ ${'日本語😀'.repeat(200_000)}`;
    const fitted = fitSummary(markdown, 50_000);
    expect(bytes(fitted.text)).toBeLessThanOrEqual(50_000);
    expect(fitted.text.startsWith('## ❌ 日本語😀')).toBe(true);
    expectWellFormed(fitted.text);
  });

  it('an unclosed fence or <details> in the input is folded whole, never cut open', () => {
    const markdown = `### ❌ api\n\n<details><summary>log</summary>\n\n\`\`\`text\n${'x\n'.repeat(50_000)}`;
    const fitted = fitSummary(markdown, 5_000);
    expect(fitted.text).toContain('### ❌ api');
    expect(fitted.text).toContain('Left out to fit GitHub\'s 1 MiB job summary limit: "log"');
    expectWellFormed(fitted.text);
  });

  it('closes a <details> opened mid-line when a cut falls inside it', () => {
    const markdown = `### ❌ api\n\nSee why: <details><summary>why</summary>\n\n${'reason line\n'.repeat(5000)}\n</details>\n`;
    const fitted = fitSummary(markdown, 5000);
    expect(bytes(fitted.text)).toBeLessThanOrEqual(5000);
    expect(fitted.text).toContain('See why: <details><summary>why</summary>');
    expect(fitted.text).toContain('\n\n</details>\n\n*This job summary was shortened');
    expectWellFormed(fitted.text);
  });

  it('writes nothing when there is no room to say anything', () => {
    expect(fitSummary('x'.repeat(5000), 100)).toEqual({ text: '', shortened: true });
  });
});

describe('cutUtf8', () => {
  it('never splits a character', () => {
    expect(cutUtf8('aé😀b', 1)).toBe('a');
    expect(cutUtf8('aé😀b', 2)).toBe('a');
    expect(cutUtf8('aé😀b', 3)).toBe('aé');
    expect(cutUtf8('aé😀b', 6)).toBe('aé');
    expect(cutUtf8('aé😀b', 7)).toBe('aé😀');
    expect(cutUtf8('aé😀b', 100)).toBe('aé😀b');
  });
});

describe('the step summary file', () => {
  it('60 large reports in one report step: at most 1 MiB on disk, a line for every report', async () => {
    const reports = Array.from({ length: 60 }, (_, i) => bigReport(`service-${i}`, i));
    const markdown = renderSummary(reports, {
      environment: 'production',
      run: { repository: 'acme/shop' },
    });
    expect(bytes(markdown)).toBeGreaterThan(5 * MiB);
    const path = tempFile();
    const fitted = await appendStepSummary(path, markdown);
    const written = readFileSync(path);
    expect(written.length).toBeLessThanOrEqual(MiB);
    expect(fitted.shortened).toBe(true);
    const text = written.toString('utf8');
    expectWellFormed(text);
    expect(text.startsWith('## ❌ production: ')).toBe(true);
    for (const r of reports) {
      expect(text).toMatch(new RegExp(`^### ❌ ${r.service}\\b.*$`, 'm'));
    }
    // Each report keeps its head: the cause and the facts table.
    expect(text.match(/^\*\*Cause:\*\* /gm)?.length).toBe(60);
    expect(text.match(/^\| Image \| Commit \|/gm)?.length).toBe(60);
    expect(text).toMatch(/Left out to fit GitHub's 1 MiB job summary limit: "Details: /);
    expect(
      text
        .trimEnd()
        .endsWith('The JSON reports (the `report` output of deploy and run-task) have everything.*'),
    ).toBe(true);
  });

  it('counts what the step already wrote: two large writes stay under 1 MiB together', async () => {
    const path = tempFile();
    const report = bigReport('migrations', 0);
    const big = runTaskSummary(
      {
        ...report,
        cause: { ...report.cause!, logLines: Array.from({ length: 700 }, () => 'ü'.repeat(600)) },
      },
      'failed',
    );
    expect(bytes(big)).toBeGreaterThan(700_000);
    const first = await appendStepSummary(path, big);
    expect(first.shortened).toBe(false);
    expect((await appendStepSummary(path, big)).shortened).toBe(true);
    const written = readFileSync(path, 'utf8');
    expect(bytes(written)).toBeLessThanOrEqual(MiB);
    expect(written.startsWith(big)).toBe(true);
    const second = written.slice(big.length);
    expect(second).toContain('### ❌ One-off task');
    // The 700-line log went; the timeline, smaller, still fits.
    expect(second).toContain(
      'Left out to fit GitHub\'s 1 MiB job summary limit: "Last 700 log lines of app, task 9c8b7a6d"',
    );
    expect(second).toContain('<details><summary>Timeline: 400 events</summary>');
    expectWellFormed(second);
    // A step whose summary is already full gets nothing more.
    writeFileSync(path, 'x'.repeat(MiB - 10));
    expect((await appendStepSummary(path, big)).text).toBe('');
    expect(readFileSync(path).length).toBe(MiB - 10);
  });

  it('the action context writes through it, and not at all outside the runner', async () => {
    const path = tempFile();
    await actionContext({ GITHUB_STEP_SUMMARY: path }).summary('## ✅ small');
    expect(readFileSync(path, 'utf8')).toMatch(/^## ✅ small\r?\n$/);
    const huge = `### ❌ api\n\n${'| a | b |\n'.repeat(200_000)}`;
    await actionContext({ GITHUB_STEP_SUMMARY: path }).summary(huge);
    expect(readFileSync(path).length).toBeLessThanOrEqual(MiB);
    await expect(actionContext({}).summary('## nowhere')).resolves.toBeUndefined();
  });
});
