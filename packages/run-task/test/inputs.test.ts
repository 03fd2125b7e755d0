import { describe, expect, it } from '@jest/globals';
import { readRunTaskOptions } from '../../../actions/run-task/inputs.js';
import { Inputs } from '../../inputs/index.js';
import {
  checkSecurityGroups,
  checkSubnets,
  parseAssignPublicIp,
  parseCapacityProviderStrategy,
  parseNetworkConfiguration,
} from '../index.js';

const github = { serverUrl: 'https://github.com', sha: 'a'.repeat(40), repository: 'acme/shop', runId: '42' };
// Real ids are the prefix and 8 or 17 lower-case hex digits.
const SUBNET_A = 'subnet-0123456789abcdef0';
const SUBNET_B = 'subnet-1a2b3c4d';
const SG = 'sg-0fedcba9876543210';
const read = (values: Record<string, string>) =>
  readRunTaskOptions(new Inputs((name) => values[name]), 'eu-west-1', github, '/work');

describe('parseNetworkConfiguration', () => {
  it('takes RunTask’s shape or the inner awsvpcConfiguration', () => {
    const inner = { subnets: [SUBNET_A, SUBNET_B], securityGroups: [SG], assignPublicIp: 'disabled' };
    const expected = {
      subnets: [SUBNET_A, SUBNET_B],
      securityGroups: [SG],
      assignPublicIp: 'DISABLED',
    };
    expect(parseNetworkConfiguration({ awsvpcConfiguration: inner }, 'network-configuration')).toEqual(
      expected,
    );
    expect(parseNetworkConfiguration(inner, 'network-configuration')).toEqual(expected);
  });

  it('rejects missing subnets, names instead of ids and unknown fields, naming the input', () => {
    expect(() => parseNetworkConfiguration({ awsvpcConfiguration: { securityGroups: [SG] } }, 'nc')).toThrow(
      /^nc: has no subnets/,
    );
    expect(() => parseNetworkConfiguration({ subnets: ['private-a'] }, 'nc')).toThrow(
      /^nc: "private-a" is not a subnet id/,
    );
    expect(() => parseNetworkConfiguration({ subnets: [SUBNET_A], securityGroups: ['web'] }, 'nc')).toThrow(
      /"web" is not a security group id/,
    );
    expect(() => parseNetworkConfiguration({ subnets: [SUBNET_A], subnet: 'x' }, 'nc')).toThrow(
      /unknown fields: subnet/,
    );
    expect(() => parseNetworkConfiguration([SUBNET_A], 'nc')).toThrow(/^nc: is not an object/);
  });
});

