/**
 * Known good, recorded: a deploy tags the revision verified for its service when every gate passed, failed
 * when it had to be rolled back, and nothing when the run says nothing about the revision (a dry run, a
 * cancel). A tag that cannot be written never turns a good release into a failure: the report says so.
 */
import { TagResourceCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '../../runtime/index.js';
import { deploy } from '../engine.js';
import type { DeployOptions } from '../options.js';
import { ARN, deployOptions, FakeAws, type Script } from './fake-aws.js';

const VERIFIED = 'ecs-deploy:verified:prod/web';
const FAILED = 'ecs-deploy:failed:prod/web';

async function run(script: Script, over: Partial<DeployOptions> = {}, prepare?: (aws: FakeAws) => void) {
  const aws = new FakeAws(script);
  prepare?.(aws);
  const log = new MemoryLogger();
  const result = await deploy(
    deployOptions({ git: { runUrl: 'https://github.com/acme/shop/actions/runs/7' }, ...over }),
    {
      clients: aws.clients,
      clock: aws.clock,
      log,
      http: async () => ({ status: 200, body: 'ok' }),
    },
  );
  const tagged = aws.calls
    .filter((c) => c.op === 'TagResource')
    .map((c) => c.input as { resourceArn: string; tags: { key: string; value: string }[] })
    .filter((c) => c.resourceArn.includes(':task-definition/'));
  return { aws, log, result, tagged };
}

describe('verdicts on revisions', () => {
  it('a release whose gates all passed is tagged verified for its service, with the time and run', async () => {
    const { result, tagged } = await run({ runningAt: 30, completedAt: 120 });
    expect(result.status).toBe('succeeded');
    expect(tagged).toHaveLength(1);
    expect(tagged[0]!.resourceArn).toBe(ARN(2));
    expect(tagged[0]!.tags[0]!.key).toBe(VERIFIED);
    expect(tagged[0]!.tags[0]!.value).toMatch(
      /^2026-05-01T10:\d\d:\d\d\.\d{3}Z run=https:\/\/github\.com\/acme\/shop\/actions\/runs\/7$/,
    );
    expect(result.report.verdicts).toEqual([
      { revision: expect.objectContaining({ arn: ARN(2) }), verdict: 'verified', at: expect.any(String) },
    ]);
    expect(result.summary).toContain('**✅ Verified:** web:2');
  });

  it('a release that crashed and was rolled back is tagged failed, never verified', async () => {
    const { result, tagged } = await run({ runningAt: 30, crashAt: 40, completedAt: 400 });
    expect(result.status).toBe('rolled-back');
    expect(tagged.map((t) => [t.resourceArn, t.tags[0]!.key])).toEqual([[ARN(2), FAILED]]);
    expect(result.report.verdicts?.[0]?.verdict).toBe('failed');
  });

  it('a dry run records nothing', async () => {
    const { result, tagged } = await run({ runningAt: 30, completedAt: 120 }, { dryRun: true });
    expect(result.status).toBe('succeeded');
    expect(tagged).toEqual([]);
    expect(result.report.verdicts).toBeUndefined();
  });

  it('a tag that cannot be written leaves the release green, with a warning and the reason in the report', async () => {
    const { result, log } = await run({ runningAt: 30, completedAt: 120 }, {}, (aws) => {
      aws.ecsMock.on(TagResourceCommand, { resourceArn: ARN(2) }).rejects(
        Object.assign(
          new Error('User is not authorized to perform: ecs:TagResource on resource task-definition/web:2'),
          {
            name: 'AccessDeniedException',
          },
        ),
      );
    });
    expect(result.status).toBe('succeeded');
    expect(result.report.verdicts?.[0]).toMatchObject({
      verdict: 'verified',
      error: expect.stringContaining('ecs:TagResource'),
    });
    expect(log.text()).toMatch(
      /could not mark web:2 verified for web .*rollback's `to: previous` will not know it/,
    );
    expect(result.summary).toContain('(not recorded: the tag could not be written)');
  });
});

describe('task-definition: previous', () => {
  it('points at the rollback action instead of saying only that no such family exists', async () => {
    const aws = new FakeAws({ runningAt: 30, completedAt: 120 });
    await expect(
      deploy(deployOptions({ taskDefinition: { kind: 'revision', ref: 'previous' } }), {
        clients: aws.clients,
        clock: aws.clock,
        log: new MemoryLogger(),
        http: async () => ({ status: 200, body: 'ok' }),
      }),
    ).rejects.toThrow(
      /^task-definition: ECS has no task definition family "previous" in us-east-1\. .*actions\/rollback@v1` with `to: previous`/,
    );
    expect(aws.calls.filter((c) => /^(Update|Register|Stop)/.test(c.op))).toEqual([]);
  });
});
