/**
 * `npm run bench`: runs every bench/*.ts in turn (each prints its own table of medians and ratios).
 * Benchmarks measure; they never assert timings in tests.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
for (const file of benches) {
  console.log(`\n## ${file}\n`);
  execFileSync(join(root, 'node_modules', '.bin', 'tsx'), [join('bench', file)], {
    cwd: root,
    stdio: 'inherit',
  });
}
