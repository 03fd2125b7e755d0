/**
 * Post step of the run-task action (`runs.post`, `post-if: always()`): when the main step did not finish
 * (the workflow was cancelled, or the step crashed or was killed) and the task it started still runs, stop
 * it. After a main step that finished, or one that saved nothing, it does nothing.
 */
import { clientConfig, nameOperations } from '../../packages/aws/index.js';
import { readSavedTask, stopLeftoverTask } from '../../packages/run-task/index.js';
import { runAction } from '../../packages/runner/index.js';

await runAction(async (ctx) => {
  const { log } = ctx;
  const saved = readSavedTask((name) => ctx.getState(name));
  if (!saved) {
    log.info('the run-task step saved nothing to clean up');
    return;
  }
  if (saved.finished) {
    log.info('the run-task step finished: nothing to clean up');
    return;
  }
  const { ECSClient } = await import('@aws-sdk/client-ecs');
  const ecs = nameOperations(new ECSClient(clientConfig({ region: saved.region, maxAttempts: 8 })));
  const cleanup = await stopLeftoverTask(saved, { ecs, log });
  await ctx.summary(cleanup.summary);
  if (!cleanup.ok) throw new Error(cleanup.message);
});
