/**
 * Deployment reports as Markdown: one sticky PR comment (or job summary) per environment, with a section per
 * service. Short and cause first: status, the failure cause and the failed task's last log lines, the facts
 * (image, commit, revision and its verdict, strategy, duration, gates), links; the timeline, changes and
 * release history folded away. Bodies are fitted under a size limit by leaving out the release history
 * first, then shortening the timeline, then log lines, each with a note.
 */
import type {
  DeploymentReport,
  DeploymentStatus,
  FailureCause,
  GateStatus,
  StrategyName,
} from '../deploy-report/index.js';
import { historyTable } from '../history/table.js';
import {
  ecsServiceDeploymentUrl,
  releaseLinks,
  taskIdOf,
  type LinkSettings,
  type ReleaseLinks,
} from '../links/index.js';
import {
  byteLength,
  clockTime,
  code,
  details,
  duration,
  fence,
  html,
  link,
  redact,
  shortImage,
  shortSha,
  table,
  text,
} from '../markdown/index.js';
import { revisionName } from '../task-definition-ref/index.js';
import { costTimingBlocks } from './cost-timing.js';
import { metricsSection } from './metrics.js';
import { historyOf, releaseVerdict, rollbackFacts, verdictsOf } from './release.js';

/** GitHub rejects comment bodies over 65,536 characters; counting UTF-8 bytes stays under however it counts. */
export const COMMENT_LIMIT = 65_536;
/**
 * The job summary of one step may hold at most 1 MiB. renderSummary does not fit to it by default: the
 * runner's summary writer holds every step's whole summary to it (packages/runner/summary.ts).
 */
export const SUMMARY_LIMIT = 1024 * 1024;

export interface RenderOptions {
  environment: string;
  /** Grafana settings and the margin around the release window. Default: 5 minutes, no Grafana. */
  links?: LinkSettings;
  /** Time for windows of releases still in progress. Default: the latest time in the reports. */
  nowMs?: number;
  /** Overrides every report's status, e.g. `in-progress` for a comment posted before the deploy. */
  status?: DeploymentStatus;
  /** The workflow run, its commit and repository, for the footer and bodies without reports. */
  run?: { url?: string; sha?: string; repository?: string; serverUrl?: string };
  /** Linked from the heading, e.g. the preview's URL. */
  environmentUrl?: string;
  /** Values replaced by `***` wherever they appear (tokens; the reports are already redacted). */
  secrets?: readonly string[];
  /** Size limit in UTF-8 bytes. Default: COMMENT_LIMIT for comments, none for summaries (see SUMMARY_LIMIT). */
  limit?: number;
}

const EMOJI: Record<DeploymentStatus, string> = {
  succeeded: '✅',
  'rolled-back': '⏪',
  failed: '❌',
  'in-progress': '⏳',
};

const GATE_EMOJI: Record<GateStatus, string> = {
  passed: '✅',
  failed: '❌',
  waiting: '⏳',
  skipped: '⏭️',
  'not-applicable': '➖',
};

const STRATEGY: Record<StrategyName, string> = {
  ROLLING: 'rolling',
  BLUE_GREEN: 'blue/green',
  LINEAR: 'linear',
  CANARY: 'canary',
  CODE_DEPLOY: 'CodeDeploy blue/green',
};

/** Who rolled back, for the headline; ECS rolls back on its circuit breaker or on a deployment alarm. */
function rolledBackBy(report: DeploymentReport): string | undefined {
  switch (report.rolledBackBy) {
    case 'ECS':
      return `by ECS (${report.cause?.alarmName ? 'deployment alarm' : 'circuit breaker'})`;
    case 'CodeDeploy':
      return 'by CodeDeploy';
    case 'deploy':
      return 'by the deploy step';
    default:
      return undefined;
  }
}

const TASK_STATE: Record<DeploymentStatus, string> = {
  succeeded: 'succeeded',
  'rolled-back': 'failed',
  failed: 'failed',
  'in-progress': 'running',
};

