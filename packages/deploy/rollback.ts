/**
 * Putting the previous revision back. An in-flight native deployment is stopped with ROLLBACK (or its
 * paused hook answered ROLLBACK) so ECS restores what served before; a finished one is replaced by an
 * UpdateService to the previous revision; when ECS or CodeDeploy already roll back, we only watch.
 */
import {
  ContinueServiceDeploymentCommand,
  DescribeServicesCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import type { StrategyName } from '../deploy-report/index.js';
import type { DeployClients } from './clients.js';
import { readCodeDeployment, stopCodeDeployment } from './codedeploy.js';
import { revisionName, type Observation, type Subject } from './observation.js';

export interface RollbackRequest {
  clients: DeployClients;
  cluster: string;
  service: string;
  strategy: StrategyName;
  previousArn: string;
  /** The last observation of the failed deployment. */
  last?: Observation;
  subject: Subject;
  pausedHookId?: string;
  codeDeployId?: string;
  now: number;
  awsNow: number;
  /**
   * The desired count the service had before the deploy changed it: put back with the rollback (ECS's own
   * rollback restores the revision, not the count).
   */
  desiredCount?: number;
}

export interface RollbackStarted {
  /** What the rollback watch waits for: the previous revision serving. */
  subject: Subject;
  by: 'deploy' | 'ECS' | 'CodeDeploy';
  message: string;
  /** The service as the rollback's UpdateService answered, in words: the last word when reads fail after. */
  serviceAfter?: string;
}

const IN_FLIGHT = new Set(['PENDING', 'IN_PROGRESS']);
const ECS_ROLLING_BACK = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL']);

export async function startRollback(req: RollbackRequest): Promise<RollbackStarted> {
  const started = await rollbackRevision(req);
  if (req.desiredCount === undefined || COUNT_SET.has(started)) return started;
  try {
    // A desired count alone starts no deployment: it resizes whichever one is PRIMARY, the rollback's.
    await req.clients.ecs.send(
      new UpdateServiceCommand({
        cluster: req.cluster,
        service: req.service,
        desiredCount: req.desiredCount,
      }),
    );
    return { ...started, message: `${started.message}; desired count back to ${req.desiredCount}` };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      ...started,
      message: `${started.message}; the desired count could not be set back to ${req.desiredCount}: ${why}`,
    };
  }
}

/** Rollbacks whose UpdateService already carried the desired count. */
const COUNT_SET = new WeakSet<RollbackStarted>();

