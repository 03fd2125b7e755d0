/**
 * dist/build-push run as a process against a real Docker engine and a real registry (scripts/ci/docker.sh),
 * with the simulator's ECR in front of the registry. Nothing here is mocked: images are built by dockerd,
 * pushed over HTTP, and every digest is checked against what the registry itself serves.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, type RunningSimulator } from '../../packages/simulator/index.js';
import { errorAnnotations, repoRoot, runBundledAction, type ActionRun } from '../helpers/run-action.js';
import { registryManifest, registryRepoContents, startDocker, type DockerEnv } from '../setup/docker.js';

const run = promisify(execFile);
const fixtures = join(repoRoot, 'test', 'fixtures', 'images');
const SHA = '4f1c2a9e0b7d6c5a4f3e2d1c0b9a8f7e6d5c4b3a';
/** Values that must never show up in what the action prints, outputs or summarises. */
const CANARY = `canary-${randomBytes(8).toString('hex')}`;
const SECRET_CANARY = `secret-${randomBytes(8).toString('hex')}`;

let docker: DockerEnv;
let sim: RunningSimulator;
const runs: ActionRun[] = [];

beforeAll(async () => {
  docker = await startDocker();
  sim = await startSimulator({
    ecrRegistry: {
      url: docker.registry.url,
      username: docker.registry.username,
      password: docker.registry.password,
    },
  });
}, 600_000);

afterAll(async () => {
  await sim?.close();
});

const unique = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;

/** Run the bundle with the simulator's AWS env, the private engine and a DOCKER_CONFIG of its own. */
async function action(
  inputs: Record<string, string>,
  opts: {
    node?: string;
    dockerConfig?: string;
    env?: Record<string, string>;
    state?: Record<string, string>;
    simulator?: RunningSimulator;
  } = {},
): Promise<ActionRun> {
  const result = await runBundledAction('build-push', {
    inputs: { context: join(fixtures, 'two-layer'), network: 'none', ...inputs },
    env: {
      ...(opts.simulator ?? sim).env,
      DOCKER_HOST: docker.dockerHost,
      DOCKER_CONFIG: opts.dockerConfig ?? mkdtempSync(join(tmpdir(), 'docker-config-')),
      GITHUB_SHA: SHA,
      GITHUB_REF: 'refs/heads/feature/login',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SERVER_URL: 'https://github.com',
      ...opts.env,
    },
    state: opts.state,
    node: opts.node,
    timeoutMs: 120_000,
  });
  runs.push(result);
  return result;
}

async function daemonImages(): Promise<string[]> {
  const { stdout } = await run('docker', ['images', '--all', '--quiet', '--no-trunc'], {
    env: { ...process.env, DOCKER_HOST: docker.dockerHost },
  });
  return stdout.split('\n').filter(Boolean).sort();
}

function dockerAuths(configDir: string): Record<string, unknown> {
  try {
    return (
      (
        JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as {
          auths?: Record<string, unknown>;
        }
      ).auths ?? {}
    );
  } catch {
    return {};
  }
}

