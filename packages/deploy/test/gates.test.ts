import { describe, expect, it } from '@jest/globals';
import { alarmsGate } from '../gates/alarms.js';
import { httpGate, type HttpProbe } from '../gates/http.js';
import { rolloutGate } from '../gates/rollout.js';
import { targetHealthGate } from '../gates/target-health.js';
import { tasksGate } from '../gates/tasks.js';
import type { HttpCheckOptions } from '../options.js';
import { context, deployment, observation, OLD, subject, T0, task, TG } from './fixtures.js';

describe('rollout gate', () => {
  it('waits while ECS rolls out and the old deployment still has tasks', () => {
    const ours = deployment({ runningCount: 1 });
    const old = deployment({
      id: 'ecs-svc/1',
      status: 'ACTIVE',
      taskDefinition: OLD,
      rolloutState: 'COMPLETED',
      runningCount: 2,
      createdAt: T0 - 86_400_000,
    });
    expect(rolloutGate(observation({ ours, primary: ours, deployments: [ours, old] }), context())).toEqual({
      status: 'wait',
      detail: 'web:2: 1/2 running, rollout IN_PROGRESS',
    });
    const done = deployment({ rolloutState: 'COMPLETED', runningCount: 2 });
    expect(
      rolloutGate(observation({ ours: done, primary: done, deployments: [done, old] }), context()).status,
    ).toBe('wait');
  });

  it('passes once the new revision is PRIMARY, COMPLETED and alone', () => {
    const done = deployment({ rolloutState: 'COMPLETED', runningCount: 2 });
    expect(rolloutGate(observation({ ours: done, primary: done, deployments: [done] }), context())).toEqual({
      status: 'pass',
      detail: 'web:2 serves 2/2',
    });
  });

  it('fails when ECS marks the deployment FAILED, with its reason', () => {
    const failed = deployment({
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
    });
    const verdict = rolloutGate(
      observation({ ours: failed, primary: failed, deployments: [failed] }),
      context(),
    );
    expect(verdict).toEqual({
      status: 'fail',
      cause: {
        gate: 'rollout',
        summary:
          'ECS marked the deployment of web:2 FAILED: ECS deployment circuit breaker: tasks failed to start.',
      },
    });
  });

  it('never passes when ECS rolled back by itself: a newer PRIMARY runs the old revision', () => {
    const ours = deployment({ status: 'ACTIVE' });
    const back = deployment({
      id: 'ecs-svc/3',
      taskDefinition: OLD,
      rolloutState: 'COMPLETED',
      runningCount: 2,
      createdAt: T0 + 120_000,
    });
    const verdict = rolloutGate(observation({ ours, primary: back, deployments: [back, ours] }), context());
    expect(verdict.status).toBe('fail');
    expect(verdict.status === 'fail' && verdict.cause.summary).toMatch(
      /ECS rolled the service back by itself: the PRIMARY deployment runs web:1, not web:2/,
    );
  });

  it('fails on a stopped or rolling-back service deployment, naming the circuit breaker and alarms', () => {
    const verdict = rolloutGate(
      observation({
        serviceDeployment: {
          arn: 'sd',
          status: 'ROLLBACK_IN_PROGRESS',
          rollbackReason: 'alarm triggered',
          circuitBreaker: { status: 'MONITORING' },
          triggeredAlarms: ['web-5xx'],
          awaitingHooks: [],
        },
      }),
      context(),
    );
    expect(verdict).toEqual({
      status: 'fail',
      cause: {
        gate: 'rollout',
        summary:
          'ECS stopped the deployment (ROLLBACK_IN_PROGRESS): alarm triggered (alarms web-5xx in ALARM)',
        alarmName: 'web-5xx',
      },
    });
  });

  it('for a rollback, passes when the previous revision serves and the service deployment rolled back', () => {
    const back = deployment({
      id: 'ecs-svc/3',
      taskDefinition: OLD,
      rolloutState: 'COMPLETED',
      runningCount: 2,
    });
    const obs = observation({
      ours: back,
      primary: back,
      deployments: [back],
      serviceDeployment: {
        arn: 'sd',
        status: 'ROLLBACK_IN_PROGRESS',
        triggeredAlarms: [],
        awaitingHooks: [],
      },
    });
    const ctx = context({ subject: subject({ kind: 'rollback', taskDefinitionArn: OLD }) });
    expect(rolloutGate(obs, ctx).status).toBe('wait');
    obs.serviceDeployment!.status = 'ROLLBACK_SUCCESSFUL';
    expect(rolloutGate(obs, ctx).status).toBe('pass');
    obs.serviceDeployment!.status = 'ROLLBACK_FAILED';
    expect(rolloutGate(obs, ctx).status).toBe('fail');
  });
});

