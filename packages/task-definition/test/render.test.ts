import { resolve } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DescribeTaskDefinitionCommand, ECSClient, ClientException } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { UserError, parseKeyValues } from '../../inputs/index.js';
import { MemoryLogger } from '../../runtime/index.js';
import {
  chooseSource,
  FARGATE_SIZES,
  GIT_SHA_TAG,
  renderSummary,
  renderTaskDefinition,
  type RenderOptions,
  type RenderResult,
} from '../index.js';
import { useInputRoots } from './roots.js';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/task-definitions');
const sidecar = {
  kind: 'file',
  path: join(fixtures, 'web-with-sidecar.json'),
  input: 'task-definition',
} as const;
const tmp = mkdtempSync(join(tmpdir(), 'td-render-'));
useInputRoots(resolve(import.meta.dirname, '../../..'), tmp);
const kv = (text: string, input = 'x') => parseKeyValues(text, input);
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const DB_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:web/db-AbCdEf:password::';

let log: MemoryLogger;
beforeEach(() => {
  log = new MemoryLogger();
});

function options(overrides: Partial<RenderOptions> = {}): RenderOptions {
  return {
    source: sidecar,
    aws: { region: () => 'eu-west-1', maxAttempts: 1 },
    log,
    ...overrides,
  };
}
const render = (overrides: Partial<RenderOptions> = {}) => renderTaskDefinition(options(overrides));
async function userError(overrides: Partial<RenderOptions>): Promise<UserError> {
  const err = await render(overrides).catch((e: unknown) => e);
  if (!(err instanceof UserError)) throw new Error(`expected a UserError, got ${String(err)}`);
  return err;
}
const container = (r: RenderResult, name: string) =>
  r.taskDefinition.containerDefinitions!.find((c) => c.name === name)!;
function fileSource(name: string, td: unknown) {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(td));
  return { kind: 'file', path, input: 'task-definition' } as const;
}

describe('images', () => {
  it('sets a different image per container from containers lines', async () => {
    const r = await render({
      containers: kv(`app=${ECR}/web-backend:abc\nnginx=${ECR}/nginx@sha256:${'b'.repeat(64)}`),
    });
    expect(r.images).toEqual({
      app: `${ECR}/web-backend:abc`,
      nginx: `${ECR}/nginx@sha256:${'b'.repeat(64)}`,
    });
    expect(r.changes.filter((c) => c.field === 'image').map((c) => c.container)).toEqual(['app', 'nginx']);
  });

  it('sets image for container-name, or for the only container', async () => {
    expect((await render({ containerName: 'nginx', image: 'nginx:1.28' })).images.nginx).toBe('nginx:1.28');
    const single = fileSource('single.json', {
      family: 'one',
      containerDefinitions: [{ name: 'web', image: 'a:1' }],
    });
    expect((await render({ source: single, image: 'a:2' })).images).toEqual({ web: 'a:2' });
  });

  it('needs container-name for image when there are several containers', async () => {
    const err = await userError({ image: 'nginx:1.28' });
    expect(err.input).toBe('container-name');
    expect(err.message).toContain('there are 2 (app, nginx)');
  });

  it('names the valid containers when one is unknown', async () => {
    const err = await userError({ containers: kv('api=repo/api:1') });
    expect(err.input).toBe('containers');
    expect(err.message).toContain('api');
    expect(err.message).toContain('app, nginx');
    const named = await userError({ containerName: 'api' });
    expect(named.input).toBe('container-name');
    expect(named.message).toContain('app, nginx');
  });

  it('rejects a container given twice, or given in both containers and image', async () => {
    expect((await userError({ containers: kv('app=a:1\napp=a:2') })).input).toBe('containers');
    expect((await userError({ containers: kv('app=a:1'), containerName: 'app', image: 'a:2' })).input).toBe(
      'image',
    );
  });

  it('checks image syntax, naming the input it came from', async () => {
    expect((await userError({ containers: kv('app=Repo/App:1') })).input).toBe('containers');
    expect((await userError({ containerName: 'app', image: 'repo:tag:x' })).input).toBe('image');
    const bad = fileSource('bad-image.json', {
      family: 'f',
      containerDefinitions: [{ name: 'a', image: 'a b' }],
    });
    expect((await userError({ source: bad })).input).toBe('task-definition');
  });

  it('requires every container to end up with an image', async () => {
    const noImage = fileSource('no-image.json', {
      family: 'f',
      containerDefinitions: [{ name: 'a' }, { name: 'b', image: 'b:1' }],
    });
    expect((await userError({ source: noImage })).message).toContain('container a has no image');
    expect((await render({ source: noImage, containers: kv('a=a:1') })).images).toEqual({
      a: 'a:1',
      b: 'b:1',
    });
  });
});

