/**
 * What a rollback goes back to: `to` is read before any AWS call, then resolved against the family's
 * revisions and their verdicts. Nothing is guessed: when `to` names nothing usable the error lists the
 * recent revisions to choose from.
 */
import { describe, expect, it } from '@jest/globals';
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { UserError } from '../../inputs/index.js';
import { revisionName } from '../../task-definition-ref/index.js';
import {
  candidateLine,
  parseRollbackTo,
  resolveRollbackTarget,
  type ReleaseRecord,
  type TargetRequest,
} from '../index.js';
import { CLUSTER, FakeEcs, SERVICE, arnOf, registeredAt, sha, type Rev } from './fake-ecs.js';

async function userError(promise: Promise<unknown>): Promise<UserError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

function parseError(text: string, input?: string): UserError {
  try {
    parseRollbackTo(text, input);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error(`${JSON.stringify(text)} was accepted`);
}

describe('parseRollbackTo', () => {
  it('reads previous, and nothing, as previous', () => {
    for (const text of [undefined, '', '   ', 'previous', ' previous '])
      expect(parseRollbackTo(text)).toEqual({ kind: 'previous' });
  });

  it('reads a revision number', () => {
    expect(parseRollbackTo('41')).toEqual({ kind: 'revision', revision: 41, text: '41' });
    expect(parseRollbackTo(' 41\n')).toEqual({ kind: 'revision', revision: 41, text: '41' });
    expect(parseRollbackTo('1')).toEqual({ kind: 'revision', revision: 1, text: '1' });
    expect(parseRollbackTo('9999999')).toEqual({ kind: 'revision', revision: 9999999, text: '9999999' });
  });

  it('reads family:revision', () => {
    expect(parseRollbackTo('backend:41')).toEqual({ kind: 'ref', ref: 'backend:41' });
    expect(parseRollbackTo('Back_end-2:7')).toEqual({ kind: 'ref', ref: 'Back_end-2:7' });
  });

  it('reads task-definition ARNs of any partition', () => {
    for (const arn of [
      'arn:aws:ecs:us-east-1:123456789012:task-definition/backend:41',
      'arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/backend:41',
      'arn:aws-us-gov:ecs:us-gov-west-1:123456789012:task-definition/backend-worker:3',
    ])
      expect(parseRollbackTo(arn)).toEqual({ kind: 'ref', ref: arn });
  });

  it('reads git shas, with or without sha:, in any case', () => {
    expect(parseRollbackTo('3f9c2e1')).toEqual({ kind: 'sha', sha: '3f9c2e1', text: '3f9c2e1' });
    expect(parseRollbackTo('sha:3f9c2e1')).toEqual({ kind: 'sha', sha: '3f9c2e1', text: 'sha:3f9c2e1' });
    expect(parseRollbackTo('3F9C2E1AB')).toEqual({ kind: 'sha', sha: '3f9c2e1ab', text: '3F9C2E1AB' });
    expect(parseRollbackTo('sha:ABCDEF0')).toEqual({ kind: 'sha', sha: 'abcdef0', text: 'sha:ABCDEF0' });
    const full = sha('3f9c2e1');
    expect(parseRollbackTo(full)).toEqual({ kind: 'sha', sha: full, text: full });
    expect(parseRollbackTo(full.toUpperCase())).toEqual({ kind: 'sha', sha: full, text: full.toUpperCase() });
    // More than seven digits is no revision number: a sha made of digits.
    expect(parseRollbackTo('12345678')).toEqual({ kind: 'sha', sha: '12345678', text: '12345678' });
  });

  it('refuses anything else, naming the input', () => {
    for (const text of [
      'last-good',
      '41.5',
      '-1',
      '0',
      'a'.repeat(41),
      'my family:41',
      'backend:',
      ':41',
      'backend:41:2',
      '3f9c2e',
      'sha:3f9c2e',
      'arn:aws:ecs:us-east-1:123456789012:service/web/backend',
      'previous!',
    ]) {
      const err = parseError(text);
      expect(err.input).toBe('to');
      expect(err.message).toMatch(
        /^to: ".*" is not a rollback target\. write previous, a revision number \(41\)/,
      );
      expect(err.message).toContain(JSON.stringify(text.trim()));
      expect(err.message).toContain('git sha of 7 to 40 hex digits');
    }
  });

  it('names the input it was given', () => {
    const err = parseError('last-good', 'rollback-to');
    expect(err.input).toBe('rollback-to');
    expect(err.message).toMatch(/^rollback-to: "last-good" is not a rollback target/);
  });
});

const WORLD: Rev[] = [
  { revision: 38, status: 'INACTIVE', verdict: 'verified', sha: sha('0dd0038'), actor: 'olduser' },
  { revision: 40, sha: sha('1111aaa'), actor: 'alice', verdict: 'verified' },
  { revision: 41, sha: sha('2222bbb'), actor: 'bob', verdict: 'failed' },
  { revision: 42, sha: sha('3333ccc'), actor: 'carol', verdict: 'verified' },
  { revision: 43, sha: sha('4444ddd'), actor: 'dave' },
  { revision: 44, sha: sha('5555eee'), actor: 'erin', verdict: 'failed' },
  { revision: 45, sha: sha('6666fff'), actor: 'octocat' },
];

function request(to: string, over: Partial<TargetRequest> = {}): TargetRequest {
  return {
    to: parseRollbackTo(to),
    cluster: CLUSTER,
    service: SERVICE,
    region: 'us-east-1',
    currentArn: arnOf('backend', 45),
    allowInactive: false,
    ...over,
  };
}

/** The world with every verdict replaced by `verdict(revision)`. */
const withVerdicts = (verdict: (n: number) => Rev['verdict']): Rev[] =>
  WORLD.map(({ verdict: _, ...r }) => {
    const v = verdict(r.revision);
    return v ? { ...r, verdict: v } : r;
  });

describe('resolveRollbackTarget: previous', () => {
  it('goes to the newest verified revision older than the live one, not revision − 1', async () => {
    const fake = new FakeEcs(WORLD);
    const target = await resolveRollbackTarget(fake.ecs, request('previous'));
    expect(target.record.revision).toBe(42);
    expect(target.record).toMatchObject({ family: 'backend', gitSha: sha('3333ccc'), verdict: 'verified' });
    expect(target.how).toBe(
      'previous: the newest revision verified for backend older than the serving backend:45',
    );
    expect(target.warnings).toEqual([]);
  });

  it('goes to the one below the live one when that is verified', async () => {
    const fake = new FakeEcs(withVerdicts((n) => (n === 44 || n === 42 ? 'verified' : undefined)));
    expect((await resolveRollbackTarget(fake.ecs, request(''))).record.revision).toBe(44);
  });

  it('finds a verified revision further back than the ten it reads first', async () => {
    const fake = new FakeEcs(
      Array.from({ length: 30 }, (_, i) => ({
        revision: i + 1,
        ...(i + 1 === 5 ? { verdict: 'verified' as const } : {}),
      })),
    );
    const target = await resolveRollbackTarget(
      fake.ecs,
      request('previous', { currentArn: arnOf('backend', 30) }),
    );
    expect(target.record.revision).toBe(5);
  });

  it('refuses when nothing older is verified, listing the recent revisions', async () => {
    const fake = new FakeEcs(withVerdicts((n) => (n === 41 || n === 44 ? 'failed' : undefined)));
    const err = await userError(resolveRollbackTarget(fake.ecs, request('previous')));
    expect(err.input).toBe('to');
    expect(err.message).toMatch(
      /^to: no revision of backend older than the serving backend:45 is verified for backend .*; recent revisions of backend: /,
    );
    expect(err.message).toContain('backend:45 (6666fff, 2026-11-02 21:00 UTC, by octocat, live)');
    expect(err.message).toContain('backend:44 (5555eee, 2026-11-02 20:00 UTC, by erin, failed)');
    expect(err.message).toContain('backend:43 (4444ddd, 2026-11-02 19:00 UTC, by dave)');
    expect(err.message).toContain('backend:40 (1111aaa, 2026-11-02 16:00 UTC, by alice)');
    // INACTIVE revisions are no candidates.
    expect(err.message).not.toContain('backend:38');
    expect(err.message).toMatch(/give the revision to go back to, e\.g\. to: 41 or a git sha$/);
  });

  it('says so when the family has no ACTIVE revisions at all', async () => {
    const fake = new FakeEcs([{ revision: 3, status: 'INACTIVE' }]);
    const err = await userError(
      resolveRollbackTarget(fake.ecs, request('previous', { currentArn: arnOf('backend', 3) })),
    );
    expect(err.message).toContain('; backend has no ACTIVE revisions');
  });
});

describe('resolveRollbackTarget: revision and reference', () => {
  it('goes to a revision number of the serving family', async () => {
    const fake = new FakeEcs(WORLD);
    const target = await resolveRollbackTarget(fake.ecs, request('40'));
    expect(target.record).toMatchObject({
      arn: arnOf('backend', 40),
      revision: 40,
      actor: 'alice',
      verdict: 'verified',
    });
    expect(target.how).toBe('revision 40 of backend');
    expect(target.warnings).toEqual([]);
    expect(fake.described()).toEqual(['backend:40']);
  });

  it('goes to family:revision and to an ARN', async () => {
    const fake = new FakeEcs([...WORLD, { revision: 3, family: 'backend-worker', sha: sha('7777aaa') }]);
    const byName = await resolveRollbackTarget(fake.ecs, request('backend:42'));
    expect(byName.record.revision).toBe(42);
    expect(byName.how).toBe('backend:42');
    const other = await resolveRollbackTarget(fake.ecs, request('backend-worker:3'));
    expect(other.record).toMatchObject({ family: 'backend-worker', revision: 3, gitSha: sha('7777aaa') });
    const arn = 'arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/backend:43';
    const byArn = await resolveRollbackTarget(fake.ecs, request(arn));
    expect(byArn.record.revision).toBe(43);
    expect(byArn.how).toBe(arn);
    expect(fake.described().slice(0, 3)).toEqual(['backend:42', 'backend-worker:3', arn]);
  });

  it('refuses a revision ECS does not have, listing the recent revisions', async () => {
    const fake = new FakeEcs(WORLD);
    const err = await userError(resolveRollbackTarget(fake.ecs, request('99')));
    expect(err.input).toBe('to');
    expect(err.message).toMatch(
      /^to: ECS has no task definition backend:99 in us-east-1; recent revisions of backend: /,
    );
    expect(err.message).toContain('backend:42 (3333ccc, 2026-11-02 18:00 UTC, by carol, verified)');
    expect(err.message).toContain('backend:45 (6666fff, 2026-11-02 21:00 UTC, by octocat, live)');
    expect(err.message).toContain('give one of the revisions listed, or check aws-region');
    const byRef = await userError(resolveRollbackTarget(fake.ecs, request('backend:100')));
    expect(byRef.message).toMatch(/^to: ECS has no task definition backend:100 in us-east-1; /);
  });

  it('looks for a seven-digit number that is no revision as a git sha', async () => {
    const fake = new FakeEcs([
      ...WORLD.filter((r) => r.revision !== 42),
      { revision: 42, sha: sha('1234567'), verdict: 'verified' },
    ]);
    const target = await resolveRollbackTarget(fake.ecs, request('1234567'));
    expect(target.record.revision).toBe(42);
    expect(target.how).toBe('git sha 1234567: backend:42');
    expect(fake.described()[0]).toBe('backend:1234567');
  });

  it('refuses a seven-digit number that is neither, as a sha not found', async () => {
    const fake = new FakeEcs(WORLD);
    const err = await userError(resolveRollbackTarget(fake.ecs, request('7654321')));
    expect(err.message).toMatch(
      /^to: no revision of backend among its newest 100 was rendered from git sha 7654321; recent revisions of backend: /,
    );
  });

  it('does not look for a shorter number as a sha', async () => {
    const fake = new FakeEcs([...WORLD, { revision: 46, sha: sha('123456') }]);
    const err = await userError(resolveRollbackTarget(fake.ecs, request('123456')));
    expect(err.message).toMatch(/^to: ECS has no task definition backend:123456 in us-east-1/);
  });

  it('passes on an AWS error that is not a missing task definition', async () => {
    const fake = new FakeEcs(WORLD);
    fake.mock.on(DescribeTaskDefinitionCommand, { taskDefinition: 'backend:42' }).rejects(
      Object.assign(new Error('not authorized to perform: ecs:DescribeTaskDefinition'), {
        name: 'AccessDeniedException',
      }),
    );
    const err = await resolveRollbackTarget(fake.ecs, request('42')).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(UserError);
    expect((err as Error).name).toBe('AccessDeniedException');
  });

  it('goes back to a revision marked failed when it is named, with a warning', async () => {
    const fake = new FakeEcs(WORLD);
    const target = await resolveRollbackTarget(fake.ecs, request('44'));
    expect(target.record).toMatchObject({ revision: 44, verdict: 'failed' });
    expect(target.warnings).toEqual([
      `backend:44 is marked failed for backend (${new Date(registeredAt(44).getTime() + 3_600_000).toISOString()}): going back to it as asked`,
    ]);
  });

  it('refuses an INACTIVE revision without allow-inactive, and goes to it with a warning with it', async () => {
    const fake = new FakeEcs(WORLD);
    const err = await userError(resolveRollbackTarget(fake.ecs, request('38')));
    expect(err.input).toBe('to');
    expect(err.message).toBe(
      'to: backend:38 is INACTIVE (deregistered): ECS updates no service to it. choose an ACTIVE revision, or set allow-inactive: true to register its content again and go back to that',
    );
    const target = await resolveRollbackTarget(fake.ecs, request('backend:38', { allowInactive: true }));
    expect(target.record).toMatchObject({ revision: 38, status: 'INACTIVE' });
    expect(target.warnings).toEqual([
      'backend:38 is INACTIVE: its content is registered again (allow-inactive)',
    ]);
  });

  it('names the input it was given in its errors', async () => {
    const fake = new FakeEcs(WORLD);
    const err = await userError(resolveRollbackTarget(fake.ecs, request('99', { input: 'rollback-to' })));
    expect(err.input).toBe('rollback-to');
    expect(err.message).toMatch(/^rollback-to: ECS has no task definition backend:99/);
  });
});

describe('resolveRollbackTarget: git sha', () => {
  const X = sha('abcdef0');
  /** Revisions 40–45, 45 live, with these sha and verdicts on 40, 42 and 43. */
  const shaWorld = (
    verdicts: Partial<Record<40 | 42 | 43, Rev['verdict']>>,
    shas: Partial<Record<number, string>> = {},
  ) =>
    new FakeEcs(
      [40, 41, 42, 43, 44, 45].map((revision) => {
        const v = verdicts[revision as 40 | 42 | 43];
        return {
          revision,
          sha: shas[revision] ?? ([40, 42, 43].includes(revision) ? X : sha(`99${revision}000`)),
          ...(v ? { verdict: v } : {}),
        };
      }),
    );

  it('goes to the revision rendered from a sha', async () => {
    const fake = new FakeEcs(WORLD);
    for (const to of ['3333ccc', 'sha:3333ccc', '3333CCC', sha('3333ccc')]) {
      const target = await resolveRollbackTarget(fake.ecs, request(to));
      expect(target.record.revision).toBe(42);
      expect(target.warnings).toEqual([]);
    }
    expect((await resolveRollbackTarget(fake.ecs, request('3333ccc'))).how).toBe(
      'git sha 3333ccc: backend:42',
    );
  });

  it('matches a sha tag written in upper case', async () => {
    const fake = new FakeEcs([
      { revision: 7, sha: sha('abc1234').toUpperCase(), verdict: 'verified' },
      { revision: 8 },
    ]);
    const target = await resolveRollbackTarget(
      fake.ecs,
      request('abc1234', { currentArn: arnOf('backend', 8) }),
    );
    expect(target.record.revision).toBe(7);
  });

  it('picks the newest verified of several revisions of one sha', async () => {
    const fake = shaWorld({ 40: 'verified', 42: 'verified', 43: 'failed' });
    const target = await resolveRollbackTarget(fake.ecs, request('abcdef0'));
    expect(target.record.revision).toBe(42);
    expect(target.how).toBe('git sha abcdef0: the newest verified of backend:43, backend:42, backend:40');
    expect(target.warnings).toEqual([]);
  });

  it('picks the newest not failed when none is verified, with a warning', async () => {
    const fake = shaWorld({ 43: 'failed' });
    const target = await resolveRollbackTarget(fake.ecs, request('abcdef0'));
    expect(target.record.revision).toBe(42);
    expect(target.how).toBe('git sha abcdef0: the newest not failed of backend:43, backend:42, backend:40');
    expect(target.warnings).toEqual(['backend:42 was never verified for backend']);
  });

  it('refuses a sha whose every revision failed', async () => {
    const fake = shaWorld({ 40: 'failed', 42: 'failed', 43: 'failed' });
    const err = await userError(resolveRollbackTarget(fake.ecs, request('abcdef0')));
    expect(err.message).toBe(
      'to: every revision rendered from abcdef0 is marked failed for backend: backend:43, backend:42, backend:40. give one of them by revision number to go back to it anyway, or choose another sha',
    );
  });

  it('refuses a prefix of two different shas', async () => {
    const fake = shaWorld(
      { 42: 'verified' },
      { 40: `abcdef0111${'1'.repeat(30)}`, 43: `abcdef0222${'2'.repeat(30)}` },
    );
    const err = await userError(resolveRollbackTarget(fake.ecs, request('abcdef0')));
    expect(err.message).toMatch(/^to: git sha abcdef0 is ambiguous: it starts /);
    expect(err.message).toContain('abcdef022222');
    expect(err.message).toContain('abcdef011111');
    expect(err.message).toContain('abcdef0eeeee');
    expect(err.message).toMatch(/give more digits of the sha$/);
    // More digits settle it.
    const target = await resolveRollbackTarget(fake.ecs, request('abcdef0222'));
    expect(target.record.revision).toBe(43);
  });

  it('refuses a sha it cannot find, listing the recent revisions', async () => {
    const fake = new FakeEcs(WORLD);
    const err = await userError(resolveRollbackTarget(fake.ecs, request('deadbee')));
    expect(err.message).toMatch(
      /^to: no revision of backend among its newest 100 was rendered from git sha deadbee; recent revisions of backend: backend:45 \(6666fff, 2026-11-02 21:00 UTC, by octocat, live\); backend:44 /,
    );
    expect(err.message).toMatch(/give a sha from the list, or a revision number$/);
  });

  it('looks only as deep as asked', async () => {
    const fake = new FakeEcs(WORLD);
    const err = await userError(resolveRollbackTarget(fake.ecs, request('1111aaa', { searchDepth: 3 })));
    expect(err.message).toContain('among its newest 3 was rendered from git sha 1111aaa');
    expect(fake.listed()[0]).toMatchObject({ familyPrefix: 'backend', status: 'ACTIVE', sort: 'DESC' });
    // The three newest ACTIVE revisions, then the INACTIVE ones, then the recent ones for the message.
    expect(fake.described().slice(0, 4)).toEqual([45, 44, 43, 38].map((n) => arnOf('backend', n)));
    expect(fake.listed().slice(0, 2)).toMatchObject([
      { status: 'ACTIVE', sort: 'DESC' },
      { status: 'INACTIVE', sort: 'DESC' },
    ]);
    expect(
      (await resolveRollbackTarget(fake.ecs, request('1111aaa', { searchDepth: 6 }))).record.revision,
    ).toBe(40);
  });

  it('looks only in the serving family', async () => {
    const fake = new FakeEcs([
      ...WORLD,
      { revision: 9, family: 'backend-worker', sha: sha('7777aaa'), verdict: 'verified' },
    ]);
    const err = await userError(resolveRollbackTarget(fake.ecs, request('7777aaa')));
    expect(err.message).toContain(
      'no revision of backend among its newest 100 was rendered from git sha 7777aaa',
    );
  });

  it('refuses a sha found only on INACTIVE revisions, saying so', async () => {
    const fake = new FakeEcs(WORLD);
    const err = await userError(resolveRollbackTarget(fake.ecs, request('0dd0038')));
    expect(err.message).toBe(
      'to: git sha 0dd0038 is only on INACTIVE (deregistered) revisions: backend:38. choose an ACTIVE revision, or set allow-inactive: true',
    );
  });

  it('goes to a sha on an INACTIVE revision with allow-inactive, with a warning', async () => {
    const fake = new FakeEcs(WORLD);
    const target = await resolveRollbackTarget(fake.ecs, request('0dd0038', { allowInactive: true }));
    expect(target.record).toMatchObject({ revision: 38, status: 'INACTIVE', verdict: 'verified' });
    expect(target.how).toBe('git sha 0dd0038: backend:38');
    expect(target.warnings).toEqual([
      'backend:38 is INACTIVE: its content is registered again (allow-inactive)',
    ]);
  });

  it('prefers ACTIVE revisions of a sha and does not read INACTIVE ones then', async () => {
    const fake = new FakeEcs([
      ...WORLD,
      { revision: 39, status: 'INACTIVE', sha: sha('3333ccc'), verdict: 'verified' },
    ]);
    const target = await resolveRollbackTarget(fake.ecs, request('3333ccc', { allowInactive: true }));
    expect(target.record.revision).toBe(42);
    expect(target.warnings).toEqual([]);
    expect(fake.listed().map((i) => i.status)).toEqual(['ACTIVE']);
  });
});

describe('candidateLine and revisionName', () => {
  const record: ReleaseRecord = {
    arn: arnOf('backend', 3),
    family: 'backend',
    revision: 3,
    status: 'ACTIVE',
    images: {},
  };

  it('names the revision', () => {
    expect(revisionName(record)).toBe('backend:3');
  });

  it('says what is known, falling back to the principal', () => {
    expect(candidateLine(record)).toBe('backend:3 (no sha)');
    expect(
      candidateLine({
        ...record,
        registeredAt: '2026-11-30T21:40:12.000Z',
        registeredBy: 'github-actions/run-7',
      }),
    ).toBe('backend:3 (no sha, 2026-11-30 21:40 UTC, by github-actions/run-7)');
    expect(
      candidateLine({
        ...record,
        gitSha: sha('3f9c2e1'),
        actor: 'octocat',
        registeredBy: 'github-actions/run-7',
        verdict: 'verified',
        live: true,
      }),
    ).toBe('backend:3 (3f9c2e1, by octocat, verified, live)');
  });
});

describe('parseRollbackTo: sha: prefix', () => {
  it('reads sha: followed by digits only as a sha, never as revision of a family named "sha"', () => {
    expect(parseRollbackTo('sha:1234567')).toEqual({ kind: 'sha', sha: '1234567', text: 'sha:1234567' });
    expect(parseRollbackTo('SHA:0000041')).toEqual({ kind: 'sha', sha: '0000041', text: 'SHA:0000041' });
  });
});
