/**
 * "Performance at scale: fifty services at once". 50 processes of the bundled deploy action (one per
 * service, like a GitHub matrix) deploy at the same time against ONE simulator with AWS's account-wide
 * throttling on (the documented token buckets, refilling on simulated time). The world is `seedFleet`:
 * cluster `fleet`, services svc-01 … svc-50, 2 tasks each, each with its own target group and path rule
 * on one shared ALB, one shared 5xx alarm every deploy watches (`alarms` input), health check grace period
 * 30 s, target health checks every 10 s (2 to pass), deregistration delay 30 s.
 *
 * Two scenarios per run, each on a fresh simulator:
 * 1. 50 good releases: all should succeed, none fail for throttling;
 * 2. 50 releases of which 10 crash on boot (every 5th service): those 10 roll back, the 40 others succeed.
 * Per scenario it prints: outcomes, throttled answers per API bucket and operation, how many of them were
 * repeated (retries, inferred from the call log: the same call from the same service within 30 s), lag from
 * each service's ECS steady state (its newest "has reached a steady state" event before the exit) to its
 * process exit (p50 / p95), AWS calls per minute per service over its wait (UpdateService → exit; mean and
 * busiest 60 s, split by API; a call's service is read from its input — names, ARNs, target groups, task
 * ids — and the shared alarm's reads are split evenly among the processes running at the time), which
 * operations dominate that count, cold starts, and memory. With several runs, the median across runs.
 *
 * Usage: tsx bench/fleet.ts [runs] [--speed N] [--services N] [--crash N] [--dump DIR]
 *        (or FLEET_RUNS=2 npm run bench fleet). Default 1 run of both scenarios, ~4 minutes of wall time
 *        at speed 1. --dump keeps each scenario's call log and every process's output.
 * The bundle comes from E2E_DIST_ROOT when set, else dist/.
 *
 * --speed N (default 1): the simulated clock runs N× real time, so rollouts (task starts, health checks,
 * draining) finish N× sooner in wall time, while the action still polls every 5 REAL seconds: per
 * simulated minute it makes N× fewer calls, and the throttling buckets (refilled on simulated time) give
 * each real second N× the budget. At N > 1 the throttling figures understate what AWS would do; lag and
 * calls/min are reported in real seconds / real minutes (what the action does), which at N = 1 are also
 * simulated ones. Use N = 1 for the verdicts.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient } from '@aws-sdk/client-ecs';
import { parseDeploymentReport, type DeploymentReport } from '../packages/deploy-report/index.js';
import {
  seedFleet,
  fleetServiceNames,
  startSimulator,
  type CallRecord,
  type Scenario,
  type ThrottlingState,
} from '../packages/simulator/index.js';
import { errorAnnotations, runBundledAction, type ActionRun } from '../test/helpers/run-action.js';
import { headline } from './_headline.js';

// ---- arguments --------------------------------------------------------------------------------------

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}
const positional = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const runs = Number(positional[0] ?? process.env.FLEET_RUNS ?? 1);
const speed = flag('speed') ?? 1;
const count = flag('services') ?? 50;
const crashCount = flag('crash') ?? Math.round(count / 5);
const cluster = 'fleet';
const alarm = 'fleet-alb-1-5xx';
const pollIntervalSeconds = 5;
/** --dump DIR: keep each scenario's call log and every process's output there (for digging). */
const dumpIndex = process.argv.indexOf('--dump');
const dumpDir = dumpIndex >= 0 ? process.argv[dumpIndex + 1] : undefined;
if (!(runs >= 1) || !(speed > 0) || !(count >= 1) || !(crashCount >= 0 && crashCount <= count)) {
  console.error('usage: tsx bench/fleet.ts [runs] [--speed N>0] [--services N] [--crash N] [--dump DIR]');
  process.exit(2);
}

// ---- small statistics ---------------------------------------------------------------------------------

function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: p95 of 50 values is the 48th.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
const median = (values: number[]) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

// ---- one scenario -----------------------------------------------------------------------------------

interface ServiceRun {
  name: string;
  crash: boolean;
  run?: ActionRun;
  error?: string;
  report?: DeploymentReport;
  spawnedAt: number;
  exitedAt: number;
}

