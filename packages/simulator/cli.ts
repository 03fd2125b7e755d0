/**
 * `npm run sim [-- --port 4566 --speed 60 --world rolling|blue-green|empty --scenario file.json]`: starts
 * the simulator, prints the env lines that point the AWS SDK / CLI at it, and runs until Ctrl-C.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { seedArchitecture, seedBlueGreenArchitecture, startSimulator } from './index.js';
import type { Scenario } from './scenario.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    speed: { type: 'string' },
    world: { type: 'string', default: 'rolling' },
    scenario: { type: 'string' },
  },
});

const worlds: Record<string, () => Scenario> = {
  rolling: () => seedArchitecture(),
  'blue-green': () => seedBlueGreenArchitecture(),
  empty: () => ({}),
};

function scenario(): Scenario {
  if (values.scenario) return JSON.parse(readFileSync(values.scenario, 'utf8')) as Scenario;
  const world = worlds[values.world ?? 'rolling'];
  if (!world) throw new Error(`--world must be one of ${Object.keys(worlds).join(', ')}`);
  return world();
}

const sim = await startSimulator({
  port: values.port ? Number(values.port) : undefined,
  speed: values.speed ? Number(values.speed) : undefined,
  scenario: scenario(),
});
for (const [key, value] of Object.entries(sim.env)) console.log(`export ${key}=${value}`);
const listeners = (await (await fetch(`${sim.url}/_sim/listeners`)).json()) as Record<string, unknown>;
for (const [lb, urls] of Object.entries(listeners)) {
  console.log(`# ${lb}: ${JSON.stringify(urls)}`);
}
console.log(
  `# control API: ${sim.url}/_sim/state, /_sim/scenario, /_sim/advance, /_sim/faults, /_sim/calls; Ctrl-C to stop`,
);

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Keep the process alive: the simulator's own timers are unref'd.
setInterval(() => undefined, 1 << 30);
