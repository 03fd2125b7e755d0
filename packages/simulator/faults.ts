/**
 * Injected faults, per service and/or operation: throttling, server errors, connection resets (before the
 * call is applied, or after it: the lost answer of a write that happened), added latency and access denied,
 * either on every k-th matching call or with a probability (seeded, so runs repeat).
 */
import { Ids } from './ids.js';

export interface FaultRule {
  /** `ecs`, `elbv2`, … ; absent = every service. */
  service?: string;
  /** e.g. `DescribeServices`; absent = every operation of the service. */
  operation?: string;
  /**
   * `reset` drops the connection before the call is applied; `reset-after-commit` applies it, then drops
   * the connection instead of answering, as a response lost on the way back does.
   */
  kind: 'throttle' | 'server-error' | 'reset' | 'reset-after-commit' | 'latency' | 'access-denied';
  /** Inject on every k-th matching call (k, 2k, …). */
  every?: number;
  /** Inject on this percentage of matching calls. With neither `every` nor `percent`: every call. */
  percent?: number;
  /** Stop after injecting this many times. */
  times?: number;
  /** For `latency`: real milliseconds added before answering. */
  latencyMs?: number;
}

export interface FaultSpec {
  rules?: FaultRule[];
  /** Remove every rule first. */
  clear?: boolean;
}

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  injected: number;
}

export class Faults {
  private rules: ActiveRule[] = [];
  private readonly ids = new Ids(7);

  apply(spec: FaultSpec): void {
    if (spec.clear) this.rules = [];
    for (const rule of spec.rules ?? []) this.rules.push({ rule, seen: 0, injected: 0 });
  }

  /** The faults to inject for this call (at most one of each kind). */
  match(service: string, operation: string): FaultRule[] {
    const out: FaultRule[] = [];
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.service && rule.service !== service) continue;
      if (rule.operation && rule.operation !== operation) continue;
      if (rule.times !== undefined && active.injected >= rule.times) continue;
      active.seen++;
      const hit =
        rule.every !== undefined
          ? active.seen % Math.max(1, rule.every) === 0
          : rule.percent !== undefined
            ? this.ids.random() * 100 < rule.percent
            : true;
      if (!hit) continue;
      active.injected++;
      out.push(rule);
    }
    return out;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** Per rule, in order: matching calls seen and faults injected, so a test can tell a fault was hit. */
  counts(): { seen: number; injected: number }[] {
    return this.rules.map(({ seen, injected }) => ({ seen, injected }));
  }
}
