/** Find the service and say plainly why it cannot be deployed to, before anything changes. */
import { DescribeServicesCommand, type Service } from '@aws-sdk/client-ecs';
import { UserError } from '../inputs/index.js';
import type { StrategyName } from '../deploy-report/index.js';
import { clusterError } from '../ecs/index.js';
import type { DeployClients } from './clients.js';
import type { StrategyChoice } from './options.js';

export async function resolveService(
  clients: DeployClients,
  cluster: string,
  name: string,
  region: string,
): Promise<Service> {
  let services: Service[] | undefined;
  let failures: { reason?: string }[] | undefined;
  try {
    ({ services, failures } = await clients.ecs.send(
      new DescribeServicesCommand({ cluster, services: [name] }),
    ));
  } catch (err) {
    throw clusterError(err, cluster, region);
  }
  const service = services?.find((s) => s.serviceName === name || s.serviceArn === name) ?? services?.[0];
  if (!service || failures?.some((f) => f.reason === 'MISSING')) {
    throw new UserError(
      'service',
      `there is no service "${name}" in cluster ${cluster} (${region})`,
      'check the service name, the cluster and aws-region',
    );
  }
  if (service.status === 'INACTIVE' || service.status === 'DRAINING') {
    throw new UserError(
      'service',
      `service ${name} in cluster ${cluster} is ${service.status} (being deleted or deleted)`,
      'deploy to an ACTIVE service, or recreate this one',
    );
  }
  if (service.deploymentController?.type === 'EXTERNAL') {
    throw new UserError(
      'service',
      `service ${name} uses the EXTERNAL deployment controller, whose task sets another tool manages`,
      'deploy it with that tool, or switch the service to the ECS or CODE_DEPLOY controller',
    );
  }
  return service;
}

/** The strategy this deploy follows: CodeDeploy services always use CodeDeploy; `auto` follows the service. */
export function resolveStrategy(choice: StrategyChoice, service: Service): StrategyName {
  const configured = (service.deploymentConfiguration?.strategy ?? 'ROLLING') as StrategyName;
  if (service.deploymentController?.type === 'CODE_DEPLOY') {
    if (choice !== 'auto') {
      throw new UserError(
        'strategy',
        `service ${service.serviceName} is deployed by CodeDeploy, so strategy ${choice} cannot apply`,
        'leave strategy at auto for CODE_DEPLOY services',
      );
    }
    return 'CODE_DEPLOY';
  }
  if (choice === 'auto') return configured;
  if (
    choice !== 'ROLLING' &&
    !service.loadBalancers?.some((lb) => lb.advancedConfiguration?.alternateTargetGroupArn)
  ) {
    throw new UserError(
      'strategy',
      `${choice} needs a load balancer with an alternate target group (loadBalancers[].advancedConfiguration), which service ${service.serviceName} does not have`,
      'configure blue/green on the service first, or use strategy ROLLING',
    );
  }
  return choice;
}

/**
 * Whether ECS is still busy with an earlier deployment, and with what, in words: since when, and how many
 * of its tasks failed, so that one left in flight by a cancelled or crashed run reads as such.
 */
export function busyWith(service: Service): string | undefined {
  const deployments = service.deployments ?? [];
  const rolling = deployments.find((d) => d.rolloutState === 'IN_PROGRESS');
  if (rolling) {
    // No clock-relative words or counts: the text is compared between polls to tell a new holdup from the same one.
    const when = rolling.createdAt ? `, started ${utc(rolling.createdAt)}` : '';
    const failures = (rolling.failedTasks ?? 0) > 0 ? ', with failed tasks' : '';
    return `deployment ${rolling.id} (${rolling.taskDefinition?.split('/').pop()}) is ${rolling.status === 'PRIMARY' ? 'rolling out' : 'draining'}${when}${failures}`;
  }
  if (deployments.length > 1) return `${deployments.length} deployments are active`;
  const sets = service.taskSets ?? [];
  if (sets.length > 1) return `${sets.length} task sets are active (a CodeDeploy deployment is in progress)`;
  return undefined;
}

/** `2026-05-01 10:00:05 UTC`. */
function utc(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
