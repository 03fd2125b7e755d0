/** The deploy action's inputs, read into the engine's DeployOptions (every input is named here). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError, checkEcsName, quote, type Inputs } from '../../packages/inputs/index.js';
import type { DeployOptions, HttpCheckOptions } from '../../packages/deploy/index.js';
import { reportGit } from '../../packages/deploy-report/index.js';
import { parseMetricChecks } from '../../packages/metrics/checks.js';
import type { GitHubRunContext } from '../../packages/runtime/index.js';
import { parseTaskDefinitionReference, traceabilityTags } from '../../packages/task-definition/index.js';

export function readDeployOptions(
  inputs: Inputs,
  region: string,
  github: GitHubRunContext,
  workspace: string,
): DeployOptions {
  const statuses = parseStatuses(inputs.string('health-check-status', { default: '200' }));
  const body = parsePattern(inputs.string('health-check-body'));
  const successes = inputs.positiveInt('health-check-successes', { default: 3, max: 100 });
  const check = (input: string, url: string | undefined): HttpCheckOptions | undefined =>
    url ? { url: checkUrl(input, url), successes, statuses, ...(body ? { body } : {}) } : undefined;
  const healthCheck = check('health-check-url', inputs.string('health-check-url'));
  const testCheck = check('test-url', inputs.string('test-url'));
  const appSpecPath = inputs.string('codedeploy-appspec');
  const desiredCount = inputs.positiveInt('desired-count', { min: 0 });
  return {
    region,
    cluster: checkEcsName(inputs.string('cluster', { default: 'default' }), 'cluster', 'cluster'),
    service: checkEcsName(inputs.string('service', { required: true })!, 'service', 'service'),
    taskDefinition: parseTaskDefinitionReference(
      inputs.string('task-definition', { required: true })!,
      workspace,
      existsSync,
    ),
    ...(desiredCount !== undefined ? { desiredCount } : {}),
    forceNewDeployment: inputs.boolean('force-new-deployment', { default: false }),
    strategy: inputs.choice('strategy', ['auto', 'ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'] as const, {
      default: 'auto',
    }),
    ...stepSettings(inputs),
    onBusy: inputs.choice('on-busy', ['wait', 'fail'] as const, { default: 'wait' }),
    maxTaskFailures: inputs.positiveInt('max-task-failures', { default: 1, max: 100 }),
    ...(healthCheck ? { healthCheck } : {}),
    ...(testCheck ? { testCheck } : {}),
    alarms: inputs.list('alarms'),
    alarmsPreexisting: inputs.choice('alarms-preexisting', ['fail', 'ignore'] as const, { default: 'fail' }),
    bakeTimeSeconds: inputs.duration('bake-time', { default: 0 }),
    metricChecks: parseMetricChecks(inputs.string('metric-checks') ?? '', 'metric-checks'),
    rollback: inputs.choice('rollback', ['auto', 'none'] as const, { default: 'auto' }),
    onCancel: onCancel(inputs),
    timeoutSeconds: inputs.duration('timeout', {
      alias: 'wait-for-minutes',
      aliasBareUnit: 'm',
      default: 30 * 60,
    }),
    pollIntervalSeconds: Math.max(1, inputs.duration('poll-interval', { default: 5 })),
    dryRun: inputs.boolean('dry-run', { default: false }),
    codeDeploy: {
      ...(inputs.string('codedeploy-application')
        ? { application: inputs.string('codedeploy-application') }
        : {}),
      ...(inputs.string('codedeploy-deployment-group')
        ? { deploymentGroup: inputs.string('codedeploy-deployment-group') }
        : {}),
      ...(appSpecPath ? { appSpecPath: resolve(workspace, appSpecPath) } : {}),
    },
    tags: traceabilityTags(github),
    historyLength: inputs.positiveInt('history', { default: 10, min: 0, max: 50 }),
    git: reportGit(github),
  };
}

export function parseStatuses(text: string): number[] {
  const out: number[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(\d{3})(?:-(\d{3}))?$/.exec(part);
    const from = Number(m?.[1]);
    const to = Number(m?.[2] ?? m?.[1]);
    if (!m || from < 100 || to > 599 || to < from) {
      throw new UserError(
        'health-check-status',
        `${quote(part)} is not a status code or range`,
        'write codes like 200, 200,204 or 200-299',
      );
    }
    for (let code = from; code <= to; code++) out.push(code);
  }
  return out;
}

export function parsePattern(text: string | undefined): RegExp | undefined {
  if (!text) return undefined;
  try {
    return new RegExp(text);
  } catch (err) {
    throw new UserError(
      'health-check-body',
      `is not a valid regular expression (${(err as Error).message})`,
      'fix the pattern, e.g. "status":\\s*"ok"',
    );
  }
}

export function checkUrl(input: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(
      input,
      `${quote(text)} is not a URL`,
      'write a full URL like https://example.com/api/health',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(input, `${quote(text)} is not an http(s) URL`, 'use http:// or https://');
  }
  return url.toString();
}

/** LINEAR and CANARY settings, in ECS's own units: a percentage with one decimal and whole minutes. */
function stepSettings(inputs: Inputs): Pick<DeployOptions, 'linear' | 'canary'> {
  const stepPercent = percent('step-percent', inputs.string('step-percent'), 3);
  const stepBake = bakeMinutes(
    'step-bake-time',
    inputs.duration('step-bake-time'),
    'step-percent',
    stepPercent,
  );
  const canaryPercent = percent('canary-percent', inputs.string('canary-percent'), 0.1);
  const canaryBake = bakeMinutes(
    'canary-bake-time',
    inputs.duration('canary-bake-time'),
    'canary-percent',
    canaryPercent,
  );
  // Without a bake time, ECS's own defaults: 6 minutes between linear steps, 10 for a canary.
  return {
    ...(stepPercent !== undefined ? { linear: { stepPercent, stepBakeTimeInMinutes: stepBake ?? 6 } } : {}),
    ...(canaryPercent !== undefined
      ? { canary: { canaryPercent, canaryBakeTimeInMinutes: canaryBake ?? 10 } }
      : {}),
  };
}

/** A share of traffic as ECS takes it: a multiple of 0.1 from `min` to 100. */
function percent(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+(\.\d)?$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(value >= min && value <= 100)) {
    throw new UserError(
      name,
      `${JSON.stringify(text.slice(0, 40))} is not a percentage from ${min} to 100`,
      `write a number with at most one decimal, e.g. ${name === 'canary-percent' ? '10' : '25'}`,
    );
  }
  return value;
}

/** A bake time in the whole minutes ECS takes (0 to 24 h); it needs its percentage beside it. */
function bakeMinutes(
  name: string,
  seconds: number | undefined,
  needs: string,
  given: number | undefined,
): number | undefined {
  if (seconds === undefined) return undefined;
  if (given === undefined)
    throw new UserError(name, `was given without ${needs}`, `set ${needs} too, or leave ${name} out`);
  if (seconds % 60 !== 0 || seconds > 24 * 3600) {
    throw new UserError(name, `ECS takes whole minutes up to 24h, not ${seconds}s`, 'write e.g. 2m or 1h');
  }
  return seconds / 60;
}

/** What a cancelled deploy does with what it started (its own reader: an optional option's type). */
function onCancel(inputs: Inputs): 'rollback' | 'leave' {
  return inputs.choice('on-cancel', ['rollback', 'leave'] as const, { default: 'rollback' });
}
