/**
 * The build-once flow with ECR mocked at the SDK (aws-sdk-client-mock) and the container tools replaced by a
 * recording CLI, to check the order of calls, argv, stdin and the failure messages. The same flow runs against
 * a real Docker engine and registry in test/e2e/build-push.test.ts.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  ImageNotFoundException,
  PutImageCommand,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { UserError } from '../../inputs/index.js';
import { MemoryLogger, type Clock } from '../../runtime/index.js';
import {
  buildPush,
  summaryMarkdown,
  type BuildPushOptions,
  type BuildSpec,
  type CommandResult,
  type CommandRun,
  type DockerCli,
} from '../index.js';

const ecrMock = mockClient(ECRClient);
const ecr = new ECRClient({ region: 'eu-west-1' });
const meta = { $metadata: {} };
const PASSWORD = 'registry-password-9f8e7d';
const HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const DIGEST = `sha256:${'c'.repeat(64)}`;
const SHA = '0123456789abcdef0123456789abcdef01234567';

const spec: BuildSpec = {
  context: '.',
  buildArgs: [{ key: 'VERSION', value: '7' }],
  secretBuildArgs: [],
  labels: {},
  platforms: [],
  ecrCache: false,
  cacheFrom: [],
  cacheTo: [],
  provenance: false,
};
const options = (over: Partial<BuildPushOptions> = {}): BuildPushOptions => ({
  repository: { name: 'web' },
  createRepository: false,
  tags: [SHA, 'main'],
  skipIfExists: true,
  builder: 'auto',
  build: spec,
  ...over,
});

type Answer = Partial<CommandResult> & { lines?: string[] };
/** A container CLI that answers by the start of the command line and records every run. */
function fakeCli(answers: [prefix: string, answer: Answer][]): DockerCli & { runs: CommandRun[] } {
  const runs: CommandRun[] = [];
  return {
    runs,
    run: async (command) => {
      runs.push(command);
      const line = [command.tool, ...command.args].join(' ');
      const answer = answers.find(([prefix]) => line.startsWith(prefix))?.[1] ?? { exitCode: 127 };
      for (const l of answer.lines ?? []) command.onLine?.(l);
      return { exitCode: answer.exitCode ?? 0, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '' };
    },
  };
}
const classicDocker: [string, Answer][] = [
  ['docker buildx version', { exitCode: 1 }],
  ['docker version', { stdout: '20.10.24\n' }],
  ['docker login', { stdout: 'Login Succeeded' }],
  ['docker build', { lines: ['Step 1/2 : FROM scratch', 'Successfully built 1234'] }],
  ['docker push', { lines: ['abc: Pushed'] }],
];

let time = 0;
const clock: Clock = { now: () => (time += 500), sleep: async () => undefined };

beforeEach(() => {
  ecrMock.reset();
  ecrMock.on(DescribeRepositoriesCommand).resolves({ repositories: [{ repositoryName: 'web' }] });
  ecrMock.on(GetAuthorizationTokenCommand).resolves({
    authorizationData: [
      {
        authorizationToken: Buffer.from(`AWS:${PASSWORD}`).toString('base64'),
        proxyEndpoint: `https://${HOST}`,
      },
    ],
  });
});

const commandLines = (cli: { runs: CommandRun[] }) => cli.runs.map((r) => [r.tool, ...r.args].join(' '));

