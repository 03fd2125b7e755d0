/**
 * Simulator throughput through the real SDK: DescribeServices and DescribeTasks in a loop (one client,
 * sequential calls, keep-alive), on the demo world. Prints median / p95 latency and calls per second.
 */
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { seedArchitecture, startSimulator } from '../packages/simulator/index.js';

const sim = await startSimulator({
  scenario: seedArchitecture(),
  speed: Number(process.env.SIM_BENCH_SPEED ?? 60),
});
const ecs = new ECSClient({ endpoint: sim.url, region: sim.region, credentials: sim.credentials });
const taskArns = (await ecs.send(new ListTasksCommand({ cluster: 'web', serviceName: 'backend' }))).taskArns!;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(name: string, call: () => Promise<unknown>, count: number) {
  for (let i = 0; i < 200; i++) await call();
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await call();
    times.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  console.log(
    `| ${name.padEnd(16)} | ${count} | ${percentile(times, 50).toFixed(2)} ms | ${percentile(times, 95).toFixed(2)} ms | ${(count / elapsed).toFixed(0)} |`,
  );
}

console.log('| operation        | calls | p50 (median) | p95 | calls/s |');
console.log('|------------------|-------|--------------|-----|---------|');
await measure(
  'DescribeServices',
  () => ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend', 'frontend'] })),
  3000,
);
await measure(
  'DescribeTasks',
  () => ecs.send(new DescribeTasksCommand({ cluster: 'web', tasks: taskArns })),
  3000,
);
await sim.close();
