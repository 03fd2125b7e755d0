/** Entry of the run-task action: inputs → run-task engine → outputs, job summary, and a failed step unless the task succeeded. */
import { tmpdir } from 'node:os';
import { clientConfig, nameOperations, resolveRegion } from '../../packages/aws/index.js';
import type { RunTaskClients, SavedTask } from '../../packages/run-task/index.js';
import { inputFileRoots } from '../../packages/inputs/index.js';
import { CancelGuard, reportFailure, runAction } from '../../packages/runner/index.js';
import { systemClock } from '../../packages/runtime/index.js';
import { readRunTaskOptions } from './inputs.js';

await runAction(async (ctx) => {
  const { inputs, log, github, env } = ctx;
  let save: ((facts: Partial<SavedTask>) => void) | undefined = undefined;
  // A cancelled workflow sends SIGINT (then SIGTERM): stop the task rather than leave it running unwatched.
  // Installed first, and kept: a second signal must not kill the step before it stopped the task.
  const guard = new CancelGuard({
    log,
    stopping: 'stopping the task',
    onCancel: () => save?.({ cancelled: true }),
    onGiveUp: async () => {
      const message =
        'the workflow was cancelled and the task could not be stopped in time; the post step stops it';
      ctx.setOutput('status', 'failed');
      await ctx.summary(`### ❌ run-task: ${message}\n`);
      reportFailure(new Error(message));
    },
  });

  const region = resolveRegion(inputs.string('aws-region'), env);
  const settings = { region, maxAttempts: inputs.positiveInt('max-attempts', { default: 8, max: 20 }) };
  const options = {
    ...readRunTaskOptions(inputs, region, github, env.GITHUB_WORKSPACE || process.cwd()),
    fileRoots: inputFileRoots(env),
  };
  // The engine and the SDK load only once the inputs are valid: a mistyped input fails in milliseconds.
  const [engine, { ECSClient }] = await Promise.all([
    import('../../packages/run-task/index.js'),
    import('@aws-sdk/client-ecs'),
  ]);
  // What the post step needs to stop the task if this step cannot: saved as it happens.
  save = (facts) => {
    for (const [name, value] of engine.taskStateEntries(facts)) ctx.saveState(name, value);
  };
  ctx.saveState(engine.TASK_STATE_FORMAT_KEY, engine.TASK_STATE_FORMAT);
  save({ cluster: options.cluster, region, finished: false, cancelled: guard.cancelled });
  const clients: RunTaskClients = {
    ecs: nameOperations(new ECSClient(clientConfig(settings))),
    logs: async (logRegion) =>
      nameOperations(
        new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(
          clientConfig({ ...settings, region: logRegion }),
        ),
      ),
  };
  const result = await engine
    .runTask(options, {
      clients,
      clock: systemClock,
      log,
      reportDir: env.RUNNER_TEMP || tmpdir(),
      signal: guard.signal,
      onStarted: (taskArn) => save?.({ taskArn }),
    })
    .catch((err: unknown) => {
      if (!guard.end()) return new Promise<never>(() => {}); // given up: the process is exiting
      throw err;
    });
  if (!guard.end()) return; // given up: the process is exiting
  // The task was judged, or left running by choice (wait: false). After a cancel the post step checks the
  // StopTask took (it does nothing more when the task is stopping or stopped).
  save({ finished: result.report.cause?.gate !== 'cancelled' });
  ctx.setOutput('task-arn', result.taskArn ?? '');
  ctx.setOutput('exit-code', result.exitCode ?? '');
  ctx.setOutput('status', result.status);
  ctx.setOutput('duration-seconds', result.report.durationSeconds ?? 0);
  ctx.setOutput('report', result.reportPath ?? '');
  await ctx.summary(result.summary);
  if (result.status === 'failed') throw new Error(result.message);
  log.info(result.message);
});
