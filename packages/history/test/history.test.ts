/**
 * Reading a family's history from ECS: every page, only the family asked for, in order, with what render and
 * deploy recorded; the rollback target is the newest verified revision older than the live one, found even
 * when it is further back than the revisions shown.
 */
import { describe, expect, it } from '@jest/globals';
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import {
  describeRevisions,
  formatVerdictValue,
  listRevisionArns,
  previousVerified,
  principalName,
  readHistory,
  releaseRecord,
  verdictKey,
  type ReleaseRecord,
} from '../index.js';
import { CLUSTER, FakeEcs, SERVICE, arnOf, registeredAt, sha, type Rev } from './fake-ecs.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const revs = (numbers: number[], over: (n: number) => Partial<Rev> = () => ({})): Rev[] =>
  numbers.map((revision) => ({ revision, ...over(revision) }));
const where = { cluster: CLUSTER, service: SERVICE };

describe('listRevisionArns', () => {
  it('limit 0 lists nothing and asks ECS nothing', async () => {
    const fake = new FakeEcs([]);
    expect(await listRevisionArns(fake.ecs, 'backend', { limit: 0 })).toEqual([]);
  });

  it('reads every page, newest first, and drops families that only share the prefix', async () => {
    const fake = new FakeEcs([
      ...revs(range(1, 5)),
      ...revs(range(1, 3), () => ({ family: 'backend-worker' })),
    ]);
    fake.pageSize = 2;
    const arns = await listRevisionArns(fake.ecs, 'backend');
    expect(arns).toEqual([5, 4, 3, 2, 1].map((n) => arnOf('backend', n)));
    const listed = fake.listed();
    // backend-worker sorts first in DESC: bw3 bw2 | bw1 b5 | b4 b3 | b2 b1.
    expect(listed.map((i) => i.nextToken)).toEqual([undefined, '2', '4', '6']);
    for (const input of listed) {
      expect(input).toMatchObject({ familyPrefix: 'backend', status: 'ACTIVE', sort: 'DESC' });
    }
  });

  it('lists only the longer family when that is the one asked for', async () => {
    const fake = new FakeEcs([
      ...revs(range(1, 3)),
      ...revs(range(7, 8), () => ({ family: 'backend-worker' })),
    ]);
    expect(await listRevisionArns(fake.ecs, 'backend-worker')).toEqual([
      arnOf('backend-worker', 8),
      arnOf('backend-worker', 7),
    ]);
  });

  it('stops reading pages once it has `limit` revisions', async () => {
    const fake = new FakeEcs([
      ...revs(range(1, 5)),
      ...revs(range(1, 3), () => ({ family: 'backend-worker' })),
    ]);
    fake.pageSize = 2;
    expect(await listRevisionArns(fake.ecs, 'backend', { limit: 2 })).toEqual([
      arnOf('backend', 5),
      arnOf('backend', 4),
    ]);
    expect(fake.listed()).toHaveLength(3);
  });

  it('returns everything when the limit is more than there is', async () => {
    const fake = new FakeEcs(revs(range(1, 3)));
    expect(await listRevisionArns(fake.ecs, 'backend', { limit: 50 })).toHaveLength(3);
    expect(fake.listed()).toHaveLength(1);
  });

  it('asks for the status given', async () => {
    const fake = new FakeEcs([...revs(range(1, 3), () => ({ status: 'INACTIVE' })), ...revs(range(4, 6))]);
    expect(await listRevisionArns(fake.ecs, 'backend', { status: 'INACTIVE' })).toEqual(
      [3, 2, 1].map((n) => arnOf('backend', n)),
    );
    expect(fake.listed()[0]).toMatchObject({ status: 'INACTIVE', sort: 'DESC' });
    expect(await listRevisionArns(fake.ecs, 'backend')).toEqual([6, 5, 4].map((n) => arnOf('backend', n)));
  });

  it('waits on onPage before each page', async () => {
    const fake = new FakeEcs(revs(range(1, 5)));
    fake.pageSize = 2;
    const events: string[] = [];
    const arns = await listRevisionArns(fake.ecs, 'backend', {
      onPage: async () => {
        events.push(`page before call ${fake.listed().length + 1}`);
      },
    });
    expect(arns).toHaveLength(5);
    expect(events).toEqual(['page before call 1', 'page before call 2', 'page before call 3']);
  });

  it('returns nothing for a family without revisions', async () => {
    const fake = new FakeEcs(revs(range(1, 3), () => ({ family: 'backend-worker' })));
    expect(await listRevisionArns(fake.ecs, 'backend')).toEqual([]);
  });
});

