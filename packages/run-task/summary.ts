/**
 * The job summary of a one-off task: outcome, task (with its console link), exit code, duration; on failure
 * the cause and the task's last log lines, folded; the timeline folded at the end.
 */
import { code, details, duration, fence, html, link, table, text } from '../markdown/index.js';
import { revisionName } from '../task-definition-ref/index.js';
import { ecsTaskDefinitionUrl, ecsTaskUrl, logStreamUrl, taskIdOf } from '../links/index.js';
import type { DeploymentReport } from '../deploy-report/index.js';

const ICON: Record<string, string> = {
  succeeded: '✅',
  failed: '❌',
  'in-progress': '⏳',
  'rolled-back': '❌',
};
/** One minified JSON line must not fill the summary (1 MiB per step); the full line is in CloudWatch. */
const MAX_LOG_LINE = 500;
const OUTCOME: Record<string, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  'in-progress': 'started (not waited for)',
  'rolled-back': 'failed',
};

export function runTaskSummary(report: DeploymentReport, message: string): string {
  const td = report.taskDefinition;
  const label = td.arn ? revisionName(td) : 'task definition';
  const taskId = report.taskArn ? taskIdOf(report.taskArn) : undefined;
  const parts: string[] = [
    `### ${ICON[report.status] ?? ''} One-off task ${text(label)}: ${OUTCOME[report.status] ?? report.status}`,
  ];
  const cause = report.cause;
  // A failure's one line is its cause, shown next; otherwise the line says what ran and how long it took.
  if (!cause) parts.push(text(message));
  if (cause && report.status !== 'succeeded') {
    const facts: [string, string | number | undefined][] = [
      ['container', cause.container],
      ['exit code', cause.exitCode],
      ['stop code', cause.stopCode],
      ['stopped reason', cause.stoppedReason],
    ];
    const shown = facts.filter(([, v]) => v !== undefined && v !== '');
    parts.push(
      [`**Cause:** ${text(cause.summary)}`, ...shown.map(([k, v]) => `- ${k}: ${code(String(v))}`)].join(
        '\n',
      ),
    );
    const lines = cause.logLines;
    if (lines?.length) {
      const where = [
        cause.container && `<code>${html(cause.container)}</code>`,
        taskId && `task ${html(taskId.slice(0, 8))}`,
      ]
        .filter(Boolean)
        .join(', ');
      const clipped = lines.map((l) => (l.length > MAX_LOG_LINE ? `${l.slice(0, MAX_LOG_LINE)}…` : l));
      parts.push(details(`Last ${lines.length} log lines${where ? ` of ${where}` : ''}`, fence(clipped)));
    } else if (lines) {
      parts.push(`_The task wrote no log lines${cause.logStream ? ` to ${code(cause.logStream)}` : ''}._`);
    }
  }

  // A success (or a failure whose cause has no lines) still shows how the log ended, folded.
  const taskLog = report.taskLog;
  if (taskLog?.tail.length && !cause?.logLines?.length) {
    const clipped = taskLog.tail.map((l) => (l.length > MAX_LOG_LINE ? `${l.slice(0, MAX_LOG_LINE)}…` : l));
    const of = taskLog.lineCount > taskLog.tail.length ? ` of ${taskLog.lineCount}` : '';
    parts.push(
      details(
        `Log of <code>${html(taskLog.container)}</code>: last ${taskLog.tail.length}${of} lines`,
        fence(clipped),
      ),
    );
  }

  const exitCode = report.exitCode;
  parts.push(
    table(
      ['Outcome', 'Task', 'Exit code', 'Duration', 'Task definition', 'Cluster'],
      [
        [
          OUTCOME[report.status] ?? report.status,
          taskId ? link(code(taskId.slice(0, 8)), ecsTaskUrl(report.region, report.cluster, taskId)) : '–',
          exitCode !== undefined ? String(exitCode) : '–',
          duration(report.durationSeconds ?? 0),
          td.arn
            ? `${link(code(label), ecsTaskDefinitionUrl(report.region, td.family, td.revision))}${report.registered ? ' (new)' : ''}`
            : '–',
          `${code(report.cluster)} (${report.region})`,
        ],
      ],
    ),
  );

  const streams = report.logs.flatMap((l) =>
    l.logStreams.map((s) =>
      link(`${text(l.container)} log`, logStreamUrl(l.region ?? report.region, l.logGroup, s)),
    ),
  );
  if (streams.length) parts.push(`🔗 ${streams.join(' · ')}`);

  if (report.timeline.length) {
    const start = Date.parse(report.startedAt);
    parts.push(
      details(
        `Timeline: ${report.timeline.length} event${report.timeline.length > 1 ? 's' : ''}`,
        table(
          ['Time (UTC)', '', 'Event'],
          report.timeline.map((e) => [
            e.at.slice(11, 19),
            `+${duration((Date.parse(e.at) - start) / 1000)}`,
            text(e.message),
          ]),
        ),
      ),
    );
  }
  return `${parts.join('\n\n')}\n`;
}
