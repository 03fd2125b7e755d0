/**
 * CloudWatch metrics of the simulated world, per minute, derived from what the world does each second:
 * production traffic reaches the healthy targets of the target groups a production listener forwards to
 * (split by rule weight, then evenly), each target answers as its release says (`metrics` profile, `http`
 * status and latency), a rule with no healthy target answers 503 from the load balancer, and running tasks
 * use CPU and memory per their release. Before the world started, the seeded steady state held.
 *
 * Served through GetMetricData (cloudwatch.ts): AWS/ApplicationELB RequestCount, HTTPCode_Target_5XX_Count,
 * HTTPCode_ELB_5XX_Count, TargetResponseTime (Average and pNN); AWS/ECS CPUUtilization and
 * MemoryUtilization; ECS/ContainerInsights RunningTaskCount for clusters with Container Insights on. Only
 * complete minutes have datapoints, as with ALB metrics that arrive after the minute.
 */
import type { Release } from './releases.js';
import type { ReleaseBehaviour } from './scenario.js';
import type { World } from './world.js';

const MINUTE = 60_000;
/** How far back the seeded steady state is served. */
const HISTORY_MS = 24 * 3600_000;

/** Defaults of a release's metrics profile (see ReleaseBehaviour.metrics). */
export const DEFAULT_PROFILE = {
  errorRate: 0,
  latencyMs: { p50: 45, p95: 120, p99: 240 },
  cpuPercent: 30,
  memoryPercent: 45,
};
/** Production requests per minute a target group takes when its seed does not say. */
export const DEFAULT_REQUESTS_PER_MINUTE = 600;

interface TargetGroupMinute {
  requests: number;
  errors: number;
  /** Latency percentiles (ms) summed weighted by requests. */
  p50: number;
  p95: number;
  p99: number;
}

interface LoadBalancerMinute {
  elb5xx: number;
}

interface ServiceMinute {
  samples: number;
  cpu: number;
  cpuMax: number;
  memory: number;
  memoryMax: number;
  tasks: number;
}

/** One second of the world, per target group, load balancer and service. */
interface Second {
  targetGroups: Map<string, TargetGroupMinute>;
  loadBalancers: Map<string, LoadBalancerMinute>;
  services: Map<string, ServiceMinute>;
}

function profileOf(release: Release) {
  const m = release.metrics ?? {};
  const extra = release.http?.latencyMs ?? 0;
  const fails = (release.http?.status ?? 200) >= 500;
  return {
    errorRate: fails ? 1 : Math.min(1, Math.max(0, m.errorRate ?? DEFAULT_PROFILE.errorRate)),
    p50: (m.latencyMs?.p50 ?? DEFAULT_PROFILE.latencyMs.p50) + extra,
    p95: (m.latencyMs?.p95 ?? DEFAULT_PROFILE.latencyMs.p95) + extra,
    p99: (m.latencyMs?.p99 ?? DEFAULT_PROFILE.latencyMs.p99) + extra,
    cpu: m.cpuPercent ?? DEFAULT_PROFILE.cpuPercent,
    memory: m.memoryPercent ?? DEFAULT_PROFILE.memoryPercent,
  };
}

/** A small deterministic swing per minute and series, so a steady service does not draw a flat line. */
function swing(minute: number, key: string, amplitude: number): number {
  let hash = 0;
  for (const c of key) hash = (hash * 31 + c.charCodeAt(0)) % 1000;
  return 1 + amplitude * Math.sin(minute / MINUTE + hash);
}

/** How long one sample of the world stands for the seconds after it. */
const SAMPLE_MS = 5_000;

export class MetricsModel {
  private readonly targetGroups = new Map<string, Map<number, TargetGroupMinute>>();
  private readonly loadBalancers = new Map<string, Map<number, LoadBalancerMinute>>();
  private readonly services = new Map<string, Map<number, ServiceMinute>>();
  private baseline: Second | undefined;
  private startedAt = 0;
  /** The latest sample and how many seconds it stands for, not yet added to its minute. */
  private pending: { at: number; minute: number; second: Second; seconds: number } | undefined;

