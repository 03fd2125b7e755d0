import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  PutImageCommand,
  type ECRClient,
  type ImageDetail,
} from '@aws-sdk/client-ecr';
import { UserError } from '../inputs/index.js';
import type { Logger } from '../runtime/index.js';
import { MANIFEST_MEDIA_TYPES, imageId, type RepositoryRef } from './reference.js';

/** The image a tag or digest names, or undefined when the repository has no such image. */
export async function findImage(
  ecr: ECRClient,
  repo: RepositoryRef,
  reference: string,
): Promise<ImageDetail | undefined> {
  try {
    const out = await ecr.send(
      new DescribeImagesCommand({
        repositoryName: repo.name,
        registryId: repo.registryId,
        imageIds: [imageId(reference)],
      }),
    );
    return out.imageDetails?.[0];
  } catch (err) {
    if ((err as Error).name === 'ImageNotFoundException') return undefined;
    throw err;
  }
}

export interface PromoteResult {
  digest: string;
  /** Tags that now point at the image and did not before. */
  added: string[];
  /** Tags that already pointed at it. */
  unchanged: string[];
}

/**
 * Give an existing image more tags without pulling or pushing layers: read its manifest with BatchGetImage
 * and PutImage the same bytes and media type under each tag (ECR stores nothing new but the tag).
 */
export async function promoteImage(
  ecr: ECRClient,
  repo: RepositoryRef,
  opts: { from: string; tags: string[]; log: Logger; input?: string },
): Promise<PromoteResult> {
  const input = opts.input ?? 'promote-from';
  const out = await ecr.send(
    new BatchGetImageCommand({
      repositoryName: repo.name,
      registryId: repo.registryId,
      imageIds: [imageId(opts.from)],
      acceptedMediaTypes: MANIFEST_MEDIA_TYPES,
    }),
  );
  const image = out.images?.[0];
  if (!image?.imageManifest || !image.imageId?.imageDigest) {
    const failure = out.failures?.[0];
    throw new UserError(
      input,
      `no image "${opts.from}" in ECR repository "${repo.name}"` +
        (failure ? ` (${failure.failureCode}: ${failure.failureReason})` : ''),
      'name a tag or sha256: digest that was pushed to this repository',
    );
  }
  const digest = image.imageId.imageDigest;
  const result: PromoteResult = { digest, added: [], unchanged: [] };
  for (const tag of opts.tags) {
    try {
      const put = await ecr.send(
        new PutImageCommand({
          repositoryName: repo.name,
          registryId: repo.registryId,
          imageManifest: image.imageManifest,
          imageManifestMediaType: image.imageManifestMediaType,
          imageTag: tag,
        }),
      );
      const got = put.image?.imageId?.imageDigest;
      if (got && got !== digest) {
        throw new Error(
          `PutImage stored ${repo.name}:${tag} as ${got}, not ${digest}: the manifest was altered`,
        );
      }
      result.added.push(tag);
      opts.log.info(`Tagged ${repo.name}@${digest} as ${tag}`);
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'ImageAlreadyExistsException') {
        result.unchanged.push(tag);
      } else if (name === 'ImageTagAlreadyExistsException') {
        throw new UserError(
          'tags',
          `tag "${tag}" already names another image in "${repo.name}", whose tags are immutable`,
          'choose a tag that is not in use (e.g. one containing {sha})',
        );
      } else {
        throw err;
      }
    }
  }
  return result;
}
