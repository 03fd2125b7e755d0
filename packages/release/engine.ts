/**
 * A multi-service release: deploy several ECS services together, each with its own gates, and keep the
 * release whole. Every service is first checked by the deploy engine in a dry run (a typo in any item, a
 * missing alarm or file fails the release before any change). Then all services deploy in parallel, each
 * through the deploy engine exactly as the deploy action runs it (its lock, its gates, its rollback, its
 * report). When one fails, the others are stopped: those still in flight roll back through the deploy
 * engine's own cancel path (and the release waits for the revision they ran before to serve), those that
 * had shipped are rolled back by the rollback engine to that revision, through the same gates. A cancelled
 * workflow stops every service the same way and leaves the waiting to the action's post step.
 */
import { join } from 'node:path';
import { explainAwsError } from '../aws/index.js';
import type {
  DeployClients,
  DeployDeps,
  DeployOptions,
  DeployProgress,
  DeployResult,
  HttpGet,
  Recovery,
  SavedDeploy,
} from '../deploy/index.js';
import { revisionName } from '../ecs/index.js';
import { UserError, isUserError } from '../inputs/index.js';
import type { RollbackOptions, RollbackResult } from '../rollback/index.js';
import type { Clock, Logger } from '../runtime/index.js';
import {
  releaseSummary,
  writeRecord,
  amendReports,
  type ReleaseRecord,
  type ServiceOutcome,
} from './record.js';

export interface ReleaseService {
  /** Where the service's settings came from, for errors: `services[1]`. */
  label: string;
  options: DeployOptions;
}

export interface ReleaseOptions {
  services: ReleaseService[];
  /** Check every service and print what would change; change nothing. */
  dryRun: boolean;
}

/** The engines a release drives: the deploy action's, the rollback action's and the deploy post step's. */
export interface ReleaseEngines {
  deploy(o: DeployOptions, deps: DeployDeps): Promise<DeployResult>;
  rollback(o: RollbackOptions, deps: DeployDeps): Promise<RollbackResult>;
  recover(saved: SavedDeploy, deps: DeployDeps): Promise<Recovery>;
}

export interface ReleaseDeps {
  clients: DeployClients;
  clock: Clock;
  log: Logger;
  engines: ReleaseEngines;
  /** The HTTP probe of the gates, cut short when `signal` aborts. */
  probe(signal: AbortSignal): HttpGet;
  /** Directory for the reports: per-service reports go to `<dir>/reports`, the release record beside it. */
  reportDir?: string;
  /** Aborted when the workflow is cancelled. */
  signal?: AbortSignal;
  /** What each service started, as it starts it (index in `services`): the entry saves it for the post step. */
  save?(index: number, facts: Partial<SavedDeploy>): void;
}

export interface ReleaseResult {
  status: 'succeeded' | 'failed';
  /** One line: what shipped, or which service failed first, why, and what every other service did. */
  message: string;
  summary: string;
  record: ReleaseRecord;
  /** Per-service deploy reports (the report action reads them); none in a dry run without a report dir. */
  reportPaths: string[];
  /** The directory holding only those reports (a `reports` input of the report action takes it). */
  reportsDir?: string;
  recordPath?: string;
}

interface Running {
  index: number;
  s: ReleaseService;
  name: string;
  facts: Partial<SavedDeploy>;
  result?: DeployResult;
  error?: unknown;
}

