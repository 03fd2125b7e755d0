import { describe, expect, it } from '@jest/globals';
import type { DeploymentReport } from '../../deploy-report/index.js';
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
    const many = Array.from({ length: 10 }, (_, i) => ({ ...fixture('succeeded'), service: `service-${i}` }));
    const long = statusDescription(many);
    expect([...long].length).toBe(140);
    expect(long.endsWith('…')).toBe(true);
  });
});
