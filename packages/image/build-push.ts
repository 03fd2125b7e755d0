/**
 * Build an image once per commit and push it to ECR, or give an existing image more tags. The flow:
 *   check inputs (no AWS call yet) → repository (create if allowed) → registry login token →
 *   promote, or skip when the primary tag exists, or build + push → digest from the registry.
 */
import { DescribeImagesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import {
  ensureRepository,
  findImage,
  getRegistryLogin,
  imageId,
  promoteImage,
  type RepositoryRef,
} from '../ecr/index.js';
import type { Clock, Logger } from '../runtime/index.js';
import {
  buildCommand,
  builderTool,
  checkBuildArgs,
  checkBuilderOptions,
  resolveBuilder,
  type Builder,
  type BuilderChoice,
  type BuildSpec,
} from './build.js';
import type { DockerCli, Tool } from './cli.js';
import { checkDaemon, login, push, runBuild } from './docker.js';

export interface BuildPushOptions {
  repository: RepositoryRef;
  createRepository: boolean;
  /** Resolved tags; the first is the primary one. */
  tags: string[];
  skipIfExists: boolean;
  /** A tag or digest to re-tag instead of building. */
  promoteFrom?: string;
  builder: BuilderChoice;
  build: BuildSpec;
}

export interface BuildPushDeps {
  ecr: ECRClient;
  cli: DockerCli;
  log: Logger;
  clock: Clock;
  /** Called right after a registry login succeeds, before anything else can fail, so a post step can log out. */
  onLogin?: (session: { tool: Tool; registry: string }) => void;
}

export type Outcome = 'built' | 'skipped' | 'promoted';

export interface BuildPushResult {
  outcome: Outcome;
  /** Registry host images are pushed to (from the login token's proxyEndpoint). */
  registry: string;
  repositoryName: string;
  digest: string;
  /** `registry/name@sha256:…` */
  image: string;
  /** `registry/name:primary-tag` */
  imageTagUri: string;
  tags: string[];
  createdRepository: boolean;
  builder?: Builder;
  durationMs: number;
}

export async function buildPush(options: BuildPushOptions, deps: BuildPushDeps): Promise<BuildPushResult> {
  const { ecr, cli, log, clock } = deps;
  const started = clock.now();
  const { repository: ref, tags } = options;
  const primary = tags[0];
  if (!primary) throw new Error('buildPush needs at least one tag');

  // Everything the inputs can get wrong is found before the first AWS call.
  let builder: Builder | undefined;
  if (!options.promoteFrom) {
    checkBuildArgs(options.build);
    builder = await resolveBuilder(cli, options.builder);
    checkBuilderOptions(builder, options.build);
  }

  const { repository, created } = await ensureRepository(ecr, ref, {
    create: options.createRepository && !options.promoteFrom,
    log,
  });
  if (options.build.ecrCache && !options.promoteFrom && repository.imageTagMutability === 'IMMUTABLE') {
    log.warning(
      `cache: ecr writes the tag "buildcache" in ${ref.name}, whose tags are immutable: the cache can be written ` +
        "once and the build fails when buildx updates it. Make the repository's tags mutable (or exclude " +
        '"buildcache" from immutability), or use cache-from/cache-to with another repository',
    );
  }
  const credentials = await getRegistryLogin(ecr, { registryId: ref.registryId, log });
  const repoUri = `${credentials.registry}/${ref.name}`;
  const finish = (outcome: Outcome, digest: string): BuildPushResult => ({
    outcome,
    registry: credentials.registry,
    repositoryName: ref.name,
    digest,
    image: `${repoUri}@${digest}`,
    imageTagUri: `${repoUri}:${primary}`,
    tags,
    createdRepository: created,
    builder: outcome === 'built' ? builder : undefined,
    durationMs: clock.now() - started,
  });

  if (options.promoteFrom) {
    const promoted = await promoteImage(ecr, ref, { from: options.promoteFrom, tags, log });
    return finish('promoted', promoted.digest);
  }

  if (options.skipIfExists) {
    const existing = await findImage(ecr, ref, primary);
    if (existing?.imageDigest) {
      log.info(`${repoUri}:${primary} already exists (${existing.imageDigest}): not building it again`);
      const missing = tags.filter((t) => !existing.imageTags?.includes(t));
      if (missing.length)
        await promoteImage(ecr, ref, { from: existing.imageDigest, tags: missing, log, input: 'tags' });
      return finish('skipped', existing.imageDigest);
    }
  }

  const chosen = builder!;
  const tool = builderTool(chosen);
  if (tool === 'docker') log.info(`Docker daemon ${await checkDaemon(cli)}`);
  await login(cli, tool, { ...credentials, log });
  deps.onLogin?.({ tool, registry: credentials.registry });

  const refs = tags.map((t) => `${repoUri}:${t}`);
  await runBuild(cli, buildCommand(chosen, options.build, refs, repoUri), log);
  // buildx pushes as part of the build; the other builders push each tag afterwards.
  if (chosen !== 'buildx') for (const r of refs) await push(cli, tool, r, log);

  const digest = await pushedDigest(ecr, ref, tags);
  log.info(`Pushed ${repoUri}@${digest} as ${tags.join(', ')}`);
  return finish('built', digest);
}

/** The digest ECR now has for the pushed tags, which must all name the same image. */
async function pushedDigest(ecr: ECRClient, ref: RepositoryRef, tags: string[]): Promise<string> {
  const out = await ecr.send(
    new DescribeImagesCommand({
      repositoryName: ref.name,
      registryId: ref.registryId,
      imageIds: tags.map(imageId),
    }),
  );
  const digests = new Set((out.imageDetails ?? []).map((d) => d.imageDigest));
  const [digest] = digests;
  if (digests.size !== 1 || !digest) {
    throw new Error(
      `after the push, ECR reports ${digests.size} different images for tags ${tags.join(', ')} of ${ref.name}`,
    );
  }
  return digest;
}

/** The job summary: what was pushed (or reused) and how long it took. */
export function summaryMarkdown(result: BuildPushResult): string {
  const what = {
    built: `built${result.builder ? ` with ${result.builder}` : ''} and pushed`,
    skipped: 'skipped: the image for this tag was already in ECR',
    promoted: 'promoted: existing image re-tagged, nothing built or pushed',
  }[result.outcome];
  const rows = [
    ['Image', `\`${result.image}\``],
    ['Digest', `\`${result.digest}\``],
    ['Tags', result.tags.map((t) => `\`${t}\``).join(', ')],
    ['Outcome', what + (result.createdRepository ? ' (repository created)' : '')],
    ['Duration', `${(result.durationMs / 1000).toFixed(1)} s`],
  ];
  return [
    `### Image ${result.repositoryName}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
}
