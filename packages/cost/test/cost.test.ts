import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTaskDefinitionCommand, ECSClient, type TaskDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  allSizes,
  FARGATE_PRICES,
  fetchUsage,
  isValidSize,
  metricDimensions,
  parseCpu,
  parseMemory,
  regionPrices,
  releaseCost,
  rightSize,
  signedUsd,
  spotShare,
  taskHourPrice,
  taskShape,
  usd,
  type TaskShape,
} from '../index.js';

const REQUIRED_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'eu-west-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
];

describe('the price table', () => {
  it('is dated, sourced from the AWS Fargate pricing page, and not from the future', () => {
    expect(FARGATE_PRICES.source).toBe('https://aws.amazon.com/fargate/pricing/');
    expect(FARGATE_PRICES.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Date.parse(FARGATE_PRICES.readOn)).toBeLessThanOrEqual(Date.now());
    expect(FARGATE_PRICES.hoursPerMonth).toBe(730);
  });

  it.each(REQUIRED_REGIONS)(
    '%s is complete: every rate positive, ARM and Spot below x86 on demand',
    (region) => {
      const p = regionPrices(region)!;
      expect(p).toBeDefined();
      const rates = [p.linuxX86, p.linuxArm, p.spotX86, ...(p.spotArm ? [p.spotArm] : [])];
      for (const r of rates) {
        for (const v of [r.vcpuHour, r.gbHour]) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThan(0);
        }
      }
      expect(p.storageGbHour).toBeGreaterThan(0);
      expect(p.linuxArm.vcpuHour).toBeLessThan(p.linuxX86.vcpuHour);
      expect(p.linuxArm.gbHour).toBeLessThan(p.linuxX86.gbHour);
      expect(p.spotX86.vcpuHour).toBeLessThan(p.linuxX86.vcpuHour);
      // A vCPU costs several GB of memory everywhere: a swapped pair would break this.
      expect(p.linuxX86.vcpuHour / p.linuxX86.gbHour).toBeGreaterThan(5);
      expect(Array.isArray(p.derived)).toBe(true);
    },
  );

  it('has no price for a region it does not list, and never borrows one', async () => {
    expect(regionPrices('mars-north-1')).toBeUndefined();
    expect(regionPrices('toString')).toBeUndefined();
    const ecs = mockClient(ECSClient);
    const cost = await releaseCost(new ECSClient({ region: 'mars-north-1' }), {
      region: 'mars-north-1',
      release: { arn: `${ARN}backend:2`, desiredCount: 2 },
    });
    expect(cost.release).toBeUndefined();
    expect(cost.notes).toEqual([
      `no price for region mars-north-1 in the price table (read ${FARGATE_PRICES.readOn})`,
    ]);
    expect(ecs.calls()).toHaveLength(0);
    ecs.restore();
  });
});

describe('valid Fargate sizes', () => {
  it('accepts the documented pairs and nothing else', () => {
    expect(isValidSize({ cpu: 256, memory: 512 })).toBe(true);
    expect(isValidSize({ cpu: 256, memory: 3072 })).toBe(false);
    expect(isValidSize({ cpu: 4096, memory: 30720 })).toBe(true);
    expect(isValidSize({ cpu: 8192, memory: 20480 })).toBe(true);
    expect(isValidSize({ cpu: 8192, memory: 18432 })).toBe(false);
    expect(isValidSize({ cpu: 16384, memory: 122880 })).toBe(true);
    expect(allSizes()).toHaveLength(3 + 4 + 7 + 13 + 23 + 12 + 12);
  });

  it('reads cpu and memory in units or with their unit', () => {
    expect(parseCpu('512')).toBe(512);
    expect(parseCpu('1 vCPU')).toBe(1024);
    expect(parseCpu('0.25 vcpu')).toBe(256);
    expect(parseMemory('2 GB')).toBe(2048);
    expect(parseMemory('1024')).toBe(1024);
    expect(parseCpu('lots')).toBeUndefined();
  });
});

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/';
const x86 = (cpu: number, memory: number, storageGb = 20): TaskShape => ({
  cpu,
  memory,
  architecture: 'X86_64',
  storageGb,
});

