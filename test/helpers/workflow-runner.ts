/**
 * Runs a reusable workflow (`on: workflow_call`) the way GitHub would for one caller: the caller's `with:` as
 * typed inputs, jobs in `needs` order with their `if:`, steps with their `if:`, each of our actions as its
 * bundle process (test/helpers/run-action.ts) with the inputs the runner would pass (action.yml defaults
 * included), post steps at the end of the job, and job and workflow outputs.
 *
 * Expressions are evaluated strictly: a context, input, step, job or output the workflow does not declare, an
 * unknown function or syntax the evaluator does not know throws, so a typo fails the test instead of
 * becoming an empty string. Third-party steps run only when the caller names them in `thirdParty`.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot, runBundledAction, type ActionRun } from './run-action.js';

export type Value = string | number | boolean | null | { [k: string]: Value } | Value[];

export class WorkflowError extends Error {}

// ---------- expressions ----------

type Token =
  { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let v = '';
      for (i++; ; i++) {
        if (i >= src.length) throw new WorkflowError(`unterminated string in \`${src}\``);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            v += "'";
            i++;
            continue;
          }
          i++;
          break;
        }
        v += src[i];
      }
      out.push({ t: 'str', v });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else {
      const op = ['==', '!=', '&&', '||', '<=', '>='].find((o) => src.startsWith(o, i)) ?? c;
      if (!['==', '!=', '&&', '||', '!', '(', ')', '.', ',', '[', ']'].includes(op))
        throw new WorkflowError(`the evaluator does not know \`${op}\` in \`${src}\``);
      out.push({ t: 'op', v: op });
      i += op.length;
    }
  }
  return out;
}

/** What an expression can see. Context roots resolve through `context`, which throws on anything undeclared. */
export interface ExpressionScope {
  context(root: string, path: string[]): Value;
  /** Status functions: success(), failure(), always(), cancelled(). */
  status(name: 'success' | 'failure' | 'always' | 'cancelled'): boolean;
}

const truthy = (v: Value) => !(v === '' || v === 0 || v === false || v === null || Number.isNaN(v));

export function toText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function toNumber(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return NaN;
}

/** GitHub's loose equality: same types compare directly (strings case-insensitively), else as numbers. */
function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b && typeof a !== 'object') return a === b;
  if (a === null || b === null) return a === b || toNumber(a) === toNumber(b);
  return toNumber(a) === toNumber(b);
}

