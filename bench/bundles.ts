/**
 * Size and cold start of the bundled actions. dist/<name>/index.js (and dist/<name>/post/index.js) are stubs
 * that run one entry of the bundle every action shares (dist/_shared/, one ncc build: see scripts/package.ts).
 * Per step this reports its start-up code: the bytes it loads before its own code runs (the stub, the shared
 * index.js and the chunks webpack loads for the step's entry; lazy chunks load later, if ever). A build in
 * the older layout (a self-contained dist/<name>/index.js per action) works too: there the start-up code is
 * that index.js. For the whole dir: its bytes and its compressed size (the files gzipped in one stream; the
 * repository archive a job downloads is measured by scripts/archive-size.ts).
 * Cold start: the median wall time of `node dist/<name>/index.js` with an empty environment, which fails fast
 * on a missing input, i.e. load + parse + first input read.
 * Targets: start-up code ≤ 1.0 MB, cold start ≤ 100 ms.
 * Usage: tsx bench/bundles.ts [runs] [dist dir]   (the dir defaults to dist/; any build, e.g. an older one)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 9);
const dist = resolve(process.argv[3] ?? join(root, 'dist'));
const MB = 1024 * 1024;
const TARGET_BYTES = 1.0 * MB;
const TARGET_MS = 100;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]))
    .sort();
}

/** `import … from './x.js'` / `import './x.js'` in a stub: the relative modules it loads before it runs. */
const STATIC_IMPORT = /^\s*import\s[^'"]*?['"](\.{1,2}\/[^'"]+)['"]/gm;

/**
 * The files a step loads before its own code runs: its entry file and the relative modules that imports
 * statically, and for a stub that calls `run('<entry>')`, the chunks the shared bundle's index.js loads for
 * that entry (`"<entry>":()=>Promise.all([__nccwpck_require__.e(<id>),…])`, or one `….e(<id>)`).
 */
function startupFiles(entry: string): string[] {
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file) || !existsSync(file)) return;
    files.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) visit(resolve(dirname(file), m[1]!));
  };
  visit(entry);
  const dispatched = /\brun\(\s*'([^']+)'\s*\)/.exec(readFileSync(entry, 'utf8'))?.[1];
  if (dispatched) {
    const key = dispatched.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    const load = new RegExp(`(?:"${key}"|[{,]${key}):\\(\\)=>([^]*?)\\.then\\(`);
    for (const file of [...files]) {
      const chunks = load.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
      for (const m of chunks.matchAll(/\.e\((\d+)\)/g)) visit(join(dirname(file), `${m[1]}.index.js`));
    }
  }
  return [...files];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// GNU time, when present, also gives the CPU time (user + sys), which a busy machine disturbs less than
// wall time does.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function coldStart(entry: string): { ms: number; cpuMs?: number; exitCode: number | null } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let exitCode: number | null = null;
  for (let i = 0; i < runs; i++) {
    const [cmd, args] = gnuTime
      ? [gnuTime, ['-f', 'cpu %U %S', process.execPath, entry]]
      : [process.execPath, [entry]];
    const started = process.hrtime.bigint();
    const run = spawnSync(cmd, args, { env: {}, stdio: 'pipe' });
    wall.push(Number(process.hrtime.bigint() - started) / 1e6);
    const times = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr.toString());
    if (times) cpu.push((Number(times[1]) + Number(times[2])) * 1000);
    exitCode = run.status;
  }
  return { ms: median(wall), cpuMs: cpu.length ? median(cpu) : undefined, exitCode };
}

// Every step entry: dist/<name>/index.js and dist/<name>/post/index.js (dist/_shared/ is the bundle itself).
const steps = existsSync(dist)
  ? readdirSync(dist)
      .filter((n) => !n.startsWith('_') && existsSync(join(dist, n, 'index.js')))
      .sort()
      .flatMap((n) => [n, ...(existsSync(join(dist, n, 'post', 'index.js')) ? [`${n}/post`] : [])])
  : [];
if (!steps.length) {
  console.log(`no bundles in ${dist}: run npm run package first`);
  process.exit(0);
}
const baseline = coldStart(join(import.meta.dirname, '_empty.mjs'));
const rows = steps.map((name) => {
  const entry = join(dist, ...name.split('/'), 'index.js');
  const startup = startupFiles(entry);
  const startupBytes = startup.reduce((sum, f) => sum + statSync(f).size, 0);
  const { ms, cpuMs, exitCode } = coldStart(entry);
  return {
    name,
    index: statSync(entry).size,
    startupBytes,
    startupFiles: startup.length,
    ms,
    cpuMs,
    exitCode,
  };
});
const all = filesUnder(dist);
const distBytes = all.reduce((sum, f) => sum + statSync(f).size, 0);
const distGz = gzipSync(Buffer.concat(all.map((f) => readFileSync(f)))).length;

const mb = (n: number) => `${(n / MB).toFixed(2)} MB`;
const kb = (n: number) => `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} kB`;
const ok = (good: boolean) => (good ? 'ok' : 'OVER');
const cpuText = (ms?: number) => (ms === undefined ? 'n/a' : `${ms.toFixed(0)} ms`);
console.log(
  `${relative(root, dist) || '.'}: node ${process.version}, ${runs} runs each, load average ` +
    `${loadavg()[0]!.toFixed(1)}; bare \`node\` start-up: ${baseline.ms.toFixed(0)} ms wall, ` +
    `${cpuText(baseline.cpuMs)} CPU\n`,
);
console.log(`${all.length} files, ${mb(distBytes)}, ${mb(distGz)} compressed\n`);
console.log(
  '| step | index.js | start-up code (files) | cold start (median wall) | CPU (median) | vs bare node | exit | size | time |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${kb(r.index)} | ${mb(r.startupBytes)} (${r.startupFiles}) | ${r.ms.toFixed(0)} ms | ` +
      `${cpuText(r.cpuMs)} | ${(r.ms / baseline.ms).toFixed(2)}× | ${r.exitCode} | ` +
      `${ok(r.startupBytes <= TARGET_BYTES)} | ${ok(r.ms <= TARGET_MS)} |`,
  );
}
