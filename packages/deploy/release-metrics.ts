/**
 * The release's metrics for the report and summary: from the update to the end of the run against an
 * equal window before it, with the metric checks' last results. Reading them is never fatal: a missing
 * permission or a throttled call is said in the report instead.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { explainAwsError } from '../aws/index.js';
import type { ReleaseMetrics } from '../deploy-report/index.js';
import { readReleaseMetrics, releaseWindows, resolveMetricTargets } from '../metrics/index.js';
import type { DeployState } from './state.js';

/**
 * The service's target groups and load balancers as metric dimensions, looked up when the rollout starts
 * (a read after ECS finished would delay the step's return). The promise is handled here so that a path
 * that never reads the metrics cannot leave it rejected and unobserved; releaseMetricsFor awaits it.
 */
export function startMetricTargets(state: DeployState, service: Service): void {
  const { o, deps } = state;
  const read = resolveMetricTargets(deps.clients.elbv2, service, { cluster: o.cluster, service: o.service });
  read.catch(() => undefined);
  state.metricTargets = read;
}

export async function releaseMetricsFor(
  state: DeployState,
  service: Service | undefined,
): Promise<ReleaseMetrics | undefined> {
  const { o, deps } = state;
  const subject = state.subject;
  // Nothing started (a dry run, a refusal), or a cancel with seconds left: no metrics worth the call.
  if (o.dryRun || !subject || !service || deps.signal?.aborted) return undefined;
  const checks = state.metricsGate?.results.length ? { checks: state.metricsGate.results } : {};
  const end = state.serverTime.now();
  try {
    const targets =
      state.metricsGate?.targets ??
      (await (state.metricTargets ??
        resolveMetricTargets(deps.clients.elbv2, service, { cluster: o.cluster, service: o.service })));
    return {
      ...(await readReleaseMetrics(deps.clients.cloudwatch, targets, subject.awsStartedAt, end)),
      ...checks,
    };
  } catch (err) {
    const error = explainAwsError(err).message;
    state.log.warning(`could not read the release metrics: ${error}`);
    const w = releaseWindows(subject.awsStartedAt, end);
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      periodSeconds: 60,
      before: { start: iso(w.before.start), end: iso(w.before.end) },
      after: { start: iso(w.after.start), end: iso(w.after.end) },
      targetGroups: [],
      loadBalancers: [],
      rows: [],
      ...checks,
      error,
    };
  }
}
