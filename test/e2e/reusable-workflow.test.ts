/**
 * The reusable workflow .github/workflows/ecs-service.yml run end to end for its two example callers
 * (action-examples/workflows/service-backend.yml and service-frontend.yml): the caller's `with:` as inputs,
 * every expression evaluated strictly, `if:` honoured, each of our steps as its bundle process against the
 * simulated AWS (ECR in front of a real Docker engine and registry, ECS, ELB, CloudWatch, Logs) and the
 * GitHub API fake. Third-party steps are listed below with what they stand for here.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { parseDeploymentReport } from '../../packages/deploy-report/index.js';
import { startGitHubFake, type GitHubFake } from '../../packages/simulator/github.js';
import {
  seedArchitecture,
  startSimulator,
  type ReleaseBehaviour,
  type RunningSimulator,
} from '../../packages/simulator/index.js';
import { errorAnnotations, repoRoot } from '../helpers/run-action.js';
import {
  artifactStore,
  condition,
  evaluate,
  interpolate,
  runWorkflow,
  type ExpressionScope,
  WorkflowError,
  type ThirdPartyStep,
  type WorkflowRun,
} from '../helpers/workflow-runner.js';
import { startDocker, type DockerEnv } from '../setup/docker.js';

const WORKFLOW = '.github/workflows/ecs-service.yml';
const REGION = 'eu-west-1';
const TOKEN = 'ghs_actions_token';

interface Caller {
  file: string;
  /** The caller's permissions: and the `with:` of its one job. */
  permissions: Record<string, string>;
  with: Record<string, unknown>;
  uses: string;
}

function caller(name: string): Caller {
  const file = join(repoRoot, 'action-examples', 'workflows', name);
  const doc = parse(readFileSync(file, 'utf8')) as {
    permissions: Record<string, string>;
    jobs: Record<string, { uses: string; with: Record<string, unknown> }>;
  };
  const [job, ...more] = Object.values(doc.jobs);
  expect(more).toEqual([]);
  return { file, permissions: doc.permissions, with: job!.with, uses: job!.uses };
}

const SPEED = 60;

/**
 * What differs from GitHub here, and only that: the health URL's origin is the simulated load balancer's
 * (its path is the caller's); the bake time, which the deploy measures on the runner's clock, is the
 * caller's divided by the simulator's speed (5m → 5s); polls come every second instead of every five.
 */
function testInputs(c: Caller, sim: RunningSimulator): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c.with, 'poll-interval': '1s' };
  if (typeof c.with['health-check-url'] === 'string') {
    const url = new URL(c.with['health-check-url']);
    out['health-check-url'] = `${sim.listeners().production}${url.pathname}`;
  }
  if (typeof c.with['bake-time'] === 'string') {
    const m = /^(\d+)(s|m|h)$/.exec(c.with['bake-time']);
    if (!m) throw new Error(`bake-time ${c.with['bake-time']}: the test reads only <n>s, <n>m or <n>h`);
    const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
    out['bake-time'] = `${Math.max(1, Math.round(seconds / SPEED))}s`;
  }
  return out;
}

let docker: DockerEnv;
beforeAll(async () => {
  docker = await startDocker();
}, 600_000);

let sim: RunningSimulator | undefined;
let gh: GitHubFake | undefined;
afterEach(async () => {
  await sim?.close();
  await gh?.close();
  sim = undefined;
  gh = undefined;
});
afterAll(() => undefined);

/** The service repository as checked out: its Dockerfile (the two-layer fixture) and its task definition. */
function serviceRepository(taskDefinitionPath: string, example: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'service-repo-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'images', 'two-layer'), dir, { recursive: true });
  mkdirSync(dirname(join(dir, taskDefinitionPath)), { recursive: true });
  copyFileSync(join(repoRoot, 'action-examples', 'task-definitions', example), join(dir, taskDefinitionPath));
  return dir;
}

interface Run extends WorkflowRun {
  credentialSteps: Record<string, string>[];
  artifacts: string[];
}

