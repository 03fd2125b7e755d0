/**
 * A scripted ECS account for prune tests, answered through aws-sdk-client-mock: task-definition revisions
 * with registration times and tags, clusters of services, and service deployments. Writes change the state,
 * so a test can read what was deregistered or deleted.
 */
import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  type Deployment,
  type Service,
  type TaskSet,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import type { Clock } from '../../runtime/index.js';

export const NOW = Date.parse('2026-06-01T00:00:00Z');
export const DAY = 86_400_000;
const BASE = 'arn:aws:ecs:us-east-1:123456789012';
export const tdArn = (family: string, revision: number) => `${BASE}:task-definition/${family}:${revision}`;

export interface FakeRevision {
  family: string;
  revision: number;
  registeredAt: number;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  tags: { key: string; value: string }[];
}

export interface FakeService {
  cluster: string;
  name: string;
  taskDefinition: string;
  deployments?: Partial<Deployment>[];
  taskSets?: Partial<TaskSet>[];
  tags?: { key: string; value: string }[];
  controller?: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
  /** Unfinished service deployments: status and the revisions they move from and to. */
  inFlight?: { status: string; target: string; sources?: string[] }[];
}

export class FakeEcs {
  readonly mock = mockClient(ECSClient);
  readonly client = new ECSClient({ region: 'us-east-1' });
  readonly revisions: FakeRevision[] = [];
  readonly services: FakeService[] = [];
  clusters = new Set(['web']);
  /** ListTaskDefinitions page size (real ECS: up to 100). */
  pageSize = 100;
  /** Services whose DescribeServices answers a failure. */
  unreadable = new Set<string>();

  /** `count` revisions of `family`, the newest registered `newestAgeDays` ago, one day apart. */
  family(family: string, count: number, newestAgeDays = 40): this {
    for (let r = 1; r <= count; r++) {
      this.revisions.push({
        family,
        revision: r,
        registeredAt: NOW - (newestAgeDays + (count - r)) * DAY,
        status: 'ACTIVE',
        tags: [],
      });
    }
    return this;
  }

  rev(family: string, revision: number): FakeRevision {
    const found = this.revisions.find((r) => r.family === family && r.revision === revision);
    if (!found) throw new Error(`no ${family}:${revision}`);
    return found;
  }

  tag(family: string, revision: number, key: string, value: string): this {
    this.rev(family, revision).tags.push({ key, value });
    return this;
  }

  service(s: FakeService): this {
    this.services.push(s);
    return this;
  }

  status(family: string, revision: number): FakeRevision['status'] {
    return this.rev(family, revision).status;
  }

  /** Revisions of `family` no longer ACTIVE, ascending. */
  gone(family: string): number[] {
    return this.revisions
      .filter((r) => r.family === family && r.status !== 'ACTIVE')
      .map((r) => r.revision)
      .sort((a, b) => a - b);
  }

