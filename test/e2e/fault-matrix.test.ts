/**
 * The fault matrix: every AWS operation deploy (and its rollback) and run-task call, each failing in four
 * ways (throttled, HTTP 500, the connection reset after the call was applied, an answer slower than the
 * per-call timeout), a limited number of times so that retries can succeed. Each cell runs the bundled
 * action as a process against its own simulator world, and passes when the step ends where it should: a
 * good release serving, a crashing one rolled back to the previous revision, a one-off task run once, and
 * exactly one task-definition revision registered; no hang, and any error annotation in words (no stack).
 *
 * Bundles come from dist/ (E2E_DIST_ROOT points at another build, e.g. one made with
 * `npx tsx scripts/package.ts --out /tmp/fm-dist deploy run-task`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { TIMEOUT_ENV } from '../../packages/aws/index.js';
import {
  seedArchitecture,
  startSimulator,
  type FaultRule,
  type ReleaseBehaviour,
  type RunningSimulator,
} from '../../packages/simulator/index.js';
import { normalizeForRegister } from '../../packages/task-definition/index.js';
import { errorAnnotations, repoRoot, runBundledAction, type ActionRun } from '../helpers/run-action.js';

const DIST_ROOT = process.env.E2E_DIST_ROOT || join(repoRoot, 'dist');
/** The per-call timeout given to the bundles, and a slow answer that outlasts it. */
const CALL_TIMEOUT_MS = 1_500;
const SLOW_ANSWER_MS = 2_500;
/** Each fault is injected on the first two matching calls, then the operation works again. */
const TIMES = 2;
/** Cells run side by side, each with its own simulator; two cores carry four well. */
const CONCURRENCY = 4;
/** Longer than any cell needs (about 15 s at worst): a process still running then has hung. */
const HANG_MS = 90_000;
const SPEED = 60;

const KINDS = ['throttle', 'server-error', 'reset-after-commit', 'latency'] as const;
type Kind = (typeof KINDS)[number];
type Release = 'good' | 'crash' | 'migration';

/** Operations as `service:Operation`, by the simulator's short service names. */
const GOOD_RELEASE = [
  'ecs:DescribeServices',
  'ecs:DescribeTaskDefinition',
  'ecs:RegisterTaskDefinition',
  'ecs:UpdateService',
  'ecs:DescribeServiceDeployments',
  'ecs:ListTasks',
  'ecs:DescribeTasks',
  'ecs:ListTagsForResource',
  'ecs:TagResource',
  'ecs:UntagResource',
  // The release history in the summary: a fault there costs the table, never the release.
  'ecs:ListTaskDefinitions',
  'elbv2:DescribeTargetHealth',
  'cloudwatch:DescribeAlarms',
  // The report's release metrics, cost and time breakdown: a fault there costs a note, never the release.
  'elbv2:DescribeTargetGroups',
  'elbv2:DescribeTargetGroupAttributes',
  'cloudwatch:GetMetricData',
];
/** A crash adds the rollback (ours: StopServiceDeployment) and the crashed task's log tail. */
const CRASHING_RELEASE = [...GOOD_RELEASE, 'ecs:StopServiceDeployment', 'logs:GetLogEvents'];
const MIGRATION = [
  'ecs:DescribeServices',
  'ecs:DescribeTaskDefinition',
  'ecs:RegisterTaskDefinition',
  'ecs:RunTask',
  'ecs:DescribeTasks',
  // The task's log, streamed into the job log while it runs.
  'logs:GetLogEvents',
];
const OPERATIONS: Record<Release, string[]> = {
  good: GOOD_RELEASE,
  crash: CRASHING_RELEASE,
  migration: MIGRATION,
};

interface Cell {
  release: Release;
  operation: string;
  kind: Kind;
}

interface Outcome {
  problems: string[];
  /** Faults the simulator injected in this cell. */
  injected: number;
  ms: number;
}

const cellName = (c: Cell) => `${c.release} release, ${c.operation}: ${c.kind}`;
const cells: Cell[] = (['good', 'crash', 'migration'] as const).flatMap((release) =>
  OPERATIONS[release].flatMap((operation) => KINDS.map((kind) => ({ release, operation, kind }))),
);
const outcomes = new Map<string, Outcome>();
/** The fault-free run of each release: the operations it called, and what went wrong (nothing, we hope). */
const baselines = new Map<Release, { ops: string[]; problems: string[] }>();
let wallMs = 0;

const RELEASES: ReleaseBehaviour[] = [
  { match: { image: ':crash' }, crash: { afterSeconds: 5, exitCode: 3 }, logLines: ['Booting', 'boom'] },
  { match: { content: 'migrate' }, runSeconds: 30, logLines: ['Applying app.0002_orders... OK'] },
];