async function registryBlob(repo: string, digest: string): Promise<unknown> {
  const res = await fetch(`${docker.registry.url}/v2/${repo}/blobs/${digest}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${docker.registry.username}:${docker.registry.password}`).toString('base64')}`,
    },
  });
  expect(res.status).toBe(200);
  return res.json();
}

describe('build-push on a real engine and registry', () => {
  const repo = unique('shop/web');
  const dockerConfig = mkdtempSync(join(tmpdir(), 'docker-config-'));
  const inputs = {
    repository: repo,
    'create-repository': 'true',
    tags: '{sha}\n{branch}-{short-sha}',
    'build-args': `APP_VERSION=1.4.2\nCANARY=${CANARY}`,
    'secret-build-args': `SECRET_TOKEN=${SECRET_CANARY}`,
  };
  let first: ActionRun;

  beforeAll(async () => {
    first = await action(inputs, { dockerConfig });
  }, 120_000);

  it('builds a two-layer image, pushes it and outputs the digest the registry serves', async () => {
    expect([first.exitCode, errorAnnotations(first)]).toEqual([0, []]);
    const served = await registryManifest(docker, repo, SHA);
    expect(served.status).toBe(200);
    expect(first.outputs).toEqual({
      image: `${docker.registry.host}/${repo}@${served.digest}`,
      'image-tag-uri': `${docker.registry.host}/${repo}:${SHA}`,
      digest: served.digest,
      tags: `${SHA},feature-login-4f1c2a9`,
      built: 'true',
      registry: docker.registry.host,
    });
    expect((await registryManifest(docker, repo, 'feature-login-4f1c2a9')).digest).toBe(served.digest);

    const manifest = JSON.parse(served.body) as { layers: unknown[]; config: { digest: string } };
    expect(manifest.layers).toHaveLength(2);
    // Two layers and the config, one manifest: all the repository holds.
    const stored = registryRepoContents(docker, repo);
    expect(stored.blobs).toHaveLength(3);
    expect(stored.manifests).toEqual([served.digest!.replace('sha256:', '')]);
    const config = (await registryBlob(repo, manifest.config.digest)) as {
      config: { Labels: Record<string, string> };
    };
    expect(config.config.Labels).toMatchObject({
      'app.version': '1.4.2',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.source': 'https://github.com/acme/shop',
    });
    expect(config.config.Labels['org.opencontainers.image.created']).toMatch(/^\d{4}-\d\d-\d\dT/);

    expect(first.summary).toContain(served.digest);
    expect(first.summary).toMatch(/built with docker and pushed \(repository created\)/);
    const created = sim
      .calls({ service: 'ecr', operation: 'CreateRepository' })
      .find((c) => (c.input as { repositoryName: string }).repositoryName === repo);
    expect(created?.input).toMatchObject({
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    });
    expect(Object.keys(dockerAuths(dockerConfig))).toEqual([docker.registry.host]);
    expect(first.state).toMatchObject({ 'logout-registry': docker.registry.host, 'logout-tool': 'docker' });
  });

  it('a second run builds nothing, pushes nothing and outputs the same digest', async () => {
    const imagesBefore = await daemonImages();
    const stored = registryRepoContents(docker, repo);
    const second = await action(inputs);
    expect([second.exitCode, errorAnnotations(second)]).toEqual([0, []]);
    expect(second.outputs.built).toBe('false');
    expect(second.outputs.digest).toBe(first.outputs.digest);
    expect(second.outputs.image).toBe(first.outputs.image);
    expect(await daemonImages()).toEqual(imagesBefore);
    expect(registryRepoContents(docker, repo)).toEqual(stored);
    expect(second.stdout).not.toMatch(/docker (build|push|login)/);
    expect(second.state['logout-registry']).toBeUndefined();
    expect(second.summary).toMatch(/skipped/);
  });

  it('promotes by manifest: new tag, same digest, no blob pushed', async () => {
    const stored = registryRepoContents(docker, repo);
    const imagesBefore = await daemonImages();
    const promoted = await action({
      repository: repo,
      'promote-from': SHA,
      tags: 'production\nrelease-1.4.2',
    });
    expect([promoted.exitCode, errorAnnotations(promoted)]).toEqual([0, []]);
    expect(promoted.outputs).toMatchObject({
      digest: first.outputs.digest,
      built: 'false',
      'image-tag-uri': `${docker.registry.host}/${repo}:production`,
    });
    for (const tag of ['production', 'release-1.4.2']) {
      expect((await registryManifest(docker, repo, tag)).digest).toBe(first.outputs.digest);
    }
    expect(registryRepoContents(docker, repo)).toEqual(stored);
    expect(await daemonImages()).toEqual(imagesBefore);
    expect(promoted.summary).toMatch(/promoted/);
  });

  it('the post step logs out of the registry it logged in to', async () => {
    expect(Object.keys(dockerAuths(dockerConfig))).toContain(docker.registry.host);
    const post = await action(inputs, { dockerConfig, state: first.state });
    expect([post.exitCode, errorAnnotations(post)]).toEqual([0, []]);
    expect(post.stdout).toContain(`Logged out of ${docker.registry.host}`);
    expect(dockerAuths(dockerConfig)).not.toHaveProperty(docker.registry.host);
    expect(post.wroteOutputs).toBe(false);
  });
});

describe('on the runner’s Node version', () => {
  it('builds and pushes under Node 24', async () => {
    const { stdout: node24 } = await run('npx', ['-y', '-p', 'node@24', 'node', '-p', 'process.execPath'], {
      timeout: 120_000,
    });
    const repo = unique('node24');
    const got = await action({ repository: repo, 'create-repository': 'true' }, { node: node24.trim() });
    expect([got.exitCode, errorAnnotations(got)]).toEqual([0, []]);
    expect(got.outputs.digest).toBe((await registryManifest(docker, repo, SHA)).digest);
  }, 180_000);
});

describe('build-push failures', () => {
  it('says what the registry answered when the login is refused', async () => {
    const wrong = await startSimulator({
      ecrRegistry: { url: docker.registry.url, username: 'AWS', password: `wrong-${SECRET_CANARY}` },
    });
    try {
      // No skip check: the simulator itself would hit the registry with the wrong password before the login.
      const got = await action(
        { repository: unique('login'), 'create-repository': 'true', 'skip-if-exists': 'false' },
        { simulator: wrong },
      );
      expect(got.exitCode).toBe(1);
      const [error] = errorAnnotations(got);
      expect(error?.message).toMatch(
        new RegExp(
          `^docker login to ${docker.registry.host.replace(/\./g, '\\.')} failed: the registry answered: .*401 Unauthorized`,
        ),
      );
      expect(got.state['logout-registry']).toBeUndefined();
    } finally {
      await wrong.close();
    }
  });

  it('fails with the last lines of a broken build', async () => {
    const got = await action({
      repository: unique('broken'),
      'create-repository': 'true',
      context: join(fixtures, 'broken'),
    });
    expect(got.exitCode).toBe(1);
    const [error] = errorAnnotations(got);
    expect(error?.message).toMatch(/^the image build failed \(docker exited 1\); its last lines:\n/);
    expect(error?.message).toMatch(/COPY missing\.txt \/missing\.txt/);
    expect(error?.message).toMatch(/COPY failed: .*missing\.txt/);
    expect(error!.message.split('\n').length).toBeLessThanOrEqual(21);
    // It had logged in before the build failed: the post step must still log out.
    expect(got.state['logout-registry']).toBe(docker.registry.host);
  });

  it('names the repository and the flag when the repository is missing, and creates nothing', async () => {
    const name = unique('absent');
    const got = await action({ repository: name });
    expect(got.exitCode).toBe(1);
    expect(errorAnnotations(got)).toEqual([
      {
        title: 'Input repository',
        message: expect.stringMatching(
          new RegExp(`^repository: ECR repository "${name}" does not exist.*create-repository: true`),
        ),
      },
    ]);
    expect(
      sim
        .calls({ service: 'ecr', operation: 'CreateRepository' })
        .some((c) => JSON.stringify(c.input).includes(name)),
    ).toBe(false);
  });

  it('rejects an invalid tag before any AWS call', async () => {
    const callsBefore = sim.calls().length;
    const got = await action({
      repository: unique('tags'),
      'create-repository': 'true',
      tags: 'v1\n.hidden',
    });
    expect(got.exitCode).toBe(1);
    expect(errorAnnotations(got)).toEqual([
      { title: 'Input tags', message: expect.stringMatching(/^tags: "\.hidden" is not a valid image tag/) },
    ]);
    expect(sim.calls().length).toBe(callsBefore);
  });

  it('explains an unreachable Docker daemon with how to start one', async () => {
    const got = await action(
      { repository: unique('nodaemon'), 'create-repository': 'true' },
      { env: { DOCKER_HOST: `unix://${join(tmpdir(), 'no-such-docker.sock')}` } },
    );
    expect(got.exitCode).toBe(1);
    expect(errorAnnotations(got)[0]?.message).toMatch(
      /Docker daemon is not reachable \(.*no-such-docker\.sock.*sudo systemctl start docker/,
    );
  });

  it('names the denied ECR action', async () => {
    sim.faults({ rules: [{ service: 'ecr', operation: 'CreateRepository', kind: 'access-denied' }] });
    try {
      const got = await action({ repository: unique('denied'), 'create-repository': 'true' });
      expect(got.exitCode).toBe(1);
      expect(errorAnnotations(got)[0]?.message).toMatch(/AWS denied ecr:CreateRepository/);
    } finally {
      sim.faults({ clear: true });
    }
  });
});

describe('secrets', () => {
  it('build-arg values never reach output; secret ones only as mask commands', () => {
    expect(runs.length).toBeGreaterThan(5);
    for (const r of runs) {
      const captured = [
        r.stdout,
        r.stderr,
        r.summary,
        JSON.stringify(r.outputs),
        JSON.stringify(r.state),
      ].join('\n');
      expect(captured).not.toContain(CANARY);
      const unmasked = captured
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      expect(unmasked).not.toContain(SECRET_CANARY);
      expect(unmasked).not.toContain(docker.registry.password);
    }
  });
});
