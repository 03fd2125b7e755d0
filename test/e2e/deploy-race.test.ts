/**
 * Two deploys of one service at once, as two bundled processes against the simulator: the second follows
 * on-busy (waits for the first, or fails naming it) and nobody's release is ever reverted by a stranger.
 * And a deploy whose release another deploy takes over stops without rolling back over it.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import {
  DescribeTaskDefinitionCommand,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { parseDeploymentReport } from '../../packages/deploy-report/index.js';
import { normalizeForRegister } from '../../packages/task-definition/index.js';
import { errorAnnotations, repoRoot, runBundledAction, type ActionRun } from '../helpers/run-action.js';
import { readFileSync } from 'node:fs';
import { releaseFile, rev, serviceNow, startWorld, stopWorld, type World } from './deploy.helpers.js';

const distRoot = process.env.E2E_DIST_ROOT ?? join(repoRoot, 'dist');

let world: World | undefined;
afterEach(async () => {
  await stopWorld(world);
  world = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The bundled deploy as workflow run `runId` of acme/shop. */
function deployAs(w: World, runId: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runBundledAction('deploy', {
    distRoot,
    inputs: { cluster: 'web', service: 'backend', 'poll-interval': '1s', timeout: '20m', ...inputs },
    env: {
      ...w.sim.env,
      GITHUB_WORKSPACE: w.dir,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: runId,
    },
    timeoutMs: 90_000,
  });
}

/** The revisions UpdateService was asked for, in order. */
const updates = (w: World) =>
  w.sim
    .calls({ operation: 'UpdateService' })
    .filter((c) => c.status === 200)
    .map((c) => rev((c.input as { taskDefinition?: string }).taskDefinition));

const reportOf = (run: ActionRun) =>
  parseDeploymentReport(JSON.parse(readFileSync(run.outputs.report!, 'utf8')), 'report');

describe('two deploys of one service', () => {
  it.each([
    ['1 s apart, no bake', 1000, '0s'],
    ['2.5 s apart, baking', 2500, '5s'],
  ])(
    '%s, on-busy wait: the second waits for the first, then ships; nothing is reverted',
    async (_, gap, bake) => {
      world = await startWorld();
      const a = await releaseFile(world, 'backend', { image: 'repo/backend:a' });
      const b = await releaseFile(world, 'backend', { image: 'repo/backend:b' });
      const first = deployAs(world, '101', { 'task-definition': a, 'bake-time': bake });
      await sleep(gap);
      const second = deployAs(world, '102', { 'task-definition': b, 'bake-time': bake });
      const [runA, runB] = await Promise.all([first, second]);
      expect(errorAnnotations(runA)).toEqual([]);
      expect(errorAnnotations(runB)).toEqual([]);
      expect([runA.outputs.status, runB.outputs.status]).toEqual(['succeeded', 'succeeded']);
      expect(runB.stdout).toMatch(
        /service backend is busy: it is being deployed by https:\/\/github.com\/acme\/shop\/actions\/runs\/101 \(shipping backend/,
      );
      // backend:1 is never put back: each run updated the service once, in order.
      expect(updates(world)).toEqual([
        rev(runA.outputs['task-definition-arn']),
        rev(runB.outputs['task-definition-arn']),
      ]);
      expect(rev((await serviceNow(world)).taskDefinition)).toBe(rev(runB.outputs['task-definition-arn']));
      // Both marks are gone: the service is free for the next deploy.
      const { tags } = await world.ecs.send(
        new ListTagsForResourceCommand({ resourceArn: (await serviceNow(world)).serviceArn }),
      );
      expect((tags ?? []).find((t) => t.key === 'ecs-deploy:lock')).toBeUndefined();
    },
  );

  it.each([
    ['1 s apart, no bake', 1000, '0s'],
    ['2.5 s apart, baking', 2500, '5s'],
  ])('%s, on-busy fail: the second fails at once naming the first; the first ships', async (_, gap, bake) => {
    world = await startWorld();
    const a = await releaseFile(world, 'backend', { image: 'repo/backend:a' });
    const b = await releaseFile(world, 'backend', { image: 'repo/backend:b' });
    const first = deployAs(world, '201', { 'task-definition': a, 'bake-time': bake });
    await sleep(gap);
    const runB = await deployAs(world, '202', { 'task-definition': b, 'on-busy': 'fail' });
    expect(runB.exitCode).toBe(1);
    expect(errorAnnotations(runB)).toEqual([
      expect.objectContaining({
        title: 'Input on-busy',
        message: expect.stringMatching(
          /^on-busy: service backend is busy: it is being deployed by https:\/\/github.com\/acme\/shop\/actions\/runs\/201/,
        ),
      }),
    ]);
    const runA = await first;
    expect(runA.outputs.status).toBe('succeeded');
    expect(updates(world)).toEqual([rev(runA.outputs['task-definition-arn'])]);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe(rev(runA.outputs['task-definition-arn']));
  });

  it('a stranger deploying during the bake: the first stops, says who took over, and does not roll back', async () => {
    world = await startWorld();
    const a = await releaseFile(world, 'backend', { image: 'repo/backend:a' });
    // The stranger's revision, registered out of band (another tool, or the console).
    const described = await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'backend' }));
    const td = normalizeForRegister(described.taskDefinition!);
    td.containerDefinitions![0]!.image = 'repo/backend:stranger';
    const stranger = (await world.ecs.send(new RegisterTaskDefinitionCommand(td))).taskDefinition!;
    const first = deployAs(world, '301', { 'task-definition': a, 'bake-time': '30s' });
    for (let i = 0; i < 400; i++) {
      const running = (await serviceNow(world)).deployments?.find((d) => d.status === 'PRIMARY');
      if (running?.rolloutState === 'COMPLETED' && rev(running.taskDefinition) !== 'backend:1') break;
      await sleep(100);
    }
    await world.ecs.send(
      new UpdateServiceCommand({
        cluster: 'web',
        service: 'backend',
        taskDefinition: stranger.taskDefinitionArn,
      }),
    );
    const runA = await first;
    expect(runA.exitCode).toBe(1);
    expect(runA.outputs.status).toBe('failed');
    const report = reportOf(runA);
    expect(report.cause).toMatchObject({
      gate: 'superseded',
      summary: expect.stringMatching(
        new RegExp(`another deployment took over the service: .* runs ${rev(stranger.taskDefinitionArn)}`),
      ),
    });
    expect(report.rollbackProblem).toMatch(/^not rolled back: another deploy owns the service now/);
    expect(updates(world)).toEqual([
      rev(runA.outputs['task-definition-arn']),
      rev(stranger.taskDefinitionArn),
    ]);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe(rev(stranger.taskDefinitionArn));
  });
});
