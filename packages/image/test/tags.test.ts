import { describe, expect, it } from '@jest/globals';
import { UserError } from '../../inputs/index.js';
import { branchName, imageLabels, resolveTags, sanitizeTag, TAG_SYNTAX } from '../index.js';

const sha = '0123456789abcdef0123456789abcdef01234567';

describe('resolveTags', () => {
  it('expands {sha}, {short-sha} and {branch}, keeping the first tag first and dropping duplicates', () => {
    expect(
      resolveTags(['{sha}', 'main-{short-sha}', '{branch}', '{sha}'], { sha, ref: 'refs/heads/main' }),
    ).toEqual([sha, 'main-0123456', 'main']);
  });

  it('makes a branch tag-safe', () => {
    expect(resolveTags(['{branch}'], { sha, ref: 'refs/heads/feature/Login+SSO' })).toEqual([
      'feature-Login-SSO',
    ]);
    expect(
      resolveTags(['b-{branch}'], { ref: 'refs/pull/12/merge', headRef: 'dependabot/npm/x@1.2' }),
    ).toEqual(['b-dependabot-npm-x-1.2']);
  });

  it('rejects invalid tag syntax naming the input and the tag', () => {
    const err = (() => {
      try {
        resolveTags(['-leading'], { sha });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).input).toBe('tags');
    expect((err as UserError).message).toMatch(/"-leading" is not a valid image tag/);
    expect(() => resolveTags(['a'.repeat(129)], {})).toThrow(/is not a valid image tag/);
    expect(() => resolveTags(['v1 beta'], {})).toThrow(/"v1 beta" is not a valid image tag/);
    expect(() => resolveTags(['v1:latest'], {})).toThrow(/not a valid image tag/);
  });

  it('names unknown placeholders and placeholders the run cannot fill', () => {
    expect(() => resolveTags(['{commit}'], { sha })).toThrow(
      /unknown placeholder \{commit\}.*\{sha\}, \{short-sha\}, \{branch\}/,
    );
    expect(() => resolveTags(['{sha}'], {})).toThrow(/uses \{sha\} but the run has no GITHUB_SHA/);
    expect(() => resolveTags(['{branch}'], { sha })).toThrow(/uses \{branch\} but the run has no GITHUB_REF/);
  });
});

describe('branchName and sanitizeTag', () => {
  it('reads heads, tags and pull-request refs', () => {
    expect(branchName({ ref: 'refs/heads/release/1.2' })).toBe('release/1.2');
    expect(branchName({ ref: 'refs/tags/v1.2.0' })).toBe('v1.2.0');
    expect(branchName({ ref: 'refs/pull/7/merge' })).toBe('pr-7');
    expect(branchName({ ref: 'refs/pull/7/merge', headRef: 'fix-x' })).toBe('fix-x');
    expect(branchName({})).toBeUndefined();
  });

  it('always yields valid tag syntax from non-empty text with a usable character', () => {
    for (const text of ['..hidden', '--x', 'a/b c', 'ü-umlaut', 'x'.repeat(300), 'UPPER_case.1']) {
      expect([text, TAG_SYNTAX.test(sanitizeTag(text))]).toEqual([text, true]);
    }
  });
});

describe('imageLabels', () => {
  it('adds OCI revision, source and created, and lets user labels win', () => {
    const created = new Date('2026-01-02T03:04:05Z');
    expect(
      imageLabels({ sha, sourceUrl: 'https://github.com/o/r', created }, [
        { key: 'team', value: 'web' },
        { key: 'org.opencontainers.image.source', value: 'https://example.test/r' },
      ]),
    ).toEqual({
      'org.opencontainers.image.revision': sha,
      'org.opencontainers.image.source': 'https://example.test/r',
      'org.opencontainers.image.created': '2026-01-02T03:04:05.000Z',
      team: 'web',
    });
    expect(imageLabels({ created }, [])).toEqual({
      'org.opencontainers.image.created': '2026-01-02T03:04:05.000Z',
    });
  });
});