/** What one scenario measured (one run). */
interface ScenarioResult {
  wallSeconds: number;
  succeeded: number;
  rolledBack: number;
  failed: number;
  /** Runs whose outcome is not the expected one. */
  unexpected: string[];
  /** Failed (or rolled back without crashing) with throttling in the log. */
  failedForThrottling: number;
  /** Processes that printed a throttling message at all (warnings, retries given up). */
  mentionedThrottling: number;
  /** Throttled answers the simulator gave, per bucket (from sim.throttling()). */
  throttledByBucket: Record<string, number>;
  /** Throttled answers per service:operation (from the call log). */
  throttledByOperation: Record<string, number>;
  throttledTotal: number;
  /** Throttled calls followed by the same call (same service, operation, input) within 30 s. */
  retriesInferred: number;
  /** Throttled calls whose input many processes share (the alarm read): retries not inferable. */
  throttledShared: number;
  lags: number[];
  lagMissing: number;
  /** Spawn → the process's first AWS call (cold start, CPU-bound with 50 at once). */
  coldStarts: number[];
  /** Spawn → its UpdateService answered 200 (cold start, lock, RegisterTaskDefinition). */
  toUpdate: number[];
  durations: number[];
  rate: Record<'total' | 'ecs' | 'elbv2' | 'cloudwatch' | 'logs', number[]>;
  busiest: Record<'total' | 'ecs' | 'elbv2' | 'cloudwatch' | 'logs', number[]>;
  /** Calls per minute per service, by operation (fleet mean over all waits). */
  byOperation: Record<string, number>;
  /** Calls per real minute summed over the fleet: mean over the scenario and busiest 60 s. */
  fleetRate: number;
  fleetBusiest: number;
  peakChildRssMb: number;
  eventLoopP99Ms: number;
}

const API_COLUMNS = ['total', 'ecs', 'elbv2', 'cloudwatch', 'logs'] as const;

/** A task-definition file per service, in its own workspace (the action reads files only from there). */
function releaseFile(scenario: Scenario, name: string, image: string): string {
  const seed = scenario.taskDefinitions!.find((td) => td.family === name)!;
  const containers = seed.containerDefinitions.map((c, i) => (i === 0 ? { ...c, image } : c));
  const workspace = mkdtempSync(join(tmpdir(), `bench-fleet-${name}-`));
  const path = join(workspace, `${name}.json`);
  writeFileSync(path, JSON.stringify({ ...seed, containerDefinitions: containers }, null, 2));
  return workspace;
}

/** Resident memory (MB) of this process's children: the action processes. */
function childRssMb(): number {
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(rss?.[1] ?? 0);
    } catch {
      // The process exited meanwhile.
    }
  }
  return kb / 1024;
}

const THROTTLE_ERROR = /^(ThrottlingException|Throttling)$/;
const THROTTLE_TEXT = /Throttl|Rate exceeded/i;

