import { UserError } from '../inputs/index.js';
import { VERSION } from './version.js';

/** Environment variable that sets the per-call timeout, in milliseconds (tests shorten it). */
export const TIMEOUT_ENV = 'ECS_DEPLOY_ACTIONS_AWS_TIMEOUT_MS';

/**
 * The longest one HTTP call may wait for its answer. The SDK's node handler has no limit of its own, so a
 * service that never answers would hang the step until the job times out; ECS answers in about a second.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Connecting is part of the call; past this a connection attempt is given up with its own message. */
const MAX_CONNECTION_TIMEOUT_MS = 10_000;

export interface AwsSettings {
  region: string;
  /** Attempts per call including the first; adaptive retry spaces them and rate-limits on throttling. */
  maxAttempts: number;
  /** Per-call timeout in ms; else {@link TIMEOUT_ENV}, else {@link DEFAULT_REQUEST_TIMEOUT_MS}. */
  requestTimeoutMs?: number;
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
 * The per-call timeout: the setting, else {@link TIMEOUT_ENV}, else the default. It is read here rather than
 * by each entry so that every client of every action honours it without an input of its own.
 */
export function resolveRequestTimeout(
  settings: Pick<AwsSettings, 'requestTimeoutMs'>,
  env: Record<string, string | undefined> = process.env,
): number {
  if (settings.requestTimeoutMs !== undefined) return settings.requestTimeoutMs;
  const raw = env[TIMEOUT_ENV]?.trim();
  if (!raw) return DEFAULT_REQUEST_TIMEOUT_MS;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new UserError(
      undefined,
      `${TIMEOUT_ENV} is "${raw}", which is not a number of milliseconds`,
      `set it to a whole number such as 30000, or unset it for the default of ${DEFAULT_REQUEST_TIMEOUT_MS}`,
    );
  }
  return Number(raw);
}

/**
 * Configuration shared by every SDK client. Endpoints are not set here on purpose: the SDK reads
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> itself, which is how tests and the demo reach the simulator.
 */
export function clientConfig(settings: AwsSettings, env: Record<string, string | undefined> = process.env) {
  const requestTimeout = resolveRequestTimeout(settings, env);
  return {
    region: settings.region,
    maxAttempts: settings.maxAttempts,
    retryMode: 'adaptive' as const,
    customUserAgent: `ecs-deploy-actions/${VERSION}`,
    // Without throwOnRequestTimeout the handler only logs a warning when the time is up, and keeps waiting.
    requestHandler: {
      requestTimeout,
      connectionTimeout: Math.min(requestTimeout, MAX_CONNECTION_TIMEOUT_MS),
      throwOnRequestTimeout: true,
    },
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

interface HandlerLike {
  httpHandlerConfigs?: () => { requestTimeout?: number };
}

/**
 * Tag every error a client raises with the operation and client that raised it, so a failure can name the
 * IAM action (`ecs:UpdateService`) instead of a bare "AccessDeniedException", and with the client's
 * per-call timeout, so a timeout can say how long it waited.
 */
export function nameOperations<C extends { middlewareStack: unknown }>(client: C): C {
  const handler = (client as { config?: { requestHandler?: HandlerLike } }).config?.requestHandler;
  (client.middlewareStack as MiddlewareStackLike).add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        if (err && typeof err === 'object') {
          const timeoutMs = handler?.httpHandlerConfigs?.().requestTimeout;
          Object.assign(err, {
            $operation: context.commandName,
            $client: context.clientName,
            ...(timeoutMs ? { $timeoutMs: timeoutMs } : {}),
          });
        }
        throw err;
      }
    },
    { step: 'initialize', name: 'ecsDeployActionsOperationName', override: true },
  );
  return client;
}
