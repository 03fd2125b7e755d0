/**
 * Release metrics from CloudWatch: the service's load-balancer and ECS metrics for a release and the window
 * before it, the math on them (pure), the metric checks of deploy's metric gate, and the Markdown table.
 */
export { judgeCheck, parseMetricChecks, type CheckOperator, type MetricCheck } from './checks.js';
export { formatChange, formatValue, METRIC_INFO } from './format.js';
export {
  downsample,
  errorRate,
  isRegression,
  percentChange,
  sparkline,
  windowValue,
  type Series,
  type ServiceSeries,
} from './math.js';
export {
  ceilMinute,
  fetchMetrics,
  floorMinute,
  metricQueries,
  minutesOf,
  PERIOD_SECONDS,
  resolveMetricTargets,
  serviceSeries,
  type MetricTargets,
} from './query.js';
export { parseReleaseMetrics } from './read.js';
export { metricRows, readReleaseMetrics, releaseWindows } from './release.js';
export { metricsMarkdown, rowSparkline } from './table.js';
