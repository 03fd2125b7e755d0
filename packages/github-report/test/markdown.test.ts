import { describe, expect, it } from '@jest/globals';
import type { DeploymentReport, ReleaseRecord, TaskDefinitionRef } from '../../deploy-report/index.js';
import { grafanaSettings } from '../../links/index.js';
import { COMMENT_LIMIT, commentMarker, renderComment, renderSummary, statusDescription } from '../index.js';
import { fixture } from './fixtures.js';

const options = { environment: 'production', run: { repository: 'acme/shop' } };
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** A failed report with a `lines`-line log (each `width` characters) and `events` timeline entries. */
function bigFailure(lines: number, width: number, events: number): DeploymentReport {
  const base = fixture('failed');
  const start = Date.parse(base.startedAt);
  return {
    ...base,
    cause: {
      ...base.cause!,
      logLines: Array.from({ length: lines }, (_, i) => `line ${i} `.padEnd(width, 'x')),
    },
    timeline: Array.from({ length: events }, (_, i) => ({
      at: new Date(start + i * 1000).toISOString(),
      kind: 'task',
      message: `event ${i}: task ${i.toString(16).padStart(8, '0')} changed state to RUNNING then STOPPED`,
    })),
  };
}

describe('comment markdown (golden)', () => {
  it.each(['succeeded', 'rolled-back', 'failed', 'run-task-succeeded', 'run-task-failed'] as const)(
    '%s',
    (name) => {
      expect(renderComment([fixture(name)], options)).toMatchSnapshot();
    },
  );

  it('a one-off task and the deploy it came before, in one comment', () => {
    expect(renderComment([fixture('run-task-succeeded'), fixture('succeeded')], options)).toMatchSnapshot();
  });

  it('several services: one comment, a section each, worst first', () => {
    const body = renderComment([fixture('succeeded'), fixture('rolled-back')], options);
    expect(body).toMatchSnapshot();
    expect(body.split('\n')[2]).toBe(
      '## ⏪ production: frontend rolled back to shop-frontend:17 by the deploy step, backend deployed',
    );
    expect(body.match(/^### .*/gm)).toEqual([
      '### ⏪ frontend rolled back to shop-frontend:17 by the deploy step',
      '### ✅ backend deployed',
    ]);
  });

  it('in progress before the deploy: no report, the commit and the run', () => {
    const body = renderComment([], {
      environment: 'preview-7',
      status: 'in-progress',
      environmentUrl: 'https://pr-7.preview.example.com',
      run: {
        repository: 'acme/shop',
        sha: '3f9c2e1b7a4d5c6e8f9a0b1c2d3e4f5a6b7c8d9e',
        url: 'https://github.com/acme/shop/actions/runs/1',
      },
    });
    expect(body).toMatchSnapshot();
  });
});

