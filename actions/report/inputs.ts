/** The report action's inputs, read into the engine's PublishOptions (every input is named here). */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentStatus } from '../../packages/deploy-report/index.js';
import { loadReports, type GitHubEvent, type PublishOptions } from '../../packages/github-report/index.js';
import { UserError, quote, type Inputs } from '../../packages/inputs/index.js';
import { grafanaSettings, type GrafanaSettings } from '../../packages/links/index.js';
import type { GitHubRunContext, Logger } from '../../packages/runtime/index.js';

const STATUSES: readonly DeploymentStatus[] = ['in-progress', 'succeeded', 'failed', 'rolled-back'];

export interface ReportInputs {
  options: PublishOptions;
  token: string;
  /** `owner/name` the comment and deployment go to. */
  repository: string;
  grafana?: GrafanaSettings;
  /** With grafana: finished releases become Grafana annotations. */
  grafanaToken?: string;
}

export interface ReportContext {
  github: GitHubRunContext;
  env: Record<string, string | undefined>;
  /** Tokens are masked as soon as they are read, before anything else can print them. */
  log: Pick<Logger, 'mask'>;
}

export function readReportInputs(inputs: Inputs, { github, env, log }: ReportContext): ReportInputs {
  // `required` throws when absent, so these are strings.
  const token = inputs.string('github-token', { required: true })!;
  log.mask(token);
  const grafanaToken = inputs.string('grafana-token');
  if (grafanaToken) log.mask(grafanaToken);
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
  if (grafanaToken && !grafana) {
    throw new UserError('grafana-token', 'needs grafana-url', 'set grafana-url to your Grafana base URL');
  }
  if (!github.repository) {
    throw new UserError(
      undefined,
      'GITHUB_REPOSITORY is not set',
      'run this action in a GitHub Actions workflow',
    );
  }
  const slug = environment.replace(/[^A-Za-z0-9._-]+/g, '_');
  const options: PublishOptions = {
    environment,
    reports,
    status,
    jobSummary: inputs.boolean('job-summary', { default: true }),
    links: { marginMs: inputs.duration('link-margin', { default: 300 }) * 1000, grafana },
    comment: {
      enabled: inputs.boolean('comment', { default: true }),
      mode: inputs.choice('comment-mode', ['update', 'recreate'] as const, { default: 'update' }),
      author: inputs.string('comment-author'),
      onCommit: inputs.boolean('comment-on-commit', { default: false }),
      prNumber: inputs.positiveInt('pr-number'),
    },
    deployment: {
      enabled: inputs.boolean('github-deployment', { default: false }),
      environmentUrl: httpUrl(inputs.string('environment-url'), 'environment-url'),
    },
    event: readEvent(env),
    run: github,
    markdownPath: join(env.RUNNER_TEMP || tmpdir(), `ecs-deploy-report-${slug}.md`),
    secrets: [token, ...(grafanaToken ? [grafanaToken] : [])],
  };
  return { options, token, repository: github.repository, grafana, grafanaToken };
}

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