export async function release(o: ReleaseOptions, deps: ReleaseDeps): Promise<ReleaseResult> {
  const started = deps.clock.now();
  const reportsDir = deps.reportDir ? join(deps.reportDir, 'reports') : undefined;
  const checked = await preflight(o, deps, reportsDir);
  if (o.dryRun) {
    const outcomes = checked.map((r, i) => outcomeOf(o.services[i]!, r, 'dry-run', r.message));
    return finish(
      deps,
      started,
      'succeeded',
      `dry run: ${checked.map((r) => r.message).join('; ')}`,
      outcomes,
      checked,
    );
  }

  const stopAll = new AbortController();
  const runs: Running[] = o.services.map((s, index) => ({
    index,
    s,
    name: s.options.service,
    facts: {},
  }));
  // Set from the parallel runs: the service whose failure stopped the release, and whether a cancel did.
  const stopped: { first?: Running; cancelled: boolean } = { cancelled: false };
  const onCancel = () => {
    for (const r of runs) deps.save?.(r.index, { cancelled: true });
  };
  deps.signal?.addEventListener('abort', onCancel, { once: true });
  deps.log.info(`releasing ${runs.map((r) => r.name).join(', ')} in parallel`);
  await Promise.all(
    runs.map(async (r) => {
      const stop = new AbortController();
      const abort = () => stop.abort();
      if (deps.signal?.aborted) stop.abort();
      deps.signal?.addEventListener('abort', abort, { once: true });
      stopAll.signal.addEventListener('abort', abort, { once: true });
      const save = (facts: Partial<SavedDeploy>) => {
        Object.assign(r.facts, facts);
        deps.save?.(r.index, facts);
      };
      const so = r.s.options;
      save({
        cluster: so.cluster,
        service: so.service,
        region: so.region,
        onCancel: 'rollback',
        pollIntervalSeconds: so.pollIntervalSeconds,
        timeoutSeconds: so.timeoutSeconds,
        finished: false,
        cancelled: deps.signal?.aborted ?? false,
      });
      try {
        r.result = await deps.engines.deploy(
          // A release is all or nothing: a stopped service always rolls back what it started.
          { ...so, rollback: 'auto', onCancel: 'rollback', dryRun: false },
          {
            clients: deps.clients,
            clock: deps.clock,
            log: prefixed(deps.log, r.name),
            http: deps.probe(stop.signal),
            ...(reportsDir ? { reportDir: reportsDir } : {}),
            signal: stop.signal,
            progress: (facts: DeployProgress) => save(facts),
          },
        );
      } catch (err) {
        r.error = err;
      } finally {
        deps.signal?.removeEventListener('abort', abort);
      }
      const said = prefixed(deps.log, r.name);
      if (r.result?.status === 'succeeded') said.info(r.result.message);
      else said.warning(r.result?.message ?? failureText(r));
      if (r.result?.status === 'succeeded' || stopped.first) return;
      stopped.first = r;
      stopped.cancelled = deps.signal?.aborted ?? false;
      if (stopped.cancelled) return;
      deps.log.warning(
        `${r.name} failed: ${failureText(r)}; stopping the other services and rolling every service of the release back`,
      );
      stopAll.abort();
    }),
  );

  const { first, cancelled } = stopped;
  if (!first) {
    deps.signal?.removeEventListener('abort', onCancel);
    for (const r of runs) deps.save?.(r.index, { finished: true });
    const outcomes = runs.map((r) =>
      outcomeOf(r.s, r.result, 'live', `shipped ${revisionName(r.result!.report.taskDefinition.arn)}`),
    );
    const took = Math.round((deps.clock.now() - started) / 1000);
    const message = `released ${outcomes.map((x) => `${x.service} ${revisionName(x.released)}`).join(', ')} in ${took}s`;
    return finish(
      deps,
      started,
      'succeeded',
      message,
      outcomes,
      runs.map((r) => r.result!),
    );
  }

  const outcomes = cancelled
    ? runs.map((r) => afterWorkflowCancel(r, deps))
    : await Promise.all(runs.map((r) => afterFailure(r, r === first, deps, reportsDir)));
  deps.signal?.removeEventListener('abort', onCancel);
  const failedFirst = first;
  const others = outcomes.filter((x) => x.label !== failedFirst.s.label);
  const lines = others.map((x) => `${x.service}: ${x.detail}`);
  const message = cancelled
    ? `release cancelled: ${outcomes.map((x) => `${x.service}: ${x.detail}`).join('; ')}`
    : `release failed: ${failedFirst.name} failed first: ${failureText(failedFirst)}${lines.length ? `. ${lines.join('. ')}` : ''}`;
  for (const x of outcomes)
    if (x.outcome === 'rollback-failed')
      deps.log.error(`ROLLBACK FAILED: ${x.service} is not back on ${revisionName(x.before)}: ${x.detail}`);
  return finish(
    deps,
    started,
    'failed',
    message,
    outcomes,
    runs.flatMap((r) => (r.result ? [r.result] : [])),
    cancelled ? undefined : { service: failedFirst.name, summary: failureText(failedFirst) },
  );
}

/**
 * Every service through the deploy engine's dry run, in parallel: it reads the files, resolves the service
 * and its strategy, checks alarms and settings and settles the revision, changing nothing. The first
 * problem, in item order, ends the release before any service changes.
 */
