/** Entry of the deploy action: inputs → deploy engine → outputs, job summary, and a failed step unless it shipped. */
import { tmpdir } from 'node:os';
import { clientConfig, resolveRegion } from '../../packages/aws/index.js';
import type { SavedDeploy } from '../../packages/deploy/index.js';
import { inputFileRoots } from '../../packages/inputs/index.js';
import { CancelGuard, reportFailure, runAction } from '../../packages/runner/index.js';
import { readDeployOptions } from './inputs.js';

await runAction(async (ctx) => {
  const { inputs, log, github, env } = ctx;
  let save: ((facts: Partial<SavedDeploy>) => void) | undefined = undefined;
  // Installed first: from here on a signal never kills the step before it says what it did.
  const guard = new CancelGuard({
    log,
    stopping: 'stopping the deploy',
    onCancel: () => save?.({ cancelled: true }),
    // The deploy did not stop in time (an AWS call hanging): what it started is in GITHUB_STATE already.
    onGiveUp: async () => {
      const message = `deploy to ${inputs.string('cluster') ?? 'default'}/${inputs.string('service') ?? ''} stopped: the workflow was cancelled and the deploy did not stop in time; the post step rolls back what it started (on-cancel permitting)`;
      ctx.setOutput('status', 'failed');
      await ctx.summary(`### ❌ ${inputs.string('service') ?? 'deploy'}: ${message}\n`);
      reportFailure(new Error(message));
    },
  });

  const region = resolveRegion(inputs.string('aws-region'), env);
  const aws = clientConfig({
    region,
    maxAttempts: inputs.positiveInt('max-attempts', { default: 8, max: 20 }),
  });
  const options = {
    ...readDeployOptions(inputs, region, github, env.GITHUB_WORKSPACE || process.cwd()),
    fileRoots: inputFileRoots(env),
  };
  // The engine and the SDK load only once the inputs are valid: a mistyped input fails in milliseconds.
  const state = await import('../../packages/deploy/index.js');
  const { actionDeps, deploy } = state;
  // What the post step needs to undo this deploy, saved as it happens: a kill loses none of it.
  save = (facts) => {
    for (const [name, value] of state.stateEntries(facts)) ctx.saveState(name, value);
  };
  ctx.saveState(state.STATE_FORMAT_KEY, state.STATE_FORMAT);
  save({
    cluster: options.cluster,
    service: options.service,
    region,
    onCancel: options.onCancel,
    pollIntervalSeconds: options.pollIntervalSeconds,
    timeoutSeconds: options.timeoutSeconds,
    finished: false,
    cancelled: guard.cancelled,
  });
  const result = await deploy(options, {
    ...(await actionDeps(aws, { log, signal: guard.signal, reportDir: env.RUNNER_TEMP || tmpdir() })),
    progress: save,
  }).catch((err: unknown) => {
    // Refused before the watch began (bad input, AccessDenied…): later steps can still branch on status.
    // The post step looks at what was saved: anything started gets rolled back there.
    if (!guard.end()) return new Promise<never>(() => {}); // given up: the process is exiting
    ctx.setOutput('status', 'failed');
    throw err;
  });
  if (!guard.end()) return; // given up: the process is exiting
  // A cancelled run handed over to the post step; any other end is final.
  save({ finished: result.report.cause?.gate !== 'cancelled' });
  const wouldRegister = result.report.dryRun && result.report.registered;
  ctx.setOutput('task-definition-arn', wouldRegister ? '' : result.report.taskDefinition.arn);
  ctx.setOutput('previous-task-definition-arn', result.report.previousTaskDefinition?.arn ?? '');
  ctx.setOutput('deployment-id', result.report.deploymentId ?? '');
  ctx.setOutput('status', result.status);
  ctx.setOutput('duration-seconds', result.report.durationSeconds ?? 0);
  ctx.setOutput('report', result.reportPath ?? '');
  await ctx.summary(result.summary);
  if (result.status !== 'succeeded') throw new Error(result.message);
  log.info(result.message);
});
