/**
 * The cost of a release and where its time went, as Markdown for the PR comment and the deploy job
 * summary: one cost line (with the change against the previous revision), a right-sizing hint, and the
 * rollout's phases with advice from the service's settings.
 */
import type { CostReport, DeploymentReport, TimingReport } from '../deploy-report/index.js';
import { details, link, spoken, table, text } from '../markdown/index.js';
import { parseRevisionRef } from '../task-definition-ref/index.js';

const usd = (amount: number) =>
  `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const signedUsd = (amount: number) =>
  Math.abs(amount) < 0.005 ? '±$0.00' : `${amount > 0 ? '+' : '−'}${usd(Math.abs(amount))}`;
const vcpu = (units: number) => `${units / 1024} vCPU`;
const gb = (mib: number) => `${Number.isInteger(mib / 1024) ? mib / 1024 : (mib / 1024).toFixed(1)} GB`;

/** `rev 41` of `backend:41` (the family is the release's own); other text as it is. */
const shortRevision = (name: string) => {
  const ref = parseRevisionRef(name);
  return ref ? `rev ${ref.revision}` : name;
};

/**
 * "≈ $72.08/month at 2 tasks (+$36.04 vs rev 41: cpu 512→1024, memory 1024→2048)", "… (no change in price
 * vs rev 41)" when nothing priced changed, or undefined without a price.
 */
export function costLine(cost: CostReport): string | undefined {
  const r = cost.release;
  if (!r) return undefined;
  const spot = cost.spotShare > 0 ? `, ${Math.round(cost.spotShare * 100)}% on Spot` : '';
  const unchanged = cost.monthlyChange !== undefined && Math.abs(cost.monthlyChange) < 0.005;
  const change =
    cost.previous && cost.monthlyChange !== undefined && cost.previous.revision !== r.revision
      ? unchanged
        ? ` (no change in price vs ${shortRevision(cost.previous.revision)})`
        : ` (${signedUsd(cost.monthlyChange)} vs ${shortRevision(cost.previous.revision)}${cost.changed?.length ? `: ${cost.changed.join(', ')}` : ''})`
      : cost.previous && cost.monthlyChange !== undefined && !unchanged
        ? ` (${signedUsd(cost.monthlyChange)}: ${cost.changed?.join(', ') ?? 'task count'})`
        : '';
  return `≈ ${usd(r.monthly)}/month at ${r.desiredCount} task${r.desiredCount === 1 ? '' : 's'}${spot}${change}`;
}

function rightSizingLine(cost: CostReport): string | undefined {
  const h = cost.rightSizing;
  const r = cost.release;
  if (!h || !r) return undefined;
  const measured = cost.previous ?? r;
  const peak = `💡 Peak use over ${h.days} days was CPU ${h.cpuMaxPercent}% and memory ${h.memoryMaxPercent}% of ${vcpu(measured.cpu)} / ${gb(measured.memory)}`;
  // A release that grew (or a rollback to a bigger revision) from a size that held the peak: keep that size.
  const suggested =
    h.cpu === measured.cpu && h.memory === measured.memory
      ? ` (${shortRevision(measured.revision)}): keeping that size`
      : `: ${vcpu(h.cpu)} / ${gb(h.memory)}`;
  return `${peak}${suggested} would hold that peak at ${h.headroomPercent}% and save ${usd(h.saving)}/month.`;
}

export function costBlock(cost: CostReport): string {
  const lines: string[] = [];
  const line = costLine(cost);
  lines.push(`**Cost:** ${line ? text(line) : 'not priced'}`);
  const hint = rightSizingLine(cost);
  if (hint) lines.push(text(hint));
  for (const note of cost.notes) lines.push(`_${text(note)}_`);
  lines.push(
    `<sub>Fargate ${cost.region} prices read ${cost.pricesReadOn} from ${link('the AWS Fargate pricing page', cost.priceSource)}, ${cost.hoursPerMonth} h a month; Savings Plans, data transfer and load balancers not included.</sub>`,
  );
  // One source line: in a comment GitHub turns a newline into a line break too, so `<br>` + newline is two.
  return lines.join('<br>');
}

export function timingTable(timing: TimingReport): string {
  return table(
    ['phase', 'time', 'share', 'setting'],
    timing.phases.map((p) => [
      text(p.label),
      spoken(p.seconds),
      `${timing.totalSeconds ? Math.round((p.seconds / timing.totalSeconds) * 100) : 0}%`,
      text(p.detail ?? ''),
    ]),
  );
}

/** The heading line, the advice, and the phases (folded when `fold`). */
export function timingBlock(timing: TimingReport, fold: boolean): string {
  const biggest = [...timing.phases].sort((a, b) => b.seconds - a.seconds)[0];
  const head = `**Where the time went:** ${spoken(timing.totalSeconds)} from the update to the end${biggest ? `, most of it ${text(biggest.label)} (${spoken(biggest.seconds)})` : ''}`;
  const parts = [head];
  if (timing.advice.length) parts.push(timing.advice.map((a) => `- 💡 ${text(a)}`).join('\n'));
  const phases = timingTable(timing);
  parts.push(
    fold
      ? details(`Rollout phases (critical task ${text(timing.criticalTask?.slice(0, 8) ?? '?')})`, phases)
      : phases,
  );
  for (const note of timing.notes) parts.push(`_${text(note)}_`);
  return parts.join('\n\n');
}

/** Both sections of a report, in order; empty when the report has neither. */
export function costTimingBlocks(report: DeploymentReport, options: { fold: boolean }): string[] {
  const out: string[] = [];
  if (report.cost) out.push(costBlock(report.cost));
  if (report.timing) out.push(timingBlock(report.timing, options.fold));
  return out;
}