describe('tasks gate', () => {
  it('counts only tasks that failed, not tasks a deployment scaled in', () => {
    const scaledIn = task(1, {
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/2)',
    });
    const obs = observation({ tasks: [scaledIn, task(2), task(3)] });
    expect(tasksGate(obs, context())).toEqual({ status: 'pass', detail: '2/2 tasks running' });
  });

  it('fails on the first essential container exit with the container, exit code and stop reason', () => {
    const crashed = task(1, {
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [
        { name: 'sidecar', essential: false, exitCode: 0 },
        { name: 'app', essential: true, exitCode: 3 },
      ],
    });
    expect(tasksGate(observation({ tasks: [crashed, task(2)] }), context())).toEqual({
      status: 'fail',
      cause: {
        gate: 'tasks',
        summary:
          'container app exited with code 3 (EssentialContainerExited: Essential container in task exited)',
        taskArn: crashed.arn,
        container: 'app',
        exitCode: 3,
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
      },
    });
  });

  it('tolerates failures up to max-task-failures', () => {
    const failed = (n: number) =>
      task(n, {
        lastStatus: 'STOPPED',
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'CannotPullContainerError: not found',
        containers: [{ name: 'app', essential: true, reason: 'CannotPullContainerError' }],
      });
    const obs = observation({ tasks: [failed(1), task(2)] });
    expect(tasksGate(obs, context({ maxTaskFailures: 2 }))).toEqual({
      status: 'wait',
      detail: '1/2 tasks running, 1 failed',
    });
    obs.tasks.push(failed(3));
    const verdict = tasksGate(obs, context({ maxTaskFailures: 2 }));
    expect(verdict.status === 'fail' && verdict.cause.summary).toBe(
      'container app failed: CannotPullContainerError (TaskFailedToStart: CannotPullContainerError: not found); 2 tasks failed (max-task-failures 2)',
    );
  });

  it('waits for HEALTHY when the revision defines a container health check', () => {
    const obs = observation({
      tasks: [
        task(1, { healthChecked: true, healthStatus: 'UNKNOWN' }),
        task(2, { healthChecked: true, healthStatus: 'HEALTHY' }),
      ],
    });
    expect(tasksGate(obs, context())).toEqual({ status: 'wait', detail: '1/2 tasks running' });
  });

  it('names the target health reason when ECS stopped a task for failing ELB health checks', () => {
    const stopped = task(1, {
      lastStatus: 'STOPPED',
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: 'Task failed ELB health checks in (target-group web-tg)',
    });
    const unhealthy = {
      targetGroupArn: TG,
      taskArn: stopped.arn,
      id: '10.0.0.1',
      port: 80,
      state: 'unhealthy',
      reason: 'Target.Timeout',
      description: 'Request timed out',
    };
    const verdict = tasksGate(observation({ tasks: [stopped], unhealthyTargets: [unhealthy] }), context());
    expect(verdict.status === 'fail' && verdict.cause).toMatchObject({
      gate: 'target-health',
      targetHealthReason: 'Target.Timeout',
      targetHealthDescription: 'Request timed out',
      targetGroupArn: TG,
    });
  });
});

