/**
 * The documented policies are the least that works: the bundled deploy action, run under deploy's policy
 * (action-examples/iam/deploy.json) with one permission taken away, fails with one error naming the IAM
 * action and the resource the role needs, and leaves the service as it was. iam:PassRole allowed for the
 * wrong service (no `iam:PassedToService: ecs-tasks.amazonaws.com`) denies registering the task definition.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { PolicyDocument, PolicyStatement } from '../../packages/simulator/index.js';
import { errorAnnotations, runBundledAction } from '../helpers/run-action.js';
import { rev, releaseFile, serviceNow, startWorld, stopWorld, type World } from './deploy.helpers.js';

let world: World | undefined;
afterEach(async () => {
  await stopWorld(world);
  world = undefined;
});

const statements = (policy: PolicyDocument) =>
  Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
const asList = (v: string | string[] | undefined) => (v === undefined ? [] : [v].flat());

/** The policy without `action` in any statement (statements left with no action are dropped). */
const without =
  (action: string) =>
  (policy: PolicyDocument): PolicyDocument => ({
    ...policy,
    Statement: statements(policy)
      .map((s): PolicyStatement => ({ ...s, Action: asList(s.Action).filter((a) => a !== action) }))
      .filter((s) => asList(s.Action).length > 0),
  });

async function deployUnder(w: World, iamPolicy: (policy: PolicyDocument) => PolicyDocument) {
  const file = await releaseFile(w, 'backend', { image: 'repo/backend:v2' });
  return runBundledAction('deploy', {
    inputs: {
      cluster: 'web',
      service: 'backend',
      'task-definition': file,
      'poll-interval': '1s',
      'wait-for-minutes': '2',
    },
    env: { ...w.sim.env, GITHUB_WORKSPACE: w.dir, E2E_IAM: 'on' },
    iamPolicy,
    timeoutMs: 90_000,
  });
}

/** ECS writes the simulator carried out (answered 200), in order. */
const ecsWrites = (w: World) =>
  w.sim
    .calls({ service: 'ecs' })
    .filter((c) => /^(Register|Update|Stop|Continue|Create|Delete|Tag|Untag)/.test(c.operation))
    .filter((c) => c.status === 200)
    .map((c) => c.operation);

describe('deploy under its documented policy, less one permission', () => {
  it('without ecs:UpdateService: one error naming the action and the service ARN; the service is untouched', async () => {
    world = await startWorld();
    const before = await serviceNow(world);
    const run = await deployUnder(world, without('ecs:UpdateService'));
    expect(run.exitCode).toBe(1);
    const errors = errorAnnotations(run);
    expect(errors).toHaveLength(1);
    const serviceArn = before.serviceArn!;
    expect(errors[0]!.message).toContain(
      `is not authorized to perform: ecs:UpdateService on resource: ${serviceArn}`,
    );
    expect(errors[0]!.message).toContain(
      `the role needs ecs:UpdateService on ${serviceArn}: allow it for the role this workflow assumes`,
    );
    // The simulator refused exactly that call, and nothing else.
    expect(world.sim.iam().map((d) => [d.action, d.resource])).toEqual([['ecs:UpdateService', serviceArn]]);
    const after = await serviceNow(world);
    expect(rev(after.taskDefinition)).toBe(rev(before.taskDefinition));
    expect(after.deployments).toHaveLength(1);
    expect(ecsWrites(world)).not.toContain('UpdateService');
  });

  it('without elasticloadbalancing:DescribeTargetHealth: the gate cannot run, so the deploy fails and goes back', async () => {
    world = await startWorld();
    const before = await serviceNow(world);
    const run = await deployUnder(world, without('elasticloadbalancing:DescribeTargetHealth'));
    expect(run.exitCode).toBe(1);
    const errors = errorAnnotations(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('elasticloadbalancing:DescribeTargetHealth');
    expect(errors[0]!.message).toContain('the role needs elasticloadbalancing:DescribeTargetHealth on *');
    expect(new Set(world.sim.iam().map((d) => d.action))).toEqual(
      new Set(['elasticloadbalancing:DescribeTargetHealth']),
    );
    // A check that could not run is a failure: the service is sent back to the revision it ran (whose own
    // check cannot run either, which the message says).
    expect(errors[0]!.message).toMatch(/rollback to backend:1 failed too/);
    const after = await serviceNow(world);
    expect(rev(after.taskDefinition)).toBe(rev(before.taskDefinition));
  });

  it('iam:PassRole for the wrong service: RegisterTaskDefinition is denied, naming the role; nothing changes', async () => {
    world = await startWorld();
    const before = await serviceNow(world);
    const passedToEcs = (policy: PolicyDocument): PolicyDocument => ({
      ...policy,
      Statement: statements(policy).map((s) =>
        asList(s.Action).includes('iam:PassRole')
          ? { ...s, Condition: { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } } }
          : s,
      ),
    });
    const run = await deployUnder(world, passedToEcs);
    expect(run.exitCode).toBe(1);
    const errors = errorAnnotations(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^AWS denied ecs:RegisterTaskDefinition: /);
    expect(errors[0]!.message).toMatch(
      new RegExp(
        `the role needs iam:PassRole on arn:aws:iam::\\d{12}:role/[\\w-]+ with iam:PassedToService ecs-tasks\\.amazonaws\\.com`,
      ),
    );
    expect(world.sim.iam().map((d) => d.operation)).toEqual(['RegisterTaskDefinition']);
    // Only the deploy lock, taken on the service and given back.
    expect(ecsWrites(world)).toEqual(['TagResource', 'UntagResource']);
    const after = await serviceNow(world);
    expect(rev(after.taskDefinition)).toBe(rev(before.taskDefinition));
    expect(after.deployments).toHaveLength(1);
  });
});
