/**
 * Release metrics in the deployment report: the service's load-balancer and ECS metrics per minute for the
 * release window and an equal window before it, and the results of the metric checks (deploy's
 * `metric-checks`). Plain data; the math and the table live in packages/metrics.
 */

/** Every metric a row or a check can name; the check syntax uses these names. */
export const METRIC_NAMES = [
  'requests',
  '5xx-rate',
  'elb-5xx',
  'p50-latency',
  'p95-latency',
  'p99-latency',
  'cpu-avg',
  'cpu-max',
  'memory-avg',
  'memory-max',
  'running-tasks',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

export interface MetricWindow {
  /** ISO times; `end` is exclusive. Windows are whole minutes (CloudWatch's period here is 60 s). */
  start: string;
  end: string;
}

export interface MetricRow {
  metric: MetricName;
  /** The window's value (see packages/metrics/math.ts for how minutes combine); absent: no data. */
  before?: number;
  after?: number;
  /** One value per minute of each window, oldest first; null where CloudWatch had no datapoint. */
  beforeSeries: (number | null)[];
  afterSeries: (number | null)[];
  /** The change is worse than the metric's regression threshold. */
  regression?: boolean;
  /** Why a value is missing, in words ("no data: new service / no traffic"). */
  note?: string;
}

export interface MetricCheckResult {
  /** The check as written, e.g. `p95-latency < +30%`. */
  check: string;
  metric: MetricName;
  status: 'passed' | 'failed';
  /** The values it was judged on: the bake window, and the window before the release. */
  before?: number;
  after?: number;
  /** One sentence: the values and the limit, or why it could not be judged. */
  detail: string;
}

export interface ReleaseMetrics {
  periodSeconds: number;
  /** The window before the release, of the release window's length. */
  before: MetricWindow;
  /** The release: from the update to the end of the run. */
  after: MetricWindow;
  /** CloudWatch dimension values queried: `targetgroup/<name>/<id>` and `app/<name>/<id>`. */
  targetGroups: string[];
  loadBalancers: string[];
  rows: MetricRow[];
  /** What could not be shown and why (no load balancer, Container Insights off…). */
  notes?: string[];
  /** The metric checks of the bake time, at their last evaluation. */
  checks?: MetricCheckResult[];
  /** The metrics could not be read (e.g. AccessDenied for cloudwatch:GetMetricData): the rows are empty. */
  error?: string;
}
