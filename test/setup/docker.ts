/**
 * The private Docker engine and loopback registry of scripts/ci/docker.sh, for tests and benches that need
 * real ones. `startDocker()` starts them when they are not running (installing Debian packages on a fresh
 * machine), so `npm test` works anywhere the script can; when it cannot, it throws with instructions rather
 * than letting a test skip.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MANIFEST_MEDIA_TYPES } from '../../packages/ecr/index.js';
import { repoRoot } from '../helpers/run-action.js';

const run = promisify(execFile);

export interface DockerEnv {
  /** unix:///…/docker.sock of the private engine. */
  dockerHost: string;
  registry: {
    /** http://127.0.0.1:PORT */
    url: string;
    /** 127.0.0.1:PORT, as image references spell it. */
    host: string;
    username: string;
    password: string;
    /** The registry's storage directory. */
    storage: string;
  };
}

export const dockerScript = join(repoRoot, 'scripts', 'ci', 'docker.sh');

export async function startDocker(): Promise<DockerEnv> {
  let stdout: string;
  try {
    ({ stdout } = await run('bash', [dockerScript, 'start'], { timeout: 600_000 }));
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(
      `The Docker engine and registry for these tests could not be started:\n${e.stderr ?? e.message}\n` +
        `Start them by hand with \`bash scripts/ci/docker.sh start\` (as root: it installs docker.io, ` +
        `docker-registry and apache2-utils when missing), then run the tests again.`,
    );
  }
  const vars = Object.fromEntries(
    [...stdout.matchAll(/^export ([A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as const),
  );
  const url = vars.ECR_REGISTRY_URL!;
  return {
    dockerHost: vars.DOCKER_HOST!,
    registry: {
      url,
      host: url.replace(/^https?:\/\//, ''),
      username: vars.ECR_REGISTRY_USER!,
      password: vars.ECR_REGISTRY_PASSWORD!,
      storage: vars.ECR_REGISTRY_STORAGE!,
    },
  };
}

/**
 * What the registry holds for one repository, read from its storage: the blobs linked to it (layers and
 * configs) and its manifest revisions, by digest. Per repository, so other tests writing elsewhere in the
 * same registry do not disturb the count.
 */
export function registryRepoContents(
  docker: DockerEnv,
  repo: string,
): { blobs: string[]; manifests: string[] } {
  const base = join(docker.registry.storage, 'docker', 'registry', 'v2', 'repositories', repo);
  const digests = (dir: string) => {
    try {
      return readdirSync(join(base, dir)).sort();
    } catch {
      return [];
    }
  };
  return { blobs: digests('_layers/sha256'), manifests: digests('_manifests/revisions/sha256') };
}

/** GET/HEAD a manifest the way a client does: with the Accept header for every manifest type. */
export async function registryManifest(
  docker: DockerEnv,
  repo: string,
  reference: string,
): Promise<{ status: number; digest: string | null; mediaType: string | null; body: string }> {
  const res = await fetch(`${docker.registry.url}/v2/${repo}/manifests/${reference}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${docker.registry.username}:${docker.registry.password}`).toString('base64')}`,
      accept: MANIFEST_MEDIA_TYPES.join(', '),
    },
  });
  return {
    status: res.status,
    digest: res.headers.get('docker-content-digest'),
    mediaType: res.headers.get('content-type'),
    body: await res.text(),
  };
}