export function evaluate(src: string, scope: ExpressionScope): Value {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => peek()?.t === 'op' && peek()!.v === v;
  const expectOp = (v: string) => {
    if (!isOp(v)) throw new WorkflowError(`expected \`${v}\` in \`${src}\``);
    pos++;
  };

  function or(): Value {
    let left = and();
    while (isOp('||')) {
      pos++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }
  function and(): Value {
    let left = comparison();
    while (isOp('&&')) {
      pos++;
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  }
  function comparison(): Value {
    const left = unary();
    if (isOp('==') || isOp('!=')) {
      const op = tokens[pos++]!.v;
      const right = unary();
      return op === '==' ? equal(left, right) : !equal(left, right);
    }
    return left;
  }
  function unary(): Value {
    if (isOp('!')) {
      pos++;
      return !truthy(unary());
    }
    return primary();
  }
  function primary(): Value {
    const tok = tokens[pos++];
    if (!tok) throw new WorkflowError(`unexpected end of \`${src}\``);
    if (tok.t === 'str' || tok.t === 'num') return tok.v;
    if (tok.t === 'op' && tok.v === '(') {
      const v = or();
      expectOp(')');
      return v;
    }
    if (tok.t !== 'id') throw new WorkflowError(`unexpected \`${tok.v}\` in \`${src}\``);
    if (tok.v === 'true' || tok.v === 'false') return tok.v === 'true';
    if (tok.v === 'null') return null;
    if (isOp('(')) return call(tok.v);
    const path: string[] = [];
    for (;;) {
      if (isOp('.')) {
        pos++;
        const name = tokens[pos++];
        if (name?.t !== 'id') throw new WorkflowError(`expected a property name in \`${src}\``);
        path.push(name.v);
      } else if (isOp('[')) {
        pos++;
        const key = tokens[pos++];
        if (key?.t !== 'str' && key?.t !== 'num') throw new WorkflowError(`only literal indexes: \`${src}\``);
        path.push(String(key.v));
        expectOp(']');
      } else break;
    }
    return scope.context(tok.v, path);
  }
  function call(name: string): Value {
    expectOp('(');
    const args: Value[] = [];
    while (!isOp(')')) {
      args.push(or());
      if (!isOp(')')) expectOp(',');
    }
    pos++;
    switch (name) {
      case 'success':
      case 'failure':
      case 'always':
      case 'cancelled':
        if (args.length) throw new WorkflowError(`${name}() takes no arguments`);
        return scope.status(name);
      case 'contains': {
        const [hay, needle] = args as [Value, Value];
        if (Array.isArray(hay)) return hay.some((v) => equal(v, needle));
        return toText(hay).toLowerCase().includes(toText(needle).toLowerCase());
      }
      case 'startsWith':
        return toText(args[0]!).toLowerCase().startsWith(toText(args[1]!).toLowerCase());
      default:
        throw new WorkflowError(`the evaluator does not know the function ${name}() in \`${src}\``);
    }
  }

  const value = or();
  if (pos !== tokens.length) throw new WorkflowError(`unexpected \`${tokens[pos]!.v}\` in \`${src}\``);
  return value;
}

/** A YAML value with `${{ }}` in it: a lone expression keeps its type, text around expressions makes a string. */
export function interpolate(raw: unknown, scope: ExpressionScope): Value {
  if (typeof raw !== 'string') return raw as Value;
  const lone = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(raw);
  if (lone && !lone[1]!.includes('}}')) return evaluate(lone[1]!, scope);
  return raw.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => toText(evaluate(expr, scope)));
}

/** An `if:` condition: with or without `${{ }}`. */
export function condition(raw: unknown, scope: ExpressionScope): boolean {
  if (raw === undefined) return scope.status('success');
  if (typeof raw === 'boolean') return raw && scope.status('success');
  if (typeof raw !== 'string') throw new WorkflowError(`if: ${JSON.stringify(raw)} is not a condition`);
  const text = raw.trim();
  const value = /^\$\{\{[\s\S]*\}\}$/.test(text) ? interpolate(text, scope) : evaluate(text, scope);
  // GitHub adds success() to a condition that calls no status function.
  const usesStatus = /\b(success|failure|always|cancelled)\s*\(/.test(text);
  return truthy(value) && (usesStatus || scope.status('success'));
}

// ---------- workflow model ----------

interface ActionYml {
  inputs?: Record<string, { default?: unknown; required?: boolean }>;
  outputs?: Record<string, unknown>;
  runs: { using: string; main: string; post?: string };
}

interface StepYml {
  id?: string;
  name?: string;
  if?: unknown;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  'continue-on-error'?: unknown;
}

interface JobYml {
  needs?: string | string[];
  if?: unknown;
  permissions?: Record<string, string> | string;
  environment?: unknown;
  concurrency?: { group: string; 'cancel-in-progress'?: unknown } | string;
  outputs?: Record<string, string>;
  steps: StepYml[];
  strategy?: unknown;
  env?: unknown;
  uses?: string;
}

interface WorkflowYml {
  on: { workflow_call: WorkflowCall };
  permissions?: Record<string, string>;
  jobs: Record<string, JobYml>;
  env?: unknown;
}

interface WorkflowCall {
  inputs?: Record<string, { type: 'string' | 'boolean' | 'number'; required?: boolean; default?: unknown }>;
  outputs?: Record<string, { value: string }>;
  secrets?: Record<string, unknown>;
}

export interface StepResult {
  id?: string;
  uses: string;
  /** `skipped` when its `if:` was false. */
  outcome: 'success' | 'failure' | 'skipped';
  with: Record<string, string>;
  outputs: Record<string, string>;
  run?: ActionRun;
  post?: ActionRun;
}

export interface JobResult {
  result: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  steps: StepResult[];
  permissions: Record<string, string>;
  concurrency?: { group: string; cancelInProgress: boolean };
  environment?: string;
  runnerTemp?: string;
  workspace?: string;
}

export interface WorkflowRun {
  jobs: Record<string, JobResult>;
  outputs: Record<string, string>;
  /** Jobs in the order they ran (skipped ones included). */
  order: string[];
}

/** What a third-party step does here, by `owner/repo` (the ref is checked to be a full commit SHA). */
export type ThirdPartyStep = (step: {
  with: Record<string, string>;
  job: string;
  workspace: string;
  runnerTemp: string;
}) => Promise<void> | void;

export interface WorkflowRunOptions {
  /** Path of the reusable workflow, relative to the repository root. */
  workflow: string;
  /** The caller's `with:`. */
  with: Record<string, unknown>;
  /** The caller's `permissions:`: a job asking for more fails, as GitHub refuses such a run. */
  callerPermissions: Record<string, string>;
  /** The `github` context (sha, ref, token, …). Anything else read from it fails. */
  github: Record<string, Value>;
  /** Environment for our actions' processes (simulator, Docker engine, GITHUB_*). */
  env: Record<string, string>;
  thirdParty: Record<string, ThirdPartyStep>;
  timeoutMs?: number;
}

const OUR_ACTION =
  /^(?:\.\/actions\/([a-z-]+)|[A-Za-z0-9-]+\/ecs-deploy-actions\/actions\/([a-z-]+)@[\w.-]+)$/;
const PERMISSION_LEVEL = { none: 0, read: 1, write: 2 } as const;

function actionYml(name: string): ActionYml {
  const path = join(repoRoot, 'actions', name, 'action.yml');
  if (!existsSync(path)) throw new WorkflowError(`no action ${name} (${path})`);
  return parse(readFileSync(path, 'utf8')) as ActionYml;
}

function typedInput(name: string, decl: { type: string }, value: unknown): Value {
  if (decl.type === 'boolean') {
    if (typeof value === 'boolean') return value;
    throw new WorkflowError(`input ${name} is a boolean; the caller passed ${JSON.stringify(value)}`);
  }
  if (decl.type === 'number') {
    if (typeof value === 'number') return value;
    throw new WorkflowError(`input ${name} is a number; the caller passed ${JSON.stringify(value)}`);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new WorkflowError(`input ${name} is a string; the caller passed ${JSON.stringify(value)}`);
}

export function loadWorkflow(path: string): WorkflowYml {
  const wf = parse(readFileSync(join(repoRoot, path), 'utf8')) as WorkflowYml;
  if (!wf?.on?.workflow_call)
    throw new WorkflowError(`${path} is not a reusable workflow (on: workflow_call)`);
  return wf;
}

function needsOf(job: JobYml): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

export async function runWorkflow(opts: WorkflowRunOptions): Promise<WorkflowRun> {
  const wf = loadWorkflow(opts.workflow);
  const call = wf.on.workflow_call;
  if (wf.env !== undefined) throw new WorkflowError('workflow-level env: is not supported here');
  if (call.secrets) throw new WorkflowError('workflow_call secrets are not supported here');

  // Inputs, typed, as GitHub gives them to `inputs.*`.
  const declared = call.inputs ?? {};
  for (const name of Object.keys(opts.with))
    if (!(name in declared))
      throw new WorkflowError(`the caller passes input ${name}, which the workflow does not declare`);
  const inputs: Record<string, Value> = {};
  for (const [name, decl] of Object.entries(declared)) {
    if (name in opts.with) inputs[name] = typedInput(name, decl, opts.with[name]);
    else if (decl.required) throw new WorkflowError(`required input ${name} is not passed by the caller`);
    else if (decl.default !== undefined) inputs[name] = typedInput(name, decl, decl.default);
    else inputs[name] = decl.type === 'boolean' ? false : decl.type === 'number' ? 0 : '';
  }

  const github = (path: string[]): Value => {
    let v: Value = opts.github;
    for (const key of path) {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || !(key in v))
        throw new WorkflowError(`github.${path.join('.')} is not in the test's github context`);
      v = v[key]!;
    }
    return v;
  };
  const inputOf = (path: string[]): Value => {
    if (path.length !== 1 || !(path[0]! in inputs))
      throw new WorkflowError(`inputs.${path.join('.')} is not a declared input`);
    return inputs[path[0]!]!;
  };

  const results: Record<string, JobResult> = {};
  const order: string[] = [];
  const pending = new Set(Object.keys(wf.jobs));
  while (pending.size) {
    const ready = [...pending].find((id) => needsOf(wf.jobs[id]!).every((n) => n in results));
    if (!ready)
      throw new WorkflowError(`jobs ${[...pending].join(', ')} wait on each other or on unknown jobs`);
    pending.delete(ready);
    order.push(ready);
    results[ready] = await runJob(ready, wf.jobs[ready]!);
  }

  const outputs: Record<string, string> = {};
  const workflowScope: ExpressionScope = {
    context(root, path) {
      if (root === 'inputs') return inputOf(path);
      if (root === 'jobs') {
        const [job, kind, name] = path;
        const result = job !== undefined ? results[job] : undefined;
        if (!result) throw new WorkflowError(`jobs.${job} is not a job of the workflow`);
        if (kind === 'result' && path.length === 2) return result.result;
        if (kind !== 'outputs' || path.length !== 3 || !(name! in (wf.jobs[job!]!.outputs ?? {})))
          throw new WorkflowError(`jobs.${path.join('.')} is not a declared job output`);
        return result.outputs[name!] ?? '';
      }
      throw new WorkflowError(`${root} is not available in workflow outputs`);
    },
    status: () => {
      throw new WorkflowError('status functions are not available in workflow outputs');
    },
  };
  for (const [name, decl] of Object.entries(call.outputs ?? {}))
    outputs[name] = toText(interpolate(decl.value, workflowScope));
  return { jobs: results, outputs, order };

  async function runJob(id: string, job: JobYml): Promise<JobResult> {
    if (job.strategy !== undefined || job.env !== undefined || job.uses !== undefined)
      throw new WorkflowError(`job ${id}: strategy, env and uses are not supported here`);
    const needs = needsOf(job);
    const permissions = jobPermissions(id, job);
    const needsContext = (path: string[]): Value => {
      const [dep, kind, name] = path;
      if (dep === undefined || !needs.includes(dep))
        throw new WorkflowError(`job ${id} reads needs.${path.join('.')} but does not need ${dep}`);
      if (kind === 'result' && path.length === 2) return results[dep]!.result;
      if (kind !== 'outputs' || path.length !== 3 || !(name! in (wf.jobs[dep]!.outputs ?? {})))
        throw new WorkflowError(`needs.${path.join('.')} is not a declared output of job ${dep}`);
      return results[dep]!.outputs[name!] ?? '';
    };
    const jobScope: ExpressionScope = {
      context(root, path) {
        if (root === 'inputs') return inputOf(path);
        if (root === 'github') return github(path);
        if (root === 'needs') return needsContext(path);
        throw new WorkflowError(`job ${id}: ${root}.${path.join('.')} is not available at job level`);
      },
      status(name) {
        const failed = needs.some((n) => results[n]!.result !== 'success');
        return name === 'always'
          ? true
          : name === 'cancelled'
            ? false
            : name === 'failure'
              ? failed
              : !failed;
      },
    };
    if (!condition(job.if, jobScope)) return { result: 'skipped', outputs: {}, steps: [], permissions };

    const concurrency =
      job.concurrency === undefined
        ? undefined
        : typeof job.concurrency === 'string'
          ? { group: toText(interpolate(job.concurrency, jobScope)), cancelInProgress: false }
          : {
              group: toText(interpolate(job.concurrency.group, jobScope)),
              cancelInProgress: truthy(interpolate(job.concurrency['cancel-in-progress'] ?? false, jobScope)),
            };
    const environment =
      job.environment === undefined ? undefined : toText(interpolate(job.environment, jobScope));

    // A fresh runner per job: its own workspace (empty until checked out) and RUNNER_TEMP.
    const workspace = mkdtempSync(join(tmpdir(), `wf-${id}-workspace-`));
    const runnerTemp = mkdtempSync(join(tmpdir(), `wf-${id}-temp-`));
    const declaredIds = job.steps.map((s) => s.id).filter((s): s is string => !!s);
    const steps: StepResult[] = [];
    const byId: Record<string, StepResult> = {};
    let failed = false;
    const posts: { name: string; stage: 'main' | 'post'; step: StepResult }[] = [];

    for (const [index, step] of job.steps.entries()) {
      const label = `job ${id}, step ${step.id ?? step.name ?? index + 1}`;
      if (step.run !== undefined) throw new WorkflowError(`${label}: run: steps are not supported here`);
      if (step.env !== undefined || step['continue-on-error'] !== undefined)
        throw new WorkflowError(`${label}: env and continue-on-error are not supported here`);
      if (!step.uses) throw new WorkflowError(`${label} has neither uses nor run`);
      const stepsSoFar = new Set(steps.map((s) => s.id).filter(Boolean));
      const stepScope: ExpressionScope = {
        context(root, path) {
          if (root === 'inputs') return inputOf(path);
          if (root === 'github') return github(path);
          if (root === 'needs') return needsContext(path);
          if (root === 'runner') {
            if (path.length === 1 && path[0] === 'temp') return runnerTemp;
            if (path.length === 1 && path[0] === 'os') return 'Linux';
            throw new WorkflowError(`runner.${path.join('.')} is not available here`);
          }
          if (root === 'steps') {
            const [sid, kind, name] = path;
            if (sid === undefined || !declaredIds.includes(sid))
              throw new WorkflowError(`${label} reads steps.${path.join('.')}: no step has id ${sid}`);
            if (!stepsSoFar.has(sid))
              throw new WorkflowError(`${label} reads steps.${path.join('.')}: step ${sid} runs later`);
            const target = byId[sid]!;
            if ((kind === 'outcome' || kind === 'conclusion') && path.length === 2) return target.outcome;
            const known = outputsDeclared(target.uses);
            if (kind !== 'outputs' || path.length !== 3 || !known.includes(name!))
              throw new WorkflowError(
                `${label} reads steps.${path.join('.')}, which ${target.uses} does not output`,
              );
            return target.outputs[name!] ?? '';
          }
          throw new WorkflowError(`${label}: ${root}.${path.join('.')} is not a context the evaluator knows`);
        },
        status(name) {
          return name === 'always'
            ? true
            : name === 'cancelled'
              ? false
              : name === 'failure'
                ? failed
                : !failed;
        },
      };
      const withValues = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([k, v]) => [k, toText(interpolate(v, stepScope))]),
      );
      const result: StepResult = {
        ...(step.id ? { id: step.id } : {}),
        uses: step.uses,
        outcome: 'skipped',
        with: withValues,
        outputs: {},
      };
      steps.push(result);
      if (step.id) byId[step.id] = result;
      if (!condition(step.if, stepScope)) continue;

      const ours = OUR_ACTION.exec(step.uses);
      if (ours) {
        const name = (ours[1] ?? ours[2])!;
        const yml = actionYml(name);
        for (const key of Object.keys(withValues))
          if (!(key in (yml.inputs ?? {}))) throw new WorkflowError(`${label}: ${name} has no input ${key}`);
        // The runner passes every input: given ones, else action.yml defaults (expressions evaluated).
        const actionInputs: Record<string, string> = {};
        for (const [key, decl] of Object.entries(yml.inputs ?? {})) {
          if (key in withValues) actionInputs[key] = withValues[key]!;
          else if (decl.default !== undefined)
            actionInputs[key] = toText(interpolate(decl.default, stepScope));
        }
        result.run = await runBundledAction(name, {
          inputs: actionInputs,
          cwd: workspace,
          env: { ...opts.env, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp, GITHUB_JOB: id },
          timeoutMs: opts.timeoutMs ?? 180_000,
        });
        result.outputs = result.run.outputs;
        result.outcome = result.run.exitCode === 0 ? 'success' : 'failure';
        if (yml.runs.post)
          posts.unshift({ name, stage: yml.runs.post === yml.runs.main ? 'main' : 'post', step: result });
      } else {
        const [target, ref] = step.uses.split('@') as [string, string | undefined];
        if (!ref || !/^[0-9a-f]{40}$/.test(ref))
          throw new WorkflowError(`${label}: ${step.uses} is not pinned by a full commit SHA`);
        const run = opts.thirdParty[target];
        if (!run) throw new WorkflowError(`${label}: the test does not know what ${target} does`);
        try {
          await run({ with: withValues, job: id, workspace, runnerTemp });
          result.outcome = 'success';
        } catch (err) {
          if (err instanceof WorkflowError) throw err;
          result.outcome = 'failure';
        }
      }
      if (result.outcome === 'failure') failed = true;
    }

    // Post steps, last first, with the state their main step saved (post-if: always()).
    // A post that is the main entry again tells itself apart by the state it saved (isPost).
    for (const { name, stage, step } of posts) {
      step.post = await runBundledAction(name, {
        stage,
        state: step.run!.state,
        cwd: workspace,
        env: { ...opts.env, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp, GITHUB_JOB: id },
        timeoutMs: opts.timeoutMs ?? 180_000,
      });
      if (step.post.exitCode !== 0) failed = true;
    }

    const outputScope: ExpressionScope = {
      context(root, path) {
        if (root === 'steps') {
          const [sid, kind, name] = path;
          const target = sid !== undefined ? byId[sid] : undefined;
          if (!target) throw new WorkflowError(`job ${id} outputs read steps.${sid}, which is not a step id`);
          if (kind !== 'outputs' || path.length !== 3 || !outputsDeclared(target.uses).includes(name!))
            throw new WorkflowError(`job ${id} outputs read steps.${path.join('.')}, which is not an output`);
          return target.outputs[name!] ?? '';
        }
        if (root === 'inputs') return inputOf(path);
        throw new WorkflowError(`job ${id} outputs read ${root}, which the evaluator does not offer there`);
      },
      status: () => {
        throw new WorkflowError('status functions are not available in job outputs');
      },
    };
    const outputs = Object.fromEntries(
      Object.entries(job.outputs ?? {}).map(([k, v]) => [k, toText(interpolate(v, outputScope))]),
    );
    return {
      result: failed ? 'failure' : 'success',
      outputs,
      steps,
      permissions,
      ...(concurrency ? { concurrency } : {}),
      ...(environment !== undefined ? { environment } : {}),
      runnerTemp,
      workspace,
    };
  }

  function jobPermissions(id: string, job: JobYml): Record<string, string> {
    const asked = job.permissions ?? wf.permissions ?? {};
    if (typeof asked === 'string') throw new WorkflowError(`job ${id}: permissions: ${asked} is too broad`);
    for (const [scope, level] of Object.entries(asked)) {
      const allowed = opts.callerPermissions[scope] ?? 'none';
      const rank = (l: string) => PERMISSION_LEVEL[l as keyof typeof PERMISSION_LEVEL] ?? Infinity;
      if (rank(level) > rank(allowed))
        throw new WorkflowError(
          `job ${id} asks for ${scope}: ${level}, the caller allows only ${scope}: ${allowed} (GitHub refuses the run)`,
        );
    }
    return asked;
  }
}

