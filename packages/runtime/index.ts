/**
 * The small interfaces through which the runner, the demo and tests reach the engines. Nothing here may
 * import @actions/core or read process.env: engines receive these.
 */

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  /** Register a value that must never be printed (the runner masks it as ***). */
  mask(secret: string): void;
}

/** Time, injectable so tests and the simulator can run faster than the wall clock. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        signal?.removeEventListener('abort', done);
        clearTimeout(timer);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** A logger that keeps lines in memory: for tests and the demo's narration. */
export class MemoryLogger implements Logger {
  readonly lines: { level: 'info' | 'warning' | 'error' | 'debug'; message: string }[] = [];
  readonly secrets = new Set<string>();
  info(message: string) {
    this.lines.push({ level: 'info', message: this.redact(message) });
  }
  warning(message: string) {
    this.lines.push({ level: 'warning', message: this.redact(message) });
  }
  error(message: string) {
    this.lines.push({ level: 'error', message: this.redact(message) });
  }
  debug(message: string) {
    this.lines.push({ level: 'debug', message: this.redact(message) });
  }
  mask(secret: string) {
    if (secret) this.secrets.add(secret);
  }
  text(): string {
    return this.lines.map((l) => l.message).join('\n');
  }
  private redact(message: string): string {
    let out = message;
    for (const s of this.secrets) out = out.split(s).join('***');
    return out;
  }
}

/** What GitHub tells a step about the run, read from GITHUB_* by the runner and passed in. */
export interface GitHubRunContext {
  sha?: string;
  ref?: string;
  repository?: string;
  runId?: string;
  runAttempt?: string;
  serverUrl: string;
  actor?: string;
  workflow?: string;
  eventName?: string;
}

export function gitHubRunContext(env: Record<string, string | undefined>): GitHubRunContext {
  return {
    sha: env.GITHUB_SHA || undefined,
    ref: env.GITHUB_REF || undefined,
    repository: env.GITHUB_REPOSITORY || undefined,
    runId: env.GITHUB_RUN_ID || undefined,
    runAttempt: env.GITHUB_RUN_ATTEMPT || undefined,
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    actor: env.GITHUB_ACTOR || undefined,
    workflow: env.GITHUB_WORKFLOW || undefined,
    eventName: env.GITHUB_EVENT_NAME || undefined,
  };
}

export function runUrl(ctx: GitHubRunContext): string | undefined {
  if (!ctx.repository || !ctx.runId) return undefined;
  return `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}`;
}
