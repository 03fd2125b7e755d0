/**
 * CloudWatch alarms (JSON 1.0, `GraniteServiceVersion20100801.*`, awsQuery-compatible errors). Alarms
 * change state through SetAlarmState, the control API, or a release's scenario behaviour (`alarm`).
 * GetMetricData serves the world's per-minute metrics (metrics.ts).
 */
import { SimAwsError, type JsonService } from './service.js';
import type { AlarmSeed } from './scenario.js';
import type { World } from './world.js';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

interface Alarm {
  name: string;
  state: AlarmState;
  reason: string;
  updatedAt: number;
  configuredAt: number;
  seed: AlarmSeed;
  history: { at: number; summary: string; from: AlarmState; to: AlarmState; reason: string }[];
}

export class AlarmModel {
  readonly alarms = new Map<string, Alarm>();

  constructor(private readonly world: World) {}

  add(seed: AlarmSeed): void {
    const now = this.world.now();
    const state = seed.state ?? 'OK';
    this.alarms.set(seed.name, {
      name: seed.name,
      state,
      reason:
        state === 'ALARM'
          ? 'Threshold Crossed: seeded in ALARM'
          : 'Threshold Crossed: no datapoints breaching',
      updatedAt: now,
      configuredAt: now,
      seed,
      history: [],
    });
  }

  get(name: string): Alarm | undefined {
    return this.alarms.get(name);
  }

  setState(name: string, state: AlarmState, reason: string, at = this.world.now()): void {
    const alarm = this.alarms.get(name);
    if (!alarm) throw new SimAwsError('ResourceNotFound', `Alarm ${name} not found`, 404);
    if (alarm.state === state) return;
    alarm.history.push({
      at,
      summary: `Alarm updated from ${alarm.state} to ${state}`,
      from: alarm.state,
      to: state,
      reason,
    });
    alarm.state = state;
    alarm.reason = reason;
    alarm.updatedAt = at;
  }

  arn(name: string): string {
    return `arn:aws:cloudwatch:${this.world.region}:${this.world.accountId}:alarm:${name}`;
  }

  describe(alarm: Alarm) {
    const s = (ms: number) => ms / 1000;
    return {
      AlarmName: alarm.name,
      AlarmArn: this.arn(alarm.name),
      AlarmDescription: alarm.seed.metricName ? `${alarm.seed.metricName} alarm` : undefined,
      AlarmConfigurationUpdatedTimestamp: s(alarm.configuredAt),
      ActionsEnabled: true,
      OKActions: [],
      AlarmActions: [],
      InsufficientDataActions: [],
      StateValue: alarm.state,
      StateReason: alarm.reason,
      StateUpdatedTimestamp: s(alarm.updatedAt),
      StateTransitionedTimestamp: s(alarm.updatedAt),
      MetricName: alarm.seed.metricName ?? 'HTTPCode_Target_5XX_Count',
      Namespace: alarm.seed.namespace ?? 'AWS/ApplicationELB',
      Statistic: 'Sum',
      Dimensions: (alarm.seed.dimensions ?? []).map((d) => ({ Name: d.name, Value: d.value })),
      Period: 60,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: alarm.seed.threshold ?? 5,
      ComparisonOperator: alarm.seed.comparisonOperator ?? 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    };
  }

  state() {
    return [...this.alarms.values()].map((a) => ({ name: a.name, state: a.state, reason: a.reason }));
  }
}

interface MetricDataQueryInput {
  Id?: string;
  Expression?: string;
  ReturnData?: boolean;
  Label?: string;
  MetricStat?: {
    Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] };
    Period?: number;
    Stat?: string;
  };
}

const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;
const STAT = /^(Sum|Average|Maximum|Minimum|SampleCount|p\d+(\.\d+)?)$/;

/**
 * GetMetricData as CloudWatch answers it: validated queries (ids, period, statistic, at most 500), one
 * result per query with datapoints per period in the asked order, and pages of `MaxDatapoints` (default
 * 100,800) datapoints with a NextToken, results cut by a page marked PartialData.
 */