async function preflight(
  o: ReleaseOptions,
  deps: ReleaseDeps,
  reportsDir: string | undefined,
): Promise<DeployResult[]> {
  const noProbe: HttpGet = () => Promise.reject(new Error('no HTTP checks in a dry run'));
  const settled = await Promise.allSettled(
    o.services.map((s) =>
      deps.engines.deploy(
        {
          ...s.options,
          dryRun: true,
          // Checking only: no history reads, and a busy service is found at once (the real run waits).
          ...(o.dryRun ? {} : { historyLength: 0, onBusy: 'fail' as const }),
        },
        {
          clients: deps.clients,
          clock: deps.clock,
          log: o.dryRun ? prefixed(deps.log, s.options.service) : quiet(deps.log, s.options.service),
          http: noProbe,
          ...(o.dryRun && reportsDir ? { reportDir: reportsDir } : {}),
          ...(deps.signal ? { signal: deps.signal } : {}),
        },
      ),
    ),
  );
  const results: DeployResult[] = [];
  for (const [i, r] of settled.entries()) {
    const s = o.services[i]!;
    const name = `${s.options.cluster}/${s.options.service}`;
    if (r.status === 'rejected') {
      const err: unknown = r.reason;
      if (isUserError(err) && err.input === 'on-busy' && s.options.onBusy === 'wait' && !o.dryRun) continue;
      if (isUserError(err))
        throw new UserError(`${s.label}.${err.input ?? 'service'}`, `${err.problem} (${name})`, err.fix);
      throw new Error(`${s.label} (${name}): ${explainAwsError(err).message}; the release changed nothing`);
    }
    if (r.value.status !== 'succeeded')
      throw new Error(`${s.label} (${name}): ${r.value.message}; the release changed nothing`);
    results.push(r.value);
  }
  return results;
}

/** The workflow was cancelled: each service stopped; what it started is rolled back by the post step. */
function afterWorkflowCancel(r: Running, deps: ReleaseDeps): ServiceOutcome {
  const report = r.result?.report;
  const before = report?.previousTaskDefinition?.arn ?? r.facts.previousTaskDefinition;
  if (report?.status === 'succeeded') {
    deps.save?.(r.index, { finished: false });
    return outcomeOf(
      r.s,
      r.result,
      'handed-over',
      `had shipped ${revisionName(report.taskDefinition.arn)}; the post step rolls it back to ${revisionName(before)}`,
    );
  }
  if (!r.facts.taskDefinition) {
    deps.save?.(r.index, { finished: true });
    return outcomeOf(
      r.s,
      r.result,
      'unchanged',
      `not changed: ${r.result ? r.result.message : failureText(r)}`,
    );
  }
  const stopped = report?.cause?.gate === 'cancelled' || !report;
  deps.save?.(r.index, { finished: !stopped });
  return outcomeOf(
    r.s,
    r.result,
    stopped ? 'handed-over' : report.status === 'rolled-back' ? 'rolled-back' : 'rollback-failed',
    stopped
      ? `stopped mid-release; the post step waits for ${revisionName(before)} to serve`
      : r.result!.message,
  );
}