/** Worst first: the heading of a comment with several services takes the worst status. */
const SEVERITY: DeploymentStatus[] = ['failed', 'rolled-back', 'in-progress', 'succeeded'];

/** Log lines longer than this are cut: one minified JSON line must not push the rest out. */
const MAX_LOG_LINE = 500;
/** An error message from a report, cut like a log line. */
const clip = (line: string) => (line.length > MAX_LOG_LINE ? `${line.slice(0, MAX_LOG_LINE)}…` : line);
/** New tasks' streams linked per container; the log group link covers the rest. */
const MAX_STREAM_LINKS = 5;

/** How much detail a body carries; later levels are tried when a body does not fit. */
interface Detail {
  /** The release history tables; the first thing left out (the rollback action and the console have it). */
  history: boolean;
  timeline: number;
  logLines: number;
  /** What this level cuts besides the history (its note is added when a report has one). */
  note?: string;
}

const LEVELS: Detail[] = [
  { history: true, timeline: Infinity, logLines: 40 },
  { history: false, timeline: Infinity, logLines: 40 },
  { history: false, timeline: 20, logLines: 40, note: 'timeline cut to its last 20 events' },
  { history: false, timeline: 0, logLines: 40, note: 'timeline left out' },
  { history: false, timeline: 0, logLines: 10, note: 'timeline left out, log lines cut to the last 10' },
  { history: false, timeline: 0, logLines: 0, note: 'timeline and log lines left out' },
];

/** The hidden marker that makes a comment the sticky one for an environment. */
export function commentMarker(environment: string): string {
  return `<!-- ecs-deploy-actions:report environment=${encodeURIComponent(environment)} -->`;
}

export function overallStatus(reports: DeploymentReport[], override?: DeploymentStatus): DeploymentStatus {
  if (override) return override;
  return SEVERITY.find((s) => reports.some((r) => r.status === s)) ?? 'succeeded';
}

/** Stable: services of equal status keep the order they were given in. */
function worstFirst(reports: DeploymentReport[], override?: DeploymentStatus): DeploymentReport[] {
  const rank = (r: DeploymentReport) => SEVERITY.indexOf(override ?? r.status);
  return [...reports].sort((a, b) => rank(a) - rank(b));
}

const isTask = (report: DeploymentReport) => report.kind === 'run-task';

