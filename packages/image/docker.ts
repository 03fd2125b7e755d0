/** Driving the container tools: daemon check, registry login/logout, build and push. */
import { UserError } from '../inputs/index.js';
import type { Logger } from '../runtime/index.js';
import { displayCommand, type BuildCommand } from './build.js';
import type { CommandResult, DockerCli, Tool } from './cli.js';

/** How many trailing output lines a build or push failure carries in its message. */
export const FAILURE_TAIL_LINES = 20;

const firstLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean) ?? '';

/** The daemon answers, or a UserError saying how to get one running. */
export async function checkDaemon(cli: DockerCli): Promise<string> {
  const got = await cli.run({ tool: 'docker', args: ['version', '--format', '{{.Server.Version}}'] });
  if (got.exitCode === 127) {
    throw new UserError(
      'builder',
      'the docker CLI is not on PATH',
      'install Docker on the runner, or use `builder: buildah` where buildah is installed',
    );
  }
  if (got.exitCode !== 0) {
    throw new UserError(
      undefined,
      `the Docker daemon is not reachable (${firstLine(got.stderr) || `docker version exited ${got.exitCode}`})`,
      'on a self-hosted runner start it (`sudo systemctl start docker`, or `sudo dockerd &`), let the runner ' +
        'user use it (`sudo usermod -aG docker <runner-user>`, then restart the runner), or point DOCKER_HOST at ' +
        'a running daemon; GitHub-hosted Ubuntu runners have it running',
    );
  }
  return got.stdout.trim();
}

/** Log in with the password on standard input: never on argv, never in a log line. */
export async function login(
  cli: DockerCli,
  tool: Tool,
  opts: { registry: string; username: string; password: string; log: Logger },
): Promise<void> {
  const got = await cli.run({
    tool,
    args: ['login', '--username', opts.username, '--password-stdin', opts.registry],
    stdin: opts.password,
  });
  if (got.exitCode !== 0) {
    const answer = (got.stderr.trim() || got.stdout.trim()).split('\n').pop() ?? '';
    throw new Error(`${tool} login to ${opts.registry} failed: the registry answered: ${answer}`);
  }
  opts.log.info(`Logged in to ${opts.registry} with ${tool}`);
}

export async function logout(cli: DockerCli, tool: Tool, registry: string, log: Logger): Promise<void> {
  const got = await cli.run({ tool, args: ['logout', registry] });
  if (got.exitCode !== 0) {
    log.warning(`${tool} logout ${registry} failed: ${firstLine(got.stderr) || `exit ${got.exitCode}`}`);
    return;
  }
  log.info(`Logged out of ${registry}`);
}

/** Run a command, streaming its output to the log and keeping the last lines for a failure message. */
async function streamed(
  cli: DockerCli,
  command: BuildCommand,
  log: Logger,
): Promise<CommandResult & { tail: string[] }> {
  const tail: string[] = [];
  const got = await cli.run({
    ...command,
    onLine: (line) => {
      log.info(line);
      if (!line.trim()) return;
      tail.push(line);
      if (tail.length > FAILURE_TAIL_LINES) tail.shift();
    },
  });
  return { ...got, tail };
}

export class ToolFailure extends Error {
  override readonly name = 'ToolFailure';
}

export async function runBuild(cli: DockerCli, command: BuildCommand, log: Logger): Promise<void> {
  log.info(displayCommand(command));
  const got = await streamed(cli, command, log);
  if (got.exitCode !== 0) {
    throw new ToolFailure(
      `the image build failed (${command.tool} exited ${got.exitCode}); its last lines:\n${got.tail.join('\n')}`,
    );
  }
}

export async function push(cli: DockerCli, tool: Tool, ref: string, log: Logger): Promise<void> {
  const command = { tool, args: ['push', ref], env: {} };
  log.info(displayCommand(command));
  const got = await streamed(cli, command, log);
  if (got.exitCode !== 0) {
    throw new ToolFailure(`pushing ${ref} failed (${tool} exited ${got.exitCode}):\n${got.tail.join('\n')}`);
  }
}
