/**
 * The simulator's ECR service (packages/simulator/ecr.ts), called as functions: repositories and images in
 * memory, and images in a real loopback registry (scripts/ci/docker.sh) written through its v2 API, so that
 * digests, media types and re-tags are checked against what a real registry stores.
 */
import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createEcrService } from '../../simulator/ecr.js';
import { SimAwsError } from '../../simulator/service.js';
import { registryManifest, startDocker, type DockerEnv } from '../../../test/setup/docker.js';

const ACCOUNT = '123456789012';
const now = () => Date.parse('2026-03-01T12:00:00Z');
const unique = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;
const sha256 = (data: string | Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/**
 * Call an operation the way the server does, turning a thrown SimAwsError into `{ error }`. The answer is
 * wire JSON, read field by field in the assertions.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(service: ReturnType<typeof createEcrService>, op: string, input: unknown): Promise<any> {
  const handler = service.operations[op];
  if (!handler) throw new Error(`no operation ${op}`);
  try {
    return await handler(input);
  } catch (err) {
    if (err instanceof SimAwsError) return { error: { code: err.code, message: err.message } };
    throw err;
  }
}

describe('simulated ECR without a registry', () => {
  const ecr = createEcrService({ accountId: ACCOUNT, region: 'eu-west-1', now });

  it('creates, describes and refuses duplicate repositories in the shapes ECR uses', async () => {
    const created = await call(ecr, 'CreateRepository', {
      repositoryName: 'team/web',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    });
    expect(created.repository).toMatchObject({
      repositoryName: 'team/web',
      registryId: ACCOUNT,
      repositoryUri: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/team/web`,
      repositoryArn: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/team/web`,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      createdAt: now() / 1000,
    });
    expect((await call(ecr, 'CreateRepository', { repositoryName: 'team/web' })).error).toEqual({
      code: 'RepositoryAlreadyExistsException',
      message: `The repository with name 'team/web' already exists in the registry with id '${ACCOUNT}'`,
    });
    expect((await call(ecr, 'DescribeRepositories', { repositoryNames: ['nope'] })).error).toEqual({
      code: 'RepositoryNotFoundException',
      message: `The repository with name 'nope' does not exist in the registry with id '${ACCOUNT}'`,
    });
    expect((await call(ecr, 'CreateRepository', { repositoryName: 'Bad Name' })).error.code).toBe(
      'InvalidParameterException',
    );
    const listed = await call(ecr, 'DescribeRepositories', {});
    expect(listed.repositories.map((r: { repositoryName: string }) => r.repositoryName)).toEqual([
      'team/web',
    ]);
  });

  it('hands out an AWS:<password> token for the ECR host', async () => {
    const out = await call(ecr, 'GetAuthorizationToken', {});
    const data = out.authorizationData[0];
    expect(Buffer.from(data.authorizationToken, 'base64').toString()).toMatch(/^AWS:.{16,}$/);
    expect(data.proxyEndpoint).toBe(`https://${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`);
    expect(data.expiresAt).toBe(now() / 1000 + 12 * 3600);
  });

  it('keeps images in memory: put, describe, re-tag, list and delete', async () => {
    ecr.seed({ repositories: [{ name: 'mem' }] });
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', size: 5, digest: sha256('x') },
      layers: [{ size: 100 }, { size: 20 }],
    });
    const put = await call(ecr, 'PutImage', {
      repositoryName: 'mem',
      imageManifest: manifest,
      imageTag: 'v1',
    });
    expect(put.image.imageId).toEqual({ imageDigest: sha256(manifest), imageTag: 'v1' });
    expect(put.image.imageManifestMediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    await call(ecr, 'PutImage', { repositoryName: 'mem', imageManifest: manifest, imageTag: 'prod' });
    const described = await call(ecr, 'DescribeImages', {
      repositoryName: 'mem',
      imageIds: [{ imageTag: 'prod' }],
    });
    expect(described.imageDetails).toEqual([
      {
        registryId: ACCOUNT,
        repositoryName: 'mem',
        imageDigest: sha256(manifest),
        imageTags: ['prod', 'v1'],
        imageSizeInBytes: 125,
        imagePushedAt: now() / 1000,
        imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactMediaType: 'application/vnd.oci.image.config.v1+json',
      },
    ]);
    const deleted = await call(ecr, 'BatchDeleteImage', {
      repositoryName: 'mem',
      imageIds: [{ imageTag: 'v1' }],
    });
    expect(deleted).toEqual({ imageIds: [{ imageDigest: sha256(manifest), imageTag: 'v1' }], failures: [] });
    expect((await call(ecr, 'ListImages', { repositoryName: 'mem' })).imageIds).toEqual([
      { imageDigest: sha256(manifest), imageTag: 'prod' },
    ]);
    const wrongDigest = await call(ecr, 'PutImage', {
      repositoryName: 'mem',
      imageManifest: manifest,
      imageTag: 'x',
      imageDigest: sha256('other'),
    });
    expect(wrongDigest.error.code).toBe('ImageDigestDoesNotMatchException');
  });
});

/** Upload a blob to the registry through the v2 API (monolithic POST + PUT). */
async function uploadBlob(docker: DockerEnv, repo: string, data: Buffer): Promise<string> {
  const auth = `Basic ${Buffer.from(`${docker.registry.username}:${docker.registry.password}`).toString('base64')}`;
  const start = await fetch(`${docker.registry.url}/v2/${repo}/blobs/uploads/`, {
    method: 'POST',
    headers: { authorization: auth },
  });
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get('location')!, docker.registry.url);
  const digest = sha256(data);
  location.searchParams.set('digest', digest);
  const done = await fetch(location, {
    method: 'PUT',
    headers: { authorization: auth, 'content-type': 'application/octet-stream' },
    body: data,
  });
  expect(done.status).toBe(201);
  return digest;
}