describe('environment', () => {
  it('sets variables on container-name, keeping values with = and : whole', async () => {
    const dsn = 'postgres://web:p%40ss=word@db.internal:5432/web?sslmode=require';
    const r = await render({ containerName: 'app', environment: kv(`DSN=${dsn}\nLOG_LEVEL=debug`) });
    expect(container(r, 'app').environment).toEqual([
      { name: 'DJANGO_SETTINGS_MODULE', value: 'web.settings.production' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'DSN', value: dsn },
    ]);
    expect(container(r, 'nginx').environment).toEqual([{ name: 'LOG_LEVEL', value: 'warn' }]);
  });

  it('targets another container with a container: prefix', async () => {
    const r = await render({
      containerName: 'app',
      environment: kv('nginx:LOG_LEVEL=debug\nnginx:UPSTREAM=http://127.0.0.1:8000'),
    });
    expect(container(r, 'nginx').environment).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'UPSTREAM', value: 'http://127.0.0.1:8000' },
    ]);
    expect(container(r, 'app').environment).toHaveLength(2);
  });

  it('works on the only container without container-name', async () => {
    const single = fileSource('single-env.json', {
      family: 'one',
      containerDefinitions: [{ name: 'web', image: 'a:1' }],
    });
    const r = await render({ source: single, environment: kv('DSN=postgres://u@h/db') });
    expect(container(r, 'web').environment).toEqual([{ name: 'DSN', value: 'postgres://u@h/db' }]);
  });

  it('asks which container when there are several and no prefix', async () => {
    const err = await userError({
      environment: kv('LOG_LEVEL=debug'),
      inputNames: { environment: 'environment-variables' },
    });
    expect(err.input).toBe('environment-variables');
    expect(err.message).toMatch(/line 1 \(LOG_LEVEL\) does not say which container/);
    expect(err.fix).toContain('app:');
  });

  it('takes a prefix that is not a container for a mistake, not for part of the name', async () => {
    const err = await userError({ containerName: 'app', environment: kv('ngnix:LOG_LEVEL=debug') });
    expect(err.input).toBe('environment');
    expect(err.message).toContain('ngnix is not a container of this task definition');
    expect(err.fix).toContain('app, nginx');
  });

  it('never logs values', async () => {
    const r = await render({
      containerName: 'app',
      environment: kv('API_TOKEN=tok-9f8e7d6c5b\nLOG_LEVEL=trace-xyz'),
    });
    expect(log.text()).toContain('app: environment API_TOKEN added');
    expect(log.text()).toContain('app: environment LOG_LEVEL changed');
    expect(log.text()).not.toContain('tok-9f8e7d6c5b');
    expect(log.text()).not.toContain('trace-xyz');
    expect(renderSummary(r, sidecar, '/tmp/x.json')).not.toContain('tok-9f8e7d6c5b');
  });
});