/** A service failed first: put this one back on what it ran before the release, and say how it went. */
async function afterFailure(
  r: Running,
  isFirst: boolean,
  deps: ReleaseDeps,
  reportsDir: string | undefined,
): Promise<ServiceOutcome> {
  const log = prefixed(deps.log, r.name);
  const report = r.result?.report;
  const before = report?.previousTaskDefinition?.arn ?? r.facts.previousTaskDefinition;
  const end = (outcome: ServiceOutcome['outcome'], detail: string, more: Partial<ServiceOutcome> = {}) => {
    // A rollback that did not finish because the workflow was cancelled is the post step's to finish.
    deps.save?.(r.index, { finished: outcome !== 'handed-over' });
    return { ...outcomeOf(r.s, r.result, outcome, detail), ...more };
  };
  const failed = (detail: string) => end(isFirst ? 'failed-first' : 'failed', detail);

  // Its own deploy already ended it: rolled back by the deploy engine, or failed saying where it stands.
  if (report && report.status !== 'succeeded' && report.cause?.gate !== 'cancelled') {
    if (report.status === 'rolled-back')
      return end(
        isFirst ? 'failed-first' : 'rolled-back',
        `rolled back to ${revisionName(before)}: ${report.cause?.summary ?? ''}`,
        {
          now: before,
        },
      );
    return report.rollbackProblem || !r.facts.taskDefinition
      ? end(
          r.facts.taskDefinition ? 'rollback-failed' : isFirst ? 'failed-first' : 'unchanged',
          r.result!.message,
        )
      : failed(r.result!.message);
  }
  if (!r.facts.taskDefinition) {
    if (report?.status === 'succeeded' && report.taskDefinition.arn === before)
      return end('unchanged', `already ran ${revisionName(before)}; nothing to roll back`, { now: before });
    if (!report || report.status !== 'succeeded')
      return isFirst
        ? failed(`${failureText(r)}; nothing was changed`)
        : end(
            'unchanged',
            `stopped before any change; still on ${revisionName(before ?? r.facts.previousTaskDefinition)}`,
            {
              ...(before ? { now: before } : {}),
            },
          );
  }
  if (report?.status === 'succeeded') {
    // It had shipped: the rollback engine puts the revision it ran before back, through the same gates.
    log.warning(
      `rolling back from ${revisionName(report.taskDefinition.arn)} to ${revisionName(before)} (the release failed)`,
    );
    const back = await rollBackShipped(r, before!, deps, reportsDir, log);
    return back;
  }
  // Stopped mid-release (or its deploy threw after changing the service): the deploy engine started the
  // rollback on the abort; wait for the revision it ran before to serve, as the post step would.
  log.warning(`waiting for ${revisionName(r.facts.previousTaskDefinition)} to serve again`);
  const recovery = await deps.engines
    .recover(
      { ...(r.facts as SavedDeploy), onCancel: 'rollback', finished: false, cancelled: true },
      {
        clients: deps.clients,
        clock: deps.clock,
        log,
        http: () => Promise.reject(new Error('no HTTP checks while waiting for the rollback')),
        ...(deps.signal ? { signal: deps.signal } : {}),
      },
    )
    .catch((err: unknown): Recovery => ({ ok: false, message: explainAwsError(err).message, summary: '' }));
  const said = recovery.message.replace(/^cancelled: /, '');
  const prefix = isFirst ? `${failureText(r)}; ` : '';
  if (recovery.ok && /^rolled back to/.test(said))
    return end(isFirst ? 'failed-first' : 'rolled-back', `${prefix}${said}`, {
      now: r.facts.previousTaskDefinition,
    });
  if (deps.signal?.aborted)
    return end('handed-over', `${prefix}${said}; the post step waits for the rollback`);
  return end('rollback-failed', `${prefix}${said}`);
}

