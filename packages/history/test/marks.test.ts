/**
 * Verdicts recorded as tags on revisions: the key names the service, the value the time and the run, and
 * the later of verified and failed is the one that counts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ECSClient, TagResourceCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import {
  formatVerdictValue,
  isVerdictKey,
  markRevision,
  parseVerdictValue,
  shortName,
  verdictKey,
  verdictOf,
} from '../index.js';

const CLUSTER_ARN = 'arn:aws:ecs:us-east-1:123456789012:cluster/web';
const SERVICE_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/web/backend';
const AT = Date.parse('2026-11-30T21:37:46.000Z');
const RUN = 'https://github.com/acme/shop/actions/runs/1001';
/** Characters ECS allows in a tag value. */
const TAG_VALUE = /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u;

describe('shortName', () => {
  it('keeps the last part of an ARN and leaves a name alone', () => {
    expect(shortName(CLUSTER_ARN)).toBe('web');
    expect(shortName(SERVICE_ARN)).toBe('backend');
    expect(shortName('backend')).toBe('backend');
    expect(shortName('web/backend')).toBe('web/backend');
  });
});

describe('verdictKey', () => {
  it('names the verdict, the cluster and the service', () => {
    expect(verdictKey('verified', 'web', 'backend')).toBe('ecs-deploy:verified:web/backend');
    expect(verdictKey('failed', 'web', 'backend')).toBe('ecs-deploy:failed:web/backend');
    expect(verdictKey('verified', 'staging', 'backend')).toBe('ecs-deploy:verified:staging/backend');
  });

  it('shortens ARNs to the names, so either form gives the same key', () => {
    expect(verdictKey('verified', CLUSTER_ARN, SERVICE_ARN)).toBe('ecs-deploy:verified:web/backend');
    expect(verdictKey('failed', CLUSTER_ARN, 'backend')).toBe('ecs-deploy:failed:web/backend');
    expect(verdictKey('verified', 'arn:aws-cn:ecs:cn-north-1:123456789012:cluster/web', SERVICE_ARN)).toBe(
      'ecs-deploy:verified:web/backend',
    );
  });

  it('keeps a key of exactly 128 characters and hashes one of 129', () => {
    // ecs-deploy:verified: (20) + web/ (4) + 104 = 128.
    const fits = verdictKey('verified', 'web', 's'.repeat(104));
    expect(fits).toBe(`ecs-deploy:verified:web/${'s'.repeat(104)}`);
    expect(fits).toHaveLength(128);
    const hashed = verdictKey('verified', 'web', 's'.repeat(105));
    expect(hashed).toMatch(/^ecs-deploy:verified:sha256-[0-9a-f]{32}$/);
    // ecs-deploy:failed: is two characters shorter, so the same service still fits.
    expect(verdictKey('failed', 'web', 's'.repeat(105))).toBe(`ecs-deploy:failed:web/${'s'.repeat(105)}`);
    expect(verdictKey('failed', 'web', 's'.repeat(107))).toMatch(/^ecs-deploy:failed:sha256-[0-9a-f]{32}$/);
  });

  it('hashes a long name stably, by cluster/service, and differently for each service', () => {
    const long = 'b'.repeat(255);
    const key = verdictKey('verified', 'web', long);
    expect(key.length).toBeLessThanOrEqual(128);
    const digest = createHash('sha256').update(`web/${long}`).digest('hex').slice(0, 32);
    expect(key).toBe(`ecs-deploy:verified:sha256-${digest}`);
    expect(verdictKey('verified', 'web', long)).toBe(key);
    expect(
      verdictKey('verified', CLUSTER_ARN, `arn:aws:ecs:us-east-1:123456789012:service/web/${long}`),
    ).toBe(key);
    expect(verdictKey('failed', 'web', long)).toBe(`ecs-deploy:failed:sha256-${digest}`);
    const others = [
      verdictKey('verified', 'web', 'c'.repeat(255)),
      verdictKey('verified', 'web', `${'b'.repeat(254)}c`),
      verdictKey('verified', 'staging', long),
    ];
    for (const other of others) {
      expect(other).toMatch(/^ecs-deploy:verified:sha256-[0-9a-f]{32}$/);
      expect(other).not.toBe(key);
    }
    expect(new Set(others).size).toBe(3);
  });
});

describe('isVerdictKey', () => {
  it('knows verdicts of any service and nothing else', () => {
    expect(isVerdictKey('ecs-deploy:verified:web/backend')).toBe(true);
    expect(isVerdictKey('ecs-deploy:failed:staging/api')).toBe(true);
    expect(isVerdictKey(verdictKey('failed', 'web', 'x'.repeat(200)))).toBe(true);
    expect(isVerdictKey('ecs-deploy:git-sha')).toBe(false);
    expect(isVerdictKey('verified')).toBe(false);
    expect(isVerdictKey('')).toBe(false);
    expect(isVerdictKey(undefined)).toBe(false);
  });
});