async function runScenario(label: string, tag: string, crashing: Set<string>): Promise<ScenarioResult> {
  const names = fleetServiceNames(count);
  const scenario = seedFleet({
    count,
    releases: [{ match: { image: ':crash' }, crash: { afterSeconds: 5, exitCode: 3 } }],
  });
  const sim = await startSimulator({ speed, throttling: true, scenario });
  // Simulated ↔ real time (the clock is linear at a fixed speed).
  const simRef = sim.clock.now();
  const wallRef = Date.now();
  const toWall = (simMs: number) => wallRef + (simMs - simRef) / speed;
  const workspaces = new Map(
    names.map((name) => {
      const image = `${scenario.accountId}.dkr.ecr.${scenario.region}.amazonaws.com/${name}:${crashing.has(name) ? 'crash' : 'v2'}`;
      return [name, releaseFile(scenario, name, image)];
    }),
  );
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, childRssMb())), 2000);
  const started = Date.now();
  process.stdout.write(`${label}: ${count} deploys started … `);
  const results: ServiceRun[] = await Promise.all(
    names.map(async (name): Promise<ServiceRun> => {
      const spawnedAt = Date.now();
      const workspace = workspaces.get(name)!;
      const base = { name, crash: crashing.has(name), spawnedAt };
      try {
        const run = await runBundledAction('deploy', {
          inputs: {
            cluster,
            service: name,
            'task-definition': `${name}.json`,
            alarms: alarm,
            'poll-interval': `${pollIntervalSeconds}s`,
          },
          env: sim.env,
          cwd: workspace,
          timeoutMs: 30 * 60_000,
        });
        const exitedAt = Date.now();
        let report: DeploymentReport | undefined;
        try {
          report = parseDeploymentReport(JSON.parse(readFileSync(run.outputs.report!, 'utf8')), 'report');
        } catch {
          // No report: counted as failed below.
        }
        return { ...base, run, report, exitedAt };
      } catch (err) {
        return { ...base, error: String(err), exitedAt: Date.now() };
      }
    }),
  );
  const wallSeconds = (Date.now() - started) / 1000;
  clearInterval(rssTimer);
  // 100 temp dirs a scenario: the workspaces and the runner dirs (reports were read above).
  for (const r of results) {
    for (const dir of [workspaces.get(r.name)!, r.run?.dir])
      if (dir) rmSync(dir, { recursive: true, force: true });
  }
  loop.disable();
  console.log(`done in ${wallSeconds.toFixed(0)} s`);

  // Everything the fleet did; then counters, before this bench's own reads below add to them.
  const lastExit = Math.max(...results.map((r) => r.exitedAt));
  const calls = sim.calls().filter((c) => c.wall <= lastExit);
  const throttling: ThrottlingState = sim.throttling();
  if (dumpDir) {
    const dir = join(dumpDir, tag);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'calls.jsonl'), calls.map((c) => JSON.stringify(c)).join('\n') + '\n');
    writeFileSync(join(dir, 'throttling.json'), JSON.stringify(throttling, null, 2));
    for (const r of results) {
      writeFileSync(
        join(dir, `${r.name}.log`),
        `spawned ${r.spawnedAt} exited ${r.exitedAt} exit code ${r.run?.exitCode}\n${r.run?.stdout ?? ''}\n--- stderr\n${r.run?.stderr ?? r.error ?? ''}`,
      );
    }
  }
  sim.throttling(false);
  const ecs = new ECSClient({ endpoint: sim.url, region: sim.region, credentials: sim.credentials });
  try {
    const owners = await taskOwners(ecs, calls);
    const steady = await steadyStates(ecs, names);
    return summarise(results, calls, throttling, owners, steady, toWall, {
      wallSeconds,
      peakChildRssMb: peakRss,
      eventLoopP99Ms: loop.percentile(99) / 1e6,
    });
  } finally {
    ecs.destroy();
    await sim.close();
  }
}

/** Task id → service, for the DescribeTasks calls (their input names tasks, not the service). */
async function taskOwners(ecs: ECSClient, calls: CallRecord[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const c of calls) {
    if (c.service !== 'ecs' || c.operation !== 'DescribeTasks') continue;
    for (const t of (c.input as { tasks?: string[] }).tasks ?? []) ids.add(t.split('/').pop()!);
  }
  const owners = new Map<string, string>();
  const all = [...ids];
  for (let i = 0; i < all.length; i += 100) {
    const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: all.slice(i, i + 100) }));
    for (const task of out.tasks ?? []) {
      const service = /^service:(.+)$/.exec(task.group ?? '')?.[1];
      if (service) owners.set(task.taskArn!.split('/').pop()!, service);
    }
  }
  return owners;
}

/** Simulated times of each service's "has reached a steady state" events, newest first. */
async function steadyStates(ecs: ECSClient, names: string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (let i = 0; i < names.length; i += 10) {
    const res = await ecs.send(new DescribeServicesCommand({ cluster, services: names.slice(i, i + 10) }));
    for (const svc of res.services ?? []) {
      out.set(
        svc.serviceName!,
        (svc.events ?? [])
          .filter((e) => /has reached a steady state/.test(e.message ?? ''))
          .map((e) => e.createdAt!.getTime()),
      );
    }
  }
  return out;
}

/**
 * A call's input for telling a retry from another call. `tags` is left out: the call log keeps the request
 * objects the simulator received, and RegisterTaskDefinition's `tags` array later shows tags added by
 * TagResource (the simulator stores the request's array), so a logged register input changes after the fact.
 */
function sameCall(input: unknown): string {
  return JSON.stringify(input, (key, value: unknown) => (key === 'tags' ? undefined : value));
}