describe('describeRevisions', () => {
  /** DescribeTaskDefinition answering the first ARNs last, counting the calls in flight. */
  function slowEcs(count: number) {
    const ecs = new ECSClient({ region: 'us-east-1' });
    const mock = mockClient(ecs);
    const state = { inFlight: 0, most: 0 };
    mock.on(DescribeTaskDefinitionCommand).callsFake(async (input: { taskDefinition: string }) => {
      state.inFlight++;
      state.most = Math.max(state.most, state.inFlight);
      const n = Number(input.taskDefinition.split(':').pop());
      await new Promise((resolve) => setTimeout(resolve, (count - n) * 3));
      state.inFlight--;
      return {
        taskDefinition: { taskDefinitionArn: input.taskDefinition, family: 'backend', revision: n },
        tags: [{ key: 'n', value: String(n) }],
      };
    });
    return { ecs, mock, state };
  }

  it('keeps the order given while describing a few at a time', async () => {
    const arns = range(1, 12).map((n) => arnOf('backend', n));
    const { ecs, mock, state } = slowEcs(12);
    const out = await describeRevisions(ecs, arns, { concurrency: 3 });
    expect(out.map((d) => d.td.taskDefinitionArn)).toEqual(arns);
    expect(out.map((d) => d.tags)).toEqual(range(1, 12).map((n) => [{ key: 'n', value: String(n) }]));
    expect(state.most).toBe(3);
    expect(mock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(12);
    for (const call of mock.commandCalls(DescribeTaskDefinitionCommand))
      expect(call.args[0].input.include).toEqual(['TAGS']);
  });

  it('describes five at a time by default, and each revision once', async () => {
    const arns = range(1, 12).map((n) => arnOf('backend', n));
    const { ecs, mock, state } = slowEcs(12);
    const out = await describeRevisions(ecs, arns);
    expect(out.map((d) => d.td.revision)).toEqual(range(1, 12));
    expect(state.most).toBe(5);
    expect(
      mock
        .commandCalls(DescribeTaskDefinitionCommand)
        .map((c) => c.args[0].input.taskDefinition)
        .sort(),
    ).toEqual([...arns].sort());
  });

  it('calls before ahead of each describe', async () => {
    const fake = new FakeEcs(revs(range(1, 3)));
    let before = 0;
    const seen: number[] = [];
    await describeRevisions(
      fake.ecs,
      range(1, 3).map((n) => arnOf('backend', n)),
      {
        concurrency: 1,
        before: async () => {
          seen.push(fake.described().length);
          before++;
        },
      },
    );
    expect(before).toBe(3);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('gives empty tags when ECS returns none, and describes nothing for no ARNs', async () => {
    const ecs = new ECSClient({ region: 'us-east-1' });
    const mock = mockClient(ecs);
    mock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { family: 'backend', revision: 1 } });
    expect(await describeRevisions(ecs, [arnOf('backend', 1)])).toEqual([
      { td: { family: 'backend', revision: 1 }, tags: [] },
    ]);
    expect(await describeRevisions(ecs, [])).toEqual([]);
    expect(mock.calls()).toHaveLength(1);
  });

  it('rejects when ECS describes no task definition', async () => {
    const ecs = new ECSClient({ region: 'us-east-1' });
    const mock = mockClient(ecs);
    mock
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: { family: 'backend', revision: 1 } })
      .on(DescribeTaskDefinitionCommand, { taskDefinition: arnOf('backend', 2) })
      .resolves({});
    await expect(
      describeRevisions(ecs, [arnOf('backend', 1), arnOf('backend', 2), arnOf('backend', 3)]),
    ).rejects.toThrow(`ECS described no task definition for ${arnOf('backend', 2)}`);
  });

  it('rejects with the error ECS gave', async () => {
    const fake = new FakeEcs(revs([1]));
    await expect(describeRevisions(fake.ecs, [arnOf('backend', 1), arnOf('backend', 9)])).rejects.toThrow(
      'Unable to describe task definition.',
    );
  });
});