describe('secrets', () => {
  it('sets SSM and Secrets Manager references, on a prefixed container too', async () => {
    const ssm = 'arn:aws:ssm:eu-west-1:123456789012:parameter/web/nginx-token';
    const r = await render({ containerName: 'app', secrets: kv(`NEW_DB=${DB_ARN}\nnginx:TOKEN=${ssm}`) });
    expect(container(r, 'app').secrets!.map((s) => s.name)).toEqual([
      'DATABASE_PASSWORD',
      'DJANGO_SECRET_KEY',
      'NEW_DB',
    ]);
    expect(container(r, 'nginx').secrets).toEqual([{ name: 'TOKEN', valueFrom: ssm }]);
    expect(log.text()).not.toContain(ssm);
    expect(log.text()).not.toContain(DB_ARN);
  });

  it('rejects a reference that is not such an ARN without echoing it', async () => {
    const err = await userError({ containerName: 'app', secrets: kv('DB=my-plain-password-123') });
    expect(err.input).toBe('secrets');
    expect(err.message).toContain('line 1 (DB)');
    expect(err.message).not.toContain('my-plain-password-123');
  });

  it('moves a variable between environment and secrets, but not both at once', async () => {
    const moved = await render({ containerName: 'app', secrets: kv(`LOG_LEVEL=${DB_ARN}`) });
    expect(container(moved, 'app').environment!.map((e) => e.name)).toEqual(['DJANGO_SETTINGS_MODULE']);
    const back = await render({ containerName: 'app', environment: kv('DJANGO_SECRET_KEY=dev') });
    expect(container(back, 'app').secrets!.map((s) => s.name)).toEqual(['DATABASE_PASSWORD']);
    const both = await userError({
      containerName: 'app',
      environment: kv('X=1'),
      secrets: kv(`X=${DB_ARN}`),
    });
    expect(both.input).toBe('secrets');
  });
});

describe('labels, logging and command', () => {
  it('sets docker labels, keeping a colon in a label key that is not a container', async () => {
    const r = await render({
      containerName: 'app',
      dockerLabels: kv('com.example.team=web\ntraefik:enable=true\nnginx:role=proxy'),
    });
    expect(container(r, 'app').dockerLabels).toEqual({ 'com.example.team': 'web', 'traefik:enable': 'true' });
    expect(container(r, 'nginx').dockerLabels).toEqual({ role: 'proxy' });
  });

  it('points every container at a log group with awslogs, region from the AWS region', async () => {
    const worker = fileSource('no-logs.json', {
      family: 'w',
      containerDefinitions: [
        { name: 'a', image: 'a:1' },
        { name: 'b', image: 'b:1', logConfiguration: { logDriver: 'fluentd', options: { tag: 'x' } } },
      ],
    });
    const r = await render({
      source: worker,
      logGroup: '/ecs/worker',
      logStreamPrefix: 'worker\nb:sidecar',
      aws: { region: () => 'eu-north-1', maxAttempts: 1 },
    });
    expect(container(r, 'a').logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/ecs/worker',
        'awslogs-region': 'eu-north-1',
        'awslogs-stream-prefix': 'worker',
      },
    });
    expect(container(r, 'b').logConfiguration!.options).toEqual({
      'awslogs-group': '/ecs/worker',
      'awslogs-region': 'eu-north-1',
      'awslogs-stream-prefix': 'sidecar',
    });
  });

  it('limits unprefixed log settings to container-name when it is set', async () => {
    const r = await render({ containerName: 'nginx', logGroup: '/ecs/proxy' });
    expect(container(r, 'nginx').logConfiguration!.options!['awslogs-group']).toBe('/ecs/proxy');
    expect(container(r, 'app').logConfiguration!.options!['awslogs-group']).toBe('/ecs/web-backend');
  });

  it('rejects bad log settings', async () => {
    expect((await userError({ logGroup: 'my group' })).input).toBe('log-group');
    const noLogs = fileSource('no-logs-2.json', {
      family: 'w',
      containerDefinitions: [{ name: 'a', image: 'a:1' }],
    });
    expect((await userError({ source: noLogs, logStreamPrefix: 'web' })).input).toBe('log-stream-prefix');
    const opts = await userError({
      source: noLogs,
      logOptions: kv('mode=non-blocking'),
      inputNames: { logOptions: 'log-configuration-options' },
    });
    expect(opts.input).toBe('log-configuration-options');
    expect(opts.message).toContain('no log configuration');
  });

  it('merges log options into the targeted container', async () => {
    const r = await render({
      containerName: 'app',
      logOptions: kv('mode=non-blocking\nnginx:max-buffer-size=4m'),
    });
    expect(container(r, 'app').logConfiguration!.options).toMatchObject({
      mode: 'non-blocking',
      'awslogs-group': '/ecs/web-backend',
    });
    expect(container(r, 'nginx').logConfiguration!.options).toMatchObject({ 'max-buffer-size': '4m' });
    expect((await userError({ logOptions: kv('mode=non-blocking') })).input).toBe('log-options');
  });

  it('sets commands from JSON or shell-like lines, per container', async () => {
    const r = await render({
      containerName: 'app',
      command: `python manage.py runserver "0.0.0.0:8000"\nnginx:["nginx", "-g", "daemon off;"]`,
    });
    expect(container(r, 'app').command).toEqual(['python', 'manage.py', 'runserver', '0.0.0.0:8000']);
    expect(container(r, 'nginx').command).toEqual(['nginx', '-g', 'daemon off;']);
    const json = await render({ containerName: 'app', command: '[\n  "celery",\n  "worker"\n]' });
    expect(container(json, 'app').command).toEqual(['celery', 'worker']);
    const both = await render({ containerName: 'app', command: '["celery", "worker"]\nnginx:["nginx"]' });
    expect(container(both, 'app').command).toEqual(['celery', 'worker']);
    expect(container(both, 'nginx').command).toEqual(['nginx']);
    expect((await userError({ containerName: 'app', command: 'echo "x' })).input).toBe('command');
    expect((await userError({ command: 'echo x' })).input).toBe('command');
  });
});

