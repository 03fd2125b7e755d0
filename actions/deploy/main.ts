/** Entry of the deploy action: inputs → deploy engine → outputs, job summary, and a failed step unless it shipped. */
import { tmpdir } from 'node:os';
import { clientConfig, nameOperations, resolveRegion } from '../../packages/aws/index.js';
import type { DeployClients } from '../../packages/deploy/index.js';
import type { SavedDeploy } from '../../packages/deploy/cancel.js';
import { inputFileRoots } from '../../packages/inputs/index.js';
import { reportFailure, runAction } from '../../packages/runner/index.js';
import { systemClock } from '../../packages/runtime/index.js';
import { readDeployOptions } from './inputs.js';

/**
 * How long a cancelled deploy may take to hand over (stop watching, start the rollback, write its outputs)
 * before the step gives up and exits: the runner sends SIGTERM 7.5 s after SIGINT and kills the step 2.5 s
 * after that. A SIGTERM alone, or a second signal, leaves 2.5 s at most.
 */
const HAND_OVER_MS = { first: 6_000, last: 1_500 };

await runAction(async (ctx) => {
  const { inputs, log, github, env } = ctx;
  // Installed first: from here on a signal never kills the step before it says what it did.
  const cancel = new AbortController();
  let save: ((facts: Partial<SavedDeploy>) => void) | undefined = undefined;
  let finished = false;
  let giveUpAt = Infinity;
  let giveUpTimer: NodeJS.Timeout | undefined;
  const giveUpWithin = (ms: number) => {
    if (Date.now() + ms >= giveUpAt) return;
    giveUpAt = Date.now() + ms;
    clearTimeout(giveUpTimer);
    giveUpTimer = setTimeout(() => void giveUp(), ms);
    giveUpTimer.unref();
  };
  // The deploy did not stop in time (an AWS call hanging): what it started is in GITHUB_STATE already.
  const giveUp = async () => {
    if (finished) return;
    finished = true;
    const message = `deploy to ${inputs.string('cluster') ?? 'default'}/${inputs.string('service') ?? ''} stopped: the workflow was cancelled and the deploy did not stop within ${HAND_OVER_MS.first / 1000} s; the post step rolls back what it started (on-cancel permitting)`;
    ctx.setOutput('status', 'failed');
    await ctx.summary(`### ❌ ${inputs.string('service') ?? 'deploy'}: ${message}\n`);
    reportFailure(new Error(message));
    process.exit(1);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (finished) return;
    if (cancel.signal.aborted) {
      log.info(
        `${signal} again: finishing the hand-over (what the deploy started is saved for the post step)`,
      );
      giveUpWithin(HAND_OVER_MS.last);
      return;
    }
    log.warning(`${signal}: the workflow was cancelled; stopping the deploy`);
    save?.({ cancelled: true });
    cancel.abort();
    giveUpWithin(signal === 'SIGINT' ? HAND_OVER_MS.first : HAND_OVER_MS.last);
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);

  const region = resolveRegion(inputs.string('aws-region'), env);
  const aws = clientConfig({
    region,
    maxAttempts: inputs.positiveInt('max-attempts', { default: 8, max: 20 }),
  });
  const options = {
    ...readDeployOptions(inputs, region, github, env.GITHUB_WORKSPACE || process.cwd()),
    onCancel: inputs.choice('on-cancel', ['rollback', 'leave'] as const, { default: 'rollback' }),
    fileRoots: inputFileRoots(env),
  };
  // The engine and the SDK load only once the inputs are valid: a mistyped input fails in milliseconds.
  const [{ deploy }, state, { ECSClient }, { ElasticLoadBalancingV2Client }, { CloudWatchClient }] =
    await Promise.all([
      import('../../packages/deploy/index.js'),
      import('../../packages/deploy/cancel.js'),
      import('@aws-sdk/client-ecs'),
      import('@aws-sdk/client-elastic-load-balancing-v2'),
      import('@aws-sdk/client-cloudwatch'),
    ]);
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
    cancelled: cancel.signal.aborted,
  });
  const clients: DeployClients = {
    ecs: nameOperations(new ECSClient(aws)),
    elbv2: nameOperations(new ElasticLoadBalancingV2Client(aws)),
    cloudwatch: nameOperations(new CloudWatchClient(aws)),
    logs: async () =>
      nameOperations(new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(aws)),
    codedeploy: async () =>
      nameOperations(new (await import('@aws-sdk/client-codedeploy')).CodeDeployClient(aws)),
  };
  // A cancel cuts a probe short too.
  const http = async (url: string, timeoutMs: number) => {
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), cancel.signal]);
    const res = await fetch(url, { signal });
    return { status: res.status, body: (await res.text()).slice(0, 65_536) };
  };
  const result = await deploy(options, {
    clients,
    clock: systemClock,
    log,
    http,
    reportDir: env.RUNNER_TEMP || tmpdir(),
    signal: cancel.signal,
    progress: save,
  }).catch((err: unknown) => {
    // Refused before the watch began (bad input, AccessDenied…): later steps can still branch on status.
    // The post step looks at what was saved: anything started gets rolled back there.
    if (finished) return new Promise<never>(() => {});
    finished = true;
    ctx.setOutput('status', 'failed');
    throw err;
  });
  if (finished) return; // given up: the process is exiting
  finished = true;
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
