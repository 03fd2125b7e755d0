/**
 * The simulator's ECR (JSON 1.1, `AmazonEC2ContainerRegistry_V20150921.*`). Repository metadata lives in
 * memory. Images live either in memory or, when `options.registry` is set, in a real OCI registry on
 * loopback reached through its v2 API, so that builds, pushes and re-tags are checked against real manifests.
 * A registry has no repository list and no metadata, so repositories (mutability, scan settings, creation
 * time) are kept here and their images are the registry's repo of the same name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { MANIFEST_MEDIA_TYPES } from '../ecr/reference.js';
import { SimAwsError, type EcrSeed, type EcrServiceOptions, type JsonService } from './service.js';

const REPOSITORY_NAME = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** ECR authorization tokens last 12 hours. */
const TOKEN_LIFETIME_S = 12 * 3600;

interface Repository {
  repositoryName: string;
  imageTagMutability: 'MUTABLE' | 'IMMUTABLE';
  scanOnPush: boolean;
  createdAt: number;
}

interface ImageId {
  imageTag?: string;
  imageDigest?: string;
}

/** A manifest as stored: its exact bytes (the digest is over them) and its media type. */
interface StoredManifest {
  digest: string;
  mediaType: string;
  body: string;
}

/** Where images are kept: in memory, or in a real registry. */
interface ImageStore {
  /** Tag → digest for every tag in the repository. */
  tags(repo: string): Promise<Map<string, string>>;
  /** The manifest a tag or digest names, if any. */
  manifest(repo: string, reference: string): Promise<StoredManifest | undefined>;
  /** Store a manifest under a tag (the manifest's blobs must already be in the repository). */
  put(repo: string, tag: string, body: string, mediaType: string): Promise<string>;
  /** Delete a manifest by digest (with every tag naming it). */
  remove(repo: string, digest: string): Promise<void>;
  /** Remove one tag, keeping the manifest; false where the store cannot (a registry deletes manifests only). */
  untag(repo: string, tag: string): Promise<boolean>;
}

