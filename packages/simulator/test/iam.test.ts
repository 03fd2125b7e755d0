import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  authorizationsFor,
  evaluate,
  IamEnforcer,
  wildcardMatch,
  type IamWorld,
  type PolicyDocument,
} from '../iam.js';
import { seedArchitecture, startSimulator, type RunningSimulator } from '../index.js';

const world: IamWorld = {
  accountId: '123456789012',
  region: 'us-east-1',
  taskDefinitionRoles: (ref) => (ref.startsWith('web') ? ['arn:aws:iam::123456789012:role/web-task'] : []),
  nextTaskDefinitionRevision: () => 4,
  codeDeployGroup: () => undefined,
};
const SERVICE = 'arn:aws:ecs:us-east-1:123456789012:service/prod/backend';
/** For `.then(refused, …)`: a call the policy should have denied that succeeded fails the test. */
const refused = (): never => {
  throw new Error('the call was allowed, not denied');
};

describe('policy evaluation', () => {
  const policy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['ecs:Describe*', 'ecs:UpdateService'],
        Resource: 'arn:aws:ecs:*:*:service/prod/*',
      },
      { Effect: 'Deny', Action: 'ecs:UpdateService', Resource: 'arn:aws:ecs:*:*:service/prod/frontend' },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: 'arn:aws:iam::123456789012:role/web-*',
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      },
      {
        Effect: 'Allow',
        Action: 'ecs:ListTasks',
        Resource: '*',
        Condition: { ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:us-east-1:123456789012:cluster/prod' } },
      },
    ],
  };

  it('matches actions case-insensitively with wildcards, resources exactly with wildcards', () => {
    expect(wildcardMatch('ecs:describe*', 'ecs:DescribeServices', true)).toBe(true);
    expect(wildcardMatch('arn:aws:ecs:*:*:service/prod/?ackend', SERVICE)).toBe(true);
    expect(wildcardMatch('arn:aws:ecs:*:*:service/Prod/*', SERVICE)).toBe(false);
    expect(evaluate([policy], { action: 'ecs:DescribeServices', resource: SERVICE })).toBe('allow');
    expect(evaluate([policy], { action: 'ecs:UpdateService', resource: SERVICE })).toBe('allow');
  });

  it('an explicit deny wins over an allow; nothing allowing is an implicit deny', () => {
    const frontend = SERVICE.replace('backend', 'frontend');
    expect(evaluate([policy], { action: 'ecs:UpdateService', resource: frontend })).toBe('explicit-deny');
    expect(evaluate([policy], { action: 'ecs:DescribeServices', resource: frontend })).toBe('allow');
    expect(evaluate([policy], { action: 'ecs:DeleteService', resource: SERVICE })).toBe('implicit-deny');
    const staging = SERVICE.replace('/prod/', '/staging/');
    expect(evaluate([policy], { action: 'ecs:DescribeServices', resource: staging })).toBe('implicit-deny');
  });

  it('checks iam:PassedToService and ecs:cluster conditions; a missing context key does not match', () => {
    const role = 'arn:aws:iam::123456789012:role/web-task';
    const pass = (service?: string) =>
      evaluate([policy], {
        action: 'iam:PassRole',
        resource: role,
        ...(service ? { context: { 'iam:PassedToService': service } } : {}),
      });
    expect(pass('ecs-tasks.amazonaws.com')).toBe('allow');
    expect(pass('lambda.amazonaws.com')).toBe('implicit-deny');
    expect(pass()).toBe('implicit-deny');
    const list = (cluster: string) =>
      evaluate([policy], {
        action: 'ecs:ListTasks',
        resource: '*',
        context: { 'ecs:cluster': `arn:aws:ecs:us-east-1:123456789012:cluster/${cluster}` },
      });
    expect(list('prod')).toBe('allow');
    expect(list('staging')).toBe('implicit-deny');
  });

  it('derives each operation’s action and resources from its request, with the roles it passes', () => {
    expect(authorizationsFor('ecs', 'UpdateService', { cluster: 'prod', service: 'backend' }, world)).toEqual(
      [
        {
          action: 'ecs:UpdateService',
          resource: SERVICE,
          context: { 'ecs:cluster': 'arn:aws:ecs:us-east-1:123456789012:cluster/prod' },
        },
      ],
    );
    expect(
      authorizationsFor(
        'ecs',
        'RegisterTaskDefinition',
        { family: 'web', executionRoleArn: 'arn:aws:iam::123456789012:role/exec' },
        world,
      ),
    ).toEqual([
      { action: 'ecs:RegisterTaskDefinition', resource: '*' },
      {
        action: 'iam:PassRole',
        resource: 'arn:aws:iam::123456789012:role/exec',
        context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
      },
    ]);
    const run = authorizationsFor('ecs', 'RunTask', { cluster: 'prod', taskDefinition: 'web:3' }, world);
    expect(run?.map((a) => `${a.action} ${a.resource}`)).toEqual([
      'ecs:RunTask arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
      'iam:PassRole arn:aws:iam::123456789012:role/web-task',
    ]);
    expect(authorizationsFor('elbv2', 'DescribeTargetHealth', {}, world)).toEqual([
      { action: 'elasticloadbalancing:DescribeTargetHealth', resource: '*' },
    ]);
    expect(authorizationsFor('ecs', 'PutAccountSetting', {}, world)).toBeUndefined();
  });

  it('denies an operation it has no mapping for, saying so, and leaves unbound keys alone', () => {
    const iam = new IamEnforcer();
    iam.bind({
      accessKeyId: 'AKIAEXAMPLE',
      policies: [{ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }],
    });
    const header = (key: string) =>
      `AWS4-HMAC-SHA256 Credential=${key}/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00`;
    const verdict = iam.check(header('AKIAEXAMPLE'), 'ecs', 'PutAccountSetting', {}, world);
    expect(verdict).toMatchObject({
      allowed: false,
      message: expect.stringContaining('no IAM mapping for ecs:PutAccountSetting'),
    });
    expect(iam.check(header('AKIAOTHER'), 'ecs', 'PutAccountSetting', {}, world)).toEqual({ allowed: true });
    expect(() =>
      iam.bind({
        accessKeyId: 'x',
        policies: [
          { Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { NumericEquals: {} } } },
        ],
      }),
    ).toThrow('unsupported condition operator NumericEquals');
  });
});

