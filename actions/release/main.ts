/**
 * Entry of the release action: the services list → release engine (every service deployed in parallel by
 * the deploy engine, all rolled back when one fails) → outputs, job summary, and a failed step unless
 * every service shipped.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientConfig, resolveRegion } from '../../packages/aws/index.js';
import { inputFileRoots } from '../../packages/inputs/index.js';
import { CancelGuard, reportFailure, runAction } from '../../packages/runner/index.js';
import { systemClock } from '../../packages/runtime/index.js';
import { readReleaseOptions } from './inputs.js';
import { serviceStateKey, RELEASE_STATE_KEY } from './state.js';

await runAction(async (ctx) => {
  const { inputs, log, github, env } = ctx;
  // Installed first: from here on a signal never kills the step before it says what it did.
  const guard = new CancelGuard({
    log,
    stopping: 'stopping every service of the release and rolling back what it started',
    onGiveUp: async () => {
      const message =
        'release stopped: the workflow was cancelled and the release did not stop in time; the post step rolls back what it started';
      ctx.setOutput('status', 'failed');
      await ctx.summary(`### ❌ release: ${message}\n`);
      reportFailure(new Error(message));
    },
  });
  const region = resolveRegion(inputs.string('aws-region'), env);
  const aws = clientConfig({
    region,
    maxAttempts: inputs.positiveInt('max-attempts', { default: 8, max: 20 }),
  });
  const options = readReleaseOptions(inputs, region, github, env.GITHUB_WORKSPACE || process.cwd());
  const fileRoots = inputFileRoots(env);
  for (const s of options.services) s.options.fileRoots = fileRoots;
  // The engines and the SDK load only once every item is valid: a typo fails in milliseconds.
  const [state, { release, releaseEngines }] = await Promise.all([
    import('../../packages/deploy/index.js'),
    import('../../packages/release/index.js'),
  ]);
  const { createDeployClients, fetchProbe } = state;
  if (!options.dryRun) {
    ctx.saveState(RELEASE_STATE_KEY, String(options.services.length));
    options.services.forEach((_, i) =>
      ctx.saveState(serviceStateKey(i, state.STATE_FORMAT_KEY), state.STATE_FORMAT),
    );
  }
  const result = await release(options, {
    clients: await createDeployClients(aws),
    clock: systemClock,
    log,
    engines: releaseEngines,
    probe: fetchProbe,
    reportDir: join(env.RUNNER_TEMP || tmpdir(), `release-${Date.now()}`),
    signal: guard.signal,
    // What each service started, saved as it happens for the post step: a kill loses none of it.
    save: (i, facts) => {
      for (const [name, value] of state.stateEntries(facts)) ctx.saveState(serviceStateKey(i, name), value);
    },
  }).catch((err: unknown) => {
    if (!guard.end()) return new Promise<never>(() => {}); // given up: the process is exiting
    ctx.setOutput('status', 'failed');
    throw err;
  });
  if (!guard.end()) return;
  const services = result.record.services;
  const clash = new Set(services.map((s) => s.service)).size < services.length;
  const revisions = Object.fromEntries(
    services.map((s) => [clash ? `${s.cluster}/${s.service}` : s.service, s.now ?? null]),
  );
  ctx.setOutput('status', result.status);
  ctx.setOutput('revisions', JSON.stringify(revisions));
  ctx.setOutput('report', result.reportPaths.join('\n'));
  ctx.setOutput('reports-dir', result.reportsDir ?? '');
  ctx.setOutput('release-record', result.recordPath ?? '');
  await ctx.summary(result.summary);
  if (result.status !== 'succeeded') throw new Error(result.message);
  log.info(result.message);
});