interface World {
  sim: RunningSimulator;
  ecs: ECSClient;
  dir: string;
}

async function startWorld(): Promise<World> {
  const scenario = seedArchitecture({ releases: RELEASES });
  // Without ECS's circuit breaker the crash is always caught by deploy's own gate, so the rollback path
  // (StopServiceDeployment, then its watch) is the same in every cell whatever the faults' timing.
  for (const service of scenario.services ?? []) {
    if (service.deploymentConfiguration)
      service.deploymentConfiguration.deploymentCircuitBreaker = { enable: false, rollback: false };
  }
  const sim = await startSimulator({ scenario, speed: SPEED });
  const ecs = new ECSClient({ endpoint: sim.url, region: sim.region, credentials: sim.credentials });
  return { sim, ecs, dir: mkdtempSync(join(tmpdir(), 'fault-matrix-')) };
}

async function stopWorld(w: World): Promise<void> {
  w.ecs.destroy();
  await w.sim.close();
}

/** The backend file a release would render: the registered revision with another image. */
async function backendFile(w: World, image: string): Promise<string> {
  const out = await w.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'backend', include: ['TAGS'] }),
  );
  const td = normalizeForRegister(out.taskDefinition!);
  td.containerDefinitions![0]!.image = image;
  const path = join(w.dir, 'backend.json');
  writeFileSync(path, JSON.stringify({ ...td, tags: out.tags ?? [] }, null, 2));
  return path;
}

async function revisions(w: World): Promise<string[]> {
  const out = await w.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'backend' }));
  return out.taskDefinitionArns ?? [];
}

const rev = (arn: string | undefined) => arn?.split('/').pop();

/** The injection counts of the simulator's fault rules (an empty spec only reads them). */
async function injectedFaults(w: World): Promise<number> {
  const res = await fetch(`${w.sim.url}/_sim/faults`, { method: 'POST', body: '{}' });
  const body = (await res.json()) as { counts?: { injected: number }[] };
  return (body.counts ?? []).reduce((sum, c) => sum + c.injected, 0);
}

function runAction(w: World, release: Release, file: string): Promise<ActionRun> {
  const env = { ...w.sim.env, GITHUB_WORKSPACE: w.dir, [TIMEOUT_ENV]: String(CALL_TIMEOUT_MS) };
  if (release === 'migration') {
    return runBundledAction('run-task', {
      inputs: {
        cluster: 'web',
        service: 'backend',
        'task-definition': file,
        command: 'python manage.py migrate',
        'poll-interval': '1s',
      },
      env,
      timeoutMs: HANG_MS,
      distRoot: DIST_ROOT,
    });
  }
  return runBundledAction('deploy', {
    inputs: {
      cluster: 'web',
      service: 'backend',
      'task-definition': file,
      alarms: 'web-alb-5xx',
      'poll-interval': '1s',
    },
    env,
    timeoutMs: HANG_MS,
    distRoot: DIST_ROOT,
  });
}

/** What a step printed as errors must read as words: no stack, no doubled full stop, no bare socket talk. */
function annotationProblems(run: ActionRun): string[] {
  const problems: string[] = [];
  for (const { message } of errorAnnotations(run)) {
    if (/\n\s+at /.test(message)) problems.push(`annotation carries a stack trace: ${message}`);
    if (message.includes('..')) problems.push(`annotation has a doubled full stop: ${message}`);
    if (/socket hang up|TimeoutError|ECONNRESET/.test(message))
      problems.push(`annotation speaks socket, not words: ${message}`);
  }
  return problems;
}

/** The service serves `expected` alone: one COMPLETED deployment, and every running task of that revision. */
async function servingProblems(w: World, expected: string): Promise<string[]> {
  const problems: string[] = [];
  const service = (await w.ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] })))
    .services![0]!;
  const deployments = (service.deployments ?? []).map(
    (d) => `${d.status} ${rev(d.taskDefinition)} ${d.runningCount}/${d.desiredCount} ${d.rolloutState}`,
  );
  if (rev(service.taskDefinition) !== expected || deployments.length !== 1)
    problems.push(`service runs ${rev(service.taskDefinition)}: ${deployments.join('; ')}`);
  const [only] = service.deployments ?? [];
  if (only && (only.rolloutState !== 'COMPLETED' || only.runningCount !== service.desiredCount))
    problems.push(`deployment not settled: ${deployments.join('; ')}`);
  const arns =
    (await w.ecs.send(new ListTasksCommand({ cluster: 'web', serviceName: 'backend' }))).taskArns ?? [];
  const tasks = arns.length
    ? ((await w.ecs.send(new DescribeTasksCommand({ cluster: 'web', tasks: arns }))).tasks ?? [])
    : [];
  const running = tasks.filter((t) => t.lastStatus === 'RUNNING');
  const wrong = running.filter((t) => rev(t.taskDefinitionArn) !== expected);
  if (running.length !== service.desiredCount || wrong.length)
    problems.push(
      `running tasks: ${running.map((t) => rev(t.taskDefinitionArn)).join(', ') || 'none'} (want ${service.desiredCount} of ${expected})`,
    );
  return problems;
}