function outputsDeclared(uses: string): string[] {
  const ours = OUR_ACTION.exec(uses);
  return ours ? Object.keys(actionYml((ours[1] ?? ours[2])!).outputs ?? {}) : [];
}

/** An artifact store for actions/upload-artifact and actions/download-artifact within one workflow run. */
export function artifactStore(): { upload: ThirdPartyStep; download: ThirdPartyStep; names(): string[] } {
  const root = mkdtempSync(join(tmpdir(), 'wf-artifacts-'));
  const stored = new Set<string>();
  return {
    // The files named (one a line, blank lines and `#` comments skipped, as @actions/glob reads them). Here
    // they share a directory, so the artifact is flat, as upload-artifact makes it (paths relative to their
    // common ancestor).
    upload({ with: w }) {
      const paths = (w.path ?? '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));
      if (paths.some((p) => /[*?[]/.test(p)))
        throw new WorkflowError('upload-artifact globs are not emulated');
      const dirs = new Set(paths.map((p) => p.slice(0, p.lastIndexOf('/'))));
      if (dirs.size > 1)
        throw new WorkflowError(`upload-artifact of files in several directories: ${paths.join(', ')}`);
      const files = paths.filter((p) => existsSync(p));
      if (files.length === 0) {
        if ((w['if-no-files-found'] ?? 'warn') === 'error')
          throw new Error('upload-artifact: no files found');
        return;
      }
      if (!w.name) throw new WorkflowError('upload-artifact without a name');
      if (stored.has(w.name)) throw new Error(`upload-artifact: an artifact named ${w.name} already exists`);
      const dir = join(root, w.name);
      mkdirSync(dir, { recursive: true });
      for (const f of files) copyFileSync(f, join(dir, basename(f)));
      stored.add(w.name);
    },
    download({ with: w, workspace }) {
      if (!w.name) throw new WorkflowError('download-artifact without a name is not emulated');
      if (!stored.has(w.name)) throw new Error(`download-artifact: no artifact named ${w.name}`);
      const target = w.path ? (w.path.startsWith('/') ? w.path : join(workspace, w.path)) : workspace;
      mkdirSync(target, { recursive: true });
      for (const f of readdirSync(join(root, w.name))) copyFileSync(join(root, w.name, f), join(target, f));
    },
    names: () => [...stored].sort(),
  };
}