describe('principalName', () => {
  it('shortens principals to what follows their kind', () => {
    expect(principalName('arn:aws:sts::123456789012:assumed-role/github-actions/run-7')).toBe(
      'github-actions/run-7',
    );
    expect(principalName('arn:aws:iam::123456789012:user/alice')).toBe('alice');
    expect(principalName('arn:aws:iam::123456789012:role/deployer')).toBe('deployer');
    expect(principalName('arn:aws-cn:sts::123456789012:assumed-role/ci/session')).toBe('ci/session');
    expect(principalName('arn:aws:iam::123456789012:root')).toBe('root');
  });

  it('gives nothing for no principal', () => {
    expect(principalName(undefined)).toBeUndefined();
    expect(principalName('')).toBeUndefined();
  });
});

describe('releaseRecord', () => {
  const tags = [
    { key: 'ecs-deploy:git-sha', value: sha('3f9c2e1') },
    { key: 'ecs-deploy:actor', value: 'octocat' },
    { key: 'ecs-deploy:run-url', value: 'https://github.com/acme/shop/actions/runs/1001' },
    { key: 'ecs-deploy:repository', value: 'acme/shop' },
    { key: 'ecs-deploy:git-ref', value: 'refs/heads/main' },
    { key: 'team', value: 'payments' },
    {
      key: verdictKey('verified', 'web', 'backend'),
      value: formatVerdictValue(Date.parse('2026-11-30T22:00:00Z')),
    },
    {
      key: verdictKey('failed', 'staging', 'backend'),
      value: formatVerdictValue(Date.parse('2026-12-01T22:00:00Z')),
    },
  ];
  const td = {
    taskDefinitionArn: arnOf('backend', 44),
    family: 'backend',
    revision: 44,
    status: 'ACTIVE' as const,
    registeredAt: new Date('2026-11-30T21:37:46Z'),
    registeredBy: 'arn:aws:sts::123456789012:assumed-role/github-actions/run-1001',
    containerDefinitions: [
      { name: 'app', image: 'acme/app:v1' },
      { name: 'proxy', image: 'envoy:1.30' },
    ],
  };

  it('reads what render and deploy recorded, and the verdict for the service', () => {
    expect(releaseRecord({ td, tags }, where)).toEqual({
      arn: arnOf('backend', 44),
      family: 'backend',
      revision: 44,
      status: 'ACTIVE',
      registeredAt: '2026-11-30T21:37:46.000Z',
      registeredBy: 'github-actions/run-1001',
      gitSha: sha('3f9c2e1'),
      repository: 'acme/shop',
      actor: 'octocat',
      runUrl: 'https://github.com/acme/shop/actions/runs/1001',
      images: { app: 'acme/app:v1', proxy: 'envoy:1.30' },
      verdict: 'verified',
      verdictAt: '2026-11-30T22:00:00.000Z',
    });
  });

  it('reads the verdict of the service asked for, and none without one', () => {
    expect(releaseRecord({ td, tags }, { cluster: 'staging', service: 'backend' })).toMatchObject({
      verdict: 'failed',
      verdictAt: '2026-12-01T22:00:00.000Z',
    });
    const plain = releaseRecord({ td, tags });
    expect(plain).not.toHaveProperty('verdict');
    expect(plain).not.toHaveProperty('verdictAt');
    expect(releaseRecord({ td, tags }, { cluster: 'web', service: 'frontend' })).not.toHaveProperty(
      'verdict',
    );
  });

  it('leaves out what was not recorded, and takes family and revision from the ARN', () => {
    const record = releaseRecord({ td: { taskDefinitionArn: arnOf('backend-api', 7) }, tags: [] }, where);
    expect(record).toEqual({
      arn: arnOf('backend-api', 7),
      family: 'backend-api',
      revision: 7,
      status: 'ACTIVE',
      images: {},
    });
  });

  it('keeps an INACTIVE status', () => {
    expect(releaseRecord({ td: { ...td, status: 'INACTIVE' }, tags: [] }).status).toBe('INACTIVE');
  });
});

