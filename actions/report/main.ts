/** Entry of the report action: inputs and the event → report engine → outputs. */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentStatus } from '../../packages/deploy-report/index.js';
import {
  createOctokit,
  loadReports,
  octokitGitHubApi,
  publishReport,
  type GitHubEvent,
} from '../../packages/github-report/index.js';
import { UserError, quote } from '../../packages/inputs/index.js';
import { grafanaSettings } from '../../packages/links/index.js';
import { runAction } from '../../packages/runner/index.js';
import { systemClock } from '../../packages/runtime/index.js';

const STATUSES: readonly DeploymentStatus[] = ['in-progress', 'succeeded', 'failed', 'rolled-back'];

function readEvent(env: Record<string, string | undefined>): GitHubEvent {
  const path = env.GITHUB_EVENT_PATH;
  const payload =
    path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  return { name: env.GITHUB_EVENT_NAME, payload };
}

function httpUrl(value: string | undefined, input: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^https?:\/\/[^\s]+$/.test(value)) {
    throw new UserError(
      input,
      `${quote(value)} is not an http(s) URL`,
      'write it like https://preview-7.example.com',
    );
  }
  return value;
}

await runAction(async (ctx) => {
  const { inputs, log, github, env } = ctx;
  // `required` throws when absent, so these are strings.
  const token = inputs.string('github-token', { required: true })!;
  log.mask(token);
  const environment = inputs.string('environment', { required: true })!;
  const status = inputs.has('status')
    ? inputs.choice('status', STATUSES, { default: 'in-progress' })
    : undefined;
  const reports = loadReports(inputs.string('reports'), env.GITHUB_WORKSPACE || process.cwd());
  if (!reports.length && !status) {
    throw new UserError(
      'reports',
      'names no report',
      "pass the deploy step's `report` output, or set status: in-progress for a comment before the deploy",
    );
  }
  const grafana = grafanaSettings({
    url: inputs.string('grafana-url'),
    orgId: inputs.positiveInt('grafana-org-id', { default: 1 }),
    dashboardUid: inputs.string('grafana-dashboard-uid'),
    vars: inputs.keyValues('grafana-vars'),
    datasourceUid: inputs.string('grafana-datasource-uid'),
    query: inputs.string('grafana-query'),
  });
  if (!github.repository) {
    throw new UserError(
      undefined,
      'GITHUB_REPOSITORY is not set',
      'run this action in a GitHub Actions workflow',
    );
  }
  const api = octokitGitHubApi(
    createOctokit(token, { baseUrl: env.GITHUB_API_URL || 'https://api.github.com', log }),
    github.repository,
  );
  const slug = environment.replace(/[^A-Za-z0-9._-]+/g, '_');
  const result = await publishReport(
    {
      environment,
      reports,
      status,
      links: { marginMs: inputs.duration('link-margin', { default: 300 }) * 1000, grafana },
      comment: {
        enabled: inputs.boolean('comment', { default: true }),
        mode: inputs.choice('comment-mode', ['update', 'recreate'] as const, { default: 'update' }),
        author: inputs.string('comment-author'),
        onCommit: inputs.boolean('comment-on-commit', { default: false }),
        prNumber: inputs.positiveInt('pr-number'),
      },
      jobSummary: inputs.boolean('job-summary', { default: true }),
      deployment: {
        enabled: inputs.boolean('github-deployment', { default: false }),
        environmentUrl: httpUrl(inputs.string('environment-url'), 'environment-url'),
      },
      event: readEvent(env),
      run: github,
      markdownPath: join(env.RUNNER_TEMP || tmpdir(), `ecs-deploy-report-${slug}.md`),
      secrets: [token],
    },
    { api, log, clock: systemClock, writeSummary: (markdown) => ctx.summary(markdown) },
  );
  ctx.setOutput('comment-id', result.commentId ?? '');
  ctx.setOutput('comment-url', result.commentUrl ?? '');
  ctx.setOutput('deployment-id', result.deploymentId ?? '');
  ctx.setOutput('markdown', result.markdownPath);
});
