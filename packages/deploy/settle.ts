/**
 * Settle the revision to deploy: an existing one the user named, or a file reused when the service's own or
 * the family's latest revision has the same content, else registered (not in a dry run). The previous
 * revision, the rollback target, is the one the service runs now.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { revisionName, type Described, type RevisionInfo } from '../ecs/index.js';
import { isVerdictKey } from '../history/index.js';
import { UserError } from '../inputs/index.js';
import {
  diffTaskDefinitions,
  loadTaskDefinitionFile,
  normalizeForRegister,
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
    const found = o.rollbackOf?.allowInactive ? await revisions.find(o.taskDefinition.ref) : undefined;
    if (found?.td.status === 'INACTIVE') return restoreInactive(state, found, running, previousArn);
    const ref = o.taskDefinition.ref;
    const chosen =
      found ??
      (await revisions.require(ref, o.rollbackOf ? 'to' : 'task-definition').catch((err: unknown) => {
        // `previous` names no family here: going back is the rollback action's job, and it knows which.
        if (!o.rollbackOf && /^(previous|last|rollback)$/i.test(ref) && err instanceof UserError) {
          throw new UserError(
            'task-definition',
            `ECS has no task definition family "${ref}" in ${o.region}`,
            'to go back to the last revision that passed its gates, use the rollback action (`uses: …/actions/rollback@v1` with `to: previous`); to deploy a revision give family:revision',
          );
        }
        throw err;
      }));
    state.record(
      'info',
      o.rollbackOf
        ? `rolling back from ${revisionName(previousArn)} to ${revisionName(chosen.info.ref.arn)} (${o.rollbackOf.how})`
        : `deploying existing revision ${revisionName(chosen.info.ref.arn)} (previous: ${revisionName(previousArn)})`,
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

/** The tag a re-registered copy of a deregistered revision carries: which revision it restores. */
export const RESTORED_FROM_TAG = 'ecs-deploy:restored-from';

/**
 * A rollback to a deregistered (INACTIVE) revision with allow-inactive: ECS does not update a service to an
 * INACTIVE revision, so its content is registered again as a new ACTIVE revision (the family's latest, when
 * identical, is reused) carrying the old one's tags and the revision it restores. Its verdicts stay behind:
 * the copy earns its own.
 */
async function restoreInactive(
  state: DeployState,
  inactive: Described,
  running: Described,
  previousArn: string,
): Promise<SettledRevisions> {
  const { o, revisions } = state;
  const old = revisionName(inactive.info.ref.arn);
  const file: LoadedTaskDefinition = {
    taskDefinition: normalizeForRegister(inactive.td),
    tags: [
      ...inactive.tags.filter((t) => !isVerdictKey(t.key) && t.key !== RESTORED_FROM_TAG),
      { key: RESTORED_FROM_TAG, value: old },
    ],
  };
  delete (file.taskDefinition as { tags?: unknown }).tags;
  const changes = diffTaskDefinitions(running.td, file.taskDefinition);
  const settled = await revisions.settle(file, [], running);
  if (settled.kind === 'existing') {
    state.record('info', `${old} is INACTIVE: ${settled.reason}`);
    return { previous: running.info, target: settled.described.info, registered: false, changes };
  }
  if (o.dryRun) {
    state.record('info', `dry run: ${old} is INACTIVE; would register its content again (allow-inactive)`);
    return { previous: running.info, registered: true, changes };
  }
  const registered = await revisions.register(settled);
  state.record(
    'info',
    `${old} is INACTIVE and ECS updates no service to it: registered its content again as ${revisionName(registered.info.ref.arn)} (allow-inactive; previous: ${revisionName(previousArn)})`,
    'warning',
  );
  return { previous: running.info, target: registered.info, registered: true, changes };
}
