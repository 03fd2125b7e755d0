import { describe, expect, it } from '@jest/globals';
import { readPruneOptions, parseAge } from '../../../actions/prune-revisions/inputs.js';
import { Inputs } from '../../inputs/index.js';
import { READ_RATE, TokenBucket, WRITE_RATE } from '../index.js';
import { FakeClock } from './fake-ecs.js';

const read = (values: Record<string, string>) =>
  readPruneOptions(new Inputs((name) => values[name]), 'us-east-1');

describe('prune-revisions inputs', () => {
  it('reads defaults', () => {
    expect(read({ families: 'backend\nfrontend, backend', clusters: 'default' })).toEqual({
      region: 'us-east-1',
      families: ['backend', 'frontend'],
      clusters: ['default'],
      keep: 10,
      olderThanSeconds: 30 * 86_400,
      keepVerified: 3,
      delete: false,
      dryRun: false,
      maxDeregistrations: 200,
    });
  });

  it('reads ages in days, hours and minutes', () => {
    expect(parseAge('30d', 'older-than')).toBe(30 * 86_400);
    expect(parseAge('720h', 'older-than')).toBe(720 * 3600);
    expect(parseAge('1d12h', 'older-than')).toBe(36 * 3600);
    expect(parseAge('0s', 'older-than')).toBe(0);
  });

  it.each([
    [{ families: '' }, /^families: is required/],
    [{ families: 'backend:12' }, /^families: "backend:12" is a revision, not a family/],
    [{ families: 'back end' }, /^families: "back end" is not a task-definition family name/],
    [{ families: 'a', clusters: 'we b' }, /^clusters: "we b" is not an ECS cluster name/],
    [{ families: 'a', keep: 'ten' }, /^keep: "ten" is not a whole number/],
    [{ families: 'a', keep: '0' }, /^keep: 0 is out of range/],
    [{ families: 'a', 'older-than': '30 days' }, /^older-than: "30 days" is not an age/],
    [{ families: 'a', 'older-than': '30' }, /^older-than: "30" is not an age/],
    [{ families: 'a', delete: 'yes' }, /^delete: "yes" is not a boolean/],
    [{ families: 'a', 'max-deregistrations': '-1' }, /^max-deregistrations: "-1" is not a whole number/],
  ])('rejects %j naming the input', (values, message) => {
    expect(() => read(values as Record<string, string>)).toThrow(message);
  });
});

describe('TokenBucket', () => {
  it('lets a burst through, then the sustained rate', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(WRITE_RATE, clock);
    for (let i = 0; i < WRITE_RATE.burst; i++) await bucket.take();
    expect(clock.now()).toBe(0);
    await bucket.take();
    await bucket.take();
    expect(clock.now()).toBe(4000);
  });

  it('serves concurrent takers in turn', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(READ_RATE, clock);
    await Promise.all(Array.from({ length: 30 }, () => bucket.take()));
    // 10 at once, then 20 more at 10/s.
    expect(clock.now()).toBe(2000);
  });
});