describe('target-health gate', () => {
  const target = (n: number, state: string, extra = {}) => ({
    targetGroupArn: TG,
    taskArn: task(n).arn,
    id: `10.0.0.${n}`,
    port: 80,
    state,
    ...extra,
  });

  it('passes when every serving new task has a healthy target; draining old targets do not matter', () => {
    const obs = observation({
      tasks: [task(1), task(2)],
      targets: [target(1, 'healthy'), target(2, 'healthy')],
    });
    expect(targetHealthGate(obs, context())).toEqual({ status: 'pass', detail: '2 target(s) healthy' });
  });

  it('fails on an unhealthy new target past the grace period, with the ELB reason', () => {
    const obs = observation({
      tasks: [task(1)],
      targets: [
        target(1, 'unhealthy', {
          reason: 'Target.ResponseCodeMismatch',
          description: 'Health checks failed with these codes: [502]',
        }),
      ],
    });
    expect(targetHealthGate(obs, context())).toEqual({
      status: 'fail',
      cause: {
        gate: 'target-health',
        summary:
          'target 10.0.0.1:80 is unhealthy (Target.ResponseCodeMismatch): Health checks failed with these codes: [502]',
        taskArn: task(1).arn,
        targetGroupArn: TG,
        targetHealthReason: 'Target.ResponseCodeMismatch',
        targetHealthDescription: 'Health checks failed with these codes: [502]',
      },
    });
  });

  it('waits out the health-check grace period, judged on AWS time', () => {
    const obs = observation({ tasks: [task(1)], targets: [target(1, 'unhealthy')] });
    obs.service.healthCheckGracePeriodSeconds = 60;
    obs.awsNow = T0 + 10_000 + 59_000;
    expect(targetHealthGate(obs, context()).status).toBe('wait');
    obs.awsNow = T0 + 10_000 + 61_000;
    expect(targetHealthGate(obs, context()).status).toBe('fail');
  });

  it('passes without a load balancer', () => {
    const obs = observation({ tasks: [task(1)] });
    obs.service.hasLoadBalancer = false;
    expect(targetHealthGate(obs, context())).toEqual({ status: 'pass', detail: 'no load balancer' });
  });
});

describe('alarms gate', () => {
  it('fails on an alarm in ALARM unless it was ignored as pre-existing', () => {
    const obs = observation({
      alarms: [
        { name: 'web-5xx', state: 'ALARM', reason: 'Threshold Crossed' },
        { name: 'latency', state: 'OK' },
      ],
    });
    expect(alarmsGate(obs, context())).toEqual({
      status: 'fail',
      cause: {
        gate: 'alarms',
        summary: 'alarm web-5xx is in ALARM: Threshold Crossed',
        alarmName: 'web-5xx',
      },
    });
    expect(alarmsGate(obs, context({ ignoredAlarms: new Set(['web-5xx']) }))).toEqual({
      status: 'pass',
      detail: '2 alarm(s) OK',
    });
  });
});

describe('HTTP gate', () => {
  const check: HttpCheckOptions = {
    url: 'http://127.0.0.1:1/health',
    successes: 3,
    statuses: [200],
    body: /ok web:2/,
  };
  const probe = (status: number | undefined, body = 'ok web:2'): HttpProbe =>
    status === undefined ? { at: 0, error: 'ECONNREFUSED' } : { at: 0, status, body };

  it('passes after the required consecutive matches; a miss restarts the count', () => {
    expect(httpGate([probe(200), probe(200)], check, 'http').status).toBe('wait');
    expect(httpGate([probe(200), probe(500), probe(200), probe(200)], check, 'http').status).toBe('wait');
    expect(httpGate([probe(500), probe(200), probe(200), probe(200)], check, 'http')).toEqual({
      status: 'pass',
      detail: '3 consecutive good responses from http://127.0.0.1:1/health',
    });
  });

  it('fails after as many misses in a row, saying what was wrong', () => {
    const bad = [probe(200, 'maintenance'), probe(200, 'maintenance'), probe(200, 'maintenance')];
    expect(httpGate(bad, check, 'http')).toEqual({
      status: 'fail',
      cause: {
        gate: 'http',
        summary:
          'GET http://127.0.0.1:1/health: status 200 but the body did not match /ok web:2/ (got "maintenance") (3 times in a row)',
        url: check.url,
        httpStatus: 200,
      },
    });
    const refused = httpGate([probe(undefined), probe(undefined), probe(undefined)], check, 'test-http');
    expect(refused.status === 'fail' && refused.cause.summary).toBe(
      'GET http://127.0.0.1:1/health: no response (ECONNREFUSED) (3 times in a row)',
    );
    expect(refused.status === 'fail' && refused.cause.gate).toBe('test-http');
  });

  it('a longer success requirement needs a longer failure streak too', () => {
    const strict = { ...check, successes: 5 };
    const four = Array.from({ length: 4 }, () => probe(503));
    expect(httpGate(four, strict, 'http').status).toBe('wait');
    expect(httpGate([...four, probe(503)], strict, 'http').status).toBe('fail');
  });
});
