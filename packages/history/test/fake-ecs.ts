/**
 * A small ECS for the history tests, answered through aws-sdk-client-mock: task definition revisions with
 * the tags render and deploy write, listed the way ListTaskDefinitions lists them (family prefix, status,
 * sorted by family then revision, paged with nextToken) and described the way DescribeTaskDefinition does
 * (by ARN or family:revision, INACTIVE ones too, ClientException for one that does not exist).
 */
import {
  ClientException,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  type DescribeTaskDefinitionCommandInput,
  type ListTaskDefinitionsCommandInput,
  type Tag,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { ACTOR_TAG, GIT_SHA_TAG, REPOSITORY_TAG, RUN_URL_TAG } from '../../task-definition/traceability.js';
import { formatVerdictValue, verdictKey, type ReleaseVerdict } from '../marks.js';

export const CLUSTER = 'web';
export const SERVICE = 'backend';
export const FAMILY = 'backend';

export const arnOf = (family: string, revision: number, partition = 'aws') =>
  `arn:${partition}:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`;

/** When revision `n` was registered: one hour apart, starting 2026-11-01 00:00 UTC. */
export const registeredAt = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 3_600_000);

export interface Rev {
  revision: number;
  family?: string;
  status?: 'ACTIVE' | 'INACTIVE';
  sha?: string;
  actor?: string;
  repository?: string;
  runUrl?: string;
  /** The verdict for web/backend, recorded at `verdictAt` (default: an hour after registration). */
  verdict?: ReleaseVerdict;
  verdictAt?: number;
  /** More tags, e.g. other services' verdicts. */
  tags?: Tag[];
  registeredBy?: string;
  image?: string;
}

export class FakeEcs {
  readonly ecs = new ECSClient({ region: 'us-east-1' });
  readonly mock = mockClient(this.ecs);
  /** Revisions ListTaskDefinitions returns per page at most (ECS: maxResults, up to 100). */
  pageSize = 100;
  readonly revs: (Rev & { family: string })[];

  constructor(revs: Rev[]) {
    this.revs = revs.map((r) => ({ ...r, family: r.family ?? FAMILY }));
    this.mock
      .on(ListTaskDefinitionsCommand)
      .callsFake((input: ListTaskDefinitionsCommandInput) => this.list(input));
    this.mock
      .on(DescribeTaskDefinitionCommand)
      .callsFake((input: DescribeTaskDefinitionCommandInput) => this.describe(input));
  }

  private list(input: ListTaskDefinitionsCommandInput) {
    const dir = input.sort === 'DESC' ? -1 : 1;
    const matching = this.revs
      .filter((r) => r.family.startsWith(input.familyPrefix ?? ''))
      .filter((r) => (r.status ?? 'ACTIVE') === (input.status ?? 'ACTIVE'))
      .sort((a, b) =>
        a.family === b.family ? dir * (a.revision - b.revision) : dir * (a.family < b.family ? -1 : 1),
      );
    const start = Number(input.nextToken ?? 0);
    const size = Math.min(this.pageSize, input.maxResults ?? 100);
    const end = start + size;
    return {
      taskDefinitionArns: matching.slice(start, end).map((r) => arnOf(r.family, r.revision)),
      ...(end < matching.length ? { nextToken: String(end) } : {}),
    };
  }

  private describe(input: DescribeTaskDefinitionCommandInput) {
    const ref = input.taskDefinition ?? '';
    const name = ref.includes(':task-definition/') ? ref.split(':task-definition/')[1]! : ref;
    const at = name.lastIndexOf(':');
    const rev = this.revs.find(
      (r) => r.family === name.slice(0, at) && r.revision === Number(name.slice(at + 1)),
    );
    if (!rev) {
      return Promise.reject(
        new ClientException({ message: 'Unable to describe task definition.', $metadata: {} }),
      );
    }
    const tags: Tag[] = [
      ...(rev.sha ? [{ key: GIT_SHA_TAG, value: rev.sha }] : []),
      ...(rev.actor ? [{ key: ACTOR_TAG, value: rev.actor }] : []),
      ...(rev.repository ? [{ key: REPOSITORY_TAG, value: rev.repository }] : []),
      ...(rev.runUrl ? [{ key: RUN_URL_TAG, value: rev.runUrl }] : []),
      ...(rev.verdict
        ? [
            {
              key: verdictKey(rev.verdict, CLUSTER, SERVICE),
              value: formatVerdictValue(rev.verdictAt ?? registeredAt(rev.revision).getTime() + 3_600_000),
            },
          ]
        : []),
      ...(rev.tags ?? []),
    ];
    return {
      taskDefinition: {
        taskDefinitionArn: arnOf(rev.family, rev.revision),
        family: rev.family,
        revision: rev.revision,
        status: rev.status ?? 'ACTIVE',
        registeredAt: registeredAt(rev.revision),
        ...(rev.registeredBy ? { registeredBy: rev.registeredBy } : {}),
        containerDefinitions: [
          {
            name: 'app',
            image: rev.image ?? `123456789012.dkr.ecr.us-east-1.amazonaws.com/backend:r${rev.revision}`,
          },
        ],
      },
      ...(input.include?.includes('TAGS') ? { tags } : {}),
    };
  }

  /** The `taskDefinition` of every DescribeTaskDefinition call, in order. */
  described(): string[] {
    return this.mock
      .commandCalls(DescribeTaskDefinitionCommand)
      .map((c) => c.args[0].input.taskDefinition ?? '');
  }

  /** The input of every ListTaskDefinitions call, in order. */
  listed(): ListTaskDefinitionsCommandInput[] {
    return this.mock.commandCalls(ListTaskDefinitionsCommand).map((c) => c.args[0].input);
  }
}

/** A 40-hex-digit git sha that starts with `prefix`. */
export const sha = (prefix: string) => prefix + 'e'.repeat(40 - prefix.length);