function took(report: DeploymentReport): number | undefined {
  return (
    report.durationSeconds ??
    (report.finishedAt ? (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000 : undefined)
  );
}

/**
 * A one-off task in plain words (callers escape): `migrations (backend:7) succeeded in 42s`,
 * `one-off task backend:7 exited with code 3`.
 */
function taskWords(report: DeploymentReport, status: DeploymentStatus): string {
  const definition = revisionName(report.taskDefinition);
  const name = report.taskName ? `${report.taskName} (${definition})` : `one-off task ${definition}`;
  const seconds = took(report);
  switch (status) {
    case 'succeeded':
      return `${name} succeeded${seconds !== undefined ? ` in ${duration(seconds)}` : ''}`;
    case 'in-progress':
      return `${name} running`;
    default:
      return report.exitCode !== undefined && report.exitCode !== 0
        ? `${name} exited with code ${report.exitCode}`
        : `${name} failed`;
  }
}

interface WordOptions {
  /** For a deployment status: without the rollback request. */
  short?: boolean;
  /** ` in 3m 12s`, placed before a closing clause (`, shop-backend:44 serves again`). */
  took?: string;
}

/**
 * A rollback in plain words (callers escape): `rolled back by @octocat from shop-backend:44 to
 * shop-backend:41 (to: previous)`, `rollback from shop-backend:44 to shop-backend:41 failed,
 * shop-backend:44 serves again`. Undefined for a status a rollback report does not have.
 */
function rollbackWords(
  report: DeploymentReport,
  status: DeploymentStatus,
  o: WordOptions,
): string | undefined {
  const facts = rollbackFacts(report);
  const from = facts.from ? `from ${revisionName(facts.from)} ` : '';
  const to = revisionName(facts.to ?? report.taskDefinition);
  const how = facts.request && !o.short ? ` (to: ${facts.request})` : '';
  const span = `${from}to ${to}${how}`;
  const took = o.took ?? '';
  switch (status) {
    case 'succeeded': {
      const actor = report.git?.actor ? ` by @${report.git.actor}` : '';
      return `rolled back${actor} ${span}${took}`;
    }
    case 'in-progress':
      return `rolling back ${span}`;
    case 'failed': {
      const back = facts.restored ? `, ${revisionName(facts.restored)} serves again` : '';
      return `rollback ${span} failed${took}${back}`;
    }
    default:
      return undefined;
  }
}

/**
 * What happened to a service, in plain words (callers escape): `deployed`, `rolled back to shop-frontend:17
 * by the deploy step`, `deploy failed, rollback did not finish`.
 */
function statusWords(report: DeploymentReport, status: DeploymentStatus, o: WordOptions = {}): string {
  const took = o.took ?? '';
  const words: Record<DeploymentReport['kind'], Record<DeploymentStatus, string>> = {
    deploy: {
      succeeded: 'deployed',
      'rolled-back': 'rolled back',
      failed: 'deploy failed',
      'in-progress': 'deploying',
    },
    rollback: {
      succeeded: 'rolled back',
      'rolled-back': 'rolled back',
      failed: 'rollback failed',
      'in-progress': 'rolling back',
    },
    'run-task': {
      succeeded: 'task succeeded',
      'rolled-back': 'task failed',
      failed: 'task failed',
      'in-progress': 'task running',
    },
  };
  let word = words[report.kind]?.[status] ?? status;
  if (report.dryRun) {
    return `${status === 'succeeded' ? 'dry run passed, nothing deployed' : `${word} (dry run)`}${took}`;
  }
  if (report.kind === 'rollback') {
    const rollback = rollbackWords(report, status, o);
    if (rollback) return rollback;
  }
  if (report.rollbackProblem && report.kind !== 'rollback' && status !== 'in-progress') {
    return `${word}${took}, rollback did not finish`;
  }
  if (
    report.rolledBackTo &&
    (status === 'rolled-back' || (report.kind === 'rollback' && status === 'succeeded'))
  ) {
    word = `${word} to ${revisionName(report.rolledBackTo)}`;
  }
  const by = status === 'rolled-back' ? rolledBackBy(report) : undefined;
  return `${by ? `${word} ${by}` : word}${took}`;
}

function latestTime(reports: DeploymentReport[]): number {
  return Math.max(0, ...reports.map((r) => Date.parse(r.finishedAt ?? r.startedAt)));
}

function heading(reports: DeploymentReport[], status: DeploymentStatus, options: RenderOptions): string {
  const env = options.environmentUrl
    ? link(text(options.environment), options.environmentUrl)
    : text(options.environment);
  const statusOf = (r: DeploymentReport) => options.status ?? r.status;
  const counts = (some: DeploymentReport[]) =>
    SEVERITY.map((s) => [s, some.filter((r) => statusOf(r) === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s.replace('-', ' ')}`)
      .join(', ');
  if (reports.length === 0) {
    const what = {
      succeeded: 'deployed',
      'rolled-back': 'rolled back',
      failed: 'failed',
      'in-progress': 'deploying',
    }[status];
    return `## ${EMOJI[status]} ${env}: ${what}`;
  }
  // A one-off task borrows a service's name; it is not another service, so it is counted apart.
  const deploys = reports.filter((r) => !isTask(r));
  const tasks = reports.filter(isTask);
  const parts: string[] = [];
  if (deploys.length > 3) {
    parts.push(`${new Set(deploys.map((r) => r.service)).size} services: ${counts(deploys)}`);
  } else if (deploys.length) {
    parts.push(
      worstFirst(deploys, options.status)
        .map((r) => text(`${r.service} ${statusWords(r, statusOf(r))}`))
        .join(', '),
    );
  }
  if (!deploys.length && tasks.length <= 3) {
    parts.push(
      worstFirst(tasks, options.status)
        .map((r) => text(taskWords(r, statusOf(r))))
        .join(', '),
    );
  } else if (tasks.length === 1) {
    const state = statusOf(tasks[0]!);
    parts.push(`1 one-off task${state === 'succeeded' ? '' : ` ${TASK_STATE[state]}`}`);
  } else if (tasks.length) {
    const allSucceeded = tasks.every((r) => statusOf(r) === 'succeeded');
    parts.push(`${tasks.length} one-off tasks${allSucceeded ? '' : `: ${counts(tasks)}`}`);
  }
  return `## ${EMOJI[status]} ${env}: ${parts.join(' · ')}`;
}

function commitLink(sha: string, repository: string | undefined, serverUrl: string | undefined): string {
  return repository
    ? link(code(shortSha(sha)), `${serverUrl ?? 'https://github.com'}/${repository}/commit/${sha}`)
    : code(shortSha(sha));
}

function targetGroupName(arn: string): string {
  return /targetgroup\/([^/]+)/.exec(arn)?.[1] ?? arn;
}

function rollbackCaution(problem: string): string {
  return `> [!CAUTION]\n> **Rollback incomplete:** ${text(problem)}`;
}

function causeBlock(
  report: DeploymentReport,
  cause: FailureCause,
  links: ReleaseLinks,
  detail: Detail,
): string[] {
  const out = [`**Cause:** ${text(cause.summary)}`];
  const facts: string[] = [];
  const task = links.causeTask && link(code(links.causeTask.taskId.slice(0, 8)), links.causeTask.url);
  const taskFacts: string[] = [];
  if (cause.stoppedReason) taskFacts.push(text(cause.stoppedReason));
  if (cause.stopCode && !cause.summary.includes(cause.stopCode)) taskFacts.push(code(cause.stopCode));
  if (cause.exitCode !== undefined && !cause.summary.includes(`code ${cause.exitCode}`)) {
    taskFacts.push(
      `${cause.container ? `container ${code(cause.container)} ` : ''}exit code ${cause.exitCode}`,
    );
  }
  if (taskFacts.length) facts.push(`Task${task ? ` ${task}` : ''}: ${taskFacts.join(', ')}`);
  if (cause.targetHealthReason || cause.targetHealthDescription) {
    const what = [
      cause.targetHealthReason &&
        !cause.summary.includes(cause.targetHealthReason) &&
        code(cause.targetHealthReason),
      cause.targetHealthDescription && text(cause.targetHealthDescription),
    ]
      .filter(Boolean)
      .join(': ');
    const group = cause.targetGroupArn
      ? ` in target group ${code(targetGroupName(cause.targetGroupArn))}`
      : '';
    facts.push(`Target health${group}: ${what}`);
  }
  if (cause.alarmName) {
    const alarm = links.alarms.find((a) => a.label === cause.alarmName);
    facts.push(`Alarm ${alarm ? link(code(cause.alarmName), alarm.url) : code(cause.alarmName)} in ALARM`);
  }
  if (cause.httpStatus !== undefined || cause.url) {
    facts.push(
      `HTTP${cause.httpStatus !== undefined ? ` ${cause.httpStatus}` : ''}${cause.url ? ` from ${code(cause.url)}` : ''}`,
    );
  }
  if (facts.length) out.push(facts.map((f) => `- ${f}`).join('\n'));
  // What state the service is in now belongs with the cause, above the folded log.
  if (report.rollbackProblem) out.push(rollbackCaution(report.rollbackProblem));
  const lines = cause.logLines ?? [];
  if (lines.length && detail.logLines > 0) {
    const shown = lines.slice(-detail.logLines);
    let cut = 0;
    const clipped = shown.map((l) => {
      if (l.length <= MAX_LOG_LINE) return l;
      cut++;
      return `${l.slice(0, MAX_LOG_LINE)}…`;
    });
    const count =
      shown.length < lines.length
        ? `Last ${shown.length} of ${lines.length} log lines`
        : `Last ${lines.length} log lines`;
    const who = [
      cause.container && `<code>${html(cause.container)}</code>`,
      cause.taskArn && `task ${html(taskIdOf(cause.taskArn).slice(0, 8))}`,
    ]
      .filter(Boolean)
      .join(', ');
    const where = [
      task && !taskFacts.length ? `Task ${task}` : undefined,
      links.causeLogStream ? link('full log stream', links.causeLogStream) : undefined,
    ].filter(Boolean);
    const body = [
      ...(where.length ? [where.join(' · ')] : []),
      ...(cut ? [`_${cut} line${cut > 1 ? 's' : ''} longer than ${MAX_LOG_LINE} characters cut._`] : []),
      fence(clipped),
    ].join('\n\n');
    out.push(details(`${count}${who ? ` · ${who}` : ''}`, body));
  } else if (lines.length) {
    out.push(
      `_${lines.length} log lines left out to fit the size limit${links.causeLogStream ? `: ${link('read them in CloudWatch', links.causeLogStream)}` : ''}._`,
    );
  }
  return out;
}

function durationCell(report: DeploymentReport): string {
  const seconds = took(report);
  return seconds !== undefined ? duration(seconds) : `since ${clockTime(report.startedAt)} UTC`;
}

function imageCell(report: DeploymentReport): string {
  const images = Object.entries(report.images);
  return images.length === 1
    ? code(shortImage(images[0]![1]))
    : images.map(([container, ref]) => `${code(container)} ${code(shortImage(ref))}`).join('<br>') || '–';
}

function commitCell(report: DeploymentReport, options: RenderOptions): string {
  const sha = report.git?.sha;
  return sha
    ? commitLink(sha, report.git?.repository ?? options.run?.repository, options.run?.serverUrl)
    : '–';
}

/** A one-off task's facts: what ran and how it ended; it has no strategy, gates or previous revision. */
function taskFactsTable(report: DeploymentReport, links: ReleaseLinks, options: RenderOptions): string {
  const revision = `${link(code(links.taskDefinition.label), links.taskDefinition.url)}${report.registered ? ' (new)' : ''}`;
  return table(
    ['Image', 'Commit', 'Task definition', 'Exit code', 'Duration'],
    [
      [
        imageCell(report),
        commitCell(report, options),
        revision,
        report.exitCode !== undefined ? String(report.exitCode) : '–',
        durationCell(report),
      ],
    ],
  );
}

/** The verdict on the report's revision, for its cell: `✅ verified`, `❌ marked failed`. */
function verdictMark(report: DeploymentReport): string {
  const verdict = releaseVerdict(report);
  if (!verdict) return '';
  const mark = verdict.verdict === 'verified' ? '✅ verified' : '❌ marked failed';
  return ` ${mark}${verdict.error ? ' (tag not written)' : ''}`;
}

/** Verdicts that could not be recorded as tags: they hold for this report only, and a rollback will not see them. */
function verdictErrors(report: DeploymentReport): string[] {
  return verdictsOf(report)
    .filter((v) => v.error)
    .map(
      (v) =>
        `⚠️ Could not tag ${code(revisionName(v.revision))} as ${v.verdict}: ${text(clip(v.error!))}. The verdict holds for this report only; the rollback action will not see it.`,
    );
}

function factsTable(report: DeploymentReport, links: ReleaseLinks, options: RenderOptions): string {
  const td = report.taskDefinition;
  const rollback = rollbackFacts(report);
  const prev = report.previousTaskDefinition ?? rollback.from;
  let revision =
    prev && prev.family === td.family && prev.revision !== td.revision
      ? `${code(td.family)} ${prev.revision} → ${link(String(td.revision), links.taskDefinition.url)}`
      : link(code(revisionName(td)), links.taskDefinition.url);
  if (!report.registered && !prev) revision += ' (existing)';
  revision += verdictMark(report);
  if (report.rolledBackTo && report.kind !== 'rollback') {
    revision += `, back on ${report.rolledBackTo.revision}`;
  }
  if (rollback.restored) revision += `, back on ${rollback.restored.revision}`;
  // The row stays short: gates that did not apply are counted here and listed with why in the job summary.
  const ran = report.gates.filter((g) => g.status !== 'not-applicable');
  const notApplicable = report.gates.length - ran.length;
  const gates = [
    ...ran.map((g) => `${GATE_EMOJI[g.status] ?? ''} ${g.name}`),
    ...(notApplicable ? [`${GATE_EMOJI['not-applicable']} ${notApplicable} not applicable`] : []),
  ].join(' ');
  return table(
    ['Image', 'Commit', 'Task definition', 'Strategy', 'Duration', 'Gates'],
    [
      [
        imageCell(report),
        commitCell(report, options),
        revision,
        report.strategy ? (STRATEGY[report.strategy] ?? text(report.strategy)) : '–',
        durationCell(report),
        gates || '–',
      ],
    ],
  );
}

function linksLine(links: ReleaseLinks): string {
  const parts = [link('ECS deployments', links.ecsDeployments)];
  for (const log of links.logs) {
    const label = links.logs.length > 1 ? `${text(log.container)} logs` : 'Logs';
    const streams = log.streams
      .slice(0, MAX_STREAM_LINKS)
      .map((s) => link(code(s.taskId.slice(0, 8)), s.url));
    const more =
      log.streams.length > MAX_STREAM_LINKS ? ` +${log.streams.length - MAX_STREAM_LINKS} more` : '';
    parts.push(`${link(label, log.url)}${streams.length ? ` (new tasks ${streams.join(', ')}${more})` : ''}`);
  }
  if (links.insights) parts.push(link('Logs Insights', links.insights));
  if (links.alarms.length) {
    parts.push(`alarms ${links.alarms.map((a) => link(code(a.label), a.url)).join(', ')}`);
  }
  if (links.grafanaDashboard) parts.push(link('Grafana dashboard', links.grafanaDashboard));
  if (links.grafanaExplore) parts.push(link('Grafana Explore', links.grafanaExplore));
  return `🔗 ${parts.join(' · ')}`;
}

/** A one-off task's links: the task itself and its log stream; the service's deployments are not about it. */
function taskLinksLine(links: ReleaseLinks): string {
  const parts: string[] = [];
  if (links.task) parts.push(link(`ECS task ${code(links.task.taskId.slice(0, 8))}`, links.task.url));
  for (const log of links.logs) {
    const label = links.logs.length > 1 ? `${text(log.container)} log` : 'Log';
    parts.push(
      log.streams.length
        ? log.streams.map((s) => link(`${label} stream`, s.url)).join(', ')
        : link(`${label} group`, log.url),
    );
  }
  return `🔗 ${parts.join(' · ')}`;
}

function detailsBlock(report: DeploymentReport, detail: Detail): string | undefined {
  const blocks: string[] = [];
  const labels: string[] = [];
  if (report.deploymentId) {
    const consoleUrl = ecsServiceDeploymentUrl(report.deploymentId);
    blocks.push(
      consoleUrl
        ? `Service deployment ${link(code(report.deploymentId), consoleUrl)}`
        : `${report.deploymentId.startsWith('arn:') ? 'Service deployment' : 'Deployment'} ${code(report.deploymentId)}`,
    );
  }
  const images = Object.entries(report.images);
  if (images.length) {
    // One source line: in a comment a newline is a line break already.
    blocks.push(images.map(([container, ref]) => `Image of ${code(container)}: ${code(ref)}`).join('<br>'));
  }
  const changes = report.changes ?? [];
  if (changes.length) {
    labels.push(`${changes.length} change${changes.length > 1 ? 's' : ''}`);
    blocks.push(
      table(
        ['Container', 'Change', 'Before', 'After'],
        changes.map((c) => [
          code(c.container),
          [text(c.field), c.key && code(c.key), c.kind].filter(Boolean).join(' '),
          c.before ? code(c.before) : '–',
          c.after ? code(c.after) : '–',
        ]),
      ),
    );
  }
  const timeline = report.timeline;
  if (timeline.length) {
    const start = Date.parse(report.startedAt);
    const shown =
      detail.timeline >= timeline.length ? timeline : timeline.slice(timeline.length - detail.timeline);
    labels.push(
      shown.length < timeline.length
        ? `last ${shown.length} of ${timeline.length} events`
        : `${timeline.length} event${timeline.length > 1 ? 's' : ''}`,
    );
    if (shown.length) {
      blocks.push(
        table(
          ['Time (UTC)', '', 'Event'],
          shown.map((e) => [
            clockTime(e.at),
            `+${duration((Date.parse(e.at) - start) / 1000)}`,
            `${text(e.kind)}: ${text(e.message)}`,
          ]),
        ),
      );
    }
  }
  if (!blocks.length) return undefined;
  return details(`Details${labels.length ? `: ${labels.join(' · ')}` : ''}`, blocks.join('\n\n'));
}

/** The family's release history, folded; or why it could not be read. */
function historyBlock(report: DeploymentReport, options: RenderOptions, detail: Detail): string[] {
  const out: string[] = [];
  const records = historyOf(report);
  if (records.length && detail.history) {
    const family = report.taskDefinition.family || records[0]!.family;
    const repository = report.git?.repository ?? options.run?.repository;
    out.push(
      details(
        `Release history of ${html(family)}`,
        historyTable(records, {
          ...(options.run?.serverUrl ? { serverUrl: options.run.serverUrl } : {}),
          ...(repository ? { repository } : {}),
        }),
      ),
    );
  }
  if (typeof report.historyError === 'string' && report.historyError) {
    out.push(`_The release history could not be read: ${text(clip(report.historyError))}_`);
  }
  return out;
}

function section(
  report: DeploymentReport,
  options: RenderOptions,
  detail: Detail,
  withHeading: boolean,
  nowMs: number,
): string {
  const status = options.status ?? report.status;
  const links = releaseLinks(report, options.links ?? { marginMs: 5 * 60_000 }, nowMs);
  const task = isTask(report);
  const parts: string[] = [];
  if (withHeading) {
    const what = text(task ? taskWords(report, status) : `${report.service} ${statusWords(report, status)}`);
    parts.push(`### ${EMOJI[status]} ${what}`);
  }
  if (report.cause) parts.push(...causeBlock(report, report.cause, links, detail));
  else if (report.rollbackProblem) parts.push(rollbackCaution(report.rollbackProblem));
  parts.push(task ? taskFactsTable(report, links, options) : factsTable(report, links, options));
  if (!task) parts.push(...verdictErrors(report));
  parts.push(task ? taskLinksLine(links) : linksLine(links));
  if (!task) parts.push(...metricsSection(report));
  if (!task) parts.push(...costTimingBlocks(report, { fold: true }));
  const folded = detailsBlock(report, detail);
  if (folded) parts.push(folded);
  parts.push(...historyBlock(report, options, detail));
  return parts.join('\n\n');
}

function footer(options: RenderOptions, reports: DeploymentReport[]): string {
  const runUrl = options.run?.url ?? reports.find((r) => r.git?.runUrl)?.git?.runUrl;
  const parts = ['ecs-deploy-actions'];
  if (runUrl) parts.push(link('workflow run', runUrl));
  return `<sub>${parts.join(' · ')}</sub>`;
}

function noReportBody(status: DeploymentStatus, options: RenderOptions): string {
  const sha = options.run?.sha;
  const what = {
    'in-progress': 'Deploying',
    succeeded: 'Deployed',
    failed: 'Failed before the deploy finished:',
    'rolled-back': 'Rolled back:',
  }[status];
  const commit = sha ? ` commit ${commitLink(sha, options.run?.repository, options.run?.serverUrl)}` : '';
  return `${what}${commit}.`;
}

function droppedLink(report: DeploymentReport, status: DeploymentStatus, links: ReleaseLinks): string {
  return isTask(report)
    ? link(text(taskWords(report, status)), links.task?.url ?? links.taskDefinition.url)
    : link(text(report.service), links.ecsDeployments);
}

function build(
  reports: DeploymentReport[],
  options: RenderOptions,
  detail: Detail,
  marker: boolean,
  keep: number,
): string {
  const status = overallStatus(reports, options.status);
  const nowMs = options.nowMs ?? latestTime(reports);
  const parts: string[] = [];
  if (marker) parts.push(commentMarker(options.environment));
  parts.push(heading(reports, status, options));
  if (!reports.length) parts.push(noReportBody(status, options));
  const multiple = reports.length > 1;
  // The service that failed leads; the ones that shipped are the first left out.
  const ordered = worstFirst(reports, options.status);
  for (const report of ordered.slice(0, keep)) parts.push(section(report, options, detail, multiple, nowMs));
  const dropped = ordered.slice(keep);
  if (dropped.length) {
    parts.push(
      `_${dropped.length} more service${dropped.length > 1 ? 's' : ''} left out to fit the size limit: ${dropped
        .map(
          (r) =>
            `${EMOJI[options.status ?? r.status]} ${droppedLink(r, options.status ?? r.status, releaseLinks(r, options.links ?? { marginMs: 0 }, nowMs))}`,
        )
        .join(', ')}._`,
    );
  }
  // The history is named only when a report had one to leave out.
  const historyLeftOut = !detail.history && ordered.slice(0, keep).some((r) => historyOf(r).length > 0);
  const note = [historyLeftOut && 'release history left out', detail.note].filter(Boolean).join(', ');
  if (note) parts.push(`_Shortened to fit GitHub's size limit: ${note}. The workflow run has the rest._`);
  parts.push(footer(options, reports));
  return `${parts.join('\n\n')}\n`;
}

function fit(reports: DeploymentReport[], options: RenderOptions, marker: boolean, limit: number): string {
  const secrets = options.secrets ?? [];
  const render = (detail: Detail, keep: number) =>
    redact(build(reports, options, detail, marker, keep), secrets);
  let last = '';
  for (const detail of LEVELS) {
    last = render(detail, reports.length);
    if (byteLength(last) <= limit) return last;
  }
  const leanest = LEVELS.at(-1)!;
  for (let keep = reports.length - 1; keep >= 0; keep--) {
    last = render(leanest, keep);
    if (byteLength(last) <= limit) return last;
  }
  // Nothing left to leave out (a huge heading): cut, keeping whole characters.
  return Buffer.from(last, 'utf8')
    .subarray(0, limit)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}

/** The sticky comment for an environment: marker, heading, a section per report, under 65,536 bytes. */
export function renderComment(reports: DeploymentReport[], options: RenderOptions): string {
  return fit(reports, options, true, options.limit ?? COMMENT_LIMIT);
}

/**
 * The job summary: the same content without the marker, at full detail (the whole timeline) unless `limit`
 * is given. The runner's writer shortens it to what the step has left of 1 MiB, counting the step's other
 * writes, which no renderer can know.
 */
export function renderSummary(reports: DeploymentReport[], options: RenderOptions): string {
  if (options.limit !== undefined) return fit(reports, options, false, options.limit);
  return redact(build(reports, options, LEVELS[0]!, false, reports.length), options.secrets ?? []);
}

/** One line for a GitHub deployment status (at most 140 characters). */
export function statusDescription(reports: DeploymentReport[], override?: DeploymentStatus): string {
  const status = overallStatus(reports, override);
  const line = reports.length
    ? reports
        .map((r) => {
          const s = override ?? r.status;
          if (isTask(r)) return taskWords(r, s);
          const took =
            r.durationSeconds !== undefined && s !== 'in-progress'
              ? ` in ${duration(r.durationSeconds)}`
              : '';
          return `${r.service} ${statusWords(r, s, { short: true, took })}`;
        })
        .join('; ')
    : { 'in-progress': 'deploying', succeeded: 'deployed', failed: 'failed', 'rolled-back': 'rolled back' }[
        status
      ];
  return [...line].length <= 140 ? line : `${[...line].slice(0, 139).join('')}…`;
}