async function run(c: Caller, example: string, releases: ReleaseBehaviour[]): Promise<Run> {
  sim = await startSimulator({
    scenario: seedArchitecture({ region: REGION, releases }),
    speed: SPEED,
    ecrRegistry: {
      url: docker.registry.url,
      username: docker.registry.username,
      password: docker.registry.password,
    },
  });
  // A commit of our own per run: the shared registry never already holds its image.
  const sha = randomBytes(20).toString('hex');
  gh = await startGitHubFake({ pulls: [{ number: 7, headSha: sha }] });
  const repo = serviceRepository(String(c.with['task-definition']), example);
  const eventPath = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json');
  writeFileSync(eventPath, JSON.stringify({ ref: 'refs/heads/main', after: sha }));

  const artifacts = artifactStore();
  const credentialSteps: Record<string, string>[] = [];
  const thirdParty: Record<string, ThirdPartyStep> = {
    // The service repository at the pushed commit, into the job's workspace.
    'actions/checkout': ({ workspace }) => cpSync(repo, workspace, { recursive: true }),
    // OIDC role assumption: recorded; the simulator's credentials and region are in every step's env.
    'aws-actions/configure-aws-credentials': ({ with: w }) => {
      credentialSteps.push(w);
    },
    'actions/upload-artifact': artifacts.upload,
    'actions/download-artifact': artifacts.download,
  };
  const result = await runWorkflow({
    workflow: WORKFLOW,
    with: testInputs(c, sim),
    callerPermissions: c.permissions,
    github: {
      sha,
      ref: 'refs/heads/main',
      token: TOKEN,
      event_name: 'push',
      repository: gh.repository,
      run_id: '4242',
    },
    env: {
      ...sim.env,
      DOCKER_HOST: docker.dockerHost,
      DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'docker-config-')),
      GITHUB_SHA: sha,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: gh.repository,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: gh.url,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_RUN_ID: '4242',
      GITHUB_ACTOR: 'octocat',
    },
    thirdParty,
  });
  return { ...result, credentialSteps, artifacts: artifacts.names() };
}

const step = (r: WorkflowRun, job: string, id: string) => r.jobs[job]!.steps.find((s) => s.id === id)!;

/** Every bundle that ran printed no error annotation and exited 0. */
function cleanRuns(r: WorkflowRun, job: string) {
  return r.jobs[job]!.steps.filter((s) => s.run).map((s) => [
    s.id,
    s.run!.exitCode,
    errorAnnotations(s.run!),
  ]);
}

