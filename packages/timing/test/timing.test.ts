import {
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import type { TimelineEntry, TimingReport, TimingSettings } from '../../deploy-report/index.js';
import { describeChanges } from '../../deploy/changes.js';
import type { Observation } from '../../deploy/observation.js';
import { deployment, T0, task, TG } from '../../deploy/test/fixtures.js';
import {
  breakDown,
  drainingRule,
  gracePeriodRule,
  healthCheckRule,
  imagePullRule,
  niceUp,
  readTargetGroupSettings,
  rolloutFacts,
  timelineMoments,
  type RolloutFacts,
  type TaskTimes,
} from '../index.js';
import { spoken } from '../../markdown/index.js';

const s = (n: number) => T0 + n * 1000;

/** A rollout of 2 tasks: update at 0, the slower task healthy at 70 s, rollout done at 360 s, bake to 372 s. */
function facts(over: Partial<RolloutFacts> = {}, settings: TimingSettings = {}): RolloutFacts {
  const tasks: TaskTimes[] = [
    {
      id: 'fast',
      createdAt: s(2),
      pullStartedAt: s(10),
      pullStoppedAt: s(20),
      startedAt: s(25),
      healthyAt: s(50),
    },
    {
      id: 'slow',
      createdAt: s(3),
      pullStartedAt: s(12),
      pullStoppedAt: s(40),
      startedAt: s(45),
      healthyAt: s(70),
    },
  ];
  return {
    updatedAt: s(0),
    finishedAt: s(372),
    tasks,
    rolloutDoneAt: s(360),
    bakeStartedAt: s(362),
    settings: { bakeTimeSeconds: 10, ...settings },
    ...over,
  };
}

const report = (f: RolloutFacts) => breakDown(f)!;

describe('the breakdown', () => {
  it('follows the task healthy last, phase by phase, and adds up to the whole', () => {
    const r = report(
      facts(
        {},
        {
          deregistrationDelaySeconds: 300,
          healthCheckIntervalSeconds: 10,
          healthyThresholdCount: 2,
          gracePeriodSeconds: 30,
        },
      ),
    );
    expect(r.criticalTask).toBe('slow');
    expect(r.totalSeconds).toBe(372);
    expect(r.phases.map((p) => [p.name, p.seconds])).toEqual([
      ['placement', 3],
      ['provisioning', 9],
      ['image-pull', 28],
      ['container-start', 5],
      ['to-healthy', 25],
      ['draining', 290],
      ['gates', 2],
      ['bake', 10],
    ]);
    expect(r.phases.reduce((sum, p) => sum + p.seconds, 0)).toBe(r.totalSeconds);
    expect(r.phases.find((p) => p.name === 'draining')?.detail).toBe('deregistration delay 300 s');
    expect(r.phases.find((p) => p.name === 'to-healthy')?.detail).toBe(
      'at least 2 checks × 10 s; grace period 30 s',
    );
    // bake-time runs on the runner's clock, the phases on AWS's: the bake does not quote it.
    expect(r.phases.find((p) => p.name === 'bake')?.detail).toBeUndefined();
  });

  it('tells an unobserved moment together with the next phase', () => {
    const f = facts();
    f.tasks = f.tasks.map(({ pullStartedAt: _a, pullStoppedAt: _b, ...t }) => t);
    const r = report({ ...f, bakeStartedAt: undefined, settings: {} });
    expect(r.phases.map((p) => p.label)).toEqual([
      'waiting for placement',
      'provisioning + image pull + container start',
      'start to healthy',
      'old tasks draining',
      'remaining gates',
    ]);
    expect(r.phases.reduce((sum, p) => sum + p.seconds, 0)).toBe(372);
  });

  it('has nothing to say without a task of the release', () => {
    expect(breakDown(facts({ tasks: [] }))).toBeUndefined();
  });

  it('speaks durations as people do', () => {
    expect(spoken(290)).toBe('4 min 50 s');
    expect(spoken(372)).toBe('6 min 12 s');
    expect(spoken(45)).toBe('45 s');
    expect(spoken(120)).toBe('2 min');
    expect(niceUp(12)).toBe(15);
    expect(niceUp(31)).toBe(45);
  });
});

describe('advice rules', () => {
  it('draining: names the delay and a value that fits the p99', () => {
    const r = report(facts({}, { deregistrationDelaySeconds: 300, p99Seconds: 1.2 }));
    expect(drainingRule(r, facts())).toBe(
      "4 min 50 s of 6 min 12 s was draining: deregistration delay is 300 s; 30 s would do for this service's request times (p99 1.2 s)",
    );
    expect(r.advice).toContain(drainingRule(r, facts()));
  });

  it('draining: without a p99 it says what it could not check; a slow service gets more', () => {
    const r = report(facts({}, { deregistrationDelaySeconds: 300 }));
    expect(drainingRule(r, facts())).toBe(
      '4 min 50 s of 6 min 12 s was draining: deregistration delay is 300 s; if requests finish within seconds, 30 s would do (no p99 response time was available to check)',
    );
    const slow = report(facts({}, { deregistrationDelaySeconds: 300, p99Seconds: 8 }));
    expect(drainingRule(slow, facts())).toMatch(
      /; 90 s would do for this service's request times \(p99 8 s\)$/,
    );
  });

  it('draining: silent when the delay is already small or draining was short', () => {
    expect(
      drainingRule(report(facts({}, { deregistrationDelaySeconds: 30, p99Seconds: 0.2 })), facts()),
    ).toBeUndefined();
    const short = facts(
      { rolloutDoneAt: s(95), bakeStartedAt: s(97), finishedAt: s(107) },
      { deregistrationDelaySeconds: 300 },
    );
    expect(drainingRule(report(short), short)).toBeUndefined();
  });

  it('health check: speaks when interval × threshold is most of start to healthy', () => {
    const f = facts({ rolloutDoneAt: s(230), bakeStartedAt: s(232), finishedAt: s(242) });
    f.tasks[1]!.healthyAt = s(200);
    const slow = report({ ...f, settings: { healthCheckIntervalSeconds: 30, healthyThresholdCount: 5 } });
    expect(healthCheckRule(slow, f)).toBe(
      '2 min 35 s of 4 min 2 s was start to healthy, and the target group alone needs 5 checks × 30 s = 2 min 30 s; 3 × 10 s (healthy threshold 3, interval 10 s) would take 30 s',
    );
    const quick = report({ ...f, settings: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2 } });
    expect(healthCheckRule(quick, f)).toBeUndefined();
  });

  it('grace period: too short for the start, or far longer than needed', () => {
    const short = facts({}, { gracePeriodSeconds: 10 });
    expect(gracePeriodRule(report(short), short)).toBe(
      'tasks took 25 s from start to healthy but the health check grace period is 10 s: a slower start can be stopped as unhealthy; 45 s would cover it',
    );
    const long = facts({}, { gracePeriodSeconds: 600 });
    expect(gracePeriodRule(report(long), long)).toBe(
      'the health check grace period is 600 s and tasks were healthy 25 s after starting: a broken release fails its health checks unnoticed for up to 10 min; 60 s would do',
    );
    const fine = facts({}, { gracePeriodSeconds: 60 });
    expect(gracePeriodRule(report(fine), fine)).toBeUndefined();
  });

  it('image pull: speaks when pulling was a real share of the rollout', () => {
    const f = facts({ rolloutDoneAt: s(150), bakeStartedAt: s(150), finishedAt: s(160) });
    f.tasks[1]!.pullStoppedAt = s(100);
    f.tasks[1]!.startedAt = s(105);
    f.tasks[1]!.healthyAt = s(130);
    const r: TimingReport = report(f);
    expect(imagePullRule(r, f)).toBe(
      'the image pull took 1 min 28 s of 2 min 40 s: a smaller image (multi-stage build, slim base) or lazy loading (SOCI) would shorten every task start',
    );
    expect(imagePullRule(report(facts()), facts())).toBeUndefined();
  });
});