async function rollBackShipped(
  r: Running,
  before: string,
  deps: ReleaseDeps,
  reportsDir: string | undefined,
  log: Logger,
): Promise<ServiceOutcome> {
  const so = r.s.options;
  const shipped = r.result!.report.taskDefinition.arn;
  const options: RollbackOptions = {
    region: so.region,
    cluster: so.cluster,
    services: [so.service],
    to: { kind: 'ref', ref: before },
    toText: `${revisionName(before)} (what ran before the release)`,
    allowInactive: false,
    dryRun: false,
    healthChecks: so.healthCheck ? { [so.service]: so.healthCheck } : {},
    alarms: so.alarms,
    // The failed service may well have set an alarm off: it must clear, not stop the rollback.
    alarmsPreexisting: 'wait',
    bakeTimeSeconds: 0,
    maxTaskFailures: so.maxTaskFailures,
    timeoutSeconds: so.timeoutSeconds,
    pollIntervalSeconds: so.pollIntervalSeconds,
    onBusy: 'wait',
    restore: 'auto',
    historyLength: so.historyLength ?? 10,
    ...(so.git ? { git: so.git } : {}),
  };
  const save = (facts: DeployProgress) => {
    // Saved as the release's rollback, so a post step after a cancel waits for it instead of undoing it.
    const mapped: Partial<SavedDeploy> = {
      ...(facts.taskDefinition
        ? {
            rollbackStarted: true,
            rollbackBy: 'deploy' as const,
            ...(facts.serviceDeploymentArn
              ? { rollbackServiceDeploymentArn: facts.serviceDeploymentArn }
              : {}),
            ...(facts.deploymentId ? { rollbackDeploymentId: facts.deploymentId } : {}),
            ...(facts.startedAt !== undefined ? { rollbackAt: facts.startedAt } : {}),
          }
        : {}),
      ...(facts.serviceArn ? { serviceArn: facts.serviceArn } : {}),
      ...(facts.lockToken ? { lockToken: facts.lockToken } : {}),
    };
    Object.assign(r.facts, mapped);
    deps.save?.(r.index, mapped);
  };
  const result = await deps.engines
    .rollback(options, {
      clients: deps.clients,
      clock: deps.clock,
      log,
      http: deps.probe(deps.signal ?? new AbortController().signal),
      ...(reportsDir ? { reportDir: join(reportsDir, '..', 'rollbacks') } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
      progress: save,
    })
    .catch((err: unknown) => explainAwsError(err));
  const finish = (outcome: ServiceOutcome['outcome'], detail: string, now?: string) => {
    deps.save?.(r.index, { finished: outcome !== 'handed-over' });
    return {
      ...outcomeOf(r.s, r.result, outcome, detail),
      ...(now ? { now } : {}),
      ...(!(result instanceof Error) && result.results[0]?.reportPath
        ? { rollbackReportPath: result.results[0].reportPath }
        : {}),
    };
  };
  if (result instanceof Error)
    return finish(
      'rollback-failed',
      `had shipped ${revisionName(shipped)}; rollback to ${revisionName(before)} failed: ${result.message}`,
    );
  if (result.status === 'succeeded')
    return finish(
      'rolled-back',
      `had shipped ${revisionName(shipped)}; rolled back to ${revisionName(before)}`,
      before,
    );
  const own = result.results[0]?.report;
  if (own?.cause?.gate === 'cancelled')
    return finish(
      'handed-over',
      `had shipped ${revisionName(shipped)}; the rollback to ${revisionName(before)} was cancelled: ${result.message}; the post step waits for it`,
    );
  return finish(
    'rollback-failed',
    `had shipped ${revisionName(shipped)}; rollback to ${revisionName(before)} failed: ${result.message}`,
    own?.restored ? shipped : undefined,
  );
}

function failureText(r: Running): string {
  if (r.result) return r.result.report.cause?.summary ?? r.result.message;
  return explainAwsError(r.error).message;
}

function outcomeOf(
  s: ReleaseService,
  result: DeployResult | undefined,
  outcome: ServiceOutcome['outcome'],
  detail: string,
): ServiceOutcome {
  const report = result?.report;
  const released = report?.taskDefinition.arn || undefined;
  const before = report?.previousTaskDefinition?.arn;
  return {
    label: s.label,
    cluster: s.options.cluster,
    service: s.options.service,
    deployStatus: report?.status ?? 'error',
    outcome,
    detail,
    ...(before ? { before } : {}),
    ...(released ? { released } : {}),
    ...(outcome === 'live' && released ? { now: released } : {}),
    ...(outcome === 'dry-run' && before ? { now: before } : {}),
    ...(result?.reportPath ? { reportPath: result.reportPath } : {}),
  };
}

async function finish(
  deps: ReleaseDeps,
  started: number,
  status: 'succeeded' | 'failed',
  message: string,
  outcomes: ServiceOutcome[],
  results: DeployResult[],
  failedFirst?: { service: string; summary: string },
): Promise<ReleaseResult> {
  const finishedAt = deps.clock.now();
  const record: ReleaseRecord = {
    schemaVersion: 1,
    kind: 'release',
    status,
    message,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    durationSeconds: Math.round((finishedAt - started) / 1000),
    ...(failedFirst ? { failedFirst } : {}),
    services: outcomes,
  };
  await amendReports(record);
  const recordPath = deps.reportDir ? await writeRecord(deps.reportDir, record) : undefined;
  const reportPaths = outcomes.flatMap((x) => (x.reportPath ? [x.reportPath] : []));
  return {
    status,
    message,
    summary: releaseSummary(record, results),
    record,
    reportPaths,
    ...(deps.reportDir && reportPaths.length ? { reportsDir: join(deps.reportDir, 'reports') } : {}),
    ...(recordPath ? { recordPath } : {}),
  };
}

/** Each line of a service's log carries its name: the services' logs interleave. */
export function prefixed(log: Logger, name: string): Logger {
  return {
    info: (m) => log.info(`[${name}] ${m}`),
    warning: (m) => log.warning(`[${name}] ${m}`),
    error: (m) => log.error(`[${name}] ${m}`),
    debug: (m) => log.debug(`[${name}] ${m}`),
    mask: (s) => log.mask(s),
  };
}

/** The checking dry run's log: kept to debug lines, its findings come back as errors. */
function quiet(log: Logger, name: string): Logger {
  const p = prefixed(log, name);
  return { ...p, info: (m) => p.debug(m), warning: (m) => p.debug(m) };
}