  constructor(
    private readonly world: World,
    /** Production requests per minute by target group name. */
    private readonly demand: Map<string, number>,
    /** Clusters with Container Insights on. */
    private readonly insights: Set<string>,
  ) {}

  /** Call once the world is seeded: its steady state is what ran before it started. */
  start(at: number): void {
    this.startedAt = at;
    this.baseline = this.sample(at);
    // The minute the world started in already had its seconds before the start.
    const seconds = (at - Math.floor(at / MINUTE) * MINUTE) / 1000;
    for (let i = 0; i < seconds; i++) this.add(Math.floor(at / MINUTE) * MINUTE, this.baseline);
  }

  step(t: number): void {
    // Sampling walks every target group, task and service: reused for a few seconds, it costs a fifth, which
    // is what lets a test move the world weeks ahead in seconds. Metrics are per minute; a change shows
    // within SAMPLE_MS.
    const minute = Math.floor((t - 1) / MINUTE) * MINUTE;
    const p = this.pending;
    if (!p || t - p.at >= SAMPLE_MS || p.minute !== minute) {
      this.flush();
      this.pending = { at: t, minute, second: this.sample(t), seconds: 1 };
    } else p.seconds++;
    // A minute is readable once its last second has passed: it must be in the table by then.
    if (t >= minute + MINUTE) this.flush();
  }

  private flush(): void {
    if (this.pending) this.add(this.pending.minute, this.pending.second, this.pending.seconds);
    this.pending = undefined;
  }

  /** Production traffic share of each target group (by ARN): weight over the weights of its rule. */
  private productionShares(): Map<string, number> {
    const healthy = (tgArn: string) =>
      [...(this.world.elb.targetGroups.get(tgArn)?.targets.values() ?? [])].some(
        (x) => x.state === 'healthy',
      );
    const shares = new Map<string, number>();
    for (const lb of this.world.elb.loadBalancers) {
      for (const listener of lb.listeners) {
        if (listener.role !== 'production') continue;
        for (const rule of listener.rules) {
          const live = rule.forward.filter((f) => f.weight > 0 && healthy(f.targetGroupArn));
          const total = live.reduce((a, f) => a + f.weight, 0);
          for (const f of live)
            shares.set(f.targetGroupArn, Math.max(shares.get(f.targetGroupArn) ?? 0, f.weight / total));
        }
      }
    }
    return shares;
  }

  /** What the world does in one second. */
  private sample(t: number): Second {
    const second: Second = { targetGroups: new Map(), loadBalancers: new Map(), services: new Map() };
    const shares = this.productionShares();
    for (const [arn, share] of shares) {
      const tg = this.world.elb.targetGroups.get(arn)!;
      const rps = ((this.demand.get(tg.name) ?? DEFAULT_REQUESTS_PER_MINUTE) * share) / 60;
      const serving = [...tg.targets.values()]
        .filter((x) => x.state === 'healthy')
        .map((x) => this.world.ecs.taskByArn(x.taskArn))
        .filter((task) => task?.lastStatus === 'RUNNING');
      if (!serving.length) continue;
      const m: TargetGroupMinute = { requests: 0, errors: 0, p50: 0, p95: 0, p99: 0 };
      for (const task of serving) {
        const p = profileOf(task!.release);
        const requests = rps / serving.length;
        m.requests += requests;
        m.errors += requests * p.errorRate;
        m.p50 += requests * p.p50;
        m.p95 += requests * p.p95;
        m.p99 += requests * p.p99;
      }
      second.targetGroups.set(arn, m);
    }
    // A production rule whose target groups have no healthy target: the load balancer answers 503.
    for (const lb of this.world.elb.loadBalancers) {
      for (const listener of lb.listeners) {
        if (listener.role !== 'production') continue;
        for (const rule of listener.rules) {
          if (!rule.forward.length || rule.forward.some((f) => shares.has(f.targetGroupArn))) continue;
          const names = rule.forward.map(
            (f) => this.world.elb.targetGroups.get(f.targetGroupArn)?.name ?? '',
          );
          const rpm = Math.max(...names.map((n) => this.demand.get(n) ?? DEFAULT_REQUESTS_PER_MINUTE));
          const m = second.loadBalancers.get(lb.arn) ?? { elb5xx: 0 };
          m.elb5xx += rpm / 60;
          second.loadBalancers.set(lb.arn, m);
        }
      }
    }
    for (const service of this.world.ecs.services) {
      const running = this.world.ecs.tasks.filter((x) => x.service === service && x.lastStatus === 'RUNNING');
      if (!running.length) continue;
      const cpu = running.map((x) => profileOf(x.release).cpu * swing(t, x.id, 0.08));
      const memory = running.map((x) => profileOf(x.release).memory);
      second.services.set(`${service.cluster.name}/${service.name}`, {
        samples: 1,
        cpu: cpu.reduce((a, b) => a + b, 0) / cpu.length,
        cpuMax: Math.max(...cpu),
        memory: memory.reduce((a, b) => a + b, 0) / memory.length,
        memoryMax: Math.max(...memory),
        tasks: running.length,
      });
    }
    return second;
  }