/** Which service's deploy made a call: by its input (names, ARNs, target groups, task ids), else none. */
function attribute(call: CallRecord, owners: Map<string, string>): string | undefined {
  if (call.service === 'ecs' && call.operation === 'DescribeTasks') {
    for (const t of (call.input as { tasks?: string[] }).tasks ?? []) {
      const owner = owners.get(t.split('/').pop()!);
      if (owner) return owner;
    }
    return undefined;
  }
  return /svc-\d+/.exec(JSON.stringify(call.input))?.[0];
}

function summarise(
  results: ServiceRun[],
  calls: CallRecord[],
  throttling: ThrottlingState,
  owners: Map<string, string>,
  steady: Map<string, number[]>,
  toWall: (simMs: number) => number,
  extra: Pick<ScenarioResult, 'wallSeconds' | 'peakChildRssMb' | 'eventLoopP99Ms'>,
): ScenarioResult {
  const owner = calls.map((c) => attribute(c, owners));
  const byService = new Map<string, CallRecord[]>();
  const shared: CallRecord[] = [];
  calls.forEach((c, i) => {
    const o = owner[i];
    if (o === undefined) shared.push(c);
    else byService.set(o, [...(byService.get(o) ?? []), c]);
  });

  // Outcomes.
  let succeeded = 0;
  let rolledBack = 0;
  let failed = 0;
  let failedForThrottling = 0;
  let mentionedThrottling = 0;
  const unexpected: string[] = [];
  for (const r of results) {
    const status = r.report?.status ?? 'failed';
    if (status === 'succeeded') succeeded++;
    else if (status === 'rolled-back') rolledBack++;
    else failed++;
    const text = `${r.run?.stdout ?? ''}\n${r.run?.stderr ?? ''}\n${r.error ?? ''}`;
    const expected = r.crash ? 'rolled-back' : 'succeeded';
    if (THROTTLE_TEXT.test(text)) mentionedThrottling++;
    if (status !== expected) {
      const annotation = r.run ? errorAnnotations(r.run).at(-1) : undefined;
      const why =
        r.report?.cause?.summary ?? annotation?.message ?? r.error ?? `exit code ${r.run?.exitCode}`;
      unexpected.push(`${r.name}: ${status} (expected ${expected}): ${why.split('\n')[0]}`);
      if (THROTTLE_TEXT.test(`${r.report?.cause?.summary ?? ''}\n${text}`)) failedForThrottling++;
    }
  }

  // Throttling: counters per bucket, answers per operation, retries inferred from the call log.
  const throttledByBucket: Record<string, number> = {};
  for (const b of throttling.buckets) if (b.throttled) throttledByBucket[b.name] = b.throttled;
  const throttledByOperation: Record<string, number> = {};
  let retriesInferred = 0;
  let throttledShared = 0;
  calls.forEach((c, i) => {
    if (!THROTTLE_ERROR.test(c.error ?? '')) return;
    const key = `${c.service}:${c.operation}`;
    throttledByOperation[key] = (throttledByOperation[key] ?? 0) + 1;
    const o = owner[i];
    if (o === undefined || c.service === 'cloudwatch') {
      throttledShared++;
      return;
    }
    const input = sameCall(c.input);
    const again = (byService.get(o) ?? []).find(
      (d) =>
        d.wall >= c.wall &&
        d !== c &&
        d.wall - c.wall <= 30_000 &&
        d.operation === c.operation &&
        d.service === c.service &&
        sameCall(d.input) === input,
    );
    if (again) retriesInferred++;
  });

  // Lag: newest steady-state event at or before the process exited (else the first after: negative lag).
  const lags: number[] = [];
  let lagMissing = 0;
  const coldStarts: number[] = [];
  const toUpdate: number[] = [];
  const rate = Object.fromEntries(API_COLUMNS.map((k) => [k, [] as number[]])) as ScenarioResult['rate'];
  const busiest = Object.fromEntries(
    API_COLUMNS.map((k) => [k, [] as number[]]),
  ) as ScenarioResult['busiest'];
  const opCounts: Record<string, number> = {};
  let waitMinutes = 0;
  for (const r of results) {
    const own = byService.get(r.name) ?? [];
    if (own.length) coldStarts.push((own[0]!.wall - r.spawnedAt) / 1000);
    const update = own.find((c) => c.operation === 'UpdateService' && c.status === 200);
    if (update) toUpdate.push((update.wall - r.spawnedAt) / 1000);
    // Only services whose deploy reached UpdateService have a steady state of their own to measure from.
    const events = update ? (steady.get(r.name) ?? []).map(toWall).filter((t) => t >= update.wall) : [];
    const before = events.filter((t) => t <= r.exitedAt);
    const at = before.length ? Math.max(...before) : events.length ? Math.min(...events) : undefined;
    if (at === undefined) lagMissing++;
    else lags.push((r.exitedAt - at) / 1000);

    // Calls per minute over the wait (UpdateService → exit): its own calls plus an even share of the
    // shared ones (the alarm read) made while it ran.
    if (!update) continue;
    const from = update.wall;
    const to = r.exitedAt;
    const minutes = Math.max(1e-9, (to - from) / 60_000);
    waitMinutes += minutes;
    const weighted: { c: CallRecord; w: number }[] = own
      .filter((c) => c.wall >= from && c.wall <= to)
      .map((c) => ({ c, w: 1 }));
    for (const c of shared) {
      if (c.wall < from || c.wall > to) continue;
      const running = results.filter((x) => x.spawnedAt <= c.wall && x.exitedAt >= c.wall).length;
      weighted.push({ c, w: 1 / Math.max(1, running) });
    }
    weighted.sort((a, b) => a.c.wall - b.c.wall);
    for (const { c, w } of weighted) {
      const key = `${c.service}:${c.operation}`;
      opCounts[key] = (opCounts[key] ?? 0) + w;
    }
    for (const api of API_COLUMNS) {
      const mine = weighted.filter(({ c }) => api === 'total' || c.service === api);
      rate[api].push(sum(mine.map((x) => x.w)) / minutes);
      // The busiest 60 s of the wait (a wait shorter than a minute: all of it, scaled to a minute).
      const span = Math.min(60_000, to - from);
      let peak = 0;
      for (const { c } of mine) {
        const end = c.wall + span;
        peak = Math.max(peak, sum(mine.filter((x) => x.c.wall >= c.wall && x.c.wall < end).map((x) => x.w)));
      }
      busiest[api].push(span > 0 ? (peak * 60_000) / span : 0);
    }
  }
  const byOperation = Object.fromEntries(
    Object.entries(opCounts).map(([k, v]) => [k, v / Math.max(1e-9, waitMinutes)]),
  );

  // The fleet as a whole, per real minute.
  const first = Math.min(...results.map((r) => r.spawnedAt));
  const last = Math.max(...results.map((r) => r.exitedAt));
  let fleetBusiest = 0;
  for (let i = 0, j = 0; i < calls.length; i++) {
    while (j < calls.length && calls[j]!.wall < calls[i]!.wall + 60_000) j++;
    fleetBusiest = Math.max(fleetBusiest, j - i);
  }

  return {
    ...extra,
    succeeded,
    rolledBack,
    failed,
    unexpected,
    failedForThrottling,
    mentionedThrottling,
    throttledByBucket,
    throttledByOperation,
    throttledTotal: sum(Object.values(throttledByOperation)),
    retriesInferred,
    throttledShared,
    lags,
    lagMissing,
    coldStarts,
    toUpdate,
    durations: results.map((r) => (r.exitedAt - r.spawnedAt) / 1000),
    rate,
    busiest,
    byOperation,
    fleetRate: calls.length / ((last - first) / 60_000),
    fleetBusiest,
  };
}

