import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { LogLocation, TaskDefinitionRef } from '../deploy-report/index.js';
import { parseRevisionRef, revisionName } from '../task-definition-ref/index.js';

export { revisionName };

/** What the watch needs to know about a revision, from its task definition. */
export interface RevisionInfo {
  ref: TaskDefinitionRef;
  /** Whether a container defines a health check: then only HEALTHY tasks serve. */
  healthChecked: boolean;
  essential: Set<string>;
  images: Record<string, string>;
  logs: LogLocation[];
  /** Values of the containers' `environment` entries: redacted from log excerpts. */
  environmentValues: string[];
}

export function revisionInfo(td: TaskDefinition, region: string): RevisionInfo {
  const arn = td.taskDefinitionArn ?? '';
  const containers = td.containerDefinitions ?? [];
  return {
    ref: refOf(arn, td),
    healthChecked: containers.some((c) => (c.healthCheck?.command?.length ?? 0) > 0),
    essential: new Set(containers.filter((c) => c.essential !== false).map((c) => c.name ?? '')),
    images: Object.fromEntries(containers.map((c) => [c.name ?? '', c.image ?? ''])),
    logs: containers.flatMap((c): LogLocation[] => {
      const options = c.logConfiguration?.logDriver === 'awslogs' ? c.logConfiguration.options : undefined;
      const group = options?.['awslogs-group'];
      if (!group) return [];
      return [
        {
          container: c.name ?? '',
          logGroup: group,
          ...(options['awslogs-stream-prefix'] ? { streamPrefix: options['awslogs-stream-prefix'] } : {}),
          logStreams: [],
          region: options['awslogs-region'] ?? region,
        },
      ];
    }),
    environmentValues: containers.flatMap((c) => (c.environment ?? []).map((e) => e.value ?? '')),
  };
}

export function refOf(arn: string, td?: Pick<TaskDefinition, 'family' | 'revision'>): TaskDefinitionRef {
  // Read as messages name it, so an ARN AWS spelt unexpectedly still yields its family and revision.
  const named = parseRevisionRef(revisionName(arn));
  return { arn, family: td?.family ?? named?.family ?? '', revision: td?.revision ?? named?.revision ?? 0 };
}
