/**
 * What "build once" saves: wall time of dist/build-push as a process for a build + push (a new commit), a
 * re-run of the same commit (skipped: one DescribeImages), and a promotion (BatchGetImage + PutImage, no
 * layers), against the private Docker engine and registry of scripts/ci/docker.sh behind the simulator's
 * ECR. Each build gets a context with one changed file, so one layer is really new. Usage:
 * tsx bench/build-push.ts [runs]
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startSimulator } from '../packages/simulator/index.js';
import { repoRoot, runBundledAction, type ActionRun } from '../test/helpers/run-action.js';
import { startDocker } from '../test/setup/docker.js';

const runs = Number(process.argv[2] ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main() {
  const docker = await startDocker();
  const sim = await startSimulator({
    ecrRegistry: {
      url: docker.registry.url,
      username: docker.registry.username,
      password: docker.registry.password,
    },
  });
  const repository = `bench/web-${randomBytes(3).toString('hex')}`;
  const dockerConfig = mkdtempSync(join(tmpdir(), 'bench-docker-config-'));
  const action = async (sha: string, inputs: Record<string, string>): Promise<ActionRun> => {
    const run = await runBundledAction('build-push', {
      inputs: { repository, 'create-repository': 'true', network: 'none', ...inputs },
      env: { ...sim.env, DOCKER_HOST: docker.dockerHost, DOCKER_CONFIG: dockerConfig, GITHUB_SHA: sha },
      timeoutMs: 300_000,
    });
    if (run.exitCode !== 0) throw new Error(`build-push failed:\n${run.stdout}\n${run.stderr}`);
    return run;
  };

  const times = { build: [] as number[], skip: [] as number[], promote: [] as number[] };
  try {
    for (let i = 0; i < runs; i++) {
      const sha = randomBytes(20).toString('hex');
      const context = mkdtempSync(join(tmpdir(), 'bench-context-'));
      cpSync(join(repoRoot, 'test', 'fixtures', 'images', 'two-layer'), context, { recursive: true });
      writeFileSync(join(context, 'second.txt'), `${sha}\n${randomBytes(64 * 1024).toString('base64')}\n`);

      const built = await action(sha, { context });
      if (built.outputs.built !== 'true') throw new Error('the first run of a commit did not build');
      times.build.push(built.durationMs);
      const skipped = await action(sha, { context });
      if (skipped.outputs.built !== 'false') throw new Error('the re-run built again');
      times.skip.push(skipped.durationMs);
      const promoted = await action(sha, { 'promote-from': sha, tags: `release-${i}` });
      if (promoted.outputs.digest !== built.outputs.digest) throw new Error('promotion changed the digest');
      times.promote.push(promoted.durationMs);
    }
  } finally {
    await sim.close();
  }

  const build = median(times.build);
  const rows = [
    ['build + push (new commit)', build],
    ['re-run, skipped', median(times.skip)],
    ['promote by manifest', median(times.promote)],
  ] as const;
  console.log(`build-push as a process, median of ${runs} runs each (classic builder, vfs storage)\n`);
  console.log('| case | median ms | build ÷ case |');
  console.log('| --- | ---: | ---: |');
  for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(0)} | ${(build / ms).toFixed(1)}× |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
