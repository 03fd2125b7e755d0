/**
 * The metrics gate (`metric-checks`): the release's CloudWatch metrics over the bake time, judged against
 * the window before the release, with no alarm needed beforehand. CloudWatch has one datapoint per minute,
 * so the checks are evaluated at most once per minute of AWS's clock while the bake runs (a failure rolls
 * back at once) and a last time when the bake ends, where a check without the data it needs fails.
 *
 * Windows: the bake window is the whole minutes from the bake's start to now; the window before is as
 * long as the bake time and ends at the minute the release started (what ran before it).
 */
import type { Service } from '@aws-sdk/client-ecs';
import { explainAwsError } from '../../aws/index.js';
import type { FailureCause, MetricCheckResult } from '../../deploy-report/index.js';
import { UserError } from '../../inputs/index.js';
import {
  ceilMinute,
  fetchMetrics,
  floorMinute,
  judgeCheck,
  metricQueries,
  minutesOf,
  PERIOD_SECONDS,
  resolveMetricTargets,
  serviceSeries,
  windowValue,
  type MetricCheck,
  type MetricTargets,
} from '../../metrics/index.js';
import { duration } from '../../markdown/index.js';
import { fail, pass, wait, type Subject, type Verdict } from '../observation.js';
import type { DeployState, Mode } from '../state.js';

const MINUTE = PERIOD_SECONDS * 1000;

export class MetricsGate {
  /** The checks at their last evaluation (for the report). */
  results: MetricCheckResult[] = [];
  /** The bake being judged: its start on the local clock and on AWS's. */
  bake: { localStart: number; awsStart: number } | undefined;
  /** AWS minute of the last evaluation: never twice in one minute, except the final one. */
  private lastMinute: number | undefined;

  constructor(
    readonly targets: MetricTargets,
    private readonly checks: readonly MetricCheck[],
    private readonly bakeMs: number,
  ) {}

  /**
   * Judge the checks at AWS time `now` for a bake that started at `bakeStart` (AWS time) of a release that
   * started at `releaseStart`. Undefined: not evaluated (this minute was judged already).
   */
  async judge(
    state: Pick<DeployState, 'deps'>,
    times: { releaseStart: number; bakeStart: number; now: number },
    final: boolean,
  ): Promise<Verdict | undefined> {
    const minute = floorMinute(times.now);
    if (!final && this.lastMinute === minute) return undefined;
    this.lastMinute = minute;
    const beforeEnd = floorMinute(times.releaseStart);
    const beforeStart = beforeEnd - Math.max(MINUTE, ceilMinute(this.bakeMs));
    // Whole minutes of the bake only: a minute it started in holds rollout traffic too.
    const afterMinutes = minutesOf(ceilMinute(times.bakeStart), minute);
    if (!afterMinutes.length) {
      if (!final)
        return wait('no complete minute of the bake time yet (CloudWatch has one datapoint per minute)');
      this.results = [];
      return fail({
        gate: 'metrics',
        summary: `metric checks could not be judged: the bake time (${duration(this.bakeMs / 1000)}) held no complete minute, and CloudWatch has one datapoint per minute; make bake-time at least 3m`,
      });
    }
    let raw;
    try {
      raw = await fetchMetrics(
        state.deps.clients.cloudwatch,
        metricQueries(this.targets),
        beforeStart,
        afterMinutes.at(-1)! + MINUTE,
      );
    } catch (err) {
      const why = explainAwsError(err).message;
      if (!final) return wait(`could not read the metrics (${why}); trying again next minute`);
      return fail({ gate: 'metrics', summary: `metric checks could not run: ${why}` });
    }
    const beforeMinutes = minutesOf(beforeStart, beforeEnd);
    const before = serviceSeries(raw, this.targets, beforeMinutes);
    const after = serviceSeries(raw, this.targets, afterMinutes);
    const judged = this.checks.map((check) =>
      judgeCheck(
        check,
        windowValue(check.metric, before, beforeMinutes.length),
        windowValue(check.metric, after, afterMinutes.length),
        final,
      ),
    );
    this.results = judged.filter((r): r is MetricCheckResult => !!r);
    const failed = this.results.filter((r) => r.status === 'failed');
    if (failed.length) return fail(metricsCause(failed));
    const pending = judged.length - this.results.length;
    if (!final || pending) {
      return wait(
        `${this.results.length}/${judged.length} metric check(s) within limits over ${afterMinutes.length} minute(s) of the bake time${pending ? `; ${pending} without data yet` : ''}`,
      );
    }
    return pass(
      `${this.results.length} metric check(s) within limits over ${afterMinutes.length} minute(s) of the bake time`,
    );
  }
}

function metricsCause(failed: MetricCheckResult[]): FailureCause {
  return {
    gate: 'metrics',
    summary: `metric check failed: ${failed.map((f) => f.detail).join('; ')}`,
  };
}

/**
 * Set up the gate before anything changes: it needs a bake time to judge, and the service's target groups
 * (for requests, 5xx and latency checks) resolved to their CloudWatch dimensions.
 */
export async function metricsGateFor(state: DeployState, service: Service): Promise<MetricsGate | undefined> {
  const { o } = state;
  const checks = o.metricChecks ?? [];
  if (!checks.length) return undefined;
  if (o.bakeTimeSeconds <= 0) {
    throw new UserError(
      'metric-checks',
      'are judged over the bake time, and bake-time is 0',
      'set bake-time too, e.g. 5m (CloudWatch has one datapoint per minute, so give it a few minutes)',
    );
  }
  const targets = await resolveMetricTargets(state.deps.clients.elbv2, service, {
    cluster: o.cluster,
    service: o.service,
  });
  const needsLoadBalancer = checks.find((c) =>
    ['requests', '5xx-rate', 'elb-5xx', 'p50-latency', 'p95-latency', 'p99-latency'].includes(c.metric),
  );
  if (needsLoadBalancer && !targets.targetGroups.length) {
    throw new UserError(
      'metric-checks',
      `line ${needsLoadBalancer.line} "${needsLoadBalancer.text}" needs an application load balancer, and service ${o.service} has none${targets.notes.length ? ` (${targets.notes.join('; ')})` : ''}`,
      'check CPU, memory or running tasks only (cpu-max, memory-max, running-tasks) for a service without one',
    );
  }
  return new MetricsGate(targets, checks, o.bakeTimeSeconds * 1000);
}

/**
 * Called by the watch on every round of the bake (deploy mode): evaluates the gate when a minute passed,
 * and a last time when the bake is over. Returns the cause when a check failed or could not run.
 */
export async function judgeMetricsInBake(
  state: DeployState,
  mode: Mode,
  subject: Subject,
  bakeStartedAt: number,
  final: boolean,
): Promise<FailureCause | undefined> {
  const gate = state.metricsGate;
  if (!gate || mode !== 'deploy') return undefined;
  const now = state.serverTime.now();
  // AWS's clock when this bake began (a bake that restarts starts a new window); the local clock may run
  // at another pace than AWS's (the simulator's does), so it is read, not computed.
  if (gate.bake?.localStart !== bakeStartedAt) gate.bake = { localStart: bakeStartedAt, awsStart: now };
  const verdict = await gate.judge(
    state,
    { releaseStart: subject.awsStartedAt, bakeStart: gate.bake.awsStart, now },
    final,
  );
  if (!verdict) return undefined;
  state.setGate('deploy', 'metrics', verdict);
  return verdict.status === 'fail' ? verdict.cause : undefined;
}
