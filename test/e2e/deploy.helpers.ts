/**
 * Shared set-up of the deploy end-to-end tests: a simulator world, task-definition files for releases,
 * and a run of the bundled deploy action against it.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  seedArchitecture,
  startSimulator,
  type ReleaseBehaviour,
  type RunningSimulator,
  type Scenario,
} from '../../packages/simulator/index.js';
import { normalizeForRegister } from '../../packages/task-definition/index.js';
import { runBundledAction, type ActionRun } from '../helpers/run-action.js';
import { parseDeploymentReport, type DeploymentReport } from '../../packages/deploy-report/index.js';
import { readFileSync } from 'node:fs';

export const SPEED = 60;

export interface World {
  sim: RunningSimulator;
  ecs: ECSClient;
  dir: string;
}

export async function startWorld(
  releases: ReleaseBehaviour[] = [],
  scenario?: (releases: ReleaseBehaviour[]) => Scenario,
  speed = SPEED,
): Promise<World> {
  const sim = await startSimulator({
    scenario: (scenario ?? ((r) => seedArchitecture({ releases: r })))(releases),
    speed,
  });
  const ecs = new ECSClient({ endpoint: sim.url, region: sim.region, credentials: sim.credentials });
  return { sim, ecs, dir: mkdtempSync(join(tmpdir(), 'deploy-e2e-')) };
}

export async function stopWorld(world: World | undefined): Promise<void> {
  world?.ecs.destroy();
  await world?.sim.close();
}

/** Write a task-definition file for `family` as render would: the running revision with another image. */
export async function releaseFile(
  world: World,
  family: string,
  change: { image?: string; environment?: { name: string; value: string }[] } = {},
): Promise<string> {
  const out = await world.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: family, include: ['TAGS'] }),
  );
  const td = normalizeForRegister(out.taskDefinition!);
  const container = td.containerDefinitions![0]!;
  if (change.image) container.image = change.image;
  if (change.environment) container.environment = [...(container.environment ?? []), ...change.environment];
  const path = join(world.dir, `${family}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ ...td, tags: out.tags ?? [] }, null, 2));
  return path;
}

export async function serviceNow(world: World, service = 'backend') {
  const out = await world.ecs.send(new DescribeServicesCommand({ cluster: 'web', services: [service] }));
  return out.services![0]!;
}

export interface DeployRun extends ActionRun {
  report?: DeploymentReport;
}

export async function runDeploy(
  world: World,
  inputs: Record<string, string>,
  timeoutMs = 50_000,
): Promise<DeployRun> {
  const run = await runBundledAction('deploy', {
    inputs: { cluster: 'web', service: 'backend', 'poll-interval': '1s', ...inputs },
    // The world's directory is the checkout: task-definition files are read only from the workspace.
    env: { ...world.sim.env, GITHUB_WORKSPACE: world.dir },
    timeoutMs,
  });
  const path = run.outputs.report;
  const report = path ? parseDeploymentReport(JSON.parse(readFileSync(path, 'utf8')), 'report') : undefined;
  return { ...run, ...(report ? { report } : {}) };
}

/** The ECS writes the simulator answered with success, in order. */
export const ecsWrites = (w: World) =>
  w.sim
    .calls({ service: 'ecs' })
    .filter((c) => /^(Register|Update|Stop|Continue|Create|Delete)/.test(c.operation) && c.status === 200)
    .map((c) => c.operation);

export const rev = (arn: string | undefined) => arn?.split('/').pop();
