/**
 * The rollback engine: put one or several services back on a revision that served well, through the same
 * gates as a release. Every target is resolved before anything changes (a mistyped sha for the second
 * service must not leave the first one rolled back alone); then each service in turn runs the deploy
 * engine as a rollback: an existing revision, never a registration, an in-flight deployment stopped with
 * ECS's own rollback, and the revision it ran before put back if the target is not healthy either.
 */
import type { DeployDeps, DeployOptions, DeployResult, HttpCheckOptions } from '../deploy/index.js';
import { currentRevision, deploy, resolveService } from '../deploy/index.js';
import {
  candidateLine,
  resolveRollbackTarget,
  type ResolvedTarget,
  type RollbackTo,
} from '../history/index.js';
import { revisionName } from '../ecs/index.js';
import { UserError, quote } from '../inputs/index.js';

export interface RollbackOptions {
  region: string;
  cluster: string;
  services: string[];
  to: RollbackTo;
  /** `to` as the user wrote it, for the plan and the report. */
  toText: string;
  allowInactive: boolean;
  dryRun: boolean;
  /** Per service: the URL that must answer while the target serves. */
  healthChecks: Record<string, HttpCheckOptions>;
  alarms: string[];
  alarmsPreexisting: 'wait' | 'ignore' | 'fail';
  bakeTimeSeconds: number;
  maxTaskFailures: number;
  timeoutSeconds: number;
  pollIntervalSeconds: number;
  onBusy: 'wait' | 'fail';
  /** When the target fails its gates: put back what ran before (`auto`), or leave the service (`none`). */
  restore: 'auto' | 'none';
  historyLength: number;
  git?: DeployOptions['git'];
}

export interface PlannedRollback {
  service: string;
  from: string;
  target: ResolvedTarget;
}

export interface RollbackResult {
  status: 'succeeded' | 'failed';
  message: string;
  plan: PlannedRollback[];
  results: DeployResult[];
  /** Services not rolled back because an earlier one failed. */
  notAttempted: string[];
  summary: string;
}

/** Resolve each service's target; any error stops here, before any change. */
export async function planRollback(o: RollbackOptions, deps: DeployDeps): Promise<PlannedRollback[]> {
  // A URL for a service not rolled back now is fine; one for a service that does not exist is a typo.
  for (const name of Object.keys(o.healthChecks).filter((n) => !o.services.includes(n))) {
    try {
      await resolveService(deps.clients, o.cluster, name, o.region);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      throw new UserError(
        'health-check-url',
        `names service ${quote(name)}, which is not in cluster ${o.cluster}`,
        `check the name: the URL of each service rolled back (${o.services.join(', ')}) is checked only under its own name`,
      );
    }
  }
  const plan: PlannedRollback[] = [];
  for (const name of o.services) {
    const service = await resolveService(deps.clients, o.cluster, name, o.region);
    const from = currentRevision(service);
    const target = await resolveRollbackTarget(deps.clients.ecs, {
      to: o.to,
      cluster: o.cluster,
      service: name,
      region: o.region,
      currentArn: from,
      allowInactive: o.allowInactive,
      input: o.services.length > 1 ? `to (service ${name})` : 'to',
    });
    plan.push({ service: name, from, target });
  }
  return plan;
}

export function planLines(plan: readonly PlannedRollback[]): string[] {
  return plan.map(
    (p) =>
      `${p.service}: ${revisionName(p.from)} → ${revisionName(p.target.record)} (${p.target.how}); target ${candidateLine(p.target.record)}`,
  );
}

export async function rollback(o: RollbackOptions, deps: DeployDeps): Promise<RollbackResult> {
  const plan = await planRollback(o, deps);
  for (const line of planLines(plan))
    deps.log.info(`${o.dryRun ? 'dry run: would roll back ' : 'plan: '}${line}`);
  for (const p of plan) for (const w of p.target.warnings) deps.log.warning(`${p.service}: ${w}`);
  const results: DeployResult[] = [];
  const notAttempted: string[] = [];
  for (const [i, p] of plan.entries()) {
    if (results.some((r) => r.status !== 'succeeded') || deps.signal?.aborted) {
      notAttempted.push(...plan.slice(i).map((q) => q.service));
      break;
    }
    results.push(await deploy(deployOptions(o, p), deps));
  }
  const failed = results.find((r) => r.status !== 'succeeded');
  const status = failed || notAttempted.length ? 'failed' : 'succeeded';
  const skipped = notAttempted.length
    ? `; not rolled back (an earlier service failed first): ${notAttempted.join(', ')}`
    : '';
  const message =
    results.length === 1 && !skipped
      ? results[0]!.message
      : failed
        ? `${failed.message}${skipped}`
        : `${o.dryRun ? 'dry run: ' : ''}${results.map((r) => r.message).join('; ')}`;
  const summary = [
    ...results.map((r) => r.summary),
    ...(notAttempted.length
      ? [
          `### ⏭️ Not rolled back: ${notAttempted.join(', ')}\n\nThe rollback of an earlier service failed, so these were left as they are.\n`,
        ]
      : []),
  ].join('\n');
  return { status, message, plan, results, notAttempted, summary };
}

/** One service's rollback as the deploy engine runs it. */
function deployOptions(o: RollbackOptions, p: PlannedRollback): DeployOptions {
  const healthCheck = o.healthChecks[p.service];
  return {
    region: o.region,
    cluster: o.cluster,
    service: p.service,
    taskDefinition: { kind: 'revision', ref: p.target.record.arn },
    forceNewDeployment: false,
    strategy: 'auto',
    onBusy: o.onBusy,
    maxTaskFailures: o.maxTaskFailures,
    ...(healthCheck ? { healthCheck } : {}),
    alarms: o.alarms,
    alarmsPreexisting: o.alarmsPreexisting,
    bakeTimeSeconds: o.bakeTimeSeconds,
    rollback: o.restore,
    // A cancelled rollback leaves the service where it stands: undoing it would put the bad release back.
    onCancel: 'leave',
    timeoutSeconds: o.timeoutSeconds,
    pollIntervalSeconds: o.pollIntervalSeconds,
    dryRun: o.dryRun,
    tags: [],
    historyLength: o.historyLength,
    rollbackOf: { request: o.toText, how: p.target.how, allowInactive: o.allowInactive },
    ...(o.git ? { git: o.git } : {}),
  };
}
