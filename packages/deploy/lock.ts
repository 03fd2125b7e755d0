/**
 * One deploy per service at a time. A running deploy marks the service with a tag naming its run, the
 * revision it ships and when the mark expires; another deploy that sees a live mark follows on-busy. ECS
 * has no compare-and-set, so a writer re-reads its mark after a short settle: of two writers at once, the
 * last one's mark stands and the other backs off. A crashed run's mark expires; a live run refreshes it.
 * GitHub `concurrency:` groups stay the first line of defence; this is the one that works across workflows.
 */
import {
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';

export const LOCK_TAG = 'ecs-deploy:lock';
/** A mark lives this long unless refreshed: long enough to outlast a slow poll, short for a crashed run. */
export const LOCK_TTL_MS = 10 * 60_000;
/** Refresh well before expiry. */
export const LOCK_REFRESH_MS = 2 * 60_000;
/** How long a writer waits before re-reading its mark, so that a concurrent write has landed. */
export const LOCK_SETTLE_MS = 1500;

export interface LockMark {
  token: string;
  /** Who holds it: the workflow run's URL, or a local label. */
  run: string;
  /** The revision that run ships (family:revision, or the family while it is not yet registered). */
  revision: string;
  /** Expiry, ms since epoch on AWS's clock. */
  until: number;
}

/** The tag value: space-separated key=value pairs (ECS tags take letters, digits, spaces and _.:/=+-@). */
export function formatMark(mark: LockMark): string {
  return `token=${mark.token} until=${new Date(mark.until).toISOString()} rev=${mark.revision} run=${mark.run}`.slice(
    0,
    256,
  );
}

export function parseMark(value: string | undefined): LockMark | undefined {
  if (!value) return undefined;
  const fields = new Map<string, string>();
  // `run` comes last and may hold spaces (a label outside GitHub Actions): it takes the rest.
  const runAt = value.indexOf(' run=');
  if (runAt >= 0) fields.set('run', value.slice(runAt + 5));
  for (const part of (runAt >= 0 ? value.slice(0, runAt) : value).split(' ')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at), part.slice(at + 1));
  }
  const until = Date.parse(fields.get('until') ?? '');
  const token = fields.get('token');
  if (!token || Number.isNaN(until)) return undefined;
  return { token, until, revision: fields.get('rev') ?? '?', run: fields.get('run') ?? 'an unknown run' };
}

export function describeMark(mark: LockMark, now: number): string {
  const left = Math.max(0, Math.round((mark.until - now) / 1000));
  return `${mark.run} (shipping ${mark.revision}; its mark expires in ${left}s unless renewed)`;
}

export type Acquired =
  | { held: true; tookOverFrom?: LockMark }
  | { held: false; by: LockMark }
  | { held: false; unavailable: string };

export class ServiceLock {
  private mark?: LockMark;
  private refreshedAt = 0;
  /** A write was sent: even one that failed may have landed (a lost answer), so release must look. */
  private wrote = false;

  constructor(
    private readonly ecs: ECSClient,
    private readonly serviceArn: string,
    private readonly me: { token: string; run: string },
    /** AWS's clock: marks from runners with skewed clocks still compare right. */
    private readonly awsNow: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  get holding(): boolean {
    return this.mark !== undefined;
  }

  /** The live mark of another run, if any. */
  async holder(): Promise<LockMark | undefined> {
    const mark = await this.read();
    return mark && mark.token !== this.me.token && mark.until > this.awsNow() ? mark : undefined;
  }

  /**
   * Mark the service for this run, unless another live mark is there. A service that cannot be tagged
   * (old ARN format, no ecs:TagResource permission) is reported, not fatal: the other guards still hold.
   */
  async acquire(revision: string): Promise<Acquired> {
    try {
      const before = await this.read();
      const other = before && before.token !== this.me.token ? before : undefined;
      if (other && other.until > this.awsNow()) return { held: false, by: other };
      await this.write(revision);
      await this.sleep(LOCK_SETTLE_MS);
      const now = await this.read();
      if (now && now.token !== this.me.token) {
        this.mark = undefined;
        return { held: false, by: now };
      }
      // A mark whose time ran out was left by a run that crashed or was killed.
      return other ? { held: true, tookOverFrom: other } : { held: true };
    } catch (err) {
      this.mark = undefined;
      return { held: false, unavailable: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * Keep the mark alive (and name the revision once it is known); errors are left to the next refresh.
   * Returns the AWS calls it made (the watch counts them against its budget).
   */
  async refresh(revision?: string): Promise<number> {
    if (!this.mark) return 0;
    const now = this.awsNow();
    if (!revision && now - this.refreshedAt < LOCK_REFRESH_MS) return 0;
    try {
      await this.write(revision ?? this.mark.revision);
    } catch {
      // A missed refresh leaves minutes of margin; the next round tries again.
    }
    return 1;
  }

  get token(): string {
    return this.me.token;
  }

  /** Remove the mark if it is ours, including one whose write seemed to fail. */
  async release(): Promise<void> {
    if (!this.wrote) return;
    this.mark = undefined;
    await releaseMark(this.ecs, this.serviceArn, this.me.token);
  }

  private read(): Promise<LockMark | undefined> {
    return readMark(this.ecs, this.serviceArn);
  }

  private async write(revision: string): Promise<void> {
    const mark: LockMark = { ...this.me, revision, until: this.awsNow() + LOCK_TTL_MS };
    this.wrote = true;
    await this.ecs.send(
      new TagResourceCommand({
        resourceArn: this.serviceArn,
        tags: [{ key: LOCK_TAG, value: formatMark(mark) }],
      }),
    );
    this.mark = mark;
    this.refreshedAt = mark.until - LOCK_TTL_MS;
  }
}

async function readMark(ecs: ECSClient, serviceArn: string): Promise<LockMark | undefined> {
  const out = await ecs.send(new ListTagsForResourceCommand({ resourceArn: serviceArn }));
  return parseMark(out.tags?.find((t) => t.key === LOCK_TAG)?.value);
}

/** Remove the mark with this token (a post step cleaning up after its main step); another's stays. */
export async function releaseMark(ecs: ECSClient, serviceArn: string, token: string): Promise<boolean> {
  const now = await readMark(ecs, serviceArn);
  if (now?.token !== token) return false;
  await ecs.send(new UntagResourceCommand({ resourceArn: serviceArn, tagKeys: [LOCK_TAG] }));
  return true;
}
