/**
 * A rollback that finds the service mid-deployment does not wait for it (it is often the reason for the
 * rollback). A native service deployment whose source revision is the target is stopped with ECS's own
 * rollback, which puts that revision back without a new deployment; a rolling deployment to anything else
 * is replaced by the update to the target. A blue/green, linear or canary deployment can only be stopped
 * back to its source, and a CodeDeploy one belongs to CodeDeploy: those are refused with the way out.
 */
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import type { FailureCause, StrategyName } from '../deploy-report/index.js';
import { revisionName } from '../ecs/index.js';
import type { DeployClients } from './clients.js';
import { busyWith } from './resolve.js';

export type InFlight =
  /** Nothing in flight: the service is steady on the revision it runs. */
  | { kind: 'idle' }
  /** A rolling deployment is in flight: the update to the target replaces it. */
  | { kind: 'supersede'; what: string }
  /** A native service deployment whose source is the target: StopServiceDeployment with ROLLBACK. */
  | { kind: 'stop'; serviceDeploymentArn: string; what: string }
  | { kind: 'refuse'; cause: FailureCause };

const RUNNING = new Set(['PENDING', 'IN_PROGRESS']);

export async function inFlightFor(
  clients: DeployClients,
  service: Service,
  strategy: StrategyName,
  targetArn: string,
): Promise<InFlight> {
  const what = busyWith(service);
  if (!what) return { kind: 'idle' };
  const target = revisionName(targetArn);
  if (strategy === 'CODE_DEPLOY') {
    return {
      kind: 'refuse',
      cause: {
        gate: 'in-flight',
        summary: `a CodeDeploy deployment is in flight (${what}); nothing was changed. Stop it in CodeDeploy (it rolls back to what served before), or wait for it to end, then run the rollback again`,
      },
    };
  }
  const arn = service.currentServiceDeployment;
  const sd = arn
    ? (await clients.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })))
        .serviceDeployments?.[0]
    : undefined;
  if (sd?.serviceDeploymentArn && RUNNING.has(sd.status ?? '')) {
    const sourceArns = (sd.sourceServiceRevisions ?? []).flatMap((r) => (r.arn ? [r.arn] : []));
    const sources = sourceArns.length
      ? (
          (await clients.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: sourceArns })))
            .serviceRevisions ?? []
        ).flatMap((r) => (r.taskDefinition ? [r.taskDefinition] : []))
      : [];
    if (sources.includes(targetArn)) {
      return { kind: 'stop', serviceDeploymentArn: sd.serviceDeploymentArn, what };
    }
    if (strategy !== 'ROLLING') {
      const back = sources.map(revisionName).join(' or ') || 'the revision it started from';
      return {
        kind: 'refuse',
        cause: {
          gate: 'in-flight',
          summary: `a ${strategy} deployment is in flight (${what}) and ECS can only stop it back to ${back}, not ${target}; nothing was changed. Roll back to ${back} first, or wait for it to end`,
        },
      };
    }
  }
  return { kind: 'supersede', what };
}