describe('reusable workflow ecs-service.yml', () => {
  it('the callers call it by path, and its jobs ask no more than the callers grant', () => {
    for (const name of ['service-backend.yml', 'service-frontend.yml']) {
      const c = caller(name);
      expect(c.uses).toMatch(/^[A-Za-z0-9-]+\/ecs-deploy-actions\/\.github\/workflows\/ecs-service\.yml@v1$/);
      expect(Object.keys(c.with).length).toBeLessThanOrEqual(12);
    }
  });

  it('backend caller: image, migrations, a gated deploy on /api/health, the report', async () => {
    const c = caller('service-backend.yml');
    const r = await run(c, 'backend.json', [
      { match: { content: 'migrate' }, runSeconds: 20, logLines: ['Applying orders.0002_refunds... OK'] },
    ]);
    expect(r.order).toEqual(['image', 'deploy', 'report']);
    expect(cleanRuns(r, 'image')).toEqual([['build', 0, []]]);
    expect(cleanRuns(r, 'deploy')).toEqual([
      ['render', 0, []],
      ['migrate', 0, []],
      ['deploy', 0, []],
    ]);
    expect(Object.values(r.jobs).map((j) => j.result)).toEqual(['success', 'success', 'success']);

    // Outputs: the image pinned by digest in the registry behind ECR, the revision deployed, the status.
    const image = r.outputs.image!;
    expect(image).toMatch(new RegExp(`^${docker.registry.host}/backend@sha256:[0-9a-f]{64}$`));
    expect(step(r, 'image', 'build').outputs.built).toBe('true');
    expect(r.outputs.revision).toMatch(/^arn:aws:ecs:eu-west-1:123456789012:task-definition\/backend:\d+$/);
    expect(r.outputs.status).toBe('succeeded');
    const ecs = new ECSClient({ endpoint: sim!.url, region: REGION, credentials: sim!.credentials });
    const serving = await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] }));
    ecs.destroy();
    expect(serving.services?.[0]?.taskDefinition).toBe(r.outputs.revision);

    // The migration ran the caller's command on the rendered revision, the one then deployed.
    const runTask = sim!.calls({ operation: 'RunTask' }).map((call) => call.input as Record<string, unknown>);
    expect(runTask).toHaveLength(1);
    expect(runTask[0]).toMatchObject({
      cluster: 'web',
      taskDefinition: r.outputs.revision,
      overrides: { containerOverrides: [{ command: ['python', 'manage.py', 'migrate', '--noinput'] }] },
    });
    expect(sim!.calls({ operation: 'RegisterTaskDefinition' })).toHaveLength(1);
    const deployed = JSON.parse(
      readFileSync(step(r, 'deploy', 'render').outputs['task-definition']!, 'utf8'),
    ) as {
      containerDefinitions: { image: string }[];
    };
    expect(deployed.containerDefinitions[0]!.image).toBe(image);

    // The health gate polled the caller's path on the load balancer.
    expect(step(r, 'deploy', 'deploy').with['health-check-url']).toMatch(/\/api\/health$/);
    const deployReport = parseDeploymentReport(
      JSON.parse(readFileSync(step(r, 'deploy', 'deploy').outputs.report!, 'utf8')),
      'report',
    );
    expect(JSON.stringify(deployReport)).toContain('/api/health');
    expect(step(r, 'deploy', 'deploy').with['bake-time']).toBe('5s');

    // Role assumption with the caller's role and region, once per job that talks to AWS.
    expect(r.credentialSteps).toEqual([
      { 'role-to-assume': c.with['role-to-assume'], 'aws-region': REGION },
      { 'role-to-assume': c.with['role-to-assume'], 'aws-region': REGION },
    ]);
    expect(r.jobs.deploy!.concurrency).toEqual({
      group: 'ecs-deploy-production-backend',
      cancelInProgress: false,
    });
    expect(r.jobs.deploy!.environment).toBe('production');
    expect(r.jobs.report!.permissions).toEqual({ 'pull-requests': 'write' });
    expect(r.jobs.image!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });

    // The report: both reports (migration and deploy) carried over by artifact, one sticky comment.
    expect(r.artifacts).toEqual(['ecs-reports-production-backend']);
    const report = step(r, 'report', 'report');
    expect([report.run?.exitCode, errorAnnotations(report.run!)]).toEqual([0, []]);
    const comments = gh!.state.issueComments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('<!-- ecs-deploy-actions:report environment=production -->');
    expect(comments[0]!.body).toMatch(/backend deployed/);
    expect(comments[0]!.body).toMatch(/migrat|one-off|run-task/i);
    expect(report.run!.summary).toMatch(/backend deployed/);
  }, 300_000);

  it('frontend caller: no migration step, health on /', async () => {
    const c = caller('service-frontend.yml');
    const r = await run(c, 'frontend.yaml', []);
    expect(cleanRuns(r, 'deploy')).toEqual([
      ['render', 0, []],
      ['deploy', 0, []],
    ]);
    expect(step(r, 'deploy', 'migrate').outcome).toBe('skipped');
    expect(sim!.calls({ operation: 'RunTask' })).toEqual([]);
    expect(r.outputs).toEqual({
      image: expect.stringMatching(new RegExp(`^${docker.registry.host}/frontend@sha256:[0-9a-f]{64}$`)),
      revision: expect.stringMatching(/:task-definition\/frontend:\d+$/),
      status: 'succeeded',
    });
    expect(new URL(step(r, 'deploy', 'deploy').with['health-check-url']!).pathname).toBe('/');
    expect(r.jobs.deploy!.concurrency?.group).toBe('ecs-deploy-production-frontend');
    expect(r.artifacts).toEqual(['ecs-reports-production-frontend']);
    expect(r.jobs.report!.result).toBe('success');
    expect(gh!.state.issueComments.get(7)?.[0]?.body).toMatch(/frontend deployed/);
  }, 300_000);

  it('a release that crashes is rolled back: status rolled-back, the job fails, the report still runs', async () => {
    const c = caller('service-frontend.yml');
    const r = await run(c, 'frontend.yaml', [
      { match: { family: 'frontend', revision: 2 }, crash: { afterSeconds: 5, exitCode: 1, reason: 'boom' } },
    ]);
    expect(r.jobs.deploy!.result).toBe('failure');
    expect(r.outputs.status).toBe('rolled-back');
    expect(r.jobs.report!.result).toBe('success');
    expect(gh!.state.issueComments.get(7)?.[0]?.body).toMatch(/rolled back/i);
  }, 300_000);

  it('the evaluator refuses what it cannot evaluate, and a caller input the workflow does not declare', async () => {
    const c = caller('service-frontend.yml');
    await expect(
      runWorkflow({
        workflow: WORKFLOW,
        with: { ...c.with, 'health-check-path': '/' },
        callerPermissions: c.permissions,
        github: {},
        env: {},
        thirdParty: {},
      }),
    ).rejects.toThrow(
      new WorkflowError('the caller passes input health-check-path, which the workflow does not declare'),
    );
    await expect(
      runWorkflow({
        workflow: WORKFLOW,
        with: c.with,
        callerPermissions: { contents: 'read' },
        github: {},
        env: {},
        thirdParty: {},
      }),
    ).rejects.toThrow(/job image asks for id-token: write, the caller allows only id-token: none/);

    const scope: ExpressionScope = {
      context(root, path) {
        if (root === 'inputs' && path[0] === 'empty') return '';
        if (root === 'inputs' && path[0] === 'cmd') return 'migrate';
        throw new WorkflowError(`${root}.${path.join('.')} is not declared`);
      },
      status: (name) => name !== 'failure',
    };
    expect(evaluate('inputs.empty || inputs.cmd', scope)).toBe('migrate');
    expect(evaluate("inputs.cmd != '' && !(inputs.empty == 'x')", scope)).toBe(true);
    expect(interpolate('run ${{ inputs.cmd }} now', scope)).toBe('run migrate now');
    expect(condition("inputs.empty != ''", scope)).toBe(false);
    expect(() => evaluate('steps.migrate.outputs.report', scope)).toThrow(
      'steps.migrate.outputs.report is not declared',
    );
    expect(() => evaluate('hashFiles(inputs.cmd)', scope)).toThrow(/does not know the function hashFiles/);
    expect(() => evaluate('inputs.cmd > 1', scope)).toThrow(/does not know `>`/);
  });
});