describe('comment content', () => {
  it('shows the gates that ran and counts the ones that did not apply', () => {
    const report: DeploymentReport = {
      ...fixture('succeeded'),
      gates: [
        { name: 'tasks', status: 'passed', detail: '2/2 tasks running' },
        { name: 'http', status: 'not-applicable', detail: 'no health-check-url given' },
        { name: 'alarms', status: 'not-applicable', detail: 'no alarms given' },
      ],
    };
    const body = renderComment([report], options);
    expect(body).toContain('✅ tasks ➖ 2 not applicable');
    expect(body).not.toMatch(/➖ http/);
  });

  it('starts with the marker of its environment', () => {
    const body = renderComment([fixture('succeeded')], { ...options, environment: 'preview-12' });
    expect(body.startsWith(`${commentMarker('preview-12')}\n`)).toBe(true);
    expect(commentMarker('preview-12')).toBe('<!-- ecs-deploy-actions:report environment=preview-12 -->');
    // One environment's marker is not the start of another's.
    expect(commentMarker('preview-123').startsWith(commentMarker('preview-12'))).toBe(false);
    expect(commentMarker('a --> b')).not.toContain('-->  b');
  });

  it('puts the cause before the facts and the links, and folds logs and the timeline', () => {
    const body = renderComment([fixture('failed')], options);
    const at = (s: string) => body.indexOf(s);
    expect(at('**Cause:** container app exited with code 3')).toBeGreaterThan(0);
    expect(at('**Cause:**')).toBeLessThan(at('| Image |'));
    expect(at('| Image |')).toBeLessThan(at('🔗 '));
    expect(at('<details><summary>Last 40 of 80 log lines')).toBeLessThan(at('| Image |'));
    expect(body).toContain(
      'django.db.utils.ProgrammingError: column orders_order.checkout_version does not exist',
    );
    expect(body).toContain('> [!CAUTION]');
    expect(body).toMatch(/<details><summary>Details: 1 change · 11 events<\/summary>/);
    expect(body).toContain('`shop-backend` 42 → [43]');
  });

  it('shows short image digests and commits, strategy and duration', () => {
    const body = renderComment([fixture('succeeded')], options);
    expect(body).toContain('`shop/backend:3f9c2e1@sha256:9f86d081884c`');
    expect(body).toContain(
      '[`3f9c2e1`](https://github.com/acme/shop/commit/3f9c2e1b7a4d5c6e8f9a0b1c2d3e4f5a6b7c8d9e)',
    );
    expect(body).toContain('| rolling | 3m 12s | ✅ rollout ✅ tasks ✅ target-health ✅ http ✅ alarms |');
  });

  it('adds Grafana links when configured', () => {
    const grafana = grafanaSettings({
      url: 'https://grafana.example.com',
      orgId: 1,
      dashboardUid: 'ecs',
      vars: [{ key: 'service', value: '{{service}}', line: 1 }],
      datasourceUid: 'prom',
      query: 'up{service="{{service}}"}',
    });
    const body = renderComment([fixture('succeeded')], { ...options, links: { marginMs: 0, grafana } });
    expect(body).toContain(
      '[Grafana dashboard](https://grafana.example.com/d/ecs?orgId=1&from=1736935200000&to=1736935392000&var-service=backend)',
    );
    expect(body).toMatch(
      /\[Grafana Explore\]\(https:\/\/grafana\.example\.com\/explore\?schemaVersion=1&orgId=1&panes=[^)\s]+\)/,
    );
  });

  it('keeps tables and mentions safe from the text it shows', () => {
    const report: DeploymentReport = {
      ...fixture('rolled-back'),
      service: 'web|api',
      cause: {
        gate: 'http',
        summary: 'ping @octocat: `boom` | <b>bold</b>',
        httpStatus: 500,
        url: 'https://x/a|b',
      },
      gates: [{ name: 'x|y', status: 'failed' }],
    };
    const body = renderComment([report], options);
    expect(body).toContain('**Cause:** ping @&#8203;octocat: \\`boom\\` \\| \\<b\\>bold\\</b\\>');
    expect(body).toContain('HTTP 500 from `https://x/a|b`');
    const row = body.split('\n').find((l) => l.startsWith('| `shop/frontend'))!;
    // Six cells: every `|` inside a cell is escaped.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
  });

  it('fences log lines that contain backtick fences', () => {
    const report = fixture('failed');
    report.cause!.logLines = ['before', '```', 'after ````'];
    const body = renderComment([report], options);
    expect(body).toContain('`````text\nbefore\n```\nafter ````\n`````');
  });

  it('replaces secret values wherever they appear', () => {
    const report = fixture('failed');
    report.cause!.logLines = ['auth failed for token ghs_s3cretTokenValue123'];
    const body = renderComment([report], { ...options, secrets: ['ghs_s3cretTokenValue123'] });
    expect(body).not.toContain('ghs_s3cretTokenValue123');
    expect(body).toContain('auth failed for token ***');
  });

  it('says who rolled back in the headline, marks dry runs, and names changed keys without values', () => {
    const headline = (report: DeploymentReport) => renderComment([report], options).split('\n')[2];
    const rolledBack = fixture('rolled-back');
    expect(headline({ ...rolledBack, rolledBackBy: 'ECS' })).toBe(
      '## ⏪ production: frontend rolled back to shop-frontend:17 by ECS (circuit breaker)',
    );
    expect(
      headline({
        ...rolledBack,
        rolledBackBy: 'ECS',
        cause: { gate: 'rollout', summary: 'alarm shop-frontend-5xx', alarmName: 'shop-frontend-5xx' },
      }),
    ).toBe('## ⏪ production: frontend rolled back to shop-frontend:17 by ECS (deployment alarm)');
    expect(headline({ ...rolledBack, rolledBackBy: 'CodeDeploy' })).toBe(
      '## ⏪ production: frontend rolled back to shop-frontend:17 by CodeDeploy',
    );
    expect(headline(rolledBack)).toBe(
      '## ⏪ production: frontend rolled back to shop-frontend:17 by the deploy step',
    );
    const { rolledBackBy: _, ...older } = rolledBack;
    expect(headline(older)).toBe('## ⏪ production: frontend rolled back to shop-frontend:17');
    expect(renderComment([rolledBack], options)).toMatch(/, back on 17 \|/);
    const dry = renderComment([{ ...fixture('succeeded'), dryRun: true }], options);
    expect(dry).toContain('## ✅ production: backend dry run passed, nothing deployed');
    expect(dry).toContain('| `app` | environment `FEATURE_CHECKOUT_V2` added | – | – |');
  });

  it('overrides the status for a comment posted before the deploy', () => {
    const body = renderComment([fixture('succeeded')], { ...options, status: 'in-progress' });
    expect(body).toContain('## ⏳ production: backend deploying');
  });
});

