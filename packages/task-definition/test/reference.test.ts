import { describe, expect, it } from '@jest/globals';
import { parseTaskDefinitionReference } from '../index.js';

describe('parseTaskDefinitionReference', () => {
  const files = new Set(['/work/out/backend.json', '/work/backend']);
  const exists = (p: string) => files.has(p);

  it('an ARN or a family (with or without revision) is a registered revision', () => {
    const arn = 'arn:aws:ecs:eu-west-1:111122223333:task-definition/backend:7';
    expect(parseTaskDefinitionReference(arn, '/work', exists)).toEqual({ kind: 'revision', ref: arn });
    expect(parseTaskDefinitionReference('backend:7', '/work', exists)).toEqual({
      kind: 'revision',
      ref: 'backend:7',
    });
    expect(parseTaskDefinitionReference('migrations', '/work', exists)).toEqual({
      kind: 'revision',
      ref: 'migrations',
    });
  });

  it('an existing file wins over a family of the same name; other paths are files', () => {
    expect(parseTaskDefinitionReference('backend', '/work', exists)).toEqual({
      kind: 'file',
      path: '/work/backend',
    });
    expect(parseTaskDefinitionReference('out/backend.json', '/work', exists)).toEqual({
      kind: 'file',
      path: '/work/out/backend.json',
    });
    expect(parseTaskDefinitionReference('missing.json', '/work', exists)).toEqual({
      kind: 'file',
      path: '/work/missing.json',
    });
  });
});
