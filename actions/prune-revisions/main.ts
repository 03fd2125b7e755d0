/** Entry of the prune-revisions action: inputs → prune engine → outputs, job summary, and a failed step on any failure. */
import { clientConfig, nameOperations, resolveRegion } from '../../packages/aws/index.js';
import { UserError } from '../../packages/inputs/index.js';
import { runAction } from '../../packages/runner/index.js';
import { systemClock } from '../../packages/runtime/index.js';
import { readPruneOptions } from './inputs.js';

/**
 * Multiplies the client-side pace (see packages/prune/pace.ts). Only for tests against the loopback
 * simulator, where hundreds of deregistrations at the real pace would take minutes; never set it against AWS.
 */
const RATE_SCALE_ENV = 'ECS_DEPLOY_ACTIONS_PRUNE_RATE_SCALE';

await runAction(async (ctx) => {
  const { inputs, log, env } = ctx;
  const region = resolveRegion(inputs.string('aws-region'), env);
  const settings = { region, maxAttempts: inputs.positiveInt('max-attempts', { default: 8, max: 20 }) };
  const options = readPruneOptions(inputs, region);
  const rateScale = readRateScale(env[RATE_SCALE_ENV]);
  // The engine and the SDK load only once the inputs are valid: a mistyped input fails in milliseconds.
  const [{ prune }, { ECSClient }, { ServerTime }] = await Promise.all([
    import('../../packages/prune/index.js'),
    import('@aws-sdk/client-ecs'),
    // Deep on purpose: ecs/index would also load the CloudWatch Logs SDK, which prune never uses.
    import('../../packages/ecs/server-time.js'),
  ]);
  const awsTime = new ServerTime(() => systemClock.now());
  const ecs = awsTime.track(nameOperations(new ECSClient(clientConfig(settings))));
  if (options.dryRun) log.info('Dry run: nothing will be deregistered or deleted.');
  const result = await prune(options, {
    ecs,
    clock: systemClock,
    awsNow: () => awsTime.now(),
    log,
    rateScale,
  });
  ctx.setOutput('deregistered', result.deregistered);
  ctx.setOutput('deleted', result.deleted);
  ctx.setOutput('kept', result.kept);
  ctx.setOutput('candidates', result.candidates);
  ctx.setOutput('dry-run', result.dryRun);
  await ctx.summary(result.summary);
  if (result.failure) throw new Error(result.message);
  log.info(result.message);
});

function readRateScale(raw: string | undefined): number {
  if (!raw?.trim()) return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1) {
    throw new UserError(
      undefined,
      `${RATE_SCALE_ENV} is "${raw}"`,
      'unset it (it is for tests), or set a number of 1 or more',
    );
  }
  return n;
}
