/** The end of a deploy: the failed task's log tail, the JSON report, the step's message and the job summary. */
import { DescribeServicesCommand, type Service } from '@aws-sdk/client-ecs';
import { explainAwsError } from '../aws/index.js';
import type {
  DeploymentReport,
  DeploymentStatus,
  FailureCause,
  RevisionVerdict,
} from '../deploy-report/index.js';
import { attachLogTail, refOf, releaseLogs, reportTimes, revisionName, writeReport } from '../ecs/index.js';
import { markRevision, readHistory, type ReleaseVerdict } from '../history/index.js';
import { costAndTiming } from './cost-timing.js';
import { outcomeMessage } from './message.js';
import type { DeployOptions } from './options.js';
import { releaseMetricsFor } from './release-metrics.js';
import { currentRevision, type SettledRevisions } from './settle.js';
import type { DeployState } from './state.js';
import { deploySummary } from './summary.js';

export type DeployOutcome = Exclude<DeploymentStatus, 'in-progress'>;

export interface DeployResult {
  status: DeployOutcome;
  /** One line: what happened, cause first when it failed. */
  message: string;
  report: DeploymentReport;
  /** Where the JSON report was written, when a report directory was given. */
  reportPath?: string;
  /** Job-summary markdown. */
  summary: string;
}

export interface DeployEnd {
  status: DeployOutcome;
  cause?: FailureCause;
  service?: Service;
  revs?: SettledRevisions;
  rollbackProblem?: string | undefined;
  rolledBackBy?: 'deploy' | 'ECS' | 'CodeDeploy';
}

export async function finishDeploy(state: DeployState, end: DeployEnd): Promise<DeployResult> {
  const { o, deps } = state;
  const finishedAt = state.now;
  // The same moment on AWS's clock, where the rollout's time breakdown measures.
  const awsFinishedAt = state.serverTime.now();
  const { target, previous } = end.revs ?? {};
  if (end.cause?.taskArn) {
    await attachLogTail(end.cause, {
      logsFor: () => deps.clients.logs(),
      region: o.region,
      info: target,
      taskArn: end.cause.taskArn,
      ...(end.cause.container ? { container: end.cause.container } : {}),
      redactValues: [...(target?.environmentValues ?? []), ...(previous?.environmentValues ?? [])],
      log: state.log,
    });
  }
  const verdicts = await recordVerdicts(state, end);
  const running = end.service ? refOf(currentRevision(end.service)) : undefined;
  const previousRef = previous?.ref ?? running;
  // A dry run that would register names no revision: the family only, never the previous one as "new".
  const subject = target?.ref ??
    (end.revs?.registered && previous ? { arn: '', family: previous.ref.family, revision: 0 } : undefined) ??
    previousRef ?? { arn: '', family: '', revision: 0 };
  // A rollback run reports as one: from what served before, to the target it was asked for.
  const rollback = o.rollbackOf;
  const status = rollback && end.status === 'rolled-back' ? 'failed' : end.status;
  // Reads made after ECS finished delay the step's return: the independent ones go together. (The history
  // comes after the verdicts, which it shows.)
  const [history, metrics, costTiming] = await Promise.all([
    readReleaseHistory(state, end, subject),
    releaseMetricsFor(state, end.service),
    costAndTiming(state, end, state.timeline.entries, awsFinishedAt),
  ]);
  const report: DeploymentReport = {
    schemaVersion: 1,
    kind: rollback ? 'rollback' : 'deploy',
    status,
    region: o.region,
    cluster: o.cluster,
    service: o.service,
    strategy: state.strategy,
    taskDefinition: subject,
    registered: end.revs?.registered ?? false,
    ...(previousRef ? { previousTaskDefinition: previousRef } : {}),
    ...(rollback
      ? {
          ...(previousRef ? { rolledBackFrom: previousRef } : {}),
          ...(subject.arn ? { rolledBackTo: subject } : {}),
          rollbackRequest: rollback.request,
          ...(end.status === 'rolled-back' && previous ? { restored: previous.ref } : {}),
        }
      : end.status === 'rolled-back' && previous
        ? { rolledBackTo: previous.ref }
        : {}),
    ...(end.rolledBackBy ? { rolledBackBy: end.rolledBackBy } : {}),
    images: target?.images ?? {},
    ...(o.git ? { git: o.git } : {}),
    ...(state.deploymentId ? { deploymentId: state.deploymentId } : {}),
    ...reportTimes(state.startedAt, finishedAt),
    timeline: state.timeline.entries,
    gates: [...state.gates.values()],
    ...(end.cause ? { cause: end.cause } : {}),
    ...(end.rollbackProblem ? { rollbackProblem: end.rollbackProblem } : {}),
    logs: releaseLogs(target ?? previous, state.releaseTasks),
    alarms: o.alarms,
    ...(end.revs
      ? {
          changes: end.revs.changes.map((c) => ({
            container: c.container ?? 'task',
            field: c.field,
            kind: c.kind,
            ...(c.key !== undefined ? { key: c.key } : {}),
            ...(c.before !== undefined ? { before: c.before } : {}),
            ...(c.after !== undefined ? { after: c.after } : {}),
          })),
        }
      : {}),
    ...(verdicts.length ? { verdicts } : {}),
    ...history,
    ...(metrics ? { metrics } : {}),
    inputs: reportedInputs(o),
    ...(o.dryRun ? { dryRun: true } : {}),
  };
  Object.assign(report, costTiming);
  const message = outcomeMessage(report);
  const summary = deploySummary(report, end.revs?.changes ?? []);
  const reportPath = deps.reportDir ? await writeReport(deps.reportDir, report) : undefined;
  return {
    status: report.status as DeployOutcome,
    message,
    report,
    summary,
    ...(reportPath ? { reportPath } : {}),
  };
}

