import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  type ECRClient,
  type Repository,
} from '@aws-sdk/client-ecr';
import { UserError } from '../inputs/index.js';
import type { Logger } from '../runtime/index.js';
import type { RepositoryRef } from './reference.js';

/** Repository settings used when the action creates a missing repository. */
export const CREATED_REPOSITORY_SETTINGS = {
  imageTagMutability: 'IMMUTABLE',
  imageScanningConfiguration: { scanOnPush: true },
} as const;

/**
 * Describe the repository; when it is missing, create it (immutable tags, scan on push) if allowed, else
 * fail naming the repository and the flag that would create it.
 */
export async function ensureRepository(
  ecr: ECRClient,
  ref: RepositoryRef,
  opts: { create: boolean; log: Logger },
): Promise<{ repository: Repository; created: boolean }> {
  try {
    const out = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: [ref.name], registryId: ref.registryId }),
    );
    const repository = out.repositories?.[0];
    if (repository) return { repository, created: false };
  } catch (err) {
    if ((err as Error).name !== 'RepositoryNotFoundException') throw err;
  }
  const where = ref.registryId ? ` in registry ${ref.registryId}` : '';
  if (!opts.create) {
    throw new UserError(
      'repository',
      `ECR repository "${ref.name}" does not exist${where}`,
      'create it (e.g. with your infrastructure code), or set `create-repository: true` to let this action ' +
        'create it with immutable tags and scan on push',
    );
  }
  const out = await ecr.send(
    new CreateRepositoryCommand({
      repositoryName: ref.name,
      registryId: ref.registryId,
      ...CREATED_REPOSITORY_SETTINGS,
    }),
  );
  opts.log.info(`Created ECR repository ${ref.name}${where} (immutable tags, scan on push)`);
  return { repository: out.repository!, created: true };
}
