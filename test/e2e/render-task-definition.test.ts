/**
 * The bundled render-task-definition action, run as a separate node process the way the runner runs it, on
 * the task-definition fixtures; registered revisions come from the loopback AWS simulator (ECS's JSON 1.1
 * protocol), which the bundle's SDK reaches through AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_ECS.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  startSimulator,
  type RunningSimulator,
  type TaskDefinitionSeed,
} from '../../packages/simulator/index.js';
import {
  errorAnnotations,
  repoRoot,
  runBundledAction,
  type ActionRun,
  type RunOptions,
} from '../helpers/run-action.js';
import {
  GIT_SHA_TAG,
  loadTaskDefinitionFile,
  type Tag,
  type TaskDefinitionInput,
} from '../../packages/task-definition/index.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'task-definitions');
const sidecar = join(fixtures, 'web-with-sidecar.json');
const frontend = join(fixtures, 'frontend.yaml');
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const SHA = '2f1c9e0aa3b4c5d6e7f8091a2b3c4d5e6f708192';
const github = {
  GITHUB_SHA: SHA,
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REPOSITORY: 'acme/web',
  GITHUB_RUN_ID: '4242',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_ACTOR: 'octo',
};

// The repository is the checkout: render reads task-definition files only from the workspace (or RUNNER_TEMP).
const render = (inputs: Record<string, string>, opts: RunOptions = {}) =>
  runBundledAction('render-task-definition', {
    ...opts,
    inputs,
    env: { ...github, GITHUB_WORKSPACE: repoRoot, ...opts.env },
  });

type RenderedFile = TaskDefinitionInput & { tags: Tag[] };
function rendered(run: ActionRun): RenderedFile {
  return JSON.parse(readFileSync(run.outputs['task-definition']!, 'utf8')) as RenderedFile;
}
const containerOf = (td: RenderedFile, name: string) =>
  td.containerDefinitions!.find((c) => c.name === name)!;
/** stderr without the SDK's notice that it will need Node 22 (printed on Node 20, not on the runner's 24). */
const stderrOf = (run: ActionRun) =>
  run.stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?--trace-warnings[^\n]*\n/, '');
function expectSuccess(run: ActionRun) {
  expect([run.exitCode, errorAnnotations(run), stderrOf(run)]).toEqual([0, [], '']);
}

/** The loopback AWS simulator holding two registered revisions of web-backend, the second tagged by an older run. */
let sim: RunningSimulator;
const registered: TaskDefinitionSeed = {
  family: 'web-backend',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '512',
  memory: '1024',
  volumes: [],
  containerDefinitions: [
    {
      name: 'app',
      image: `${ECR}/web-backend:0000001`,
      cpu: 0,
      essential: true,
      portMappings: [{ containerPort: 8000, hostPort: 8000, protocol: 'tcp' }],
      environment: [{ name: 'LOG_LEVEL', value: 'info' }],
      mountPoints: [],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/web-backend',
          'awslogs-region': 'eu-west-1',
          'awslogs-stream-prefix': 'web',
        },
      },
    },
  ],
};

beforeAll(async () => {
  sim = await startSimulator({
    speed: 0,
    scenario: {
      region: 'eu-west-1',
      taskDefinitions: [
        registered,
        {
          ...registered,
          tags: [
            { key: 'team', value: 'web' },
            { key: GIT_SHA_TAG, value: '1'.repeat(40) },
          ],
        },
      ],
    },
  });
});
afterAll(() => sim.close());