function getMetricData(
  world: World,
  input: {
    MetricDataQueries?: MetricDataQueryInput[];
    StartTime?: number;
    EndTime?: number;
    NextToken?: string;
    ScanBy?: 'TimestampDescending' | 'TimestampAscending';
    MaxDatapoints?: number;
  },
) {
  const invalid = (message: string) => new SimAwsError('InvalidParameterValue', message);
  const queries = input.MetricDataQueries ?? [];
  if (!queries.length)
    throw new SimAwsError('ValidationError', 'The parameter MetricDataQueries is required.');
  if (queries.length > 500)
    throw invalid('The collection MetricDataQueries must not have a size greater than 500.');
  if (input.StartTime === undefined || input.EndTime === undefined)
    throw new SimAwsError('ValidationError', 'The parameters StartTime and EndTime are required.');
  if (input.EndTime <= input.StartTime)
    throw invalid('The parameter StartTime must be less than the parameter EndTime.');
  const ids = new Set<string>();
  for (const q of queries) {
    if (!q.Id || !QUERY_ID.test(q.Id))
      throw invalid(
        `The value ${q.Id ?? ''} for parameter MetricDataQueries.member.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores.`,
      );
    if (ids.has(q.Id)) throw invalid(`The values for parameter id in MetricDataQueries are not unique.`);
    ids.add(q.Id);
    if (q.Expression) throw invalid('Metric math expressions are not supported by the simulator.');
    const stat = q.MetricStat;
    if (!stat?.Metric?.MetricName || !stat.Metric.Namespace)
      throw invalid('MetricStat with Metric.Namespace and Metric.MetricName is required in each query.');
    if (!stat.Period || stat.Period % 60 !== 0)
      throw invalid('The parameter MetricDataQueries.member.MetricStat.Period must be a multiple of 60.');
    if (!stat.Stat || !STAT.test(stat.Stat))
      throw invalid(
        `The value ${stat.Stat ?? ''} for parameter MetricDataQueries.member.MetricStat.Stat is not valid.`,
      );
  }
  const startMs = input.StartTime * 1000;
  const endMs = input.EndTime * 1000;
  const ascending = input.ScanBy === 'TimestampAscending';
  // Every datapoint of every query, in the order they are returned; pages cut this list.
  const all: { id: string; at: number; value: number }[] = [];
  for (const q of queries.filter((x) => x.ReturnData !== false)) {
    const stat = q.MetricStat!;
    const periodMs = stat.Period! * 1000;
    const dims = Object.fromEntries((stat.Metric!.Dimensions ?? []).map((d) => [d.Name, d.Value]));
    const points: { id: string; at: number; value: number }[] = [];
    for (let at = Math.ceil(startMs / periodMs) * periodMs; at < endMs; at += periodMs) {
      // A period longer than a minute aggregates its minutes (sums add up, maxima take the max).
      const minutes: number[] = [];
      for (let m = at; m < at + periodMs; m += 60_000) {
        const v = world.metrics.value(stat.Metric!.Namespace!, stat.Metric!.MetricName!, dims, stat.Stat!, m);
        if (v !== undefined) minutes.push(v);
      }
      if (!minutes.length) continue;
      const value =
        stat.Stat === 'Sum' || stat.Stat === 'SampleCount'
          ? minutes.reduce((a, b) => a + b, 0)
          : stat.Stat === 'Maximum'
            ? Math.max(...minutes)
            : stat.Stat === 'Minimum'
              ? Math.min(...minutes)
              : minutes.reduce((a, b) => a + b, 0) / minutes.length;
      points.push({ id: q.Id!, at, value });
    }
    if (!ascending) points.reverse();
    all.push(...points);
  }
  const offset = Number(input.NextToken ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > all.length)
    throw invalid('The NextToken is not valid.');
  const size = Math.max(1, Math.min(100_800, input.MaxDatapoints ?? 100_800));
  const page = all.slice(offset, offset + size);
  const more = offset + size < all.length;
  const rest = new Set(all.slice(offset + size).map((p) => p.id));
  return {
    MetricDataResults: queries
      .filter((q) => q.ReturnData !== false)
      .map((q) => {
        const mine = page.filter((p) => p.id === q.Id);
        return {
          Id: q.Id,
          Label: q.Label ?? q.MetricStat?.Metric?.MetricName,
          Timestamps: mine.map((p) => p.at / 1000),
          Values: mine.map((p) => p.value),
          // More of this query's datapoints come on a later page.
          StatusCode: rest.has(q.Id!) ? 'PartialData' : 'Complete',
        };
      }),
    Messages: [],
    NextToken: more ? String(offset + size) : undefined,
  };
}

