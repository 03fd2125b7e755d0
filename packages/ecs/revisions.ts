/**
 * Task-definition revisions as deploy, run-task and rollback use them: describe a reference (one wording
 * when ECS does not know it), find the family's latest ACTIVE revision, settle a file against what is
 * registered (reuse an identical revision, register only when the content differs), and register.
 */
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type ECSClient,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { failureKind } from '../aws/index.js';
import { UserError } from '../inputs/index.js';
import {
  isTraceabilityTag,
  noSuchTaskDefinition,
  sameContent,
  type LoadedTaskDefinition,
  type Tag,
} from '../task-definition/index.js';
import { revisionInfo, revisionName, type RevisionInfo } from './revision.js';

export interface Described {
  td: TaskDefinition;
  tags: Tag[];
  info: RevisionInfo;
  /** Set when a registration's answer was lost and the revision it had made was found and reused. */
  recovered?: string;
}

/** Registrations tried in all when an attempt fails for a reason worth another try. */
export const REGISTER_ATTEMPTS = 4;
/** Wait before looking again after a failed registration, doubled each time (2 s, 4 s, 8 s). */
export const REGISTER_BACKOFF_MS = 2_000;
/**
 * Throttling proves nothing landed, and a fleet deploying at once meets it for sure: ECS's
 * task-definition modify bucket holds 20 and refills at 1 a second, so 50 services registering together
 * need about half a minute. Throttled attempts do not count against REGISTER_ATTEMPTS; they go on, with
 * jittered waits of at most THROTTLED_BACKOFF_MAX_MS, for up to this long in all.
 */
export const THROTTLED_PATIENCE_MS = 120_000;
export const THROTTLED_BACKOFF_MAX_MS = 16_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * RegisterTaskDefinition with the SDK's retry step removed for this one command. A retry after a lost
 * answer registers a second, identical revision; register() decides itself whether to try again. Overriding
 * the step by name on the command leaves the client, shared with every other call and carrying our
 * error-naming middleware, as it is; a second client would have to be rebuilt from a resolved config.
 */
function registerOnce(input: ConstructorParameters<typeof RegisterTaskDefinitionCommand>[0]) {
  const command = new RegisterTaskDefinitionCommand(input);
  command.middlewareStack.add((next) => (args) => next(args), {
    name: 'retryMiddleware',
    tags: ['RETRY'],
    step: 'finalizeRequest',
    priority: 'high',
    override: true,
  });
  return command;
}

/** Count our own attempts where the SDK's retry step would have, so the error can say how often it tried. */
function withAttempts(err: unknown, attempts: number): unknown {
  const e = err as { $operation?: string; $metadata?: Record<string, unknown> } | undefined;
  if (e && typeof e === 'object' && e.$operation) e.$metadata = { ...e.$metadata, attempts };
  return err;
}

/** Equal tag sets, whatever the order; `aws:` keys are AWS's own and not compared. */
function sameTags(a: readonly Tag[], b: readonly Tag[]): boolean {
  const key = (tags: readonly Tag[]) =>
    tags
      .filter((t) => !(t.key ?? '').startsWith('aws:'))
      .map((t) => `${t.key}\u0000${t.value}`)
      .sort()
      .join('\u0001');
  return key(a) === key(b);
}

/** How a file became a revision to run: one already registered, or a new one (to be) registered. */
export type Settlement =
  | { kind: 'existing'; described: Described; reason: string }
  | { kind: 'register'; file: LoadedTaskDefinition; tags: Tag[]; latest?: Described };

export class Revisions {
  private readonly known = new Map<string, RevisionInfo>();

  constructor(
    private readonly ecs: ECSClient,
    private readonly region: string,
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
    /** Jitter for throttled retries (0..1): processes throttled together must not retry together. */
    private readonly random: () => number = Math.random,
  ) {}

  /** What the watch knows of a revision described or registered in this run. */
  info(arn: string): RevisionInfo | undefined {
    return this.known.get(arn);
  }

  private remember(td: TaskDefinition, tags: Tag[]): Described {
    const info = revisionInfo(td, this.region);
    if (info.ref.arn) this.known.set(info.ref.arn, info);
    return { td, tags, info };
  }