describe('render-task-definition bundle', () => {
  it('renders the two-container definition: images, env, secrets, logs, tags, outputs, summary', async () => {
    const run = await render({
      'task-definition': sidecar,
      'container-name': 'app',
      containers: `app=${ECR}/web-backend:9a8b7c6\nnginx=${ECR}/nginx@sha256:${'c'.repeat(64)}`,
      environment: 'DSN=postgres://web@db.internal:5432/web?sslmode=require\nnginx:LOG_LEVEL=debug',
      secrets: 'SENTRY_DSN=arn:aws:ssm:eu-west-1:123456789012:parameter/web/sentry-dsn',
      'log-stream-prefix': 'release',
      command: 'gunicorn web.wsgi --bind "0.0.0.0:8000" --workers 3',
      tags: 'env=production',
      'traceability-tags': 'true',
    });
    expectSuccess(run);
    const td = rendered(run);
    expect(run.outputs['task-definition']!.startsWith(run.dir)).toBe(true);
    expect(JSON.parse(run.outputs.images!)).toEqual({
      app: `${ECR}/web-backend:9a8b7c6`,
      nginx: `${ECR}/nginx@sha256:${'c'.repeat(64)}`,
    });
    expect(run.outputs.changed).toBe('true');
    const app = containerOf(td, 'app');
    expect(app.environment).toContainEqual({
      name: 'DSN',
      value: 'postgres://web@db.internal:5432/web?sslmode=require',
    });
    expect(app.secrets!.map((s) => s.name)).toEqual(['DATABASE_PASSWORD', 'DJANGO_SECRET_KEY', 'SENTRY_DSN']);
    expect(app.command).toEqual(['gunicorn', 'web.wsgi', '--bind', '0.0.0.0:8000', '--workers', '3']);
    expect(app.logConfiguration!.options!['awslogs-stream-prefix']).toBe('release');
    expect(containerOf(td, 'nginx').environment).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
    expect(td.tags).toEqual([
      { key: 'env', value: 'production' },
      { key: 'ecs-deploy:git-sha', value: SHA },
      { key: 'ecs-deploy:git-ref', value: 'refs/heads/main' },
      { key: 'ecs-deploy:repository', value: 'acme/web' },
      { key: 'ecs-deploy:run-id', value: '4242' },
      { key: 'ecs-deploy:run-url', value: 'https://github.com/acme/web/actions/runs/4242' },
      { key: 'ecs-deploy:actor', value: 'octo' },
    ]);
    expect(run.stdout).toContain(`app: image ${ECR}/web-backend:2f1c9e0 → ${ECR}/web-backend:9a8b7c6`);
    expect(run.stdout).toContain('app: environment DSN added');
    expect(run.stdout).toContain('nginx: environment LOG_LEVEL changed');
    expect(run.summary).toContain('### Task definition `web-backend`');
    expect(run.summary).toContain(
      `| \`app\` | image | \`${ECR}/web-backend:2f1c9e0\` → \`${ECR}/web-backend:9a8b7c6\` |`,
    );
    expect(run.summary).toContain('| `app` | secrets `SENTRY_DSN` | added |');
    // What deploy reads: the same file through the library.
    const loaded = await loadTaskDefinitionFile(run.outputs['task-definition']!, 'task-definition');
    expect(loaded.tags).toEqual(td.tags);
    expect(loaded.taskDefinition.family).toBe('web-backend');
  });

  it('renders the YAML definition with vCPU/GB sizes, and re-rendering its output changes nothing', async () => {
    const first = await render({
      'task-definition': frontend,
      image: `${ECR}/web-frontend:9a8b7c6`,
      cpu: '1 vCPU',
      memory: '2 GB',
      'environment-variables': 'API_URL=https://web.example.test/api?v=2',
    });
    expectSuccess(first);
    const td = rendered(first);
    expect(td).toMatchObject({ family: 'web-frontend', cpu: '1024', memory: '2048' });
    expect(td.tags[0]).toEqual({ key: 'team', value: 'web' });
    expect(first.outputs.changed).toBe('true');
    expect(first.stdout).toContain('cpu 256 → 1024');

    // A later step of the same job: RUNNER_TEMP is the same directory, where the first render wrote.
    const again = await render(
      { 'task-definition': first.outputs['task-definition']! },
      { env: { GITHUB_SHA: 'f'.repeat(40), RUNNER_TEMP: first.dir } },
    );
    expectSuccess(again);
    expect(again.outputs.changed).toBe('false');
    expect(rendered(again).tags).toContainEqual({ key: GIT_SHA_TAG, value: 'f'.repeat(40) });
  });

  it('starts from a registered family through AWS_ENDPOINT_URL, over the ECS JSON 1.1 protocol', async () => {
    const before = sim.calls({ service: 'ecs' }).length;
    const run = await render(
      {
        'task-definition-family': 'web-backend',
        image: `${ECR}/web-backend:9a8b7c6`,
        'aws-region': 'eu-west-1',
      },
      {
        env: {
          AWS_ENDPOINT_URL: sim.url,
          AWS_ACCESS_KEY_ID: sim.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey,
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
    );
    expectSuccess(run);
    expect(sim.calls({ service: 'ecs' }).slice(before)).toMatchObject([
      {
        operation: 'DescribeTaskDefinition',
        status: 200,
        input: { taskDefinition: 'web-backend', include: ['TAGS'] },
      },
    ]);
    const td = rendered(run);
    for (const field of [
      'taskDefinitionArn',
      'revision',
      'status',
      'compatibilities',
      'requiresAttributes',
      'registeredAt',
      'registeredBy',
      'volumes',
    ]) {
      expect(Object.keys(td)).not.toContain(field);
    }
    expect(containerOf(td, 'app').image).toBe(`${ECR}/web-backend:9a8b7c6`);
    expect(containerOf(td, 'app').environment).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
    // The latest revision's tags are carried; its stale sha is replaced by this run's.
    expect(td.tags.slice(0, 2)).toEqual([
      { key: 'team', value: 'web' },
      { key: GIT_SHA_TAG, value: SHA },
    ]);
    expect(run.outputs.changed).toBe('true');
    expect(run.stdout).toContain('from the registered web-backend');
    expect(run.stdout).toContain(`app: image ${ECR}/web-backend:0000001 → ${ECR}/web-backend:9a8b7c6`);
  });

  it('starts from a registered ARN through AWS_ENDPOINT_URL_ECS, and reports no change when nothing is asked', async () => {
    const arn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web-backend:1';
    const run = await render(
      { 'task-definition-arn': arn, 'traceability-tags': 'false' },
      { env: { ...sim.env, AWS_ENDPOINT_URL: undefined, AWS_ENDPOINT_URL_ECS: sim.url } },
    );
    expectSuccess(run);
    expect(sim.calls({ operation: 'DescribeTaskDefinition' }).at(-1)).toMatchObject({
      status: 200,
      input: { taskDefinition: arn },
    });
    expect(run.outputs.changed).toBe('false');
    expect(rendered(run)).not.toHaveProperty('tags');
  });

  it('names task-definition-family when ECS does not know the family', async () => {
    const run = await render({ 'task-definition-family': 'nope' }, { env: sim.env });
    expect(run.exitCode).toBe(1);
    expect(errorAnnotations(run).map((a) => a.title)).toEqual(['Input task-definition-family']);
    expect(errorAnnotations(run)[0]!.message).toContain('ECS has no task definition nope in eu-west-1');
    expect(sim.calls({ operation: 'DescribeTaskDefinition' }).at(-1)).toMatchObject({
      status: 400,
      error: 'ClientException',
    });
    expect(run.wroteOutputs).toBe(false);
  });

  it('never shows a secret value from environment, nor secret references, in stdout, stderr or summary', async () => {
    const value = 'sk_live_51HxQ2Zq9Vb7Kd3';
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:web/stripe-Q1w2E3:key::';
    const ok = await render({
      'task-definition': sidecar,
      'container-name': 'app',
      environment: `STRIPE_KEY=${value}\nnginx:STRIPE_KEY=${value}`,
      secrets: `STRIPE_WEBHOOK=${arn}`,
    });
    expectSuccess(ok);
    expect(JSON.stringify(rendered(ok))).toContain(value);
    const failed = await render({
      'task-definition': sidecar,
      'container-name': 'app',
      environment: `STRIPE_KEY=${value}`,
      secrets: `STRIPE_WEBHOOK=${value}`,
    });
    expect(failed.exitCode).toBe(1);
    for (const run of [ok, failed]) {
      const printed = run.stdout + run.stderr + run.summary;
      expect(printed).not.toContain(value);
      expect(printed).not.toContain(arn);
      expect(printed).not.toContain('web/stripe');
    }
    expect(ok.stdout).toContain('app: environment STRIPE_KEY added');
  });

  describe('under Node 24', () => {
    let node24: string;
    beforeAll(() => {
      node24 = execFileSync('npx', ['-y', '-p', 'node@24', 'which', 'node'], { encoding: 'utf8' }).trim();
    }, 120_000);

    it('renders the two-container definition', async () => {
      expect(execFileSync(node24, ['-v'], { encoding: 'utf8' })).toMatch(/^v24\./);
      const run = await render(
        {
          'task-definition': sidecar,
          containers: `app=${ECR}/web-backend:9a8b7c6`,
          'container-name': 'app',
          environment: 'A=1',
        },
        { node: node24 },
      );
      expectSuccess(run);
      expect(containerOf(rendered(run), 'app').image).toBe(`${ECR}/web-backend:9a8b7c6`);
      expect(run.outputs.changed).toBe('true');
    });
  });
});

describe('render-task-definition bundle on bad input', () => {
  // Broken files are written here rather than kept as fixtures, which Prettier would refuse to check.
  mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
  const broken = mkdtempSync(join(repoRoot, '.tmp', 'broken-td-'));
  const badJson = join(broken, 'trailing-comma.json');
  writeFileSync(
    badJson,
    '{\n  "family": "web",\n  "containerDefinitions": [\n    { "name": "app", "image": "repo/web:1" }\n  ],\n}\n',
  );
  const badYaml = join(broken, 'unindented.yaml');
  writeFileSync(
    badYaml,
    'family: web\ncontainerDefinitions:\n  - name: app\n    image: repo/web:1\n   essential: true\n',
  );
  const cases: [string, Record<string, string>, string, RegExp][] = [
    ['no source', {}, 'task-definition', /no task definition was given/],
    [
      'two sources',
      { 'task-definition': sidecar, 'task-definition-family': 'web' },
      'task-definition and task-definition-family',
      /a render starts from exactly one source/,
    ],
    [
      'a missing file',
      { 'task-definition': 'nowhere/td.json' },
      'task-definition',
      /file nowhere\/td\.json does not exist/,
    ],
    [
      'a JSON syntax error',
      { 'task-definition': badJson },
      'task-definition',
      /not valid JSON at line 6, column 1: expected a string/,
    ],
    [
      'a YAML syntax error',
      { 'task-definition': badYaml },
      'task-definition',
      /not valid JSON or YAML at line 5, column/,
    ],
    [
      'a malformed family',
      { 'task-definition-family': 'web backend' },
      'task-definition-family',
      /not a family name/,
    ],
    [
      'an unknown container',
      { 'task-definition': sidecar, containers: 'api=repo/api:1' },
      'containers',
      /api, which does not exist.*the containers are app, nginx/,
    ],
    [
      'a bad image',
      { 'task-definition': sidecar, containers: 'app=Repo/Web:1' },
      'containers',
      /upper-case letters/,
    ],
    [
      'image without container-name',
      { 'task-definition': sidecar, image: 'repo/web:1' },
      'container-name',
      /there are 2 \(app, nginx\)/,
    ],
    [
      'an unknown container-name',
      { 'task-definition': sidecar, 'container-name': 'web' },
      'container-name',
      /no container web/,
    ],
    [
      'an unprefixed variable with two containers',
      { 'task-definition': sidecar, 'environment-variables': 'A=1' },
      'environment-variables',
      /does not say which container/,
    ],
    [
      'a prefix that is no container',
      { 'task-definition': sidecar, 'container-name': 'app', environment: 'ngnix:A=1' },
      'environment',
      /ngnix is not a container/,
    ],
    [
      'a secret that is no ARN',
      { 'task-definition': sidecar, 'container-name': 'app', secrets: 'DB=hunter2' },
      'secrets',
      /line 1 \(DB\) is not an SSM parameter ARN/,
    ],
    [
      'a Fargate memory that does not fit the cpu',
      { 'task-definition': sidecar, cpu: '256', memory: '4096' },
      'memory',
      /4096 MiB of memory does not go with 256 CPU units/,
    ],
    [
      'a cpu Fargate does not have',
      { 'task-definition': sidecar, cpu: '3 vCPU' },
      'cpu',
      /3072 CPU units is not a Fargate size/,
    ],
    [
      'an unclosed quote in command',
      { 'task-definition': sidecar, 'container-name': 'app', command: 'sh -c "echo' },
      'command',
      /unclosed double quote/,
    ],
    ['a reserved tag', { 'task-definition': sidecar, tags: 'ecs-deploy:git-sha=x' }, 'tags', /reserved/],
    [
      'a non-boolean traceability-tags',
      { 'task-definition': sidecar, 'traceability-tags': 'yes' },
      'traceability-tags',
      /not a boolean/,
    ],
    [
      'max-attempts of zero',
      { 'task-definition': sidecar, 'max-attempts': '0' },
      'max-attempts',
      /out of range/,
    ],
    [
      'log-group with no region anywhere',
      { 'task-definition': sidecar, 'log-group': '/ecs/web' },
      'aws-region',
      /no AWS region/,
    ],
    [
      'a task role that is no role',
      { 'task-definition': sidecar, 'task-role-arn': 'arn:aws:iam::123456789012:user/bob' },
      'task-role-arn',
      /not an IAM role/,
    ],
    [
      'a docker-labels line without =',
      { 'task-definition': sidecar, 'docker-labels': 'team' },
      'docker-labels',
      /line 1 is not KEY=value/,
    ],
  ];

  it.each(cases.map(([what, inputs, input, message]) => [what, input, inputs, message] as const))(
    '%s: names %s and changes nothing',
    async (_what, input, inputs, message) => {
      const run = await render(inputs);
      expect(run.exitCode).toBe(1);
      const annotations = errorAnnotations(run);
      expect(annotations.map((a) => a.title)).toEqual([`Input ${input}`]);
      expect(annotations[0]!.message).toMatch(message);
      expect(run.stdout + run.stderr).not.toMatch(/\n\s+at |%0A\s+at /);
      expect(run.wroteOutputs).toBe(false);
      expect(readdirSync(run.dir).filter((f) => f.startsWith('task-definition-'))).toEqual([]);
      expect(run.summary).toBe('');
    },
  );

  it('covers at least 15 inputs', () => {
    expect(new Set(cases.map(([, , input]) => input)).size).toBeGreaterThanOrEqual(15);
  });
});
