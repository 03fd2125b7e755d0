/** Entry of the rollback action: inputs → rollback engine → outputs, job summary, and a failed step unless every service is back. */
import { tmpdir } from 'node:os';
import { clientConfig, resolveRegion } from '../../packages/aws/index.js';
import { CancelGuard, reportFailure, runAction } from '../../packages/runner/index.js';
import { readRollbackOptions } from './inputs.js';

await runAction(async (ctx) => {
  const { inputs, log, github, env } = ctx;
  // A cancel stops watching and leaves the services where they stand, saying where: undoing a rollback would
  // put the release it replaced back.
  const guard = new CancelGuard({
    log,
    stopping: 'stopping the rollback',
    onGiveUp: async () => {
      const message =
        'rollback stopped: the workflow was cancelled and the rollback did not stop in time; the services were left as they were';
      ctx.setOutput('status', 'failed');
      await ctx.summary(`### ❌ rollback: ${message}\n`);
      reportFailure(new Error(message));
    },
  });
  const started = Date.now();
  const region = resolveRegion(inputs.string('aws-region'), env);
  const aws = clientConfig({
    region,
    maxAttempts: inputs.positiveInt('max-attempts', { default: 8, max: 20 }),
  });
  const options = readRollbackOptions(inputs, region, github);
  // The engines and the SDK load only once the inputs are valid.
  const [{ actionDeps }, { rollback }] = await Promise.all([
    import('../../packages/deploy/index.js'),
    import('../../packages/rollback/index.js'),
  ]);
  const result = await rollback(options, {
    ...(await actionDeps(aws, { log, signal: guard.signal, reportDir: env.RUNNER_TEMP || tmpdir() })),
  }).catch((err: unknown) => {
    if (!guard.end()) return new Promise<never>(() => {}); // given up: the process is exiting
    ctx.setOutput('status', 'failed');
    throw err;
  });
  if (!guard.end()) return;
  const reports = result.results.map((r) => r.report);
  ctx.setOutput('status', result.status);
  const lines = (values: (string | undefined)[]) => values.map((v) => v ?? '').join('\n');
  const from = lines(reports.map((r) => r.rolledBackFrom?.arn));
  const to = lines(reports.map((r) => r.rolledBackTo?.arn));
  ctx.setOutput('rolled-back-from', from);
  ctx.setOutput('rolled-back-to', to);
  ctx.setOutput('previous-task-definition-arn', from);
  ctx.setOutput('task-definition-arn', to);
  ctx.setOutput('deployment-id', lines(reports.map((r) => r.deploymentId)));
  ctx.setOutput('duration-seconds', Math.round((Date.now() - started) / 1000));
  ctx.setOutput('report', lines(result.results.map((r) => r.reportPath)));
  await ctx.summary(result.summary);
  if (result.status !== 'succeeded') throw new Error(result.message);
  log.info(result.message);
});