describe('facts from what the deploy recorded', () => {
  /**
   * Timeline entries as the deploy writes them: changes.ts's own wording for tasks and targets. With
   * `runClock` (AWS second → the run's ms) entries carry both times, as a deploy tracking AWS's clock writes
   * them; without, only `at`.
   */
  function timeline(runClock?: (sec: number) => number) {
    const stamp = (sec: number) =>
      runClock
        ? { at: new Date(runClock(sec)).toISOString(), awsAt: new Date(s(sec)).toISOString() }
        : { at: new Date(s(sec)).toISOString() };
    const base: Observation = {
      at: s(0),
      awsNow: s(0),
      service: {
        status: 'ACTIVE',
        desiredCount: 1,
        runningCount: 0,
        healthCheckGracePeriodSeconds: 30,
        hasLoadBalancer: true,
      },
      deployments: [deployment()],
      tasks: [task(1, { lastStatus: 'PENDING', startedAt: undefined })],
      targets: [{ targetGroupArn: TG, taskArn: task(1).arn, id: '10.0.0.1', port: 8000, state: 'initial' }],
      unhealthyTargets: [],
      alarms: [],
      newEvents: [],
    };
    const running: Observation = { ...base, tasks: [task(1)] };
    const healthy: Observation = { ...running, targets: [{ ...base.targets[0]!, state: 'healthy' }] };
    const entries: TimelineEntry[] = [
      {
        ...stamp(0),
        kind: 'deployment',
        message: 'updated service backend to backend:2 (deployment ecs-svc/2)',
      },
    ];
    const since = { stages: false, since: s(0) };
    for (const c of describeChanges(base, running, since))
      entries.push({ ...stamp(30), kind: c.kind, message: c.message });
    for (const c of describeChanges(running, healthy, since))
      entries.push({ ...stamp(60), kind: c.kind, message: c.message });
    entries.push({ ...stamp(200), kind: 'gate', message: 'gate rollout passed: backend:2 serves 1/1' });
    entries.push({ ...stamp(201), kind: 'gate', message: 'all gates passed: baking for 1m' });
    entries.push({ ...stamp(261), kind: 'rollback', message: 'rollback: never reached' });
    entries.push({ ...stamp(262), kind: 'target', message: 'target 10.0.0.9:8000 healthy in web-tg' });
    return entries;
  }

  it('reads the update, target health, rollout end and bake start, and stops at a rollback', () => {
    const m = timelineMoments(timeline());
    expect(m.updatedAt).toBe(s(0));
    expect(m.taskRunningAt.get(task(1).id)).toBe(s(30));
    expect([...m.targetHealthyAt]).toEqual([['10.0.0.1', s(60)]]);
    expect(m.rolloutDoneAt).toBe(s(200));
    expect(m.bakeStartedAt).toBe(s(201));
  });

  it("keeps every moment on AWS's clock, whatever the run's clock says", () => {
    // As against the simulator at ×60: the run's clock is 3 h behind AWS's and a minute of AWS is a second.
    const runClock = (sec: number) => s(-3 * 3600) + sec * (1000 / 60);
    const f = rolloutFacts({
      timeline: timeline(runClock),
      tasks: [
        {
          taskArn: task(1).arn,
          createdAt: new Date(s(1)),
          pullStartedAt: new Date(s(5)),
          pullStoppedAt: new Date(s(15)),
          startedAt: new Date(s(20)),
          attachments: [{ details: [{ name: 'privateIPv4Address', value: '10.0.0.1' }] }],
        },
      ],
      startedAt: s(-20),
      finishedAt: s(261),
      hasTargets: true,
      settings: { gracePeriodSeconds: 30 },
    });
    expect(f.tasks).toEqual([
      {
        id: task(1).id,
        createdAt: s(1),
        pullStartedAt: s(5),
        pullStoppedAt: s(15),
        startedAt: s(20),
        healthyAt: s(60),
      },
    ]);
    expect(f.updatedAt).toBe(s(0));
    const r = breakDown(f)!;
    expect(r.phases.map((p) => [p.name, p.seconds])).toEqual([
      ['placement', 1],
      ['provisioning', 4],
      ['image-pull', 10],
      ['container-start', 5],
      ['to-healthy', 40],
      ['draining', 140],
      ['gates', 1],
      ['bake', 60],
    ]);
    // The total and the advice on the same clock as the phases.
    expect(r.totalSeconds).toBe(261);
    expect(r.advice).toEqual([
      'tasks took 40 s from start to healthy but the health check grace period is 30 s: a slower start can be stopped as unhealthy; 60 s would cover it',
    ]);
  });
});