  writes(): string[] {
    return this.mock
      .calls()
      .map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name)
      .filter((n) => /^(Deregister|Delete|Register|Update|Tag|Untag|Create|Stop)/.test(n));
  }

  constructor() {
    const find = (ref: string) => {
      const name = ref.includes(':task-definition/') ? ref.split(':task-definition/')[1]! : ref;
      const [family, rev] = name.split(':');
      return this.revisions.find((r) => r.family === family && r.revision === Number(rev));
    };
    const serviceArn = (s: FakeService) => `${BASE}:service/${s.cluster}/${s.name}`;
    const sdArn = (s: FakeService, i: number) => `${BASE}:service-deployment/${s.cluster}/${s.name}/sd${i}`;
    const srArn = (s: FakeService, i: number, j: number) =>
      `${BASE}:service-revision/${s.cluster}/${s.name}/sr${i}-${j}`;

    this.mock
      .on(ListTaskDefinitionsCommand)
      .callsFake(
        (input: {
          familyPrefix?: string;
          status?: string;
          sort?: string;
          nextToken?: string;
          maxResults?: number;
        }) => {
          const all = this.revisions
            .filter(
              (r) => r.family.startsWith(input.familyPrefix ?? '') && r.status === (input.status ?? 'ACTIVE'),
            )
            .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision);
          if (input.sort === 'DESC') all.reverse();
          const start = Number(input.nextToken ?? 0);
          const size = Math.min(input.maxResults ?? 100, this.pageSize);
          return {
            taskDefinitionArns: all.slice(start, start + size).map((r) => tdArn(r.family, r.revision)),
            nextToken: start + size < all.length ? String(start + size) : undefined,
          };
        },
      );
    this.mock.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => {
      const r = find(input.taskDefinition);
      if (!r)
        throw Object.assign(new Error('Unable to describe task definition.'), { name: 'ClientException' });
      return {
        taskDefinition: {
          taskDefinitionArn: tdArn(r.family, r.revision),
          family: r.family,
          revision: r.revision,
          status: r.status,
          registeredAt: new Date(r.registeredAt),
          containerDefinitions: [{ name: 'app', image: `app:${r.revision}` }],
        },
        tags: r.tags,
      };
    });
    this.mock.on(DeregisterTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => {
      const r = find(input.taskDefinition)!;
      r.status = 'INACTIVE';
      return { taskDefinition: { taskDefinitionArn: tdArn(r.family, r.revision), status: r.status } };
    });
    this.mock.on(DeleteTaskDefinitionsCommand).callsFake((input: { taskDefinitions: string[] }) => {
      if (input.taskDefinitions.length > 10) throw new Error('more than 10 task definitions');
      const taskDefinitions = [];
      const failures = [];
      for (const ref of input.taskDefinitions) {
        const r = find(ref)!;
        if (r.status === 'ACTIVE') failures.push({ arn: ref, reason: 'TASK_DEFINITION_ACTIVE' });
        else {
          r.status = 'DELETE_IN_PROGRESS';
          taskDefinitions.push({ taskDefinitionArn: ref, status: r.status });
        }
      }
      return { taskDefinitions, failures };
    });
    this.mock
      .on(ListServicesCommand)
      .callsFake((input: { cluster: string; nextToken?: string; maxResults?: number }) => {
        if (!this.clusters.has(input.cluster)) {
          throw Object.assign(new Error('Cluster not found.'), { name: 'ClusterNotFoundException' });
        }
        const all = this.services.filter((s) => s.cluster === input.cluster);
        const start = Number(input.nextToken ?? 0);
        const size = Math.min(input.maxResults ?? 10, 2); // small pages: pagination is exercised
        return {
          serviceArns: all.slice(start, start + size).map(serviceArn),
          nextToken: start + size < all.length ? String(start + size) : undefined,
        };
      });
    this.mock.on(DescribeServicesCommand).callsFake((input: { cluster: string; services: string[] }) => {
      const services: Service[] = [];
      const failures = [];
      for (const arn of input.services) {
        const s = this.services.find((x) => serviceArn(x) === arn)!;
        if (this.unreadable.has(s.name)) {
          failures.push({ arn, reason: 'MISSING' });
          continue;
        }
        services.push({
          serviceArn: arn,
          serviceName: s.name,
          clusterArn: `${BASE}:cluster/${s.cluster}`,
          taskDefinition: `${BASE}:task-definition/${s.taskDefinition}`,
          deployments: s.deployments ?? [],
          taskSets: s.taskSets ?? [],
          tags: s.tags ?? [],
          deploymentController: { type: s.controller ?? 'ECS' },
        });
      }
      return { services, failures };
    });
    this.mock.on(ListServiceDeploymentsCommand).callsFake((input: { service: string; status?: string[] }) => {
      const s = this.services.find((x) => serviceArn(x) === input.service || x.name === input.service)!;
      return {
        serviceDeployments: (s.inFlight ?? [])
          .map((d, i) => ({ serviceDeploymentArn: sdArn(s, i), status: d.status }))
          .filter((d) => !input.status || input.status.includes(d.status)),
      };
    });
    this.mock
      .on(DescribeServiceDeploymentsCommand)
      .callsFake((input: { serviceDeploymentArns: string[] }) => ({
        serviceDeployments: input.serviceDeploymentArns.map((arn) => {
          const s = this.services.find((x) => (x.inFlight ?? []).some((_, i) => sdArn(x, i) === arn))!;
          const i = (s.inFlight ?? []).findIndex((_, j) => sdArn(s, j) === arn);
          const d = s.inFlight![i]!;
          return {
            serviceDeploymentArn: arn,
            status: d.status,
            targetServiceRevision: { arn: srArn(s, i, 0) },
            sourceServiceRevisions: (d.sources ?? []).map((_, j) => ({ arn: srArn(s, i, j + 1) })),
          };
        }),
      }));
    this.mock.on(DescribeServiceRevisionsCommand).callsFake((input: { serviceRevisionArns: string[] }) => ({
      serviceRevisions: input.serviceRevisionArns.map((arn) => {
        for (const s of this.services) {
          for (const [i, d] of (s.inFlight ?? []).entries()) {
            const refs = [d.target, ...(d.sources ?? [])];
            for (const [j, ref] of refs.entries()) {
              if (srArn(s, i, j) === arn) {
                const [f, r] = ref.split(':');
                return { serviceRevisionArn: arn, taskDefinition: tdArn(f!, Number(r)) };
              }
            }
          }
        }
        throw new Error(`no service revision ${arn}`);
      }),
    }));
  }
}

/** Time moves only when something sleeps. */
export class FakeClock implements Clock {
  slept = 0;
  constructor(public t = NOW) {}
  now = () => this.t;
  sleep = async (ms: number) => {
    this.t += Math.max(0, ms);
    this.slept += Math.max(0, ms);
  };
}
