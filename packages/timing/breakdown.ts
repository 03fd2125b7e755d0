/**
 * Where the time of a rollout went, from what the deploy observed: the task that became healthy last is the
 * critical path (placed, provisioned, image pulled, started, healthy), then ECS finishing the rollout (the
 * old tasks draining and stopping), the remaining gates, and the bake. Phases follow each other and add up
 * to the whole; a moment that was not observed folds its phase into the next one.
 */
import type { TimingPhase, TimingReport, TimingSettings } from '../deploy-report/index.js';
import { adviseTiming } from './advice.js';

/** One task of the release, times in ms on one clock (AWS's). */
export interface TaskTimes {
  id: string;
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  /** When its target turned healthy (or the task HEALTHY/RUNNING without a load balancer). */
  healthyAt?: number;
}

export interface RolloutFacts {
  /** The service update (or CodeDeploy deployment) was sent. */
  updatedAt: number;
  /** The run ended. */
  finishedAt: number;
  tasks: TaskTimes[];
  /** The rollout gate passed: ECS finished the deployment (old tasks drained and stopped). */
  rolloutDoneAt?: number;
  /** Every gate passed and the bake began. */
  bakeStartedAt?: number;
  settings: TimingSettings;
}

const PHASES: { name: string; label: string }[] = [
  { name: 'placement', label: 'waiting for placement' },
  { name: 'provisioning', label: 'provisioning' },
  { name: 'image-pull', label: 'image pull' },
  { name: 'container-start', label: 'container start' },
  { name: 'to-healthy', label: 'start to healthy' },
  { name: 'draining', label: 'old tasks draining' },
  { name: 'gates', label: 'remaining gates' },
  { name: 'bake', label: 'bake' },
];

/** The breakdown and its advice; undefined when no task of the release was seen. */
export function breakDown(facts: RolloutFacts): TimingReport | undefined {
  const total = Math.max(0, facts.finishedAt - facts.updatedAt);
  const critical = criticalTask(facts.tasks);
  if (!critical || total <= 0) return undefined;
  const moments: (number | undefined)[] = [
    critical.createdAt,
    critical.pullStartedAt,
    critical.pullStoppedAt,
    critical.startedAt,
    critical.healthyAt,
    facts.rolloutDoneAt,
    // Without a bake time nothing marks its start: the gates ran to the end.
    facts.bakeStartedAt ?? (facts.settings.bakeTimeSeconds ? undefined : facts.finishedAt),
    facts.finishedAt,
  ];
  const phases: TimingPhase[] = [];
  let cursor = facts.updatedAt;
  let skipped: string[] = [];
  moments.forEach((at, i) => {
    const phase = PHASES[i]!;
    if (at === undefined) {
      skipped.push(phase.label);
      return;
    }
    const end = Math.min(Math.max(at, cursor), facts.finishedAt);
    // Rounded from the start, so the phases add up to the total exactly.
    const secs = seconds(end - facts.updatedAt) - seconds(cursor - facts.updatedAt);
    cursor = end;
    // A moment not observed: its phase and this one are told together.
    const label = [...skipped, phase.label].join(' + ');
    skipped = [];
    // A phase that took no time is not listed (the bake of a run without bake time, say).
    if (secs > 0) phases.push({ name: phase.name, label, seconds: secs });
  });
  const listed = phases.reduce((sum, p) => sum + p.seconds, 0);
  const rest = seconds(total) - listed;
  if (rest >= 1) phases.push({ name: 'other', label: 'other', seconds: rest });
  const report: TimingReport = {
    totalSeconds: seconds(total),
    phases: annotate(phases, facts),
    criticalTask: critical.id,
    settings: facts.settings,
    advice: [],
    notes: [],
  };
  report.advice = adviseTiming(report, facts);
  return report;
}

/** The task that became healthy last (or, none healthy, the one created last). */
export function criticalTask(tasks: readonly TaskTimes[]): TaskTimes | undefined {
  const healthy = tasks.filter((t) => t.healthyAt !== undefined);
  const pool = healthy.length ? healthy : tasks;
  return [...pool].sort(
    (a, b) => (b.healthyAt ?? b.createdAt) - (a.healthyAt ?? a.createdAt) || b.createdAt - a.createdAt,
  )[0];
}

function annotate(phases: TimingPhase[], facts: RolloutFacts): TimingPhase[] {
  const s = facts.settings;
  return phases.map((p) => {
    if (p.name === 'to-healthy' && s.healthCheckIntervalSeconds && s.healthyThresholdCount)
      return {
        ...p,
        detail: `at least ${s.healthyThresholdCount} checks × ${s.healthCheckIntervalSeconds} s${s.gracePeriodSeconds !== undefined ? `; grace period ${s.gracePeriodSeconds} s` : ''}`,
      };
    if (p.name === 'draining' && s.deregistrationDelaySeconds !== undefined)
      return { ...p, detail: `deregistration delay ${s.deregistrationDelaySeconds} s` };
    // The bake names no setting: bake-time is counted on the runner's clock, the phases on AWS's, so the
    // two would disagree wherever the clocks do (and the phase is the setting anyway).
    return p;
  });
}

const seconds = (ms: number) => Math.round(ms / 1000);
