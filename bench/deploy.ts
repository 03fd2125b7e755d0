/**
 * How promptly dist/deploy notices things, on the simulator at 1× speed (simulated time = real time) with
 * the default polling (poll-interval 5s):
 * - lag from the simulated service reaching steady state on the new revision to the step returning;
 * - time from the first failed task of a crashing release to the rollback starting, and to the previous
 *   revision serving alone again (ECS finished the rollback: failed tasks drained, deployment COMPLETED);
 * - ECS reads per minute while the step waits on a slow rollout (mean, and the busiest 60-s window).
 * Usage: tsx bench/deploy.ts [runs]   (each run takes about a minute and a half)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
} from '@aws-sdk/client-ecs';
import { parseDeploymentReport } from '../packages/deploy-report/index.js';
import { seedArchitecture, startSimulator, type RunningSimulator } from '../packages/simulator/index.js';
import { normalizeForRegister } from '../packages/task-definition/index.js';
import { runBundledAction } from '../test/helpers/run-action.js';

const runs = Number(process.argv[2] ?? 2);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function releaseFile(ecs: ECSClient, image: string): Promise<string> {
  const out = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'backend', include: ['TAGS'] }),
  );
  const td = normalizeForRegister(out.taskDefinition!);
  td.containerDefinitions![0]!.image = image;
  const path = join(mkdtempSync(join(tmpdir(), 'bench-deploy-')), 'backend.json');
  writeFileSync(path, JSON.stringify({ ...td, tags: out.tags ?? [] }));
  return path;
}

async function deploy(sim: RunningSimulator, file: string) {
  const run = await runBundledAction('deploy', {
    inputs: { cluster: 'web', service: 'backend', 'task-definition': file },
    env: sim.env,
    timeoutMs: 600_000,
  });
  const report = parseDeploymentReport(JSON.parse(readFileSync(run.outputs.report!, 'utf8')), 'report');
  return { run, report, returnedAt: Date.now() };
}

/** Simulated time of the newest "has reached a steady state" event. */
async function steadyAt(ecs: ECSClient): Promise<number> {
  const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] })))
    .services![0]!;
  const event = service.events!.find((e) => /has reached a steady state/.test(e.message ?? ''));
  return event!.createdAt!.getTime();
}

async function main() {
  const lags: number[] = [];
  const detections: number[] = [];
  const recoveries: number[] = [];
  const steadyRates: number[] = [];
  const peakRates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const sim = await startSimulator({
      speed: 1,
      scenario: seedArchitecture({
        releases: [
          { match: { image: ':crash' }, crash: { afterSeconds: 5, exitCode: 3 } },
          // A slow start gives the step a long stretch of steady waiting to measure.
          { match: { image: ':slow' }, startSeconds: 120 },
        ],
      }),
    });
    const ecs = new ECSClient({ endpoint: sim.url, region: sim.region, credentials: sim.credentials });
    try {
      // A crashing release: first failed task → rollback started → previous revision serving alone.
      const bad = await deploy(sim, await releaseFile(ecs, 'repo/backend:crash'));
      if (bad.report.status !== 'rolled-back') throw new Error(`expected a rollback: ${bad.run.stdout}`);
      const taskArn = bad.report.cause!.taskArn!;
      const task = (await ecs.send(new DescribeTasksCommand({ cluster: 'web', tasks: [taskArn] })))
        .tasks![0]!;
      const at = (pattern: RegExp) =>
        Date.parse(bad.report.timeline.find((e) => pattern.test(e.message))!.at);
      // The task fails when its essential container exits (ECS then stops it: stoppingAt).
      const failedAt = (task.stoppingAt ?? task.stoppedAt)!.getTime();
      detections.push((at(/^deploy failed: /) - failedAt) / 1000);
      recoveries.push((at(/^rolled back: /) - failedAt) / 1000);

      // A healthy release: lag after steady state, and the ECS read rate while waiting.
      const good = await deploy(sim, await releaseFile(ecs, 'repo/backend:slow'));
      if (good.report.status !== 'succeeded') throw new Error(`release failed: ${good.run.stdout}`);
      const steady = await steadyAt(ecs);
      // At 1× the simulated clock runs with the real one from its start, so the two compare directly.
      lags.push((good.returnedAt - steady) / 1000);
      const calls = sim.calls({ service: 'ecs' }).filter((c) => /^(Describe|List)/.test(c.operation));
      const updated = sim.calls({ operation: 'UpdateService' }).at(-1)!.at;
      // Steady waiting: the new tasks take 120 s to start; from 10 s after the update (its first changes
      // seen) until their targets register shortly before they run, nothing the step watches moves.
      const from = updated + 10_000;
      const to = updated + 100_000;
      const waiting = calls.filter((c) => c.at >= from && c.at < to);
      steadyRates.push(waiting.length / ((to - from) / 60_000));
      let peak = 0;
      for (let start = from; start + 60_000 <= to; start += 1000) {
        peak = Math.max(peak, waiting.filter((c) => c.at >= start && c.at < start + 60_000).length);
      }
      peakRates.push(peak);
    } finally {
      ecs.destroy();
      await sim.close();
    }
  }
  const fmt = (v: number) => v.toFixed(1);
  console.log(`runs: ${runs} (simulator at 1x, poll-interval 5s)`);
  console.log(`| figure | median | all | target |`);
  console.log(`| --- | --- | --- | --- |`);
  console.log(
    `| steady state → step returned (s) | ${fmt(median(lags))} | ${lags.map(fmt).join(', ')} | ≤ 5 |`,
  );
  console.log(
    `| first failed task → rollback started (s) | ${fmt(median(detections))} | ${detections.map(fmt).join(', ')} | |`,
  );
  console.log(
    `| first failed task → previous revision serving alone (s) | ${fmt(median(recoveries))} | ${recoveries.map(fmt).join(', ')} | |`,
  );
  console.log(
    `| ECS reads per minute while waiting (mean) | ${fmt(median(steadyRates))} | ${steadyRates.map(fmt).join(', ')} | ≤ 12 |`,
  );
  console.log(
    `| ECS reads in the busiest minute while waiting | ${fmt(median(peakRates))} | ${peakRates.map(fmt).join(', ')} | ≤ 12 |`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
