/**
 * CloudWatch alarms (JSON 1.0, `GraniteServiceVersion20100801.*`, awsQuery-compatible errors). Alarms
 * change state through SetAlarmState, the control API, or a release's scenario behaviour (`alarm`).
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

export function createCloudWatchService(world: World): JsonService {
  const model = () => world.alarms;
  return {
    targetPrefix: 'GraniteServiceVersion20100801',
    jsonVersion: '1.0',
    operations: {
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