describe('build and push', () => {
  it('logs in over stdin, builds once with every tag, pushes each tag and reads the digest back from ECR', async () => {
    ecrMock
      .on(DescribeImagesCommand)
      .rejectsOnce(new ImageNotFoundException({ message: 'not found', ...meta }))
      .resolves({ imageDetails: [{ imageDigest: DIGEST }, { imageDigest: DIGEST }] });
    const cli = fakeCli(classicDocker);
    const log = new MemoryLogger();
    const logins: unknown[] = [];
    const result = await buildPush(options(), { ecr, cli, log, clock, onLogin: (s) => logins.push(s) });

    expect(commandLines(cli)).toEqual([
      'docker buildx version',
      'docker version --format {{.Server.Version}}',
      `docker login --username AWS --password-stdin ${HOST}`,
      `docker build --build-arg VERSION --tag ${HOST}/web:${SHA} --tag ${HOST}/web:main .`,
      `docker push ${HOST}/web:${SHA}`,
      `docker push ${HOST}/web:main`,
    ]);
    expect(cli.runs[2]!.stdin).toBe(PASSWORD);
    expect(cli.runs[3]!.env).toEqual({ DOCKER_BUILDKIT: '0', VERSION: '7' });
    for (const run of cli.runs) expect(run.args.join(' ')).not.toContain(PASSWORD);
    expect(log.secrets.has(PASSWORD)).toBe(true);
    expect(log.text()).not.toContain(PASSWORD);
    expect(logins).toEqual([{ tool: 'docker', registry: HOST }]);
    expect(ecrMock.commandCalls(DescribeImagesCommand)[1]!.args[0].input.imageIds).toEqual([
      { imageTag: SHA },
      { imageTag: 'main' },
    ]);
    expect(result).toMatchObject({
      outcome: 'built',
      builder: 'docker',
      registry: HOST,
      digest: DIGEST,
      image: `${HOST}/web@${DIGEST}`,
      imageTagUri: `${HOST}/web:${SHA}`,
      tags: [SHA, 'main'],
      createdRepository: false,
    });
    expect(log.text()).toContain('Step 1/2 : FROM scratch');
  });

  it('with buildx, pushes as part of the build', async () => {
    ecrMock
      .on(DescribeImagesCommand)
      .rejectsOnce(new ImageNotFoundException({ message: 'not found', ...meta }))
      .resolves({ imageDetails: [{ imageDigest: DIGEST }] });
    const cli = fakeCli([
      ['docker buildx version', {}],
      ['docker version', { stdout: '27.0.0' }],
      ['docker login', {}],
      ['docker buildx build', {}],
    ]);
    const result = await buildPush(options({ tags: ['v1'] }), { ecr, cli, log: new MemoryLogger(), clock });
    expect(result.builder).toBe('buildx');
    expect(commandLines(cli).at(-1)).toBe(
      `docker buildx build --build-arg VERSION --tag ${HOST}/web:v1 --provenance=false --push .`,
    );
    expect(commandLines(cli).some((l) => l.startsWith('docker push'))).toBe(false);
  });

  it('creates a missing repository only when allowed', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand)
      .rejects(new RepositoryNotFoundException({ message: 'missing', ...meta }));
    ecrMock.on(CreateRepositoryCommand).resolves({ repository: { repositoryName: 'web' } });
    ecrMock
      .on(DescribeImagesCommand)
      .rejectsOnce(new ImageNotFoundException({ message: 'not found', ...meta }))
      .resolves({ imageDetails: [{ imageDigest: DIGEST }] });
    const result = await buildPush(options({ createRepository: true }), {
      ecr,
      cli: fakeCli(classicDocker),
      log: new MemoryLogger(),
      clock,
    });
    expect(result.createdRepository).toBe(true);
    expect(summaryMarkdown(result)).toContain('(repository created)');
  });

  it('fails when the pushed tags name different images', async () => {
    ecrMock
      .on(DescribeImagesCommand)
      .rejectsOnce(new ImageNotFoundException({ message: 'not found', ...meta }))
      .resolves({ imageDetails: [{ imageDigest: DIGEST }, { imageDigest: `sha256:${'d'.repeat(64)}` }] });
    await expect(
      buildPush(options(), { ecr, cli: fakeCli(classicDocker), log: new MemoryLogger(), clock }),
    ).rejects.toThrow(/ECR reports 2 different images for tags/);
  });
});

describe('build once', () => {
  it('skips build, login and push when the primary tag exists, and adds missing tags by manifest', async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: DIGEST, imageTags: [SHA] }] });
    ecrMock.on(BatchGetImageCommand).resolves({
      images: [{ imageId: { imageDigest: DIGEST }, imageManifest: '{}', imageManifestMediaType: 'm' }],
    });
    ecrMock.on(PutImageCommand).resolves({ image: { imageId: { imageDigest: DIGEST } } });
    const cli = fakeCli(classicDocker);
    const logins: unknown[] = [];
    const result = await buildPush(options(), {
      ecr,
      cli,
      log: new MemoryLogger(),
      clock,
      onLogin: (s) => logins.push(s),
    });
    expect(commandLines(cli)).toEqual(['docker buildx version']);
    expect(logins).toEqual([]);
    expect(ecrMock.commandCalls(PutImageCommand).map((c) => c.args[0].input.imageTag)).toEqual(['main']);
    expect(result).toMatchObject({ outcome: 'skipped', digest: DIGEST, image: `${HOST}/web@${DIGEST}` });
    expect(summaryMarkdown(result)).toMatch(/skipped: the image for this tag was already in ECR/);
  });

  it('builds anyway when skip-if-exists is off', async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: DIGEST }] });
    const cli = fakeCli(classicDocker);
    const result = await buildPush(options({ skipIfExists: false }), {
      ecr,
      cli,
      log: new MemoryLogger(),
      clock,
    });
    expect(result.outcome).toBe('built');
    expect(commandLines(cli).filter((l) => l.startsWith('docker build '))).toHaveLength(1);
  });
});

