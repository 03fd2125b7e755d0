/**
 * ECS LINEAR and CANARY deployments, driven only through the real SDK clients: production traffic moves
 * to green in steps (weighted forward actions on the production listener rule, which the loopback
 * listeners honour), hooks run per step, and alarms, the circuit breaker and StopServiceDeployment roll
 * back mid-shift with 100% back on blue.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ContinueServiceDeploymentCommand,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  InvalidParameterException,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import {
  DescribeRulesCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import {
  seedArchitecture,
  seedCanaryArchitecture,
  seedLinearArchitecture,
  startSimulator,
  type RunningSimulator,
  type Scenario,
} from '../index.js';
import { clients } from './clients.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/**
 * Simulated time stands still (speed 0) and every poll moves it on by TICK_MS, so what a test sees does
 * not depend on how busy the machine is: no step is missed, and first sightings are at most a tick late.
 */
const TICK_MS = 2000;

async function start(scenario: Scenario) {
  sim = await startSimulator({ scenario, speed: 0 });
  return { sim, ...clients(sim) };
}

/** Like `until`, but moves simulated time on by a tick before each check instead of sleeping. */
async function poll<T>(check: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    sim!.clock.advance(TICK_MS);
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

async function register(ecs: ECSClient, image: string): Promise<string> {
  const current = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'backend' }));
  const {
    taskDefinitionArn: _a,
    revision: _r,
    status: _s,
    requiresAttributes: _q,
    compatibilities: _c,
    registeredAt: _t,
    registeredBy: _b,
    ...body
  } = current.taskDefinition!;
  body.containerDefinitions![0]!.image = image;
  return (await ecs.send(new RegisterTaskDefinitionCommand(body as RegisterTaskDefinitionCommandInput)))
    .taskDefinition!.taskDefinitionArn!;
}

const backend = async (ecs: ECSClient) =>
  (await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] }))).services![0]!;

/** Deploys `image` to backend; returns the service deployment ARN and the production rule ARN. */
async function deploy(ecs: ECSClient, image: string) {
  const arn = await register(ecs, image);
  await ecs.send(new UpdateServiceCommand({ cluster: 'web', service: 'backend', taskDefinition: arn }));
  const sdArn = (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'web', service: 'backend' })))
    .serviceDeployments![0]!.serviceDeploymentArn!;
  const ruleArn = (await backend(ecs)).loadBalancers![0]!.advancedConfiguration!.productionListenerRule!;
  return { arn, sdArn, ruleArn };
}

async function describe1(ecs: ECSClient, arn: string): Promise<ServiceDeployment> {
  return (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })))
    .serviceDeployments![0]!;
}

/** Green's share (percent) of the production rule, as DescribeRules shows its forward action. */
async function greenShare(elb: ElasticLoadBalancingV2Client, ruleArn: string): Promise<number> {
  const rule = (await elb.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }))).Rules![0]!;
  const groups = rule.Actions![0]!.ForwardConfig!.TargetGroups!;
  const total = groups.reduce((n, g) => n + (g.Weight ?? 0), 0);
  const green = groups.find((g) => g.TargetGroupArn!.includes('/backend-green/'))?.Weight ?? 0;
  return Math.round((1000 * green) / total) / 10;
}

async function forwardGroups(elb: ElasticLoadBalancingV2Client, ruleArn: string) {
  const rule = (await elb.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }))).Rules![0]!;
  return rule.Actions![0]!.ForwardConfig!.TargetGroups!.map((g) => ({
    name: g.TargetGroupArn!.split('/')[1],
    weight: g.Weight,
  }));
}

interface Observation {
  at: number;
  green: number;
  stage?: string;
  revisionWeight?: number;
}

/** Polls the deployment and the production rule until `done`; returns each distinct green share with when it was first seen. */
async function watchShift(
  ecs: ECSClient,
  elb: ElasticLoadBalancingV2Client,
  s: RunningSimulator,
  sdArn: string,
  ruleArn: string,
  done: (sd: ServiceDeployment) => boolean,
  what: string,
): Promise<{ seen: Observation[]; last: ServiceDeployment }> {
  const seen: Observation[] = [];
  const last = await poll(async () => {
    const green = await greenShare(elb, ruleArn);
    const sd = await describe1(ecs, sdArn);
    if (seen.at(-1)?.green !== green) {
      seen.push({
        at: s.clock.now(),
        green,
        stage: sd.lifecycleStage,
        revisionWeight: sd.targetServiceRevision?.requestedProductionTrafficWeight,
      });
    }
    return done(sd) ? sd : undefined;
  }, what);
  return { seen, last };
}

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
};

