import { UserError } from '../inputs/index.js';
import { isTraceabilityTag, TRACEABILITY_TAG_PREFIX } from './traceability.js';
import type { Tag } from './types.js';

// Docker's reference grammar: [domain[:port]/]path[:tag][@digest], path components lower case.
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_PART = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const IMAGE = new RegExp(
  `^(?:(${DOMAIN})/)?(${PATH_PART}(?:/${PATH_PART})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);

/** Why an image reference is malformed, or undefined when it is `registry/repo[:tag][@digest]`. */
export function imageProblem(image: string): string | undefined {
  if (!image) return 'is empty';
  if (/\s/.test(image)) return 'contains whitespace';
  if (/^[a-z]+:\/\//i.test(image)) return 'starts with a URL scheme';
  const m = IMAGE.exec(image);
  if (!m) {
    return IMAGE.test(image.toLowerCase())
      ? 'has upper-case letters in the repository name'
      : 'is not registry/repository[:tag][@digest]';
  }
  const [, domain, path, , digest] = m;
  if ((domain ? domain.length + 1 : 0) + path!.length > 255) return 'has a name longer than 255 characters';
  if (digest?.startsWith('sha256:') && digest.length !== 'sha256:'.length + 64) {
    return 'has a sha256 digest that is not 64 hex digits';
  }
  return undefined;
}

export function checkImage(image: string, input: string, container: string): void {
  const problem = imageProblem(image);
  if (problem) {
    throw new UserError(
      input,
      `image ${JSON.stringify(image)} for container ${container} ${problem}`,
      'write it as registry/repository:tag or registry/repository@sha256:<digest>, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2',
    );
  }
}

const SSM_ARN = /^arn:aws[a-z-]*:ssm:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:parameter\/[\w.\-/]+$/;
const SECRETS_MANAGER_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:secret:[\w/+=.@-]+(?::[^:\s]*){0,3}$/;

/** Whether a secret reference is an SSM parameter ARN or a Secrets Manager secret ARN (optionally with a JSON key). */
export function isSecretArn(valueFrom: string): boolean {
  return SSM_ARN.test(valueFrom) || SECRETS_MANAGER_ARN.test(valueFrom);
}

// SSM parameter names: letters, digits and _ . - / ; a path-style name starts with / (AWS allows 1011 characters).
const SSM_PATH = /^(?:\/[A-Za-z0-9_.-]+)+$/;

/**
 * Why a secret's `valueFrom` cannot be used, or undefined: it must be an SSM parameter ARN, a Secrets Manager
 * secret ARN, or an SSM parameter path (`/prod/db/password`). ECS also takes a bare parameter name, but it
 * looks it up only when a task starts, so a typo, or a Secrets Manager secret's name (which ECS does not
 * resolve without its ARN), would fail the rollout rather than this step; a path or an ARN says what it is.
 */
export function secretReferenceProblem(valueFrom: string): string | undefined {
  if (isSecretArn(valueFrom)) return undefined;
  if (valueFrom.startsWith('arn:'))
    return 'is an ARN, but not of an SSM parameter or a Secrets Manager secret';
  if (SSM_PATH.test(valueFrom) && valueFrom.length <= 1011) return undefined;
  return 'is neither an SSM parameter or Secrets Manager secret ARN nor an SSM parameter path starting with /';
}

export const SECRET_REFERENCE_FIX =
  'write arn:aws:secretsmanager:<region>:<account>:secret:<name>, arn:aws:ssm:<region>:<account>:parameter/<name>, ' +
  'or a parameter path such as /prod/db/password; a bare name is refused because ECS resolves it only when a task ' +
  'starts, so a typo or a Secrets Manager name would fail the deployment instead of this step';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** A task or execution role: a role ARN, or a role name (ECS takes both). */
export function checkRole(value: string, input: string): void {
  if (!ROLE_ARN.test(value) && !ROLE_NAME.test(value)) {
    throw new UserError(
      input,
      `${JSON.stringify(value)} is not an IAM role ARN or role name`,
      'write it as arn:aws:iam::123456789012:role/name',
    );
  }
}

const TAG_CHARS = /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u;
export const MAX_TAGS = 50;

/** A tag the user asked for: ECS's length and character rules; `aws:` and our own prefix are reserved. */
export function checkUserTag(tag: Tag, input: string): void {
  const key = tag.key ?? '';
  const value = tag.value ?? '';
  const fix = 'keys up to 128 and values up to 256 letters, digits, spaces and _ . : / = + - @';
  if (!key || key.length > 128 || !TAG_CHARS.test(key)) {
    throw new UserError(input, `tag key ${JSON.stringify(key)} is not allowed`, fix);
  }
  if (value.length > 256 || !TAG_CHARS.test(value)) {
    throw new UserError(input, `the value of tag ${key} is not allowed`, fix);
  }
  if (/^aws:/i.test(key))
    throw new UserError(input, `tag key ${key} starts with aws:, which AWS reserves`, 'choose another key');
  if (isTraceabilityTag(key)) {
    throw new UserError(
      input,
      `tag key ${key} starts with ${TRACEABILITY_TAG_PREFIX}, which is reserved for the traceability tags`,
      'choose another key (traceability-tags: true sets the ecs-deploy: tags)',
    );
  }
}
