/**
 * The release's metrics for the report: the release window (whole minutes from the update to the end of the
 * run) and an equal window before it, in one GetMetricData call, as rows of before / after / series with
 * regression marks. A metric without data says why instead of showing zero.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  METRIC_NAMES,
  type MetricName,
  type MetricRow,
  type ReleaseMetrics,
} from '../deploy-report/index.js';
import { isRegression, windowValue, type Series, type ServiceSeries } from './math.js';
import {
  ceilMinute,
  fetchMetrics,
  floorMinute,
  loadBalancersOf,
  metricQueries,
  minutesOf,
  PERIOD_SECONDS,
  serviceSeries,
  type MetricTargets,
} from './query.js';

const MINUTE = PERIOD_SECONDS * 1000;
/** The longest release window measured: the last six hours of a longer one. */
const MAX_WINDOW_MS = 6 * 3600_000;

const LOAD_BALANCER_METRICS = new Set<MetricName>([
  'requests',
  '5xx-rate',
  'elb-5xx',
  'p50-latency',
  'p95-latency',
  'p99-latency',
]);

/** The before and after windows of a release from `startMs` to `endMs` (AWS's clock), in whole minutes. */
export function releaseWindows(startMs: number, endMs: number) {
  const end = ceilMinute(Math.max(endMs, startMs + 1));
  const start = Math.max(floorMinute(startMs), end - MAX_WINDOW_MS);
  const length = Math.max(MINUTE, end - start);
  return { before: { start: start - length, end: start }, after: { start, end: start + length } };
}

const iso = (ms: number) => new Date(ms).toISOString();
const nullable = (s: Series | undefined, n: number) =>
  Array.from({ length: n }, (_, i) => (s?.[i] === undefined ? null : s[i]));

/** Why a row has no value, in words; undefined when both windows have one. */
export function missingNote(
  metric: MetricName,
  before: number | undefined,
  after: number | undefined,
  targets: Pick<MetricTargets, 'targetGroups'>,
): string | undefined {
  if (before !== undefined && after !== undefined) return undefined;
  if (LOAD_BALANCER_METRICS.has(metric) && !targets.targetGroups.length) return 'no data: no load balancer';
  if (metric === 'running-tasks' && before === undefined && after === undefined)
    return 'no data: Container Insights is not enabled on the cluster';
  if (before === undefined && after === undefined) return 'no data: no traffic';
  if (before === undefined) return 'no data before: new service / no traffic';
  return 'no data in the release: no traffic reached it';
}

/** Rows for every metric from the service's series of the two windows. */
export function metricRows(
  before: ServiceSeries,
  after: ServiceSeries,
  minutes: number,
  targets: Pick<MetricTargets, 'targetGroups'>,
): MetricRow[] {
  return METRIC_NAMES.map((metric) => {
    const b = windowValue(metric, before, minutes);
    const a = windowValue(metric, after, minutes);
    const note = missingNote(metric, b, a, targets);
    return {
      metric,
      ...(b !== undefined ? { before: b } : {}),
      ...(a !== undefined ? { after: a } : {}),
      beforeSeries: nullable(before[metric], minutes),
      afterSeries: nullable(after[metric], minutes),
      ...(isRegression(metric, b, a) ? { regression: true } : {}),
      ...(note ? { note } : {}),
    };
  });
}

/** Fetch and assemble the release metrics of a service for a release from `startMs` to `endMs`. */
export async function readReleaseMetrics(
  cloudwatch: CloudWatchClient,
  targets: MetricTargets,
  startMs: number,
  endMs: number,
): Promise<ReleaseMetrics> {
  const w = releaseWindows(startMs, endMs);
  const raw = await fetchMetrics(cloudwatch, metricQueries(targets), w.before.start, w.after.end);
  const beforeMinutes = minutesOf(w.before.start, w.before.end);
  const afterMinutes = minutesOf(w.after.start, w.after.end);
  const rows = metricRows(
    serviceSeries(raw, targets, beforeMinutes),
    serviceSeries(raw, targets, afterMinutes),
    afterMinutes.length,
    targets,
  );
  return {
    periodSeconds: PERIOD_SECONDS,
    before: { start: iso(w.before.start), end: iso(w.before.end) },
    after: { start: iso(w.after.start), end: iso(w.after.end) },
    targetGroups: targets.targetGroups.map((g) => g.targetGroup),
    loadBalancers: loadBalancersOf(targets),
    rows,
    ...(targets.notes.length ? { notes: targets.notes } : {}),
  };
}
