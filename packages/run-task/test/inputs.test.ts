import { describe, expect, it } from '@jest/globals';
import { readRunTaskOptions } from '../../../actions/run-task/inputs.js';
import { Inputs } from '../../inputs/index.js';
import { parseAssignPublicIp, parseCapacityProviderStrategy, parseNetworkConfiguration } from '../index.js';

const github = { serverUrl: 'https://github.com', sha: 'a'.repeat(40), repository: 'acme/shop', runId: '42' };
const read = (values: Record<string, string>) =>
  readRunTaskOptions(new Inputs((name) => values[name]), 'eu-west-1', github, '/work');

describe('parseNetworkConfiguration', () => {
  it('takes RunTask’s shape or the inner awsvpcConfiguration', () => {
    const inner = { subnets: ['subnet-1', 'subnet-2'], securityGroups: ['sg-1'], assignPublicIp: 'disabled' };
    const expected = {
      subnets: ['subnet-1', 'subnet-2'],
      securityGroups: ['sg-1'],
      assignPublicIp: 'DISABLED',
    };
    expect(parseNetworkConfiguration({ awsvpcConfiguration: inner }, 'network-configuration')).toEqual(
      expected,
    );
    expect(parseNetworkConfiguration(inner, 'network-configuration')).toEqual(expected);
  });

  it('rejects missing subnets, names instead of ids and unknown fields, naming the input', () => {
    expect(() =>
      parseNetworkConfiguration({ awsvpcConfiguration: { securityGroups: ['sg-1'] } }, 'nc'),
    ).toThrow(/^nc: has no subnets/);
    expect(() => parseNetworkConfiguration({ subnets: ['private-a'] }, 'nc')).toThrow(
      /^nc: "private-a" is not a subnet id/,
    );
    expect(() => parseNetworkConfiguration({ subnets: ['subnet-1'], securityGroups: ['web'] }, 'nc')).toThrow(
      /"web" is not a security group id/,
    );
    expect(() => parseNetworkConfiguration({ subnets: ['subnet-1'], subnet: 'x' }, 'nc')).toThrow(
      /unknown fields: subnet/,
    );
    expect(() => parseNetworkConfiguration(['subnet-1'], 'nc')).toThrow(/^nc: is not an object/);
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
      subnets: 'subnet-1, subnet-2',
      'security-groups': 'sg-1',
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
      subnets: ['subnet-1', 'subnet-2'],
      securityGroups: ['sg-1'],
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
