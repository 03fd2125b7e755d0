/**
 * Ours against the aws-actions equivalents (issue "Performance at scale"), side by side:
 * 1. download size per action: action.yml plus what its runs.pre/main/post load, following the entry's
 *    relative imports (a stub importing ../_shared/…) and ncc's lazy chunks, shown both as the files loaded
 *    and as the directories those files sit in (dist/<name>/ and any shared chunk dir; for aws-actions,
 *    their whole dist/). Target: ours ≤ 0.6× theirs on the files loaded, lazily loadable ones included:
 *    an action's own files. The directories are shown too, but a shared one holds every action's chunks,
 *    and what a job downloads is the whole repository, measured next.
 *    And the whole repository archive (`git archive HEAD | gzip`), target ours ≤ 1.0 MB.
 * 2. render cold start: our dist/render-task-definition and aws-actions/amazon-ecs-render-task-definition
 *    rendering the same task-definition file with the same image, each as a whole `node` process the way the
 *    runner starts it (INPUT_* variables including action.yml defaults, GITHUB_OUTPUT, RUNNER_TEMP, a
 *    workspace), interleaved, one warm-up each, median of [runs] (default 11). Target: ours ≤ 0.6× theirs.
 * Their code is not in this repository: AWS_ACTIONS_DIR names a directory with one checkout per action
 * (amazon-ecs-render-task-definition/, amazon-ecs-deploy-task-definition/, amazon-ecr-login/), see
 * bench/README.md. Without it, theirs reads "not measured" and the last figures measured here are printed.
 * Medians and ratios only, nothing asserted. Usage: [AWS_ACTIONS_DIR=…] tsx bench/compare.ts [runs]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { inputEnv, parseCommandFile } from '../test/helpers/run-action.js';
import { headline } from './_headline.js';

const root = resolve(import.meta.dirname, '..');
const MB = 1024 * 1024;
const SIZE_TARGET = 0.6;
const ARCHIVE_TARGET_BYTES = 1.0 * MB;
const COLD_START_TARGET = 0.6;
const NOT_MEASURED = 'not measured (set AWS_ACTIONS_DIR=…; see bench/README.md)';

/** Our action → the aws-actions repository doing the same job (build-push logs in to ECR as ecr-login does). */
const PAIRS: Record<string, string> = {
  'render-task-definition': 'amazon-ecs-render-task-definition',
  deploy: 'amazon-ecs-deploy-task-definition',
  'build-push': 'amazon-ecr-login',
};

/** The last figures measured on this machine with AWS_ACTIONS_DIR set, printed when it is not. */
const LAST_MEASURED = {
  date: '2026-12-01',
  theirs:
    'amazon-ecs-render-task-definition v1.9.0, amazon-ecs-deploy-task-definition v2.6.3, amazon-ecr-login v2.1.7',
  lines: [
    'node v20.20.2 on 2 cores, load average 0.45; ours at 9653c38',
    "loaded per action (an action's own files), ours ÷ theirs: render 0.81 ÷ 2.06 MB = 0.39×, " +
      'deploy 1.31 ÷ 2.51 MB = 0.52×, build-push ÷ ecr-login 0.72 ÷ 3.28 MB = 0.22×',
    'repository archive: ours 0.90 MB (dist/ 0.61 MB); theirs 0.53 / 0.66 / 0.88 MB',
    'render cold start, median of 11: ours 113 ms wall / 100 ms CPU, theirs 232 ms / 220 ms: ' +
      '0.49× wall, 0.45× CPU (bare node 54 ms)',
  ],
};

// ---------------------------------------------------------------------------------------------------------
// Sizes

/** The entries of an action.yml (runs.pre, runs.main, runs.post), absolute and without duplicates. */
export function actionEntries(actionYml: string): string[] {
  const doc = parseYaml(readFileSync(actionYml, 'utf8')) as { runs?: Record<string, unknown> };
  const entries = ['pre', 'main', 'post']
    .map((k) => doc.runs?.[k])
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .map((v) => resolve(dirname(actionYml), v));
  return [...new Set(entries)];
}