describe('verdict values', () => {
  it('writes the time and the run, and reads them back', () => {
    const value = formatVerdictValue(AT, RUN);
    expect(value).toBe(`2026-11-30T21:37:46.000Z run=${RUN}`);
    expect(parseVerdictValue('verified', value)).toEqual({ verdict: 'verified', at: AT, run: RUN });
    expect(parseVerdictValue('failed', value)).toEqual({ verdict: 'failed', at: AT, run: RUN });
  });

  it('writes only the time without a run, and reads no run back', () => {
    const value = formatVerdictValue(AT);
    expect(value).toBe('2026-11-30T21:37:46.000Z');
    const mark = parseVerdictValue('failed', value);
    expect(mark).toEqual({ verdict: 'failed', at: AT });
    expect(mark).not.toHaveProperty('run');
    expect(formatVerdictValue(AT, '')).toBe('2026-11-30T21:37:46.000Z');
  });

  it('keeps milliseconds', () => {
    const at = AT + 123;
    expect(parseVerdictValue('verified', formatVerdictValue(at, RUN))?.at).toBe(at);
  });

  it('makes a run with characters a tag may not hold safe', () => {
    const value = formatVerdictValue(AT, 'https://ci.example.com/job?id=7&attempt=2#log');
    expect(value).toMatch(TAG_VALUE);
    expect(value).toBe('2026-11-30T21:37:46.000Z run=https://ci.example.com/job_id=7_attempt=2_log');
    expect(parseVerdictValue('verified', value)).toEqual({
      verdict: 'verified',
      at: AT,
      run: 'https://ci.example.com/job_id=7_attempt=2_log',
    });
    const hostile = formatVerdictValue(AT, '<script>alert("x")</script>;\n$(rm -rf)');
    expect(hostile).toMatch(TAG_VALUE);
    expect(hostile).not.toMatch(/[<>"();\n$]/);
  });

  it('cuts a long value to 256 characters and still reads its time', () => {
    const value = formatVerdictValue(AT, `https://github.com/${'a'.repeat(400)}`);
    expect(value).toHaveLength(256);
    expect(value).toMatch(TAG_VALUE);
    const mark = parseVerdictValue('verified', value);
    expect(mark?.at).toBe(AT);
    expect(mark?.run).toBe(value.slice('2026-11-30T21:37:46.000Z run='.length));
  });

  it('keeps a run with spaces whole', () => {
    const value = formatVerdictValue(AT, 'manual deploy by ops');
    expect(parseVerdictValue('verified', value)?.run).toBe('manual deploy by ops');
  });

  it('reads nothing from a missing, empty or unparseable value', () => {
    expect(parseVerdictValue('verified', undefined)).toBeUndefined();
    expect(parseVerdictValue('verified', '')).toBeUndefined();
    expect(parseVerdictValue('verified', 'yes')).toBeUndefined();
    expect(parseVerdictValue('verified', 'not-a-date run=x')).toBeUndefined();
    expect(parseVerdictValue('verified', '2026-13-45T00:00:00Z')).toBeUndefined();
    expect(parseVerdictValue('verified', ` ${formatVerdictValue(AT)}`)).toBeUndefined();
  });
});

describe('verdictOf', () => {
  const verified = verdictKey('verified', 'web', 'backend');
  const failed = verdictKey('failed', 'web', 'backend');
  const at = (iso: string) => Date.parse(iso);

  it('reads a single verdict', () => {
    expect(verdictOf([{ key: verified, value: formatVerdictValue(AT, RUN) }], 'web', 'backend')).toEqual({
      verdict: 'verified',
      at: AT,
      run: RUN,
    });
    expect(verdictOf([{ key: failed, value: formatVerdictValue(AT) }], 'web', 'backend')).toEqual({
      verdict: 'failed',
      at: AT,
    });
  });

  it('picks the later of verified and failed, whichever order the tags come in', () => {
    const early = formatVerdictValue(at('2026-11-01T10:00:00Z'));
    const late = formatVerdictValue(at('2026-11-02T10:00:00Z'));
    const failedLater = [
      { key: verified, value: early },
      { key: failed, value: late },
    ];
    expect(verdictOf(failedLater, 'web', 'backend')).toEqual({
      verdict: 'failed',
      at: at('2026-11-02T10:00:00Z'),
    });
    expect(verdictOf([...failedLater].reverse(), 'web', 'backend')?.verdict).toBe('failed');
    const verifiedLater = [
      { key: failed, value: early },
      { key: verified, value: late },
    ];
    expect(verdictOf(verifiedLater, 'web', 'backend')).toEqual({
      verdict: 'verified',
      at: at('2026-11-02T10:00:00Z'),
    });
    expect(verdictOf([...verifiedLater].reverse(), 'web', 'backend')?.verdict).toBe('verified');
  });

  it("ignores other services' and other clusters' verdicts", () => {
    const tags = [
      { key: verdictKey('verified', 'staging', 'backend'), value: formatVerdictValue(AT) },
      { key: verdictKey('failed', 'web', 'frontend'), value: formatVerdictValue(AT) },
      { key: 'ecs-deploy:git-sha', value: 'a'.repeat(40) },
    ];
    expect(verdictOf(tags, 'web', 'backend')).toBeUndefined();
    expect(verdictOf(tags, 'staging', 'backend')?.verdict).toBe('verified');
    expect(verdictOf(tags, 'web', 'frontend')?.verdict).toBe('failed');
  });

  it('ignores a malformed value and keeps the other verdict', () => {
    const tags = [
      { key: verified, value: 'garbage' },
      { key: failed, value: formatVerdictValue(AT) },
    ];
    expect(verdictOf(tags, 'web', 'backend')).toEqual({ verdict: 'failed', at: AT });
    expect(verdictOf([{ key: verified, value: 'garbage' }], 'web', 'backend')).toBeUndefined();
    expect(verdictOf([{ key: verified }], 'web', 'backend')).toBeUndefined();
    expect(verdictOf([{ value: formatVerdictValue(AT) }], 'web', 'backend')).toBeUndefined();
  });

  it('reads no verdict from no tags', () => {
    expect(verdictOf(undefined, 'web', 'backend')).toBeUndefined();
    expect(verdictOf([], 'web', 'backend')).toBeUndefined();
  });

  it('finds the verdict of a service given by ARN, or under its hashed key', () => {
    expect(
      verdictOf([{ key: verified, value: formatVerdictValue(AT) }], CLUSTER_ARN, SERVICE_ARN)?.verdict,
    ).toBe('verified');
    const long = 'l'.repeat(200);
    const tags = [{ key: verdictKey('failed', 'web', long), value: formatVerdictValue(AT) }];
    expect(verdictOf(tags, 'web', long)?.verdict).toBe('failed');
    expect(verdictOf(tags, 'web', 'm'.repeat(200))).toBeUndefined();
  });
});

describe('markRevision', () => {
  const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/backend:44';

  it('tags the revision with the verdict for the service', async () => {
    const ecs = new ECSClient({ region: 'us-east-1' });
    const mock = mockClient(ecs);
    mock.on(TagResourceCommand).resolves({});
    const mark = await markRevision(
      ecs,
      TD,
      { cluster: CLUSTER_ARN, service: SERVICE_ARN },
      'verified',
      AT,
      RUN,
    );
    expect(mark).toEqual({ verdict: 'verified', at: AT, run: RUN });
    expect(mock.calls()).toHaveLength(1);
    expect(mock.commandCalls(TagResourceCommand)[0]!.args[0].input).toEqual({
      resourceArn: TD,
      tags: [{ key: 'ecs-deploy:verified:web/backend', value: `2026-11-30T21:37:46.000Z run=${RUN}` }],
    });
  });

  it('records a failure without a run, and what it wrote reads back as the verdict', async () => {
    const ecs = new ECSClient({ region: 'us-east-1' });
    const mock = mockClient(ecs);
    mock.on(TagResourceCommand).resolves({});
    const mark = await markRevision(ecs, TD, { cluster: 'web', service: 'backend' }, 'failed', AT);
    expect(mark).toEqual({ verdict: 'failed', at: AT });
    expect(mark).not.toHaveProperty('run');
    const input = mock.commandCalls(TagResourceCommand)[0]!.args[0].input;
    expect(input.tags).toEqual([{ key: 'ecs-deploy:failed:web/backend', value: '2026-11-30T21:37:46.000Z' }]);
    expect(verdictOf(input.tags, 'web', 'backend')).toEqual(mark);
  });

  it('fails when ECS refuses the tag', async () => {
    const ecs = new ECSClient({ region: 'us-east-1' });
    const mock = mockClient(ecs);
    mock.on(TagResourceCommand).rejects(
      Object.assign(new Error('not authorized to perform: ecs:TagResource'), {
        name: 'AccessDeniedException',
      }),
    );
    await expect(
      markRevision(ecs, TD, { cluster: 'web', service: 'backend' }, 'verified', AT),
    ).rejects.toThrow(/ecs:TagResource/);
  });
});

describe('verdict values that are not ours', () => {
  it('reads only the ISO form we write: a hand-edited "42" (Date.parse: year 2042) never outranks a real verdict', () => {
    for (const junk of ['42', '1', 'build-7 run=x', 'passed-1', '2026-11-30', 'yesterday'])
      expect(parseVerdictValue('verified', junk)).toBeUndefined();
    const key = (v: 'verified' | 'failed') => verdictKey(v, 'web', 'backend');
    expect(
      verdictOf(
        [
          { key: key('verified'), value: '42' },
          { key: key('failed'), value: '2026-11-30T00:00:00.000Z' },
        ],
        'web',
        'backend',
      )?.verdict,
    ).toBe('failed');
  });
});
