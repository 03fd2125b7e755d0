/**
 * The release metrics as Markdown: a compact table (metric, before, after, change, a sparkline of both
 * windows, ⚠️ on a regression) and the metric checks with the values they were judged on. Used by the
 * deploy job summary and the PR comment; readable in any GitHub client (plain Unicode, no images).
 */
import type { ReleaseMetrics } from '../deploy-report/index.js';
import { formatChange, formatValue, METRIC_INFO } from './format.js';
import { downsample, percentChange, sparkline, type Series } from './math.js';

/** Sparkline points per window: a long release is averaged into this many. */
const POINTS = 20;
/** Between the two windows in a sparkline. */
const SPLIT = '│';

export interface TableOptions {
  /** Escape text that came from the report (notes, errors) for inline Markdown. */
  escape?: (text: string) => string;
  /**
   * What the page already says (the report's cause): a failed check whose sentence it contains is not
   * repeated under the checks table.
   */
  shown?: string;
}

const plain = (text: string) => text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
const time = (iso: string) => iso.slice(11, 16);
const toSeries = (values: (number | null)[]): Series => values.map((v) => (v === null ? undefined : v));

/** Both windows on one scale, so the step between before and after shows. */
export function rowSparkline(before: (number | null)[], after: (number | null)[]): string {
  const b = downsample(toSeries(before), POINTS);
  const a = downsample(toSeries(after), POINTS);
  const present = [...b, ...a].filter((v): v is number => v !== undefined);
  const scale = present.length ? { min: Math.min(...present), max: Math.max(...present) } : undefined;
  return `${sparkline(b, scale)}${SPLIT}${sparkline(a, scale)}`;
}

export function metricsMarkdown(m: ReleaseMetrics, options: TableOptions = {}): string {
  const escape = options.escape ?? plain;
  const out: string[] = [];
  if (m.error) {
    out.push(`_The release metrics could not be read: ${escape(m.error)}_`);
  } else if (m.rows.length) {
    // The ⚠️ legend only where a row carries one.
    const legend = m.rows.some((r) => r.regression) ? ' · ⚠️ a change beyond the regression threshold' : '';
    out.push(
      `Before ${time(m.before.start)}–${time(m.before.end)} UTC · release ${time(m.after.start)}–${time(m.after.end)} UTC · per minute${legend}`,
      '',
      '| Metric | Before | After | Change | Trend (before │ release) |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const row of m.rows) {
      const info = METRIC_INFO[row.metric];
      const change = row.note
        ? `_${escape(row.note)}_`
        : `${formatChange(percentChange(row.before, row.after))}${row.regression ? ' ⚠️' : ''}`;
      const trend = [...row.beforeSeries, ...row.afterSeries].some((v) => v !== null)
        ? `\`${rowSparkline(row.beforeSeries, row.afterSeries)}\``
        : '';
      out.push(
        `| ${info.label}${row.regression ? ' ⚠️' : ''} | ${formatValue(row.metric, row.before)} | ${formatValue(row.metric, row.after)} | ${change} | ${trend} |`,
      );
    }
  }
  if (m.checks?.length) {
    out.push('', '| Metric check | Result | Before | Bake window |', '| --- | --- | --- | --- |');
    for (const c of m.checks) {
      out.push(
        `| \`${c.check}\` | ${c.status === 'passed' ? '✅ passed' : '❌ failed'} | ${formatValue(c.metric, c.before)} | ${formatValue(c.metric, c.after)} |`,
      );
    }
    const failed = m.checks.filter((c) => c.status === 'failed' && !options.shown?.includes(c.detail));
    for (const c of failed) out.push('', `❌ ${escape(c.detail)}`);
  }
  for (const note of m.notes ?? []) out.push('', `_${escape(note)}_`);
  return out.join('\n');
}