async function runCell(
  release: Release,
  fault?: Omit<FaultRule, 'times'>,
): Promise<Outcome & { ops: string[] }> {
  const started = Date.now();
  const w = await startWorld();
  try {
    const image = release === 'crash' ? 'repo/backend:crash' : 'repo/backend:v2';
    const file = await backendFile(w, image);
    const before = await revisions(w);
    const offset = w.sim.calls().length;
    if (fault) w.sim.faults({ rules: [{ ...fault, times: TIMES }] });
    const run = await runAction(w, release, file);
    // A slow answer the action gave up on still lands later: let it, then look at the world.
    if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, SLOW_ANSWER_MS));
    const injected = await injectedFaults(w);
    w.sim.faults({ clear: true });
    const calls = w.sim.calls().slice(offset);
    const ops = [...new Set(calls.map((c) => `${c.service}:${c.operation}`))];
    const problems: string[] = [];
    const said = errorAnnotations(run).map((a) => a.message);
    if (run.exitCode === null) problems.push(`the step hung (killed after ${HANG_MS / 1000} s)`);
    problems.push(...annotationProblems(run));

    const after = await revisions(w);
    if (after.length !== before.length + 1)
      problems.push(`${after.length - before.length} revisions registered: ${after.map(rev).join(', ')}`);
    const newRevision = rev(after.at(-1));

    if (release === 'good') {
      if (run.exitCode !== 0 || run.outputs.status !== 'succeeded')
        problems.push(`exit ${run.exitCode}, status ${run.outputs.status}: ${said.join(' | ')}`);
      problems.push(...(await servingProblems(w, newRevision!)));
    } else if (release === 'crash') {
      if (run.exitCode !== 1 || run.outputs.status !== 'rolled-back')
        problems.push(`exit ${run.exitCode}, status ${run.outputs.status}: ${said.join(' | ')}`);
      if (!/^rolled back to backend:1: container backend exited with code 3/.test(said[0] ?? ''))
        problems.push(`annotation: ${said.join(' | ') || 'none'}`);
      problems.push(...(await servingProblems(w, 'backend:1')));
    } else {
      if (run.exitCode !== 0 || run.outputs.status !== 'succeeded' || run.outputs['exit-code'] !== '0')
        problems.push(`exit ${run.exitCode}, status ${run.outputs.status}: ${said.join(' | ')}`);
      const oneOff: string[] = [];
      for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
        const out = await w.ecs.send(
          new ListTasksCommand({ cluster: 'web', startedBy: 'ecs-deploy-actions', desiredStatus }),
        );
        oneOff.push(...(out.taskArns ?? []));
      }
      if (oneOff.length !== 1) problems.push(`${oneOff.length} one-off tasks started`);
      const tokens = new Set(
        calls
          .filter((c) => c.operation === 'RunTask')
          .map((c) => (c.input as { clientToken?: string }).clientToken),
      );
      if (tokens.size !== 1) problems.push(`RunTask went out with ${tokens.size} client tokens`);
    }
    return { problems, injected, ms: Date.now() - started, ops };
  } finally {
    await stopWorld(w);
  }
}

/** Run `jobs` with at most `limit` at a time. */
async function pool<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

beforeAll(async () => {
  const started = Date.now();
  const releases = ['good', 'crash', 'migration'] as const;
  const jobs = [
    ...releases.map((release) => async () => {
      const { ops, problems } = await runCell(release);
      baselines.set(release, { ops, problems });
    }),
    ...cells.map((cell) => async () => {
      const [service, operation] = cell.operation.split(':') as [string, string];
      const fault = {
        service,
        operation,
        kind: cell.kind,
        ...(cell.kind === 'latency' ? { latencyMs: SLOW_ANSWER_MS } : {}),
      };
      const outcome = await runCell(cell.release, fault).catch((err: unknown) => ({
        problems: [`the cell itself failed: ${err instanceof Error ? err.message : String(err)}`],
        injected: 0,
        ms: 0,
      }));
      outcomes.set(cellName(cell), {
        ...outcome,
        problems: [
          ...outcome.problems,
          ...(outcome.injected ? [] : ['the fault was never injected: the operation was not called']),
        ],
      });
    }),
  ];
  await pool(jobs, CONCURRENCY);
  wallMs = Date.now() - started;
}, 600_000);