export function createEcrService(options: EcrServiceOptions): JsonService & { seed(seed: EcrSeed): void } {
  const { accountId, region } = options;
  const repositories = new Map<string, Repository>();
  /** When a digest was first seen (the registry does not say when a manifest was pushed). */
  const firstSeen = new Map<string, number>();
  const store = options.registry ? registryStore(options.registry) : memoryStore();
  const registryHost = `${accountId}.dkr.ecr.${region}.amazonaws.com`;

  const seconds = (ms: number) => ms / 1000;
  const seen = (digest: string) => {
    if (!firstSeen.has(digest)) firstSeen.set(digest, options.now());
    return firstSeen.get(digest)!;
  };

  function describeRepository(repo: Repository) {
    return {
      repositoryArn: `arn:aws:ecr:${region}:${accountId}:repository/${repo.repositoryName}`,
      registryId: accountId,
      repositoryName: repo.repositoryName,
      repositoryUri: `${registryHost}/${repo.repositoryName}`,
      createdAt: seconds(repo.createdAt),
      imageTagMutability: repo.imageTagMutability,
      imageScanningConfiguration: { scanOnPush: repo.scanOnPush },
      encryptionConfiguration: { encryptionType: 'AES256' },
    };
  }

  function repository(input: { repositoryName?: string; registryId?: string }): Repository {
    const name = String(input.repositoryName ?? '');
    const registryId = input.registryId ?? accountId;
    const repo = registryId === accountId ? repositories.get(name) : undefined;
    if (!repo) {
      throw new SimAwsError(
        'RepositoryNotFoundException',
        `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
      );
    }
    return repo;
  }

  function imageNotFound(repo: Repository, id: ImageId): SimAwsError {
    return new SimAwsError(
      'ImageNotFoundException',
      `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} ` +
        `does not exist within the repository with name '${repo.repositoryName}' in the registry with id '${accountId}'`,
    );
  }

  /** Resolve an imageId to a manifest; undefined when missing or when tag and digest disagree. */
  async function resolve(repo: Repository, id: ImageId): Promise<StoredManifest | undefined> {
    const reference = id.imageDigest ?? id.imageTag;
    if (!reference) {
      throw new SimAwsError(
        'InvalidParameterException',
        'Invalid parameter: imageId must have a tag or digest',
      );
    }
    const found = await store.manifest(repo.repositoryName, reference);
    if (!found) return undefined;
    if (id.imageTag && id.imageDigest) {
      const tags = await store.tags(repo.repositoryName);
      if (tags.get(id.imageTag) !== found.digest) return undefined;
    }
    return found;
  }

  /** Digest → its tags, for every tagged image in the repository. */
  async function imagesByDigest(repo: Repository): Promise<Map<string, string[]>> {
    const byDigest = new Map<string, string[]>();
    for (const [tag, digest] of await store.tags(repo.repositoryName)) {
      byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag]);
    }
    return byDigest;
  }

  function imageDetail(repo: Repository, manifest: StoredManifest, tags: string[]) {
    return {
      registryId: accountId,
      repositoryName: repo.repositoryName,
      imageDigest: manifest.digest,
      imageTags: tags.length ? [...tags].sort() : undefined,
      imageSizeInBytes: manifestSize(manifest.body),
      imagePushedAt: seconds(seen(manifest.digest)),
      imageManifestMediaType: manifest.mediaType,
      artifactMediaType: configMediaType(manifest.body),
    };
  }

  function page<T>(items: T[], input: { maxResults?: number; nextToken?: string }) {
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const size = input.maxResults ?? 100;
    const slice = items.slice(start, start + size);
    const next = start + size < items.length ? String(start + size) : undefined;
    return { slice, nextToken: next };
  }

  const operations: JsonService['operations'] = {
    GetAuthorizationToken: () => {
      const { username, password } = options.registry ?? {
        username: 'AWS',
        password: randomBytes(24).toString('base64url'),
      };
      return {
        authorizationData: [
          {
            authorizationToken: Buffer.from(`${username}:${password}`).toString('base64'),
            expiresAt: seconds(options.now()) + TOKEN_LIFETIME_S,
            proxyEndpoint: options.registry?.url.replace(/\/+$/, '') ?? `https://${registryHost}`,
          },
        ],
      };
    },

    CreateRepository: (input: {
      repositoryName?: string;
      imageTagMutability?: string;
      imageScanningConfiguration?: { scanOnPush?: boolean };
    }) => {
      const name = String(input.repositoryName ?? '');
      if (!REPOSITORY_NAME.test(name)) {
        throw new SimAwsError(
          'InvalidParameterException',
          `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${REPOSITORY_NAME.source}''`,
        );
      }
      if (repositories.has(name)) {
        throw new SimAwsError(
          'RepositoryAlreadyExistsException',
          `The repository with name '${name}' already exists in the registry with id '${accountId}'`,
        );
      }
      const mutability = input.imageTagMutability ?? 'MUTABLE';
      if (mutability !== 'MUTABLE' && mutability !== 'IMMUTABLE') {
        throw new SimAwsError(
          'InvalidParameterException',
          `Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'`,
        );
      }
      const repo: Repository = {
        repositoryName: name,
        imageTagMutability: mutability,
        scanOnPush: input.imageScanningConfiguration?.scanOnPush ?? false,
        createdAt: options.now(),
      };
      repositories.set(name, repo);
      return { repository: describeRepository(repo) };
    },

    DescribeRepositories: (input: {
      repositoryNames?: string[];
      registryId?: string;
      maxResults?: number;
      nextToken?: string;
    }) => {
      const chosen = input.repositoryNames?.length
        ? input.repositoryNames.map((repositoryName) =>
            repository({ repositoryName, registryId: input.registryId }),
          )
        : [...repositories.values()];
      const { slice, nextToken } = page(chosen, input);
      return { repositories: slice.map(describeRepository), nextToken };
    },

    DescribeImages: async (input: {
      repositoryName?: string;
      registryId?: string;
      imageIds?: ImageId[];
      maxResults?: number;
      nextToken?: string;
    }) => {
      const repo = repository(input);
      const byDigest = await imagesByDigest(repo);
      const details = [];
      if (input.imageIds?.length) {
        for (const id of input.imageIds) {
          const found = await resolve(repo, id);
          if (!found) throw imageNotFound(repo, id);
          details.push(imageDetail(repo, found, byDigest.get(found.digest) ?? []));
        }
      } else {
        for (const [digest, tags] of byDigest) {
          const found = await store.manifest(repo.repositoryName, digest);
          if (found) details.push(imageDetail(repo, found, tags));
        }
      }
      const { slice, nextToken } = page(details, input);
      return { imageDetails: slice, nextToken };
    },

    ListImages: async (input: {
      repositoryName?: string;
      registryId?: string;
      maxResults?: number;
      nextToken?: string;
    }) => {
      const repo = repository(input);
      const ids = [...(await store.tags(repo.repositoryName))].map(([imageTag, imageDigest]) => ({
        imageDigest,
        imageTag,
      }));
      const { slice, nextToken } = page(ids, input);
      return { imageIds: slice, nextToken };
    },

    BatchGetImage: async (input: {
      repositoryName?: string;
      registryId?: string;
      imageIds?: ImageId[];
      acceptedMediaTypes?: string[];
    }) => {
      const repo = repository(input);
      const images = [];
      const failures = [];
      for (const id of input.imageIds ?? []) {
        const found = await resolve(repo, id);
        if (!found) {
          failures.push({
            imageId: id,
            failureCode: 'ImageNotFound',
            failureReason: 'Requested image not found',
          });
        } else if (input.acceptedMediaTypes?.length && !input.acceptedMediaTypes.includes(found.mediaType)) {
          failures.push({
            imageId: id,
            failureCode: 'UnsupportedImageType',
            failureReason: `Image manifest media type ${found.mediaType} is not accepted`,
          });
        } else {
          images.push({
            registryId: accountId,
            repositoryName: repo.repositoryName,
            imageId: { imageDigest: found.digest, imageTag: id.imageTag },
            imageManifest: found.body,
            imageManifestMediaType: found.mediaType,
          });
        }
      }
      return { images, failures };
    },

    PutImage: async (input: {
      repositoryName?: string;
      registryId?: string;
      imageManifest?: string;
      imageManifestMediaType?: string;
      imageTag?: string;
      imageDigest?: string;
    }) => {
      const repo = repository(input);
      const body = input.imageManifest ?? '';
      const digest = sha256(body);
      if (input.imageDigest && input.imageDigest !== digest) {
        throw new SimAwsError(
          'ImageDigestDoesNotMatchException',
          `The specified digest '${input.imageDigest}' does not match the computed digest '${digest}'`,
        );
      }
      const mediaType = input.imageManifestMediaType ?? declaredMediaType(body);
      if (!mediaType || !MANIFEST_MEDIA_TYPES.includes(mediaType)) {
        throw new SimAwsError(
          'InvalidParameterException',
          'Invalid parameter: imageManifestMediaType is unsupported',
        );
      }
      const tag = input.imageTag;
      if (!tag || !TAG.test(tag)) {
        throw new SimAwsError(
          'InvalidParameterException',
          `Invalid parameter at 'imageTag' failed to satisfy constraint`,
        );
      }
      const current = (await store.tags(repo.repositoryName)).get(tag);
      if (current === digest) {
        throw new SimAwsError(
          'ImageAlreadyExistsException',
          `Image with digest '${digest}' and tag '${tag}' already exists in the repository with name ` +
            `'${repo.repositoryName}' in registry with id '${accountId}'`,
        );
      }
      if (current && repo.imageTagMutability === 'IMMUTABLE') {
        throw new SimAwsError(
          'ImageTagAlreadyExistsException',
          `The image tag '${tag}' already exists in the '${repo.repositoryName}' repository and cannot be ` +
            'overwritten because the repository is immutable.',
        );
      }
      await store.put(repo.repositoryName, tag, body, mediaType);
      seen(digest);
      return {
        image: {
          registryId: accountId,
          repositoryName: repo.repositoryName,
          imageId: { imageDigest: digest, imageTag: tag },
          imageManifest: body,
          imageManifestMediaType: mediaType,
        },
      };
    },

    BatchDeleteImage: async (input: {
      repositoryName?: string;
      registryId?: string;
      imageIds?: ImageId[];
    }) => {
      const repo = repository(input);
      const imageIds = [];
      const failures = [];
      for (const id of input.imageIds ?? []) {
        const found = await resolve(repo, id);
        if (!found) {
          failures.push({
            imageId: id,
            failureCode: 'ImageNotFound',
            failureReason: 'Requested image not found',
          });
          continue;
        }
        const tags = (await imagesByDigest(repo)).get(found.digest) ?? [];
        if (id.imageTag && !id.imageDigest && tags.length > 1) {
          if (await store.untag(repo.repositoryName, id.imageTag)) {
            imageIds.push({ imageDigest: found.digest, imageTag: id.imageTag });
            continue;
          }
          throw new SimAwsError(
            'UnsupportedOperationException',
            `The simulator's registry cannot remove tag '${id.imageTag}' alone: digest ${found.digest} has other tags`,
          );
        }
        await store.remove(repo.repositoryName, found.digest);
        for (const tag of tags) imageIds.push({ imageDigest: found.digest, imageTag: tag });
        if (!tags.length) imageIds.push({ imageDigest: found.digest });
      }
      return { imageIds, failures };
    },
  };

  return {
    targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
    jsonVersion: '1.1',
    operations,
    seed(seed: EcrSeed) {
      for (const r of seed.repositories ?? []) {
        repositories.set(r.name, {
          repositoryName: r.name,
          imageTagMutability: r.imageTagMutability ?? 'MUTABLE',
          scanOnPush: false,
          createdAt: options.now(),
        });
      }
    },
  };
}

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