/** Bodies of `n` requests through a listener URL. */
async function probe(url: string, n: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < n; i++) bodies.push((await get(url)).body);
  return bodies;
}

describe('LINEAR deployments', () => {
  it('shifts production traffic in equal steps a step bake time apart, a Lambda hook at every step, then completes', async () => {
    const { ecs, elb, sim } = await start(
      seedLinearArchitecture({
        pauseAfterTestTraffic: false,
        lifecycleHooks: [
          {
            targetType: 'AWS_LAMBDA',
            hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:smoke',
            lifecycleStages: ['PRODUCTION_TRAFFIC_SHIFT'],
          },
        ],
      }),
    );
    const service = await backend(ecs);
    expect(service.deploymentConfiguration).toMatchObject({
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 1 },
      bakeTimeInMinutes: 1,
    });
    const { arn, sdArn, ruleArn } = await deploy(ecs, 'repo/backend:v2');
    expect(await forwardGroups(elb, ruleArn)).toEqual([{ name: 'backend-blue', weight: 1 }]);

    const { seen, last } = await watchShift(
      ecs,
      elb,
      sim,
      sdArn,
      ruleArn,
      (sd) => sd.status === 'SUCCESSFUL',
      'the linear deployment',
    );
    expect(seen.map((o) => o.green)).toEqual([0, 25, 50, 75, 100]);
    const steps = seen.slice(1);
    // Every step but the last is held for stepBakeTimeInMinutes (1 simulated minute) before the next.
    for (let i = 1; i < steps.length; i++) {
      const gap = steps[i]!.at - steps[i - 1]!.at;
      expect(gap).toBeGreaterThanOrEqual(60_000 - TICK_MS);
      expect(gap).toBeLessThanOrEqual(60_000 + 3 * TICK_MS);
    }
    for (const o of steps.slice(0, -1)) {
      expect(o.stage).toBe('PRODUCTION_TRAFFIC_SHIFT');
      expect(o.revisionWeight).toBe(o.green);
    }
    // The weighted pair stays on the rule, all of it on green.
    expect(await forwardGroups(elb, ruleArn)).toEqual([
      { name: 'backend-blue', weight: 0 },
      { name: 'backend-green', weight: 100 },
    ]);
    expect(last.finishedAt).toBeInstanceOf(Date);
    expect(last.targetServiceRevision?.requestedProductionTrafficWeight).toBe(100);
    // One PRODUCTION_TRAFFIC_SHIFT invocation per traffic step.
    expect(last.lifecycleHookDetails).toHaveLength(4);
    expect(last.lifecycleHookDetails!.every((h) => h.targetType === 'AWS_LAMBDA')).toBe(true);
    expect(last.lifecycleHookDetails!.every((h) => h.status === 'SUCCEEDED')).toBe(true);

    expect(await get(`${sim.listeners().production}/api/items`)).toEqual({
      status: 200,
      body: 'ok backend:2',
    });
    const after = await poll(async () => {
      const svc = await backend(ecs);
      return svc.deployments!.length === 1 ? svc : undefined;
    }, 'blue to be cleaned up');
    expect(after.deployments![0]).toMatchObject({ taskDefinition: arn, rolloutState: 'COMPLETED' });
  });

  it('waits at the PAUSE hook after test traffic, production untouched, until ContinueServiceDeployment', async () => {
    const { ecs, elb, sim } = await start(seedLinearArchitecture());
    const { production, test } = sim.listeners();
    const { sdArn, ruleArn } = await deploy(ecs, 'repo/backend:v2');
    const paused = await poll(async () => {
      const sd = await describe1(ecs, sdArn);
      return sd.lifecycleHookDetails?.some((h) => h.status === 'AWAITING_ACTION') ? sd : undefined;
    }, 'the PAUSE hook');
    expect(paused.lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT');
    expect(paused.targetServiceRevision?.requestedTestTrafficWeight).toBe(100);
    expect(paused.targetServiceRevision?.requestedProductionTrafficWeight).toBe(0);
    expect(paused.sourceServiceRevisions?.[0]?.requestedProductionTrafficWeight).toBe(100);
    expect(await get(`${test!}/api/items`)).toEqual({ status: 200, body: 'ok backend:2' });
    expect(await get(`${production}/api/items`)).toEqual({ status: 200, body: 'ok backend:1' });

    sim.clock.advance(5 * 60_000);
    const still = await describe1(ecs, sdArn);
    expect(still.lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT');
    expect(await greenShare(elb, ruleArn)).toBe(0);

    const hook = paused.lifecycleHookDetails!.find((h) => h.status === 'AWAITING_ACTION')!;
    expect(hook).toMatchObject({ targetType: 'PAUSE', timeoutAction: 'ROLLBACK' });
    await ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: sdArn,
        hookId: hook.hookId,
        action: 'CONTINUE',
      }),
    );
    const { seen } = await watchShift(
      ecs,
      elb,
      sim,
      sdArn,
      ruleArn,
      (sd) => sd.status === 'SUCCESSFUL',
      'the deployment to finish',
    );
    expect(seen.map((o) => o.green)).toEqual([0, 25, 50, 75, 100]);
  });

  it('a release failing only under test traffic is rolled back from the hook; production never moves', async () => {
    const { ecs, elb, sim } = await start(
      seedLinearArchitecture({
        releases: [{ match: { image: ':bad-test' }, testHttp: { status: 500, body: 'server error' } }],
      }),
    );
    const { production, test } = sim.listeners();
    const { sdArn, ruleArn } = await deploy(ecs, 'repo/backend:bad-test');
    const paused = await poll(async () => {
      const sd = await describe1(ecs, sdArn);
      return sd.lifecycleHookDetails?.some((h) => h.status === 'AWAITING_ACTION') ? sd : undefined;
    }, 'the PAUSE hook');
    expect(await get(`${test!}/api/health`)).toEqual({ status: 500, body: 'server error' });
    await ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: sdArn,
        hookId: paused.lifecycleHookDetails![0]!.hookId,
        action: 'ROLLBACK',
      }),
    );
    const done = await poll(async () => {
      const sd = await describe1(ecs, sdArn);
      return sd.status === 'ROLLBACK_SUCCESSFUL' ? sd : undefined;
    }, 'the rollback');
    expect(done.rollback?.reason).toMatch(/requested a rollback/);
    expect(await forwardGroups(elb, ruleArn)).toEqual([{ name: 'backend-blue', weight: 1 }]);
    expect(await get(`${test!}/api/health`)).toEqual({ status: 200, body: 'ok backend:1' });
    expect(await get(`${production}/api/health`)).toEqual({ status: 200, body: 'ok backend:1' });
  });

  it('a PAUSE hook at PRE_PRODUCTION_TRAFFIC_SHIFT holds before every step; the listener splits by weight', async () => {
    const { ecs, elb, sim } = await start(
      seedLinearArchitecture({
        pauseAfterTestTraffic: false,
        stepPercent: 50,
        lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['PRE_PRODUCTION_TRAFFIC_SHIFT'] }],
      }),
    );
    const { production } = sim.listeners();
    const { sdArn, ruleArn } = await deploy(ecs, 'repo/backend:v2');
    const waiting = async (count: number) =>
      poll(async () => {
        const sd = await describe1(ecs, sdArn);
        const awaiting = sd.lifecycleHookDetails?.filter((h) => h.status === 'AWAITING_ACTION') ?? [];
        return sd.lifecycleHookDetails?.length === count && awaiting.length === 1 ? sd : undefined;
      }, `PAUSE hook ${count}`);

    const first = await waiting(1);
    expect(first.lifecycleStage).toBe('PRODUCTION_TRAFFIC_SHIFT');
    expect(await greenShare(elb, ruleArn)).toBe(0);
    await ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: sdArn,
        hookId: first.lifecycleHookDetails![0]!.hookId,
      }),
    );

    const second = await waiting(2);
    expect(second.lifecycleStage).toBe('PRODUCTION_TRAFFIC_SHIFT');
    expect(second.lifecycleHookDetails![0]!.status).toBe('SUCCEEDED');
    expect(second.targetServiceRevision?.requestedProductionTrafficWeight).toBe(50);
    expect(await forwardGroups(elb, ruleArn)).toEqual([
      { name: 'backend-blue', weight: 50 },
      { name: 'backend-green', weight: 50 },
    ]);
    // Paused at 50%: requests through the production listener alternate between the revisions.
    const bodies = await probe(`${production}/api/items`, 10);
    expect(bodies.filter((b) => b === 'ok backend:2')).toHaveLength(5);
    expect(bodies.filter((b) => b === 'ok backend:1')).toHaveLength(5);

    await ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: sdArn,
        hookId: second.lifecycleHookDetails!.find((h) => h.status === 'AWAITING_ACTION')!.hookId,
      }),
    );
    await poll(async () => (await describe1(ecs, sdArn)).status === 'SUCCESSFUL', 'success');
    expect(await greenShare(elb, ruleArn)).toBe(100);
  });

  it('an alarm going into ALARM during a step rolls back: weights back on blue, green stopped', async () => {
    const { ecs, elb, cloudwatch, sim } = await start(
      seedLinearArchitecture({ pauseAfterTestTraffic: false }),
    );
    const { sdArn, ruleArn } = await deploy(ecs, 'repo/backend:v2');
    await poll(async () => (await greenShare(elb, ruleArn)) === 50, 'the 50% step');
    await cloudwatch.send(
      new SetAlarmStateCommand({
        AlarmName: 'web-alb-5xx',
        StateValue: 'ALARM',
        StateReason: '5xx on the green half',
      }),
    );
    const { seen, last } = await watchShift(
      ecs,
      elb,
      sim,
      sdArn,
      ruleArn,
      (sd) => sd.status === 'ROLLBACK_SUCCESSFUL',
      'the rollback',
    );
    // Straight from the 50% step back to 0 (ECS acts on the alarm at its next step, maybe before the first poll).
    expect(seen.map((o) => o.green).filter((g) => g !== 50)).toEqual([0]);
    expect(last.lifecycleStage).toBe('PRODUCTION_TRAFFIC_SHIFT');
    expect(last.rollback?.reason).toMatch(/alarm\(s\) in ALARM state: web-alb-5xx/);
    expect(last.alarms).toMatchObject({ status: 'TRIGGERED', triggeredAlarmNames: ['web-alb-5xx'] });
    expect(await forwardGroups(elb, ruleArn)).toEqual([
      { name: 'backend-blue', weight: 100 },
      { name: 'backend-green', weight: 0 },
    ]);
    expect(await probe(`${sim.listeners().production}/api/items`, 4)).toEqual(Array(4).fill('ok backend:1'));
    const service = await backend(ecs);
    expect(service.taskDefinition).toMatch(/backend:1$/);
    expect(service.deployments!.find((d) => d.status === 'PRIMARY')).toMatchObject({
      taskDefinition: expect.stringMatching(/backend:1$/),
    });
  });

  it('StopServiceDeployment ROLLBACK mid-shift restores blue', async () => {
    const { ecs, elb, sim } = await start(seedLinearArchitecture({ pauseAfterTestTraffic: false }));
    const { sdArn, ruleArn } = await deploy(ecs, 'repo/backend:v2');
    await poll(async () => (await greenShare(elb, ruleArn)) === 25, 'the first step');
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: sdArn, stopType: 'ROLLBACK' }));
    expect(await greenShare(elb, ruleArn)).toBe(0);
    const done = await poll(async () => {
      const sd = await describe1(ecs, sdArn);
      return sd.status === 'ROLLBACK_SUCCESSFUL' ? sd : undefined;
    }, 'the rollback');
    expect(done.rollback?.reason).toMatch(/stop request/);
    expect((await get(`${sim.listeners().production}/api/items`)).body).toBe('ok backend:1');
  });

  it('the circuit breaker trips on green tasks crashing during the steps and rolls back', async () => {
    const { ecs, elb, sim } = await start(
      seedLinearArchitecture({
        pauseAfterTestTraffic: false,
        stepBakeTimeInMinutes: 2,
        releases: [{ match: { image: ':crashy' }, crash: { afterSeconds: 100, exitCode: 137 } }],
      }),
    );
    const { sdArn, ruleArn } = await deploy(ecs, 'repo/backend:crashy');
    const { seen, last } = await watchShift(
      ecs,
      elb,
      sim,
      sdArn,
      ruleArn,
      (sd) => sd.status === 'ROLLBACK_SUCCESSFUL',
      'the circuit breaker rollback',
    );
    const shares = seen.map((o) => o.green);
    expect(shares.some((g) => g > 0 && g < 100)).toBe(true);
    expect(shares).not.toContain(100);
    expect(shares.at(-1)).toBe(0);
    expect(last.deploymentCircuitBreaker).toMatchObject({ status: 'TRIGGERED' });
    expect(last.rollback?.reason).toMatch(/circuit breaker/);
  });
});