afterAll(() => {
  const passed = [...outcomes.values()].filter((o) => !o.problems.length).length;
  const injected = [...outcomes.values()].reduce((sum, o) => sum + o.injected, 0);
  const slowest = Math.max(0, ...[...outcomes.values()].map((o) => o.ms));
  console.log(
    `fault matrix: ${outcomes.size} cells tried, ${passed} passed (${injected} faults injected; ` +
      `slowest cell ${(slowest / 1000).toFixed(1)} s; ${(wallMs / 1000).toFixed(0)} s in all, ${CONCURRENCY} at a time)`,
  );
});

describe(`fault matrix: ${cells.length} cells (${KINDS.join(', ')} × every operation called)`, () => {
  // The matrix covers what the bundles really call: a fault-free run of each release calls exactly the
  // operations listed, so an operation added to deploy or run-task must join the matrix.
  it.each(['good', 'crash', 'migration'] as const)(
    'without faults, the %s release ends as it should, calling exactly the listed operations',
    (release) => {
      const baseline = baselines.get(release);
      expect(baseline?.problems).toEqual([]);
      expect([...(baseline?.ops ?? [])].sort()).toEqual([...OPERATIONS[release]].sort());
    },
  );

  it.each(cells.map((cell) => [cellName(cell)]))('%s', (name) => {
    expect(outcomes.get(name)?.problems).toEqual([]);
  });
});

/** Deploy a good release with a fault that never stops, and two attempts per call; the step's annotations. */
async function failingDeploy(fault: FaultRule): Promise<{ run: ActionRun; said: string[]; w: World }> {
  const w = await startWorld();
  const file = await backendFile(w, 'repo/backend:v2');
  w.sim.faults({ rules: [fault] });
  const run = await runBundledAction('deploy', {
    inputs: { cluster: 'web', service: 'backend', 'task-definition': file, 'max-attempts': '2' },
    env: { ...w.sim.env, GITHUB_WORKSPACE: w.dir, [TIMEOUT_ENV]: String(CALL_TIMEOUT_MS) },
    timeoutMs: HANG_MS,
    distRoot: DIST_ROOT,
  });
  w.sim.faults({ clear: true });
  return { run, said: errorAnnotations(run).map((a) => a.message), w };
}

describe('a fault that does not stop fails the step in words', () => {
  it('a connection reset on every DescribeServices: says so, naming the call', async () => {
    const { run, said, w } = await failingDeploy({
      service: 'ecs',
      operation: 'DescribeServices',
      kind: 'reset',
    });
    await stopWorld(w);
    expect(run.exitCode).toBe(1);
    expect(said).toEqual([
      'the connection to ECS was reset before it answered (ecs:DescribeServices) (tried 2 times)',
    ]);
  });

  it('every DescribeServices slower than the timeout: says which call timed out after how long', async () => {
    const { run, said, w } = await failingDeploy({
      service: 'ecs',
      operation: 'DescribeServices',
      kind: 'latency',
      latencyMs: SLOW_ANSWER_MS,
    });
    await stopWorld(w);
    expect(run.exitCode).toBe(1);
    expect(said).toEqual([
      `ecs:DescribeServices timed out: ECS did not answer within ${CALL_TIMEOUT_MS / 1000} s (tried 2 times)`,
    ]);
  });

  it('reads failing through the watch and the rollback: one full stop between sentences, and where the service stands', async () => {
    const { run, said, w } = await failingDeploy({
      service: 'elbv2',
      operation: 'DescribeTargetHealth',
      kind: 'server-error',
    });
    try {
      expect(run.exitCode).toBe(1);
      expect(run.outputs.status).toBe('failed');
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(
        /^deploy of backend:2 to web\/backend failed: DescribeTargetHealth failed: InternalFailure: We encountered an internal error\. Please try again \(tried 2 times\)\. rollback to backend:1 failed too/,
      );
      expect(said[0]).not.toContain('..');
      // The service could still be read: the step says where it stands instead of "unknown".
      const service = (
        await w.ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] }))
      ).services![0]!;
      expect(rev(service.taskDefinition)).toBe('backend:1');
      expect(said[0]).not.toMatch(/the service now: unknown/);
      expect(said[0]).toMatch(/the service now: PRIMARY deployment backend:1 with \d\/2 running/);
    } finally {
      await stopWorld(w);
    }
  });
});
