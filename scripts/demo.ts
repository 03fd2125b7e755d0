/**
 * `npm run demo`: the whole pipeline of a push to main, run the way a workflow runs it, against the loopback
 * AWS simulator and GitHub fake. Each step is the bundled action (`dist/<name>/index.js`) as its own process
 * with INPUT_* variables and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. No AWS account, no network.
 *
 * The story: a good backend release with its migration ships; a broken release is caught by the gates and
 * rolled back by itself (and marked failed); an operator rolls back by hand with `to: previous`, which goes
 * to the newest revision verified before the one serving, and the summary shows the release history; a
 * deploy cancelled mid-release is rolled back by its post step; the PR gets one comment. Every report step
 * also marks its releases in Grafana (a loopback fake of its annotations API): the demo shows what the fake
 * received and fails when a mark is missing.
 *
 * DEMO_DIST_ROOT runs bundles built elsewhere (`npx tsx scripts/package.ts --out DIR`) instead of dist/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markRevision } from '../packages/history/marks.js';
import {
  seedArchitecture,
  slowerRelease,
  startSimulator,
  type RunningSimulator,
} from '../packages/simulator/index.js';
import { startGitHubFake, type GitHubFake } from '../packages/simulator/github.js';
import { GRAFANA_EDITOR_TOKEN, startGrafanaFake, type GrafanaFake } from '../packages/simulator/grafana.js';
import { repoRoot, runBundledAction, type ActionRun, type RunOptions } from '../test/helpers/run-action.js';

const SPEED = 60; // simulated seconds per real second: a 2-minute rollout takes 2 s
const SHA = '3f9c2e1b7a4d5c6e8f9a0b1c2d3e4f5a6b7c8d9e';
const PR = 42;
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

const brokenLog = [
  '[INFO] Starting gunicorn 23.0.0',
  '[INFO] Booting worker with pid: 7',
  'django.db.utils.ProgrammingError: column orders_order.checkout_version does not exist',
  '[ERROR] Worker (pid:7) exited with code 3',
  '[ERROR] Reason: Worker failed to boot.',
];

const NOISE =
  /^(rollback: )?ECS: |^ |^(Step \d|Sending build|Successfully (built|tagged)|DEPRECATED|BuildKit|environment-variable|The push refers|Removing intermediate|[0-9a-f]{12}: |[\w.-]+: digest: sha256)/;

interface Step {
  title: string;
  action: string;
  inputs: Record<string, string>;
}

class Workflow {
  readonly workspace = mkdtempSync(join(tmpdir(), 'demo-workspace-'));
  /** One RUNNER_TEMP for the whole job, as on a runner: render writes its file there and deploy reads it. */
  readonly runnerTemp = mkdtempSync(join(tmpdir(), 'demo-runner-temp-'));
  readonly reports: string[] = [];
  readonly logs = mkdtempSync(join(tmpdir(), 'demo-logs-'));
  private steps = 0;
  private readonly event = join(this.workspace, 'event.json');

  constructor(
    private readonly sim: RunningSimulator,
    private readonly github: GitHubFake,
    private readonly grafana: GrafanaFake,
  ) {
    writeFileSync(
      this.event,
      JSON.stringify({ number: PR, pull_request: { number: PR, head: { sha: SHA } } }),
    );
  }

  /**
   * The report step that ends every workflow run: the run's reports → the sticky PR comment, and one Grafana
   * annotation per finished release or rollback (`marks`: how many this step must add).
   */
  async report(marks: number): Promise<ActionRun> {
    const reports = this.reports.splice(0);
    const known = this.grafana.annotations.length;
    const run = await this.run({
      title: 'Report: sticky PR comment, job summary and Grafana deploy marks',
      action: 'report',
      inputs: {
        environment: 'production',
        reports: reports.join('\n'),
        'github-token': 'ghs_actions_token',
        'grafana-url': this.grafana.url,
        'grafana-token': GRAFANA_EDITOR_TOKEN,
        'grafana-dashboard-uid': 'ecs-web',
        'grafana-vars': 'cluster=web\nservice=backend',
      },
    });
    const added = this.grafana.annotations.slice(known);
    const failed = this.grafana.calls.filter((c) => c.status >= 400);
    for (const a of added) {
      const span = `${new Date(a.time).toISOString().slice(11, 19)}–${new Date(a.timeEnd).toISOString().slice(11, 19)}`;
      console.log(dim(`  Grafana received annotation ${a.id} on dashboard ${a.dashboardUID} (${span} UTC):`));
      const text = a.text.replace(/<br>/g, ' · ').replace(/<[^>]+>/g, '');
      console.log(
        `    ${text
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&')}`,
      );
      console.log(`    tags: ${a.tags.join(', ')}`);
    }
    if (added.length !== marks || failed.length) {
      throw new Error(
        `the Grafana fake received ${added.length} annotation(s) from this report step, expected ${marks}` +
          (failed.length
            ? `; failed calls: ${failed.map((c) => `${c.method} ${c.path} ${c.status}`).join(', ')}`
            : ''),
      );
    }
    return run;
  }

  /**
   * DEMO_OUT=DIR keeps what people read, for `npm run look`: each step's job summary, its report and the
   * comment the report step rendered, as `NN-<action>.summary.md`, `.report.json`, `.comment.md`.
   */
  private keep(dir: string, run: ActionRun, action: string): void {
    mkdirSync(dir, { recursive: true });
    const base = join(dir, `${String(this.steps).padStart(2, '0')}-${action}`);
    if (run.summary) writeFileSync(`${base}.summary.md`, run.summary);
    if (run.outputs.report) writeFileSync(`${base}.report.json`, readFileSync(run.outputs.report, 'utf8'));
    if (run.outputs.markdown) writeFileSync(`${base}.comment.md`, readFileSync(run.outputs.markdown, 'utf8'));
  }

  async run(
    step: Step,
    expectFailure = false,
    extraEnv: Record<string, string> = {},
    more: Pick<RunOptions, 'stage' | 'state' | 'signalAfter'> = {},
  ): Promise<ActionRun> {
    const what = more.stage === 'post' ? 'post step of' : 'uses:';
    console.log(`\n${bold(`▶ ${step.title}`)}  ${dim(`(${what} ./actions/${step.action})`)}`);
    const started = Date.now();
    const run = await runBundledAction(step.action, {
      cwd: this.workspace,
      inputs: step.inputs,
      timeoutMs: 120_000,
      ...(process.env.DEMO_DIST_ROOT ? { distRoot: process.env.DEMO_DIST_ROOT } : {}),
      ...more,
      env: {
        ...this.sim.env,
        GITHUB_API_URL: this.github.url,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: this.github.repository,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: this.event,
        GITHUB_SHA: SHA,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_RUN_ID: '1001',
        GITHUB_ACTOR: 'octocat',
        GITHUB_WORKFLOW: 'Deploy production',
        RUNNER_TEMP: this.runnerTemp,
        ...extraEnv,
      },
    });
    const log = join(this.logs, `${String(++this.steps).padStart(2, '0')}-${step.action}.log`);
    writeFileSync(log, run.stdout + run.stderr);
    if (process.env.DEMO_OUT) this.keep(process.env.DEMO_OUT, run, step.action);
    for (const line of run.stdout.split('\n')) {
      if (
        !line ||
        line.startsWith('::debug') ||
        line.startsWith('::add-mask') ||
        /^::(save-state|set-output)/.test(line)
      ) {
        continue;
      }
      // The narration keeps our own lines; ECS service events and Docker's build chatter stay in the log file.
      if (NOISE.test(line)) continue;
      const annotation = /^::(error|warning|notice)[^:]*::(.*)$/.exec(line);
      console.log(
        `  ${annotation ? `${annotation[1]}: ${annotation[2]!.replace(/%0A/g, '\n    ').replace(/%25/g, '%')}` : line}`,
      );
    }
    const outcome = run.exitCode === 0 ? 'step succeeded' : 'step failed';
    console.log(dim(`  → ${outcome} in ${((Date.now() - started) / 1000).toFixed(1)} s (full log: ${log})`));
    const shown = Object.entries(run.outputs).filter(
      ([k]) => !['report', 'task-definition', 'markdown'].includes(k),
    );
    if (shown.length) console.log(dim(`  outputs: ${shown.map(([k, v]) => `${k}=${v}`).join('  ')}`));
    if (run.outputs.report) this.reports.push(run.outputs.report);
    if ((run.exitCode === 0) === expectFailure) {
      throw new Error(
        `${step.title}: expected the step to ${expectFailure ? 'fail' : 'succeed'}\n${run.stderr}`,
      );
    }
    return run;
  }
}

