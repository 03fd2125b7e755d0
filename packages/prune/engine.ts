/**
 * prune-revisions: deregister (and optionally delete) old task-definition revisions without ever losing
 * what a service runs, is deploying or could roll back to. Reads first (the families' revisions, then every
 * service of every cluster), decides, then writes, paced under ECS's throttling quotas.
 */
import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { describeRevisions, listRevisionArns } from '../history/index.js';
import type { Clock, Logger } from '../runtime/index.js';
import type { PruneOptions } from './options.js';
import { READ_RATE, TokenBucket, WRITE_RATE, scaled } from './pace.js';
import { planFamily, type PlannedRevision } from './plan.js';
import { scanClusters } from './protect.js';
import { pruneSummary } from './summary.js';

export type Outcome =
  'kept' | 'deregistered' | 'deleted' | 'would deregister' | 'would delete' | 'left for next run' | 'failed';

export interface RevisionLine extends PlannedRevision {
  outcome: Outcome;
  /** What went wrong, or a note (a deletion that failed after the deregistration took). */
  note?: string;
}

export interface FamilyResult {
  family: string;
  revisions: RevisionLine[];
}

export interface PruneResult {
  dryRun: boolean;
  families: FamilyResult[];
  /** Services read across the clusters. */
  services: number;
  deregistered: number;
  deleted: number;
  kept: number;
  /** Revisions no rule protects (deregistered, would be, left for the next run, or failed). */
  candidates: number;
  /** Candidates over max-deregistrations. */
  left: number;
  /** A write that failed: the step fails with it (after the summary). */
  failure?: string;
  summary: string;
  message: string;
}

export interface PruneDeps {
  ecs: ECSClient;
  /** Pacing sleeps on it. */
  clock: Clock;
  /** AWS's clock (ms): ages and lock expiry are measured on it. */
  awsNow: () => number;
  log: Logger;
  /** Multiplies the pace (tests against the simulator); 1 in real use. */
  rateScale?: number;
}

/** Revisions each DescribeTaskDefinition worker handles at once (the read bucket paces them). */
const DESCRIBE_CONCURRENCY = 4;

export async function prune(options: PruneOptions, deps: PruneDeps): Promise<PruneResult> {
  const { ecs, log } = deps;
  const scale = deps.rateScale ?? 1;
  const reads = new TokenBucket(scaled(READ_RATE, scale), deps.clock);
  const writes = new TokenBucket(scaled(WRITE_RATE, scale), deps.clock);
  const read = () => reads.take();

  // 1. Each family's ACTIVE revisions, with their tags (verdicts) and registration times.
  const described = new Map<string, Awaited<ReturnType<typeof describeRevisions>>>();
  for (const family of options.families) {
    const arns = await listRevisionArns(ecs, family, { status: 'ACTIVE', onPage: read });
    if (!arns.length) log.warning(`${family}: no ACTIVE revisions (is the family name right?)`);
    else log.info(`${family}: ${arns.length} ACTIVE revisions; reading their tags`);
    described.set(
      family,
      await describeRevisions(ecs, arns, { concurrency: DESCRIBE_CONCURRENCY, before: read }),
    );
  }

  // 2. Every service of every cluster, last, so the time between this check and the writes is short.
  const protections = await scanClusters(options.clusters, { ecs, read, awsNow: deps.awsNow, log });
  log.info(`Read ${protections.services} services in ${options.clusters.join(', ')}`);

  // 3. Decide.
  const now = deps.awsNow();
  const families: FamilyResult[] = options.families.map((family) => ({
    family,
    revisions: planFamily(family, described.get(family) ?? [], protections, {
      keep: options.keep,
      olderThanSeconds: options.olderThanSeconds,
      keepVerified: options.keepVerified,
      now,
    }).map((p) => ({ ...p, outcome: p.reasons.length ? ('kept' as const) : ('left for next run' as const) })),
  }));
  // The oldest go first, across families; the rest wait for the next run.
  const candidates = families
    .flatMap((f) => f.revisions)
    .filter((r) => !r.reasons.length)
    .sort((a, b) => (a.registeredAt ?? 0) - (b.registeredAt ?? 0) || a.revision - b.revision);
  const thisRun = candidates.slice(0, options.maxDeregistrations);
  for (const r of candidates.slice(options.maxDeregistrations)) {
    r.note = `over max-deregistrations (${options.maxDeregistrations}): the next run takes it`;
  }

  // 4. Write (or say what would be written).
  let failure: string | undefined;
  const deregistered: RevisionLine[] = [];
  for (const r of thisRun) {
    if (options.dryRun) {
      r.outcome = options.delete ? 'would delete' : 'would deregister';
      continue;
    }
    if (failure) {
      r.note = 'not reached: an earlier deregistration failed';
      continue;
    }
    await writes.take();
    try {
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: r.arn }));
      r.outcome = 'deregistered';
      deregistered.push(r);
    } catch (err) {
      r.outcome = 'failed';
      r.note = errorText(err);
      failure = `DeregisterTaskDefinition of ${r.family}:${r.revision} failed: ${r.note}`;
    }
  }
  if (options.delete && !options.dryRun)
    failure = (await deleteRevisions(ecs, deregistered, writes)) ?? failure;

  for (const f of families) {
    for (const r of f.revisions) log.info(lineText(r));
  }
  const count = (...outcomes: Outcome[]) =>
    families.flatMap((f) => f.revisions).filter((r) => outcomes.includes(r.outcome)).length;
  const result: Omit<PruneResult, 'summary' | 'message'> = {
    dryRun: options.dryRun,
    families,
    services: protections.services,
    deregistered: count('deregistered', 'deleted'),
    deleted: count('deleted'),
    kept: count('kept'),
    candidates: candidates.length,
    left: count('left for next run'),
    ...(failure ? { failure } : {}),
  };
  const message = messageOf(result, options);
  return { ...result, message, summary: pruneSummary(result, options, message) };
}

