/**
 * The contract between the simulator's HTTP server and the AWS services it serves over the JSON protocols
 * (X-Amz-Target dispatch). Each service module (ECS, ECR, Logs, CodeDeploy, CloudWatch…) exports one of these.
 */

/** An AWS error as the service would return it; the server renders it in the protocol's real error shape. */
export class SimAwsError extends Error {
  constructor(
    /** The error code the SDK maps to an exception class, e.g. `ServiceNotFoundException`. */
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

// Each operation declares its own input shape; the server only knows it is parsed JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Operation = (input: any) => unknown;

export interface JsonService {
  /** The X-Amz-Target prefix before the dot, e.g. `AmazonEC2ContainerRegistry_V20150921`. */
  targetPrefix: string;
  /** `1.1` or `1.0`: the Content-Type the SDK sends and expects back (`application/x-amz-json-1.1`). */
  jsonVersion: '1.0' | '1.1';
  /** Operation name (e.g. `DescribeImages`) → handler taking the parsed JSON body, returning the response body. */
  operations: Record<string, Operation>;
}

/** What a scenario may seed in ECR. */
export interface EcrSeed {
  repositories?: { name: string; imageTagMutability?: 'MUTABLE' | 'IMMUTABLE' }[];
}

export interface EcrServiceOptions {
  accountId: string;
  region: string;
  /**
   * A real OCI registry on loopback standing in for `<account>.dkr.ecr.<region>.amazonaws.com`. When set,
   * GetAuthorizationToken returns its credentials and proxyEndpoint, and DescribeImages / BatchGetImage /
   * PutImage read and write its manifests through the registry's v2 API. Without it, images live in memory.
   */
  registry?: { url: string; username: string; password: string };
  now: () => number;
}