describe('the monthly math', () => {
  const east = regionPrices('us-east-1')!;

  it('prices vCPU and GB per hour, 730 hours a month', () => {
    const hour = taskHourPrice(east, x86(512, 1024), 0).taskHour;
    expect(hour).toBeCloseTo(0.5 * 0.04048 + 1 * 0.004445, 10);
    // 2 tasks: 0.024685 × 2 × 730 = 36.0401
    expect(Math.round(hour * 2 * 730 * 100) / 100).toBe(36.04);
  });

  it('charges ephemeral storage above the 20 GB every task gets', () => {
    const base = taskHourPrice(east, x86(512, 1024, 20), 0).taskHour;
    expect(taskHourPrice(east, x86(512, 1024, 50), 0).taskHour - base).toBeCloseTo(30 * 0.000111, 10);
  });

  it('prices ARM lower and Spot at its share', () => {
    const arm = taskHourPrice(east, { ...x86(1024, 2048), architecture: 'ARM64' }, 0).taskHour;
    expect(arm).toBeCloseTo(0.03238 + 2 * 0.00356, 10);
    const half = taskHourPrice(east, x86(1024, 2048), 0.5).taskHour;
    const onDemand = 0.04048 + 2 * 0.004445;
    const spot = 0.01264355 + 2 * 0.00138835;
    expect(half).toBeCloseTo((onDemand + spot) / 2, 10);
  });

  it('prices the Spot share of ARM tasks on demand and says so', () => {
    const priced = taskHourPrice(east, { ...x86(1024, 2048), architecture: 'ARM64' }, 1);
    expect(priced.spotOnDemand).toBe(true);
    expect(priced.taskHour).toBeCloseTo(0.03238 + 2 * 0.00356, 10);
  });

  it('splits tasks by base first, then weights', () => {
    const strategy = [
      { capacityProvider: 'FARGATE', base: 1, weight: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 3 },
    ];
    expect(spotShare(strategy, 5).share).toBeCloseTo(3 / 5, 10);
    expect(spotShare(strategy, 1).share).toBe(0);
    expect(spotShare(strategy, 5).described).toBe('FARGATE base 1 weight 1, FARGATE_SPOT weight 3');
    expect(
      spotShare(
        [
          { capacityProvider: 'FARGATE_SPOT', base: 2, weight: 0 },
          { capacityProvider: 'FARGATE', weight: 1 },
        ],
        4,
      ).share,
    ).toBe(0.5);
    expect(spotShare(undefined, 3)).toEqual({ share: 0, others: [] });
    expect(spotShare([{ capacityProvider: 'my-ec2', weight: 1 }], 2).others).toEqual(['my-ec2']);
  });

  it('formats dollars with a sign', () => {
    expect(usd(1234.5)).toBe('$1,234.50');
    expect(signedUsd(30.1)).toBe('+$30.10');
    expect(signedUsd(-12)).toBe('−$12.00');
    expect(signedUsd(0.001)).toBe('±$0.00');
  });

  it('reads a task definition shape, refusing Windows and missing sizes', () => {
    const td: TaskDefinition = {
      cpu: '1024',
      memory: '2048',
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      ephemeralStorage: { sizeInGiB: 40 },
    };
    expect(taskShape(td)).toEqual({ cpu: 1024, memory: 2048, architecture: 'ARM64', storageGb: 40 });
    expect(taskShape({ memory: '512' })).toHaveProperty('problem');
    expect(
      taskShape({ ...td, runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } }),
    ).toEqual({
      problem: 'operating system WINDOWS_SERVER_2022_CORE is not in the price table (Linux only)',
    });
  });
});

describe('right-sizing', () => {
  const east = regionPrices('us-east-1')!;

  it('proposes the cheapest valid size that keeps the peaks at or under 70%', () => {
    // 1 vCPU at 20% peak = 205 units → needs ≥ 293: 512. 2 GB at 30% = 614 MiB → needs ≥ 878: 1 GB.
    const hint = rightSize(
      east,
      x86(1024, 2048),
      { cpuMaxPercent: 20, memoryMaxPercent: 30, days: 7 },
      2,
      0,
    )!;
    expect({ cpu: hint.cpu, memory: hint.memory }).toEqual({ cpu: 512, memory: 1024 });
    const now = (0.04048 + 2 * 0.004445) * 2 * 730;
    const then = (0.5 * 0.04048 + 0.004445) * 2 * 730;
    expect(hint.saving).toBeCloseTo(now - then, 1);
    expect(hint.headroomPercent).toBe(60);
    expect(isValidSize(hint)).toBe(true);
  });

  it('says nothing when the peaks need the current size', () => {
    expect(
      rightSize(east, x86(512, 1024), { cpuMaxPercent: 90, memoryMaxPercent: 50, days: 7 }, 2, 0),
    ).toBeUndefined();
    expect(
      rightSize(east, x86(256, 512), { cpuMaxPercent: 1, memoryMaxPercent: 1, days: 7 }, 2, 0),
    ).toBeUndefined();
  });
});

