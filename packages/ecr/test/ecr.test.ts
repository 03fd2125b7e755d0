import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  ImageAlreadyExistsException,
  ImageNotFoundException,
  ImageTagAlreadyExistsException,
  PutImageCommand,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { UserError } from '../../inputs/index.js';
import { MemoryLogger } from '../../runtime/index.js';
import {
  ensureRepository,
  findImage,
  getRegistryLogin,
  parseRepository,
  promoteImage,
  registryHost,
} from '../index.js';

const ecrMock = mockClient(ECRClient);
const ecr = new ECRClient({ region: 'eu-west-1' });
const meta = { $metadata: {} };
const DIGEST = `sha256:${'a'.repeat(64)}`;
const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  config: { size: 10 },
  layers: [],
});

beforeEach(() => {
  ecrMock.reset();
});

describe('parseRepository', () => {
  it('reads a bare name, a nested name and a URI with its account and region', () => {
    expect(parseRepository('my-app')).toEqual({ name: 'my-app', registryId: undefined, region: undefined });
    expect(parseRepository('team/my-app', '111122223333')).toEqual({
      name: 'team/my-app',
      registryId: '111122223333',
      region: undefined,
    });
    expect(parseRepository('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app')).toEqual({
      name: 'team/app',
      registryId: '123456789012',
      region: 'eu-west-1',
    });
  });

  it('rejects tags, bad names and a registry-id that contradicts the URI, naming the input', () => {
    expect(() => parseRepository('my-app:v1')).toThrow(/repository: "my-app:v1" includes a tag or digest/);
    expect(() => parseRepository('My_App!')).toThrow(/repository: "My_App!" is not an ECR repository/);
    expect(() => parseRepository('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app', '999999999999')).toThrow(
      /registry-id: 999999999999 differs from the account 123456789012/,
    );
    expect(() => parseRepository('app', '12')).toThrow(/registry-id: "12" is not a 12-digit/);
  });
});

describe('getRegistryLogin', () => {
  it('decodes AWS:<password>, masks the password at once and takes the host from proxyEndpoint', async () => {
    const password = 'eyJwYXlsb2FkIjoi-secret-password';
    const token = Buffer.from(`AWS:${password}`).toString('base64');
    ecrMock.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        { authorizationToken: token, proxyEndpoint: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com' },
      ],
    });
    const log = new MemoryLogger();
    const login = await getRegistryLogin(ecr, { log });
    expect(login).toMatchObject({
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      username: 'AWS',
      password,
    });
    expect(log.secrets).toEqual(new Set([password, token]));
    expect(ecrMock.commandCalls(GetAuthorizationTokenCommand)[0]!.args[0].input).toEqual({});
  });

  it('asks for another account’s registry when a registry id is given', async () => {
    ecrMock.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from('AWS:p').toString('base64'),
          proxyEndpoint: 'http://127.0.0.1:5000',
        },
      ],
    });
    const login = await getRegistryLogin(ecr, { registryId: '111122223333', log: new MemoryLogger() });
    expect(login.registry).toBe('127.0.0.1:5000');
    expect(ecrMock.commandCalls(GetAuthorizationTokenCommand)[0]!.args[0].input).toEqual({
      registryIds: ['111122223333'],
    });
  });

  it('refuses a token that is not user:password', async () => {
    ecrMock.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        { authorizationToken: Buffer.from('nocolon').toString('base64'), proxyEndpoint: 'x' },
      ],
    });
    await expect(getRegistryLogin(ecr, { log: new MemoryLogger() })).rejects.toThrow(/not user:password/);
  });

  it('strips scheme and trailing slash from a proxy endpoint', () => {
    expect(registryHost('https://1.dkr.ecr.us-east-1.amazonaws.com/')).toBe(
      '1.dkr.ecr.us-east-1.amazonaws.com',
    );
  });
});

describe('ensureRepository', () => {
  const ref = { name: 'web' };

  it('returns an existing repository without creating anything', async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({ repositories: [{ repositoryName: 'web' }] });
    const got = await ensureRepository(ecr, ref, { create: true, log: new MemoryLogger() });
    expect(got).toEqual({ repository: { repositoryName: 'web' }, created: false });
    expect(ecrMock.commandCalls(CreateRepositoryCommand)).toHaveLength(0);
  });

  it('creates a missing repository with immutable tags and scan on push when allowed', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(
      new RepositoryNotFoundException({
        message: "The repository with name 'web' does not exist",
        ...meta,
      }),
    );
    ecrMock.on(CreateRepositoryCommand).resolves({ repository: { repositoryName: 'web' } });
    const log = new MemoryLogger();
    const got = await ensureRepository(
      ecr,
      { name: 'web', registryId: '123456789012' },
      { create: true, log },
    );
    expect(got.created).toBe(true);
    expect(ecrMock.commandCalls(CreateRepositoryCommand)[0]!.args[0].input).toEqual({
      repositoryName: 'web',
      registryId: '123456789012',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    });
    expect(log.text()).toMatch(/Created ECR repository web in registry 123456789012/);
  });

  it('fails naming the repository and the flag when creating is not allowed', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand)
      .rejects(new RepositoryNotFoundException({ message: 'does not exist', ...meta }));
    const err = await ensureRepository(ecr, ref, { create: false, log: new MemoryLogger() }).catch(
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).input).toBe('repository');
    expect((err as UserError).message).toMatch(
      /ECR repository "web" does not exist.*create-repository: true/,
    );
    expect(ecrMock.commandCalls(CreateRepositoryCommand)).toHaveLength(0);
  });

  it('passes other errors through', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(new Error('boom'));
    await expect(ensureRepository(ecr, ref, { create: true, log: new MemoryLogger() })).rejects.toThrow(
      'boom',
    );
  });
});

