/**
 * Build commands for the three builders. Build-arg values never appear on argv or in a log line: argv says
 * `--build-arg NAME` and the value travels in the tool's environment, from which docker, buildx and buildah
 * all read a build arg given without `=value`.
 */
import { UserError } from '../inputs/index.js';
import type { DockerCli, Tool } from './cli.js';

export type BuilderChoice = 'auto' | 'buildx' | 'docker' | 'buildah';
export type Builder = Exclude<BuilderChoice, 'auto'>;

export interface BuildArg {
  key: string;
  value: string;
}

export interface BuildSpec {
  context: string;
  file?: string;
  target?: string;
  buildArgs: BuildArg[];
  /** Like buildArgs, but the values are masked in logs as well. */
  secretBuildArgs: BuildArg[];
  labels: Record<string, string>;
  /** buildx only. */
  platforms: string[];
  /** `--network` for RUN steps, e.g. `none` for a hermetic build. */
  network?: string;
  /** `cache: ecr` shorthand: a registry cache in the same repository under the `buildcache` tag. buildx only. */
  ecrCache: boolean;
  cacheFrom: string[];
  cacheTo: string[];
  /** buildx provenance attestations (off by default: they turn a single-platform image into an index). */
  provenance: boolean;
}

export interface BuildCommand {
  tool: Tool;
  args: string[];
  env: Record<string, string>;
}

/** Names the tools themselves read from the environment: such build args cannot travel there. */
const TOOL_ENV =
  /^(PATH|HOME|USER|TMPDIR|XDG_[A-Z_]*|(DOCKER|BUILDKIT|BUILDX|BUILDAH|CONTAINERS)_[A-Z0-9_]*)$/;
const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The tool each builder runs. */
export const builderTool = (builder: Builder): Tool => (builder === 'buildah' ? 'buildah' : 'docker');

/** `auto` is buildx when the docker CLI has the buildx plugin, else the classic builder. */
export async function resolveBuilder(cli: DockerCli, choice: BuilderChoice): Promise<Builder> {
  if (choice === 'buildah') {
    const got = await cli.run({ tool: 'buildah', args: ['--version'] });
    if (got.exitCode !== 0) {
      throw new UserError(
        'builder',
        'buildah was chosen but is not on PATH',
        'install it on the runner (e.g. `sudo apt-get install -y buildah`) or use `builder: auto`',
      );
    }
    return 'buildah';
  }
  if (choice === 'docker') return 'docker';
  const buildx = (await cli.run({ tool: 'docker', args: ['buildx', 'version'] })).exitCode === 0;
  if (buildx) return 'buildx';
  if (choice === 'buildx') {
    throw new UserError(
      'builder',
      'buildx was chosen but the docker CLI has no buildx plugin',
      'add docker/setup-buildx-action before this step, or use `builder: docker`',
    );
  }
  return 'docker';
}

/** Options that only buildx understands fail early, before any AWS call, under another builder. */
export function checkBuilderOptions(builder: Builder, spec: BuildSpec): void {
  if (builder === 'buildx') return;
  const onlyBuildx = (input: string, what: string) =>
    new UserError(
      input,
      `${what} needs buildx, but the builder is ${builder}`,
      'use `builder: buildx` (with docker/setup-buildx-action), or remove the input',
    );
  if (spec.platforms.length) throw onlyBuildx('platforms', 'building for several platforms');
  if (spec.ecrCache) throw onlyBuildx('cache', 'a registry build cache');
  if (spec.cacheFrom.length) throw onlyBuildx('cache-from', 'cache import');
  if (spec.cacheTo.length) throw onlyBuildx('cache-to', 'cache export');
  if (spec.provenance) throw onlyBuildx('provenance', 'a provenance attestation');
}

/** Check build-arg names; values are never inspected or printed. */
export function checkBuildArgs(spec: BuildSpec): void {
  for (const [input, args] of [
    ['build-args', spec.buildArgs],
    ['secret-build-args', spec.secretBuildArgs],
  ] as const) {
    for (const { key } of args) {
      if (!ARG_NAME.test(key)) {
        throw new UserError(
          input,
          `"${key}" is not a build arg name`,
          'use letters, digits and _ (as in ARG NAME)',
        );
      }
      if (input === 'secret-build-args' && TOOL_ENV.test(key)) {
        throw new UserError(
          input,
          `${key} is a name the build tools read from their own environment, so its secret value cannot be passed`,
          'rename the ARG in the Dockerfile',
        );
      }
    }
  }
}

/** The registry cache reference for `cache: ecr`, with the settings ECR needs for a cache manifest. */
export function ecrCacheRef(repository: string): { from: string; to: string } {
  const ref = `type=registry,ref=${repository}:buildcache`;
  return { from: ref, to: `${ref},mode=max,image-manifest=true,oci-mediatypes=true` };
}

/**
 * The command that builds (and with buildx, pushes) the image. `refs` are full references
 * (`registry/name:tag`); `repository` (`registry/name`) is where `cache: ecr` keeps its cache.
 */
export function buildCommand(
  builder: Builder,
  spec: BuildSpec,
  refs: string[],
  repository: string,
): BuildCommand {
  const args = builder === 'buildx' ? ['buildx', 'build'] : ['build'];
  // The classic builder, said explicitly: recent docker CLIs otherwise route `docker build` to BuildKit.
  const env: Record<string, string> = builder === 'docker' ? { DOCKER_BUILDKIT: '0' } : {};

  if (spec.file) args.push('--file', spec.file);
  if (spec.target) args.push('--target', spec.target);
  if (spec.network) args.push('--network', spec.network);
  for (const { key, value } of [...spec.buildArgs, ...spec.secretBuildArgs]) {
    if (TOOL_ENV.test(key)) {
      args.push('--build-arg', `${key}=${value}`);
    } else {
      args.push('--build-arg', key);
      env[key] = value;
    }
  }
  for (const [key, value] of Object.entries(spec.labels)) args.push('--label', `${key}=${value}`);
  for (const ref of refs) args.push('--tag', ref);

  if (builder === 'buildx') {
    if (spec.platforms.length) args.push('--platform', spec.platforms.join(','));
    const cache = spec.ecrCache ? ecrCacheRef(repository) : undefined;
    for (const from of [...(cache ? [cache.from] : []), ...spec.cacheFrom]) args.push('--cache-from', from);
    for (const to of [...(cache ? [cache.to] : []), ...spec.cacheTo]) args.push('--cache-to', to);
    args.push(`--provenance=${spec.provenance}`, '--push');
  }
  args.push(spec.context);
  return { tool: builderTool(builder), args, env };
}

/** argv as a log line: build-arg values given inline (tool-reserved names) are replaced by `***`. */
export function displayCommand(command: BuildCommand): string {
  const shown = command.args.map((arg, i) =>
    command.args[i - 1] === '--build-arg' && arg.includes('=')
      ? `${arg.slice(0, arg.indexOf('='))}=***`
      : arg,
  );
  return [command.tool, ...shown].join(' ');
}
