/** How metrics read in tables and messages: their labels, units and changes. */
import type { MetricName } from '../deploy-report/index.js';

export type MetricUnit = 'per-minute' | 'percent' | 'ms' | 'count';

export const METRIC_INFO: Record<MetricName, { label: string; unit: MetricUnit }> = {
  requests: { label: 'Requests / min', unit: 'per-minute' },
  '5xx-rate': { label: 'Target 5xx rate', unit: 'percent' },
  'elb-5xx': { label: 'ELB 5xx / min', unit: 'per-minute' },
  'p50-latency': { label: 'Latency p50', unit: 'ms' },
  'p95-latency': { label: 'Latency p95', unit: 'ms' },
  'p99-latency': { label: 'Latency p99', unit: 'ms' },
  'cpu-avg': { label: 'CPU avg', unit: 'percent' },
  'cpu-max': { label: 'CPU max', unit: 'percent' },
  'memory-avg': { label: 'Memory avg', unit: 'percent' },
  'memory-max': { label: 'Memory max', unit: 'percent' },
  'running-tasks': { label: 'Running tasks', unit: 'count' },
};

/** Up to three significant digits, without trailing zeros: 0.123, 1.5, 42, 1234. */
function number(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return String(Math.round(value));
  if (abs >= 10) return String(Math.round(value * 10) / 10);
  if (abs >= 1) return String(Math.round(value * 100) / 100);
  return String(Math.round(value * 1000) / 1000);
}

/** A value in its metric's unit: `121 ms`, `1.2 s`, `0.35%`, `42`. */
export function formatValue(metric: MetricName, value: number | undefined): string {
  if (value === undefined) return '—';
  switch (METRIC_INFO[metric].unit) {
    case 'ms':
      return value >= 1000 ? `${number(value / 1000)} s` : `${number(value)} ms`;
    case 'percent':
      return `${number(value)}%`;
    default:
      return number(value);
  }
}

/** A percent change: `+23%`, `-5%`, `±0%`, `from 0` (no finite percentage), `—` (unknown). */
export function formatChange(change: number | undefined): string {
  if (change === undefined || Number.isNaN(change)) return '—';
  if (!Number.isFinite(change)) return 'from 0';
  const rounded = Math.abs(change) >= 10 ? Math.round(change) : Math.round(change * 10) / 10;
  if (rounded === 0) return '±0%';
  return `${rounded > 0 ? '+' : ''}${rounded}%`;
}
