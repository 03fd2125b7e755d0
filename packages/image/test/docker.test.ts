/**
 * The real CLI runner and the docker helpers against the private engine and registry of scripts/ci/docker.sh:
 * daemon check, login with the password on stdin, logout, and what a refused login says.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '../../runtime/index.js';
import { checkDaemon, login, logout, spawnCli, type DockerCli } from '../index.js';
import { startDocker, type DockerEnv } from '../../../test/setup/docker.js';

let docker: DockerEnv;
let configDir: string;
let cli: DockerCli;

beforeAll(async () => {
  docker = await startDocker();
  configDir = mkdtempSync(join(tmpdir(), 'docker-config-'));
  cli = spawnCli({
    PATH: process.env.PATH,
    HOME: configDir,
    DOCKER_HOST: docker.dockerHost,
    DOCKER_CONFIG: configDir,
  });
}, 600_000);

const auths = () =>
  (JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { auths: Record<string, unknown> })
    .auths;

describe('spawnCli', () => {
  it('streams output lines and reports the exit code', async () => {
    const lines: string[] = [];
    const got = await cli.run({
      tool: 'docker',
      args: ['version', '--format', '{{.Server.Version}}\nend'],
      onLine: (l) => lines.push(l),
    });
    expect(got.exitCode).toBe(0);
    expect(lines).toEqual([got.stdout.split('\n')[0], 'end']);
  });

  it('answers 127 for a tool that is not on PATH', async () => {
    const got = await spawnCli({ PATH: '/nonexistent' }).run({ tool: 'buildah', args: ['--version'] });
    expect(got.exitCode).toBe(127);
  });
});

describe('docker helpers on a real engine', () => {
  it('reports the daemon version, and how to start one when it is unreachable', async () => {
    expect(await checkDaemon(cli)).toMatch(/^\d+\.\d+/);
    const nowhere = spawnCli({
      PATH: process.env.PATH,
      DOCKER_HOST: `unix://${join(configDir, 'none.sock')}`,
    });
    await expect(checkDaemon(nowhere)).rejects.toThrow(
      /Docker daemon is not reachable \(.*none\.sock.*systemctl start docker/,
    );
  });

  it('logs in with the password on stdin and out again', async () => {
    const log = new MemoryLogger();
    await login(cli, 'docker', {
      registry: docker.registry.host,
      username: 'AWS',
      password: docker.registry.password,
      log,
    });
    expect(Object.keys(auths())).toEqual([docker.registry.host]);
    await logout(cli, 'docker', docker.registry.host, log);
    expect(auths()).toEqual({});
    expect(log.text()).toContain(`Logged out of ${docker.registry.host}`);
  });

  it('says what the registry answered to a wrong password', async () => {
    await expect(
      login(cli, 'docker', {
        registry: docker.registry.host,
        username: 'AWS',
        password: 'wrong',
        log: new MemoryLogger(),
      }),
    ).rejects.toThrow(
      new RegExp(
        `^docker login to ${docker.registry.host} failed: the registry answered: .*401 Unauthorized`,
      ),
    );
  });
});