/** Verdicts whose cause says nothing about the revision: the run was stopped, or could not look. */
const NOT_THE_REVISION = new Set(['cancelled', 'superseded', 'aws', 'in-flight']);

/**
 * Record what this run learnt about the revision on the revision: verified when every gate passed on it,
 * failed when it was put in place and failed its gates. A tag that cannot be written is a warning (the
 * release is what it is), and the report says the verdict was not recorded.
 */
async function recordVerdicts(state: DeployState, end: DeployEnd): Promise<RevisionVerdict[]> {
  const { o } = state;
  const target = end.revs?.target;
  if (o.dryRun || !target?.ref.arn) return [];
  let verdict: ReleaseVerdict | undefined;
  if (end.status === 'succeeded') verdict = 'verified';
  else if (state.shipped === target.ref.arn && !NOT_THE_REVISION.has(end.cause?.gate ?? ''))
    verdict = 'failed';
  if (!verdict) return [];
  const at = state.serverTime.now();
  const record: RevisionVerdict = { revision: target.ref, verdict, at: new Date(at).toISOString() };
  try {
    await markRevision(state.deps.clients.ecs, target.ref.arn, o, verdict, at, o.git?.runUrl);
    state.record('info', `marked ${revisionName(target.ref.arn)} ${verdict} for ${o.service}`);
  } catch (err) {
    record.error = explainAwsError(err).message;
    state.record(
      'info',
      `could not mark ${revisionName(target.ref.arn)} ${verdict} for ${o.service} (${record.error}): rollback's \`to: previous\` will not know it`,
      'warning',
    );
  }
  return [record];
}

/** The family's newest revisions, with which one serves now; a read that fails is said, never fatal. */
async function readReleaseHistory(
  state: DeployState,
  end: DeployEnd,
  subject: { arn: string; family: string },
): Promise<Pick<DeploymentReport, 'history' | 'historyError'>> {
  const { o } = state;
  const limit = o.historyLength ?? 10;
  const family = subject.family || end.revs?.previous.ref.family;
  // A cancelled run has seconds before the runner kills it: the history is not worth them.
  if (limit <= 0 || !family || state.deps.signal?.aborted) return {};
  try {
    const { target, previous } = end.revs ?? {};
    let live: string | undefined;
    if (o.dryRun || end.status === 'rolled-back') live = previous?.ref.arn;
    else if (end.status === 'succeeded') live = target?.ref.arn;
    else {
      const now = await state.deps.clients.ecs.send(
        new DescribeServicesCommand({ cluster: o.cluster, services: [o.service] }),
      );
      live = now.services?.[0] ? currentRevision(now.services[0]) : undefined;
    }
    const history = await readHistory(state.deps.clients.ecs, {
      family,
      cluster: o.cluster,
      service: o.service,
      limit,
      ...(live ? { liveArn: live } : {}),
    });
    return { history };
  } catch (err) {
    const historyError = explainAwsError(err).message;
    state.log.warning(`could not read the release history of ${family}: ${historyError}`);
    return { historyError };
  }
}

/** The options worth keeping with the report: what a reader needs to judge the outcome. */
function reportedInputs(o: DeployOptions): Record<string, string | number | boolean> {
  return {
    'task-definition': o.taskDefinition.kind === 'file' ? o.taskDefinition.path : o.taskDefinition.ref,
    strategy: o.strategy,
    'on-busy': o.onBusy,
    rollback: o.rollback,
    'on-cancel': o.onCancel ?? 'rollback',
    'timeout-seconds': o.timeoutSeconds,
    'bake-time-seconds': o.bakeTimeSeconds,
    'max-task-failures': o.maxTaskFailures,
    'alarms-preexisting': o.alarmsPreexisting,
    'force-new-deployment': o.forceNewDeployment,
    ...(o.desiredCount !== undefined ? { 'desired-count': o.desiredCount } : {}),
    ...(o.healthCheck
      ? { 'health-check-url': o.healthCheck.url, 'health-check-successes': o.healthCheck.successes }
      : {}),
    ...(o.testCheck ? { 'test-url': o.testCheck.url } : {}),
    ...(o.linear
      ? { 'step-percent': o.linear.stepPercent, 'step-bake-time-minutes': o.linear.stepBakeTimeInMinutes }
      : {}),
    ...(o.canary
      ? {
          'canary-percent': o.canary.canaryPercent,
          'canary-bake-time-minutes': o.canary.canaryBakeTimeInMinutes,
        }
      : {}),
    'poll-interval-seconds': o.pollIntervalSeconds,
  };
}