describe('readTargetGroupSettings (aws-sdk-client-mock)', () => {
  it('reads health check settings and the deregistration delay', async () => {
    const mock = mockClient(ElasticLoadBalancingV2Client);
    mock.on(DescribeTargetGroupsCommand).resolves({
      TargetGroups: [
        {
          TargetGroupArn: TG,
          HealthCheckIntervalSeconds: 30,
          HealthyThresholdCount: 5,
          HealthCheckTimeoutSeconds: 5,
          LoadBalancerArns: ['arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web-alb/4567'],
        },
      ],
    });
    mock.on(DescribeTargetGroupAttributesCommand).resolves({
      Attributes: [
        { Key: 'stickiness.enabled', Value: 'false' },
        { Key: 'deregistration_delay.timeout_seconds', Value: '300' },
      ],
    });
    const got = await readTargetGroupSettings(new ElasticLoadBalancingV2Client({ region: 'us-east-1' }), TG);
    expect(got).toEqual({
      targetGroupArn: TG,
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web-alb/4567',
      healthCheckIntervalSeconds: 30,
      healthyThresholdCount: 5,
      healthCheckTimeoutSeconds: 5,
      deregistrationDelaySeconds: 300,
    });
    expect(mock.commandCalls(DescribeTargetGroupsCommand)[0]!.args[0].input).toEqual({
      TargetGroupArns: [TG],
    });
    mock.restore();
  });
});
