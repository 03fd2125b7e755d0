import { describe, expect, it } from '@jest/globals';
import { judgeCheck, parseMetricChecks } from '../checks.js';
import { UserError } from '../../inputs/index.js';

describe('metric-checks parser', () => {
  it('reads absolute and relative checks, one per line, with comments and blank lines', () => {
    const checks = parseMetricChecks(`
      # the release must not get slower or fail more
      5xx-rate < 1%
      p95-latency < +30%
      p99-latency<800ms
      p50-latency <= 1.5s
      cpu-max < 90%
      memory-max < 85%
      requests > -50%
      elb-5xx < 2
    `);
    expect(checks.map((c) => [c.text, c.line, c.kind, c.limit])).toEqual([
      ['5xx-rate < 1%', 3, 'absolute', 1],
      ['p95-latency < +30%', 4, 'relative', 30],
      ['p99-latency < 800ms', 5, 'absolute', 800],
      ['p50-latency <= 1.5s', 6, 'absolute', 1500],
      ['cpu-max < 90%', 7, 'absolute', 90],
      ['memory-max < 85%', 8, 'absolute', 85],
      ['requests > -50%', 9, 'relative', -50],
      ['elb-5xx < 2', 10, 'absolute', 2],
    ]);
  });

  const error = (text: string): UserError => {
    try {
      parseMetricChecks(text);
    } catch (err) {
      if (err instanceof UserError) return err;
      throw err;
    }
    throw new Error(`no error for ${text}`);
  };

  it('a typo names the input, the line and the accepted forms', () => {
    const err = error('5xx-rate < 1%\np95-latncy < +30%');
    expect(err.input).toBe('metric-checks');
    expect(err.problem).toBe(
      'line 2 "p95-latncy < +30%": unknown metric "p95-latncy" (did you mean p95-latency?)',
    );
    expect(err.fix).toMatch(/one check per line as `<metric> <operator> <limit>`/);
    expect(err.fix).toMatch(/p95-latency, p99-latency/);
  });

  it.each([
    ['p95-latency = 300ms', /operator "=" is not one of/],
    ['p95-latency 300ms', /has no operator|limit/],
    ['p95-latency < 30%', /p95-latency takes a time like 800ms/],
    ['p95-latency < 300', /takes a time/],
    ['5xx-rate < 1', /takes a percentage like 1%/],
    ['cpu-max < 120%', /more than 100%/],
    ['requests > 50%', /takes a plain number per minute/],
    ['p95-latency < +30ms', /signed percentage/],
    ['p95-latency < fast', /limit "fast" is not a number/],
  ])('refuses %s', (line, pattern) => {
    expect(error(line).problem).toMatch(pattern);
  });
});

describe('judging a check', () => {
  const [relative, absolute, rate] = parseMetricChecks(
    'p95-latency < +30%\np99-latency < 800ms\n5xx-rate < 1%',
  );
  it('relative: the change against the window before', () => {
    expect(judgeCheck(relative!, 120, 150, false)).toMatchObject({ status: 'passed' });
    const failed = judgeCheck(relative!, 120, 400, false)!;
    expect(failed.status).toBe('failed');
    expect(failed.detail).toBe(
      'p95-latency < +30%: 400 ms in the bake window against 120 ms before the release (+233%)',
    );
    expect(failed).toMatchObject({ before: 120, after: 400 });
  });
  it('absolute: the bake window value', () => {
    expect(judgeCheck(absolute!, undefined, 640, true)).toMatchObject({ status: 'passed' });
    expect(judgeCheck(absolute!, 500, 900, false)!.detail).toBe(
      'p99-latency < 800ms: 900 ms in the bake window (500 ms before the release)',
    );
  });
  it('missing data waits until the final evaluation, then fails', () => {
    expect(judgeCheck(absolute!, 500, undefined, false)).toBeUndefined();
    expect(judgeCheck(absolute!, 500, undefined, true)).toMatchObject({ status: 'failed' });
    expect(judgeCheck(rate!, 0.1, undefined, true)!.detail).toMatch(/no requests in the bake window/);
  });
  it('a relative check with an empty window before fails at the end: nothing to compare with', () => {
    expect(judgeCheck(relative!, undefined, 130, false)).toBeUndefined();
    const failed = judgeCheck(relative!, undefined, 130, true)!;
    expect(failed.status).toBe('failed');
    expect(failed.detail).toMatch(/no data in the window before the release \(new service or no traffic\)/);
    expect(failed.detail).toMatch(/e\.g\. p95-latency < 130ms$/);
  });
  it('a zero base: no change passes, any rise fails a relative limit', () => {
    const [errors] = parseMetricChecks('5xx-rate < +50%');
    expect(judgeCheck(errors!, 0, 0, true)).toMatchObject({ status: 'passed' });
    expect(judgeCheck(errors!, 0, 0.2, true)!.detail).toMatch(/\(from 0\)/);
  });
});