describe('releaseCost against ECS (aws-sdk-client-mock)', () => {
  it('prices both revisions at their counts and names what moved the price', async () => {
    const mock = mockClient(ECSClient);
    mock
      .on(DescribeTaskDefinitionCommand, { taskDefinition: `${ARN}backend:41` })
      .resolves({ taskDefinition: { family: 'backend', revision: 41, cpu: '512', memory: '1024' } })
      .on(DescribeTaskDefinitionCommand, { taskDefinition: `${ARN}backend:42` })
      .resolves({ taskDefinition: { family: 'backend', revision: 42, cpu: '1024', memory: '2048' } });
    const cost = await releaseCost(new ECSClient({ region: 'us-east-1' }), {
      region: 'us-east-1',
      release: { arn: `${ARN}backend:42`, desiredCount: 2 },
      previous: { arn: `${ARN}backend:41`, desiredCount: 2 },
      usage: { days: 7, cpuMaxPercent: 45, memoryMaxPercent: 40, cpuHours: 168, memoryHours: 168 },
    });
    expect(cost.release?.monthly).toBe(72.08);
    expect(cost.previous?.monthly).toBe(36.04);
    expect(cost.monthlyChange).toBe(36.04);
    expect(cost.changed).toEqual(['cpu 512→1024', 'memory 1024→2048']);
    // Peaks were measured on 0.5 vCPU / 1 GB: 45% of 512 needs 512 at 70% (not 256); 40% of 1024 fits 1 GB.
    expect(cost.rightSizing).toMatchObject({ cpu: 512, memory: 1024, saving: 36.04 });
    expect(cost.notes).toEqual([]);
    mock.restore();
  });

  it('turns a failed read into a note, and too little data into no hint', async () => {
    const mock = mockClient(ECSClient);
    mock
      .on(DescribeTaskDefinitionCommand, { taskDefinition: `${ARN}backend:42` })
      .resolves({ taskDefinition: { cpu: '512', memory: '1024' } })
      .on(DescribeTaskDefinitionCommand, { taskDefinition: `${ARN}backend:41` })
      .rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    const cost = await releaseCost(new ECSClient({ region: 'us-east-1' }), {
      region: 'us-east-1',
      release: { arn: `${ARN}backend:42`, desiredCount: 3 },
      previous: { arn: `${ARN}backend:41`, desiredCount: 3 },
      usage: { days: 7, cpuMaxPercent: 5, memoryMaxPercent: 5, cpuHours: 3, memoryHours: 3 },
    });
    expect(cost.release?.monthly).toBe(54.06);
    expect(cost.monthlyChange).toBeUndefined();
    expect(cost.notes[0]).toMatch(/^could not read backend:41: .*not authorized/);
    expect(cost.notes[1]).toBe(
      'no right-sizing hint: 3 hour(s) of CPU and memory data in the last 7 days (needs 24)',
    );
    mock.restore();
  });
});

describe('fetchUsage (aws-sdk-client-mock)', () => {
  it('asks once for the hourly CPU and memory maxima and p99, and keeps the peaks', async () => {
    const mock = mockClient(CloudWatchClient);
    mock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'cpu', Values: [12, 48.5, 30], Timestamps: [] },
        { Id: 'memory', Values: [61, 55], Timestamps: [] },
        { Id: 'p99', Values: [0.4, 1.2], Timestamps: [] },
      ],
    });
    const now = Date.parse('2026-12-01T10:20:00Z');
    const usage = await fetchUsage(new CloudWatchClient({ region: 'us-east-1' }), {
      cluster: 'web',
      service: 'backend',
      targetGroup: { targetGroup: 'targetgroup/backend-tg/abc', loadBalancer: 'app/web-alb/def' },
      days: 7,
      now,
    });
    expect(usage).toEqual({
      days: 7,
      cpuMaxPercent: 48.5,
      memoryMaxPercent: 61,
      p99Seconds: 1.2,
      cpuHours: 3,
      memoryHours: 2,
    });
    const calls = mock.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.EndTime).toEqual(new Date('2026-12-01T10:00:00Z'));
    expect(input.StartTime).toEqual(new Date('2026-11-24T10:00:00Z'));
    expect(
      input.MetricDataQueries!.map((q) => [
        q.Id,
        q.MetricStat!.Metric!.MetricName,
        q.MetricStat!.Stat,
        q.MetricStat!.Period,
      ]),
    ).toEqual([
      ['cpu', 'CPUUtilization', 'Maximum', 3600],
      ['memory', 'MemoryUtilization', 'Maximum', 3600],
      ['p99', 'TargetResponseTime', 'p99', 3600],
    ]);
    expect(input.MetricDataQueries![0]!.MetricStat!.Metric!.Dimensions).toEqual([
      { Name: 'ClusterName', Value: 'web' },
      { Name: 'ServiceName', Value: 'backend' },
    ]);
    mock.restore();
  });

  it('reports no peak for a metric without data instead of zero', async () => {
    const mock = mockClient(CloudWatchClient);
    mock.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'cpu', Values: [] }] });
    const usage = await fetchUsage(new CloudWatchClient({ region: 'us-east-1' }), {
      cluster: 'web',
      service: 'backend',
      days: 7,
      now: Date.now(),
    });
    expect(usage).toEqual({ days: 7, cpuHours: 0, memoryHours: 0 });
    mock.restore();
  });

  it('derives the metric dimensions from the ARNs', () => {
    expect(
      metricDimensions(
        'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/backend-tg/0123',
        'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web-alb/4567',
      ),
    ).toEqual({ targetGroup: 'targetgroup/backend-tg/0123', loadBalancer: 'app/web-alb/4567' });
  });
});