// ---- output -----------------------------------------------------------------------------------------

const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
const f0 = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : 'n/a');

function printScenario(title: string, rs: ScenarioResult[], expectRolledBack: number): void {
  const across = (pick: (r: ScenarioResult) => number) => median(rs.map(pick));
  const each = (pick: (r: ScenarioResult) => number, fmt = f1) => rs.map((r) => fmt(pick(r))).join(', ');
  const row = (name: string, pick: (r: ScenarioResult) => number, fmt = f1, target = '') =>
    console.log(`| ${name} | ${fmt(across(pick))} | ${each(pick, fmt)} | ${target} |`);
  const expectSucceeded = count - expectRolledBack;

  console.log(`\n### ${title}\n`);
  console.log(`| figure | median of runs | each run | target |`);
  console.log(`| --- | --- | --- | --- |`);
  row('wall time of the scenario (s)', (r) => r.wallSeconds, f0);
  row('succeeded', (r) => r.succeeded, f0, `${expectSucceeded}`);
  row('rolled back', (r) => r.rolledBack, f0, `${expectRolledBack}`);
  row('failed', (r) => r.failed, f0, '0');
  row('not the expected outcome', (r) => r.unexpected.length, f0, '0');
  row('failed because of throttling', (r) => r.failedForThrottling, f0, '0');
  row('processes that logged throttling at all', (r) => r.mentionedThrottling, f0);
  row('throttled answers (ThrottlingException / Throttling)', (r) => r.throttledTotal, f0);
  row('  of which repeated within 30 s (SDK or action retries, inferred)', (r) => r.retriesInferred, f0);
  row('  of which on shared inputs (retry not inferable)', (r) => r.throttledShared, f0);
  row('lag steady state → exit, p50 (s)', (r) => quantile(r.lags, 0.5));
  row('lag steady state → exit, p95 (s)', (r) => quantile(r.lags, 0.95), f1, '≤ 5');
  row('lag steady state → exit, max (s)', (r) => Math.max(...r.lags));
  row('services without a lag (no UpdateService or no steady state)', (r) => r.lagMissing, f0, '0');
  row('cold start: spawn → first AWS call, p50 (s)', (r) => quantile(r.coldStarts, 0.5));
  row('cold start: spawn → first AWS call, p95 (s)', (r) => quantile(r.coldStarts, 0.95));
  row('spawn → UpdateService, p50 (s)', (r) => quantile(r.toUpdate, 0.5));
  row('spawn → UpdateService, p95 (s)', (r) => quantile(r.toUpdate, 0.95));
  row('process duration p50 (s)', (r) => quantile(r.durations, 0.5));
  row('process duration p95 (s)', (r) => quantile(r.durations, 0.95));
  for (const api of API_COLUMNS) {
    const name = api === 'total' ? 'all APIs' : api;
    const target = api === 'total' ? '≤ 12' : '';
    row(`calls/min/service over the wait, ${name}: p50`, (r) => quantile(r.rate[api], 0.5), f1, target);
    row(`calls/min/service over the wait, ${name}: p95`, (r) => quantile(r.rate[api], 0.95));
    row(
      `calls in the busiest minute/service, ${name}: p50`,
      (r) => quantile(r.busiest[api], 0.5),
      f1,
      target,
    );
    row(`calls in the busiest minute/service, ${name}: p95`, (r) => quantile(r.busiest[api], 0.95));
  }
  row('fleet: calls per minute, mean over the scenario', (r) => r.fleetRate, f0);
  row('fleet: calls in the busiest minute', (r) => r.fleetBusiest, f0);
  row('peak RSS of the 50 action processes (MB)', (r) => r.peakChildRssMb, f0);
  row('bench/simulator event-loop delay p99 (ms)', (r) => r.eventLoopP99Ms);

  // Throttled answers by bucket and by operation (sum over runs → median).
  const keys = (pick: (r: ScenarioResult) => Record<string, number>) =>
    [...new Set(rs.flatMap((r) => Object.keys(pick(r))))].sort();
  const buckets = keys((r) => r.throttledByBucket);
  console.log(`\nthrottled answers per API bucket (median of runs; each run):`);
  if (!buckets.length) console.log('  none');
  for (const b of buckets) {
    console.log(
      `  ${b}: ${f0(across((r) => r.throttledByBucket[b] ?? 0))} (${each((r) => r.throttledByBucket[b] ?? 0, f0)})`,
    );
  }
  const ops = keys((r) => r.throttledByOperation);
  if (ops.length) {
    console.log(`throttled answers per operation:`);
    for (const o of ops) {
      console.log(
        `  ${o}: ${f0(across((r) => r.throttledByOperation[o] ?? 0))} (${each((r) => r.throttledByOperation[o] ?? 0, f0)})`,
      );
    }
  }
  const opNames = keys((r) => r.byOperation)
    .map((o) => [o, across((r) => r.byOperation[o] ?? 0)] as const)
    .sort((a, b) => b[1] - a[1]);
  console.log(`calls/min/service over the wait, by operation (fleet mean, median of runs):`);
  console.log(
    '  ' +
      opNames
        .filter(([, v]) => v >= 0.05)
        .map(([o, v]) => `${o} ${f1(v)}`)
        .join(', '),
  );
  const unexpected = rs.flatMap((r) => r.unexpected);
  if (unexpected.length) {
    console.log(`unexpected outcomes (${unexpected.length}, first 5):`);
    for (const u of unexpected.slice(0, 5)) console.log(`  ${u.slice(0, 300)}`);
  }

  // One line per target.
  const yes = (ok: boolean) => (ok ? 'yes' : 'no');
  const ok = rs.every((r) => r.succeeded === expectSucceeded && r.rolledBack === expectRolledBack);
  const outcome = expectRolledBack
    ? `all ${expectRolledBack} crashing releases rolled back and the ${expectSucceeded} others succeeded`
    : `all ${count} succeeded`;
  const p95Lag = across((r) => quantile(r.lags, 0.95));
  const rateP50 = across((r) => quantile(r.rate.total, 0.5));
  const busiestP50 = across((r) => quantile(r.busiest.total, 0.5));
  console.log(`\nverdict (${title.split(':')[0]}):`);
  console.log(
    `- ${outcome}: ${yes(ok)}${ok ? '' : ` (${rs.map((r) => `${r.succeeded} ok / ${r.rolledBack} rolled back / ${r.failed} failed`).join('; ')})`}`,
  );
  console.log(`- 0 failed for throttling: ${yes(rs.every((r) => r.failedForThrottling === 0))}`);
  console.log(`- p95 lag ≤ 5 s: ${yes(p95Lag <= 5)} (${f1(p95Lag)} s)`);
  console.log(
    `- calls/min/service ≤ 12: ${yes(rateP50 <= 12)} (median service ${f1(rateP50)} over its wait; busiest minute ${f1(busiestP50)}: ${yes(busiestP50 <= 12)})`,
  );
  const bench = `fleet, ${title.split(':')[0]}`;
  const counts = rs.map((r) => `${r.succeeded} ok / ${r.rolledBack} rolled back / ${r.failed} failed`);
  headline({ bench, figure: outcome, value: counts.join('; '), target: 'all', met: ok });
  const throttled = Math.max(...rs.map((r) => r.failedForThrottling));
  headline({
    bench,
    figure: 'failed for throttling',
    value: String(throttled),
    target: '0',
    met: throttled === 0,
  });
  headline({
    bench,
    figure: 'p95 lag after ECS finished',
    value: `${f1(p95Lag)} s`,
    target: '≤ 5 s',
    met: p95Lag <= 5,
  });
  headline({ bench, figure: 'AWS calls/min per service over its wait (median service)', value: f1(rateP50) });
}

