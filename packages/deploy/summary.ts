/**
 * The job summary of a deploy: the outcome line, the cause with its evidence (container, exit code, stop
 * reason, target health, alarm, log tail), the timeline, the gates and the task-definition changes.
 */
import type { DeploymentReport } from '../deploy-report/index.js';
import { changesTable, type TaskDefinitionChange } from '../task-definition/index.js';
import { historyTable } from '../history/table.js';
import { metricsMarkdown } from '../metrics/index.js';
import { ecsServiceDeploymentUrl } from '../links/index.js';
import { costTimingBlocks } from '../github-report/cost-timing.js';
import { code, fence, text } from '../markdown/index.js';
import { outcomeMessage } from './message.js';
import { revisionName } from './observation.js';

const ICON: Record<string, string> = {
  succeeded: '✅',
  'rolled-back': '↩️',
  failed: '❌',
  'in-progress': '⏳',
};

const RESULT: Record<string, string> = {
  passed: '✅&nbsp;passed',
  failed: '❌&nbsp;failed',
  waiting: '⏳&nbsp;waiting',
  skipped: '⏭️&nbsp;skipped',
  'not-applicable': '➖&nbsp;not&nbsp;applicable',
};

const TIMELINE_ROWS = 150;

/** A service deployment ARN links to the service's deployments tab; a CodeDeploy id stays plain. */
function deploymentFact(id: string): string {
  const url = ecsServiceDeploymentUrl(id);
  return url ? `[\`${id}\`](${url})` : `\`${id}\``;
}

/**
 * The outcome without its cause when the summary prints the cause under "Why it failed": a heading of one
 * line instead of the cause twice.
 */
function headline(report: DeploymentReport): string {
  const message = outcomeMessage(report);
  const cause = report.cause?.summary.replace(/\.$/, '');
  const shown = cause && report.status !== 'succeeded' && report.cause?.gate !== 'cancelled';
  const at = shown ? message.indexOf(`: ${cause}`) : -1;
  return at > 0 ? message.slice(0, at) : message;
}

export function deploySummary(report: DeploymentReport, changes: readonly TaskDefinitionChange[]): string {
  const lines: string[] = [];
  lines.push(`### ${ICON[report.status] ?? ''} ${text(report.service)}: ${text(headline(report))}`, '');
  const facts = [
    `**Status:** ${report.status}`,
    `**Cluster:** ${report.cluster} (${report.region})`,
    `**Strategy:** ${report.strategy}`,
    `**Revision:** ${report.taskDefinition.arn ? revisionName(report.taskDefinition.arn) : '(not registered: dry run)'}${report.registered ? ' (new)' : ' (existing)'}`,
    ...(report.previousTaskDefinition
      ? [`**Previous:** ${revisionName(report.previousTaskDefinition.arn)}`]
      : []),
    ...(report.deploymentId ? [`**Deployment:** ${deploymentFact(report.deploymentId)}`] : []),
    ...(report.verdicts ?? []).map(
      (v) =>
        `**${v.verdict === 'verified' ? '✅ Verified' : '❌ Marked failed'}:** ${revisionName(v.revision.arn)}${v.error ? ' (not recorded: the tag could not be written)' : ''}`,
    ),
    `**Duration:** ${report.durationSeconds ?? 0}s`,
  ];
  lines.push(facts.join(' · '), '');

  const cause = report.cause;
  if (cause && report.status !== 'succeeded') {
    lines.push('#### Why it failed', '', `**${text(cause.summary)}**`, '');
    const evidence: [string, string | number | undefined][] = [
      ['gate', cause.gate],
      ['container', cause.container],
      ['exit code', cause.exitCode],
      ['stop code', cause.stopCode],
      ['stopped reason', cause.stoppedReason],
      ['task', cause.taskArn],
      [
        'target health',
        [cause.targetHealthReason, cause.targetHealthDescription].filter(Boolean).join(': ') || undefined,
      ],
      ['target group', cause.targetGroupArn],
      ['alarm', cause.alarmName],
      ['HTTP status', cause.httpStatus],
      ['URL', cause.url],
      ['log', cause.logGroup ? `${cause.logGroup} ${cause.logStream ?? ''}`.trim() : undefined],
    ];
    for (const [name, value] of evidence)
      if (value !== undefined && value !== '') lines.push(`- ${name}: ${code(String(value))}`);
    if (report.rollbackProblem) lines.push(`- service state: ${text(report.rollbackProblem)}`);
    lines.push('');
    if (cause.logLines?.length) {
      lines.push(
        `<details open><summary>Last ${cause.logLines.length} log lines of the failed task</summary>`,
        '',
      );
      lines.push(fence(cause.logLines), '', '</details>', '');
    }
  }

  for (const block of costTimingBlocks(report, { fold: false })) lines.push(block, '');

  if (report.gates.length) {
    lines.push('#### Gates', '', '| gate | result | detail |', '| --- | --- | --- |');
    // What failed first, what did not apply last; the result with the comment's marks, on one line.
    const order = ['failed', 'waiting', 'passed', 'skipped', 'not-applicable'];
    const gates = [...report.gates].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
    for (const g of gates)
      lines.push(`| ${text(g.name)} | ${RESULT[g.status] ?? text(g.status)} | ${text(g.detail ?? '')} |`);
    lines.push('');
  }

  if (report.metrics) {
    // "Why it failed" above already says why a failed check failed.
    const shown = cause && report.status !== 'succeeded' ? { shown: cause.summary } : {};
    lines.push('#### Release metrics', '', metricsMarkdown(report.metrics, { escape: text, ...shown }), '');
  }

  if (report.timeline.length) {
    const start = Date.parse(report.startedAt);
    lines.push('#### Timeline', '', '| time (UTC) | +s | what |', '| --- | --- | --- |');
    const row = (e: (typeof report.timeline)[number]) =>
      `| ${e.at.slice(11, 19)} | ${Math.round((Date.parse(e.at) - start) / 1000)} | ${text(e.message)} |`;
    // A long rollout (many tasks, many stages) must not crowd out the cause: keep the start and the end.
    const rows =
      report.timeline.length > TIMELINE_ROWS
        ? [...report.timeline.slice(0, 40), undefined, ...report.timeline.slice(-(TIMELINE_ROWS - 40))]
        : report.timeline;
    for (const e of rows)
      lines.push(
        e ? row(e) : `| … | | ${report.timeline.length - TIMELINE_ROWS} more changes in the report |`,
      );
    lines.push('');
  }

  if (report.history?.length) {
    lines.push(`#### Release history of ${text(report.history[0]!.family)}`, '');
    lines.push(
      historyTable(report.history, {
        ...(report.git?.repository ? { repository: report.git.repository } : {}),
        ...(serverOf(report.git?.runUrl) ? { serverUrl: serverOf(report.git?.runUrl)! } : {}),
      }),
      '',
    );
  } else if (report.historyError) {
    lines.push(`_The release history could not be read: ${text(report.historyError)}_`, '');
  }

  if (report.previousTaskDefinition) {
    lines.push(`#### Task definition changes against ${revisionName(report.previousTaskDefinition.arn)}`, '');
    lines.push(changesTable(changes));
  }
  return `${lines.join('\n')}\n`;
}

/** `https://github.com` of a run URL, so commit links go to the same GitHub (Enterprise too). */
function serverOf(runUrl: string | undefined): string | undefined {
  const m = runUrl ? /^(https?:\/\/[^/]+)\//.exec(runUrl) : null;
  return m?.[1];
}