/** A real single-layer image in the registry; returns its manifest text as pushed. */
async function pushImage(docker: DockerEnv, repo: string, tag: string, mediaType: string, content: string) {
  const layer = Buffer.from(content);
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers' } }),
  );
  const oci = mediaType.includes('oci');
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: oci
        ? 'application/vnd.oci.image.config.v1+json'
        : 'application/vnd.docker.container.image.v1+json',
      size: config.length,
      digest: await uploadBlob(docker, repo, config),
    },
    layers: [
      {
        mediaType: oci
          ? 'application/vnd.oci.image.layer.v1.tar'
          : 'application/vnd.docker.image.rootfs.diff.tar',
        size: layer.length,
        digest: await uploadBlob(docker, repo, layer),
      },
    ],
  });
  const res = await fetch(`${docker.registry.url}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: {
      authorization: `Basic ${Buffer.from(`${docker.registry.username}:${docker.registry.password}`).toString('base64')}`,
      'content-type': mediaType,
    },
    body: manifest,
  });
  expect(res.status).toBe(201);
  return { manifest, size: layer.length + config.length };
}

describe('simulated ECR in front of a real registry', () => {
  let docker: DockerEnv;
  let ecr: ReturnType<typeof createEcrService>;
  beforeAll(async () => {
    docker = await startDocker();
    ecr = createEcrService({
      accountId: ACCOUNT,
      region: 'us-east-1',
      now,
      registry: {
        url: docker.registry.url,
        username: docker.registry.username,
        password: docker.registry.password,
      },
    });
  }, 600_000);

  it('gives the registry’s credentials and URL as the token and proxy endpoint', async () => {
    const data = (await call(ecr, 'GetAuthorizationToken', {})).authorizationData[0];
    expect(Buffer.from(data.authorizationToken, 'base64').toString()).toBe(`AWS:${docker.registry.password}`);
    expect(data.proxyEndpoint).toBe(docker.registry.url);
  });

  it.each([
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
  ])('describes, reads and re-tags a %s image as the registry stores it', async (mediaType) => {
    const repo = unique('app');
    ecr.seed({ repositories: [{ name: repo, imageTagMutability: 'IMMUTABLE' }] });
    const { manifest, size } = await pushImage(docker, repo, 'v1', mediaType, `layer of ${repo}`);
    const pushed = await registryManifest(docker, repo, 'v1');
    expect(pushed.digest).toBe(sha256(manifest));

    const described = await call(ecr, 'DescribeImages', {
      repositoryName: repo,
      imageIds: [{ imageTag: 'v1' }],
    });
    expect(described.imageDetails[0]).toMatchObject({
      imageDigest: pushed.digest,
      imageTags: ['v1'],
      imageSizeInBytes: size,
      imageManifestMediaType: mediaType,
    });
    const got = await call(ecr, 'BatchGetImage', { repositoryName: repo, imageIds: [{ imageTag: 'v1' }] });
    expect(got.images[0].imageManifest).toBe(manifest);
    expect(got.images[0].imageManifestMediaType).toBe(mediaType);

    const put = await call(ecr, 'PutImage', {
      repositoryName: repo,
      imageTag: 'prod',
      imageManifest: got.images[0].imageManifest,
      imageManifestMediaType: got.images[0].imageManifestMediaType,
    });
    expect(put.image.imageId).toEqual({ imageDigest: pushed.digest, imageTag: 'prod' });
    const retagged = await registryManifest(docker, repo, 'prod');
    expect(retagged.digest).toBe(pushed.digest);
    expect(retagged.mediaType).toBe(mediaType);

    const again = await call(ecr, 'PutImage', {
      repositoryName: repo,
      imageTag: 'prod',
      imageManifest: manifest,
    });
    expect(again.error.code).toBe('ImageAlreadyExistsException');
    const listed = await call(ecr, 'ListImages', { repositoryName: repo });
    expect(listed.imageIds).toEqual(
      expect.arrayContaining([
        { imageDigest: pushed.digest, imageTag: 'v1' },
        { imageDigest: pushed.digest, imageTag: 'prod' },
      ]),
    );
  });

  it('re-tags a multi-platform image index as an index', async () => {
    const repo = unique('multi');
    ecr.seed({ repositories: [{ name: repo }] });
    const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
    const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
    const amd64 = await pushImage(docker, repo, 'amd64', OCI_MANIFEST, 'amd64 layer');
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          digest: sha256(amd64.manifest),
          size: Buffer.byteLength(amd64.manifest),
          platform: { architecture: 'amd64', os: 'linux' },
        },
      ],
    });
    const put = await call(ecr, 'PutImage', {
      repositoryName: repo,
      imageTag: 'v1',
      imageManifest: index,
      imageManifestMediaType: OCI_INDEX,
    });
    expect(put.image.imageId.imageDigest).toBe(sha256(index));
    const got = await call(ecr, 'BatchGetImage', { repositoryName: repo, imageIds: [{ imageTag: 'v1' }] });
    expect(got.images[0]).toMatchObject({ imageManifest: index, imageManifestMediaType: OCI_INDEX });
    await call(ecr, 'PutImage', {
      repositoryName: repo,
      imageTag: 'prod',
      imageManifest: got.images[0].imageManifest,
      imageManifestMediaType: got.images[0].imageManifestMediaType,
    });
    const served = await registryManifest(docker, repo, 'prod');
    expect([served.digest, served.mediaType]).toEqual([sha256(index), OCI_INDEX]);
    const described = await call(ecr, 'DescribeImages', {
      repositoryName: repo,
      imageIds: [{ imageTag: 'prod' }],
    });
    expect(described.imageDetails[0].imageSizeInBytes).toBe(Buffer.byteLength(amd64.manifest));
  });

  it('keeps tags immutable, reports missing images, and deletes by digest', async () => {
    const repo = unique('immutable');
    ecr.seed({ repositories: [{ name: repo, imageTagMutability: 'IMMUTABLE' }] });
    const first = await pushImage(docker, repo, 'v1', 'application/vnd.oci.image.manifest.v1+json', 'one');
    const second = await pushImage(docker, repo, 'v2', 'application/vnd.oci.image.manifest.v1+json', 'two');
    const overwrite = await call(ecr, 'PutImage', {
      repositoryName: repo,
      imageTag: 'v1',
      imageManifest: second.manifest,
    });
    expect(overwrite.error).toEqual({
      code: 'ImageTagAlreadyExistsException',
      message: `The image tag 'v1' already exists in the '${repo}' repository and cannot be overwritten because the repository is immutable.`,
    });
    expect((await registryManifest(docker, repo, 'v1')).digest).toBe(sha256(first.manifest));

    const missing = await call(ecr, 'DescribeImages', {
      repositoryName: repo,
      imageIds: [{ imageTag: 'v9' }],
    });
    expect(missing.error).toEqual({
      code: 'ImageNotFoundException',
      message: `The image with imageId {imageDigest:'null', imageTag:'v9'} does not exist within the repository with name '${repo}' in the registry with id '${ACCOUNT}'`,
    });
    const batch = await call(ecr, 'BatchGetImage', {
      repositoryName: repo,
      imageIds: [{ imageTag: 'v9' }, { imageTag: 'v2', imageDigest: sha256(first.manifest) }],
    });
    expect(batch.images).toEqual([]);
    expect(batch.failures.map((f: { failureCode: string }) => f.failureCode)).toEqual([
      'ImageNotFound',
      'ImageNotFound',
    ]);

    const all = await call(ecr, 'DescribeImages', { repositoryName: repo });
    expect(all.imageDetails.map((d: { imageDigest: string }) => d.imageDigest).sort()).toEqual(
      [sha256(first.manifest), sha256(second.manifest)].sort(),
    );
    const deleted = await call(ecr, 'BatchDeleteImage', {
      repositoryName: repo,
      imageIds: [{ imageDigest: sha256(second.manifest) }],
    });
    expect(deleted.imageIds).toEqual([{ imageDigest: sha256(second.manifest), imageTag: 'v2' }]);
    expect((await registryManifest(docker, repo, sha256(second.manifest))).status).toBe(404);
    expect((await call(ecr, 'ListImages', { repositoryName: repo })).imageIds).toEqual([
      { imageDigest: sha256(first.manifest), imageTag: 'v1' },
    ]);
  });

  it('answers RepositoryNotFoundException for a registry repo it has no metadata for', async () => {
    const out = await call(ecr, 'DescribeImages', { repositoryName: unique('unknown') });
    expect(out.error.code).toBe('RepositoryNotFoundException');
  });
});
