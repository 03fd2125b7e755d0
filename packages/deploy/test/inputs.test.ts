/** The deploy action's inputs (actions/deploy/inputs.ts) read into DeployOptions. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readDeployOptions } from '../../../actions/deploy/inputs.js';
import { Inputs } from '../../inputs/index.js';

const workspace = mkdtempSync(join(tmpdir(), 'deploy-inputs-'));
const read = (given: Record<string, string>) =>
  readDeployOptions(
    new Inputs((name) => ({ service: 'web', 'task-definition': 'web:3', ...given })[name]),
    'eu-west-1',
    { serverUrl: 'https://github.com', sha: 'abc123' },
    workspace,
  );

describe('deploy inputs', () => {
  it('has defaults that match action.yml', () => {
    expect(read({})).toMatchObject({
      cluster: 'default',
      taskDefinition: { kind: 'revision', ref: 'web:3' },
      strategy: 'auto',
      onBusy: 'wait',
      maxTaskFailures: 1,
      rollback: 'auto',
      timeoutSeconds: 1800,
      bakeTimeSeconds: 0,
      pollIntervalSeconds: 5,
      alarmsPreexisting: 'fail',
      forceNewDeployment: false,
      dryRun: false,
    });
  });

  it('reads LINEAR and CANARY settings in ECS units, with ECS default bake times', () => {
    expect(read({ 'step-percent': '12.5', 'step-bake-time': '2m' }).linear).toEqual({
      stepPercent: 12.5,
      stepBakeTimeInMinutes: 2,
    });
    expect(read({ 'step-percent': '25' }).linear).toEqual({ stepPercent: 25, stepBakeTimeInMinutes: 6 });
    expect(read({ 'canary-percent': '0.5' }).canary).toEqual({
      canaryPercent: 0.5,
      canaryBakeTimeInMinutes: 10,
    });
    expect(read({}).linear).toBeUndefined();
    expect(() => read({ 'step-percent': '2' })).toThrow(
      /^step-percent: "2" is not a percentage from 3 to 100/,
    );
    expect(() => read({ 'canary-percent': '10.25' })).toThrow(/^canary-percent: "10.25" is not a percentage/);
    expect(() => read({ 'step-bake-time': '2m' })).toThrow(/^step-bake-time: was given without step-percent/);
    expect(() => read({ 'canary-percent': '10', 'canary-bake-time': '90s' })).toThrow(
      /^canary-bake-time: ECS takes whole minutes up to 24h, not 90s/,
    );
  });

  it('takes aws-actions wait-for-minutes as bare minutes; timeout wins', () => {
    expect(read({ 'wait-for-minutes': '12' }).timeoutSeconds).toBe(720);
    expect(read({ 'wait-for-minutes': '12', timeout: '90s' }).timeoutSeconds).toBe(90);
    expect(() => read({ timeout: '90' })).toThrow(/timeout: "90" has no unit/);
  });

  it('tells a file from an existing revision', () => {
    writeFileSync(join(workspace, 'web:7'), '{}');
    expect(read({ 'task-definition': 'web:7' }).taskDefinition).toEqual({
      kind: 'file',
      path: join(workspace, 'web:7'),
    });
    expect(read({ 'task-definition': 'td/web.json' }).taskDefinition).toEqual({
      kind: 'file',
      path: join(workspace, 'td/web.json'),
    });
    const arn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:9';
    expect(read({ 'task-definition': arn }).taskDefinition).toEqual({ kind: 'revision', ref: arn });
    // A bare family is its latest ACTIVE revision, as in run-task.
    expect(read({ 'task-definition': 'web' }).taskDefinition).toEqual({ kind: 'revision', ref: 'web' });
  });

  it('reads HTTP checks: status lists and ranges, a body pattern, and one success count for both URLs', () => {
    const o = read({
      'health-check-url': 'http://127.0.0.1:8080/health',
      'test-url': 'http://127.0.0.1:8443/health',
      'health-check-status': '200-202, 204',
      'health-check-body': '"ok":\\s*true',
      'health-check-successes': '2',
    });
    expect(o.healthCheck).toEqual({
      url: 'http://127.0.0.1:8080/health',
      successes: 2,
      statuses: [200, 201, 202, 204],
      body: /"ok":\s*true/,
    });
    expect(o.testCheck?.url).toBe('http://127.0.0.1:8443/health');
    expect(() => read({ 'health-check-status': '2xx' })).toThrow(
      /health-check-status: "2xx" is not a status code or range/,
    );
    expect(() => read({ 'health-check-body': '(' })).toThrow(
      /health-check-body: is not a valid regular expression/,
    );
    expect(() => read({ 'health-check-url': 'ftp://x' })).toThrow(
      /health-check-url: "ftp:\/\/x" is not an http\(s\) URL/,
    );
  });

  it('tags a new revision with the run and names the choices it accepts', () => {
    expect(read({}).tags).toContainEqual({ key: 'ecs-deploy:git-sha', value: 'abc123' });
    expect(() => read({ strategy: 'SIDEWAYS' })).toThrow(
      /strategy: "SIDEWAYS" is not one of auto, ROLLING, BLUE_GREEN, LINEAR, CANARY/,
    );
    expect(read({ alarms: 'a, b\nc' }).alarms).toEqual(['a', 'b', 'c']);
  });
});