describe('enforcement through the real SDK clients', () => {
  let sim: RunningSimulator;
  const restricted = { accessKeyId: 'AKIARESTRICTED000001', secretAccessKey: 'secret' };
  beforeAll(async () => {
    sim = await startSimulator({ scenario: seedArchitecture(), speed: 0 });
    sim.iam({
      accessKeyId: restricted.accessKeyId,
      roleName: 'deployer',
      sessionName: 'ci',
      policies: [
        {
          Statement: [
            {
              Effect: 'Allow',
              Action: 'ecs:DescribeServices',
              Resource: `arn:aws:ecs:${sim.region}:*:service/*/backend`,
            },
            { Effect: 'Allow', Action: 'ecs:RegisterTaskDefinition', Resource: '*' },
          ],
        },
      ],
    });
  });
  afterAll(() => sim.close());
  const client = <T>(Ctor: new (c: object) => T, credentials = restricted) =>
    new Ctor({ endpoint: sim.url, region: sim.region, credentials, maxAttempts: 1 });

  it('answers JSON-protocol calls outside the policy with AccessDeniedException and AWS’s message', async () => {
    const ecs = client(ECSClient);
    const state = sim.state() as { ecs: { services: { cluster: string; name: string }[] } };
    const backend = state.ecs.services.find((s) => s.name === 'backend')!;
    await expect(
      ecs.send(new DescribeServicesCommand({ cluster: backend.cluster, services: ['backend'] })),
    ).resolves.toBeDefined();
    const err = await ecs
      .send(new UpdateServiceCommand({ cluster: backend.cluster, service: 'backend', desiredCount: 3 }))
      .then(
        refused,
        (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } },
      );
    expect(err).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect((err as Error).message).toBe(
      `User: arn:aws:sts::123456789012:assumed-role/deployer/ci is not authorized to perform: ecs:UpdateService on resource: ` +
        `arn:aws:ecs:${sim.region}:123456789012:service/${backend.cluster}/backend because no identity-based policy allows the ecs:UpdateService action`,
    );
    // The unrestricted key is not evaluated.
    await expect(
      client(ECSClient, sim.credentials).send(
        new UpdateServiceCommand({ cluster: backend.cluster, service: 'backend' }),
      ),
    ).resolves.toBeDefined();
  });

  it('needs iam:PassRole for the roles a task definition passes', async () => {
    const err = await client(ECSClient)
      .send(
        new RegisterTaskDefinitionCommand({
          family: 'iam-test',
          executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
          containerDefinitions: [{ name: 'app', image: 'nginx' }],
        }),
      )
      .then(refused, (e: unknown) => e as Error);
    expect(err).toMatchObject({ name: 'AccessDeniedException' });
    expect(err.message).toContain(
      'iam:PassRole on resource: arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    );
  });

  it('answers ELBv2 (Query) and CloudWatch (query-compatible JSON) with AccessDenied 403', async () => {
    const elb = await client(ElasticLoadBalancingV2Client)
      .send(
        new DescribeTargetHealthCommand({
          TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1',
        }),
      )
      .then(
        refused,
        (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } },
      );
    expect(elb).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(elb.message).toContain('elasticloadbalancing:DescribeTargetHealth on resource: *');
    const cw = await client(CloudWatchClient)
      .send(new DescribeAlarmsCommand({ AlarmNames: ['backend-5xx'] }))
      .then(
        refused,
        (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } },
      );
    expect(cw).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(cw.message).toContain(
      `cloudwatch:DescribeAlarms on resource: arn:aws:cloudwatch:${sim.region}:123456789012:alarm:backend-5xx`,
    );
    expect(sim.iam().map((d) => d.action)).toEqual([
      'ecs:UpdateService',
      'iam:PassRole',
      'elasticloadbalancing:DescribeTargetHealth',
      'cloudwatch:DescribeAlarms',
    ]);
  });
});
