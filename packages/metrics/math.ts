/**
 * The arithmetic of release metrics, as pure functions: combining per-minute series of several target
 * groups, a window's value per metric, percent change, regression marks and sparklines. A missing point is
 * `undefined` (or `null` in JSON), never a zero: CloudWatch has no datapoint for a minute without requests.
 */
import type { MetricName } from '../deploy-report/index.js';

export type Series = (number | undefined)[];

/** Sparkline levels, lowest first; a minute without data is a gap. */
export const SPARK_LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
export const SPARK_GAP = '·';

/**
 * Percent change from `before` to `after`: undefined when either is missing, 0 from 0 to 0, and Infinity
 * (or -Infinity) from 0 to anything else: a change from nothing has no finite percentage.
 */
export function percentChange(before: number | undefined, after: number | undefined): number | undefined {
  if (before === undefined || after === undefined) return undefined;
  if (before === 0) return after === 0 ? 0 : after > 0 ? Infinity : -Infinity;
  return ((after - before) / Math.abs(before)) * 100;
}

/** Failed requests as a percentage of requests; undefined without requests (no traffic is not 0% errors). */
export function errorRate(errors: number | undefined, requests: number | undefined): number | undefined {
  if (requests === undefined || requests <= 0) return undefined;
  return ((errors ?? 0) / requests) * 100;
}

/**
 * One character per point, scaled to the row's own minimum and maximum; a flat row (or a single point)
 * sits in the middle, except a flat zero (no errors at all), which lies at the bottom. Missing points are
 * gaps.
 */
export function sparkline(values: Series, scale?: { min: number; max: number }): string {
  const present = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (!present.length) return values.map(() => SPARK_GAP).join('');
  const min = scale?.min ?? Math.min(...present);
  const max = scale?.max ?? Math.max(...present);
  const top = SPARK_LEVELS.length - 1;
  return values
    .map((v) => {
      if (v === undefined || !Number.isFinite(v)) return SPARK_GAP;
      if (max <= min) return SPARK_LEVELS[max === 0 ? 0 : Math.floor(top / 2)];
      const level = Math.round(((Math.min(max, Math.max(min, v)) - min) / (max - min)) * top);
      return SPARK_LEVELS[level];
    })
    .join('');
}

/**
 * At most `points` points: consecutive minutes averaged into buckets (a bucket without data stays a gap),
 * so a three-hour window still fits a table cell.
 */
export function downsample(values: Series, points: number): Series {
  if (values.length <= points) return values;
  const out: Series = [];
  for (let i = 0; i < points; i++) {
    const from = Math.floor((i * values.length) / points);
    const to = Math.floor(((i + 1) * values.length) / points);
    const bucket = values.slice(from, to).filter((v): v is number => v !== undefined);
    out.push(bucket.length ? bucket.reduce((a, b) => a + b, 0) / bucket.length : undefined);
  }
  return out;
}

/** Sum of the present points; undefined when none is. */
export function sum(values: Series): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length ? present.reduce((a, b) => a + b, 0) : undefined;
}

export function mean(values: Series): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : undefined;
}

export function max(values: Series): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length ? Math.max(...present) : undefined;
}

/** Point by point: the sum of the series present at each minute (undefined where none is). */
export function addSeries(all: Series[], length: number): Series {
  return Array.from({ length }, (_, i) => sum(all.map((s) => s[i])));
}

/**
 * A percentile of several target groups at one minute: their values weighted by their request counts (an
 * approximation: CloudWatch cannot merge percentiles; a group without requests counts once).
 */
export function weightedSeries(values: Series[], weights: Series[], length: number): Series {
  return Array.from({ length }, (_, i) => {
    let total = 0;
    let weight = 0;
    values.forEach((s, g) => {
      const v = s[i];
      if (v === undefined) return;
      const w = weights[g]?.[i] ?? 1;
      total += v * w;
      weight += w;
    });
    return weight > 0 ? total / weight : undefined;
  });
}

/** The per-minute series of a service, by metric, from which windows and sparklines are computed. */
export type ServiceSeries = Partial<Record<MetricName, Series>> & {
  /** Target 5xx count per minute (missing: none), for the window's 5xx rate. */
  target5xx?: Series;
};

/**
 * A window's value of one metric: requests and ELB 5xx per minute (a minute without a datapoint had none,
 * once the window had any request), the 5xx rate over the window's requests, latency percentiles weighted
 * by requests, averages as the mean of the minutes, maxima as their maximum, running tasks as the mean.
 */
export function windowValue(metric: MetricName, s: ServiceSeries, minutes: number): number | undefined {
  const requests = s.requests ?? [];
  const total = sum(requests);
  switch (metric) {
    case 'requests':
      return total === undefined ? undefined : total / Math.max(1, minutes);
    case '5xx-rate':
      return errorRate(sum(s.target5xx ?? []) ?? 0, total);
    case 'elb-5xx': {
      const errors = sum(s['elb-5xx'] ?? []);
      if (errors === undefined && total === undefined) return undefined;
      return (errors ?? 0) / Math.max(1, minutes);
    }
    case 'p50-latency':
    case 'p95-latency':
    case 'p99-latency':
      return weightedMean(s[metric] ?? [], requests);
    case 'cpu-max':
    case 'memory-max':
      return max(s[metric] ?? []);
    default:
      return mean(s[metric] ?? []);
  }
}

/** Mean of `values` weighted by `weights` point by point (weight 1 where a weight is missing). */
export function weightedMean(values: Series, weights: Series): number | undefined {
  let total = 0;
  let weight = 0;
  values.forEach((v, i) => {
    if (v === undefined) return;
    const w = weights[i] ?? 1;
    total += v * w;
    weight += w;
  });
  return weight > 0 ? total / weight : undefined;
}

/** Which way a metric gets worse, and by how much a change must move before it is marked. */
interface RegressionRule {
  worse: 'up' | 'down';
  /** Percent change beyond which it is a regression. */
  percent: number;
  /** And an absolute change at least this large (in the metric's unit), so noise on tiny values is not. */
  absolute: number;
}

const REGRESSION: Partial<Record<MetricName, RegressionRule>> = {
  requests: { worse: 'down', percent: 50, absolute: 1 },
  '5xx-rate': { worse: 'up', percent: 20, absolute: 0.1 },
  'elb-5xx': { worse: 'up', percent: 20, absolute: 1 },
  'p50-latency': { worse: 'up', percent: 20, absolute: 5 },
  'p95-latency': { worse: 'up', percent: 20, absolute: 5 },
  'p99-latency': { worse: 'up', percent: 20, absolute: 5 },
  'cpu-avg': { worse: 'up', percent: 20, absolute: 5 },
  'cpu-max': { worse: 'up', percent: 20, absolute: 5 },
  'memory-avg': { worse: 'up', percent: 20, absolute: 5 },
  'memory-max': { worse: 'up', percent: 20, absolute: 5 },
};

/** Whether the change from before to after is a regression for this metric (both values needed). */
export function isRegression(
  metric: MetricName,
  before: number | undefined,
  after: number | undefined,
): boolean {
  const rule = REGRESSION[metric];
  const change = percentChange(before, after);
  if (!rule || change === undefined) return false;
  const delta = after! - before!;
  if (rule.worse === 'up') return change > rule.percent && delta >= rule.absolute;
  return change < -rule.percent && -delta >= rule.absolute;
}
