/**
 * What one deploy run knows as it goes, shared by its steps (settle, watch, report): the timeline, the
 * gates' latest results, the revisions it described, AWS's clock, and what it started.
 */
import type { resolveMetricTargets } from '../metrics/index.js';
import type { CostReads } from './cost-timing.js';
import type { GateResult, GateStatus, StrategyName } from '../deploy-report/index.js';
import { Revisions, ServerTime, Timeline } from '../ecs/index.js';
import type { MetricsGate } from './gates/metrics.js';
import type { ServiceLock } from './lock.js';
import type { Subject, Verdict } from './observation.js';
import type { DeployDeps, DeployOptions } from './options.js';

export type Mode = 'deploy' | 'rollback';

export class DeployState {
  readonly timeline: Timeline;
  readonly revisions: Revisions;
  readonly serverTime: ServerTime;
  readonly startedAt: number;
  readonly deadline: number;
  /** Every gate of this run by name, in the order first set. */
  readonly gates = new Map<string, GateResult>();
  /** Tasks of the release seen while watching: their log streams go into the report. */
  readonly releaseTasks = new Set<string>();
  strategy: StrategyName = 'ROLLING';
  ignoredAlarms = new Set<string>();
  /** Alarms in ALARM before a rollback (alarms-preexisting: wait): removed as each clears. */
  clearingAlarms = new Set<string>();
  /** The revision this run put in place on the service (an update was sent, or an in-flight one stopped to it). */
  shipped?: string;
  /** The deployment this run started (ECS `ecs-svc/…`, service deployment ARN, or CodeDeploy id). */
  deploymentId?: string;
  previousArn?: string;
  /** The revision this run deploys, once settled. */
  targetArn?: string;
  /** The mark on the service while this run deploys it (one deploy per service at a time). */
  lock?: ServiceLock;
  /** The same lock, kept for the end even when marking failed: a write that seemed to fail may have landed. */
  lockCleanup?: ServiceLock;
  /** The release being watched, once it started: its AWS start time opens the metrics window. */
  /** The metric dimensions of the service's target groups, looked up with the rollout (release-metrics.ts). */
  metricTargets?: ReturnType<typeof resolveMetricTargets>;
  /** Reads for the cost and the time breakdown, started with the rollout (see readCostInputs). */
  costReads?: Promise<CostReads>;
  subject?: Subject;
  /** The metrics gate, when metric-checks were given (gates/metrics.ts). */
  metricsGate?: MetricsGate;

  constructor(
    readonly o: DeployOptions,
    readonly deps: DeployDeps,
  ) {
    this.serverTime = new ServerTime(() => deps.clock.now());
    this.serverTime.track(deps.clients.ecs);
    this.serverTime.track(deps.clients.elbv2);
    // Entries carry AWS's time too: the rollout's time breakdown sets them against ECS's task timestamps.
    this.timeline = new Timeline(deps.clock, deps.log, this.serverTime);
    this.revisions = new Revisions(deps.clients.ecs, o.region, (ms) => deps.clock.sleep(ms));
    this.startedAt = deps.clock.now();
    this.deadline = this.startedAt + o.timeoutSeconds * 1000;
  }

  get log() {
    return this.deps.log;
  }

  get now(): number {
    return this.deps.clock.now();
  }

  record(kind: string, message: string, level: 'info' | 'warning' = 'info'): void {
    this.timeline.record(kind, message, level);
  }

  gateName(mode: Mode, name: string): string {
    return mode === 'rollback' ? `rollback ${name}` : name;
  }

  /** A gate that does not apply to this run, and why: listed, never counted as passed. */
  notApplicable(name: string, why: string): void {
    this.gates.set(name, { name, status: 'not-applicable', detail: why });
  }

  /** Keep the gate's latest result; log it when its status changes. */
  setGate(mode: Mode, name: string, verdict: Verdict): void {
    const key = this.gateName(mode, name);
    const status: GateStatus =
      verdict.status === 'pass' ? 'passed' : verdict.status === 'fail' ? 'failed' : 'waiting';
    const detail = verdict.status === 'fail' ? verdict.cause.summary : verdict.detail;
    const before = this.gates.get(key);
    this.gates.set(key, { name: key, status, ...(detail ? { detail } : {}) });
    if (before?.status !== status && status !== 'waiting') {
      this.record(
        'gate',
        `gate ${key} ${status}${detail ? `: ${detail}` : ''}`,
        status === 'failed' ? 'warning' : 'info',
      );
    } else if (before?.detail !== detail && detail) {
      this.log.debug(`gate ${key} ${status}: ${detail}`);
    }
  }
}