/**
 * The world's backend:1 has been serving since before the demo, shipped by these actions last week: it
 * carries the verdict deploy records when every gate passed, so `to: previous` has somewhere to go.
 */
async function markSeedVerified(sim: RunningSimulator): Promise<void> {
  const { ECSClient } = await import('@aws-sdk/client-ecs');
  const ecs = new ECSClient({ endpoint: sim.url, region: sim.region, credentials: sim.credentials });
  try {
    const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
    const seed = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'backend:1' }));
    const lastWeek = Date.now() - 7 * 24 * 3600_000;
    await markRevision(
      ecs,
      seed.taskDefinition!.taskDefinitionArn!,
      { cluster: 'web', service: 'backend' },
      'verified',
      lastWeek,
    );
  } finally {
    ecs.destroy();
  }
}

const METRIC_CHECKS = '5xx-rate < 1%\np95-latency < +30%\ncpu-max < 90%';

/**
 * The release metrics, cost and time sections of the PR comment as the report step left them; each of
 * `expected` (what this release's comment must show) has to match them.
 */
function printMetrics(github: GitHubFake, release: string, expected: Record<string, RegExp>): void {
  const body = github.state.issueComments.get(PR)?.at(-1)?.body ?? '';
  const section = /\*\*Release metrics\*\*[\s\S]*?(?=\n\n(?:<details>|<sub>|###)|$)/.exec(body)?.[0];
  if (!section) throw new Error(`the PR comment has no release metrics for ${release}`);
  console.log(dim(`  PR comment, release metrics, cost and time of ${release}:`));
  for (const line of section.split('\n')) console.log(`    ${line}`);
  const missing = Object.entries(expected).filter(([, pattern]) => !pattern.test(section));
  if (missing.length) {
    throw new Error(`the PR comment of ${release} lacks ${missing.map(([what]) => what).join(', ')}`);
  }
}

/** The private engine and registry of scripts/ci/docker.sh, when they are running (the demo never starts them). */
function runningDocker(): Record<string, string> | undefined {
  try {
    const out = execFileSync('bash', [join(repoRoot, 'scripts', 'ci', 'docker.sh'), 'env'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return Object.fromEntries([...out.matchAll(/^export ([A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  } catch {
    return undefined;
  }
}

async function main() {
  const demoStarted = Date.now();
  const docker = runningDocker();
  const sim = await startSimulator({
    speed: SPEED,
    ecrRegistry: docker && {
      url: docker.ECR_REGISTRY_URL!,
      username: docker.ECR_REGISTRY_USER!,
      password: docker.ECR_REGISTRY_PASSWORD!,
    },
    scenario: {
      ...seedArchitecture({
        releases: [
          // v3.1 is healthy by every ECS and load-balancer signal, only slower: p95 120 ms → 400 ms.
          slowerRelease({ image: ':v3.1' }),
          { match: { image: ':v3' }, crash: { afterSeconds: 8, exitCode: 3 }, logLines: brokenLog },
          // v4 takes an hour to start its tasks: the deploy is still watching when the run is cancelled.
          { match: { image: ':v4' }, startSeconds: 3600 },
          {
            match: { content: 'migrate' },
            exitCode: 0,
            runSeconds: 20,
            logLines: [
              'Operations to perform:',
              '  Apply all migrations: orders',
              '  Applying orders.0042_checkout_version... OK',
            ],
          },
        ],
      }),
      containerInsights: ['web'],
    },
  });
  const github = await startGitHubFake({
    repository: 'acme/shop',
    pulls: [{ number: PR, headSha: SHA, headRef: 'feature/checkout-v2' }],
  });
  const grafana = await startGrafanaFake();
  const flow = new Workflow(sim, github, grafana);
  await markSeedVerified(sim);
  const registry = `123456789012.dkr.ecr.${sim.region}.amazonaws.com`; // seedArchitecture's account
  console.log(bold('ecs-deploy-actions demo: a push to main, against simulated AWS on loopback'));
  console.log(
    dim(
      `AWS_ENDPOINT_URL=${sim.url} (×${SPEED} time)   GITHUB_API_URL=${github.url}   grafana-url=${grafana.url}`,
    ),
  );
  console.log(
    dim(
      'World: cluster web; services backend (Django, /api/*) and frontend (/) behind web-alb; alarm web-alb-5xx.',
    ),
  );

  try {
    if (docker) {
      const build = {
        title: 'Build and push the backend image (build once per commit)',
        action: 'build-push',
        inputs: {
          repository: 'backend',
          context: join(repoRoot, 'test', 'fixtures', 'images', 'two-layer'),
          network: 'none',
          tags: `demo-${Date.now()}`,
          logout: 'false',
        },
      };
      const env = {
        DOCKER_HOST: docker.DOCKER_HOST!,
        DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'demo-docker-')),
      };
      await flow.run({ ...build }, false, env);
      await flow.run(
        { ...build, title: 'Re-run of the same workflow: the image exists, nothing is rebuilt' },
        false,
        env,
      );
    } else {
      console.log(
        dim(
          '\n(build-push is skipped: it needs the Docker engine of `bash scripts/ci/docker.sh start`; ready images are used.)',
        ),
      );
    }

    console.log(bold('\n═══ Workflow run 1: push of release v2, on half the CPU ═══'));
    const renderGood = await flow.run({
      // Last week's comment said 0.25 vCPU would hold backend's peak: v2 takes the hint.
      title: 'Render backend task definition for release v2, with cpu 256 (was 512)',
      action: 'render-task-definition',
      inputs: {
        'task-definition-family': 'backend',
        'container-name': 'backend',
        image: `${registry}/backend:v2`,
        environment: 'RELEASE=v2\nDATABASE_URL=postgres://app:s3cr3t-password@db.internal/app',
        cpu: '256',
      },
    });
    await flow.run({
      title: 'Run migrations as a one-off task',
      action: 'run-task',
      inputs: {
        cluster: 'web',
        service: 'backend',
        'task-definition': renderGood.outputs['task-definition']!,
        command: 'python manage.py migrate --noinput',
        'poll-interval': '1s',
      },
    });
    await flow.run({
      title: 'Deploy backend v2 (gated: tasks, target health, HTTP, alarms)',
      action: 'deploy',
      inputs: {
        cluster: 'web',
        service: 'backend',
        'task-definition': renderGood.outputs['task-definition']!,
        'health-check-url': `${sim.listeners().production}/api/health`,
        alarms: 'web-alb-5xx',
        'poll-interval': '1s',
        // Four simulated minutes of bake: CloudWatch has one datapoint per minute.
        'bake-time': '4s',
        'metric-checks': METRIC_CHECKS,
      },
    });
    await flow.report(1);
    printMetrics(github, 'v2', {
      'the metrics table with sparklines': /\| Latency p95 \|[^\n]*`[▁▂▃▄▅▆▇█]+│[▁▂▃▄▅▆▇█·]+`/,
      'passed metric checks': /\| `p95-latency < \+30%` \| ✅ passed/,
      'the cost change of the smaller CPU': /\*\*Cost:\*\* [^\n]*\(−\$[\d.]+ vs rev 1: cpu 512→256/,
      'the time breakdown': /\*\*Where the time went:\*\*/,
    });

    console.log(bold('\n═══ Workflow run 2: push of release v3, which crashes on boot ═══'));
    const renderBad = await flow.run({
      title: 'Render backend task definition for release v3',
      action: 'render-task-definition',
      inputs: {
        'task-definition-family': 'backend',
        'container-name': 'backend',
        image: `${registry}/backend:v3`,
        environment: 'RELEASE=v3',
      },
    });
    await flow.run(
      {
        title: 'Deploy backend v3: the gates catch the crash and roll back by themselves',
        action: 'deploy',
        inputs: {
          cluster: 'web',
          service: 'backend',
          'task-definition': renderBad.outputs['task-definition']!,
          alarms: 'web-alb-5xx',
          'poll-interval': '1s',
        },
      },
      true,
    );
    await flow.report(1);

    console.log(bold('\n═══ Workflow run 2b: push of release v3.1, healthy but slower ═══'));
    const renderSlower = await flow.run({
      title: 'Render backend task definition for release v3.1',
      action: 'render-task-definition',
      inputs: {
        'task-definition-family': 'backend',
        'container-name': 'backend',
        image: `${registry}/backend:v3.1`,
        environment: 'RELEASE=v3.1',
      },
    });
    await flow.run(
      {
        title: 'Deploy backend v3.1: every ECS gate passes; the metric check on p95 latency rolls it back',
        action: 'deploy',
        inputs: {
          cluster: 'web',
          service: 'backend',
          'task-definition': renderSlower.outputs['task-definition']!,
          'poll-interval': '1s',
          'bake-time': '4s',
          'metric-checks': METRIC_CHECKS,
        },
      },
      true,
    );
    await flow.report(1);
    printMetrics(github, 'v3.1', {
      'the failed metric check': /\| `p95-latency < \+30%` \| ❌ failed/,
      'the latency regression': /\| Latency p95 ⚠️ \|/,
    });

    console.log(bold('\n═══ Workflow run 3: manual rollback (workflow_dispatch), to: previous ═══'));
    const rollbackInputs = {
      cluster: 'web',
      services: 'backend',
      to: 'previous',
      alarms: 'web-alb-5xx',
      'poll-interval': '1s',
    };
    await flow.run({
      title: 'Rollback dry run: which revision would `previous` pick, and why',
      action: 'rollback',
      inputs: { ...rollbackInputs, 'dry-run': 'true' },
    });
    flow.reports.splice(0); // a dry run changes nothing: nothing to comment
    const rolledBack = await flow.run({
      title: 'Roll backend back to the newest revision verified before the one serving',
      action: 'rollback',
      inputs: rollbackInputs,
    });
    const history = /#### Release history[^\n]*\n\n(?:\|[^\n]*\n)+/.exec(rolledBack.summary)?.[0];
    if (!history) throw new Error('the rollback job summary has no release history');
    console.log(dim('  job summary, release history:'));
    for (const line of history.trim().split('\n')) console.log(`    ${line}`);
    await flow.report(1);

    console.log(bold('\n═══ Workflow run 4: push of release v4 (3 tasks), cancelled mid-deploy ═══'));
    const renderSlow = await flow.run({
      title: 'Render backend task definition for release v4',
      action: 'render-task-definition',
      inputs: {
        'task-definition-family': 'backend',
        'container-name': 'backend',
        image: `${registry}/backend:v4`,
        environment: 'RELEASE=v4',
      },
    });
    const cancelled = {
      title: 'Deploy backend v4 with desired count 3: someone cancels the run (the runner sends SIGINT)',
      action: 'deploy',
      inputs: {
        cluster: 'web',
        service: 'backend',
        'task-definition': renderSlow.outputs['task-definition']!,
        'desired-count': '3',
        'poll-interval': '1s',
      },
    };
    const main = await flow.run(
      cancelled,
      true,
      {},
      {
        signalAfter: { pattern: /updated service backend/, signal: 'SIGINT' },
      },
    );
    await flow.run(
      { ...cancelled, title: 'The runner runs the post step: it waits for the rollback to backend:1' },
      false,
      {},
      { stage: 'post', state: main.state },
    );
    const last = await flow.report(1);

    const comments = github.state.issueComments.get(PR) ?? [];
    console.log(
      `\n${bold(`PR #${PR} has ${comments.length} comment(s) from the report step, updated in place by each run. It reads:`)}\n`,
    );
    console.log(comments.at(-1)?.body ?? readFileSync(last.outputs.markdown!, 'utf8'));
    console.log(
      bold(
        `\nGrafana received ${grafana.annotations.length} annotation(s): ${grafana.annotations.map((a) => a.tags.find((t) => t.startsWith('revision:'))).join(', ')}.`,
      ),
    );
    // Each step signed with a key bound to its action's documented IAM policy (test/helpers/iam-policies.ts):
    // a read the policy forgot would only show as a note in the comment, so the demo fails on it instead.
    const denials = sim.iam();
    if (denials.length) {
      throw new Error(
        `the documented IAM policies denied ${denials.length} call(s):\n${denials.map((d) => `  ${d.action} on ${d.resource}: ${d.message}`).join('\n')}`,
      );
    }
    console.log(bold(`\nDemo finished in ${((Date.now() - demoStarted) / 1000).toFixed(1)} s.`));
  } finally {
    await github.close();
    await grafana.close();
    await sim.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
