/**
 * The decision, per revision of one family: kept (with every reason that applies) or a candidate to
 * deregister. Pure: the engine reads ECS, this decides, so each rule is testable on plain data.
 */
import { parseVerdictValue, verdictKey, type DescribedRevision } from '../history/index.js';
import { parseRevisionRef } from '../task-definition-ref/index.js';
import { formatAge } from './options.js';
import type { Protections } from './protect.js';

/** Tag-key prefixes of the two verdicts (the key of an empty place, less its `/`). */
const VERIFIED = verdictKey('verified', '', '').slice(0, -1);
const FAILED = verdictKey('failed', '', '').slice(0, -1);

export interface PlannedRevision {
  arn: string;
  family: string;
  revision: number;
  registeredAt?: number;
  /** Why it stays; empty for a candidate. */
  reasons: string[];
}

export interface PlanRules {
  keep: number;
  olderThanSeconds: number;
  keepVerified: number;
  /** AWS's clock, ms. */
  now: number;
}

/**
 * Which service places (`cluster/service`, or the hashed key of long names) each revision is verified for,
 * counting only the latest verdict per place (a later `failed` overrides an earlier `verified`).
 */
export function verifiedPlaces(tags: DescribedRevision['tags']): { place: string; at: number }[] {
  const places = new Set<string>();
  for (const t of tags) {
    if (t.key?.startsWith(VERIFIED)) places.add(t.key.slice(VERIFIED.length));
    else if (t.key?.startsWith(FAILED)) places.add(t.key.slice(FAILED.length));
  }
  const out: { place: string; at: number }[] = [];
  for (const place of places) {
    const verified = parseVerdictValue('verified', tags.find((t) => t.key === VERIFIED + place)?.value);
    const failed = parseVerdictValue('failed', tags.find((t) => t.key === FAILED + place)?.value);
    if (verified && !(failed && failed.at > verified.at)) out.push({ place, at: verified.at });
  }
  return out;
}

/** Decide for one family's ACTIVE revisions (any order in; newest first out). */
export function planFamily(
  family: string,
  described: readonly DescribedRevision[],
  protections: Protections,
  rules: PlanRules,
): PlannedRevision[] {
  const revisions = described
    .map((d) => ({
      d,
      revision: d.td.revision ?? parseRevisionRef(d.td.taskDefinitionArn)?.revision ?? 0,
    }))
    .sort((a, b) => b.revision - a.revision);
  const verifiedSeen = new Map<string, number>();
  return revisions.map(({ d, revision }, index) => {
    const reasons: string[] = [];
    const registeredAt = d.td.registeredAt ? new Date(d.td.registeredAt).getTime() : undefined;
    if (index < rules.keep) reasons.push(`one of the newest ${rules.keep}`);
    reasons.push(...protections.of(`${family}:${revision}`));
    for (const { place } of verifiedPlaces(d.tags)) {
      const n = (verifiedSeen.get(place) ?? 0) + 1;
      verifiedSeen.set(place, n);
      if (n <= rules.keepVerified) {
        reasons.push(`rollback target: verified for ${place} (${ordinal(n)} newest verified)`);
      }
    }
    if (registeredAt === undefined) reasons.push('registration time unknown');
    else {
      const age = Math.max(0, Math.floor((rules.now - registeredAt) / 1000));
      if (age < rules.olderThanSeconds) {
        reasons.push(
          `registered ${formatAge(age)} ago, within older-than ${formatAge(rules.olderThanSeconds)}`,
        );
      }
    }
    return {
      arn: d.td.taskDefinitionArn ?? `${family}:${revision}`,
      family,
      revision,
      ...(registeredAt !== undefined ? { registeredAt } : {}),
      reasons,
    };
  });
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}
