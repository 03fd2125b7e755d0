/** Hand-built observations for gate tests: a rolling release of web:2 replacing web:1. */
import type { DeploymentView, Observation, Subject, TaskView } from '../observation.js';
import type { GateContext } from '../observation.js';

export const T0 = Date.parse('2026-05-01T10:00:00Z');
export const NEW = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2';
export const OLD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';
export const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/abc';

export function deployment(over: Partial<DeploymentView> = {}): DeploymentView {
  return {
    id: 'ecs-svc/2',
    status: 'PRIMARY',
    taskDefinition: NEW,
    rolloutState: 'IN_PROGRESS',
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 0,
    failedTasks: 0,
    createdAt: T0,
    ...over,
  };
}

export function task(n: number, over: Partial<TaskView> = {}): TaskView {
  return {
    arn: `arn:aws:ecs:us-east-1:123456789012:task/web/${String(n).padStart(32, '0')}`,
    id: String(n).padStart(32, '0'),
    taskDefinitionArn: NEW,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    healthChecked: false,
    createdAt: T0 + 1000,
    startedAt: T0 + 10_000,
    containers: [{ name: 'app', essential: true }],
    ip: `10.0.0.${n}`,
    ...over,
  };
}

export function observation(over: Partial<Observation> = {}): Observation {
  const ours = over.ours ?? deployment();
  return {
    at: T0 + 60_000,
    awsNow: T0 + 60_000,
    service: {
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      taskDefinition: NEW,
      healthCheckGracePeriodSeconds: 0,
      hasLoadBalancer: true,
    },
    deployments: [ours],
    primary: ours,
    ours,
    tasks: [],
    targets: [],
    unhealthyTargets: [],
    alarms: [],
    newEvents: [],
    ...over,
  };
}

export const subject = (over: Partial<Subject> = {}): Subject => ({
  kind: 'deploy',
  taskDefinitionArn: NEW,
  deploymentId: 'ecs-svc/2',
  startedAt: T0,
  awsStartedAt: T0,
  ...over,
});

export const context = (over: Partial<GateContext> = {}): GateContext => ({
  subject: subject(),
  now: T0 + 60_000,
  maxTaskFailures: 1,
  ignoredAlarms: new Set(),
  ...over,
});