describe('previousVerified', () => {
  const record = (revision: number, over: Partial<ReleaseRecord> = {}): ReleaseRecord => ({
    arn: arnOf('backend', revision),
    family: 'backend',
    revision,
    status: 'ACTIVE',
    images: {},
    ...over,
  });

  it('skips newer, failed, INACTIVE and unverified revisions', () => {
    const records = [
      record(12, { verdict: 'verified' }),
      record(10, { verdict: 'verified' }),
      record(9, { verdict: 'failed' }),
      record(8, { verdict: 'verified', status: 'INACTIVE' }),
      record(7),
      record(5, { verdict: 'verified' }),
      record(6, { verdict: 'verified' }),
    ];
    expect(previousVerified(records, 10)?.revision).toBe(6);
    expect(previousVerified(records, 13)?.revision).toBe(12);
    expect(previousVerified(records, 6)?.revision).toBe(5);
  });

  it('finds nothing when nothing older is verified', () => {
    expect(previousVerified([record(9, { verdict: 'failed' }), record(8)], 10)).toBeUndefined();
    expect(previousVerified([record(11, { verdict: 'verified' })], 10)).toBeUndefined();
    expect(previousVerified([], 10)).toBeUndefined();
  });
});

describe('readHistory', () => {
  it('lists the newest revisions with their verdicts, marking the live one and the rollback target', async () => {
    const fake = new FakeEcs(
      revs(range(1, 6), (n) => ({
        sha: sha(`abc00${n}`),
        ...(n === 5 ? { verdict: 'failed' as const } : {}),
        ...(n === 4 || n === 2 ? { verdict: 'verified' as const } : {}),
      })),
    );
    const records = await readHistory(fake.ecs, {
      ...where,
      family: 'backend',
      liveArn: arnOf('backend', 6),
      limit: 10,
    });
    expect(records.map((r) => r.revision)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(records.map((r) => r.verdict)).toEqual([
      undefined,
      'failed',
      'verified',
      undefined,
      'verified',
      undefined,
    ]);
    expect(records.filter((r) => r.live).map((r) => r.revision)).toEqual([6]);
    expect(records.filter((r) => r.rollbackTarget).map((r) => r.revision)).toEqual([4]);
    expect(records[0]!.gitSha).toBe(sha('abc006'));
    expect(records[0]!.registeredAt).toBe(registeredAt(6).toISOString());
    expect(fake.listed()).toHaveLength(1);
  });

  it('marks a target older than the live one when the service runs an older revision', async () => {
    const fake = new FakeEcs(
      revs(range(1, 10), (n) => ([10, 9, 6].includes(n) ? { verdict: 'verified' as const } : {})),
    );
    const records = await readHistory(fake.ecs, {
      ...where,
      family: 'backend',
      liveArn: arnOf('backend', 8),
      limit: 10,
    });
    expect(records.find((r) => r.live)?.revision).toBe(8);
    expect(records.filter((r) => r.rollbackTarget).map((r) => r.revision)).toEqual([6]);
  });

  it('looks further back for a target older than the revisions shown, and lists it last', async () => {
    const fake = new FakeEcs(
      revs(range(1, 12), (n) => ([3, 2].includes(n) ? { verdict: 'verified' as const } : {})),
    );
    fake.pageSize = 4;
    const records = await readHistory(fake.ecs, {
      ...where,
      family: 'backend',
      liveArn: arnOf('backend', 12),
      limit: 5,
    });
    expect(records.map((r) => r.revision)).toEqual([12, 11, 10, 9, 8, 3]);
    expect(records[5]!.rollbackTarget).toBe(true);
    expect(records.filter((r) => r.rollbackTarget)).toHaveLength(1);
    expect(records[0]!.live).toBe(true);
    // It stops at the first verified revision: 2 is never read.
    expect(fake.described()).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map((n) => arnOf('backend', n)));
  });

  it('skips revisions at or above the live one when it looks further back', async () => {
    const fake = new FakeEcs(
      revs(range(1, 10), (n) => ([9, 2].includes(n) ? { verdict: 'verified' as const } : {})),
    );
    const records = await readHistory(fake.ecs, {
      ...where,
      family: 'backend',
      liveArn: arnOf('backend', 5),
      limit: 3,
    });
    expect(records.map((r) => r.revision)).toEqual([10, 9, 8, 2]);
    expect(records.find((r) => r.rollbackTarget)?.revision).toBe(2);
    expect(records.some((r) => r.live)).toBe(false);
    expect(fake.described()).toEqual([10, 9, 8, 4, 3, 2].map((n) => arnOf('backend', n)));
  });

  it('does not look further back when every revision was shown', async () => {
    const fake = new FakeEcs(revs(range(1, 3)));
    const records = await readHistory(fake.ecs, {
      ...where,
      family: 'backend',
      liveArn: arnOf('backend', 3),
      limit: 5,
    });
    expect(records.map((r) => r.revision)).toEqual([3, 2, 1]);
    expect(records.some((r) => r.rollbackTarget)).toBe(false);
    expect(fake.listed()).toHaveLength(1);
    expect(fake.described()).toHaveLength(3);
  });

  it('marks no target when nothing older is verified, after looking', async () => {
    const fake = new FakeEcs(revs(range(1, 8), (n) => (n === 8 ? { verdict: 'verified' as const } : {})));
    const records = await readHistory(fake.ecs, {
      ...where,
      family: 'backend',
      liveArn: arnOf('backend', 8),
      limit: 3,
    });
    expect(records.map((r) => r.revision)).toEqual([8, 7, 6]);
    expect(records.some((r) => r.rollbackTarget)).toBe(false);
    expect(records[0]!.live).toBe(true);
  });

  it('marks neither live nor target for a service that runs another family', async () => {
    const fake = new FakeEcs([
      ...revs(range(1, 4), (n) => (n < 4 ? { verdict: 'verified' as const } : {})),
      ...revs([9], () => ({ family: 'backend-worker' })),
    ]);
    const records = await readHistory(fake.ecs, {
      ...where,
      family: 'backend',
      liveArn: arnOf('backend-worker', 9),
      limit: 2,
    });
    expect(records.map((r) => r.revision)).toEqual([4, 3]);
    expect(records.some((r) => r.live || r.rollbackTarget)).toBe(false);
    expect(fake.listed()).toHaveLength(1);
  });

  it('reads the verdicts of the service asked for only', async () => {
    const fake = new FakeEcs(
      revs(range(1, 3), (n) => ({
        tags: [
          {
            key: verdictKey('verified', 'staging', 'backend'),
            value: formatVerdictValue(Date.parse('2026-11-01T00:00:00Z') + n),
          },
        ],
      })),
    );
    const records = await readHistory(fake.ecs, {
      ...where,
      family: 'backend',
      liveArn: arnOf('backend', 3),
      limit: 5,
    });
    expect(records.some((r) => r.verdict)).toBe(false);
    const staging = await readHistory(fake.ecs, {
      cluster: 'staging',
      service: 'backend',
      family: 'backend',
      liveArn: arnOf('backend', 3),
      limit: 5,
    });
    expect(staging.find((r) => r.rollbackTarget)?.revision).toBe(2);
  });
});
