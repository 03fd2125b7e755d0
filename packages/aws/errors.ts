import { UserError } from '../inputs/index.js';

/** AWS error names that mean "you are not allowed", across services and protocols. */
const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
]);

/** AWS error names that mean "slow down", across services and protocols. */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
  'PriorRequestNotComplete',
  'BandwidthLimitExceeded',
]);

/** AWS error names of a failure on the service's side, whatever the status code said. */
const SERVER_FAILURE = new Set([
  'ServerException',
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** Node socket errors of a connection that was cut while the call was under way. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
/** Node socket errors of a service that could not be reached at all. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** IAM service prefixes by SDK client name, to name the exact action that was denied. */
const IAM_PREFIX: Record<string, string> = {
  ECSClient: 'ecs',
  ECRClient: 'ecr',
  ElasticLoadBalancingV2Client: 'elasticloadbalancing',
  CloudWatchClient: 'cloudwatch',
  CloudWatchLogsClient: 'logs',
  CodeDeployClient: 'codedeploy',
};

/** The service as people call it, by SDK client name. */
const SERVICE_NAME: Record<string, string> = {
  ECSClient: 'ECS',
  ECRClient: 'ECR',
  ElasticLoadBalancingV2Client: 'Elastic Load Balancing',
  CloudWatchClient: 'CloudWatch',
  CloudWatchLogsClient: 'CloudWatch Logs',
  CodeDeployClient: 'CodeDeploy',
};

export interface AwsErrorLike {
  name: string;
  message: string;
  /** Node's socket error code (ECONNRESET, ETIMEDOUT, …) when the call failed in transit. */
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $operation?: string;
  $client?: string;
  /** The client's per-call timeout, added by nameOperations. */
  $timeoutMs?: number;
  $retryable?: { throttling?: boolean };
}

/**
 * An Error by shape, not by `instanceof`: Node's socket errors come from its own realm, which is not the
 * realm of code run in a VM context (jest), and an error is an error wherever it was made.
 */
function isErrorLike(err: unknown): err is Error {
  return (
    err instanceof Error ||
    (typeof err === 'object' &&
      err !== null &&
      typeof (err as Error).name === 'string' &&
      typeof (err as Error).message === 'string')
  );
}

export function isAwsError(err: unknown): err is AwsErrorLike {
  return isErrorLike(err) && typeof (err as { $metadata?: unknown }).$metadata === 'object';
}

/**
 * Why a call failed, when it is worth trying again: the service asked us to slow down (`throttled`), failed
 * on its side (`server`), the connection was cut before an answer came (`reset`), no answer came in time
 * (`timeout`), or the service could not be reached (`unreachable`). Undefined for anything else (a bad
 * request, access denied, not found), which another attempt would only repeat.
 */
export type FailureKind = 'throttled' | 'server' | 'reset' | 'timeout' | 'unreachable';

export function failureKind(err: unknown): FailureKind | undefined {
  if (!isErrorLike(err)) return undefined;
  const e = err as Error & Partial<AwsErrorLike>;
  const status = e.$metadata?.httpStatusCode;
  if (THROTTLING.has(e.name) || status === 429 || e.$retryable?.throttling) return 'throttled';
  if (e.code && RESET_CODES.has(e.code)) return 'reset';
  if (e.code && UNREACHABLE_CODES.has(e.code)) return 'unreachable';
  if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT') return 'timeout';
  if (SERVER_FAILURE.has(e.name) || (status !== undefined && status >= 500)) return 'server';
  return undefined;
}

/** `ecs:UpdateService` for an error raised by ECSClient's UpdateServiceCommand, when known. */
export function iamAction(err: AwsErrorLike): string | undefined {
  const prefix = err.$client ? IAM_PREFIX[err.$client] : undefined;
  const op = err.$operation?.replace(/Command$/, '');
  return prefix && op ? `${prefix}:${op}` : undefined;
}

/**
 * The permission an AccessDenied message names: AWS says which IAM action on which resource was refused,
 * which is not always the call's own action (RegisterTaskDefinition can be refused `iam:PassRole` on a role).
 */
function deniedPermission(message: string): { action: string; resource: string } | undefined {
  const m = /not authorized to perform: ([\w-]+:[\w-]+) on resource: (\S+?)(?:[.,;]?\s|[.,;]?$)/.exec(
    message,
  );
  return m ? { action: m[1]!, resource: m[2]! } : undefined;
}

/** For iam:PassRole, the service the role is handed to, which the policy's iam:PassedToService must name. */
function passedTo(denied: string, call: string | undefined): string {
  if (denied !== 'iam:PassRole' || !call) return '';
  const service = /^ecs:(CreateService|UpdateService)$/.test(call)
    ? 'ecs.amazonaws.com'
    : call.startsWith('ecs:')
      ? 'ecs-tasks.amazonaws.com'
      : undefined;
  return service ? ` with iam:PassedToService ${service}` : '';
}

/** A message without its closing full stop, so that it can be followed by more words or a sentence. */
export function withoutFullStop(text: string): string {
  return text.trim().replace(/\.+$/, '');
}

/** 1.5 s, 30 s, 2 min: how long a call waited. */
function waited(ms: number): string {
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** The per-call timeout the error was raised under: from nameOperations, else from the handler's message. */
function timeoutOf(err: AwsErrorLike): number | undefined {
  if (err.$timeoutMs) return err.$timeoutMs;
  const quoted = /(\d+) ?ms/.exec(err.message);
  return quoted ? Number(quoted[1]) : undefined;
}

/**
 * Turn an AWS error into one line a person can act on. Access denied becomes a UserError naming the IAM
 * action to grant; a cut connection, a timeout or an unreachable service says so in words, naming the call;
 * anything else keeps the service's own words with the operation in front. The line never ends with a full
 * stop, so a caller can go on with "; …" or ". …" without doubling it.
 */
export function explainAwsError(err: unknown): Error {
  if (!isErrorLike(err)) return new Error(String(err));
  const kind = failureKind(err);
  const transit = kind === 'reset' || kind === 'timeout' || kind === 'unreachable';
  if (!isAwsError(err) && !transit) return err;
  const e = err as AwsErrorLike;
  const action = iamAction(e);
  const op = e.$operation?.replace(/Command$/, '');
  const call = action ?? op ?? 'an AWS call';
  if (ACCESS_DENIED.has(e.name)) {
    const denied = deniedPermission(e.message);
    const role = 'the role this workflow assumes (role-to-assume in aws-actions/configure-aws-credentials)';
    return new UserError(
      undefined,
      `AWS denied ${call}: ${withoutFullStop(e.message)}`,
      denied
        ? `the role needs ${denied.action} on ${denied.resource}${passedTo(denied.action, action)}: allow it for ${role}`
        : `allow ${call} for ${role}`,
    );
  }
  const service = (e.$client && SERVICE_NAME[e.$client]) || 'AWS';
  const attempts = e.$metadata?.attempts ?? 1;
  const tried = attempts > 1 ? ` (tried ${attempts} times)` : '';
  if (kind === 'reset') {
    return new Error(`the connection to ${service} was reset before it answered (${call})${tried}`);
  }
  if (kind === 'timeout') {
    const ms = timeoutOf(e);
    return new Error(
      `${call} timed out: ${service} did not answer${ms ? ` within ${waited(ms)}` : ' in time'}${tried}`,
    );
  }
  if (kind === 'unreachable') {
    return new Error(`could not reach ${service} for ${call} (${withoutFullStop(e.message)})${tried}`);
  }
  return new Error(`${op ? `${op} failed: ` : ''}${e.name}: ${withoutFullStop(e.message)}${tried}`);
}
