/**
 * Task-definition revisions as deploy, run-task and rollback use them: describe a reference (one wording
 * when ECS does not know it), find the family's latest ACTIVE revision, settle a file against what is
 * registered (reuse an identical revision, register only when the content differs), and register.
 */
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type ECSClient,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { UserError } from '../inputs/index.js';
import {
  noSuchTaskDefinition,
  sameContent,
  type LoadedTaskDefinition,
  type Tag,
} from '../task-definition/index.js';
import { revisionInfo, revisionName, type RevisionInfo } from './revision.js';

export interface Described {
  td: TaskDefinition;
  tags: Tag[];
  info: RevisionInfo;
}

/** How a file became a revision to run: one already registered, or a new one (to be) registered. */
export type Settlement =
  | { kind: 'existing'; described: Described; reason: string }
  | { kind: 'register'; file: LoadedTaskDefinition; tags: Tag[]; latest?: Described };

export class Revisions {
  private readonly known = new Map<string, RevisionInfo>();

  constructor(
    private readonly ecs: ECSClient,
    private readonly region: string,
  ) {}

  /** What the watch knows of a revision described or registered in this run. */
  info(arn: string): RevisionInfo | undefined {
    return this.known.get(arn);
  }

  private remember(td: TaskDefinition, tags: Tag[]): Described {
    const info = revisionInfo(td, this.region);
    if (info.ref.arn) this.known.set(info.ref.arn, info);
    return { td, tags, info };
  }

  /** DescribeTaskDefinition with tags; undefined when ECS does not know the reference (a ClientException). */
  async find(ref: string): Promise<Described | undefined> {
    try {
      const out = await this.ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: ref, include: ['TAGS'] }),
      );
      if (!out.taskDefinition) return undefined;
      return this.remember(
        out.taskDefinition,
        (out.tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' })),
      );
    } catch (err) {
      if (err instanceof Error && err.name === 'ClientException') return undefined;
      throw err;
    }
  }

  /** A revision the user named: unknown or deregistered (INACTIVE) is their mistake, said the same way everywhere. */
  async require(ref: string, input: string): Promise<Described> {
    const found = await this.find(ref);
    if (!found) throw noSuchTaskDefinition(ref, this.region, input);
    if (found.td.status === 'INACTIVE') {
      throw new UserError(
        input,
        `task definition ${revisionName(found.info.ref.arn)} is INACTIVE (deregistered): ECS starts no new tasks of it`,
        'give an ACTIVE revision, or register it again from its file',
      );
    }
    return found;
  }

  /** The family's latest ACTIVE revision; none for a family ECS does not know. */
  latest(family: string): Promise<Described | undefined> {
    return this.find(family);
  }

  /**
   * Settle a file: reuse `running` (the service's revision) or the family's latest ACTIVE revision when
   * either has the same content, else it must be registered with the file's tags plus `runTags` for keys
   * the file does not set.
   */
  async settle(
    file: LoadedTaskDefinition,
    runTags: readonly Tag[],
    running?: Described,
  ): Promise<Settlement> {
    const same = (d: Described) => sameContent(d.td, file.taskDefinition, { ignoreTags: true });
    if (running && same(running)) {
      return {
        kind: 'existing',
        described: running,
        reason: `task definition is identical to the running ${revisionName(running.info.ref.arn)}: reusing it, no new revision`,
      };
    }
    const latest = await this.latest(file.taskDefinition.family!);
    if (latest && latest.td.status !== 'INACTIVE' && same(latest)) {
      return {
        kind: 'existing',
        described: latest,
        reason: `reusing ${revisionName(latest.info.ref.arn)}, the family's latest revision, identical to the file`,
      };
    }
    const keys = new Set(file.tags.map((t) => t.key));
    const tags = [...file.tags, ...runTags.filter((t) => !keys.has(t.key))];
    return { kind: 'register', file, tags, ...(latest ? { latest } : {}) };
  }

  async register(settlement: Extract<Settlement, { kind: 'register' }>): Promise<Described> {
    const { file, tags } = settlement;
    const out = await this.ecs.send(
      new RegisterTaskDefinitionCommand({ ...file.taskDefinition, ...(tags.length ? { tags } : {}) }),
    );
    if (!out.taskDefinition?.taskDefinitionArn)
      throw new Error('RegisterTaskDefinition returned no task definition');
    return this.remember(out.taskDefinition, tags);
  }
}
