import { GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import type { Logger } from '../runtime/index.js';

export interface RegistryLogin {
  /**
   * The registry host to log in to, tag with and push to, taken from the token's `proxyEndpoint`:
   * `123456789012.dkr.ecr.eu-west-1.amazonaws.com` on AWS, `127.0.0.1:PORT` against the simulator's registry.
   * Image references are built from it rather than from `repositoryUri`, so both cases push where the token
   * is valid.
   */
  registry: string;
  username: string;
  password: string;
  expiresAt?: Date;
}

/**
 * Get a registry login from ECR. The token is base64 `AWS:<password>`; the password is masked before anything
 * else happens with it, so no later log line can show it.
 */
export async function getRegistryLogin(
  ecr: ECRClient,
  opts: { registryId?: string; log: Logger },
): Promise<RegistryLogin> {
  const out = await ecr.send(
    new GetAuthorizationTokenCommand(opts.registryId ? { registryIds: [opts.registryId] } : {}),
  );
  const data = out.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw new Error('GetAuthorizationToken returned no authorization data');
  }
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new Error('GetAuthorizationToken returned a token that is not user:password');
  const password = decoded.slice(colon + 1);
  opts.log.mask(password);
  opts.log.mask(data.authorizationToken);
  return {
    registry: registryHost(data.proxyEndpoint),
    username: decoded.slice(0, colon),
    password,
    expiresAt: data.expiresAt,
  };
}

/** `https://123.dkr.ecr.eu-west-1.amazonaws.com` → `123.dkr.ecr.eu-west-1.amazonaws.com`. */
export function registryHost(proxyEndpoint: string): string {
  return proxyEndpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
}
