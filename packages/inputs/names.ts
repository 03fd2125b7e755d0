/**
 * Shape checks of ECS names where inputs are read, so a mistyped (or hostile) value fails at once, naming
 * the input, instead of travelling to AWS and coming back whole in an error message.
 */
import { UserError, charCount, quote } from './errors.js';

/** What an ECS name names; a cluster or service is also accepted as its full ARN. */
export type EcsNameKind = 'cluster' | 'service';

/** ECS cluster and service names: 1 to 255 letters, digits, hyphens and underscores. */
const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const NAME_PART = '[A-Za-z0-9_-]{1,255}';
/** Any partition (aws, aws-cn, aws-us-gov, aws-iso-b…), a Region, a 12-digit account. */
const ARN_HEAD = 'arn:aws(?:-[a-z]+)*:ecs:[a-z]{2,}(?:-[a-z]+)+-\\d+:\\d{12}';
const ARN: Record<EcsNameKind, RegExp> = {
  cluster: new RegExp(`^${ARN_HEAD}:cluster/${NAME_PART}$`),
  // Long ARN format `service/<cluster>/<name>`, and the old `service/<name>`.
  service: new RegExp(`^${ARN_HEAD}:service/(?:${NAME_PART}/)?${NAME_PART}$`),
};
const ARN_EXAMPLE: Record<EcsNameKind, string> = {
  cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/web',
  service: 'arn:aws:ecs:eu-west-1:123456789012:service/web/backend',
};

/**
 * `value` if it is an ECS cluster or service name (or that resource's ARN); otherwise a UserError naming
 * `input`, saying what is wrong with the value (too long, a character ECS refuses, a malformed ARN).
 */
export function checkEcsName(value: string, input: string, kind: EcsNameKind): string {
  if (NAME.test(value) || ARN[kind].test(value)) return value;
  const rule = `an ECS ${kind} name has 1 to 255 letters, digits, hyphens (-) and underscores (_)`;
  if (value.startsWith('arn:')) {
    throw new UserError(
      input,
      `${quote(value)} is not an ECS ${kind} ARN`,
      `give the ${kind}'s name, or its full ARN like ${ARN_EXAMPLE[kind]}`,
    );
  }
  const length = charCount(value);
  if (length > 255) {
    throw new UserError(
      input,
      `is ${length.toLocaleString('en-US')} characters long, longer than any ECS ${kind} name`,
      `${rule}: give the ${kind}'s name or its full ARN`,
    );
  }
  const bad = [...value].find((c) => !/[A-Za-z0-9_-]/.test(c)) ?? '';
  throw new UserError(
    input,
    `${quote(value)} is not an ECS ${kind} name: it has ${quote(bad)}`,
    `${rule}: give the ${kind}'s name or its full ARN`,
  );
}
