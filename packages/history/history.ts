/**
 * A family's release history, read from ECS: the revisions newest first, each with what render and deploy
 * recorded on it (git sha, actor, run, verdict per service). Used for the history table of deploy and
 * rollback, for finding a rollback target, and by prune-revisions to know what must stay.
 */
import {
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  type ECSClient,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { ACTOR_TAG, GIT_SHA_TAG, REPOSITORY_TAG, RUN_URL_TAG, tagValue } from '../task-definition/index.js';
import type { ReleaseRecord } from '../deploy-report/index.js';
import { parseRevisionRef, revisionOfArn } from '../task-definition-ref/index.js';
import { verdictOf } from './marks.js';

export type { ReleaseRecord };

export type Tags = { key?: string; value?: string }[];

export interface DescribedRevision {
  td: TaskDefinition;
  tags: Tags;
}

/**
 * ARNs of a family's revisions with the given status, newest first, until `limit` (all without one).
 * ListTaskDefinitions matches a family *prefix* (`backend` also lists `backend-worker`): others are dropped.
 */
export async function listRevisionArns(
  ecs: ECSClient,
  family: string,
  options: { status?: 'ACTIVE' | 'INACTIVE'; limit?: number; onPage?: () => Promise<void> } = {},
): Promise<string[]> {
  const out: string[] = [];
  if (options.limit !== undefined && options.limit <= 0) return out;
  let nextToken: string | undefined;
  do {
    await options.onPage?.();
    const page = await ecs.send(
      new ListTaskDefinitionsCommand({
        familyPrefix: family,
        status: options.status ?? 'ACTIVE',
        sort: 'DESC',
        maxResults: 100,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    for (const arn of page.taskDefinitionArns ?? []) {
      if (parseRevisionRef(arn)?.family !== family) continue;
      out.push(arn);
      if (options.limit !== undefined && out.length >= options.limit) return out;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/** DescribeTaskDefinition with tags for each ARN, a few at a time, in the order given. */
export async function describeRevisions(
  ecs: ECSClient,
  arns: readonly string[],
  options: { concurrency?: number; before?: () => Promise<void> } = {},
): Promise<DescribedRevision[]> {
  const out: DescribedRevision[] = new Array(arns.length);
  let next = 0;
  const worker = async () => {
    while (next < arns.length) {
      const i = next++;
      await options.before?.();
      const res = await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: arns[i]!, include: ['TAGS'] }),
      );
      if (!res.taskDefinition) throw new Error(`ECS described no task definition for ${arns[i]}`);
      out[i] = { td: res.taskDefinition, tags: res.tags ?? [] };
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(Math.max(1, options.concurrency ?? 5), arns.length) }, worker),
  );
  return out;
}

/** The principal's short name: `arn:aws:sts::1:assumed-role/github-actions/run-7` → `github-actions/run-7`. */
export function principalName(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const m = /:(?:assumed-role|user|role)\/(.+)$/.exec(arn);
  return m?.[1] ?? arn.split(':').pop();
}

export function releaseRecord(
  d: DescribedRevision,
  where?: { cluster: string; service: string },
): ReleaseRecord {
  const { td, tags } = d;
  const arn = td.taskDefinitionArn ?? '';
  const mark = where ? verdictOf(tags, where.cluster, where.service) : undefined;
  const get = (key: string) => tagValue(tags, key);
  return {
    arn,
    family: td.family ?? parseRevisionRef(arn)?.family ?? '',
    revision: td.revision ?? parseRevisionRef(arn)?.revision ?? 0,
    status: td.status ?? 'ACTIVE',
    ...(td.registeredAt ? { registeredAt: new Date(td.registeredAt).toISOString() } : {}),
    ...(td.registeredBy ? { registeredBy: principalName(td.registeredBy)! } : {}),
    ...(get(GIT_SHA_TAG) ? { gitSha: get(GIT_SHA_TAG)! } : {}),
    ...(get(REPOSITORY_TAG) ? { repository: get(REPOSITORY_TAG)! } : {}),
    ...(get(ACTOR_TAG) ? { actor: get(ACTOR_TAG)! } : {}),
    ...(get(RUN_URL_TAG) ? { runUrl: get(RUN_URL_TAG)! } : {}),
    images: Object.fromEntries((td.containerDefinitions ?? []).map((c) => [c.name ?? '', c.image ?? ''])),
    ...(mark ? { verdict: mark.verdict, verdictAt: new Date(mark.at).toISOString() } : {}),
  };
}

/**
 * The rollback target among records of one family: the newest verified ACTIVE revision older than the one
 * serving. Revision − 1 is never assumed: it may be the release that failed.
 */
export function previousVerified(
  records: readonly ReleaseRecord[],
  serving: number,
): ReleaseRecord | undefined {
  return records
    .filter((r) => r.revision < serving && r.verdict === 'verified' && r.status === 'ACTIVE')
    .sort((a, b) => b.revision - a.revision)[0];
}

export interface HistoryRequest {
  family: string;
  cluster: string;
  service: string;
  /** The revision the service runs (ARN): marked live, and the rollback target is older than it. */
  liveArn?: string;
  /** How many revisions to show. */
  limit: number;
}

/**
 * The newest `limit` ACTIVE revisions of the family with their verdicts for the service. When the rollback
 * target is older than those, it is read too and listed last, so the table always names it.
 */
export async function readHistory(ecs: ECSClient, req: HistoryRequest): Promise<ReleaseRecord[]> {
  const where = { cluster: req.cluster, service: req.service };
  const serving = req.liveArn ? revisionOfArn(req.liveArn) : undefined;
  const arns = await listRevisionArns(ecs, req.family, { limit: req.limit });
  const records = (await describeRevisions(ecs, arns)).map((d) => releaseRecord(d, where));
  let target =
    serving && serving.family === req.family ? previousVerified(records, serving.revision) : undefined;
  if (!target && serving && serving.family === req.family && arns.length >= req.limit) {
    // Further back, a page at a time: stop at the first verified revision older than the live one.
    const all = await listRevisionArns(ecs, req.family, { limit: req.limit + 200 });
    for (const arn of all.slice(req.limit)) {
      if (revisionOfArn(arn).revision >= serving.revision) continue;
      const [d] = await describeRevisions(ecs, [arn]);
      const record = releaseRecord(d!, where);
      if (record.verdict === 'verified') {
        records.push(record);
        target = record;
        break;
      }
    }
  }
  for (const r of records) {
    if (r.arn === req.liveArn) r.live = true;
    if (r === target) r.rollbackTarget = true;
  }
  return records;
}