describe('size, roles and Fargate', () => {
  it('accepts vCPU and GB forms, writing units', async () => {
    const r = await render({ cpu: '1 vCPU', memory: '2 GB' });
    expect(r.taskDefinition).toMatchObject({ cpu: '1024', memory: '2048' });
    expect(r.changes).toContainEqual({ field: 'cpu', kind: 'changed', before: '512', after: '1024' });
  });

  it('sets container-level cpu and memory with a prefix', async () => {
    const r = await render({ cpu: 'app:384\nnginx:128', memory: 'nginx:256' });
    expect(container(r, 'app').cpu).toBe(384);
    expect(container(r, 'nginx')).toMatchObject({ cpu: 128, memory: 256 });
    expect(r.taskDefinition.cpu).toBe('512');
    expect((await userError({ cpu: 'app:lots' })).input).toBe('cpu');
    expect((await userError({ memory: 'big' })).input).toBe('memory');
  });

  it('accepts every Fargate combination in the table', async () => {
    const cases = [...FARGATE_SIZES].flatMap(([cpu, mems]) => mems.map((m) => [cpu, m] as const));
    expect(cases).toHaveLength(3 + 4 + 7 + 13 + 23 + 12 + 12);
    for (const [cpu, memory] of cases) {
      await expect(render({ cpu: String(cpu), memory: String(memory) })).resolves.toBeDefined();
    }
  });

  it.each([
    ['256', '4096', 'memory', '512, 1024 or 2048'],
    ['512', '512', 'memory', '1024 to 4096 in steps of 1024'],
    ['4096', '31744', 'memory', '8192 to 30720 in steps of 1024'],
    ['8192', '17408', 'memory', '16384 to 61440 in steps of 4096'],
    ['16384', '36864', 'memory', '32768 to 122880 in steps of 8192'],
  ])('rejects cpu %s with memory %s, naming %s', async (cpu, memory, input, allowed) => {
    const err = await userError({ cpu, memory });
    expect(err.input).toBe(input);
    expect(err.fix).toContain(allowed);
  });

  it('names cpu for a size Fargate does not have, and the file when the file is wrong', async () => {
    expect((await userError({ cpu: '300' })).input).toBe('cpu');
    expect((await userError({ cpu: '2048' })).input).toBe('cpu');
    const bad = fileSource('bad-size.json', {
      family: 'f',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '4 GB',
      containerDefinitions: [{ name: 'a', image: 'a:1' }],
    });
    expect((await userError({ source: bad })).input).toBe('task-definition');
    const missing = fileSource('no-size.json', {
      family: 'f',
      requiresCompatibilities: ['FARGATE'],
      containerDefinitions: [{ name: 'a', image: 'a:1' }],
    });
    expect((await userError({ source: missing })).message).toContain('needs a task-level cpu');
  });

  it('leaves EC2 sizes alone', async () => {
    const ec2 = fileSource('ec2.json', {
      family: 'f',
      requiresCompatibilities: ['EC2'],
      cpu: '300',
      memory: '700',
      containerDefinitions: [{ name: 'a', image: 'a:1' }],
    });
    expect((await render({ source: ec2 })).taskDefinition).toMatchObject({ cpu: '300', memory: '700' });
  });

  it('sets and checks the roles', async () => {
    const r = await render({
      taskRoleArn: 'arn:aws:iam::123456789012:role/other',
      executionRoleArn: 'exec-role',
    });
    expect(r.taskDefinition).toMatchObject({
      taskRoleArn: 'arn:aws:iam::123456789012:role/other',
      executionRoleArn: 'exec-role',
    });
    expect((await userError({ taskRoleArn: 'arn:aws:iam::1:role/x' })).input).toBe('task-role-arn');
    expect((await userError({ executionRoleArn: 'not a role' })).input).toBe('execution-role-arn');
  });
});

