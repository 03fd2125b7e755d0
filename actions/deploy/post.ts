/**
 * Post step of the deploy action (`runs.post`, `post-if: always()`): after a main step that did not finish
 * (the workflow was cancelled, or the step crashed or was killed) it rolls back what that step started,
 * unless on-cancel is `leave`, and waits a bounded time for the previous revision to serve. After a main
 * step that finished, or one that saved nothing (it never got that far, or an older bundle saved it), it
 * does nothing.
 */
import { clientConfig } from '../../packages/aws/index.js';
import { createDeployClients, readSavedDeploy, recoverDeploy } from '../../packages/deploy/index.js';
import { runAction } from '../../packages/runner/index.js';
import { systemClock } from '../../packages/runtime/index.js';

await runAction(async (ctx) => {
  const { log } = ctx;
  const saved = readSavedDeploy((name) => ctx.getState(name));
  if (!saved) {
    log.info('the deploy step saved nothing to clean up');
    return;
  }
  if (saved.finished) {
    log.info(`the deploy step finished: nothing to clean up on ${saved.cluster}/${saved.service}`);
    return;
  }
  const clients = await createDeployClients(clientConfig({ region: saved.region, maxAttempts: 8 }));
  const recovery = await recoverDeploy(saved, {
    clients,
    clock: systemClock,
    log,
    // The rollback watch runs no HTTP checks: the release's health URL may not be the previous one's.
    http: () => Promise.reject(new Error('no HTTP checks in the post step')),
  });
  await ctx.summary(recovery.summary);
  if (!recovery.ok) throw new Error(recovery.message);
});