async function rollbackRevision(req: RollbackRequest): Promise<RollbackStarted> {
  const { clients, last, previousArn } = req;
  const previous = revisionName(previousArn);
  const subject: Subject = {
    kind: 'rollback',
    taskDefinitionArn: previousArn,
    startedAt: req.now,
    awsStartedAt: req.awsNow,
  };
  const sd = last?.serviceDeployment;
  if (sd) subject.serviceDeploymentArn = sd.arn;

  if (req.strategy === 'CODE_DEPLOY' && req.codeDeployId) {
    const cd = last?.codeDeploy;
    if (cd && (cd.status === 'Failed' || cd.status === 'Stopped')) {
      return {
        subject,
        by: 'CodeDeploy',
        message: `CodeDeploy ended the deployment (${cd.status}); waiting for ${previous} to serve again`,
      };
    }
    try {
      await stopCodeDeployment(clients, req.codeDeployId);
    } catch (err) {
      // CodeDeploy may have ended it between our last poll and the stop, rolling back by itself.
      const now = await readCodeDeployment(clients, req.codeDeployId);
      if (now.status !== 'Failed' && now.status !== 'Stopped') throw err;
      return {
        subject,
        by: 'CodeDeploy',
        message: `CodeDeploy ended the deployment (${now.status}); waiting for ${previous} to serve again`,
      };
    }
    return {
      subject,
      by: 'deploy',
      message: `stopped CodeDeploy deployment ${req.codeDeployId} with rollback to ${previous}`,
    };
  }

  if (sd && req.pausedHookId) {
    await clients.ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: sd.arn,
        hookId: req.pausedHookId,
        action: 'ROLLBACK',
      }),
    );
    return {
      subject,
      by: 'deploy',
      message: `answered the paused hook with ROLLBACK: production traffic stays on ${previous}`,
    };
  }
  if (sd && ECS_ROLLING_BACK.has(sd.status)) {
    return {
      subject,
      by: 'ECS',
      message: `ECS is rolling back by itself (${sd.status}); waiting for ${previous} to serve again`,
    };
  }
  const primary = last?.primary;
  const ours = last?.ours;
  if (primary && primary.taskDefinition === previousArn && (!ours || primary.createdAt > ours.createdAt)) {
    return {
      subject,
      by: 'ECS',
      message: `ECS rolled back by itself; waiting for ${previous} to serve again`,
    };
  }
  if (sd && IN_FLIGHT.has(sd.status)) {
    try {
      await clients.ecs.send(
        new StopServiceDeploymentCommand({ serviceDeploymentArn: sd.arn, stopType: 'ROLLBACK' }),
      );
      return {
        subject,
        by: 'deploy',
        message: `stopped service deployment ${sd.arn.split('/').pop()} with ROLLBACK to ${previous}`,
      };
    } catch {
      // It may have finished between our last poll and the stop: replace it with an update instead.
    }
  }
  const out = await clients.ecs.send(
    new UpdateServiceCommand({
      cluster: req.cluster,
      service: req.service,
      taskDefinition: previousArn,
      ...(req.desiredCount !== undefined ? { desiredCount: req.desiredCount } : {}),
    }),
  );
  const deployment = (out.service?.deployments ?? []).find(
    (d) => d.status === 'PRIMARY' && d.taskDefinition === previousArn,
  );
  if (deployment?.id) subject.deploymentId = deployment.id;
  if (deployment?.createdAt) subject.awsStartedAt = deployment.createdAt.getTime();
  delete subject.serviceDeploymentArn;
  const current = out.service?.currentServiceDeployment;
  if (current && current !== sd?.arn) subject.serviceDeploymentArn = current;
  const started: RollbackStarted = {
    subject,
    by: 'deploy',
    ...(out.service ? { serviceAfter: serviceInWords(out.service) } : {}),
    message: `updated the service back to ${previous}${req.desiredCount !== undefined ? ` with desired count ${req.desiredCount}` : ''}${deployment?.id ? ` (deployment ${deployment.id})` : ''}`,
  };
  COUNT_SET.add(started);
  return started;
}

/** Where the service stands, in words: which revision each deployment runs and how many tasks serve. */
export function describeServiceState(obs: Observation): string {
  const parts = obs.deployments.map(
    (d) =>
      `${d.status} deployment ${revisionName(d.taskDefinition)} with ${d.runningCount}/${d.desiredCount} running${d.rolloutState ? ` (rollout ${d.rolloutState})` : ''}`,
  );
  const sd = obs.serviceDeployment;
  if (sd) parts.push(`service deployment ${sd.status}${sd.lifecycleStage ? ` at ${sd.lifecycleStage}` : ''}`);
  return parts.join('; ') || `${obs.service.runningCount}/${obs.service.desiredCount} tasks running`;
}

/** {@link describeServiceState}'s words for a service as DescribeServices or UpdateService returns it. */
export function serviceInWords(service: Service): string {
  const parts = (service.deployments ?? []).map(
    (d) =>
      `${d.status} deployment ${revisionName(d.taskDefinition)} with ${d.runningCount ?? 0}/${d.desiredCount ?? 0} running${d.rolloutState ? ` (rollout ${d.rolloutState})` : ''}`,
  );
  return parts.join('; ') || `${service.runningCount ?? 0}/${service.desiredCount ?? 0} tasks running`;
}

/**
 * Where the service stands when the watch has no observation to tell (every read of it failed): one more
 * DescribeServices, so a failure report never says "unknown" about a service it could still read.
 * Undefined when that read fails too.
 */
export async function describeServiceNow(
  clients: DeployClients,
  cluster: string,
  service: string,
): Promise<string | undefined> {
  try {
    const out = await clients.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
    const found = out.services?.[0];
    return found ? serviceInWords(found) : undefined;
  } catch {
    return undefined;
  }
}
