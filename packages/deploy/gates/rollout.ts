/**
 * ECS's own view of the rollout: the deployment's rolloutState, the service deployment's status, and which
 * deployment is PRIMARY. Success here means ECS finished putting the subject's revision in place; ECS
 * rolling back by itself is a failure, never a success; another deploy taking over is `superseded`.
 */
import {
  fail,
  pass,
  revisionName,
  wait,
  type GateContext,
  type Observation,
  type Verdict,
} from '../observation.js';

const STOPPING = new Set([
  'STOPPED',
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
]);
const ROLLBACK_DONE = new Set(['ROLLBACK_SUCCESSFUL', 'SUCCESSFUL', 'STOPPED']);

export function rolloutGate(obs: Observation, ctx: GateContext): Verdict {
  const { ours, primary, serviceDeployment: sd } = obs;
  const target = revisionName(ctx.subject.taskDefinitionArn);

  // Someone else deployed another revision: never judge (or roll back over) a stranger's release.
  if (
    primary &&
    ctx.knownRevisions &&
    !ctx.knownRevisions.has(primary.taskDefinition) &&
    primary.createdAt >= (ours?.createdAt ?? 0)
  ) {
    return fail({
      gate: 'superseded',
      summary: `another deployment took over the service: ${primary.id} runs ${revisionName(primary.taskDefinition)}, which is neither ${target} nor the revision before it`,
    });
  }

  if (ctx.subject.kind === 'deploy') {
    if (sd && STOPPING.has(sd.status)) {
      const why = sd.rollbackReason ?? sd.statusReason;
      return fail({
        gate: 'rollout',
        summary: `ECS stopped the deployment (${sd.status})${why ? `: ${why}` : ''}${ecsMonitors(obs)}`,
        ...(sd.triggeredAlarms[0] ? { alarmName: sd.triggeredAlarms[0] } : {}),
      });
    }
    if (ours?.rolloutState === 'FAILED') {
      return fail({
        gate: 'rollout',
        summary: `ECS marked the deployment of ${target} FAILED${ours.rolloutStateReason ? `: ${ours.rolloutStateReason}` : ''}${ecsMonitors(obs)}`,
      });
    }
    if (
      primary &&
      primary.taskDefinition !== ctx.subject.taskDefinitionArn &&
      (!ours || primary.createdAt > ours.createdAt)
    ) {
      return fail({
        gate: 'rollout',
        summary: `ECS rolled the service back by itself: the PRIMARY deployment runs ${revisionName(primary.taskDefinition)}, not ${target}${ecsMonitors(obs)}`,
      });
    }
  } else if (ctx.subject.kind === 'rollback') {
    // A deployment of another known revision (the release) started after the rollback began: a write that
    // had timed out landed late. Waiting would wait for ever; the engine rolls back again.
    if (
      primary &&
      primary.taskDefinition !== ctx.subject.taskDefinitionArn &&
      primary.createdAt > ctx.subject.awsStartedAt &&
      (!ours || primary.createdAt > ours.createdAt)
    ) {
      return fail({
        gate: 'rollout',
        summary: `${revisionName(primary.taskDefinition)} became PRIMARY again after the rollback began (deployment ${primary.id}): an update that had timed out landed late`,
      });
    }
    if (sd?.status === 'ROLLBACK_FAILED') {
      return fail({
        gate: 'rollout',
        summary: `ECS could not roll back${sd.statusReason ? `: ${sd.statusReason}` : ''}`,
      });
    }
    if (ours?.rolloutState === 'FAILED' && ours === primary) {
      return fail({
        gate: 'rollout',
        summary: `the rollback deployment of ${target} FAILED${ours.rolloutStateReason ? `: ${ours.rolloutStateReason}` : ''}`,
      });
    }
  }

  if (!primary || primary.taskDefinition !== ctx.subject.taskDefinitionArn) {
    return wait(`${target} is not the PRIMARY deployment yet`);
  }
  const settled = primary.rolloutState
    ? primary.rolloutState === 'COMPLETED'
    : primary.runningCount >= primary.desiredCount;
  if (!settled)
    return wait(
      `${target}: ${primary.runningCount}/${primary.desiredCount} running, rollout ${primary.rolloutState ?? 'in progress'}`,
    );
  const others = obs.deployments.filter((d) => d !== primary && d.runningCount + d.pendingCount > 0);
  if (others.length) return wait(`${others.length} older deployment(s) still have tasks`);
  if (sd && ctx.subject.kind === 'deploy' && sd.status !== 'SUCCESSFUL') {
    return wait(`service deployment ${sd.status}${sd.lifecycleStage ? ` at ${sd.lifecycleStage}` : ''}`);
  }
  if (sd && ctx.subject.kind === 'rollback' && !ROLLBACK_DONE.has(sd.status)) {
    return wait(`rollback ${sd.status}`);
  }
  return pass(`${target} serves ${primary.runningCount}/${primary.desiredCount}`);
}

/** What ECS's own monitors said (circuit breaker, deployment alarms), for the cause line. */
function ecsMonitors(obs: Observation): string {
  const sd = obs.serviceDeployment;
  const parts: string[] = [];
  if (sd?.circuitBreaker?.status === 'TRIGGERED') {
    parts.push(
      `circuit breaker tripped after ${sd.circuitBreaker.failureCount ?? '?'} failed tasks (threshold ${sd.circuitBreaker.threshold ?? '?'})`,
    );
  }
  if (sd?.triggeredAlarms.length) parts.push(`alarms ${sd.triggeredAlarms.join(', ')} in ALARM`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}
