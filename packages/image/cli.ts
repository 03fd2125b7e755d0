/**
 * The one way the image code runs external tools (docker, buildah): a small interface so unit tests can check
 * argv, stdin and environment without spawning, and a real implementation for the action and end-to-end tests.
 */
import { spawn } from 'node:child_process';

export type Tool = 'docker' | 'buildah';

export interface CommandRun {
  tool: Tool;
  args: string[];
  /** Written to the tool's standard input, then closed (e.g. a password for `--password-stdin`). */
  stdin?: string;
  /** Added to the tool's environment (build-arg values travel here, never on argv). */
  env?: Record<string, string>;
  /** Called with each line of output (stdout and stderr) as it arrives. */
  onLine?: (line: string) => void;
}

export interface CommandResult {
  /** The exit code; 127 when the tool is not on PATH. */
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface DockerCli {
  run(command: CommandRun): Promise<CommandResult>;
}

/** Runs tools for real, with `baseEnv` (the runner's environment, incl. DOCKER_HOST / DOCKER_CONFIG) underneath. */
export function spawnCli(baseEnv: Record<string, string | undefined>): DockerCli {
  return {
    run: ({ tool, args, stdin, env, onLine }) =>
      new Promise((resolve) => {
        const child = spawn(tool, args, {
          env: { ...baseEnv, ...env },
          stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        });
        const out = { stdout: '', stderr: '' };
        const partial = { stdout: '', stderr: '' };
        for (const name of ['stdout', 'stderr'] as const) {
          const stream = child[name]!;
          stream.setEncoding('utf8');
          stream.on('data', (text: string) => {
            out[name] += text;
            if (!onLine) return;
            const parts = (partial[name] + text).split(/\r?\n|\r/);
            partial[name] = parts.pop() ?? '';
            for (const line of parts) onLine(line);
          });
        }
        if (stdin !== undefined) {
          child.stdin?.on('error', () => undefined);
          child.stdin?.end(stdin);
        }
        child.on('error', (err: NodeJS.ErrnoException) => {
          resolve({
            exitCode: err.code === 'ENOENT' ? 127 : 1,
            stdout: out.stdout,
            stderr: `${tool}: ${err.message}`,
          });
        });
        child.on('close', (code, signal) => {
          // A last line without a newline still reaches onLine.
          for (const rest of [partial.stdout, partial.stderr]) if (rest && onLine) onLine(rest);
          resolve({
            exitCode: code ?? 1,
            stdout: out.stdout,
            stderr: signal ? `${out.stderr}${tool} was stopped by ${signal}` : out.stderr,
          });
        });
      }),
  };
}
