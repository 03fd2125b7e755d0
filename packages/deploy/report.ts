/** The end of a deploy: the failed task's log tail, the JSON report, the step's message and the job summary. */
import type { Service } from '@aws-sdk/client-ecs';
import type { DeploymentReport, DeploymentStatus, FailureCause } from '../deploy-report/index.js';
import { attachLogTail, refOf, releaseLogs, reportTimes, writeReport } from '../ecs/index.js';
import { outcomeMessage } from './message.js';
import type { DeployOptions } from './options.js';
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
  const running = end.service ? refOf(currentRevision(end.service)) : undefined;
  const previousRef = previous?.ref ?? running;
  // A dry run that would register names no revision: the family only, never the previous one as "new".
  const subject = target?.ref ??
    (end.revs?.registered && previous ? { arn: '', family: previous.ref.family, revision: 0 } : undefined) ??
    previousRef ?? { arn: '', family: '', revision: 0 };
  const report: DeploymentReport = {
    schemaVersion: 1,
    kind: 'deploy',
    status: end.status,
    region: o.region,
    cluster: o.cluster,
    service: o.service,
    strategy: state.strategy,
    taskDefinition: subject,
    registered: end.revs?.registered ?? false,
    ...(previousRef ? { previousTaskDefinition: previousRef } : {}),
    ...(end.status === 'rolled-back' && previous ? { rolledBackTo: previous.ref } : {}),
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
    inputs: reportedInputs(o),
    ...(o.dryRun ? { dryRun: true } : {}),
  };
  const message = outcomeMessage(report);
  const summary = deploySummary(report, end.revs?.changes ?? []);
  const reportPath = deps.reportDir ? await writeReport(deps.reportDir, report) : undefined;
  return { status: end.status, message, report, summary, ...(reportPath ? { reportPath } : {}) };
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
