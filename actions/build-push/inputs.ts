/** The build-push action's inputs, read into the engine's BuildPushOptions (every input is named here). */
import { resolveRegion } from '../../packages/aws/index.js';
import { parseRepository } from '../../packages/ecr/reference.js';
import type { BuildPushOptions } from '../../packages/image/index.js';
import { imageLabels, resolveTags } from '../../packages/image/tags.js';
import type { Inputs } from '../../packages/inputs/index.js';
import type { GitHubRunContext, Logger } from '../../packages/runtime/index.js';

export interface BuildPushInputs {
  options: BuildPushOptions;
  region: string;
  maxAttempts: number;
  /** Save the registry login so the post step logs out of it. */
  logoutAfter: boolean;
}

export interface BuildPushContext {
  github: GitHubRunContext;
  env: Record<string, string | undefined>;
  /** Secret build-arg values are masked as soon as they are read. */
  log: Pick<Logger, 'mask'>;
  /** The image's `created` label. */
  now: Date;
}

export function readBuildPushInputs(
  inputs: Inputs,
  { github, env, log, now }: BuildPushContext,
): BuildPushInputs {
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
  const options: BuildPushOptions = {
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
          created: now,
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
  };
  return { options, region, maxAttempts, logoutAfter };
}
