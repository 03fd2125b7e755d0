/** The rollback action's inputs, read into the engine's RollbackOptions (every input is named here). */
import { UserError, checkEcsName, quote, type Inputs } from '../../packages/inputs/index.js';
import type { HttpCheckOptions } from '../../packages/deploy/index.js';
import { reportGit } from '../../packages/deploy-report/index.js';
import { parseRollbackTo } from '../../packages/history/index.js';
import type { RollbackOptions } from '../../packages/rollback/index.js';
import type { GitHubRunContext } from '../../packages/runtime/index.js';
import { checkUrl, parsePattern, parseStatuses } from '../deploy/inputs.js';

export function readRollbackOptions(
  inputs: Inputs,
  region: string,
  github: GitHubRunContext,
): RollbackOptions {
  const listed = inputs.list('services', { required: true });
  const services = listed.map((s) => checkEcsName(s, 'services', 'service'));
  const twice = services.find((s, i) => services.indexOf(s) !== i);
  if (twice) throw new UserError('services', `names ${quote(twice)} twice`, 'list each service once');
  const toText = inputs.string('to', { default: 'previous' });
  const statuses = parseStatuses(inputs.string('health-check-status', { default: '200' }));
  const body = parsePattern(inputs.string('health-check-body'));
  const successes = inputs.positiveInt('health-check-successes', { default: 3, max: 100 });
  return {
    region,
    cluster: checkEcsName(inputs.string('cluster', { default: 'default' }), 'cluster', 'cluster'),
    services,
    to: parseRollbackTo(toText, 'to'),
    toText,
    allowInactive: inputs.boolean('allow-inactive', { default: false }),
    dryRun: inputs.boolean('dry-run', { default: false }),
    healthChecks: healthChecks(inputs.string('health-check-url'), services, (url) => ({
      url,
      successes,
      statuses,
      ...(body ? { body } : {}),
    })),
    alarms: inputs.list('alarms'),
    alarmsPreexisting: inputs.choice('alarms-preexisting', ['wait', 'ignore', 'fail'] as const, {
      default: 'wait',
    }),
    bakeTimeSeconds: inputs.duration('bake-time', { default: 0 }),
    maxTaskFailures: inputs.positiveInt('max-task-failures', { default: 1, max: 100 }),
    restore: inputs.choice('restore', ['auto', 'none'] as const, { default: 'auto' }),
    onBusy: inputs.choice('on-busy', ['wait', 'fail'] as const, { default: 'wait' }),
    timeoutSeconds: inputs.duration('timeout', { default: 30 * 60 }),
    pollIntervalSeconds: Math.max(1, inputs.duration('poll-interval', { default: 5 })),
    historyLength: inputs.positiveInt('history', { default: 10, min: 0, max: 50 }),
    git: reportGit(github),
  };
}

/**
 * `health-check-url`: a bare URL for a single service, or `service=url` lines (one workflow may list URLs
 * for every service and roll back only some; the engine refuses a line naming no service of the cluster, so
 * a misspelt name never leaves a service unchecked).
 */
function healthChecks(
  text: string | undefined,
  services: readonly string[],
  check: (url: string) => HttpCheckOptions,
): Record<string, HttpCheckOptions> {
  const lines = (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) return {};
  const out: Record<string, HttpCheckOptions> = {};
  for (const line of lines) {
    const m = /^([A-Za-z0-9_-]+)\s*=\s*(\S+)$/.exec(line);
    if (!m) {
      if (services.length === 1 && lines.length === 1) {
        out[services[0]!] = check(checkUrl('health-check-url', line));
        continue;
      }
      throw new UserError(
        'health-check-url',
        `${quote(line)} does not say which service it checks`,
        `with several services write one line per service, e.g. ${services[0]}=https://example.com/health`,
      );
    }
    // Lines for services not rolled back this time are kept: the engine checks they name real services.
    const [, name, url] = m;
    if (out[name!])
      throw new UserError('health-check-url', `gives two URLs for ${name}`, 'give one per service');
    out[name!] = check(checkUrl('health-check-url', url!));
  }
  return out;
}