function parseManifest(body: string): {
  mediaType?: string;
  config?: { size?: number; mediaType?: string };
  layers?: { size?: number }[];
  manifests?: { size?: number }[];
} {
  try {
    return JSON.parse(body) as ReturnType<typeof parseManifest>;
  } catch {
    throw new SimAwsError('InvalidParameterException', 'Invalid parameter: imageManifest is not valid JSON');
  }
}

function declaredMediaType(body: string): string | undefined {
  return parseManifest(body).mediaType;
}

function configMediaType(body: string): string | undefined {
  return parseManifest(body).config?.mediaType;
}

/** What ECR reports as the image size: config plus layers; for an index, the largest entry it lists. */
function manifestSize(body: string): number {
  const m = parseManifest(body);
  if (m.manifests) return Math.max(0, ...m.manifests.map((x) => x.size ?? 0));
  return (m.config?.size ?? 0) + (m.layers ?? []).reduce((n, x) => n + (x.size ?? 0), 0);
}

/** In-memory images: manifests by digest and tags per repository. */
function memoryStore(): ImageStore {
  const manifests = new Map<string, Map<string, StoredManifest>>();
  const tagsByRepo = new Map<string, Map<string, string>>();
  const of = <V>(m: Map<string, Map<string, V>>, repo: string) => {
    if (!m.has(repo)) m.set(repo, new Map());
    return m.get(repo)!;
  };
  return {
    tags: async (repo) => new Map(of(tagsByRepo, repo)),
    manifest: async (repo, reference) => {
      const digest = DIGEST.test(reference) ? reference : of(tagsByRepo, repo).get(reference);
      return digest ? of(manifests, repo).get(digest) : undefined;
    },
    put: async (repo, tag, body, mediaType) => {
      const digest = sha256(body);
      of(manifests, repo).set(digest, { digest, mediaType, body });
      of(tagsByRepo, repo).set(tag, digest);
      return digest;
    },
    remove: async (repo, digest) => {
      of(manifests, repo).delete(digest);
      const tags = of(tagsByRepo, repo);
      for (const [tag, d] of tags) if (d === digest) tags.delete(tag);
    },
    untag: async (repo, tag) => of(tagsByRepo, repo).delete(tag),
  };
}

