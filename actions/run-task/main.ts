/** Entry of the run-task action: inputs → run-task engine → outputs, job summary, and a failed step unless the task succeeded. */
import { tmpdir } from 'node:os';
import { clientConfig, nameOperations, resolveRegion } from '../../packages/aws/index.js';
import type { RunTaskClients } from '../../packages/run-task/index.js';
import { inputFileRoots } from '../../packages/inputs/index.js';
import { runAction } from '../../packages/runner/index.js';
import { systemClock } from '../../packages/runtime/index.js';
import { readRunTaskOptions } from './inputs.js';

await runAction(async (ctx) => {
  const { inputs, log, github, env } = ctx;
  const region = resolveRegion(inputs.string('aws-region'), env);
  const settings = { region, maxAttempts: inputs.positiveInt('max-attempts', { default: 8, max: 20 }) };
  const options = {
    ...readRunTaskOptions(inputs, region, github, env.GITHUB_WORKSPACE || process.cwd()),
    fileRoots: inputFileRoots(env),
  };
  // The engine and the SDK load only once the inputs are valid: a mistyped input fails in milliseconds.
  const [{ runTask }, { ECSClient }] = await Promise.all([
    import('../../packages/run-task/index.js'),
    import('@aws-sdk/client-ecs'),
  ]);
  const clients: RunTaskClients = {
    ecs: nameOperations(new ECSClient(clientConfig(settings))),
    logs: async (logRegion) =>
      nameOperations(
        new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(
          clientConfig({ ...settings, region: logRegion }),
        ),
      ),
  };
  // A cancelled workflow sends SIGINT (then SIGTERM): stop the task rather than leave it running unwatched.
  const cancel = new AbortController();
  const onSignal = () => cancel.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const result = await runTask(options, {
    clients,
    clock: systemClock,
    log,
    reportDir: env.RUNNER_TEMP || tmpdir(),
    signal: cancel.signal,
  });
  process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  ctx.setOutput('task-arn', result.taskArn ?? '');
  ctx.setOutput('exit-code', result.exitCode ?? '');
  ctx.setOutput('status', result.status);
  ctx.setOutput('duration-seconds', result.report.durationSeconds ?? 0);
  ctx.setOutput('report', result.reportPath ?? '');
  await ctx.summary(result.summary);
  if (result.status === 'failed') throw new Error(result.message);
  log.info(result.message);
});
