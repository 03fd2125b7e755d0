/**
 * How promptly dist/deploy notices things, on the simulator at 1× speed (simulated time = real time) with
 * the default polling (poll-interval 5s):
 * - lag from the simulated service reaching steady state on the new revision to the step returning;
 * - time from the first failed task of a crashing release to the rollback starting, and to the previous
 *   revision serving alone again (ECS finished the rollback: failed tasks drained, deployment COMPLETED);
 * - AWS calls per minute (ECS, ELBv2, CloudWatch: everything the step sends) while it waits on a slow
 *   rollout, and while the old tasks drain (mean, and the busiest 60-s window of each).
 * Usage: tsx bench/deploy.ts [runs]   (each run takes about a minute and a half)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
import { headline } from './_headline.js';

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
    // With an alarm, as users run it: its reads count too.
    inputs: { cluster: 'web', service: 'backend', 'task-definition': file, alarms: 'web-alb-5xx' },
    // The file's directory is the checkout: task-definition files are read only from the workspace.
    env: { ...sim.env, GITHUB_WORKSPACE: dirname(file) },
    timeoutMs: 600_000,
  });
  if (!run.outputs.report) throw new Error(`the deploy wrote no report:\n${run.stdout}\n${run.stderr}`);
  const report = parseDeploymentReport(JSON.parse(readFileSync(run.outputs.report, 'utf8')), 'report');
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
  const drainRates: number[] = [];
  const drainPeaks: number[] = [];
  for (let i = 0; i < runs; i++) {
    const sim = await startSimulator({
      speed: 1,
      scenario: seedArchitecture({
        releases: [
          { match: { image: ':crash' }, crash: { afterSeconds: 5, exitCode: 3 } },
          // A slow start gives the step a long stretch of steady waiting to measure.
          { match: { image: ':slow' }, startSeconds: 120 },
        ],
        // Old tasks drain for two minutes: a second long wait to measure, and an end the step can foresee.
        deregistrationDelaySeconds: 120,
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
      const updated = sim.calls({ operation: 'UpdateService' }).at(-1)!.at;
      // Every call the step made after its update (the simulator serves only this step now).
      const calls = sim.calls().filter((c) => c.at > updated && c.service !== 'logs');
      const rate = (from: number, to: number) => {
        const waiting = calls.filter((c) => c.at >= from && c.at < to);
        let peak = 0;
        for (let start = from; start + 60_000 <= to; start += 1000) {
          peak = Math.max(peak, waiting.filter((c) => c.at >= start && c.at < start + 60_000).length);
        }
        return { mean: waiting.length / ((to - from) / 60_000), peak };
      };
      // Waiting for tasks to start: they take 120 s; from 10 s after the update (its first changes seen)
      // until their targets register shortly before they run, nothing the step watches moves.
      const starting = rate(updated + 10_000, updated + 100_000);
      steadyRates.push(starting.mean);
      peakRates.push(starting.peak);
      // Waiting for the old tasks to drain (the target group's deregistration delay): from 10 s after
      // ECS began draining them until 10 s before the service reached its steady state.
      const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] })))
        .services![0]!;
      const drainAt = service
        .events!.find((e) => /has begun draining connections/.test(e.message ?? ''))!
        .createdAt!.getTime();
      if (steady - drainAt > 80_000) {
        const draining = rate(drainAt + 10_000, steady - 10_000);
        drainRates.push(draining.mean);
        drainPeaks.push(draining.peak);
      }
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
    `| steady state → step returned (s) | ${fmt(median(lags))} | ${lags.map(fmt).join(', ')} | ≤ 3 |`,
  );
  console.log(
    `| first failed task → rollback started (s) | ${fmt(median(detections))} | ${detections.map(fmt).join(', ')} | |`,
  );
  console.log(
    `| first failed task → previous revision serving alone (s) | ${fmt(median(recoveries))} | ${recoveries.map(fmt).join(', ')} | |`,
  );
  console.log(
    `| AWS calls per minute while tasks start (mean) | ${fmt(median(steadyRates))} | ${steadyRates.map(fmt).join(', ')} | ≤ 12 |`,
  );
  console.log(
    `| AWS calls in the busiest minute while tasks start | ${fmt(median(peakRates))} | ${peakRates.map(fmt).join(', ')} | ≤ 12 |`,
  );
  if (drainRates.length) {
    console.log(
      `| AWS calls per minute while old tasks drain (mean) | ${fmt(median(drainRates))} | ${drainRates.map(fmt).join(', ')} | ≤ 12 |`,
    );
    console.log(
      `| AWS calls in the busiest minute while old tasks drain | ${fmt(median(drainPeaks))} | ${drainPeaks.map(fmt).join(', ')} | ≤ 12 |`,
    );
  }
  const bench = 'deploy';
  const lag = median(lags);
  headline({
    bench,
    figure: 'ECS steady state → step returned',
    value: `${fmt(lag)} s`,
    target: '≤ 3 s',
    met: lag <= 3,
  });
  headline({ bench, figure: 'first failed task → rollback started', value: `${fmt(median(detections))} s` });
  const waits = [...steadyRates, ...drainRates];
  const worst = Math.max(median(steadyRates), drainRates.length ? median(drainRates) : 0);
  headline({
    bench,
    figure: 'AWS calls per minute in a long wait (tasks starting; old tasks draining)',
    value: `${fmt(median(steadyRates))}; ${drainRates.length ? fmt(median(drainRates)) : 'not measured'}`,
    target: '≤ 12',
    met: waits.length > 0 && worst <= 12,
  });
  const peak = Math.max(median(peakRates), drainPeaks.length ? median(drainPeaks) : 0);
  headline({
    bench,
    figure: 'AWS calls in the busiest minute of those waits',
    value: fmt(peak),
    target: '≤ 12',
    met: peak <= 12,
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