/** Images in a real registry, through the distribution v2 API with basic auth. */
function registryStore(registry: NonNullable<EcrServiceOptions['registry']>): ImageStore {
  const base = registry.url.replace(/\/+$/, '');
  const auth = `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`;
  const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: string) => {
    const res = await fetch(`${base}/v2/${path}`, {
      method,
      headers: { authorization: auth, ...headers },
      body,
    });
    return res;
  };
  const fail = async (what: string, res: Response) =>
    new SimAwsError(
      'ServerException',
      `registry ${what} answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
      500,
    );

  const manifest = async (repo: string, reference: string): Promise<StoredManifest | undefined> => {
    const res = await call('GET', `${repo}/manifests/${reference}`, {
      accept: MANIFEST_MEDIA_TYPES.join(', '),
    });
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) throw await fail(`GET manifest ${repo}:${reference}`, res);
    const body = await res.text();
    const digest = res.headers.get('docker-content-digest') ?? sha256(body);
    const mediaType = res.headers.get('content-type')?.split(';')[0]?.trim() || declaredMediaType(body) || '';
    return { digest, mediaType, body };
  };

  return {
    tags: async (repo) => {
      const res = await call('GET', `${repo}/tags/list`);
      if (res.status === 404) {
        await res.body?.cancel();
        return new Map();
      }
      if (!res.ok) throw await fail(`tags/list of ${repo}`, res);
      const names = ((await res.json()) as { tags?: string[] | null }).tags ?? [];
      const pairs = await Promise.all(
        names.map(async (tag) => {
          const head = await call('HEAD', `${repo}/manifests/${tag}`, {
            accept: MANIFEST_MEDIA_TYPES.join(', '),
          });
          return [tag, head.ok ? head.headers.get('docker-content-digest') : null] as const;
        }),
      );
      return new Map(pairs.filter((p): p is readonly [string, string] => !!p[1]));
    },
    manifest,
    put: async (repo, tag, body, mediaType) => {
      const res = await call('PUT', `${repo}/manifests/${tag}`, { 'content-type': mediaType }, body);
      if (!res.ok) throw await fail(`PUT manifest ${repo}:${tag}`, res);
      await res.body?.cancel();
      return res.headers.get('docker-content-digest') ?? sha256(body);
    },
    remove: async (repo, digest) => {
      const res = await call('DELETE', `${repo}/manifests/${digest}`);
      if (!res.ok && res.status !== 404) throw await fail(`DELETE manifest ${repo}@${digest}`, res);
      await res.body?.cancel();
    },
    untag: async () => false,
  };
}
