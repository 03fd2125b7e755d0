/**
 * Metric checks (deploy's `metric-checks`): one per line, `<metric> <operator> <limit>`, e.g.
 * `5xx-rate < 1%`, `p99-latency < 800ms`, `cpu-max < 90%`, or a change against the window before the
 * release: `p95-latency < +30%`, `requests > -50%`. The parser is strict (a typo is an error naming the line
 * and the accepted forms); the judge is pure: a window without the data a check needs fails it at the final
 * evaluation, never passes it.
 */
import { METRIC_NAMES, type MetricCheckResult, type MetricName } from '../deploy-report/index.js';
import { UserError } from '../inputs/index.js';
import { formatChange, formatValue, METRIC_INFO } from './format.js';
import { percentChange } from './math.js';

export type CheckOperator = '<' | '<=' | '>' | '>=';

export interface MetricCheck {
  /** The check as written (spaces normalised). */
  text: string;
  /** Line of the input (1-based). */
  line: number;
  metric: MetricName;
  op: CheckOperator;
  /** `absolute`: the window's value in the metric's unit (ms, %, per minute); `relative`: percent change. */
  kind: 'absolute' | 'relative';
  limit: number;
}

const LINE = /^([A-Za-z0-9_-]+)\s*(<=|>=|<|>|=<|=>|==|=|!=)?\s*(.*)$/;
const LIMIT = /^([+-])?(\d+(?:\.\d+)?)\s*(%|ms|s)?$/;

function accepted(): string {
  return (
    'write one check per line as `<metric> <operator> <limit>`, e.g. `5xx-rate < 1%`, `p95-latency < +30%`, ' +
    '`p99-latency < 800ms`, `cpu-max < 90%`, `requests > -50%`; metrics: ' +
    `${METRIC_NAMES.join(', ')}; operators: <, <=, >, >=; limits: a percentage for 5xx-rate, cpu-* and ` +
    'memory-*, ms or s for latencies, a number per minute for requests and elb-5xx, a number for running-tasks, ' +
    'or a change against the window before the release with its sign (+30%, -50%)'
  );
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

function suggest(name: string): string {
  const best = [...METRIC_NAMES].sort((x, y) => distance(name, x) - distance(name, y))[0]!;
  return distance(name, best) <= 3 ? ` (did you mean ${best}?)` : '';
}

/** Parse the input; `input` names it in errors. Blank lines and `#` comments are ignored. */
export function parseMetricChecks(text: string, input = 'metric-checks'): MetricCheck[] {
  const checks: MetricCheck[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const at = `line ${index + 1} ${JSON.stringify(line.slice(0, 80))}`;
    const bad = (problem: string): never => {
      throw new UserError(input, `${at}: ${problem}`, accepted());
    };
    const m = LINE.exec(line);
    if (!m) bad('is not a check');
    const [, name, op, rest] = m!;
    const metric = name!.toLowerCase();
    if (!(METRIC_NAMES as readonly string[]).includes(metric))
      bad(`unknown metric "${name}"${suggest(metric)}`);
    if (!op) bad('has no operator');
    if (!['<', '<=', '>', '>='].includes(op!)) bad(`operator "${op}" is not one of <, <=, >, >=`);
    const limit = LIMIT.exec(rest!.trim());
    if (!limit) bad(`limit "${rest!.trim()}" is not a number with a unit`);
    const [, sign, digits, unit] = limit!;
    const value = Number(digits);
    const info = METRIC_INFO[metric as MetricName];
    let kind: MetricCheck['kind'] = 'absolute';
    let amount = value;
    if (sign) {
      if (unit !== '%') bad(`a change against the window before is a signed percentage, like ${sign}30%`);
      kind = 'relative';
      amount = sign === '-' ? -value : value;
    } else if (info.unit === 'ms') {
      if (unit === 's') amount = value * 1000;
      else if (unit !== 'ms')
        bad(`${metric} takes a time like 800ms or 1.5s, or a change with its sign like +30%`);
    } else if (info.unit === 'percent') {
      if (unit !== '%') bad(`${metric} takes a percentage like 1%, or a change with its sign like +30%`);
      if (value > 100) bad(`${value}% is more than 100%`);
    } else if (unit) {
      bad(
        `${metric} takes a plain number${info.unit === 'per-minute' ? ' per minute' : ''}, or a change with its sign like -50%`,
      );
    }
    checks.push({
      text: `${metric} ${op} ${sign ?? ''}${digits}${unit ?? ''}`,
      line: index + 1,
      metric: metric as MetricName,
      op: op as CheckOperator,
      kind,
      limit: amount,
    });
  });
  return checks;
}

function holds(value: number, op: CheckOperator, limit: number): boolean {
  switch (op) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
  }
}

/**
 * Judge one check on the bake window's value (`after`) and the window before the release. Returns undefined
 * (wait) when data is missing and this is not the final evaluation; at the final one, missing data fails.
 * A relative check with no data before the release (a new service, or no traffic) cannot compare: it fails,
 * saying so, instead of passing unjudged.
 */
export function judgeCheck(
  check: MetricCheck,
  before: number | undefined,
  after: number | undefined,
  final: boolean,
): MetricCheckResult | undefined {
  const values = { ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
  const result = (status: MetricCheckResult['status'], detail: string): MetricCheckResult => ({
    check: check.text,
    metric: check.metric,
    status,
    ...values,
    detail: `${check.text}: ${detail}`,
  });
  const show = (v: number | undefined) => formatValue(check.metric, v);
  if (after === undefined) {
    if (!final) return undefined;
    return result(
      'failed',
      check.metric === '5xx-rate' || check.metric === 'elb-5xx'
        ? 'no requests in the bake window, so it could not be judged'
        : `no data in the bake window${check.metric === 'running-tasks' ? ' (Container Insights is not enabled on the cluster)' : ''}, so it could not be judged`,
    );
  }
  if (check.kind === 'absolute') {
    const ok = holds(after, check.op, check.limit);
    const was = before !== undefined ? ` (${show(before)} before the release)` : '';
    return result(ok ? 'passed' : 'failed', `${show(after)} in the bake window${was}`);
  }
  if (before === undefined) {
    if (!final) return undefined;
    const example = `${check.metric} ${check.op} ${show(after).replace(' ', '')}`;
    return result(
      'failed',
      `${show(after)} in the bake window, and no data in the window before the release (new service or no traffic): nothing to compare with; use an absolute limit, e.g. ${example}`,
    );
  }
  const change = percentChange(before, after)!;
  const ok = holds(change, check.op, check.limit);
  return result(
    ok ? 'passed' : 'failed',
    `${show(after)} in the bake window against ${show(before)} before the release (${formatChange(change)})`,
  );
}
