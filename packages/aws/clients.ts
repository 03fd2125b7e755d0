import { UserError } from '../inputs/index.js';
import { VERSION } from './version.js';

export interface AwsSettings {
  region: string;
  /** Attempts per call including the first; adaptive retry spaces them and rate-limits on throttling. */
  maxAttempts: number;
}

/** Region from the input, else AWS_REGION, else AWS_DEFAULT_REGION; otherwise a UserError naming the input. */
export function resolveRegion(input: string | undefined, env: Record<string, string | undefined>): string {
  const region = input?.trim() || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  if (!region) {
    throw new UserError(
      'aws-region',
      'no AWS region was given and neither AWS_REGION nor AWS_DEFAULT_REGION is set',
      'set `aws-region:` on the step, or run aws-actions/configure-aws-credentials before it',
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new UserError('aws-region', `"${region}" is not an AWS region name`, 'write it like eu-west-1');
  }
  return region;
}

/**
 * Configuration shared by every SDK client. Endpoints are not set here on purpose: the SDK reads
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> itself, which is how tests and the demo reach the simulator.
 */
export function clientConfig(settings: AwsSettings) {
  return {
    region: settings.region,
    maxAttempts: settings.maxAttempts,
    retryMode: 'adaptive' as const,
    customUserAgent: `ecs-deploy-actions/${VERSION}`,
  };
}

interface MiddlewareStackLike {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { commandName?: string; clientName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'initialize'; name: string; override?: boolean },
  ): void;
}

/**
 * Tag every error a client raises with the operation and client that raised it, so a failure can name the
 * IAM action (`ecs:UpdateService`) instead of a bare "AccessDeniedException".
 */
export function nameOperations<C extends { middlewareStack: unknown }>(client: C): C {
  (client.middlewareStack as MiddlewareStackLike).add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        if (err && typeof err === 'object') {
          Object.assign(err, { $operation: context.commandName, $client: context.clientName });
        }
        throw err;
      }
    },
    { step: 'initialize', name: 'ecsDeployActionsOperationName', override: true },
  );
  return client;
}
