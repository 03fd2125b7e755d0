/**
 * After the rollout: what the service costs with the release (packages/cost) and where the rollout's time
 * went (packages/timing). Each read happens once; one that fails is a note in the report, never a failed
 * release.
 */
import { DescribeTasksCommand, type Service, type Task } from '@aws-sdk/client-ecs';
import { explainAwsError } from '../aws/index.js';
import { fetchUsage, metricDimensions, releaseCost, type Usage } from '../cost/index.js';
import type { DeploymentReport, TimingSettings } from '../deploy-report/index.js';
import {
  breakDown,
  readTargetGroupSettings,
  rolloutFacts,
  type TargetGroupSettings,
} from '../timing/index.js';
import type { DeployEnd } from './report.js';
import type { DeployState } from './state.js';

/** Days of CPU and memory peaks a right-sizing hint looks at. */
export const USAGE_DAYS = 7;

const why = (err: unknown) => explainAwsError(err).message.split('\n')[0];

/** What the cost and the breakdown need from before the release's end: the same at its start. */
export interface CostReads {
  targetGroupArn?: string;
  group?: TargetGroupSettings;
  groupError?: string;
  usage: Usage | { error: string };
}

/**
 * The target group's settings and the last days' usage. The engine starts these when the rollout starts, so
 * they are done by its end: every read made after ECS finished delays the step's return (under a fleet's
 * throttling, by seconds). Never rejects: a failure is part of the result.
 */
export async function readCostInputs(state: DeployState, service: Service): Promise<CostReads> {
  const { o, deps } = state;
  const targetGroupArn = (service.loadBalancers ?? []).find((lb) => lb.targetGroupArn)?.targetGroupArn;
  let group: TargetGroupSettings | undefined;
  let groupError: string | undefined;
  if (targetGroupArn) {
    try {
      group = await readTargetGroupSettings(deps.clients.elbv2, targetGroupArn);
    } catch (err) {
      groupError = `the target group's settings could not be read: ${why(err)}`;
    }
  }

  let usage: Usage | { error: string };
  try {
    const dims = group?.loadBalancerArn
      ? metricDimensions(group.targetGroupArn, group.loadBalancerArn)
      : undefined;
    usage = await fetchUsage(deps.clients.cloudwatch, {
      cluster: o.cluster,
      service: o.service,
      ...(dims ? { targetGroup: dims } : {}),
      days: USAGE_DAYS,
      now: state.serverTime.now(),
    });
  } catch (err) {
    usage = { error: why(err) ?? 'unknown error' };
  }

  return {
    ...(targetGroupArn ? { targetGroupArn } : {}),
    ...(group ? { group } : {}),
    ...(groupError ? { groupError } : {}),
    usage,
  };
}

export async function costAndTiming(
  state: DeployState,
  end: DeployEnd,
  timeline: DeploymentReport['timeline'],
  /** AWS's time at the end of the run: the breakdown is on AWS's clock, as ECS's task times are. */
  awsFinishedAt: number,
): Promise<Pick<DeploymentReport, 'cost' | 'timing'>> {
  const { o, deps } = state;
  const service = end.service;
  const release = end.revs?.target?.ref.arn;
  // A cancelled run has seconds left: these reads are not worth them.
  if (deps.signal?.aborted || !service || !release) return {};
  const { targetGroupArn, group, groupError, usage } = await (state.costReads ??
    readCostInputs(state, service));
  const out: Pick<DeploymentReport, 'cost' | 'timing'> = {};
  const previous = end.revs?.previous.ref.arn;
  const before = service.desiredCount ?? 0;
  try {
    out.cost = await releaseCost(deps.clients.ecs, {
      region: o.region,
      release: { arn: release, desiredCount: o.desiredCount ?? before },
      ...(previous ? { previous: { arn: previous, desiredCount: before } } : {}),
      ...(service.capacityProviderStrategy
        ? { capacityProviderStrategy: service.capacityProviderStrategy }
        : {}),
      usage,
    });
  } catch (err) {
    state.log.warning(`could not work out the release's cost: ${why(err)}`);
  }

  // The breakdown is of a rollout that happened and finished: the release shipped and was called healthy.
  if (!o.dryRun && end.status === 'succeeded' && state.shipped === release && state.releaseTasks.size) {
    const settings: TimingSettings = {
      ...(group?.healthCheckIntervalSeconds !== undefined
        ? { healthCheckIntervalSeconds: group.healthCheckIntervalSeconds }
        : {}),
      ...(group?.healthyThresholdCount !== undefined
        ? { healthyThresholdCount: group.healthyThresholdCount }
        : {}),
      ...(group?.healthCheckTimeoutSeconds !== undefined
        ? { healthCheckTimeoutSeconds: group.healthCheckTimeoutSeconds }
        : {}),
      ...(group?.deregistrationDelaySeconds !== undefined
        ? { deregistrationDelaySeconds: group.deregistrationDelaySeconds }
        : {}),
      ...(targetGroupArn ? { gracePeriodSeconds: service.healthCheckGracePeriodSeconds ?? 0 } : {}),
      ...(!('error' in usage) && usage.p99Seconds !== undefined ? { p99Seconds: usage.p99Seconds } : {}),
      ...(o.bakeTimeSeconds ? { bakeTimeSeconds: o.bakeTimeSeconds } : {}),
    };
    try {
      const tasks = await describeReleaseTasks(state, [...state.releaseTasks]);
      const facts = rolloutFacts({
        timeline,
        tasks,
        startedAt: state.subject?.awsStartedAt ?? awsFinishedAt,
        finishedAt: awsFinishedAt,
        hasTargets: hasTargets(service),
        settings,
      });
      const timing = breakDown(facts);
      if (timing) {
        if (groupError) timing.notes.push(groupError);
        if ('error' in usage) timing.notes.push(`no p99 response time: ${usage.error}`);
        out.timing = timing;
      }
    } catch (err) {
      state.log.warning(`could not break the rollout's time down: ${why(err)}`);
    }
  }
  return out;
}

function hasTargets(service: Service): boolean {
  return (service.loadBalancers ?? []).some((lb) => lb.targetGroupArn);
}

async function describeReleaseTasks(state: DeployState, arns: string[]): Promise<Task[]> {
  const out: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const page = await state.deps.clients.ecs.send(
      new DescribeTasksCommand({ cluster: state.o.cluster, tasks: arns.slice(i, i + 100) }),
    );
    out.push(...(page.tasks ?? []));
  }
  return out;
}