async function main() {
  const names = fleetServiceNames(count);
  // Every 5th service (svc-05, svc-10, …) gets a release that crashes on boot.
  const step = crashCount ? Math.max(1, Math.floor(count / crashCount)) : 0;
  const crashing = new Set(
    crashCount ? names.filter((_, i) => (i + 1) % step === 0).slice(0, crashCount) : [],
  );
  const dist = process.env.E2E_DIST_ROOT || 'dist/';
  console.log(
    `${count} deploy processes at once against one simulator (throttling on: AWS default buckets, refilled on simulated time), ` +
      `speed ${speed}${speed === 1 ? ' (real time)' : ' (simulated time runs faster: throttling understated, see the header)'}, poll-interval ${pollIntervalSeconds}s, ` +
      `2 tasks per service, grace period 30 s, deregistration delay 30 s, one shared alarm; bundle ${dist}; runs: ${runs}`,
  );
  console.log(
    `machine: ${cpus().length} CPU cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB: the ${count} node processes' cold starts overlap ` +
      `(CPU-bound), so the first AWS calls spread over the cold-start figure below; the simulator runs in this process.`,
  );
  const good: ScenarioResult[] = [];
  const mixed: ScenarioResult[] = [];
  for (let i = 0; i < runs; i++) {
    good.push(
      await runScenario(
        `run ${i + 1}/${runs}, scenario 1 (${count} good releases)`,
        `run${i + 1}-good`,
        new Set(),
      ),
    );
    mixed.push(
      await runScenario(
        `run ${i + 1}/${runs}, scenario 2 (${crashing.size} of ${count} crash on boot)`,
        `run${i + 1}-crash`,
        crashing,
      ),
    );
  }
  printScenario(`1: ${count} good releases`, good, 0);
  printScenario(
    `2: ${count} releases, ${crashing.size} crash on boot (${[...crashing].join(', ')})`,
    mixed,
    crashing.size,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
