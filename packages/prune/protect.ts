/**
 * What must never be deregistered because a service uses it or is about to: read from every service of
 * every cluster given. A service (or cluster) that cannot be read is an error, never a silent pass: a
 * protection that could not be checked means the run deregisters nothing.
 */
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  ListServicesCommand,
  type ECSClient,
  type Service,
  type ServiceDeploymentStatus,
} from '@aws-sdk/client-ecs';
import { LOCK_TAG, parseMark } from '../deploy/lock.js';
import { shortName } from '../history/index.js';
import { UserError } from '../inputs/index.js';
import type { Logger } from '../runtime/index.js';
import { parseRevisionRef, revisionName } from '../task-definition-ref/index.js';

/** Service deployments that have not finished: their source and target revisions may run at any moment. */
export const IN_FLIGHT: ServiceDeploymentStatus[] = [
  'PENDING',
  'IN_PROGRESS',
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
];

/** `family:revision` of a task-definition ARN or reference, or undefined when it names no revision. */
export function revisionKey(ref: string | undefined): string | undefined {
  const parsed = parseRevisionRef(ref);
  return parsed ? revisionName(parsed) : undefined;
}

/** Reasons to keep, by `family:revision`. */
export class Protections {
  readonly reasons = new Map<string, string[]>();
  /** Services read, for the summary. */
  services = 0;

  add(ref: string | undefined, reason: string): void {
    const key = revisionKey(ref);
    if (!key) return;
    const list = this.reasons.get(key) ?? [];
    if (!list.includes(reason)) list.push(reason);
    this.reasons.set(key, list);
  }

  of(key: string): string[] {
    return this.reasons.get(key) ?? [];
  }
}

export interface ScanDeps {
  ecs: ECSClient;
  /** Paces every read (see pace.ts). */
  read: () => Promise<void>;
  /** AWS's clock: lock marks expire on it. */
  awsNow: () => number;
  log: Logger;
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/** Read every service of every cluster and collect what each protects. */
export async function scanClusters(clusters: readonly string[], deps: ScanDeps): Promise<Protections> {
  const out = new Protections();
  for (const cluster of clusters) {
    const arns = await listServices(cluster, deps);
    for (const batch of chunks(arns, 10)) {
      await deps.read();
      const res = await deps.ecs.send(
        new DescribeServicesCommand({ cluster, services: batch, include: ['TAGS'] }),
      );
      const failure = res.failures?.[0];
      if (failure) {
        throw new Error(
          `could not read service ${failure.arn ?? '?'} in cluster ${cluster} (${failure.reason ?? 'no reason given'}${failure.detail ? `: ${failure.detail}` : ''}); nothing was deregistered, because what it runs could not be checked`,
        );
      }
      const got = res.services ?? [];
      if (got.length !== batch.length) {
        throw new Error(
          `ECS described ${got.length} of ${batch.length} services of cluster ${cluster}; nothing was deregistered, because what the others run could not be checked`,
        );
      }
      for (const svc of got) await protectService(cluster, svc, out, deps);
    }
    out.services += arns.length;
  }
  return out;
}

async function listServices(cluster: string, deps: ScanDeps): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    await deps.read();
    let page;
    try {
      page = await deps.ecs.send(
        new ListServicesCommand({ cluster, maxResults: 100, ...(nextToken ? { nextToken } : {}) }),
      );
    } catch (err) {
      if ((err as { name?: string }).name === 'ClusterNotFoundException') {
        throw new UserError(
          'clusters',
          `cluster ${cluster} does not exist in this account and Region`,
          'list only clusters that exist (their services are read to protect what they run)',
        );
      }
      throw err;
    }
    arns.push(...(page.serviceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return arns;
}

async function protectService(cluster: string, svc: Service, out: Protections, deps: ScanDeps) {
  const where = `${shortName(svc.clusterArn ?? cluster)}/${svc.serviceName ?? shortName(svc.serviceArn ?? '?')}`;
  out.add(svc.taskDefinition, `run by ${where}`);
  for (const d of svc.deployments ?? []) {
    const state = [d.status, d.rolloutState].filter(Boolean).join(', ');
    out.add(d.taskDefinition, `in a deployment of ${where}${state ? ` (${state})` : ''}`);
  }
  for (const set of svc.taskSets ?? []) {
    out.add(set.taskDefinition, `in a task set of ${where}${set.status ? ` (${set.status})` : ''}`);
  }
  // A deploy that is running marks the service with the revision it ships: it may have registered it
  // and not yet updated the service.
  const mark = parseMark(svc.tags?.find((t) => t.key === LOCK_TAG)?.value);
  if (mark && mark.until > deps.awsNow()) {
    if (revisionKey(mark.revision))
      out.add(mark.revision, `being deployed to ${where} (lock mark of ${mark.run})`);
    else deps.log.info(`${where}: a deploy is running (${mark.run}); it has not named its revision yet`);
  }
  // Service deployments (ECS deployment controller only) that have not finished: what they move from and to.
  if ((svc.deploymentController?.type ?? 'ECS') === 'ECS')
    await protectInFlight(cluster, svc, where, out, deps);
}

async function protectInFlight(
  cluster: string,
  svc: Service,
  where: string,
  out: Protections,
  deps: ScanDeps,
) {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    await deps.read();
    const page = await deps.ecs.send(
      new ListServiceDeploymentsCommand({
        cluster,
        service: svc.serviceArn ?? svc.serviceName,
        status: IN_FLIGHT,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    arns.push(...(page.serviceDeployments ?? []).map((d) => d.serviceDeploymentArn ?? '').filter(Boolean));
    nextToken = page.nextToken;
  } while (nextToken);
  if (!arns.length) return;
  const revisions = new Map<string, string>();
  for (const batch of chunks(arns, 20)) {
    await deps.read();
    const res = await deps.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: batch }));
    const failure = res.failures?.[0];
    if (failure) {
      throw new Error(
        `could not read service deployment ${failure.arn ?? '?'} of ${where} (${failure.reason ?? 'no reason given'}); nothing was deregistered, because what it deploys could not be checked`,
      );
    }
    for (const d of res.serviceDeployments ?? []) {
      const status = d.status ?? 'in flight';
      for (const r of [
        d.targetServiceRevision?.arn,
        ...(d.sourceServiceRevisions ?? []).map((s) => s.arn),
        d.rollback?.serviceRevisionArn,
      ]) {
        if (r && !revisions.has(r)) revisions.set(r, status);
      }
    }
  }
  for (const batch of chunks([...revisions.keys()], 20)) {
    await deps.read();
    const res = await deps.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: batch }));
    const failure = res.failures?.[0];
    if (failure) {
      throw new Error(
        `could not read service revision ${failure.arn ?? '?'} of ${where} (${failure.reason ?? 'no reason given'}); nothing was deregistered, because what it deploys could not be checked`,
      );
    }
    for (const r of res.serviceRevisions ?? []) {
      out.add(
        r.taskDefinition,
        `in an unfinished service deployment of ${where} (${revisions.get(r.serviceRevisionArn ?? '') ?? 'in flight'})`,
      );
    }
  }
}
