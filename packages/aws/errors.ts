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

/** IAM service prefixes by SDK client name, to name the exact action that was denied. */
const IAM_PREFIX: Record<string, string> = {
  ECSClient: 'ecs',
  ECRClient: 'ecr',
  ElasticLoadBalancingV2Client: 'elasticloadbalancing',
  CloudWatchClient: 'cloudwatch',
  CloudWatchLogsClient: 'logs',
  CodeDeployClient: 'codedeploy',
};

export interface AwsErrorLike {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $operation?: string;
  $client?: string;
}

export function isAwsError(err: unknown): err is AwsErrorLike {
  return err instanceof Error && typeof (err as { $metadata?: unknown }).$metadata === 'object';
}

/** `ecs:UpdateService` for an error raised by ECSClient's UpdateServiceCommand, when known. */
export function iamAction(err: AwsErrorLike): string | undefined {
  const prefix = err.$client ? IAM_PREFIX[err.$client] : undefined;
  const op = err.$operation?.replace(/Command$/, '');
  return prefix && op ? `${prefix}:${op}` : undefined;
}

/**
 * Turn an AWS error into one line a person can act on. Access denied becomes a UserError naming the IAM
 * action to grant; anything else keeps the service's own words with the operation in front.
 */
export function explainAwsError(err: unknown): Error {
  if (!isAwsError(err)) return err instanceof Error ? err : new Error(String(err));
  const action = iamAction(err);
  if (ACCESS_DENIED.has(err.name)) {
    const what = action ?? err.$operation ?? 'an AWS call';
    return new UserError(
      undefined,
      `AWS denied ${what}: ${err.message}`,
      `allow ${what} for the role this workflow assumes (role-to-assume in aws-actions/configure-aws-credentials)`,
    );
  }
  const op = err.$operation?.replace(/Command$/, '');
  return new Error(`${op ? `${op} failed: ` : ''}${err.name}: ${err.message}`);
}