describe('CANARY deployments', () => {
  it('shifts canaryPercent, holds it for the canary bake time, then the rest', async () => {
    const { ecs, elb, sim } = await start(
      seedCanaryArchitecture({ pauseAfterTestTraffic: false, canaryBakeTimeInMinutes: 5 }),
    );
    expect((await backend(ecs)).deploymentConfiguration).toMatchObject({
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 5 },
    });
    const { sdArn, ruleArn } = await deploy(ecs, 'repo/backend:v2');
    await poll(async () => (await greenShare(elb, ruleArn)) === 10, 'the canary step');
    // In the canary step (time only moves when a poll moves it): one request in ten reaches green.
    expect(await forwardGroups(elb, ruleArn)).toEqual([
      { name: 'backend-blue', weight: 90 },
      { name: 'backend-green', weight: 10 },
    ]);
    const bodies = await probe(`${sim.listeners().production}/api/items`, 20);
    expect(bodies.filter((b) => b === 'ok backend:2')).toHaveLength(2);

    const canaryAt = sim.clock.now();
    const { seen } = await watchShift(
      ecs,
      elb,
      sim,
      sdArn,
      ruleArn,
      (sd) => sd.status === 'SUCCESSFUL',
      'the canary deployment',
    );
    expect(seen.map((o) => o.green)).toEqual([10, 100]);
    expect(seen[0]!.stage).toBe('PRODUCTION_TRAFFIC_SHIFT');
    // Held for canaryBakeTimeInMinutes (5 simulated minutes).
    expect(seen[1]!.at - canaryAt).toBeGreaterThanOrEqual(5 * 60_000 - TICK_MS);
  });

  it('a release whose alarm fires once it takes production traffic is rolled back from the canary step', async () => {
    const { ecs, elb, sim } = await start(
      seedCanaryArchitecture({
        pauseAfterTestTraffic: false,
        canaryBakeTimeInMinutes: 5,
        releases: [
          {
            match: { image: ':bad-canary' },
            alarm: { name: 'web-alb-5xx', afterSeconds: 30, startsAt: 'production-traffic' },
          },
        ],
      }),
    );
    const { sdArn, ruleArn } = await deploy(ecs, 'repo/backend:bad-canary');
    const { seen, last } = await watchShift(
      ecs,
      elb,
      sim,
      sdArn,
      ruleArn,
      (sd) => sd.status === 'ROLLBACK_SUCCESSFUL',
      'the rollback',
    );
    expect(seen.map((o) => o.green)).toEqual([0, 10, 0]);
    const canary = seen[1]!;
    const rolledBack = seen[2]!;
    // Not when the tasks started: 30 s after the canary step took traffic.
    expect(rolledBack.at - canary.at).toBeLessThan(60_000);
    expect(last.alarms).toMatchObject({ status: 'TRIGGERED', triggeredAlarmNames: ['web-alb-5xx'] });
    expect(last.rollback?.reason).toMatch(/web-alb-5xx/);
  });
});

