import { describe, expect, it } from '@jest/globals';
import {
  buildCommand,
  checkBuildArgs,
  checkBuilderOptions,
  displayCommand,
  resolveBuilder,
  type BuildSpec,
  type CommandRun,
  type DockerCli,
} from '../index.js';

const spec = (over: Partial<BuildSpec> = {}): BuildSpec => ({
  context: 'app',
  file: 'app/Dockerfile',
  target: 'runtime',
  buildArgs: [{ key: 'VERSION', value: '1.2.3' }],
  secretBuildArgs: [{ key: 'NPM_TOKEN', value: 's3cr3t-value' }],
  labels: { 'org.opencontainers.image.revision': 'abc' },
  platforms: [],
  network: 'none',
  ecrCache: false,
  cacheFrom: [],
  cacheTo: [],
  provenance: false,
  ...over,
});
const refs = ['127.0.0.1:5000/web:abc', '127.0.0.1:5000/web:main'];
const repo = '127.0.0.1:5000/web';

/** A docker CLI that answers from a table and records what it was asked. */
function fakeCli(answers: Record<string, number>): DockerCli & { runs: CommandRun[] } {
  const runs: CommandRun[] = [];
  return {
    runs,
    run: async (command) => {
      runs.push(command);
      const key = [command.tool, ...command.args].join(' ');
      return { exitCode: answers[key] ?? 127, stdout: '', stderr: '' };
    },
  };
}

describe('buildCommand', () => {
  it('classic docker: DOCKER_BUILDKIT=0, build-arg names on argv and values only in the environment', () => {
    const cmd = buildCommand('docker', spec(), refs, repo);
    expect(cmd.tool).toBe('docker');
    expect(cmd.args).toEqual([
      'build',
      '--file',
      'app/Dockerfile',
      '--target',
      'runtime',
      '--network',
      'none',
      '--build-arg',
      'VERSION',
      '--build-arg',
      'NPM_TOKEN',
      '--label',
      'org.opencontainers.image.revision=abc',
      '--tag',
      refs[0],
      '--tag',
      refs[1],
      'app',
    ]);
    expect(cmd.env).toEqual({ DOCKER_BUILDKIT: '0', VERSION: '1.2.3', NPM_TOKEN: 's3cr3t-value' });
    expect(cmd.args.join(' ')).not.toContain('s3cr3t-value');
    expect(displayCommand(cmd)).not.toContain('1.2.3');
  });

  it('buildx: pushes in the build, platforms, ECR registry cache and provenance off by default', () => {
    const cmd = buildCommand(
      'buildx',
      spec({ platforms: ['linux/amd64', 'linux/arm64'], ecrCache: true, cacheTo: ['type=inline'] }),
      refs,
      repo,
    );
    expect(cmd.args.slice(0, 2)).toEqual(['buildx', 'build']);
    expect(cmd.env).toEqual({ VERSION: '1.2.3', NPM_TOKEN: 's3cr3t-value' });
    const tail = cmd.args.slice(cmd.args.indexOf('--platform'));
    expect(tail).toEqual([
      '--platform',
      'linux/amd64,linux/arm64',
      '--cache-from',
      'type=registry,ref=127.0.0.1:5000/web:buildcache',
      '--cache-to',
      'type=registry,ref=127.0.0.1:5000/web:buildcache,mode=max,image-manifest=true,oci-mediatypes=true',
      '--cache-to',
      'type=inline',
      '--provenance=false',
      '--push',
      'app',
    ]);
  });

  it('buildah: `buildah build` without the docker-only environment', () => {
    const cmd = buildCommand(
      'buildah',
      spec({ network: undefined, target: undefined, file: undefined }),
      refs,
      repo,
    );
    expect(cmd.tool).toBe('buildah');
    expect(cmd.args[0]).toBe('build');
    expect(cmd.args).not.toContain('--push');
    expect(cmd.env).toEqual({ VERSION: '1.2.3', NPM_TOKEN: 's3cr3t-value' });
  });

  it('passes build args named like tool settings inline, and shows them as ***', () => {
    const cmd = buildCommand(
      'docker',
      spec({ buildArgs: [{ key: 'HOME', value: '/srv/app' }], secretBuildArgs: [] }),
      refs,
      repo,
    );
    expect(cmd.args).toContain('HOME=/srv/app');
    expect(cmd.env).toEqual({ DOCKER_BUILDKIT: '0' });
    expect(displayCommand(cmd)).toContain('--build-arg HOME=***');
    expect(displayCommand(cmd)).not.toContain('/srv/app');
  });
});

describe('checks before any AWS call', () => {
  it('refuses buildx-only options under the classic builder, naming the input', () => {
    expect(() => checkBuilderOptions('docker', spec({ platforms: ['linux/arm64'] }))).toThrow(
      /platforms: building for several platforms needs buildx, but the builder is docker/,
    );
    expect(() => checkBuilderOptions('docker', spec({ ecrCache: true }))).toThrow(/^cache: /);
    expect(() => checkBuilderOptions('buildah', spec({ cacheFrom: ['x'] }))).toThrow(/^cache-from: /);
    expect(() => checkBuilderOptions('docker', spec({ cacheTo: ['x'] }))).toThrow(/^cache-to: /);
    expect(() => checkBuilderOptions('docker', spec({ provenance: true }))).toThrow(/^provenance: /);
    expect(() =>
      checkBuilderOptions('buildx', spec({ platforms: ['linux/arm64'], provenance: true })),
    ).not.toThrow();
  });

  it('rejects malformed build-arg names and secret ones the tools would read themselves', () => {
    expect(() => checkBuildArgs(spec({ buildArgs: [{ key: 'BAD-NAME', value: 'x' }] }))).toThrow(
      /build-args: "BAD-NAME" is not a build arg name/,
    );
    expect(() => checkBuildArgs(spec({ secretBuildArgs: [{ key: 'DOCKER_HOST', value: 'x' }] }))).toThrow(
      /secret-build-args: DOCKER_HOST is a name the build tools read/,
    );
    expect(() => checkBuildArgs(spec())).not.toThrow();
  });
});

describe('resolveBuilder', () => {
  it('auto picks buildx when the plugin answers, else the classic builder', async () => {
    expect(await resolveBuilder(fakeCli({ 'docker buildx version': 0 }), 'auto')).toBe('buildx');
    expect(await resolveBuilder(fakeCli({ 'docker buildx version': 1 }), 'auto')).toBe('docker');
    expect(await resolveBuilder(fakeCli({}), 'docker')).toBe('docker');
  });

  it('explains a missing buildx or buildah', async () => {
    await expect(resolveBuilder(fakeCli({ 'docker buildx version': 1 }), 'buildx')).rejects.toThrow(
      /builder: buildx was chosen but the docker CLI has no buildx plugin/,
    );
    await expect(resolveBuilder(fakeCli({}), 'buildah')).rejects.toThrow(
      /builder: buildah was chosen but is not on PATH/,
    );
    expect(await resolveBuilder(fakeCli({ 'buildah --version': 0 }), 'buildah')).toBe('buildah');
  });
});
