/**
 * build-push: build an image once per commit and push it to ECR (or re-tag an existing one). The same bundle
 * is the post step, which logs out of the registry the main step logged in to.
 */
import { clientConfig, nameOperations, resolveRegion } from '../../packages/aws/index.js';
import { parseRepository } from '../../packages/ecr/reference.js';
import { spawnCli, type Tool } from '../../packages/image/cli.js';
import { logout } from '../../packages/image/docker.js';
import { imageLabels, resolveTags } from '../../packages/image/tags.js';
import { runAction } from '../../packages/runner/index.js';
import { systemClock } from '../../packages/runtime/index.js';

const STATE_REGISTRY = 'logout-registry';
const STATE_TOOL = 'logout-tool';

await runAction(async (ctx) => {
  const { inputs, log, github, env } = ctx;
  const cli = spawnCli(env);

  if (ctx.isPost) {
    const registry = ctx.getState(STATE_REGISTRY);
    if (registry) await logout(cli, (ctx.getState(STATE_TOOL) || 'docker') as Tool, registry, log);
    return;
  }

  const repository = parseRepository(
    inputs.string('repository', { required: true })!,
    inputs.string('registry-id'),
  );
  const region = repository.region ?? resolveRegion(inputs.string('aws-region'), env);
  const maxAttempts = inputs.positiveInt('max-attempts', { default: 5, max: 20 });
  const tags = resolveTags(inputs.list('tags').length ? inputs.list('tags') : ['{sha}'], {
    sha: github.sha,
    ref: github.ref,
    headRef: env.GITHUB_HEAD_REF || undefined,
  });
  const secretBuildArgs = inputs.keyValues('secret-build-args');
  for (const { value } of secretBuildArgs) log.mask(value);
  const cache = inputs.choice('cache', ['none', 'ecr'] as const, { default: 'none' });
  const logoutAfter = inputs.boolean('logout', { default: true });

  // The SDK and the engine load only here, so the post step and input errors stay fast.
  const [{ ECRClient }, { buildPush, summaryMarkdown }] = await Promise.all([
    import('@aws-sdk/client-ecr'),
    import('../../packages/image/build-push.js'),
  ]);
  const ecr = nameOperations(new ECRClient(clientConfig({ region, maxAttempts })));
  const result = await buildPush(
    {
      repository,
      createRepository: inputs.boolean('create-repository', { default: false }),
      tags,
      skipIfExists: inputs.boolean('skip-if-exists', { default: true }),
      promoteFrom: inputs.string('promote-from'),
      builder: inputs.choice('builder', ['auto', 'buildx', 'docker', 'buildah'] as const, {
        default: 'auto',
      }),
      build: {
        context: inputs.string('context', { default: '.' }),
        file: inputs.string('file'),
        target: inputs.string('target'),
        buildArgs: inputs.keyValues('build-args'),
        secretBuildArgs,
        labels: imageLabels(
          {
            sha: github.sha,
            sourceUrl: github.repository ? `${github.serverUrl}/${github.repository}` : undefined,
            created: new Date(systemClock.now()),
          },
          inputs.keyValues('labels'),
        ),
        platforms: inputs.list('platforms'),
        network: inputs.string('network'),
        ecrCache: cache === 'ecr',
        cacheFrom: inputs.list('cache-from'),
        cacheTo: inputs.list('cache-to'),
        provenance: inputs.boolean('provenance', { default: false }),
      },
    },
    {
      ecr,
      cli,
      log,
      clock: systemClock,
      onLogin: ({ tool, registry }) => {
        if (!logoutAfter) return;
        ctx.saveState(STATE_REGISTRY, registry);
        ctx.saveState(STATE_TOOL, tool);
      },
    },
  );

  ctx.setOutput('image', result.image);
  ctx.setOutput('image-tag-uri', result.imageTagUri);
  ctx.setOutput('digest', result.digest);
  ctx.setOutput('tags', result.tags.join(','));
  ctx.setOutput('built', result.outcome === 'built');
  ctx.setOutput('registry', result.registry);
  await ctx.summary(summaryMarkdown(result));
});
