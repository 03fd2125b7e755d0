import { describe, expect, it } from '@jest/globals';
import { downsample, errorRate, isRegression, percentChange, sparkline, windowValue } from '../math.js';
import { formatChange, formatValue } from '../format.js';
import { metricRows, missingNote } from '../release.js';
import { metricsMarkdown, rowSparkline } from '../table.js';

describe('percent change', () => {
  it('is the relative change of the before value', () => {
    expect(percentChange(100, 130)).toBeCloseTo(30);
    expect(percentChange(200, 100)).toBeCloseTo(-50);
    expect(percentChange(-10, -5)).toBeCloseTo(50);
  });
  it('from a zero base: 0 to 0 is no change, 0 to anything has no finite percentage', () => {
    expect(percentChange(0, 0)).toBe(0);
    expect(percentChange(0, 3)).toBe(Infinity);
    expect(percentChange(0, -3)).toBe(-Infinity);
    expect(formatChange(percentChange(0, 3))).toBe('from 0');
  });
  it('is unknown when either side has no data', () => {
    expect(percentChange(undefined, 5)).toBeUndefined();
    expect(percentChange(5, undefined)).toBeUndefined();
    expect(formatChange(undefined)).toBe('—');
  });
  it('reads as people write it', () => {
    expect(formatChange(232.4)).toBe('+232%');
    expect(formatChange(-4.44)).toBe('-4.4%');
    expect(formatChange(0.01)).toBe('±0%');
  });
});

describe('5xx rate', () => {
  it('is errors over requests, and missing errors with requests are none', () => {
    expect(errorRate(5, 1000)).toBeCloseTo(0.5);
    expect(errorRate(undefined, 1000)).toBe(0);
  });
  it('has no value without requests: no traffic is not 0% errors', () => {
    expect(errorRate(0, 0)).toBeUndefined();
    expect(errorRate(3, undefined)).toBeUndefined();
  });
});

describe('sparkline', () => {
  it('scales to the row minimum and maximum', () => {
    expect(sparkline([0, 2, 14])).toBe('▁▂█');
    expect(sparkline([10, 20, 30, 40, 50, 60, 70, 80])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([100, 101])).toBe('▁█');
  });
  it('a flat row and a single point sit in the middle', () => {
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
    expect(sparkline([42])).toBe('▄');
  });
  it('a flat zero lies at the bottom: a row of no errors does not look like some', () => {
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(rowSparkline([0, 0], [0, null])).toBe('▁▁│▁·');
  });
  it('missing points are gaps, and a row without data is all gaps', () => {
    expect(sparkline([1, undefined, 3])).toBe('▁·█');
    expect(sparkline([undefined, undefined])).toBe('··');
    expect(sparkline([])).toBe('');
  });
  it('a shared scale keeps the step between before and release visible', () => {
    expect(rowSparkline([120, 120], [400, 400])).toBe('▁▁│██');
    expect(rowSparkline([null, 1], [1, null])).toBe('·▄│▄·');
  });
  it('downsampling averages buckets and keeps empty buckets as gaps', () => {
    expect(downsample([1, 3, undefined, undefined, 5, 7], 3)).toEqual([2, undefined, 6]);
    expect(downsample([1, 2], 5)).toEqual([1, 2]);
  });
});

describe('window values and missing data', () => {
  const series = {
    requests: [100, undefined, 300],
    target5xx: [undefined, undefined, 4],
    'p95-latency': [100, undefined, 200],
    'cpu-max': [50, 70, undefined],
    'cpu-avg': [40, 60, undefined],
  };
  it('combines minutes per metric', () => {
    expect(windowValue('requests', series, 3)).toBeCloseTo(400 / 3);
    expect(windowValue('5xx-rate', series, 3)).toBeCloseTo(1);
    // Weighted by requests: (100×100 + 200×300) / 400.
    expect(windowValue('p95-latency', series, 3)).toBeCloseTo(175);
    expect(windowValue('cpu-max', series, 3)).toBe(70);
    expect(windowValue('cpu-avg', series, 3)).toBe(50);
  });
  it('has no value where nothing was measured, never zero', () => {
    const empty = {};
    for (const metric of ['requests', '5xx-rate', 'elb-5xx', 'p99-latency', 'memory-max'] as const)
      expect(windowValue(metric, empty, 5)).toBeUndefined();
  });
  it('rows say why a value is missing', () => {
    const rows = metricRows({}, { requests: [10], 'p95-latency': [120] }, 1, {
      targetGroups: [{ targetGroup: 'tg', loadBalancer: 'lb' }],
    });
    const requests = rows.find((r) => r.metric === 'requests')!;
    expect(requests).toMatchObject({ after: 10, note: 'no data before: new service / no traffic' });
    expect(requests.before).toBeUndefined();
    expect(rows.find((r) => r.metric === 'running-tasks')!.note).toMatch(/Container Insights/);
    expect(missingNote('requests', undefined, undefined, { targetGroups: [] })).toBe(
      'no data: no load balancer',
    );
    expect(missingNote('p95-latency', 1, 2, { targetGroups: [] })).toBeUndefined();
  });
});