  /** Adds `seconds` seconds like `s` to a minute: sums grow by each second, maxima take the larger. */
  private add(minute: number, s: Second, seconds = 1): void {
    const into = <T extends object>(map: Map<string, Map<number, T>>, key: string, value: T) => {
      const minutes = map.get(key) ?? new Map<number, T>();
      map.set(key, minutes);
      const current = (minutes.get(minute) ?? {}) as T;
      minutes.set(minute, current);
      for (const [k, v] of Object.entries(value) as [keyof T, number][]) {
        const was = current[k] as number | undefined;
        (current[k] as number) = String(k).endsWith('Max') ? Math.max(was ?? v, v) : (was ?? 0) + v * seconds;
      }
    };
    for (const [k, v] of s.targetGroups) into(this.targetGroups, k, v);
    for (const [k, v] of s.loadBalancers) into(this.loadBalancers, k, v);
    for (const [k, v] of s.services) into(this.services, k, v);
  }

  /** A complete minute of one series, or undefined (no datapoint). */
  private minute<T>(
    map: Map<string, Map<number, T>>,
    key: string,
    minute: number,
    pick: (s: Second) => T | undefined,
  ): T | undefined {
    if (minute + MINUTE > this.world.now()) return undefined;
    if (minute < Math.floor(this.startedAt / MINUTE) * MINUTE) {
      if (minute < this.startedAt - HISTORY_MS || !this.baseline) return undefined;
      const one = pick(this.baseline);
      if (!one) return undefined;
      const scaled = { ...one } as Record<string, number>;
      for (const k of Object.keys(scaled)) if (!k.endsWith('Max')) scaled[k] = scaled[k]! * 60;
      return scaled as T;
    }
    return map.get(key)?.get(minute);
  }

