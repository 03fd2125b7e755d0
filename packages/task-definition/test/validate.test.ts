import { describe, expect, it } from '@jest/globals';
import { UserError } from '../../inputs/index.js';
import { checkRole, checkUserTag, imageProblem, isSecretArn } from '../validate.js';

const DIGEST = 'sha256:' + 'a'.repeat(64);

describe('image references', () => {
  it.each([
    'nginx',
    'nginx:1.27-alpine',
    'library/nginx:latest',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web-backend:2f1c9e0',
    `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web@${DIGEST}`,
    `public.ecr.aws/nginx/nginx:1.27@${DIGEST}`,
    'localhost:5000/app:v1',
    '127.0.0.1:5000/app_x__y:V1.2_rc-3',
    'ghcr.io/owner/my.app:sha-abc',
  ])('accepts %s', (image) => {
    expect(imageProblem(image)).toBeUndefined();
  });

  it.each([
    ['', 'is empty'],
    ['web app:1', 'contains whitespace'],
    ['https://registry/app:1', 'starts with a URL scheme'],
    ['Web:latest', 'has upper-case letters in the repository name'],
    ['registry.example.com/Team/app', 'has upper-case letters in the repository name'],
    ['app:', 'is not registry/repository[:tag][@digest]'],
    ['app:1:2', 'is not registry/repository[:tag][@digest]'],
    ['app@sha256:abc', 'is not registry/repository[:tag][@digest]'],
    [`app@sha256:${'a'.repeat(40)}`, 'has a sha256 digest that is not 64 hex digits'],
    ['app:-bad', 'is not registry/repository[:tag][@digest]'],
    ['${IMAGE}', 'is not registry/repository[:tag][@digest]'],
    [`r.io/${'a'.repeat(260)}`, 'has a name longer than 255 characters'],
  ])('rejects %j (%s)', (image, problem) => {
    expect(imageProblem(image)).toBe(problem);
  });
});

describe('secret references', () => {
  it.each([
    'arn:aws:ssm:eu-west-1:123456789012:parameter/web/secret-key',
    'arn:aws:ssm:us-gov-west-1:123456789012:parameter/x',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:web/db-AbCdEf',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:web/db-AbCdEf:password::',
    'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db:password:AWSCURRENT:',
  ])('accepts %s', (arn) => expect(isSecretArn(arn)).toBe(true));

  it.each([
    'web/secret-key',
    'arn:aws:ssm:eu-west-1:123456789012:parameter',
    'arn:aws:ssm:eu-west-1:1234:parameter/x',
    'arn:aws:s3:::bucket/key',
    'arn:aws:secretsmanager:eu-west-1:123456789012:db',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db:a:b:c:d',
  ])('rejects %s', (arn) => expect(isSecretArn(arn)).toBe(false));
});

describe('roles', () => {
  it('accepts role ARNs and names, rejects the rest naming the input', () => {
    expect(() => checkRole('arn:aws:iam::123456789012:role/service/web-task', 'task-role-arn')).not.toThrow();
    expect(() => checkRole('web-task', 'task-role-arn')).not.toThrow();
    const err = (() => {
      try {
        checkRole('arn:aws:iam::123456789012:user/bob', 'execution-role-arn');
      } catch (e) {
        return e as UserError;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect(err!.input).toBe('execution-role-arn');
  });
});

describe('user tags', () => {
  it('accepts ordinary tags, including empty values', () => {
    expect(() => checkUserTag({ key: 'team', value: 'web platform/@eu' }, 'tags')).not.toThrow();
    expect(() => checkUserTag({ key: 'cost-centre', value: '' }, 'tags')).not.toThrow();
  });
  it.each([
    [{ key: 'aws:createdBy', value: 'x' }, /AWS reserves/],
    [{ key: 'ecs-deploy:git-sha', value: 'x' }, /reserved for the traceability tags/],
    [{ key: 'k'.repeat(129), value: 'x' }, /tag key/],
    [{ key: 'a#b', value: 'x' }, /tag key/],
    [{ key: 'ok', value: 'v'.repeat(257) }, /value of tag ok/],
    [{ key: 'ok', value: 'semi;colon' }, /value of tag ok/],
  ])('rejects %j', (tag, message) => {
    expect(() => checkUserTag(tag, 'tags')).toThrow(message);
  });
});
