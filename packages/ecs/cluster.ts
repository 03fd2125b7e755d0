import { UserError } from '../inputs/index.js';

/** An ECS error to throw: ClusterNotFoundException becomes a UserError naming the `cluster` input. */
export function clusterError(err: unknown, cluster: string, region: string): unknown {
  if (err instanceof Error && err.name === 'ClusterNotFoundException') {
    return new UserError(
      'cluster',
      `there is no ECS cluster "${cluster}" in ${region}`,
      'check the cluster name and aws-region',
    );
  }
  return err;
}