/** DeleteTaskDefinitions, 10 at a time; returns a failure message if any revision was not deleted. */
async function deleteRevisions(
  ecs: ECSClient,
  revisions: RevisionLine[],
  writes: TokenBucket,
): Promise<string | undefined> {
  let failure: string | undefined;
  for (let i = 0; i < revisions.length; i += 10) {
    const batch = revisions.slice(i, i + 10);
    await writes.take();
    try {
      const res = await ecs.send(
        new DeleteTaskDefinitionsCommand({ taskDefinitions: batch.map((r) => r.arn) }),
      );
      const failed = new Map((res.failures ?? []).map((f) => [f.arn ?? '', f]));
      for (const r of batch) {
        const f = failed.get(r.arn);
        if (f) {
          r.note = `deregistered, but not deleted: ${f.reason ?? 'no reason given'}${f.detail ? ` (${f.detail})` : ''}`;
          failure ??= `DeleteTaskDefinitions did not delete ${r.family}:${r.revision}: ${f.reason ?? 'no reason given'}`;
        } else r.outcome = 'deleted';
      }
    } catch (err) {
      for (const r of batch) r.note = `deregistered, but not deleted: ${errorText(err)}`;
      failure ??= `DeleteTaskDefinitions failed: ${errorText(err)}`;
    }
  }
  return failure;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}`;
  return String(err);
}

export function lineText(r: RevisionLine): string {
  const why = r.reasons.length ? `: ${r.reasons.join('; ')}` : '';
  return `${r.family}:${r.revision} ${r.outcome}${why}${r.note ? ` (${r.note})` : ''}`;
}

function messageOf(r: Omit<PruneResult, 'summary' | 'message'>, options: PruneOptions): string {
  const total = r.families.reduce((n, f) => n + f.revisions.length, 0);
  const what = options.delete ? 'deregistered and deleted' : 'deregistered';
  const parts = options.dryRun
    ? [`dry run: ${r.candidates - r.left} of ${total} revisions would be ${what}, ${r.kept} kept`]
    : [
        `${r.deregistered} of ${total} revisions deregistered${options.delete ? ` (${r.deleted} deleted)` : ''}, ${r.kept} kept`,
      ];
  if (r.left)
    parts.push(`${r.left} left for the next run (max-deregistrations ${options.maxDeregistrations})`);
  if (r.failure) parts.push(r.failure);
  return parts.join('; ');
}
