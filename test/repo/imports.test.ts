/**
 * Packages use each other through their index.ts: an action entry, or a module of one package, imports
 * another package's `index.js`, never a file inside it. A static import deeper than that is allowed only
 * for the modules listed in LIGHT_MODULES, each because its package's index would load an AWS SDK client
 * (or Octokit) that the importing side deliberately does not load before its inputs are valid, or at all.
 * A dynamic `import()` may go deep: entries load their engines lazily so a mistyped input fails before the
 * SDK loads, and some chunks are kept small on purpose; each such import says why next to it.
 * Tests and test helpers (packages/<name>/test/) may reach into any package.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../helpers/run-action.js';

/** Modules outside index.ts that other packages may import statically, and why their index will not do. */
const LIGHT_MODULES: Record<string, string> = {
  'packages/ecr/reference.ts':
    'repository parsing for build-push inputs and the simulator; ecr/index loads the ECR SDK',
  'packages/image/cli.ts':
    "build-push's post step (docker logout) runs without the ECR SDK image/index loads",
  'packages/image/docker.ts':
    "build-push's post step (docker logout) runs without the ECR SDK image/index loads",
  'packages/image/tags.ts': 'build-push reads its tag inputs before the ECR SDK image/index loads',
  'packages/run-task/parse.ts': 'run-task checks its inputs before the ECS SDK run-task/index loads',
  'packages/metrics/checks.ts':
    'deploy checks its metric inputs before the CloudWatch SDK metrics/index loads',
  'packages/task-definition/schema.ts':
    "release's input typo hints (nearest) without the ECS SDK task-definition/index loads",
  'packages/history/table.ts': 'the report renders history without the ECS SDK history/index loads',
  'packages/github-report/cost-timing.ts':
    'deploy renders cost and timing without the Octokit github-report/index loads',
  'packages/deploy/lock.ts': 'prune reads deploy locks without the four SDK clients deploy/index loads',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'test' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `packages/<name>` or `actions/<name>` of a repo-relative path. */
const unitOf = (path: string) => path.split('/').slice(0, 2).join('/');

/** Relative static imports and re-exports (`import … from './x.js'`, `export … from`, `import './x.js'`). */
const STATIC = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s*)?'(\.{1,2}\/[^']+)'/g;

function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(STATIC)].map((m) => m[1]!);
}

function target(file: string, specifier: string): string {
  return relative(repoRoot, resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
    .split(sep)
    .join('/');
}

const files = [...sourceFiles(join(repoRoot, 'packages')), ...sourceFiles(join(repoRoot, 'actions'))];

describe('imports across packages', () => {
  it('scans the sources (the import pattern still matches them)', () => {
    const found = files.flatMap((f) => staticImports(f));
    expect(files.length).toBeGreaterThan(100);
    expect(found).toContain('../../packages/runner/index.js');
  });

  it('go through index.ts, or to a listed light module', () => {
    const deep: string[] = [];
    const used = new Set<string>();
    for (const file of files) {
      const from = relative(repoRoot, file).split(sep).join('/');
      for (const specifier of staticImports(file)) {
        const to = target(file, specifier);
        if (!to.startsWith('packages/') || unitOf(to) === unitOf(from)) continue;
        if (to === `${unitOf(to)}/index.ts`) continue;
        if (LIGHT_MODULES[to]) {
          used.add(to);
          continue;
        }
        deep.push(`${from} imports ${to}`);
      }
    }
    expect(deep).toEqual([]);
    // A listed module no one imports any more is taken off the list.
    expect(Object.keys(LIGHT_MODULES).filter((m) => !used.has(m))).toEqual([]);
  });
});
