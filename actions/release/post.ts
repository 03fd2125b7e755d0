/**
 * Post step of the release action (`post-if: always()`): after a main step that did not finish every
 * service (the workflow was cancelled, or the step crashed or was killed), each such service is rolled back
 * to the revision it ran before the release, or its rollback under way is waited for, as the deploy post
 * step does for one service. Services run in parallel; after a main step that finished, nothing is done.
 */
import { clientConfig } from '../../packages/aws/index.js';
import { createDeployClients, readSavedDeploy, recoverDeploy } from '../../packages/deploy/index.js';
import { prefixed } from '../../packages/release/index.js';
import { runAction } from '../../packages/runner/index.js';
import { systemClock } from '../../packages/runtime/index.js';
import { RELEASE_STATE_KEY, serviceStateKey } from './state.js';

await runAction(async (ctx) => {
  const { log } = ctx;
  const count = Number(ctx.getState(RELEASE_STATE_KEY) || 0);
  const saved = Array.from({ length: count }, (_, i) =>
    readSavedDeploy((name) => ctx.getState(serviceStateKey(i, name))),
  ).filter((s) => s !== undefined);
  const open = saved.filter((s) => !s.finished);
  if (!open.length) {
    log.info(
      count
        ? 'the release step finished every service: nothing to clean up'
        : 'the release step saved nothing to clean up',
    );
    return;
  }
  const clients = await createDeployClients(clientConfig({ region: open[0]!.region, maxAttempts: 8 }));
  const recoveries = await Promise.all(
    open.map((s) =>
      recoverDeploy(s, {
        clients,
        clock: systemClock,
        log: prefixed(log, s.service),
        // The rollback watch runs no HTTP checks: the release's health URL may not be the previous one's.
        http: () => Promise.reject(new Error('no HTTP checks in the post step')),
      }).catch((err: unknown) => ({
        ok: false,
        message: `${s.service}: ${err instanceof Error ? err.message : String(err)}`,
        summary: '',
      })),
    ),
  );
  await ctx.summary(recoveries.map((r) => r.summary).join('\n'));
  const failed = recoveries.filter((r) => !r.ok);
  if (failed.length)
    throw new Error(`ROLLBACK FAILED after the release: ${failed.map((r) => r.message).join('; ')}`);
  log.info(`every service of the release is back: ${recoveries.map((r) => r.message).join('; ')}`);
});
