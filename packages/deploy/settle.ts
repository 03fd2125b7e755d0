/**
 * Settle the revision to deploy: an existing one the user named, or a file reused when the service's own or
 * the family's latest revision has the same content, else registered (not in a dry run). The previous
 * revision, the rollback target, is the one the service runs now.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { revisionName, type Described, type RevisionInfo } from '../ecs/index.js';
import {
  diffTaskDefinitions,
  loadTaskDefinitionFile,
  type LoadedTaskDefinition,
  type TaskDefinitionChange,
} from '../task-definition/index.js';
import type { DeployState } from './state.js';

export interface SettledRevisions {
  previous: RevisionInfo;
  /** Absent only in a dry run that would register a new revision. */
  target?: RevisionInfo;
  /** A new revision was (or, in a dry run, would be) registered. */
  registered: boolean;
  changes: TaskDefinitionChange[];
}

/** The revision a service runs now (for CodeDeploy services, the primary task set's). */
export function currentRevision(service: Service): string {
  const arn =
    service.taskDefinition ??
    service.taskSets?.find((s) => s.status === 'PRIMARY')?.taskDefinition ??
    service.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition;
  if (!arn) throw new Error(`service ${service.serviceName} has no task definition`);
  return arn;
}

export async function settleRevision(
  state: DeployState,
  service: Service,
  loaded?: LoadedTaskDefinition,
): Promise<SettledRevisions> {
  const { o, revisions } = state;
  const previousArn = currentRevision(service);
  const running: Described | undefined = await revisions.find(previousArn);
  if (!running)
    throw new Error(`ECS could not describe ${previousArn}, the revision service ${o.service} runs`);
  const previous = running.info;
  if (o.taskDefinition.kind === 'revision') {
    const chosen = await revisions.require(o.taskDefinition.ref, 'task-definition');
    state.record(
      'info',
      `deploying existing revision ${revisionName(chosen.info.ref.arn)} (previous: ${revisionName(previousArn)})`,
    );
    return {
      previous,
      target: chosen.info,
      registered: false,
      changes: diffTaskDefinitions(running.td, chosen.td),
    };
  }
  const file =
    loaded ??
    (await loadTaskDefinitionFile(o.taskDefinition.path, 'task-definition', {
      ...(o.fileRoots ? { roots: o.fileRoots } : {}),
    }));
  const changes = diffTaskDefinitions(running.td, file.taskDefinition);
  const settled = await revisions.settle(file, o.tags, running);
  if (settled.kind === 'existing') {
    state.record('info', `${settled.reason} (previous: ${revisionName(previousArn)})`);
    return { previous, target: settled.described.info, registered: false, changes };
  }
  if (o.dryRun) {
    state.log.info(
      `dry run: would register a new revision of ${file.taskDefinition.family} (${changes.length} change(s))`,
    );
    return { previous, registered: true, changes };
  }
  const registered = await revisions.register(settled);
  if (registered.recovered) state.record('info', registered.recovered, 'warning');
  state.record(
    'info',
    `registered ${revisionName(registered.info.ref.arn)} (previous: ${revisionName(previousArn)})`,
  );
  return { previous, target: registered.info, registered: true, changes };
}
