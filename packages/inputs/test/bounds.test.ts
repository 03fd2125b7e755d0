/** Long values in messages are cut (errors.ts), and ECS names are checked where inputs are read (names.ts). */
import { describe, expect, it } from '@jest/globals';
import { readDeployOptions } from '../../../actions/deploy/inputs.js';
import { readRunTaskOptions } from '../../../actions/run-task/inputs.js';
import {
  Inputs,
  MESSAGE_LIMIT,
  UserError,
  boundText,
  charCount,
  checkEcsName,
  parseDuration,
  quote,
  shorten,
} from '../index.js';

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

const HUGE = 'a'.repeat(120_000);

describe('shorten and quote', () => {
  it('leave short values alone', () => {
    expect(shorten('web')).toBe('web');
    expect(quote('private-a')).toBe('"private-a"');
    expect(shorten('x'.repeat(200))).toBe('x'.repeat(200));
  });

  it('keep 200 characters and count the rest', () => {
    expect(shorten(HUGE)).toBe(`${'a'.repeat(200)}… (119,800 more characters)`);
    expect(quote(HUGE)).toBe(`"${'a'.repeat(200)}…" (119,800 more characters)`);
    expect(shorten('abcdef', 3)).toBe('abc… (3 more characters)');
  });

  it('count characters, never splitting one made of two UTF-16 units', () => {
    const emoji = '😀'.repeat(300);
    expect(charCount(emoji)).toBe(300);
    const cut = shorten(emoji);
    expect(cut).toBe(`${'😀'.repeat(200)}… (100 more characters)`);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('quote escapes newlines and quotes, so the value stays on one line', () => {
    expect(quote('a "b"\nc')).toBe('"a \\"b\\"\\nc"');
  });
});

describe('boundText', () => {
  it('cuts a long quoted value, plain or JSON-escaped, and keeps the words around it', () => {
    expect(boundText(`"${HUGE}" is not a duration`)).toBe(
      `"${'a'.repeat(200)}…" (119,800 more characters) is not a duration`,
    );
    const json = boundText(`family ${JSON.stringify(`x"${'b'.repeat(500)}`)} is not a valid name`);
    expect(json).toBe(`family "x\\"${'b'.repeat(197)}…" (303 more characters) is not a valid name`);
    // The cut never ends on half an escape.
    const escaped = boundText(JSON.stringify(`${'b'.repeat(199)}"${'c'.repeat(300)}`));
    expect(escaped).toBe(`"${'b'.repeat(199)}…" (302 more characters)`);
  });

  it('cuts a long run without quotes (an id, a URL)', () => {
    expect(boundText(`no service ${HUGE} in cluster web`)).toBe(
      `no service ${'a'.repeat(200)}… (119,800 more characters) in cluster web`,
    );
  });

  it('leaves out the middle of a long message made of many short words', () => {
    const words = Array.from({ length: 5_000 }, (_, i) => `w${i}`).join(' ');
    const out = boundText(`bad: ${words} (the end)`);
    expect(charCount(out)).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(out.startsWith('bad: w0 w1 w2')).toBe(true);
    expect(out.endsWith('w4999 (the end)')).toBe(true);
    expect(out).toMatch(/ … \([\d,]+ characters left out\) … /);
  });

  it('stays linear on hostile text (escaped quotes that never close, a lone quote)', () => {
    const started = Date.now();
    for (const value of ['\\"'.repeat(100_000), `"${'a'.repeat(200_000)}`, '"a'.repeat(100_000)]) {
      const out = boundText(`"${value}" is bad: ${value}`);
      expect(charCount(out)).toBeLessThanOrEqual(MESSAGE_LIMIT);
    }
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('is idempotent: a message already cut is not cut again', () => {
    const once = boundText(`"${HUGE}" and ${HUGE}`);
    expect(boundText(once)).toBe(once);
    expect(boundText(quote(HUGE))).toBe(quote(HUGE));
    expect(boundText(shorten(HUGE))).toBe(shorten(HUGE));
  });
});

describe('UserError bounds every message, however it was built', () => {
  it('a 120,000-character value comes back as 200 characters and a count', () => {
    const err = new UserError('service', `"${HUGE}" is not a thing`, `remove ${HUGE}`);
    expect(err.message.length).toBeLessThan(700);
    expect(err.message).toBe(
      `service: "${'a'.repeat(200)}…" (119,800 more characters) is not a thing. remove ${'a'.repeat(200)}… (119,800 more characters)`,
    );
    expect(err.problem).toBe(`"${'a'.repeat(200)}…" (119,800 more characters) is not a thing`);
  });

  it('the generic readers’ messages are bounded too', () => {
    const err = userError(() => parseDuration(HUGE, 'timeout'));
    expect(err.input).toBe('timeout');
    expect(err.message.length).toBeLessThan(500);
    expect(err.message).toMatch(/^timeout: "a{200}…" \(119,800 more characters\) is not a duration/);
    const choice = userError(() =>
      new Inputs((n) => (n === 'strategy' ? HUGE : undefined)).choice('strategy', ['a', 'b'] as const, {
        default: 'a',
      }),
    );
    expect(choice.message.length).toBeLessThan(500);
  });

  it('short messages are unchanged', () => {
    const err = new UserError('timeout', '"10" has no unit', 'write it with a unit, e.g. 10s or 10m');
    expect(err.message).toBe('timeout: "10" has no unit. write it with a unit, e.g. 10s or 10m');
  });
});

describe('checkEcsName', () => {
  it.each([
    ['web', 'cluster'],
    ['default', 'cluster'],
    ['Shop_prod-2', 'service'],
    ['x'.repeat(255), 'service'],
    ['arn:aws:ecs:eu-west-1:123456789012:cluster/web', 'cluster'],
    ['arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/web', 'cluster'],
    ['arn:aws:ecs:eu-west-1:123456789012:service/web/backend', 'service'],
    ['arn:aws-cn:ecs:cn-north-1:123456789012:service/backend', 'service'],
  ] as const)('accepts %s as a %s', (value, kind) => {
    expect(checkEcsName(value, kind, kind)).toBe(value);
  });

  it('rejects a name longer than 255 characters, saying how long, without echoing it', () => {
    const err = userError(() => checkEcsName(HUGE, 'service', 'service'));
    expect(err.input).toBe('service');
    expect(err.message).toBe(
      'service: is 120,000 characters long, longer than any ECS service name. an ECS service name has 1 to ' +
        "255 letters, digits, hyphens (-) and underscores (_): give the service's name or its full ARN",
    );
    expect(userError(() => checkEcsName('x'.repeat(256), 'cluster', 'cluster')).message).toMatch(
      /^cluster: is 256 characters long/,
    );
  });

  it('names the character ECS refuses', () => {
    expect(userError(() => checkEcsName('my service', 'service', 'service')).message).toMatch(
      /^service: "my service" is not an ECS service name: it has " "\. an ECS service name has 1 to 255/,
    );
    expect(userError(() => checkEcsName('web/backend', 'service', 'service')).problem).toBe(
      '"web/backend" is not an ECS service name: it has "/"',
    );
  });

  it('rejects a malformed ARN, or an ARN of the wrong kind, with an example', () => {
    const wrongKind = userError(() =>
      checkEcsName('arn:aws:ecs:eu-west-1:123456789012:service/web/backend', 'cluster', 'cluster'),
    );
    expect(wrongKind.message).toMatch(
      /is not an ECS cluster ARN\. .*arn:aws:ecs:eu-west-1:123456789012:cluster\/web/,
    );
    expect(() =>
      checkEcsName('arn:aws:ecs:eu-west-1:1234:service/web/backend', 'service', 'service'),
    ).toThrow(/^service: "arn:aws:ecs:eu-west-1:1234:service\/web\/backend" is not an ECS service ARN/);
  });
});

describe('service and cluster inputs of deploy and run-task', () => {
  const github = { serverUrl: 'https://github.com', sha: 'a'.repeat(40) };
  const deploy = (given: Record<string, string>) =>
    readDeployOptions(
      new Inputs((name) => ({ service: 'web', 'task-definition': 'web:3', ...given })[name]),
      'eu-west-1',
      github,
      '/work',
    );
  const runTask = (given: Record<string, string>) =>
    readRunTaskOptions(
      new Inputs((name) => ({ 'task-definition': 'web:3', ...given })[name]),
      'eu-west-1',
      github,
      '/work',
    );

  it('a 120,000-character service fails with a short message naming the input', () => {
    for (const read of [deploy, runTask]) {
      const err = userError(() => read({ service: HUGE }));
      expect(err.input).toBe('service');
      expect(err.message.length).toBeLessThan(300);
      expect(err.message).toMatch(/^service: is 120,000 characters long/);
    }
  });

  it('a cluster name with a space fails naming cluster', () => {
    for (const read of [deploy, runTask]) {
      expect(() => read({ cluster: 'web prod' })).toThrow(/^cluster: "web prod" is not an ECS cluster name/);
    }
  });

  it('names and ARNs pass through unchanged', () => {
    const arn = 'arn:aws:ecs:eu-west-1:123456789012:service/web/backend';
    expect(deploy({ service: arn, cluster: 'web' })).toMatchObject({ service: arn, cluster: 'web' });
    expect(runTask({ service: 'backend' })).toMatchObject({ service: 'backend', cluster: 'default' });
    expect(runTask({}).service).toBeUndefined();
  });

  it('other quoted inputs are cut too (health-check-url, subnets)', () => {
    const url = userError(() => deploy({ 'health-check-url': `notaurl${HUGE}` }));
    expect(url.message.length).toBeLessThan(400);
    expect(url.message).toMatch(
      /^health-check-url: "notaurla{193}…" \(119,807 more characters\) is not a URL/,
    );
    const subnet = userError(() => runTask({ subnets: `subnet-${HUGE}` }));
    expect(subnet.message.length).toBeLessThan(600);
    expect(subnet.input).toBe('subnets');
  });
});
