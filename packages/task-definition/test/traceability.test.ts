import { describe, expect, it } from '@jest/globals';
import { GIT_SHA_TAG, isTraceabilityTag, tagValue, traceabilityTags } from '../index.js';

describe('traceability tags', () => {
  it('records sha, ref, repository, run id and URL, and actor under stable keys', () => {
    const tags = traceabilityTags({
      sha: '2f1c9e0aa3b4c5d6e7f8091a2b3c4d5e6f708192',
      ref: 'refs/heads/feature/#42-login',
      repository: 'acme/web',
      runId: '123456',
      serverUrl: 'https://github.com',
      actor: 'octo-cat',
    });
    expect(tags).toEqual([
      { key: 'ecs-deploy:git-sha', value: '2f1c9e0aa3b4c5d6e7f8091a2b3c4d5e6f708192' },
      { key: 'ecs-deploy:git-ref', value: 'refs/heads/feature/_42-login' },
      { key: 'ecs-deploy:repository', value: 'acme/web' },
      { key: 'ecs-deploy:run-id', value: '123456' },
      { key: 'ecs-deploy:run-url', value: 'https://github.com/acme/web/actions/runs/123456' },
      { key: 'ecs-deploy:actor', value: 'octo-cat' },
    ]);
    expect(tagValue(tags, GIT_SHA_TAG)).toBe('2f1c9e0aa3b4c5d6e7f8091a2b3c4d5e6f708192');
    expect(tags.every((t) => isTraceabilityTag(t.key!))).toBe(true);
  });

  it('leaves out what the run did not say, and cuts values at 256 characters', () => {
    expect(
      traceabilityTags({ serverUrl: 'https://github.com', ref: `refs/heads/${'x'.repeat(300)}` }),
    ).toEqual([{ key: 'ecs-deploy:git-ref', value: `refs/heads/${'x'.repeat(245)}` }]);
    expect(isTraceabilityTag('team')).toBe(false);
  });
});