describe('one-off tasks (run-task reports)', () => {
  it('say what ran and how it ended, without a strategy or the service deployments tab', () => {
    const ok = renderComment([fixture('run-task-succeeded')], options);
    expect(ok.split('\n')[2]).toBe('## ✅ production: migrations (shop-backend:42) succeeded in 42s');
    const failed = renderComment([fixture('run-task-failed')], options);
    expect(failed.split('\n')[2]).toBe('## ❌ production: migrations (shop-backend:43) exited with code 3');
    for (const body of [ok, failed]) {
      expect(body).toContain('| Image | Commit | Task definition | Exit code | Duration |');
      expect(body).not.toContain('Strategy');
      expect(body).not.toContain('rolling');
      expect(body).not.toContain('/deployments?');
    }
    expect(failed).toContain('| 3 | 49s |');
  });

  it('link the ECS task and its log stream, and fold the failed log like a deploy failure', () => {
    const body = renderComment([fixture('run-task-failed')], options);
    const task = '9c8b7a6d5e4f43a2b1c0d9e8f7a6b5c4';
    expect(body).toContain(
      `🔗 [ECS task \`9c8b7a6d\`](https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/shop-production/tasks/${task}/configuration?region=eu-west-1) · [Log stream](`,
    );
    expect(body).toContain(`log-events/ecs$252Fapp$252F${task}`);
    const at = (s: string) => body.indexOf(s);
    expect(at('**Cause:** container app exited with code 3')).toBeGreaterThan(0);
    expect(at('<details><summary>Last 19 log lines · <code>app</code>, task 9c8b7a6d')).toBeGreaterThan(
      at('**Cause:**'),
    );
    expect(at('django.db.utils.IntegrityError')).toBeLessThan(at('| Image |'));
  });

  it('name a task without a name by its task definition, and a task that did not exit by its failure', () => {
    const { taskName: _, ...unnamed } = fixture('run-task-failed');
    expect(renderComment([unnamed], options).split('\n')[2]).toBe(
      '## ❌ production: one-off task shop-backend:43 exited with code 3',
    );
    const { exitCode: __, ...timedOut } = fixture('run-task-failed');
    expect(statusDescription([timedOut])).toBe('migrations (shop-backend:43) failed');
    expect(renderComment([fixture('run-task-succeeded')], { ...options, status: 'in-progress' })).toContain(
      '## ⏳ production: migrations (shop-backend:42) running',
    );
  });

  it('are counted apart from services in a headline over several reports', () => {
    const both = renderComment([fixture('run-task-succeeded'), fixture('succeeded')], options);
    expect(both.split('\n')[2]).toBe('## ✅ production: backend deployed · 1 one-off task');
    expect(both.match(/^### .*/gm)).toEqual([
      '### ✅ migrations (shop-backend:42) succeeded in 42s',
      '### ✅ backend deployed',
    ]);
    const failedTask = renderComment([fixture('succeeded'), fixture('run-task-failed')], options);
    expect(failedTask.split('\n')[2]).toBe('## ❌ production: backend deployed · 1 one-off task failed');
    // Four deploys of two services and two tasks: services are counted by name, tasks apart.
    const many = [
      fixture('succeeded'),
      { ...fixture('succeeded'), kind: 'rollback' as const },
      fixture('rolled-back'),
      fixture('rolled-back'),
      fixture('run-task-succeeded'),
      fixture('run-task-failed'),
    ];
    expect(renderComment(many, options).split('\n')[2]).toBe(
      '## ❌ production: 2 services: 2 rolled back, 2 succeeded · 2 one-off tasks: 1 failed, 1 succeeded',
    );
    expect(renderComment([fixture('run-task-succeeded'), fixture('run-task-failed')], options)).toContain(
      '## ❌ production: migrations (shop-backend:43) exited with code 3, migrations (shop-backend:42) succeeded in 42s',
    );
  });

  it('describe a deployment status in one line', () => {
    expect(statusDescription([fixture('run-task-succeeded'), fixture('succeeded')])).toBe(
      'migrations (shop-backend:42) succeeded in 42s; backend deployed in 3m 12s',
    );
  });
});