describe('LINEAR and CANARY configuration', () => {
  const refused = async (
    ecs: ECSClient,
    deploymentConfiguration: DeploymentConfiguration,
    message: RegExp,
  ) => {
    const err = await ecs
      .send(new UpdateServiceCommand({ cluster: 'web', service: 'backend', deploymentConfiguration }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(InvalidParameterException);
    expect((err as Error).message).toMatch(message);
  };

  it('refuses out-of-range values and misplaced hooks; the service is left as it was', async () => {
    const { ecs } = await start(seedLinearArchitecture());
    const before = await backend(ecs);
    await refused(
      ecs,
      { strategy: 'LINEAR', linearConfiguration: { stepPercent: 2.9 } },
      /stepPercent 2\.9.*3\.0 to 100\.0/,
    );
    await refused(
      ecs,
      { strategy: 'LINEAR', linearConfiguration: { stepPercent: 10.05 } },
      /multiple of 0\.1/,
    );
    await refused(
      ecs,
      { strategy: 'LINEAR', linearConfiguration: { stepPercent: 10, stepBakeTimeInMinutes: 1441 } },
      /stepBakeTimeInMinutes 1441.*0 to 1440/,
    );
    await refused(
      ecs,
      { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 0 } },
      /canaryPercent 0.*0\.1 to 100\.0/,
    );
    await refused(
      ecs,
      { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 100.5 } },
      /canaryPercent/,
    );
    await refused(
      ecs,
      { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: -1 } },
      /canaryBakeTimeInMinutes -1/,
    );
    await refused(ecs, { strategy: 'LINEAR', bakeTimeInMinutes: 2000 }, /bakeTimeInMinutes 2000/);
    await refused(
      ecs,
      {
        strategy: 'LINEAR',
        lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['PRODUCTION_TRAFFIC_SHIFT'] }],
      },
      /PAUSE lifecycle hooks cannot be configured at the PRODUCTION_TRAFFIC_SHIFT stage/,
    );
    await refused(
      ecs,
      {
        strategy: 'LINEAR',
        lifecycleHooks: [{ targetType: 'AWS_LAMBDA', lifecycleStages: ['POST_SCALE_UP'] }],
      },
      /hookTargetArn/,
    );
    await refused(
      ecs,
      {
        strategy: 'LINEAR',
        lifecycleHooks: [
          { targetType: 'PAUSE', lifecycleStages: ['BAKE_TIME' as unknown as 'POST_SCALE_UP'] },
        ],
      },
      /Invalid lifecycle stage "BAKE_TIME"/,
    );
    const after = await backend(ecs);
    expect(after.deploymentConfiguration).toEqual(before.deploymentConfiguration);
    expect(after.deployments).toHaveLength(1);
  });

  it('needs the blue/green advancedConfiguration; a missing configuration gets the ECS defaults', async () => {
    const rolling = await start(seedArchitecture());
    await refused(
      rolling.ecs,
      { strategy: 'LINEAR' },
      /LINEAR deployment strategy requires a load balancer with an advancedConfiguration/,
    );
    await refused(rolling.ecs, { strategy: 'CANARY' }, /CANARY deployment strategy requires/);
    await sim!.close();

    const { ecs } = await start(seedLinearArchitecture());
    const updated = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'web',
        service: 'backend',
        deploymentConfiguration: { strategy: 'CANARY', canaryConfiguration: undefined },
      }),
    );
    expect(updated.service!.deploymentConfiguration).toMatchObject({
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 10 },
    });
    const blueGreen = (await backend(ecs)).loadBalancers![0]!;
    const created = await ecs.send(
      new CreateServiceCommand({
        cluster: 'web',
        serviceName: 'backend-linear',
        taskDefinition: 'backend:1',
        desiredCount: 1,
        loadBalancers: [blueGreen],
        deploymentConfiguration: { strategy: 'LINEAR', linearConfiguration: { stepPercent: 33.3 } },
      }),
    );
    expect(created.service!.deploymentConfiguration).toMatchObject({
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 33.3, stepBakeTimeInMinutes: 6 },
    });
    await expect(
      ecs.send(
        new CreateServiceCommand({
          cluster: 'web',
          serviceName: 'backend-codedeploy',
          taskDefinition: 'backend:1',
          desiredCount: 1,
          deploymentController: { type: 'CODE_DEPLOY' },
          loadBalancers: [blueGreen],
          deploymentConfiguration: { strategy: 'LINEAR' },
        }),
      ),
    ).rejects.toThrow(/only supported for services that use the ECS deployment controller/);
  });
});