  /** DescribeTaskDefinition with tags; undefined when ECS does not know the reference (a ClientException). */
  async find(ref: string): Promise<Described | undefined> {
    try {
      const out = await this.ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: ref, include: ['TAGS'] }),
      );
      if (!out.taskDefinition) return undefined;
      return this.remember(
        out.taskDefinition,
        (out.tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' })),
      );
    } catch (err) {
      if (err instanceof Error && err.name === 'ClientException') return undefined;
      throw err;
    }
  }

  /** A revision the user named: unknown or deregistered (INACTIVE) is their mistake, said the same way everywhere. */
  async require(ref: string, input: string): Promise<Described> {
    const found = await this.find(ref);
    if (!found) throw noSuchTaskDefinition(ref, this.region, input);
    if (found.td.status === 'INACTIVE') {
      throw new UserError(
        input,
        `task definition ${revisionName(found.info.ref.arn)} is INACTIVE (deregistered): ECS starts no new tasks of it`,
        'give an ACTIVE revision, or register it again from its file',
      );
    }
    return found;
  }

  /** The family's latest ACTIVE revision; none for a family ECS does not know. */
  latest(family: string): Promise<Described | undefined> {
    return this.find(family);
  }

  /**
   * Settle a file: reuse `running` (the service's revision) or the family's latest ACTIVE revision when
   * either has the same content, else it must be registered with the file's tags plus `runTags` for keys
   * the file does not set.
   */
  async settle(
    file: LoadedTaskDefinition,
    runTags: readonly Tag[],
    running?: Described,
  ): Promise<Settlement> {
    const same = (d: Described) => sameContent(d.td, file.taskDefinition, { ignoreTags: true });
    if (running && same(running)) {
      return {
        kind: 'existing',
        described: running,
        reason: `task definition is identical to the running ${revisionName(running.info.ref.arn)}: reusing it, no new revision`,
      };
    }
    const latest = await this.latest(file.taskDefinition.family!);
    if (latest && latest.td.status !== 'INACTIVE' && same(latest)) {
      return {
        kind: 'existing',
        described: latest,
        reason: `reusing ${revisionName(latest.info.ref.arn)}, the family's latest revision, identical to the file`,
      };
    }
    // This run's traceability tags (git sha, run) win over a file's: a file copied from an older revision
    // must not make the new one claim the old commit, which rollback by sha would then find.
    const runKeys = new Set(runTags.filter((t) => isTraceabilityTag(t.key ?? '')).map((t) => t.key));
    const kept = file.tags.filter((t) => !runKeys.has(t.key));
    const keys = new Set(kept.map((t) => t.key));
    const tags = [...kept, ...runTags.filter((t) => !keys.has(t.key))];
    return { kind: 'register', file, tags, ...(latest ? { latest } : {}) };
  }

  /**
   * Register exactly one revision. Each attempt is sent once (no SDK retry). When one fails for a reason
   * worth another try, wait; then, unless the failure proves nothing happened (throttled, unreachable),
   * look at the family's latest revision first: a lost answer may hide a registration that landed, and an
   * identical revision with the same tags that was not there before is that one, so it is reused.
   */
  async register(settlement: Extract<Settlement, { kind: 'register' }>): Promise<Described> {
    const { file, tags } = settlement;
    const input = { ...file.taskDefinition, ...(tags.length ? { tags } : {}) };
    let throttledFor = 0;
    let throttles = 0;
    for (let attempt = 1, sent = 1; ; sent++) {
      try {
        const out = await this.ecs.send(registerOnce(input));
        if (!out.taskDefinition?.taskDefinitionArn)
          throw new Error('RegisterTaskDefinition returned no task definition');
        return this.remember(out.taskDefinition, tags);
      } catch (err) {
        const kind = failureKind(err);
        if (kind === 'throttled') {
          // Full jitter on a doubling step: 2, 4, 8, 16, 16… seconds at most.
          throttles++;
          const step = Math.min(THROTTLED_BACKOFF_MAX_MS, REGISTER_BACKOFF_MS * 2 ** (throttles - 1));
          const wait = Math.max(REGISTER_BACKOFF_MS / 2, Math.round(step * this.random()));
          if (throttledFor + wait > THROTTLED_PATIENCE_MS) throw withAttempts(err, sent);
          throttledFor += wait;
          await this.sleep(wait);
          continue;
        }
        if (!kind || attempt >= REGISTER_ATTEMPTS) throw withAttempts(err, sent);
        // A timed-out call can still land after we gave up on it: the wait gives it time to show.
        await this.sleep(REGISTER_BACKOFF_MS * 2 ** (attempt - 1));
        attempt++;
        if (kind === 'unreachable') continue;
        // When we cannot tell whether it landed, fail with the registration's error rather than risk a twin.
        const landed = await this.latest(file.taskDefinition.family!).catch(() => {
          throw err;
        });
        if (landed && this.landedFrom(landed, settlement)) {
          landed.recovered = `RegisterTaskDefinition's answer was lost (${kind}); ${revisionName(landed.info.ref.arn)}, which it registered, is reused`;
          return landed;
        }
      }
    }
  }

  /** The revision a lost registration made: new since settling, ACTIVE, same content and same tags. */
  private landedFrom(landed: Described, settlement: Extract<Settlement, { kind: 'register' }>): boolean {
    const before = settlement.latest?.td.revision ?? 0;
    return (
      (landed.td.revision ?? 0) > before &&
      landed.td.status !== 'INACTIVE' &&
      sameContent(landed.td, settlement.file.taskDefinition, { ignoreTags: true }) &&
      sameTags(landed.tags, settlement.tags)
    );
  }
}
