/**
 * Bundle each action's entry with ncc into dist/<name>/ (or into --out DIR, which the dist check uses to
 * compare a fresh build with the committed one). Usage: tsx scripts/package.ts [--out DIR] [name ...]
 * ncc type-checks through ts-loader (its --transpile-only mode compiles our top-level await entries as
 * CommonJS and fails), so a type error anywhere in the project stops every bundle: fix it first.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');

export function actionNames(): string[] {
  return readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'main.ts')))
    .map((d) => d.name)
    .sort();
}

/**
 * One action's bundles: `main.ts` into dist/<name>/, and a `post.ts` (the post step, `runs.post`), when the
 * action has one, into dist/<name>/post/ with its own chunks.
 */
export async function bundle(name: string, outRoot: string): Promise<void> {
  const out = join(outRoot, name);
  // Build beside the target and swap it in only when ncc succeeded: a failed build keeps the old bundle.
  const fresh = `${out}.building`;
  rmSync(fresh, { recursive: true, force: true });
  const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  const build = (entry: string, dir: string) =>
    run(
      process.execPath,
      [
        ncc,
        'build',
        join('actions', name, entry),
        '-o',
        dir,
        '--minify',
        '--license',
        'licenses.txt',
        '--quiet',
      ],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
    );
  try {
    // main first: ncc empties the .js files under its output directory, post/ included.
    await build('main.ts', fresh);
    if (existsSync(join(root, 'actions', name, 'post.ts'))) await build('post.ts', join(fresh, 'post'));
  } catch (err) {
    rmSync(fresh, { recursive: true, force: true });
    throw err;
  }
  rmSync(out, { recursive: true, force: true });
  renameSync(fresh, out);
}

async function main() {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outRoot = outAt >= 0 ? resolve(args[outAt + 1] ?? '') : join(root, 'dist');
  const names = args.filter((a, i) => a !== '--out' && (outAt < 0 || i !== outAt + 1));
  const todo = names.length ? names : actionNames();
  // Two at a time: ncc is mostly single-threaded and machines here have two cores.
  const queue = [...todo];
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) {
      const started = Date.now();
      await bundle(name, outRoot);
      console.log(`bundled ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  };
  await Promise.all([worker(), worker()]);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
