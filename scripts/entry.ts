/**
 * The one bundled entry of every action: scripts/package.ts builds it once with ncc into dist/_shared/, and
 * each dist/<name>/index.js (dist/<name>/post/index.js for a post step) is a few-line stub that imports this
 * bundle and calls `run('<name>')` (or `run('<name>/post')`). Every entry is a dynamic import(), so webpack
 * emits each module once, in chunks the actions share (the AWS SDK, @actions/*, packages/), and a step loads
 * only the chunks its own entry reaches: what the entries import lazily (the SDK, the engines) still loads
 * only after the inputs are valid, so a bad input fails fast.
 *
 * Keys: `<name>` for actions/<name>/main.ts, `<name>/post` for actions/<name>/post.ts. The packager refuses
 * to build when this list and actions/ disagree.
 */
const entries: Record<string, () => Promise<unknown>> = {
  'build-push': () => import('../actions/build-push/main.js'),
  deploy: () => import('../actions/deploy/main.js'),
  'deploy/post': () => import('../actions/deploy/post.js'),
  'prune-revisions': () => import('../actions/prune-revisions/main.js'),
  'render-task-definition': () => import('../actions/render-task-definition/main.js'),
  report: () => import('../actions/report/main.js'),
  release: () => import('../actions/release/main.js'),
  'release/post': () => import('../actions/release/post.js'),
  rollback: () => import('../actions/rollback/main.js'),
  'run-task': () => import('../actions/run-task/main.js'),
  'run-task/post': () => import('../actions/run-task/post.js'),
};

/** The entries this bundle serves, sorted (the packager checks them against actions/). */
export const entryNames: readonly string[] = Object.keys(entries).sort();

/** Run one entry, `<name>` or `<name>/post`: resolves when the entry module's top-level await is done. */
export async function run(entry: string): Promise<void> {
  const load = Object.hasOwn(entries, entry) ? entries[entry] : undefined;
  if (!load) throw new Error(`this bundle has no entry "${entry}" (it has ${entryNames.join(', ')})`);
  await load();
}