describe('size limits', () => {
  it('fits a 200 KB failure log and a 3,000-event timeline under 65,536 bytes, cause and last lines kept', () => {
    const report = bigFailure(2000, 100, 3000);
    expect(report.cause!.logLines!.join('\n').length).toBeGreaterThan(200_000);
    const body = renderComment([report], options);
    expect(bytes(body)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain('**Cause:** container app exited with code 3');
    expect(body).toContain('line 1999 ');
    expect(body).toContain('Last 40 of 2000 log lines');
    expect(body).toMatch(
      /_Shortened to fit GitHub's size limit: timeline (cut to its last 20 events|left out)/,
    );
  });

  it('cuts overlong log lines with a note', () => {
    const body = renderComment([bigFailure(3, 5000, 0)], options);
    expect(body).toContain('_3 lines longer than 500 characters cut._');
    expect(body).not.toMatch(/x{501}/);
  });

  it('shortens the timeline before the logs', () => {
    const report = bigFailure(40, 200, 400);
    const full = renderComment([report], { ...options, limit: 1_000_000 });
    const limit = bytes(full) - 1000;
    const body = renderComment([report], { ...options, limit });
    expect(bytes(body)).toBeLessThanOrEqual(limit);
    expect(body).toContain('Last 40 log lines');
    expect(body).toContain('last 20 of 400 events');
  });

  it('leaves out whole services, listed, when even the leanest sections do not fit', () => {
    const reports = Array.from({ length: 40 }, (_, i) => ({ ...fixture('succeeded'), service: `svc-${i}` }));
    const body = renderComment(reports, options);
    expect(bytes(body)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toMatch(/_\d+ more services left out to fit the size limit: ✅ \[svc-/);
    expect(body).toContain('## ✅ production: 40 services: 40 succeeded');
    expect(body).toContain('svc-39');
  });

  it('gives the job summary the same content without the marker, at full detail', () => {
    const report = bigFailure(100, 100, 3000);
    const summary = renderSummary([report], options);
    expect(summary.startsWith('## ❌ production: backend deploy failed')).toBe(true);
    expect(summary).not.toContain('<!--');
    expect(summary).toContain('3000 events');
    // The step's 1 MiB is the runner's summary writer's to enforce (packages/runner/test/summary.test.ts):
    // it alone knows what else the step wrote. Here the whole timeline is rendered.
    const huge = renderSummary([bigFailure(100, 100, 20_000)], options);
    expect(bytes(huge)).toBeGreaterThan(1024 * 1024);
    expect(huge).toContain('event 19999: ');
    expect(huge).not.toContain('Shortened to fit');
    // A caller can still ask for a limit.
    const limited = renderSummary([bigFailure(100, 100, 20_000)], { ...options, limit: 1024 * 1024 });
    expect(bytes(limited)).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('deployment status descriptions', () => {
  it('say what happened in at most 140 characters', () => {
    expect(statusDescription([fixture('succeeded')])).toBe('backend deployed in 3m 12s');
    expect(statusDescription([fixture('succeeded'), fixture('rolled-back')])).toBe(
      'backend deployed in 3m 12s; frontend rolled back to shop-frontend:17 by the deploy step in 6m 40s',
    );
    expect(statusDescription([], 'in-progress')).toBe('deploying');
    expect(statusDescription([{ ...fixture('succeeded'), dryRun: true }])).toBe(
      'backend dry run passed, nothing deployed in 3m 12s',
    );
    // The duration belongs to the deploy, not to the clause about the rollback.
    expect(statusDescription([fixture('failed')])).toMatch(
      /^backend deploy failed in [^,]+, rollback did not finish$/,
    );
    const many = Array.from({ length: 10 }, (_, i) => ({ ...fixture('succeeded'), service: `service-${i}` }));
    const long = statusDescription(many);
    expect([...long].length).toBe(140);
    expect(long.endsWith('…')).toBe(true);
  });
});

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task-definition';
const td = (revision: number, family = 'shop-backend'): TaskDefinitionRef => ({
  arn: `${ARN}/${family}:${revision}`,
  family,
  revision,
});
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/backend';

/** The family's newest revisions, newest first, as deploy and rollback record them. */
function releaseHistory(count = 4, newest = 44): ReleaseRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const revision = newest - i;
    const sha = `${revision}`.repeat(20).slice(0, 40);
    return {
      ...td(revision),
      status: 'ACTIVE',
      registeredAt: new Date(Date.parse('2025-01-15T09:00:00.000Z') - i * 86_400_000).toISOString(),
      registeredBy: 'github-actions/run-1001',
      gitSha: sha,
      actor: 'octocat',
      images: { app: `${IMAGE}:${sha.slice(0, 7)}` },
      ...(revision === 44 ? { verdict: 'failed' as const, verdictAt: '2025-01-15T10:09:00.000Z' } : {}),
      ...(revision === 41 ? { verdict: 'verified' as const, verdictAt: '2025-01-12T10:09:00.000Z' } : {}),
      ...(revision === 41 ? { live: true } : {}),
    };
  });
}

/**
 * A rollback report of backend from shop-backend:44 to shop-backend:41. The rollback fields are spread from
 * a plain object, so the test reads them as the report action does: from JSON.
 */
function rollbackReport(
  status: 'succeeded' | 'failed' | 'in-progress' = 'succeeded',
  extra: Record<string, unknown> = {},
): DeploymentReport {
  const base = fixture('succeeded');
  const rollback: Record<string, unknown> = {
    rolledBackFrom: td(44),
    rolledBackTo: td(41),
    rollbackRequest: 'previous',
    ...extra,
  };
  return {
    ...base,
    kind: 'rollback',
    status,
    taskDefinition: td(41),
    registered: false,
    previousTaskDefinition: td(44),
    images: { app: `${IMAGE}:4141414` },
    changes: undefined,
    durationSeconds: 90,
    finishedAt: '2025-01-15T10:01:30.000Z',
    timeline: [
      {
        at: '2025-01-15T10:00:00.000Z',
        kind: 'rollback',
        message: 'to: previous → shop-backend:41, the newest revision verified for backend',
      },
      {
        at: '2025-01-15T10:00:02.000Z',
        kind: 'stage',
        message: 'UpdateService: shop-backend:44 → shop-backend:41',
      },
      { at: '2025-01-15T10:01:30.000Z', kind: 'stage', message: 'rollout COMPLETED' },
    ],
    history: releaseHistory(),
    verdicts: [
      {
        revision: td(41),
        verdict: status === 'failed' ? 'failed' : 'verified',
        at: '2025-01-15T10:01:30.000Z',
      },
    ],
    ...rollback,
  };
}

const headlineOf = (body: string) => body.split('\n')[2];

/** HTML GitHub would render: a `<` not escaped by a backslash, outside code spans (where it is text). */
const rawHtml = (body: string) =>
  /(?<!\\)<(?!!-- |\/?(?:details|summary|sub|code)>|br>)/.test(body.replace(/`[^`\n]*`/g, ''));

describe('rollback reports', () => {
  it('(the HTML check of these tests finds HTML)', () => {
    expect(rawHtml('a <img src=x>')).toBe(true);
    expect(rawHtml('a \\<img src=x\\> `<b>` <details><summary>x</summary>')).toBe(false);
  });

  it('golden: a rollback that succeeded, with its verdict and the release history', () => {
    expect(renderComment([rollbackReport()], options)).toMatchSnapshot();
  });

  it('say who rolled back, from and to which revision, and how the target was chosen', () => {
    const body = renderComment([rollbackReport()], options);
    expect(headlineOf(body)).toBe(
      '## ✅ production: backend rolled back by @&#8203;octocat from shop-backend:44 to shop-backend:41 (to: previous)',
    );
    // The mention never pings: a zero-width space follows the @.
    expect(body).not.toMatch(/@octocat/);
    expect(body).toContain('`shop-backend` 44 → [41](');
    const { rollbackRequest: _, ...asked } = rollbackReport() as DeploymentReport & Record<string, unknown>;
    expect(headlineOf(renderComment([asked as DeploymentReport], options))).toBe(
      '## ✅ production: backend rolled back by @&#8203;octocat from shop-backend:44 to shop-backend:41',
    );
    const nobody = { ...rollbackReport(), git: { sha: 'abc1234' } };
    expect(headlineOf(renderComment([nobody], options))).toBe(
      '## ✅ production: backend rolled back from shop-backend:44 to shop-backend:41 (to: previous)',
    );
    expect(headlineOf(renderComment([rollbackReport('in-progress')], options))).toBe(
      '## ⏳ production: backend rolling back from shop-backend:44 to shop-backend:41 (to: previous)',
    );
    expect(headlineOf(renderComment([rollbackReport()], { ...options, status: 'in-progress' }))).toBe(
      '## ⏳ production: backend rolling back from shop-backend:44 to shop-backend:41 (to: previous)',
    );
  });

  it('say a failed rollback failed, that the from-revision serves again when restored, and the cause', () => {
    const cause = {
      gate: 'http',
      summary: 'GET https://shop.example.com/api/health returned 503',
      httpStatus: 503,
    };
    const restored = rollbackReport('failed', { restored: true, rollbackRequest: '41', cause });
    const body = renderComment([restored], options);
    expect(headlineOf(body)).toBe(
      '## ❌ production: backend rollback from shop-backend:44 to shop-backend:41 (to: 41) failed, shop-backend:44 serves again',
    );
    expect(body).toContain('**Cause:** GET https://shop.example.com/api/health returned 503');
    expect(body.indexOf('**Cause:**')).toBeLessThan(body.indexOf('| Image |'));
    expect(body).toMatch(/\[41\]\([^)]+\) ❌ marked failed, back on 44 \|/);
    // `restored` naming the revision put back.
    const named = rollbackReport('failed', { restored: td(44), cause });
    expect(headlineOf(renderComment([named], options))).toContain('failed, shop-backend:44 serves again');
    const stuck = rollbackReport('failed', { cause, verdicts: [] });
    expect(headlineOf(renderComment([stuck], options))).toBe(
      '## ❌ production: backend rollback from shop-backend:44 to shop-backend:41 (to: previous) failed',
    );
    expect(renderComment([stuck], options)).not.toContain('serves again');
  });

  it('describe the deployment status in short, within 140 characters', () => {
    expect(statusDescription([rollbackReport()])).toBe(
      'backend rolled back by @octocat from shop-backend:44 to shop-backend:41 in 1m 30s',
    );
    expect(statusDescription([rollbackReport('failed', { restored: true })])).toBe(
      'backend rollback from shop-backend:44 to shop-backend:41 failed in 1m 30s, shop-backend:44 serves again',
    );
    expect(statusDescription([rollbackReport()], 'in-progress')).toBe(
      'backend rolling back from shop-backend:44 to shop-backend:41',
    );
    const long = rollbackReport('failed', {
      restored: true,
      rolledBackFrom: td(44, 'a'.repeat(60)),
      rolledBackTo: td(41, 'a'.repeat(60)),
    });
    const line = statusDescription([long]);
    expect([...line].length).toBe(140);
    expect(line.endsWith('…')).toBe(true);
  });

  it('escape the actor and the request, which come from the workflow', () => {
    const hostile = {
      ...rollbackReport('succeeded', { rollbackRequest: '<script>x</script>\n| a' }),
      git: { actor: '<img src=x>', sha: '3f9c2e1b7a4d5c6e8f9a0b1c2d3e4f5a6b7c8d9e' },
    };
    const body = renderComment([hostile], options);
    expect(rawHtml(body)).toBe(false);
    expect(headlineOf(body)).toBe(
      '## ✅ production: backend rolled back by @\\<img src=x\\> from shop-backend:44 to shop-backend:41 (to: \\<script\\>x\\</script\\> \\| a)',
    );
  });
});

describe('verdicts', () => {
  const verified = (error?: string): DeploymentReport => ({
    ...fixture('succeeded'),
    verdicts: [
      { revision: td(42), verdict: 'verified', at: '2025-01-15T10:03:12.000Z', ...(error ? { error } : {}) },
    ],
  });

  it('show a verified release next to its revision', () => {
    const body = renderComment([verified()], options);
    expect(body).toMatch(/`shop-backend` 41 → \[42\]\([^)]+\) ✅ verified \|/);
    expect(body).not.toContain('Could not tag');
    // A verdict on another revision is not this release's.
    const other = { ...fixture('succeeded'), verdicts: [{ ...verified().verdicts![0]!, revision: td(40) }] };
    expect(renderComment([other], options)).not.toContain('✅ verified');
    expect(renderComment([fixture('succeeded')], options)).not.toContain('verified');
  });

  it('say when the verdict could not be written as a tag, and why', () => {
    const body = renderComment(
      [verified('AccessDeniedException: not authorized to perform ecs:TagResource')],
      options,
    );
    expect(body).toMatch(/\[42\]\([^)]+\) ✅ verified \(tag not written\) \|/);
    expect(body).toContain(
      '⚠️ Could not tag `shop-backend:42` as verified: AccessDeniedException: not authorized to perform ecs:TagResource. The verdict holds for this report only',
    );
    expect(body.indexOf('⚠️ Could not tag')).toBeGreaterThan(body.indexOf('| Image |'));
    expect(body.indexOf('⚠️ Could not tag')).toBeLessThan(body.indexOf('🔗 '));
    const hostile = renderComment([verified('<img src=x> @octocat')], options);
    expect(rawHtml(hostile)).toBe(false);
    expect(hostile).toContain('\\<img src=x\\> @&#8203;octocat');
  });

  it('mark a rolled-back release failed', () => {
    const report: DeploymentReport = {
      ...fixture('rolled-back'),
      verdicts: [{ revision: td(18, 'shop-frontend'), verdict: 'failed', at: '2025-01-15T10:10:10.000Z' }],
    };
    expect(renderComment([report], options)).toMatch(/\[18\]\([^)]+\) ❌ marked failed, back on 17 \|/);
  });

  it('ignore verdicts of the wrong shape', () => {
    const report = {
      ...fixture('succeeded'),
      verdicts: [null, { verdict: 'verified' }, { revision: td(42), verdict: 'maybe' }, 'x'],
    } as unknown as DeploymentReport;
    expect(renderComment([report], options)).not.toContain('verified');
  });
});

describe('release history', () => {
  const withHistory = (extra: Partial<DeploymentReport> = {}): DeploymentReport => ({
    ...fixture('succeeded'),
    history: releaseHistory(4, 42),
    ...extra,
  });

  it('is folded per service after the details, with commits linked on the run server', () => {
    const body = renderComment([withHistory()], {
      ...options,
      run: { repository: 'acme/shop', serverUrl: 'https://ghe.example.com' },
    });
    const at = (s: string) => body.indexOf(s);
    expect(body).toContain('<details><summary>Release history of shop-backend</summary>');
    expect(at('<details><summary>Release history')).toBeGreaterThan(at('<details><summary>Details'));
    expect(at('<details><summary>Release history')).toBeLessThan(at('<sub>'));
    expect(body).toContain('| revision | git sha | image | registered (UTC) | by | verdict |  |');
    // The report's repository names the commits; the run's server hosts them.
    expect(body).toContain(
      '| `shop-backend:42` | [`4242424`](https://ghe.example.com/acme/shop/commit/4242424242424242424242424242424242424242) |',
    );
    expect(body).toContain('✅ verified 2025-01-12 10:09 | 🟢 live |');
    expect(body).not.toContain('Shortened');

    const two = renderComment(
      [
        withHistory(),
        {
          ...fixture('rolled-back'),
          history: releaseHistory(2, 18).map((r) => ({ ...r, family: 'shop-frontend' })),
        },
      ],
      options,
    );
    expect(two.match(/<summary>Release history of [^<]+<\/summary>/g)).toEqual([
      '<summary>Release history of shop-frontend</summary>',
      '<summary>Release history of shop-backend</summary>',
    ]);
  });

  it('is in the job summary too', () => {
    expect(renderSummary([withHistory()], options)).toContain(
      '<summary>Release history of shop-backend</summary>',
    );
  });

  it('escapes hostile values from revision tags and keeps the table whole', () => {
    const [first, ...rest] = releaseHistory(3, 42);
    const hostile = {
      ...first!,
      actor: '<img src=x> @octocat',
      gitSha: 'ab|cd<e>f',
      repository: 'evil)](javascript:alert(1)',
      status: '<b>GONE</b>',
      registeredAt: '<script>alert(1)</script>',
      verdictAt: '<i>x</i>',
      images: { app: 'x/y:<svg onload=1>|z' },
    };
    const body = renderComment([withHistory({ history: [hostile, ...rest] })], options);
    expect(rawHtml(body)).toBe(false);
    expect(body).not.toContain('javascript:');
    expect(body).not.toContain('<script');
    const row = body.split('\n').find((l) => l.startsWith('| `shop-backend:42`'))!;
    expect(row).toContain('\\<img src=x\\> @&#8203;octocat');
    expect(row).toContain('`ab\\|cd<e`');
    expect(row).toContain('\\<b\\>GONE\\</b\\>');
    // Seven cells: every `|` inside a cell is escaped.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(7);
  });

  it('skips records of the wrong shape instead of failing the report', () => {
    const history = [
      null,
      'x',
      { family: 'shop-backend' },
      { family: 'shop-backend', revision: 40, images: 'nope', gitSha: 7, actor: ['a'] },
    ] as unknown as ReleaseRecord[];
    const body = renderComment([withHistory({ history })], options);
    expect(body).toContain('<summary>Release history of shop-backend</summary>');
    expect(body.split('\n').filter((l) => l.startsWith('| `shop-backend:'))).toEqual([
      '| `shop-backend:40` |  |  |  |  |  |  |',
    ]);
    expect(
      renderComment([withHistory({ history: [null] as unknown as ReleaseRecord[] })], options),
    ).not.toContain('Release history');
  });

  it('says in one line why it could not be read', () => {
    const body = renderComment(
      [
        withHistory({
          history: undefined,
          historyError: 'AccessDeniedException: ecs:ListTaskDefinitions <b>denied</b>',
        }),
      ],
      options,
    );
    expect(body).not.toContain('<details><summary>Release history');
    expect(body).toContain(
      '_The release history could not be read: AccessDeniedException: ecs:ListTaskDefinitions \\<b\\>denied\\</b\\>_',
    );
  });

  it('is the first thing left out when the comment is too long', () => {
    const report = withHistory({ history: releaseHistory(200, 300) });
    const full = renderComment([report], { ...options, limit: 1_000_000 });
    expect(full).toContain('Release history of shop-backend');
    expect(full).not.toContain('Shortened');
    const limit = bytes(full) - 100;
    const body = renderComment([report], { ...options, limit });
    expect(bytes(body)).toBeLessThanOrEqual(limit);
    expect(body).not.toContain('Release history of');
    // Nothing else was cut: the whole timeline and the changes are still there.
    expect(body).toContain('<details><summary>Details: 3 changes · 9 events</summary>');
    expect(body).toContain(
      "_Shortened to fit GitHub's size limit: release history left out. The workflow run has the rest._",
    );
  });

  it('is left out before the timeline of a failure, and named in the note with what else was cut', () => {
    const report = { ...bigFailure(40, 200, 400), history: releaseHistory(300, 400) };
    const body = renderComment([report], options);
    expect(bytes(body)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).not.toContain('Release history of');
    expect(body).toContain('Last 40 log lines');
    expect(body).toMatch(/_Shortened to fit GitHub's size limit: release history left out(\.|, timeline)/);
    // A report without a history is not said to have lost one.
    const plain = renderComment([bigFailure(40, 200, 4000)], options);
    expect(plain).not.toContain('release history');
  });
});
