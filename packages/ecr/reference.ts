/** The `repository` input: which ECR repository, in which account and region. No SDK here: entries load it eagerly. */
import type { ImageIdentifier } from '@aws-sdk/client-ecr';
import { UserError } from '../inputs/index.js';

/** An ECR repository as the user named it: a bare name, or a full repository URI. */
export interface RepositoryRef {
  name: string;
  /** The account (registry id) when given by a URI or `registry-id`; else the caller's own account. */
  registryId?: string;
  /** The region a URI names; a bare name leaves it to `aws-region`. */
  region?: string;
}

const NAME = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const URI = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?\/(.+)$/;

/**
 * Parse the `repository` input: `my-app`, `team/my-app`, or `123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-app`
 * (a tag or digest after the name is a mistake here: tags have their own input).
 */
export function parseRepository(text: string, registryId?: string): RepositoryRef {
  const value = text.trim().replace(/^[a-z]+:\/\//, '');
  const uri = URI.exec(value);
  const name = uri ? uri[3]! : value;
  if (/[:@]/.test(name)) {
    throw new UserError(
      'repository',
      `"${text}" includes a tag or digest`,
      'give the repository alone and put tags in `tags:` (or `promote-from:` for an existing image)',
    );
  }
  if (!NAME.test(name)) {
    throw new UserError(
      'repository',
      `"${text}" is not an ECR repository name or URI`,
      'use lowercase letters, digits and . _ - / (e.g. my-app or team/my-app), or a URI like ' +
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-app',
    );
  }
  if (uri && registryId && registryId !== uri[1]) {
    throw new UserError(
      'registry-id',
      `${registryId} differs from the account ${uri[1]} in the repository URI`,
      'drop `registry-id:` or make it match the URI',
    );
  }
  if (registryId !== undefined && !/^\d{12}$/.test(registryId)) {
    throw new UserError(
      'registry-id',
      `"${registryId}" is not a 12-digit AWS account id`,
      'write it like 123456789012',
    );
  }
  return { name, registryId: uri?.[1] ?? registryId, region: uri?.[2] };
}

/** Every manifest type an image may have in ECR: single-platform manifests and multi-platform indexes. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** A tag or a `sha256:` digest, as ECR's ImageIdentifier. */
export function imageId(reference: string): ImageIdentifier {
  return DIGEST.test(reference) ? { imageDigest: reference } : { imageTag: reference };
}