describe('promote', () => {
  it('re-tags by manifest without running any container tool or creating a repository', async () => {
    ecrMock.on(BatchGetImageCommand).resolves({
      images: [{ imageId: { imageDigest: DIGEST }, imageManifest: '{"m":1}', imageManifestMediaType: 'x' }],
    });
    ecrMock.on(PutImageCommand).resolves({ image: { imageId: { imageDigest: DIGEST } } });
    const cli = fakeCli([]);
    const result = await buildPush(options({ promoteFrom: SHA, tags: ['prod'], createRepository: true }), {
      ecr,
      cli,
      log: new MemoryLogger(),
      clock,
    });
    expect(cli.runs).toEqual([]);
    expect(ecrMock.commandCalls(CreateRepositoryCommand)).toHaveLength(0);
    expect(result).toMatchObject({ outcome: 'promoted', digest: DIGEST, tags: ['prod'] });
    expect(summaryMarkdown(result)).toContain('promoted');
  });
});

describe('failures', () => {
  it('refuses buildx-only inputs under the classic builder before any AWS call', async () => {
    const err = await buildPush(options({ build: { ...spec, platforms: ['linux/arm64'] } }), {
      ecr,
      cli: fakeCli(classicDocker),
      log: new MemoryLogger(),
      clock,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).input).toBe('platforms');
    expect(ecrMock.calls()).toHaveLength(0);
  });

  it('says how to start Docker when the daemon does not answer', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(new ImageNotFoundException({ message: 'nf', ...meta }));
    const cli = fakeCli([
      ['docker buildx version', { exitCode: 1 }],
      [
        'docker version',
        {
          exitCode: 1,
          stderr:
            'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
        },
      ],
    ]);
    await expect(buildPush(options(), { ecr, cli, log: new MemoryLogger(), clock })).rejects.toThrow(
      /Docker daemon is not reachable \(Cannot connect to the Docker daemon at unix:\/\/\/var\/run\/docker.sock.*sudo systemctl start docker/,
    );
    expect(commandLines(cli).some((l) => l.includes('login'))).toBe(false);
  });

  it('reports the registry’s answer when login fails, without the password', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(new ImageNotFoundException({ message: 'nf', ...meta }));
    const cli = fakeCli([
      ...classicDocker.slice(0, 2),
      [
        'docker login',
        {
          exitCode: 1,
          stderr: `Error response from daemon: Get "https://${HOST}/v2/": unauthorized: incorrect username or password\n`,
        },
      ],
    ]);
    const logins: unknown[] = [];
    const err = (await buildPush(options(), {
      ecr,
      cli,
      log: new MemoryLogger(),
      clock,
      onLogin: (s) => logins.push(s),
    }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe(
      `docker login to ${HOST} failed: the registry answered: Error response from daemon: Get "https://${HOST}/v2/": unauthorized: incorrect username or password`,
    );
    expect(err.message).not.toContain(PASSWORD);
    expect(logins).toEqual([]);
  });

  it('carries the last 20 lines of a failed build, and still leaves the login for the post step', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(new ImageNotFoundException({ message: 'nf', ...meta }));
    const lines = Array.from({ length: 30 }, (_, i) => `build line ${i + 1}`);
    const cli = fakeCli([...classicDocker.slice(0, 3), ['docker build', { exitCode: 1, lines }]]);
    const logins: unknown[] = [];
    const err = (await buildPush(options(), {
      ecr,
      cli,
      log: new MemoryLogger(),
      clock,
      onLogin: (s) => logins.push(s),
    }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^the image build failed \(docker exited 1\); its last lines:\n/);
    expect(err.message).toContain('build line 11\n');
    expect(err.message).toMatch(/build line 30$/);
    expect(err.message).not.toContain('build line 10\n');
    expect(commandLines(cli).some((l) => l.startsWith('docker push'))).toBe(false);
    expect(logins).toHaveLength(1);
  });
});

describe('cache: ecr', () => {
  it('warns that an immutable repository cannot keep an updated build cache', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [{ repositoryName: 'web', imageTagMutability: 'IMMUTABLE' }] });
    ecrMock
      .on(DescribeImagesCommand)
      .rejectsOnce(new ImageNotFoundException({ message: 'not found', ...meta }))
      .resolves({ imageDetails: [{ imageDigest: DIGEST }] });
    const cli = fakeCli([
      ['docker buildx version', {}],
      ['docker version', { stdout: '27.0.0' }],
      ['docker login', {}],
      ['docker buildx build', {}],
    ]);
    const log = new MemoryLogger();
    await buildPush(options({ tags: ['v1'], build: { ...spec, ecrCache: true } }), { ecr, cli, log, clock });
    expect(log.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      expect.stringMatching(/^cache: ecr writes the tag "buildcache" in web, whose tags are immutable/),
    ]);
    expect(commandLines(cli).at(-1)).toContain(
      `--cache-to type=registry,ref=${HOST}/web:buildcache,mode=max`,
    );
  });
});
