/**
 * Size and cold start of every bundled action: index.js (the main chunk) and the whole dist/<name>/ dir
 * (lazy chunks and licenses included), and the median wall time of `node dist/<name>/index.js` with an empty
 * environment, which fails fast on a missing input, i.e. load + parse + first input read.
 * Targets: main chunk ≤ 1.0 MB, cold start ≤ 100 ms. Usage: tsx bench/bundles.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const runs = Number(process.argv[2] ?? 9);
const MB = 1024 * 1024;
const TARGET_BYTES = 1.0 * MB;
const TARGET_MS = 100;

function dirBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, d) => sum + (d.isDirectory() ? dirBytes(join(dir, d.name)) : statSync(join(dir, d.name)).size),
    0,
  );
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

const names = existsSync(dist)
  ? readdirSync(dist)
      .filter((n) => existsSync(join(dist, n, 'index.js')))
      .sort()
  : [];
if (!names.length) {
  console.log('no bundles in dist/: run npm run package first');
  process.exit(0);
}
const baseline = coldStart(join(import.meta.dirname, '_empty.mjs'));
const rows = names.map((name) => {
  const index = statSync(join(dist, name, 'index.js')).size;
  const total = dirBytes(join(dist, name));
  const chunks = readdirSync(join(dist, name)).filter((f) => f.endsWith('.js')).length;
  const { ms, cpuMs, exitCode } = coldStart(join(dist, name, 'index.js'));
  return { name, index, total, chunks, ms, cpuMs, exitCode };
});

const mb = (n: number) => `${(n / MB).toFixed(2)} MB`;
const ok = (good: boolean) => (good ? 'ok' : 'OVER');
const cpuText = (ms?: number) => (ms === undefined ? 'n/a' : `${ms.toFixed(0)} ms`);
console.log(
  `node ${process.version}, ${runs} runs each, load average ${loadavg()[0]!.toFixed(1)}; ` +
    `bare \`node\` start-up: ${baseline.ms.toFixed(0)} ms wall, ${cpuText(baseline.cpuMs)} CPU\n`,
);
console.log(
  '| action | index.js | dir | .js files | cold start (median wall) | CPU (median) | vs bare node | exit | size | time |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${mb(r.index)} | ${mb(r.total)} | ${r.chunks} | ${r.ms.toFixed(0)} ms | ${cpuText(r.cpuMs)} | ` +
      `${(r.ms / baseline.ms).toFixed(2)}× | ${r.exitCode} | ${ok(r.index <= TARGET_BYTES)} | ${ok(r.ms <= TARGET_MS)} |`,
  );
}