describe('findImage', () => {
  it('looks up a tag or a digest and answers undefined when ECR has no such image', async () => {
    ecrMock
      .on(DescribeImagesCommand, { imageIds: [{ imageTag: 'v1' }] })
      .resolves({ imageDetails: [{ imageDigest: DIGEST, imageTags: ['v1'] }] })
      .on(DescribeImagesCommand, { imageIds: [{ imageDigest: DIGEST }] })
      .resolves({ imageDetails: [{ imageDigest: DIGEST }] })
      .on(DescribeImagesCommand, { imageIds: [{ imageTag: 'v2' }] })
      .rejects(new ImageNotFoundException({ message: 'not found', ...meta }));
    expect((await findImage(ecr, { name: 'web' }, 'v1'))?.imageDigest).toBe(DIGEST);
    expect((await findImage(ecr, { name: 'web' }, DIGEST))?.imageDigest).toBe(DIGEST);
    expect(await findImage(ecr, { name: 'web' }, 'v2')).toBeUndefined();
  });
});

describe('promoteImage', () => {
  const source = {
    images: [
      {
        imageId: { imageDigest: DIGEST, imageTag: 'abc123' },
        imageManifest: MANIFEST,
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      },
    ],
  };

  it('puts the same manifest bytes and media type under every new tag', async () => {
    ecrMock.on(BatchGetImageCommand).resolves(source);
    ecrMock.on(PutImageCommand).callsFake((input: { imageTag: string }) => ({
      image: { imageId: { imageDigest: DIGEST, imageTag: input.imageTag } },
    }));
    const got = await promoteImage(
      ecr,
      { name: 'web' },
      { from: 'abc123', tags: ['prod', 'v1'], log: new MemoryLogger() },
    );
    expect(got).toEqual({ digest: DIGEST, added: ['prod', 'v1'], unchanged: [] });
    const get = ecrMock.commandCalls(BatchGetImageCommand)[0]!.args[0].input;
    expect(get.imageIds).toEqual([{ imageTag: 'abc123' }]);
    expect(get.acceptedMediaTypes).toContain('application/vnd.oci.image.index.v1+json');
    expect(ecrMock.commandCalls(PutImageCommand).map((c) => c.args[0].input)).toEqual(
      ['prod', 'v1'].map((imageTag) => ({
        repositoryName: 'web',
        registryId: undefined,
        imageManifest: MANIFEST,
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        imageTag,
      })),
    );
  });

  it('treats a tag that already names the image as done', async () => {
    ecrMock.on(BatchGetImageCommand).resolves(source);
    ecrMock.on(PutImageCommand).rejects(new ImageAlreadyExistsException({ message: 'exists', ...meta }));
    const got = await promoteImage(
      ecr,
      { name: 'web' },
      { from: DIGEST, tags: ['prod'], log: new MemoryLogger() },
    );
    expect(got).toEqual({ digest: DIGEST, added: [], unchanged: ['prod'] });
    expect(ecrMock.commandCalls(BatchGetImageCommand)[0]!.args[0].input.imageIds).toEqual([
      { imageDigest: DIGEST },
    ]);
  });

  it('names the tag when an immutable repository has it on another image', async () => {
    ecrMock.on(BatchGetImageCommand).resolves(source);
    ecrMock
      .on(PutImageCommand)
      .rejects(new ImageTagAlreadyExistsException({ message: 'immutable', ...meta }));
    await expect(
      promoteImage(ecr, { name: 'web' }, { from: 'abc123', tags: ['prod'], log: new MemoryLogger() }),
    ).rejects.toThrow(/tags: tag "prod" already names another image in "web"/);
  });

  it('fails on promote-from when the source is missing, without putting anything', async () => {
    ecrMock.on(BatchGetImageCommand).resolves({
      images: [],
      failures: [
        {
          imageId: { imageTag: 'nope' },
          failureCode: 'ImageNotFound',
          failureReason: 'Requested image not found',
        },
      ],
    });
    await expect(
      promoteImage(ecr, { name: 'web' }, { from: 'nope', tags: ['prod'], log: new MemoryLogger() }),
    ).rejects.toThrow(
      /promote-from: no image "nope" in ECR repository "web" \(ImageNotFound: Requested image not found\)/,
    );
    expect(ecrMock.commandCalls(PutImageCommand)).toHaveLength(0);
  });

  it('refuses a PutImage answer with a different digest', async () => {
    ecrMock.on(BatchGetImageCommand).resolves(source);
    ecrMock.on(PutImageCommand).resolves({ image: { imageId: { imageDigest: `sha256:${'b'.repeat(64)}` } } });
    await expect(
      promoteImage(ecr, { name: 'web' }, { from: 'abc123', tags: ['prod'], log: new MemoryLogger() }),
    ).rejects.toThrow(/manifest was altered/);
  });
});
