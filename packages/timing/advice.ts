/**
 * Advice from where the time went and the service's actual settings: each rule speaks only when its phase
 * took a real share of the rollout and a setting explains it, and names the setting, its value and a value
 * that would do.
 */
import type { TimingReport } from '../deploy-report/index.js';
import type { RolloutFacts } from './breakdown.js';
import { spoken } from '../markdown/index.js';

/** Values people set these to; a suggestion is rounded up to the next of them. */
const STEPS = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 450, 600, 900, 1200, 1800, 3600];
export const niceUp = (seconds: number): number => STEPS.find((s) => s >= seconds) ?? Math.ceil(seconds);

const phase = (report: TimingReport, name: string) =>
  report.phases.find((p) => p.name === name)?.seconds ?? 0;

/** A phase worth talking about: at least this long and this share of the rollout. */
const worth = (seconds: number, total: number, minSeconds: number, minShare: number) =>
  seconds >= minSeconds && seconds >= total * minShare;

export type AdviceRule = (report: TimingReport, facts: RolloutFacts) => string | undefined;

/**
 * Old tasks stay registered for the deregistration delay after the new ones are healthy. Requests in
 * flight need about their own duration to finish: ten times the p99, at least 30 s, is plenty.
 */
export const drainingRule: AdviceRule = (report) => {
  const delay = report.settings.deregistrationDelaySeconds;
  const draining = phase(report, 'draining');
  if (delay === undefined || !worth(draining, report.totalSeconds, 30, 0.25)) return undefined;
  const p99 = report.settings.p99Seconds;
  const suggested = niceUp(Math.max(30, 10 * (p99 ?? 0)));
  if (suggested >= delay) return undefined;
  const lead = `${spoken(draining)} of ${spoken(report.totalSeconds)} was draining: deregistration delay is ${delay} s`;
  return p99 !== undefined
    ? `${lead}; ${suggested} s would do for this service's request times (p99 ${round1(p99)} s)`
    : `${lead}; if requests finish within seconds, ${suggested} s would do (no p99 response time was available to check)`;
};

/** A target needs `healthy threshold` passing checks `interval` apart before it takes traffic. */
export const healthCheckRule: AdviceRule = (report) => {
  const { healthCheckIntervalSeconds: interval, healthyThresholdCount: threshold } = report.settings;
  const toHealthy = phase(report, 'to-healthy');
  if (!interval || !threshold || !worth(toHealthy, report.totalSeconds, 30, 0.2)) return undefined;
  const floor = interval * threshold;
  const faster = { interval: Math.min(interval, 10), threshold: Math.min(threshold, 3) };
  const fasterFloor = faster.interval * faster.threshold;
  if (floor < 0.5 * toHealthy || fasterFloor >= floor) return undefined;
  return `${spoken(toHealthy)} of ${spoken(report.totalSeconds)} was start to healthy, and the target group alone needs ${threshold} checks × ${interval} s = ${spoken(floor)}; ${faster.threshold} × ${faster.interval} s (healthy threshold ${faster.threshold}, interval ${faster.interval} s) would take ${spoken(fasterFloor)}`;
};

/** The grace period should cover a slow start, and not much more: it also hides a broken one. */
export const gracePeriodRule: AdviceRule = (report, facts) => {
  const grace = report.settings.gracePeriodSeconds;
  const critical = facts.tasks.find((t) => t.id === report.criticalTask);
  if (grace === undefined || !critical?.startedAt || critical.healthyAt === undefined) return undefined;
  const needed = Math.round((critical.healthyAt - critical.startedAt) / 1000);
  if (needed <= 0) return undefined;
  if (grace > 0 && needed > grace) {
    return `tasks took ${spoken(needed)} from start to healthy but the health check grace period is ${grace} s: a slower start can be stopped as unhealthy; ${niceUp(needed * 1.5)} s would cover it`;
  }
  const enough = niceUp(Math.max(30, needed * 2));
  if (grace >= 120 && grace >= 4 * needed && enough < grace) {
    return `the health check grace period is ${grace} s and tasks were healthy ${spoken(needed)} after starting: a broken release fails its health checks unnoticed for up to ${spoken(grace)}; ${enough} s would do`;
  }
  return undefined;
};

/** Every new task pulls the image before it starts. */
export const imagePullRule: AdviceRule = (report) => {
  const pull = phase(report, 'image-pull');
  if (!worth(pull, report.totalSeconds, 30, 0.15)) return undefined;
  return `the image pull took ${spoken(pull)} of ${spoken(report.totalSeconds)}: a smaller image (multi-stage build, slim base) or lazy loading (SOCI) would shorten every task start`;
};

export const RULES: AdviceRule[] = [drainingRule, healthCheckRule, gracePeriodRule, imagePullRule];

export function adviseTiming(report: TimingReport, facts: RolloutFacts): string[] {
  return RULES.map((rule) => rule(report, facts)).filter((a): a is string => !!a);
}

const round1 = (n: number) => Math.round(n * 10) / 10;