  /**
   * The value of a metric for one minute, or undefined. `dims` are the query's dimensions; `stat` is Sum,
   * Average, Maximum, Minimum, SampleCount or pNN.
   */
  value(
    namespace: string,
    name: string,
    dims: Record<string, string>,
    stat: string,
    minute: number,
  ): number | undefined {
    if (namespace === 'AWS/ApplicationELB') return this.elbValue(name, dims, stat, minute);
    if (namespace === 'AWS/ECS' || namespace === 'ECS/ContainerInsights') {
      const key = `${dims.ClusterName}/${dims.ServiceName}`;
      if (Object.keys(dims).length !== 2 || !dims.ClusterName || !dims.ServiceName) return undefined;
      if (namespace === 'ECS/ContainerInsights' && !this.insights.has(dims.ClusterName)) return undefined;
      const m = this.minute(this.services, key, minute, (s) => s.services.get(key));
      if (!m) return undefined;
      const wave = swing(minute, key + name, 0.05);
      if (namespace === 'ECS/ContainerInsights') {
        if (name !== 'RunningTaskCount') return undefined;
        return stat === 'Maximum' || stat === 'Minimum'
          ? Math.round(m.tasks / m.samples)
          : m.tasks / m.samples;
      }
      const [avg, max] =
        name === 'CPUUtilization'
          ? [m.cpu, m.cpuMax]
          : name === 'MemoryUtilization'
            ? [m.memory, m.memoryMax]
            : [];
      if (avg === undefined || max === undefined) return undefined;
      if (stat === 'Average') return Math.min(100, (avg / m.samples) * wave);
      if (stat === 'Maximum') return Math.min(100, max * wave);
      if (stat === 'Minimum') return Math.min(100, (avg / m.samples) * wave * 0.9);
      if (stat === 'SampleCount') return m.samples;
      return undefined;
    }
    return undefined;
  }

  private elbValue(
    name: string,
    dims: Record<string, string>,
    stat: string,
    minute: number,
  ): number | undefined {
    const lb = this.world.elb.loadBalancers.find((x) => x.arn.endsWith(`:loadbalancer/${dims.LoadBalancer}`));
    if (!lb) return undefined;
    if (name === 'HTTPCode_ELB_5XX_Count') {
      if (Object.keys(dims).length !== 1) return undefined;
      const m = this.minute(this.loadBalancers, lb.arn, minute, (s) => s.loadBalancers.get(lb.arn));
      // ALB publishes no zero counts: a minute without errors has no datapoint.
      return m && m.elb5xx > 0 && stat === 'Sum' ? Math.round(m.elb5xx) : undefined;
    }
    const tg = [...this.world.elb.targetGroups.values()].find((x) => x.arn.endsWith(`:${dims.TargetGroup}`));
    if (!tg || Object.keys(dims).length !== 2 || !this.world.elb.loadBalancerArnsOf(tg).includes(lb.arn))
      return undefined;
    const m = this.minute(this.targetGroups, tg.arn, minute, (s) => s.targetGroups.get(tg.arn));
    if (!m || m.requests <= 0) return undefined;
    const wave = swing(minute, tg.arn, 0.04);
    const requests = Math.round(m.requests * wave);
    switch (name) {
      case 'RequestCount':
        return stat === 'Sum' && requests > 0 ? requests : undefined;
      case 'HTTPCode_Target_5XX_Count': {
        const errors = Math.round(m.errors * wave);
        return stat === 'Sum' && errors > 0 ? errors : undefined;
      }
      case 'TargetResponseTime': {
        const p = (q: 'p50' | 'p95' | 'p99') =>
          ((m[q] / m.requests) * swing(minute, tg.arn + q, 0.06)) / 1000;
        const pct = /^p(\d+(?:\.\d+)?)$/.exec(stat);
        if (stat === 'Average') return p('p50') * 1.1;
        if (!pct) return undefined;
        const q = Number(pct[1]);
        // Between the profile's percentiles, linearly; below p50 down to a fifth of it.
        if (q <= 50) return p('p50') * (0.2 + (0.8 * q) / 50);
        if (q <= 95) return p('p50') + ((p('p95') - p('p50')) * (q - 50)) / 45;
        return p('p95') + ((p('p99') - p('p95')) * Math.min(4, q - 95)) / 4;
      }
      default:
        return undefined;
    }
  }
}

/**
 * A release that is healthy in every way ECS and the load balancer check (tasks run, targets pass, no 5xx)
 * and slower: p95 400 ms where the seeded revisions answer in 120 ms. Only a metric check catches it.
 */
export function slowerRelease(match: ReleaseBehaviour['match']): ReleaseBehaviour {
  return { match, metrics: { latencyMs: { p50: 160, p95: 400, p99: 720 } } };
}