describe('checkSubnets and checkSecurityGroups', () => {
  it('take ids with 8 or 17 lower-case hex digits', () => {
    const subnets = ['subnet-0123abcd', 'subnet-0123456789abcdef0'];
    expect(checkSubnets(subnets, 'subnets')).toEqual(subnets);
    expect(checkSecurityGroups(['sg-89abcdef', SG], 'security-groups')).toEqual(['sg-89abcdef', SG]);
    expect(checkSubnets([], 'subnets')).toEqual([]);
  });

  it.each([
    [
      'subnet-xyz',
      /^subnets: "subnet-xyz" is not a subnet id: it has characters other than hex digits after subnet-\./,
    ],
    ['subnet-abc', /"subnet-abc" is not a subnet id: it has 3 hex digits, not 8 or 17/],
    ['subnet-1', /"subnet-1" is not a subnet id: it has 1 hex digit, not 8 or 17/],
    ['subnet-0123456789abcdef', /it has 16 hex digits, not 8 or 17/],
    ['subnet-0123456789ABCDEF0', /it has upper-case letters/],
    ['sg-0123456789abcdef0', /it does not start with subnet-/],
    ['private-a', /"private-a" is not a subnet id: it does not start with subnet-/],
    [' subnet-0123abcd', /does not start with subnet-/],
  ])('rejects the subnet %j, saying what is wrong and how ids look', (value, message) => {
    expect(() => checkSubnets([SUBNET_A, value], 'subnets')).toThrow(message);
    expect(() => checkSubnets([value], 'subnets')).toThrow(
      /give subnet ids \(not names\): subnet- and 8 or 17 lower-case hex digits, like subnet-0123456789abcdef0$/,
    );
  });

  it.each(['sg-1', 'sg-web', 'web', 'sg-0123456789abcdef01', 'sg-0123456G'])(
    'rejects the security group %j',
    (value) => {
      expect(() => checkSecurityGroups([value], 'security-groups')).toThrow(
        new RegExp(
          `^security-groups: "${value}" is not a security group id: it .*like sg-0123456789abcdef0$`,
        ),
      );
    },
  );

  it('the inputs and the network-configuration document are checked the same way', () => {
    expect(() => read({ 'task-definition': 'b', subnets: 'subnet-xyz' })).toThrow(
      /^subnets: "subnet-xyz" is not a subnet id/,
    );
    expect(() => read({ 'task-definition': 'b', subnets: SUBNET_A, 'security-groups': 'sg-abc' })).toThrow(
      /^security-groups: "sg-abc" is not a security group id/,
    );
    expect(() => parseNetworkConfiguration({ subnets: ['subnet-xyz'] }, 'network-configuration')).toThrow(
      /^network-configuration: "subnet-xyz" is not a subnet id/,
    );
  });

  it('a huge id is quoted cut, not whole', () => {
    const huge = `subnet-${'f'.repeat(120_000)}`;
    let message = '';
    try {
      checkSubnets([huge], 'subnets');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(
      /^subnets: "subnet-f{193}…" \(119,807 more characters\) is not a subnet id: it has 120,000 hex digits/,
    );
    expect(message.length).toBeLessThan(500);
  });
});

describe('parseAssignPublicIp and parseCapacityProviderStrategy', () => {
  it('assign-public-ip takes ENABLED/DISABLED or true/false', () => {
    expect(parseAssignPublicIp('enabled', 'x')).toBe('ENABLED');
    expect(parseAssignPublicIp('false', 'x')).toBe('DISABLED');
    expect(() => parseAssignPublicIp('yes', 'x')).toThrow(/^x: "yes" is not ENABLED or DISABLED/);
  });

  it('capacity providers as provider[:weight[:base]]', () => {
    expect(parseCapacityProviderStrategy(['FARGATE_SPOT:3', 'FARGATE:1:1', 'mine'], 'c')).toEqual([
      { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      { capacityProvider: 'mine' },
    ]);
    expect(() => parseCapacityProviderStrategy(['FARGATE:heavy'], 'c')).toThrow(
      /^c: "FARGATE:heavy" is not provider\[:weight\[:base\]\]/,
    );
    expect(() => parseCapacityProviderStrategy(['FARGATE:1001'], 'c')).toThrow(/is not provider/);
  });
});

describe('readRunTaskOptions', () => {
  it('defaults: FARGATE, wait, 30m, 50 log lines, 5 s polls, started by ecs-deploy-actions, traceability tags', () => {
    const o = read({ 'task-definition': 'backend' });
    expect(o).toMatchObject({
      cluster: 'default',
      taskDefinition: { kind: 'revision', ref: 'backend' },
      environment: [],
      network: {},
      placement: { launchType: 'FARGATE' },
      startedBy: 'ecs-deploy-actions',
      wait: true,
      timeoutSeconds: 1800,
      logLines: 50,
      pollIntervalSeconds: 5,
    });
    expect(o.tags).toContainEqual({ key: 'ecs-deploy:git-sha', value: 'a'.repeat(40) });
    expect(o.command).toBeUndefined();
  });

  it('reads the command, environment (values with =), network shorthands and the timeout alias', () => {
    const o = read({
      'task-definition': 'backend:3',
      command: 'python manage.py migrate --database "default db"',
      environment: 'DSN=postgres://u@h/db?sslmode=require\nDEBUG=0',
      subnets: `${SUBNET_A}, ${SUBNET_B}`,
      'security-groups': SG,
      'assign-public-ip': 'ENABLED',
      'wait-for-minutes': '45',
      'log-lines': '0',
    });
    expect(o.command).toEqual(['python', 'manage.py', 'migrate', '--database', 'default db']);
    expect(o.environment.map((e) => [e.key, e.value])).toEqual([
      ['DSN', 'postgres://u@h/db?sslmode=require'],
      ['DEBUG', '0'],
    ]);
    expect(o.network).toEqual({
      subnets: [SUBNET_A, SUBNET_B],
      securityGroups: [SG],
      assignPublicIp: 'ENABLED',
    });
    expect(o.timeoutSeconds).toBe(45 * 60);
    expect(o.logLines).toBe(0);
  });

  it('rejects launch-type with a capacity provider strategy, a bad started-by and an unclosed quote', () => {
    expect(() =>
      read({
        'task-definition': 'b',
        'launch-type': 'FARGATE',
        'capacity-provider-strategy': 'FARGATE_SPOT',
      }),
    ).toThrow(/^launch-type: was given together with capacity-provider-strategy/);
    expect(
      read({ 'task-definition': 'b', 'capacity-provider-strategy': 'FARGATE_SPOT:1' }).placement,
    ).toEqual({
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
    });
    expect(() => read({ 'task-definition': 'b', 'started-by': 'me and you' })).toThrow(
      /^started-by: "me and you" is not a valid startedBy/,
    );
    expect(() => read({ 'task-definition': 'b', command: 'echo "hi' })).toThrow(
      /^command: has an unclosed double quote/,
    );
    expect(() => read({ 'task-definition': 'b', 'log-lines': '5000' })).toThrow(
      /^log-lines: 5000 is out of range/,
    );
    expect(() => read({})).toThrow(/^task-definition: is required/);
  });
});
