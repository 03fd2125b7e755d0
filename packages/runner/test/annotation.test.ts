/** A failure prints one bounded annotation, whatever value its message quotes. */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { UserError } from '../../inputs/index.js';
import { ANNOTATION_LIMIT, annotationText, reportFailure } from '../index.js';

const HUGE = 'a'.repeat(120_000);

/** The workflow commands reportFailure writes to stdout, e.g. `::error title=…::message`. */
function commandsOf(fn: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return lines.join('').split(/\r?\n/).filter(Boolean);
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('reportFailure', () => {
  it('a UserError quoting a 120,000-character input: one short annotation titled with the input', () => {
    const [line, ...rest] = commandsOf(() =>
      reportFailure(new UserError('service', `"${HUGE}" is not an ECS service name`, 'give its name')),
    );
    expect(rest).toEqual([]);
    expect(line).toBe(
      `::error title=Input service::service: "${'a'.repeat(200)}…" (119,800 more characters) is not an ECS service name. give its name`,
    );
    expect(process.exitCode).toBe(1);
  });

  it('any other error (an AWS message echoing a value) is bounded too, and so is its stack', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `svc${i}`).join(' ');
    const err = new Error(`DescribeServices failed: InvalidParameterException: ${HUGE} and ${words}`);
    const lines = commandsOf(() => reportFailure(err));
    const annotation = lines.find((l) => l.startsWith('::error'))!;
    expect(annotation).toMatch(
      /^::error title=ecs-deploy-actions::DescribeServices failed: InvalidParameterException: a{200}… \(119,800 more characters\) and svc0 svc1/,
    );
    expect(annotation.length).toBeLessThan(ANNOTATION_LIMIT + 100);
    expect(annotation).toMatch(/ … \([\d,]+ characters left out\) … .*svc19999$/);
    const debug = lines.filter((l) => l.startsWith('::debug'));
    expect(debug.join('').length).toBeLessThan(5 * ANNOTATION_LIMIT);
  });
});

describe('annotationText', () => {
  it('leaves a normal message as it is', () => {
    expect(annotationText('timeout: "10" has no unit. write 10s')).toBe(
      'timeout: "10" has no unit. write 10s',
    );
  });
});
