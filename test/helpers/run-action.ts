/**
 * Run a bundled action the way the GitHub runner does: `node dist/<name>/index.js` as its own process, inputs
 * as INPUT_* variables, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files to read back.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assertNoDenials, bindActionPolicy, denialsOf } from './iam-policies.js';
import type { PolicyDocument } from '../../packages/simulator/index.js';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Whether the action wrote anything to GITHUB_OUTPUT at all. */
  wroteOutputs: boolean;
  state: Record<string, string>;
  dir: string;
  durationMs: number;
  /** With `signalAfter`: ms from the first signal to the process's exit (undefined: never signalled). */
  exitedAfterSignalMs?: number;
}

/** A signal (or a sequence of them, as the runner sends on a cancel) once stdout matches a pattern. */
export interface SignalAfter {
  pattern: RegExp;
  signal: NodeJS.Signals;
  /** More signals, each `afterMs` after the one before (e.g. SIGTERM 7.5 s after SIGINT). */
  then?: { afterMs: number; signal: NodeJS.Signals }[];
}

export interface RunOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string | undefined>;
  /** Working directory; defaults to a fresh temp dir (also GITHUB_WORKSPACE). */
  cwd?: string;
  /** Run the post step: sets STATE_* from a previous run's state, as the runner does. */
  state?: Record<string, string>;
  timeoutMs?: number;
  /** Alternative bundle root (defaults to E2E_DIST_ROOT when set: bundles built elsewhere; else dist/). */
  distRoot?: string;
  /** Node binary to run with (e.g. a Node 24 binary). */
  node?: string;
  /** Which entry: the main step (dist/<name>/index.js) or the post step (dist/<name>/post/index.js). */
  stage?: 'main' | 'post';
  /** Cancel the step the way the runner does: send signals once stdout shows it got somewhere. */
  signalAfter?: SignalAfter;
  /** Changes the action's documented IAM policy for this run (e.g. removes a permission); see iam-policies.ts. */
  iamPolicy?: (policy: PolicyDocument) => PolicyDocument;
}

/** Parse the GITHUB_OUTPUT / GITHUB_STATE file format (`name<<delim` blocks, or `name=value` lines). */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]),
  );
}

export async function runBundledAction(name: string, opts: RunOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), `run-${name}-`));
  const files = { output: join(dir, 'output'), summary: join(dir, 'summary'), state: join(dir, 'state') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const cwd = opts.cwd ?? dir;
  // A clean environment: nothing from the test runner (credentials, endpoints) leaks into the action.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_WORKSPACE: cwd,
    RUNNER_TEMP: dir,
    ...inputEnv(opts.inputs ?? {}),
    ...Object.fromEntries(Object.entries(opts.state ?? {}).map(([k, v]) => [`STATE_${k}`, v])),
  };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  // Against the simulator, the action signs with a key bound to its documented IAM policy.
  const binding = await bindActionPolicy(name, opts.inputs ?? {}, env, cwd, opts.iamPolicy);
  const bundle = join(opts.distRoot ?? (process.env.E2E_DIST_ROOT || join(repoRoot, 'dist')), name);
  const entry = opts.stage === 'post' ? join(bundle, 'post', 'index.js') : join(bundle, 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run npm run package`);
  const started = Date.now();
  const child = spawn(opts.node ?? process.execPath, [entry], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalledAt: number | undefined;
  const signalTimers: NodeJS.Timeout[] = [];
  const signalAfter = opts.signalAfter;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (!signalAfter || signalledAt !== undefined || !signalAfter.pattern.test(stdout)) return;
    signalledAt = Date.now();
    child.kill(signalAfter.signal);
    let at = 0;
    for (const next of signalAfter.then ?? []) {
      at += next.afterMs;
      signalTimers.push(setTimeout(() => child.kill(next.signal), at));
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  const exitCode = await new Promise<number | null>((res) => child.on('close', (code) => res(code)));
  const exitedAt = Date.now();
  clearTimeout(timer);
  for (const t of signalTimers) clearTimeout(t);
  // Under the unchanged documented policy, any denial is a gap in the policy (or the harness) to fix.
  if (binding && !opts.iamPolicy) assertNoDenials(name, await denialsOf(binding, env));
  const outputText = readFileSync(files.output, 'utf8');
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseCommandFile(outputText),
    wroteOutputs: outputText.length > 0,
    summary: readFileSync(files.summary, 'utf8'),
    state: parseCommandFile(readFileSync(files.state, 'utf8')),
    dir,
    durationMs: Date.now() - started,
    ...(signalledAt !== undefined ? { exitedAfterSignalMs: exitedAt - signalledAt } : {}),
  };
}

/** The `::error title=…::message` annotations a run printed. */
export function errorAnnotations(run: Pick<ActionRun, 'stdout'>): { title: string; message: string }[] {
  return [...run.stdout.matchAll(/^::error(?: title=([^:]*))?::(.*)$/gm)].map((m) => ({
    title: decodeURIComponent((m[1] ?? '').replace(/%2C/g, ',')),
    message: m[2]!.replace(/%0A/g, '\n').replace(/%25/g, '%'),
  }));
}
