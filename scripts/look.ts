/**
 * `npm run look`: see the PR comments and job summaries of `npm run demo` as a reviewer sees them. Runs the
 * demo with DEMO_OUT (each report step's comment, each step's job summary), renders every body the way
 * github.com does (test/helpers/gfm.ts) into an HTML page with a GitHub-like stylesheet, and takes a
 * screenshot of each with headless Chromium (Debian's `chromium` package, driven by playwright-core):
 * `.tmp/look/NN-<action>.<comment|summary>.{html,png}`, plus `-open.png` with every <details> unfolded.
 *
 * Usage: npm run look [-- --reuse] [-- --only comment]
 *   --reuse       render what the last run left in .tmp/look/demo instead of running the demo again
 *   --only KIND   `comment` or `summary`
 * Needs the bundles (dist/, or DEMO_DIST_ROOT as for the demo) and `apt-get install -y chromium`
 * (CHROMIUM overrides the binary's path).
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { renderGfm } from '../test/helpers/gfm.js';
import { repoRoot } from '../test/helpers/run-action.js';

const OUT = join(repoRoot, '.tmp', 'look');
const DEMO = join(OUT, 'demo');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Enough of github.com's Markdown look (Primer's light theme) to judge layout, wrapping and folding. */
const STYLE = `
body { margin: 0; padding: 24px; background: #f6f8fa; color: #1f2328;
  font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji"; }
.frame { max-width: 880px; margin: 0 auto; background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
.frame > header { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d1d9e0; color: #59636e;
  border-radius: 6px 6px 0 0; }
.markdown-body { padding: 16px; overflow-wrap: break-word; }
.markdown-body > :first-child { margin-top: 0 !important; }
.markdown-body > :last-child { margin-bottom: 0 !important; }
h2, h3, h4 { margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
h2 { font-size: 1.5em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
h3 { font-size: 1.25em; } h4 { font-size: 1em; }
p, ul, ol, table, pre, details, blockquote, .markdown-alert { margin: 0 0 16px; }
ul, ol { padding-left: 2em; }
a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
code, pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace, "Noto Color Emoji"; font-size: 85%; }
code { padding: .2em .4em; background: #818b981f; border-radius: 6px; white-space: break-spaces; }
pre { padding: 16px; overflow: auto; line-height: 1.45; background: #f6f8fa; border-radius: 6px; }
pre code { padding: 0; background: transparent; white-space: pre; font-size: 100%; }
table { display: block; width: max-content; max-width: 100%; overflow: auto; border-spacing: 0; border-collapse: collapse; }
th, td { padding: 6px 13px; border: 1px solid #d1d9e0; }
th { font-weight: 600; } tr { background: #fff; border-top: 1px solid #d1d9e0b3; } tr:nth-child(2n) { background: #f6f8fa; }
details summary { cursor: pointer; display: list-item; }
details > :not(summary):first-of-type { margin-top: 16px; }
sub { font-size: 75%; color: #59636e; }
.markdown-alert { padding: 8px 16px; border-left: .25em solid #d1d9e0; }
.markdown-alert-title { font-weight: 500; margin-bottom: 4px; }
.markdown-alert-caution { border-left-color: #cf222e; } .markdown-alert-caution .markdown-alert-title { color: #d1242f; }
.markdown-alert-warning { border-left-color: #9a6700; } .markdown-alert-warning .markdown-alert-title { color: #9a6700; }
.markdown-alert-note { border-left-color: #0969da; } .markdown-alert-note .markdown-alert-title { color: #0969da; }
.markdown-alert > :last-child { margin-bottom: 0; }
`;

function page(title: string, body: string): string {
  const escapedTitle = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapedTitle}</title><style>${STYLE}</style></head>
<body><div class="frame"><header>${escapedTitle}</header><div class="markdown-body">
${body}
</div></div></body></html>
`;
}

function args(): { reuse: boolean; only?: string } {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--only');
  const only = at >= 0 ? argv[at + 1] : undefined;
  if (only !== undefined && only !== 'comment' && only !== 'summary') {
    throw new Error(`--only takes "comment" or "summary", not "${only}"`);
  }
  return { reuse: argv.includes('--reuse'), ...(only ? { only } : {}) };
}

async function main() {
  const { reuse, only } = args();
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROMIUM).`,
    );
  }
  if (!reuse || !existsSync(DEMO)) {
    rmSync(DEMO, { recursive: true, force: true });
    console.log('Running the demo (npm run demo) to collect its comments and summaries…');
    execFileSync(
      process.execPath,
      [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repoRoot, 'scripts', 'demo.ts')],
      {
        cwd: repoRoot,
        env: { ...process.env, DEMO_OUT: DEMO },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  // What people read: the report step's comments and the summaries of deploy, rollback and run-task.
  const bodies = readdirSync(DEMO)
    .filter((f) => /\.comment\.md$|-(deploy|rollback|run-task|report)\.summary\.md$/.test(f))
    .filter((f) => !only || f.endsWith(`.${only}.md`))
    .sort();
  mkdirSync(OUT, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'look-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking'],
    viewport: { width: 960, height: 600 },
    deviceScaleFactor: 1,
  });
  try {
    const tab = browser.pages()[0] ?? (await browser.newPage());
    // The pages are local files with no outside references; nothing else may load.
    await tab.route(/^(?!file:)/, (route) => route.abort());
    for (const name of bodies) {
      const markdown = readFileSync(join(DEMO, name), 'utf8');
      const kind = name.endsWith('.comment.md') ? 'comment' : 'summary';
      const base = name.replace(/\.md$/, '');
      const html = join(OUT, `${base}.html`);
      const what =
        kind === 'comment'
          ? `PR comment after step ${base.slice(0, 2)}`
          : `Job summary of ${base.replace(/\.summary$/, '')}`;
      writeFileSync(
        html,
        page(
          `${what} (${markdown.length} characters)`,
          renderGfm(markdown, { context: kind === 'comment' ? 'comment' : 'document' }),
        ),
      );
      await tab.goto(`file://${html}`);
      await tab.screenshot({ path: join(OUT, `${base}.png`), fullPage: true });
      // A string: this runs in the page, where `document` exists (our tsconfig has no DOM types).
      await tab.evaluate("document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''))");
      await tab.screenshot({ path: join(OUT, `${base}-open.png`), fullPage: true });
      console.log(`${join('.tmp', 'look', `${base}.png`)} (and -open.png, .html)`);
    }
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