describe('tags and changed', () => {
  const run = {
    sha: 'a'.repeat(40),
    ref: 'refs/heads/main',
    repository: 'acme/web',
    runId: '7',
    serverUrl: 'https://github.com',
    actor: 'octo',
  };

  it('adds user and traceability tags over the source tags', async () => {
    const yaml = { kind: 'file', path: join(fixtures, 'frontend.yaml'), input: 'task-definition' } as const;
    const r = await render({ source: yaml, tags: kv('env=production\nteam=frontend'), traceability: run });
    expect(r.tags).toEqual([
      { key: 'team', value: 'frontend' },
      { key: 'env', value: 'production' },
      { key: 'ecs-deploy:git-sha', value: 'a'.repeat(40) },
      { key: 'ecs-deploy:git-ref', value: 'refs/heads/main' },
      { key: 'ecs-deploy:repository', value: 'acme/web' },
      { key: 'ecs-deploy:run-id', value: '7' },
      { key: 'ecs-deploy:run-url', value: 'https://github.com/acme/web/actions/runs/7' },
      { key: 'ecs-deploy:actor', value: 'octo' },
    ]);
    expect(r.changed).toBe(true);
  });

  it('replaces carried traceability tags, or drops them when traceability is off', async () => {
    const described = {
      kind: 'file',
      path: join(fixtures, 'described-worker.json'),
      input: 'task-definition',
    } as const;
    const on = await render({ source: described, traceability: run });
    expect(on.tags.filter((t) => t.key === GIT_SHA_TAG)).toEqual([
      { key: GIT_SHA_TAG, value: 'a'.repeat(40) },
    ]);
    expect(on.changed).toBe(false);
    const off = await render({ source: described });
    expect(off.tags).toEqual([]);
    expect(off.changed).toBe(false);
  });

  it('reports no change when only the traceability tags differ, and a change for user tags', async () => {
    expect((await render({ traceability: run })).changed).toBe(false);
    expect((await render({ tags: kv('env=prod') })).changed).toBe(true);
    expect((await render({ containers: kv('app=repo/app:new') })).changed).toBe(true);
  });

  it('rejects reserved tag keys and too many tags', async () => {
    expect((await userError({ tags: kv('ecs-deploy:git-sha=x') })).input).toBe('tags');
    const many = Array.from({ length: 51 }, (_, i) => `k${i}=v`).join('\n');
    expect((await userError({ tags: kv(many) })).message).toContain('51 tags');
  });

  it('does not resolve the region for a file without log settings', async () => {
    const region = () => {
      throw new UserError('aws-region', 'no region', 'set one');
    };
    await expect(render({ aws: { region, maxAttempts: 1 } })).resolves.toBeDefined();
    expect((await userError({ aws: { region, maxAttempts: 1 }, logGroup: '/ecs/x' })).input).toBe(
      'aws-region',
    );
  });
});

