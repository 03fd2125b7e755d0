/**
 * Known good and known bad, recorded on the revision itself: when a deploy's gates pass it tags the revision
 * verified for that service, and a revision it had to roll back failed. Tags are free and travel with the
 * revision, so a rollback weeks later (from another workflow, another runner) still knows which revisions
 * served well. One key per service and verdict, so one revision can be good for staging and bad for
 * production; the later of the two verdicts is the one that counts.
 */
import { createHash } from 'node:crypto';
import { TagResourceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { tagSafe } from '../task-definition/index.js';

export type ReleaseVerdict = 'verified' | 'failed';

const PREFIX: Record<ReleaseVerdict, string> = {
  verified: 'ecs-deploy:verified:',
  failed: 'ecs-deploy:failed:',
};

/** ECS tag keys are at most 128 characters. */
const KEY_LIMIT = 128;

/** The last part of an ARN (`…:cluster/web` → `web`, `…:service/web/backend` → `backend`), or the name. */
export function shortName(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').pop() ?? nameOrArn) : nameOrArn;
}

/**
 * The tag key of a verdict for one service: `ecs-deploy:verified:web/backend`. Names too long for a key
 * (ECS allows 255-character names) are replaced by a hash of them, the same on every run.
 */
export function verdictKey(verdict: ReleaseVerdict, cluster: string, service: string): string {
  const where = `${shortName(cluster)}/${shortName(service)}`;
  const key = PREFIX[verdict] + where;
  if (key.length <= KEY_LIMIT) return key;
  return `${PREFIX[verdict]}sha256-${createHash('sha256').update(where).digest('hex').slice(0, 32)}`;
}

export interface VerdictMark {
  verdict: ReleaseVerdict;
  /** When it was recorded (ms since epoch, AWS's clock). */
  at: number;
  /** The workflow run that recorded it (its URL), when known. */
  run?: string;
}

/** `2026-11-30T21:37:46.000Z run=https://github.com/acme/shop/actions/runs/1001` (≤ 256 characters). */
export function formatVerdictValue(at: number, run?: string): string {
  return tagSafe(`${new Date(at).toISOString()}${run ? ` run=${run}` : ''}`);
}

export function parseVerdictValue(
  verdict: ReleaseVerdict,
  value: string | undefined,
): VerdictMark | undefined {
  if (!value) return undefined;
  const [time, ...rest] = value.split(' ');
  // Only the form formatVerdictValue writes: Date.parse takes "42" for the year 2042, which would let a
  // hand-edited tag outrank a real verdict.
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/.test(time ?? '')) return undefined;
  const at = Date.parse(time!);
  if (Number.isNaN(at)) return undefined;
  const run = rest.join(' ').replace(/^run=/, '');
  return { verdict, at, ...(run ? { run } : {}) };
}

/** The verdict a revision carries for a service: the later of verified and failed, or none. */
export function verdictOf(
  tags: readonly { key?: string; value?: string }[] | undefined,
  cluster: string,
  service: string,
): VerdictMark | undefined {
  const read = (verdict: ReleaseVerdict) =>
    parseVerdictValue(verdict, tags?.find((t) => t.key === verdictKey(verdict, cluster, service))?.value);
  const verified = read('verified');
  const failed = read('failed');
  if (verified && failed) return failed.at > verified.at ? failed : verified;
  return verified ?? failed;
}

/** Whether a tag is one of our verdicts (of any service). */
export function isVerdictKey(key: string | undefined): boolean {
  return !!key && (key.startsWith(PREFIX.verified) || key.startsWith(PREFIX.failed));
}

/** Record a verdict on a revision (TagResource: the revision's content and number do not change). */
export async function markRevision(
  ecs: ECSClient,
  taskDefinitionArn: string,
  where: { cluster: string; service: string },
  verdict: ReleaseVerdict,
  at: number,
  run?: string,
): Promise<VerdictMark> {
  await ecs.send(
    new TagResourceCommand({
      resourceArn: taskDefinitionArn,
      tags: [{ key: verdictKey(verdict, where.cluster, where.service), value: formatVerdictValue(at, run) }],
    }),
  );
  return { verdict, at, ...(run ? { run } : {}) };
}
