/**
 * Release metrics read back from a report file: reports are JSON anyone with the artifact could edit, so
 * only well-formed rows of known metrics with finite numbers are kept, and strings are bounded.
 */
import {
  METRIC_NAMES,
  type MetricCheckResult,
  type MetricName,
  type MetricRow,
  type ReleaseMetrics,
} from '../deploy-report/index.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown, max = 300): string | undefined =>
  typeof v === 'string' && v ? (v.length > max ? `${v.slice(0, max)}…` : v) : undefined;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
const CHECK = /^[a-z0-9-]{1,20} (<|<=|>|>=) [+-]?\d{1,12}(\.\d{1,12})?(%|ms|s)?$/;
/** Longest series kept per window: six hours of minutes. */
const MAX_POINTS = 360;

const isMetric = (v: unknown): v is MetricName =>
  typeof v === 'string' && (METRIC_NAMES as readonly string[]).includes(v);

function series(v: unknown): (number | null)[] {
  if (!Array.isArray(v)) return [];
  return v.slice(0, MAX_POINTS).map((x) => num(x) ?? null);
}

function window(v: unknown): { start: string; end: string } | undefined {
  const w = obj(v);
  const start = str(w?.start, 40);
  const end = str(w?.end, 40);
  return start && end && ISO.test(start) && ISO.test(end) ? { start, end } : undefined;
}

export function parseReleaseMetrics(value: unknown): ReleaseMetrics | undefined {
  const m = obj(value);
  if (!m) return undefined;
  const before = window(m.before);
  const after = window(m.after);
  if (!before || !after) return undefined;
  const rows: MetricRow[] = [];
  for (const item of Array.isArray(m.rows) ? m.rows : []) {
    const r = obj(item);
    if (!r || !isMetric(r.metric)) continue;
    const b = num(r.before);
    const a = num(r.after);
    const note = str(r.note, 200);
    rows.push({
      metric: r.metric,
      ...(b !== undefined ? { before: b } : {}),
      ...(a !== undefined ? { after: a } : {}),
      beforeSeries: series(r.beforeSeries),
      afterSeries: series(r.afterSeries),
      ...(r.regression === true ? { regression: true } : {}),
      ...(note ? { note } : {}),
    });
  }
  const checks: MetricCheckResult[] = [];
  for (const item of Array.isArray(m.checks) ? m.checks : []) {
    const c = obj(item);
    const check = str(c?.check, 60);
    const detail = str(c?.detail, 500);
    if (!c || !check || !CHECK.test(check) || !isMetric(c.metric) || !detail) continue;
    if (c.status !== 'passed' && c.status !== 'failed') continue;
    const b = num(c.before);
    const a = num(c.after);
    checks.push({
      check,
      metric: c.metric,
      status: c.status,
      ...(b !== undefined ? { before: b } : {}),
      ...(a !== undefined ? { after: a } : {}),
      detail,
    });
  }
  const strings = (v: unknown) =>
    (Array.isArray(v) ? v : [])
      .map((x) => str(x, 200))
      .filter((x): x is string => !!x)
      .slice(0, 10);
  const error = str(m.error, 300);
  return {
    periodSeconds: num(m.periodSeconds) ?? 60,
    before,
    after,
    targetGroups: strings(m.targetGroups),
    loadBalancers: strings(m.loadBalancers),
    rows,
    ...(strings(m.notes).length ? { notes: strings(m.notes) } : {}),
    ...(checks.length ? { checks } : {}),
    ...(error ? { error } : {}),
  };
}