describe('a registered source', () => {
  const ecs = mockClient(ECSClient);
  afterEach(() => {
    ecs.reset();
  });
  const registered = {
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web-backend:41',
    family: 'web-backend',
    revision: 41,
    status: 'ACTIVE' as const,
    compatibilities: ['EC2' as const, 'FARGATE' as const],
    requiresCompatibilities: ['FARGATE' as const],
    networkMode: 'awsvpc' as const,
    cpu: '256',
    memory: '512',
    registeredAt: new Date('2025-03-01T10:00:00Z'),
    volumes: [],
    containerDefinitions: [
      {
        name: 'app',
        image: `${ECR}/web-backend:old`,
        cpu: 0,
        essential: true,
        environment: [],
        mountPoints: [],
      },
    ],
  };

  it('describes the family with its tags and renders on top', async () => {
    ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: registered,
      tags: [
        { key: 'team', value: 'web' },
        { key: GIT_SHA_TAG, value: 'b'.repeat(40) },
      ],
    });
    const r = await render({
      source: { kind: 'registered', reference: 'web-backend', input: 'task-definition-family' },
      image: `${ECR}/web-backend:new`,
    });
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input)).toEqual([
      { taskDefinition: 'web-backend', include: ['TAGS'] },
    ]);
    expect(r.tags).toEqual([{ key: 'team', value: 'web' }]);
    expect(r.taskDefinition).not.toHaveProperty('revision');
    expect(r.taskDefinition).not.toHaveProperty('registeredAt');
    expect(r.changes).toEqual([
      {
        container: 'app',
        field: 'image',
        kind: 'changed',
        before: `${ECR}/web-backend:old`,
        after: `${ECR}/web-backend:new`,
      },
      { field: 'tags', key: GIT_SHA_TAG, kind: 'removed', before: 'b'.repeat(40) },
    ]);
    expect(log.text()).toContain('from the registered web-backend');
  });

  it('turns an unknown family into a UserError naming the input', async () => {
    ecs
      .on(DescribeTaskDefinitionCommand)
      .rejects(new ClientException({ message: 'Unable to describe task definition.', $metadata: {} }));
    const err = await userError({
      source: { kind: 'registered', reference: 'nope', input: 'task-definition-family' },
    });
    expect(err.input).toBe('task-definition-family');
    expect(err.message).toContain('no task definition nope in eu-west-1');
  });
});

describe('chooseSource', () => {
  it('takes exactly one source', () => {
    expect(chooseSource({ file: 'td.json' })).toEqual({
      kind: 'file',
      path: 'td.json',
      input: 'task-definition',
    });
    expect(chooseSource({ family: 'web:3' })).toEqual({
      kind: 'registered',
      reference: 'web:3',
      input: 'task-definition-family',
    });
    const arn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3';
    expect(chooseSource({ arn })).toEqual({
      kind: 'registered',
      reference: arn,
      input: 'task-definition-arn',
    });
  });

  it('names both inputs when two are given, and task-definition when none is', () => {
    expect(() => chooseSource({ file: 'a.json', family: 'web' })).toThrow(
      /^task-definition and task-definition-family: /,
    );
    expect(() => chooseSource({})).toThrow(/^task-definition: no task definition was given/);
  });

  it('checks the family and ARN shapes', () => {
    expect(() => chooseSource({ family: 'web app' })).toThrow(
      /task-definition-family: "web app" is not a family name/,
    );
    expect(() => chooseSource({ arn: 'arn:aws:ecs:eu-west-1:1:service/web' })).toThrow(
      /task-definition-arn: /,
    );
  });
});