// Static relative imports of ESM and CommonJS, minified or not: `from"./x.js"`, `import("../_shared/x.js")`,
// `import "./x.js"`, `require('./x')`; not a JSDoc type (`{import('./client.js').Client}`, `|import(…)`), which
// bundles keep in comments. Only targets inside the entry's top directory (dist/) are followed, so a stray
// match in a comment cannot pull in the repository's sources.
const IMPORT_RE = /(?<![{|<]\s*)(?:\bfrom|\bimport|\brequire)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;
// webpack/ncc runtime: the chunk file name template, `__nccwpck_require__.u=t=>""+t+".index.js"` (or with a
// block body), and the lazy loads, `x.e(534)` or `x.e(/* import() */ 534)`.
const CHUNK_TEMPLATE_RE =
  /\.u\s*=\s*(?:function\s*)?\(?\s*(\w+)\s*\)?\s*(?:=>)?\s*\{?\s*(?:return\s*)?\(?\s*"([^"]*)"\s*\+\s*\1\s*\+\s*"([^"]*)"/;
const CHUNK_LOAD_RE = /\.e\(\s*(?:\/\*[^*]*\*\/\s*)?(\d+)\s*\)/g;

interface ChunkTemplate {
  dir: string;
  prefix: string;
  suffix: string;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function resolveImport(fromDir: string, spec: string): string | undefined {
  const base = resolve(fromDir, spec);
  return [base, `${base}.js`, `${base}.mjs`, `${base}.cjs`, join(base, 'index.js')].find(isFile);
}

/** The nearest package.json above a file, within `stop` (node reads it for the module type). */
function nearestPackageJson(file: string, stop: string): string | undefined {
  for (let dir = dirname(file); dir.startsWith(stop); dir = dirname(dir)) {
    if (isFile(join(dir, 'package.json'))) return join(dir, 'package.json');
    if (dir === dirname(dir)) break;
  }
  return undefined;
}

// A stub's call into the shared bundle, `run('deploy/post')`, and that entry's line in the bundle's dispatch
// table, `"deploy/post":()=>Promise.all([….e(861),…]).then(…)` (or `deploy:()=>…` for a plain name).
const RUN_ENTRY_RE = /\brun\(\s*["']([\w/-]+)["']\s*\)/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
function dispatchSegments(text: string, keys: Iterable<string>): string[] {
  const segments: string[] = [];
  for (const key of keys) {
    const name = escapeRegExp(key);
    const re = new RegExp(
      `(?:"${name}"|'${name}'|(?<![\\w"'/-])${name})\\s*:\\s*\\(\\)\\s*=>([^]*?)\\.then\\(`,
    );
    const m = re.exec(text);
    if (m) segments.push(m[1]!);
  }
  return segments;
}

/**
 * Every file the entries load: the entries, what they import by relative path (transitively), the ncc chunks
 * they and their chunks load lazily (each found in the directory of the bundle whose runtime names the chunk
 * files), and the package.json beside them. In a bundle shared by several actions, only the chunks of the
 * entries this action's stubs run are followed (the dispatch table names them), not every action's.
 */
export function loadedFiles(entries: string[], within: string): Set<string> {
  const seen = new Set<string>();
  const keys = new Set<string>();
  for (const entry of entries) {
    if (isFile(entry)) for (const m of readFileSync(entry, 'utf8').matchAll(RUN_ENTRY_RE)) keys.add(m[1]!);
  }
  // The top directory under `within` of each entry (dist/): imports are followed inside these only.
  const tops = entries.map((e) => {
    const path = relative(within, e).split(sep);
    return path.length > 1 && path[0] !== '..' ? join(within, path[0]!) + sep : dirname(e) + sep;
  });
  const inside = (file: string) => tops.some((top) => file === top || file.startsWith(top));
  const visit = (file: string, chunks: ChunkTemplate | undefined) => {
    if (seen.has(file) || !inside(file)) return;
    seen.add(file);
    if (!/\.[cm]?js$/.test(file)) return;
    const text = readFileSync(file, 'utf8');
    const template = CHUNK_TEMPLATE_RE.exec(text);
    const own = template ? { dir: dirname(file), prefix: template[2]!, suffix: template[3]! } : chunks;
    for (const m of text.matchAll(IMPORT_RE)) {
      const target = resolveImport(dirname(file), m[1]!);
      if (target) visit(target, undefined);
    }
    if (own) {
      const segments = keys.size > 0 && template ? dispatchSegments(text, keys) : [];
      const loads = segments.length > 0 ? segments.join('\n') : text;
      for (const m of loads.matchAll(CHUNK_LOAD_RE)) {
        const chunk = join(own.dir, `${own.prefix}${m[1]!}${own.suffix}`);
        if (isFile(chunk)) visit(chunk, own);
      }
    }
  };
  for (const entry of entries) if (isFile(entry)) visit(entry, undefined);
  for (const file of [...seen]) {
    const pkg = nearestPackageJson(file, within);
    if (pkg) seen.add(pkg);
  }
  return seen;
}

function dirBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, d) => sum + (d.isDirectory() ? dirBytes(join(dir, d.name)) : statSync(join(dir, d.name)).size),
    0,
  );
}

/** The directories the files sit in, without those inside another one. */
function outerDirs(files: Iterable<string>): string[] {
  const dirs = [...new Set([...files].map((f) => dirname(f)))].sort();
  return dirs.filter((d) => !dirs.some((o) => o !== d && d.startsWith(o + sep)));
}

export interface Footprint {
  /** action.yml + the files loaded. */
  loadedBytes: number;
  loadedJs: number;
  /** action.yml + every file in the directories the loaded files sit in (dist/<name>/ + shared dirs). */
  shippedBytes: number;
  dirs: string[];
  missing: string[];
}

/** `repoDir` bounds the package.json lookup and the directories (a file at the repository root is alone). */
export function footprint(actionYml: string, repoDir: string): Footprint {
  const entries = actionEntries(actionYml);
  const files = loadedFiles(entries, repoDir);
  const jsFiles = [...files].filter((f) => !f.endsWith('package.json'));
  const dirs = outerDirs(jsFiles);
  const yml = statSync(actionYml).size;
  const shipped = dirs.reduce(
    (sum, d) =>
      sum +
      (resolve(d) === resolve(repoDir)
        ? jsFiles.filter((f) => dirname(f) === d).reduce((s, f) => s + statSync(f).size, 0)
        : dirBytes(d)),
    0,
  );
  return {
    loadedBytes: yml + [...files].reduce((sum, f) => sum + statSync(f).size, 0),
    loadedJs: jsFiles.length,
    shippedBytes: yml + shipped,
    dirs: dirs.map((d) => relative(repoDir, d) || '.'),
    missing: entries.filter((e) => !isFile(e)).map((e) => relative(repoDir, e)),
  };
}

/** `git archive HEAD | gzip | wc -c` (zlib's default level is gzip's), or undefined outside a git checkout. */
function archiveBytes(dir: string, ...paths: string[]): number | undefined {
  try {
    const tar = execFileSync('git', ['-C', dir, 'archive', 'HEAD', ...paths], {
      maxBuffer: 1024 * MB,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return gzipSync(tar).length;
  } catch {
    return undefined;
  }
}

function gitVersion(dir: string): string | undefined {
  try {
    return execFileSync('git', ['-C', dir, 'describe', '--tags', '--always', '--dirty'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

function theirVersion(dir: string): string {
  const described = gitVersion(dir);
  if (described) return described;
  try {
    return `v${(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version}`;
  } catch {
    return 'unknown version';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Cold start

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/** The node both renders run on (the runner's is Node 24: BENCH_NODE=/path/to/node24 to match it). */
const node = process.env.BENCH_NODE || process.execPath;
const TASK_DEFINITION = join(root, 'test', 'fixtures', 'task-definitions', 'web-with-sidecar.json');
const CONTAINER = 'app';
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web-backend@sha256:' + 'ab'.repeat(32);

/** The inputs the runner sets from action.yml defaults (those without an expression to evaluate). */
function defaultInputs(actionYml: string): Record<string, string> {
  const doc = parseYaml(readFileSync(actionYml, 'utf8')) as {
    inputs?: Record<string, { default?: unknown } | null>;
  };
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    const value = spec?.default;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    if (!String(value).includes('${{')) out[name] = String(value);
  }
  return out;
}

interface Contender {
  label: string;
  actionYml: string;
  wall: number[];
  cpu: number[];
  failure?: string;
}

/** One run of the render, as the runner starts it; records the times, or the failure. */
function renderOnce(c: Contender, record: boolean): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-compare-'));
  try {
    const workspace = join(dir, 'workspace');
    const temp = join(dir, 'temp');
    mkdirSync(workspace);
    mkdirSync(temp);
    copyFileSync(TASK_DEFINITION, join(workspace, 'task-definition.json'));
    const files = {
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_STATE: join(dir, 'state'),
      GITHUB_ENV: join(dir, 'env'),
      GITHUB_PATH: join(dir, 'path'),
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
    };
    for (const f of Object.values(files)) writeFileSync(f, '');
    writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify({ ref: 'refs/heads/main', after: 'f'.repeat(40) }));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? dir,
      ...files,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: temp,
      GITHUB_SHA: 'f'.repeat(40),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: 'octo/web',
      GITHUB_REPOSITORY_OWNER: 'octo',
      GITHUB_RUN_ID: '1234567890',
      GITHUB_RUN_NUMBER: '42',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_ACTOR: 'octocat',
      GITHUB_WORKFLOW: 'deploy',
      GITHUB_JOB: 'deploy',
      GITHUB_EVENT_NAME: 'push',
      AWS_REGION: 'eu-west-1',
      ...inputEnv({
        ...defaultInputs(c.actionYml),
        'task-definition': 'task-definition.json',
        'container-name': CONTAINER,
        image: IMAGE,
      }),
    };
    const entry = actionEntries(c.actionYml)[0]!;
    const [cmd, args] = gnuTime ? [gnuTime, ['-f', 'cpu %U %S', node, entry]] : [node, [entry]];
    const started = process.hrtime.bigint();
    const run = spawnSync(cmd, args, { cwd: workspace, env, stdio: 'pipe', timeout: 60_000 });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const stderr = run.stderr.toString();
    const outputs = parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
    const rendered = outputs['task-definition'];
    const image =
      rendered && isFile(rendered)
        ? (
            JSON.parse(readFileSync(rendered, 'utf8')) as {
              containerDefinitions?: { name: string; image: string }[];
            }
          ).containerDefinitions?.find((d) => d.name === CONTAINER)?.image
        : undefined;
    if (run.status !== 0 || image !== IMAGE) {
      const said = `${run.stdout.toString()}\n${stderr}`.trim().split('\n').slice(-3).join(' / ');
      c.failure ??= `exit ${run.status}, rendered image ${image ?? 'none'}: ${said}`;
      return;
    }
    if (!record) return;
    c.wall.push(wallMs);
    const times = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
    if (times) c.cpu.push((Number(times[1]) + Number(times[2])) * 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function nodeVersion(): string {
  return node === process.execPath ? process.version : execFileSync(node, ['--version']).toString().trim();
}

function bareNode(runs: number): { wall: number; cpu?: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  const empty = join(import.meta.dirname, '_empty.mjs');
  for (let i = 0; i < runs; i++) {
    const [cmd, args] = gnuTime ? [gnuTime, ['-f', 'cpu %U %S', node, empty]] : [node, [empty]];
    const started = process.hrtime.bigint();
    const run = spawnSync(cmd, args, { env: {}, stdio: 'pipe' });
    wall.push(Number(process.hrtime.bigint() - started) / 1e6);
    const times = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr.toString());
    if (times) cpu.push((Number(times[1]) + Number(times[2])) * 1000);
  }
  return { wall: median(wall), cpu: cpu.length ? median(cpu) : undefined };
}

// ---------------------------------------------------------------------------------------------------------
// Report

const mb = (n: number) => `${(n / MB).toFixed(2)} MB`;
const ratio = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}×`;
const verdict = (good: boolean) => (good ? 'ok' : 'OVER');
const ms = (n: number | undefined) => (n === undefined ? 'n/a' : `${n.toFixed(0)} ms`);

function ourActions(): string[] {
  return readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && isFile(join(root, 'actions', d.name, 'action.yml')))
    .map((d) => d.name)
    .sort((a, b) => Number(b in PAIRS) - Number(a in PAIRS) || a.localeCompare(b));
}

function main() {
  const runs = Number(process.argv[2] ?? 11);
  const awsDir = process.env.AWS_ACTIONS_DIR ? resolve(process.env.AWS_ACTIONS_DIR) : undefined;
  type Checkout =
    { dir: string; actionYml: string; version: string; missing?: undefined } | { missing: string };
  const theirs = (name: string): Checkout => {
    if (!awsDir) return { missing: NOT_MEASURED };
    const dir = join(awsDir, name);
    if (!isFile(join(dir, 'action.yml'))) return { missing: `not measured (no ${dir}/action.yml)` };
    return { dir, actionYml: join(dir, 'action.yml'), version: theirVersion(dir) };
  };
  const ourVersion = gitVersion(root) ?? 'working tree';

  console.log(
    `node ${nodeVersion()}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ours: ${ourVersion} (dist/ as in the working tree); theirs: ${
      awsDir ? `AWS_ACTIONS_DIR=${awsDir}` : NOT_MEASURED
    }\n`,
  );

  // 1. Sizes per action.
  console.log(
    `### Download size per action (action.yml + what runs.main/post load; target ours ≤ ${SIZE_TARGET}× theirs)\n`,
  );
  console.log(
    '| ours | loaded (.js files) | shipped: action.yml + dirs | aws-actions | loaded (.js files) | shipped: action.yml + dist/ | ours ÷ theirs, loaded | ours ÷ theirs, shipped | target |',
  );
  console.log('| --- | ---: | --- | --- | ---: | --- | ---: | ---: | --- |');
  for (const name of ourActions()) {
    const ours = footprint(join(root, 'actions', name, 'action.yml'), root);
    const oursCells = [
      `${name}${ours.missing.length ? ` (missing ${ours.missing.join(', ')}: run npm run package)` : ''}`,
      `${mb(ours.loadedBytes)} (${ours.loadedJs})`,
      `${mb(ours.shippedBytes)} (${ours.dirs.join(' + ')})`,
    ];
    const pair = PAIRS[name];
    if (!pair) {
      console.log(`| ${oursCells.join(' | ')} | — | | | | | |`);
      continue;
    }
    const them = theirs(pair);
    if (them.missing !== undefined) {
      console.log(`| ${oursCells.join(' | ')} | ${pair} | ${them.missing} | | | | |`);
      continue;
    }
    const their = footprint(them.actionYml, them.dir);
    headline({
      bench: 'compare',
      figure: `${name} size (files it can load) ÷ ${pair}`,
      value: `${mb(ours.loadedBytes)} ÷ ${mb(their.loadedBytes)} = ${ratio(ours.loadedBytes, their.loadedBytes)}`,
      target: `≤ ${SIZE_TARGET}×`,
      met: ours.loadedBytes <= SIZE_TARGET * their.loadedBytes,
    });
    console.log(
      `| ${oursCells.join(' | ')} | ${pair} ${them.version} | ${mb(their.loadedBytes)} (${their.loadedJs}) | ` +
        `${mb(their.shippedBytes)} (${their.dirs.join(' + ')}) | ${ratio(ours.loadedBytes, their.loadedBytes)} | ` +
        `${ratio(ours.shippedBytes, their.shippedBytes)} | ` +
        `${verdict(ours.loadedBytes <= SIZE_TARGET * their.loadedBytes)} |`,
    );
  }

  // 1b. Whole repository archive.
  console.log(
    `\n### Repository archive (\`git archive HEAD | gzip\`: what the runner downloads; target ours ≤ ${mb(ARCHIVE_TARGET_BYTES)})\n`,
  );
  console.log('| repository | archive | ours ÷ theirs | target |');
  console.log('| --- | ---: | ---: | --- |');
  const ourArchive = archiveBytes(root);
  console.log(
    `| ecs-deploy-actions ${ourVersion} (committed HEAD) | ${ourArchive === undefined ? 'n/a (not a git checkout)' : mb(ourArchive)} | | ` +
      `${ourArchive === undefined ? '' : verdict(ourArchive <= ARCHIVE_TARGET_BYTES)} |`,
  );
  if (ourArchive !== undefined) {
    headline({
      bench: 'compare',
      figure: `repository archive (git archive HEAD, gzipped; ${ourVersion})`,
      value: mb(ourArchive),
      target: `≤ ${mb(ARCHIVE_TARGET_BYTES)}`,
      met: ourArchive <= ARCHIVE_TARGET_BYTES,
    });
  }
  const ourDist = archiveBytes(root, 'dist');
  if (ourArchive !== undefined && ourDist !== undefined) {
    console.log(`| of which dist/ | ${mb(ourDist)} | | |`);
  }
  for (const pair of Object.values(PAIRS)) {
    const them = theirs(pair);
    if (them.missing !== undefined) {
      console.log(`| ${pair} | ${them.missing} | | |`);
      continue;
    }
    const bytes = archiveBytes(them.dir);
    console.log(
      `| ${pair} ${them.version} | ${bytes === undefined ? 'n/a (not a git checkout)' : mb(bytes)} | ` +
        `${bytes === undefined || ourArchive === undefined ? '' : ratio(ourArchive, bytes)} | |`,
    );
  }

  // 2. Render cold start.
  console.log(
    `\n### Render cold start (same file, same image, whole process as the runner starts it; median of ${runs} ` +
      `interleaved runs after one warm-up each; target ours ≤ ${COLD_START_TARGET}× theirs)\n`,
  );
  const contenders: Contender[] = [
    {
      label: 'ours: render-task-definition',
      actionYml: join(root, 'actions', 'render-task-definition', 'action.yml'),
      wall: [],
      cpu: [],
    },
  ];
  const renderPair = theirs(PAIRS['render-task-definition']!);
  if (renderPair.missing === undefined) {
    contenders.push({
      label: `${PAIRS['render-task-definition']} ${renderPair.version}`,
      actionYml: renderPair.actionYml,
      wall: [],
      cpu: [],
    });
  }
  for (const c of contenders) {
    if (!isFile(actionEntries(c.actionYml)[0] ?? '')) c.failure = 'no bundle (run npm run package)';
  }
  const baseline = bareNode(runs);
  for (let i = -1; i < runs; i++) {
    for (const c of contenders) if (!c.failure) renderOnce(c, i >= 0);
  }
  console.log(
    '| action | median wall | median CPU (user + sys) | wall − bare node | ours ÷ theirs, wall | ours ÷ theirs, CPU | target |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  console.log(`| bare \`node\` (empty module) | ${ms(baseline.wall)} | ${ms(baseline.cpu)} | | | | |`);
  const [ours, their] = contenders;
  const cells = (c: Contender) =>
    c.failure
      ? `FAILED: ${c.failure} | | |`
      : `${ms(median(c.wall))} | ${ms(c.cpu.length ? median(c.cpu) : undefined)} | ${ms(median(c.wall) - baseline.wall)}`;
  let comparison = ' | | ';
  if (their && !ours!.failure && !their.failure) {
    const [ow, tw] = [median(ours!.wall), median(their.wall)];
    const cpu = ours!.cpu.length && their.cpu.length ? ratio(median(ours!.cpu), median(their.cpu)) : 'n/a';
    comparison = `${ratio(ow, tw)} | ${cpu} | ${verdict(ow <= COLD_START_TARGET * tw)}`;
    headline({
      bench: 'compare',
      figure: `render cold start ÷ ${their.label} (median of ${runs}, wall; CPU ${cpu})`,
      value: `${ms(ow)} ÷ ${ms(tw)} = ${ratio(ow, tw)}`,
      target: `≤ ${COLD_START_TARGET}×`,
      met: ow <= COLD_START_TARGET * tw,
    });
  }
  console.log(`| ${ours!.label} | ${cells(ours!)} | ${comparison} |`);
  if (their) console.log(`| ${their.label} | ${cells(their)} | | | |`);
  else
    console.log(`| ${PAIRS['render-task-definition']} | ${renderPair.missing ?? NOT_MEASURED} | | | | | |`);

  if (!awsDir) {
    console.log(
      `\nLast measured here with AWS_ACTIONS_DIR set (${LAST_MEASURED.date}; ${LAST_MEASURED.theirs}):`,
    );
    for (const line of LAST_MEASURED.lines) console.log(`  ${line}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
