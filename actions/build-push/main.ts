/**
 * build-push: build an image once per commit and push it to ECR (or re-tag an existing one). The same bundle
 * is the post step, which logs out of the registry the main step logged in to.
 */
import { clientConfig, nameOperations } from '../../packages/aws/index.js';
import { spawnCli, type Tool } from '../../packages/image/cli.js';
import { logout } from '../../packages/image/docker.js';
import { runAction, type ActionContext } from '../../packages/runner/index.js';
import { systemClock } from '../../packages/runtime/index.js';
import { readBuildPushInputs } from './inputs.js';

const STATE_REGISTRY = 'logout-registry';
const STATE_TOOL = 'logout-tool';

await runAction({ main: buildAndPush, post: logoutOfRegistry });

/** Post step: log out of the registry the main step logged in to (it saved nothing when logout is false). */
async function logoutOfRegistry(ctx: ActionContext): Promise<void> {
  const registry = ctx.getState(STATE_REGISTRY);
  if (!registry) return;
  await logout(spawnCli(ctx.env), (ctx.getState(STATE_TOOL) || 'docker') as Tool, registry, ctx.log);
}

async function buildAndPush(ctx: ActionContext): Promise<void> {
  const { log, env } = ctx;
  const { options, region, maxAttempts, logoutAfter } = readBuildPushInputs(ctx.inputs, {
    github: ctx.github,
    env,
    log,
    now: new Date(systemClock.now()),
  });
  // The SDK and the engine load only here, so the post step and input errors stay fast.
  const [{ ECRClient }, { buildPush, summaryMarkdown }] = await Promise.all([
    import('@aws-sdk/client-ecr'),
    import('../../packages/image/index.js'),
  ]);
  const ecr = nameOperations(new ECRClient(clientConfig({ region, maxAttempts })));
  const result = await buildPush(options, {
    ecr,
    cli: spawnCli(env),
    log,
    clock: systemClock,
    onLogin: ({ tool, registry }) => {
      if (!logoutAfter) return;
      ctx.saveState(STATE_REGISTRY, registry);
      ctx.saveState(STATE_TOOL, tool);
    },
  });

  ctx.setOutput('image', result.image);
  ctx.setOutput('image-tag-uri', result.imageTagUri);
  ctx.setOutput('digest', result.digest);
  ctx.setOutput('tags', result.tags.join(','));
  ctx.setOutput('built', result.outcome === 'built');
  ctx.setOutput('registry', result.registry);
  await ctx.summary(summaryMarkdown(result));
}