describe('regression marks', () => {
  it('mark a worse change beyond the threshold only', () => {
    expect(isRegression('p95-latency', 120, 400)).toBe(true);
    expect(isRegression('p95-latency', 120, 130)).toBe(false);
    expect(isRegression('p95-latency', 400, 120)).toBe(false);
    // Tiny values: +100% of 2 ms is noise.
    expect(isRegression('p50-latency', 2, 4)).toBe(false);
    expect(isRegression('5xx-rate', 0, 2)).toBe(true);
    expect(isRegression('5xx-rate', 0, 0)).toBe(false);
    expect(isRegression('requests', 600, 100)).toBe(true);
    expect(isRegression('requests', 600, 1200)).toBe(false);
    expect(isRegression('running-tasks', 2, 10)).toBe(false);
    expect(isRegression('cpu-max', undefined, 99)).toBe(false);
  });
});

describe('the table', () => {
  it('shows before, after, change, trend and ⚠️, and says why data is missing', () => {
    const md = metricsMarkdown({
      periodSeconds: 60,
      before: { start: '2026-01-01T10:00:00.000Z', end: '2026-01-01T10:05:00.000Z' },
      after: { start: '2026-01-01T10:05:00.000Z', end: '2026-01-01T10:10:00.000Z' },
      targetGroups: ['targetgroup/backend-tg/1'],
      loadBalancers: ['app/web-alb/1'],
      rows: [
        {
          metric: 'p95-latency',
          before: 120,
          after: 400,
          beforeSeries: [120, 120],
          afterSeries: [400, 400],
          regression: true,
        },
        {
          metric: 'running-tasks',
          beforeSeries: [null],
          afterSeries: [null],
          note: 'no data: Container Insights is not enabled on the cluster',
        },
      ],
      checks: [
        {
          check: 'p95-latency < +30%',
          metric: 'p95-latency',
          status: 'failed',
          before: 120,
          after: 400,
          detail: 'p95-latency < +30%: 400 ms in the bake window against 120 ms before the release (+233%)',
        },
      ],
    });
    expect(md).toContain('| Latency p95 ⚠️ | 120 ms | 400 ms | +233% ⚠️ | `▁▁│██` |');
    expect(md).toContain(
      '| Running tasks | — | — | _no data: Container Insights is not enabled on the cluster_ |  |',
    );
    expect(md).toContain('| `p95-latency < +30%` | ❌ failed | 120 ms | 400 ms |');
    expect(md).toContain(
      'Before 10:00–10:05 UTC · release 10:05–10:10 UTC · per minute · ⚠️ a change beyond the regression threshold',
    );
    expect(formatValue('p99-latency', 1234)).toBe('1.23 s');
  });

  it("says a failed check's sentence once: not again when the page's cause already says it", () => {
    const failed = (check: string, detail: string) => ({
      check,
      metric: 'p95-latency' as const,
      status: 'failed' as const,
      before: 120,
      after: 400,
      detail: `${check}: ${detail}`,
    });
    const metrics = {
      periodSeconds: 60,
      before: { start: '2026-01-01T10:00:00.000Z', end: '2026-01-01T10:05:00.000Z' },
      after: { start: '2026-01-01T10:05:00.000Z', end: '2026-01-01T10:10:00.000Z' },
      targetGroups: [],
      loadBalancers: [],
      rows: [{ metric: 'cpu-max' as const, before: 30, after: 31, beforeSeries: [30], afterSeries: [31] }],
      checks: [
        failed('p95-latency < +30%', '400 ms in the bake window against 120 ms before the release (+233%)'),
        failed('p95-latency < 300', '400 ms in the bake window (120 ms before the release)'),
      ],
    };
    const cause = `metric check failed: ${metrics.checks[0]!.detail}`;
    // No row regressed: no ⚠️ legend either.
    expect(metricsMarkdown(metrics)).toContain('release 10:05–10:10 UTC · per minute\n');
    const sentences = (md: string) => md.split('\n').filter((l) => l.startsWith('❌ '));
    expect(sentences(metricsMarkdown(metrics))).toHaveLength(2);
    // The cause names the first failed check: only the second, which it does not name, is said here.
    expect(sentences(metricsMarkdown(metrics, { shown: cause }))).toEqual([
      '❌ p95-latency \\< 300: 400 ms in the bake window (120 ms before the release)',
    ]);
  });
});
