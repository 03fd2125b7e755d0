/** Checks of the run-task inputs that have a shape beyond the generic readers: network, capacity, startedBy. */
import type { AwsVpcConfiguration, CapacityProviderStrategyItem } from '@aws-sdk/client-ecs';
import { UserError, quote } from '../inputs/index.js';

// EC2 ids are the prefix and 8 (older resources) or 17 lower-case hex digits; anything else is a name or a typo.
const SUBNET = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const SECURITY_GROUP = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const AWSVPC_FIELDS = new Set(['subnets', 'securityGroups', 'assignPublicIp']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is off about an id that does not match, so the message says more than "not an id". */
function idProblem(value: string, prefix: string): string {
  if (!value.startsWith(prefix)) return `does not start with ${prefix}`;
  const digits = value.slice(prefix.length);
  if (/^[0-9a-f]+$/i.test(digits) && /[A-F]/.test(digits)) return 'has upper-case letters';
  if (!/^[0-9a-f]*$/.test(digits)) return `has characters other than hex digits after ${prefix}`;
  return `has ${digits.length.toLocaleString('en-US')} hex digit${digits.length === 1 ? '' : 's'}, not 8 or 17`;
}

function checkIds(
  items: readonly string[],
  input: string,
  pattern: RegExp,
  prefix: string,
  what: string,
  example: string,
): string[] {
  const bad = items.find((s) => !pattern.test(s));
  if (bad !== undefined) {
    throw new UserError(
      input,
      `${quote(bad)} is not a ${what} id: it ${idProblem(bad, prefix)}`,
      `give ${what} ids (not names): ${prefix} and 8 or 17 lower-case hex digits, like ${example}`,
    );
  }
  return [...items];
}

/** `subnet-…` ids; an empty list is left for the caller (it may be filled from the service). */
export function checkSubnets(items: readonly string[], input: string): string[] {
  return checkIds(items, input, SUBNET, 'subnet-', 'subnet', 'subnet-0123456789abcdef0');
}

export function checkSecurityGroups(items: readonly string[], input: string): string[] {
  return checkIds(items, input, SECURITY_GROUP, 'sg-', 'security group', 'sg-0123456789abcdef0');
}

/** ENABLED or DISABLED; `true`/`false` are accepted as the same. */
export function parseAssignPublicIp(text: string, input: string): 'ENABLED' | 'DISABLED' {
  const value = text.trim().toLowerCase();
  if (value === 'enabled' || value === 'true') return 'ENABLED';
  if (value === 'disabled' || value === 'false') return 'DISABLED';
  throw new UserError(input, `${quote(text)} is not ENABLED or DISABLED`, 'write ENABLED or DISABLED');
}

/**
 * The `network-configuration` input, parsed as JSON or YAML: RunTask's `{ awsvpcConfiguration: { subnets,
 * securityGroups, assignPublicIp } }`, or the inner object alone.
 */
export function parseNetworkConfiguration(doc: unknown, input: string): AwsVpcConfiguration {
  const shape =
    'write { "awsvpcConfiguration": { "subnets": [...], "securityGroups": [...], "assignPublicIp": "DISABLED" } }';
  if (!isObject(doc)) throw new UserError(input, 'is not an object', shape);
  const inner = 'awsvpcConfiguration' in doc ? doc.awsvpcConfiguration : doc;
  const extra = Object.keys(doc).filter((k) => k !== 'awsvpcConfiguration' && !AWSVPC_FIELDS.has(k));
  if (extra.length || !isObject(inner)) {
    throw new UserError(
      input,
      extra.length ? `has unknown fields: ${extra.join(', ')}` : 'awsvpcConfiguration is not an object',
      shape,
    );
  }
  const unknown = Object.keys(inner).filter((k) => !AWSVPC_FIELDS.has(k));
  if (unknown.length)
    throw new UserError(input, `awsvpcConfiguration has unknown fields: ${unknown.join(', ')}`, shape);
  const list = (field: string): string[] => {
    const value = inner[field];
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw new UserError(input, `${field} is not a list of strings`, shape);
    }
    return value;
  };
  const subnets = checkSubnets(list('subnets'), input);
  if (!subnets.length) throw new UserError(input, 'has no subnets', shape);
  const securityGroups = checkSecurityGroups(list('securityGroups'), input);
  const assign = inner.assignPublicIp;
  if (assign !== undefined && typeof assign !== 'string')
    throw new UserError(input, 'assignPublicIp is not a string', shape);
  return {
    subnets,
    ...(securityGroups.length ? { securityGroups } : {}),
    ...(assign !== undefined ? { assignPublicIp: parseAssignPublicIp(assign, input) } : {}),
  };
}

/**
 * `capacity-provider-strategy` items, each `provider`, `provider:weight` or `provider:weight:base`, e.g.
 * `FARGATE_SPOT:3` and `FARGATE:1:1` (one task on FARGATE first, then 3 of every 4 on Spot).
 */
export function parseCapacityProviderStrategy(
  items: readonly string[],
  input: string,
): CapacityProviderStrategyItem[] {
  if (items.length > 20)
    throw new UserError(input, `has ${items.length} providers`, 'give at most 20 (the ECS limit)');
  return items.map((item) => {
    const m = /^([A-Za-z0-9_-]{1,255})(?::(\d+))?(?::(\d+))?$/.exec(item);
    const weight = m?.[2] !== undefined ? Number(m[2]) : undefined;
    const base = m?.[3] !== undefined ? Number(m[3]) : undefined;
    if (!m || (weight !== undefined && weight > 1000) || (base !== undefined && base > 100_000)) {
      throw new UserError(
        input,
        `${quote(item)} is not provider[:weight[:base]]`,
        'write one provider a line like FARGATE_SPOT:3 or FARGATE:1:1 (weight 0-1000, base 0-100000)',
      );
    }
    return {
      capacityProvider: m[1]!,
      ...(weight !== undefined ? { weight } : {}),
      ...(base !== undefined ? { base } : {}),
    };
  });
}

/** ECS takes up to 128 letters, digits, hyphens, slashes and underscores as `startedBy`. */
export function checkStartedBy(value: string, input: string): string {
  if (!/^[A-Za-z0-9_/-]{1,128}$/.test(value)) {
    throw new UserError(
      input,
      `${quote(value)} is not a valid startedBy`,
      'use up to 128 letters, digits, hyphens (-), slashes (/) and underscores (_)',
    );
  }
  return value;
}