export function createCloudWatchService(world: World): JsonService {
  const model = () => world.alarms;
  return {
    targetPrefix: 'GraniteServiceVersion20100801',
    jsonVersion: '1.0',
    operations: {
      GetMetricData: (input: Parameters<typeof getMetricData>[1]) => getMetricData(world, input),
      DescribeAlarms: (input: {
        AlarmNames?: string[];
        AlarmNamePrefix?: string;
        StateValue?: AlarmState;
        AlarmTypes?: string[];
        MaxRecords?: number;
        NextToken?: string;
      }) => {
        const all = [...model().alarms.values()]
          .filter((a) => !input.AlarmNames?.length || input.AlarmNames.includes(a.name))
          .filter((a) => !input.AlarmNamePrefix || a.name.startsWith(input.AlarmNamePrefix))
          .filter((a) => !input.StateValue || a.state === input.StateValue)
          .sort((a, b) => a.name.localeCompare(b.name));
        const wantsMetric = !input.AlarmTypes?.length || input.AlarmTypes.includes('MetricAlarm');
        const start = Number(input.NextToken ?? 0) || 0;
        const size = input.MaxRecords ?? 50;
        const slice = wantsMetric ? all.slice(start, start + size) : [];
        return {
          MetricAlarms: slice.map((a) => model().describe(a)),
          CompositeAlarms: [],
          NextToken: wantsMetric && start + size < all.length ? String(start + size) : undefined,
        };
      },
      DescribeAlarmHistory: (input: { AlarmName?: string; StartDate?: number; EndDate?: number }) => {
        const items = [...model().alarms.values()]
          .filter((a) => !input.AlarmName || a.name === input.AlarmName)
          .flatMap((a) =>
            a.history.map((h) => ({
              AlarmName: a.name,
              AlarmType: 'MetricAlarm',
              Timestamp: h.at / 1000,
              HistoryItemType: 'StateUpdate',
              HistorySummary: h.summary,
              HistoryData: JSON.stringify({
                version: '1.0',
                oldState: { stateValue: h.from },
                newState: { stateValue: h.to, stateReason: h.reason },
              }),
            })),
          )
          .filter(
            (h) =>
              (input.StartDate === undefined || h.Timestamp >= input.StartDate) &&
              (input.EndDate === undefined || h.Timestamp <= input.EndDate),
          )
          .sort((a, b) => b.Timestamp - a.Timestamp);
        return { AlarmHistoryItems: items };
      },
      SetAlarmState: (input: { AlarmName: string; StateValue: AlarmState; StateReason: string }) => {
        model().setState(input.AlarmName, input.StateValue, input.StateReason);
        return {};
      },
      PutMetricAlarm: (input: {
        AlarmName: string;
        MetricName?: string;
        Namespace?: string;
        Threshold?: number;
        ComparisonOperator?: string;
        Dimensions?: { Name: string; Value: string }[];
      }) => {
        const existing = model().get(input.AlarmName);
        const seed: AlarmSeed = {
          name: input.AlarmName,
          state: existing?.state ?? 'INSUFFICIENT_DATA',
          metricName: input.MetricName,
          namespace: input.Namespace,
          threshold: input.Threshold,
          comparisonOperator: input.ComparisonOperator,
          dimensions: input.Dimensions?.map((d) => ({ name: d.Name, value: d.Value })),
        };
        if (existing) existing.seed = seed;
        else model().add(seed);
        return {};
      },
    },
  };
}
