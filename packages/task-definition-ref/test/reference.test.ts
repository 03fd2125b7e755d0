/** The one reader of task-definition references: families, `family:revision` and ARNs, and nothing else. */
import { describe, expect, it } from '@jest/globals';
import {
  isFamilyName,
  isTaskDefinitionArn,
  parseRevisionRef,
  revisionName,
  revisionOfArn,
} from '../index.js';

const ARN = 'arn:aws:ecs:eu-west-1:111122223333:task-definition/backend:41';
const LONG_FAMILY = 'f'.repeat(255);

describe('parseRevisionRef', () => {
  it('reads family:revision, with hyphens, underscores, digits and either case in the family', () => {
    expect(parseRevisionRef('backend:41')).toEqual({ family: 'backend', revision: 41 });
    expect(parseRevisionRef('Back_end-worker-2:7')).toEqual({ family: 'Back_end-worker-2', revision: 7 });
    expect(parseRevisionRef('_-_:1')).toEqual({ family: '_-_', revision: 1 });
    expect(parseRevisionRef('1234567:3')).toEqual({ family: '1234567', revision: 3 });
    expect(parseRevisionRef(`${LONG_FAMILY}:2`)).toEqual({ family: LONG_FAMILY, revision: 2 });
  });

  it('reads task-definition ARNs of every partition', () => {
    expect(parseRevisionRef(ARN)).toEqual({ family: 'backend', revision: 41 });
    expect(
      parseRevisionRef('arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/backend_api-v2:3'),
    ).toEqual({ family: 'backend_api-v2', revision: 3 });
    expect(parseRevisionRef('arn:aws-us-gov:ecs:us-gov-west-1:123456789012:task-definition/web:12')).toEqual({
      family: 'web',
      revision: 12,
    });
  });

  it('refuses paths, other resources and malformed references', () => {
    for (const text of [
      undefined,
      '',
      'backend',
      'backend:',
      ':41',
      'backend:41:2',
      'backend:4x',
      'backend:-1',
      'back end:41',
      'backend.v2:41',
      `${LONG_FAMILY}f:2`,
      // Paths: a file, a directory named like a revision, a path inside the ARN's resource.
      'out/backend.json',
      './backend:41',
      'deploy/backend:41',
      'arn:aws:ecs:eu-west-1:111122223333:task-definition/team/backend:41',
      // Not a task definition, or not a whole ARN.
      'arn:aws:ecs:eu-west-1:111122223333:service/prod/backend',
      'arn:aws:ecs:eu-west-1:111122223333:task-definition/backend',
      'arn:aws:ecs:eu-west-1:1111:task-definition/backend:41',
      'arn:aws:ecr:eu-west-1:111122223333:task-definition/backend:41',
      ` ${ARN}`,
      `${ARN}\n`,
    ]) {
      expect([text, parseRevisionRef(text)]).toEqual([text, undefined]);
    }
  });
});

describe('isFamilyName / isTaskDefinitionArn', () => {
  it('a family is 1 to 255 letters, digits, hyphens and underscores, without a revision', () => {
    for (const ok of ['backend', 'backend-worker', 'back_end', 'B2', LONG_FAMILY])
      expect(isFamilyName(ok)).toBe(true);
    for (const bad of ['', 'backend:1', 'back end', 'backend/x', 'bäckend', `${LONG_FAMILY}f`, ARN])
      expect([bad, isFamilyName(bad)]).toEqual([bad, false]);
  });

  it('an ARN names its revision; family:revision is no ARN', () => {
    expect(isTaskDefinitionArn(ARN)).toBe(true);
    expect(isTaskDefinitionArn('backend:41')).toBe(false);
    expect(isTaskDefinitionArn('arn:aws:ecs:eu-west-1:111122223333:task-definition/backend')).toBe(false);
  });
});

describe('revisionOfArn', () => {
  it('reads what AWS returned, and throws (no guess) on what does not parse', () => {
    expect(revisionOfArn(ARN)).toEqual({ family: 'backend', revision: 41 });
    expect(() => revisionOfArn('arn:aws:ecs:eu-west-1:111122223333:task-definition/backend')).toThrow(
      '"arn:aws:ecs:eu-west-1:111122223333:task-definition/backend" is not a task-definition ARN or family:revision',
    );
  });
});

describe('revisionName', () => {
  it('writes family:revision back, the inverse of parsing', () => {
    expect(revisionName({ family: 'backend-api_2', revision: 7 })).toBe('backend-api_2:7');
    expect(parseRevisionRef(revisionName({ family: 'backend-api_2', revision: 7 }))).toEqual({
      family: 'backend-api_2',
      revision: 7,
    });
  });

  it('names a revision for a message, whatever it was given', () => {
    expect(revisionName(ARN)).toBe('backend:41');
    expect(revisionName('backend:41')).toBe('backend:41');
    expect(revisionName(undefined)).toBe('(none)');
    expect(revisionName('')).toBe('(none)');
    // An ARN outside the usual shape still reads as its name, and other text as itself.
    expect(revisionName('arn:aws:ecs:us-east-1:1:task-definition/web:3')).toBe('web:3');
    expect(revisionName('arn:td:2')).toBe('arn:td:2');
  });
});
