/**
 * `npm run bench`: runs every bench/*.ts in turn (each prints its own table of medians and ratios), then
 * prints the headline figures they recorded (bench/_headline.ts) side by side in one table.
 * `npm run bench <part>` runs those whose file name contains <part>. Benchmarks measure; they never assert
 * timings in tests. A bench that fails is reported and the others still run; the exit code is then 1.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Headline } from '../bench/_headline.js';

const root = resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
const dir = mkdtempSync(join(tmpdir(), 'bench-'));
const headlines = join(dir, 'headlines.jsonl');
const failed: string[] = [];
for (const file of benches) {
  console.log(`\n## ${file}\n`);
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'tsx'), [join('bench', file)], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, BENCH_HEADLINES: headlines },
    });
  } catch {
    failed.push(file);
  }
}

let entries: Headline[] = [];
try {
  entries = readFileSync(headlines, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Headline);
} catch {
  // No bench recorded a headline (e.g. only one without headlines ran).
}
rmSync(dir, { recursive: true, force: true });
if (entries.length) {
  console.log('\n## Side by side (headline figures of this run)\n');
  console.log('| bench | figure | value | target | met |');
  console.log('| --- | --- | ---: | --- | --- |');
  for (const h of entries) {
    const met = h.met === undefined ? '' : h.met ? 'yes' : 'NO';
    console.log(`| ${h.bench} | ${h.figure} | ${h.value} | ${h.target ?? ''} | ${met} |`);
  }
}
if (failed.length) {
  console.error(`\nbenches that failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
