import { afterEach, describe, expect, it } from '@jest/globals';
import {
  AccessDeniedException,
  ClusterNotFoundException,
  DescribeServicesCommand,
  ECSClient,
  ServerException,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeAlarmsCommand, ResourceNotFound, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { seedArchitecture, startSimulator, type RunningSimulator } from '../index.js';
import { clients } from './clients.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start() {
  sim = await startSimulator({ scenario: seedArchitecture(), speed: 0 });
  return { sim, ...clients(sim) };
}

describe('wire protocols', () => {
  it('ELBv2 Query/XML describes parse in the SDK, with the real not-found error', async () => {
    const { elb } = await start();
    const [lb] = (await elb.send(new DescribeLoadBalancersCommand({ Names: ['web-alb'] }))).LoadBalancers!;
    expect(lb).toMatchObject({ LoadBalancerName: 'web-alb', Type: 'application', State: { Code: 'active' } });
    expect(lb!.CreatedTime).toBeInstanceOf(Date);
    const [listener] = (
      await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb!.LoadBalancerArn }))
    ).Listeners!;
    expect(listener).toMatchObject({ Port: 443, Protocol: 'HTTPS' });
    const rules = (await elb.send(new DescribeRulesCommand({ ListenerArn: listener!.ListenerArn }))).Rules!;
    expect(rules.map((r) => [r.Priority, r.IsDefault, r.Conditions?.[0]?.Values])).toEqual([
      ['10', false, ['/api/*']],
      ['default', true, undefined],
    ]);
    const groups = (await elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lb!.LoadBalancerArn })))
      .TargetGroups!;
    expect(groups.map((g) => [g.TargetGroupName, g.HealthCheckPath, g.HealthCheckIntervalSeconds])).toEqual([
      ['backend-tg', '/api/health', 10],
      ['frontend-tg', '/', 10],
    ]);
    const health = (
      await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: groups[0]!.TargetGroupArn }))
    ).TargetHealthDescriptions!;
    expect(health.map((h) => h.TargetHealth?.State)).toEqual(['healthy', 'healthy']);
    expect(health[0]!.Target!.Port).toBe(8000);
    const error = await elb
      .send(new DescribeTargetGroupsCommand({ Names: ['missing'] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetGroupNotFoundException);
    expect((error as Error).message).toBe('One or more target groups not found');
  });

  it('CloudWatch alarms over JSON 1.0 (awsQuery-compatible errors)', async () => {
    const { cloudwatch } = await start();
    await cloudwatch.send(
      new SetAlarmStateCommand({ AlarmName: 'web-alb-5xx', StateValue: 'ALARM', StateReason: 'test' }),
    );
    const [alarm] = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['web-alb-5xx'] })))
      .MetricAlarms!;
    expect(alarm).toMatchObject({
      AlarmName: 'web-alb-5xx',
      StateValue: 'ALARM',
      StateReason: 'test',
      Threshold: 5,
    });
    expect(alarm!.StateUpdatedTimestamp).toBeInstanceOf(Date);
    await expect(
      cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' })),
    ).rejects.toBeInstanceOf(ResourceNotFound);
  });

  it('CloudWatch Logs: groups, streams, events, filters and errors', async () => {
    const { logs } = await start();
    await expect(
      logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/backend' })),
    ).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/jobs' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/app/jobs', logStreamName: 'one' }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/app/jobs',
        logStreamName: 'one',
        logEvents: [
          { timestamp: 1000, message: 'starting' },
          { timestamp: 2000, message: 'ERROR failed to migrate' },
        ],
      }),
    );
    const groups = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app' }))).logGroups!;
    expect(groups.map((g) => g.logGroupName)).toEqual(['/app/jobs']);
    const events = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/app/jobs', logStreamName: 'one', startFromHead: true }),
    );
    expect(events.events!.map((e) => e.message)).toEqual(['starting', 'ERROR failed to migrate']);
    const again = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/app/jobs',
        logStreamName: 'one',
        nextToken: events.nextForwardToken,
      }),
    );
    expect(again.events).toEqual([]);
    const filtered = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/app/jobs', filterPattern: 'ERROR' }),
    );
    expect(filtered.events!.map((e) => [e.logStreamName, e.message])).toEqual([
      ['one', 'ERROR failed to migrate'],
    ]);
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: '/nope', logStreamName: 'x' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('successes carry simulated time in Date; errors carry none, so the SDK does not retry them as skew', async () => {
    const startTime = Date.parse('2031-05-01T12:00:00Z');
    sim = await startSimulator({ scenario: seedArchitecture({ startTime }), speed: 0 });
    const { ecs, elb } = clients(sim);
    const dates: (string | undefined)[] = [];
    const recordDate = (response: unknown) =>
      dates.push((response as { headers: Record<string, string> }).headers.date);
    ecs.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        recordDate(result.response);
        return result;
      },
      { step: 'deserialize' },
    );
    elb.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        recordDate(result.response);
        return result;
      },
      { step: 'deserialize' },
    );
    const [service] = (await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] })))
      .services!;
    await elb.send(new DescribeLoadBalancersCommand({ Names: ['web-alb'] }));
    expect(dates).toEqual([new Date(startTime).toUTCString(), new Date(startTime).toUTCString()]);
    expect(service!.events![0]!.createdAt!.getTime()).toBeLessThanOrEqual(startTime);

    // The SDK has now moved its signing clock years ahead; the simulator still accepts its signatures.
    sim.clock.advance(3_600_000);
    await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] }));
    expect(Date.parse(dates[2]!)).toBe(startTime + 3_600_000);
    const error = await ecs
      .send(new DescribeServicesCommand({ cluster: 'missing', services: ['backend'] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClusterNotFoundException);
    expect((error as ClusterNotFoundException).$metadata.attempts).toBe(1);
    expect(sim.calls({ operation: 'DescribeServices' }).map((c) => c.status)).toEqual([200, 200, 400]);
  });

  it('requests without a SigV4 Authorization header are refused', async () => {
    const { sim } = await start();
    const res = await fetch(sim.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });
});

