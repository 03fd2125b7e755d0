/**
 * Each action's documented IAM policy allows every AWS call its code can make (scripts/iam-coverage.ts:
 * the SDK commands its bundle can reach, authorized as the simulator authorizes them). The end-to-end
 * runs under the same policies check the resources; this check also covers the calls no scenario reaches.
 */
import { describe, expect, it } from '@jest/globals';
import { actionNames, coverage, reachableCalls } from '../../scripts/iam-coverage.js';
import type { PolicyDocument, PolicyStatement } from '../../packages/simulator/index.js';
import { policyTemplate } from '../helpers/iam-policies.js';

describe.each(actionNames())('actions/%s', (action) => {
  it('has a policy allowing every SDK command its code can send', async () => {
    const { missing } = await coverage(action);
    expect(missing).toEqual([]);
  });
});

describe('coverage', () => {
  const without = (policy: PolicyDocument, action: string): PolicyDocument => ({
    ...policy,
    Statement: (policy.Statement as PolicyStatement[]).map((s) => ({
      ...s,
      Action: [s.Action ?? []].flat().filter((a) => a !== action),
    })),
  });

  it('reports a permission the code needs and the policy lacks', async () => {
    const { missing } = await coverage('deploy', without(policyTemplate('deploy')!, 'ecs:UpdateService'));
    expect(missing).toEqual([
      { call: 'UpdateService', action: 'ecs:UpdateService', decision: 'implicit-deny' },
    ]);
  });

  it('reports iam:PassRole allowed without the iam:PassedToService the task roles need', async () => {
    const policy = policyTemplate('deploy')!;
    const wrongService = {
      ...policy,
      Statement: (policy.Statement as PolicyStatement[]).map((s) =>
        s.Sid === 'PassTaskRoles'
          ? { ...s, Condition: { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } } }
          : s,
      ),
    };
    const { missing } = await coverage('deploy', wrongService);
    expect(missing).toContainEqual({
      call: 'RegisterTaskDefinition',
      action: 'iam:PassRole',
      decision: 'implicit-deny',
    });
  });

  it('lists what a policy allows that no call needs, without counting it as missing', async () => {
    const policy = policyTemplate('render-task-definition')!;
    const extra: PolicyDocument = {
      ...policy,
      Statement: [
        ...(policy.Statement as PolicyStatement[]),
        { Effect: 'Allow', Action: 'ecs:DeleteService', Resource: '*' },
      ],
    };
    expect(await coverage('render-task-definition', extra)).toMatchObject({
      missing: [],
      unused: ['ecs:DeleteService'],
    });
  });
});

describe('reachableCalls', () => {
  it('finds static, dynamic and post-step commands (deploy)', async () => {
    const calls = (await reachableCalls('deploy')).map((c) => `${c.client} ${c.operation}`);
    expect(calls).toEqual(
      expect.arrayContaining([
        '@aws-sdk/client-ecs UpdateService', // static import
        '@aws-sdk/client-cloudwatch-logs GetLogEvents', // `const { … } = await import(…)`
        '@aws-sdk/client-codedeploy CreateDeployment',
        '@aws-sdk/client-elastic-load-balancing-v2 DescribeTargetHealth',
      ]),
    );
  });

  it('sees that render-task-definition only reads task definitions', async () => {
    expect(await reachableCalls('render-task-definition')).toEqual([
      { client: '@aws-sdk/client-ecs', operation: 'DescribeTaskDefinition' },
    ]);
  });
});