describe('faults', () => {
  it('throttling every 3rd call is retried by the SDK transparently', async () => {
    const { ecs, sim } = await start();
    sim.faults({ rules: [{ service: 'ecs', operation: 'DescribeServices', kind: 'throttle', every: 3 }] });
    for (let i = 0; i < 6; i++) {
      const out = await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['backend'] }));
      expect(out.services![0]!.serviceName).toBe('backend');
    }
    const describeCalls = sim.calls({ service: 'ecs', operation: 'DescribeServices' });
    expect(describeCalls.filter((c) => c.error === 'ThrottlingException').length).toBeGreaterThanOrEqual(2);
    expect(describeCalls.filter((c) => c.status === 200)).toHaveLength(6);
  });

  it('server errors and connection resets are retried; access denied is not', async () => {
    const { ecs, sim } = await start();
    sim.faults({
      rules: [
        { service: 'ecs', kind: 'server-error', times: 1 },
        { service: 'ecs', kind: 'reset', every: 2, times: 1 },
      ],
    });
    const out = await ecs.send(new DescribeServicesCommand({ cluster: 'web', services: ['frontend'] }));
    expect(out.services![0]!.serviceName).toBe('frontend');
    expect(sim.calls({ operation: 'DescribeServices' }).map((c) => c.status)).toEqual([500, 0, 200]);

    sim.faults({
      clear: true,
      rules: [{ service: 'ecs', operation: 'DescribeServices', kind: 'access-denied' }],
    });
    const error = await ecs
      .send(new DescribeServicesCommand({ cluster: 'web', services: ['frontend'] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect((error as Error).message).toContain('is not authorized to perform: ecs:DescribeServices');

    sim.faults({ clear: true, rules: [{ kind: 'server-error' }] });
    const noRetry = new ECSClient({
      endpoint: sim.url,
      region: sim.region,
      credentials: sim.credentials,
      maxAttempts: 1,
    });
    await expect(
      noRetry.send(new DescribeServicesCommand({ cluster: 'web', services: ['frontend'] })),
    ).rejects.toBeInstanceOf(ServerException);
  });
});
