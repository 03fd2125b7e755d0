/**
 * The cost part of a release report: price the release's revision and the previous one at their desired
 * counts and the service's Spot share, and propose a smaller size from the last days' peaks. Every read
 * that fails becomes a note; nothing here fails a release.
 */
import {
  DescribeTaskDefinitionCommand,
  type CapacityProviderStrategyItem,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import type { CostReport, RevisionCost } from '../deploy-report/index.js';
import { explainAwsError } from '../aws/index.js';
import {
  priceChanges,
  regionPrices,
  revisionCost,
  rightSize,
  spotShare,
  taskHourPrice,
  taskShape,
} from './cost.js';
import { FARGATE_PRICES, type PriceTable } from './prices.js';
import { MIN_HOURS, type Usage } from './usage.js';

export interface ReleaseCostInput {
  region: string;
  release: { arn: string; desiredCount: number };
  previous?: { arn: string; desiredCount: number };
  capacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
  /** The last days' peaks (fetchUsage), or why they could not be read. */
  usage?: Usage | { error: string };
}

const revisionName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

export async function releaseCost(
  ecs: Pick<ECSClient, 'send'>,
  input: ReleaseCostInput,
  table: PriceTable = FARGATE_PRICES,
): Promise<CostReport> {
  const report: CostReport = {
    region: input.region,
    priceSource: table.source,
    pricesReadOn: table.readOn,
    hoursPerMonth: table.hoursPerMonth,
    spotShare: 0,
    notes: [],
  };
  const prices = regionPrices(input.region, table);
  if (!prices) {
    report.notes.push(`no price for region ${input.region} in the price table (read ${table.readOn})`);
    return report;
  }
  const split = spotShare(input.capacityProviderStrategy, input.release.desiredCount);
  report.spotShare = Math.round(split.share * 1000) / 1000;
  if (split.described) report.capacity = split.described;
  if (split.others.length)
    report.notes.push(
      `capacity provider ${split.others.join(', ')} is not Fargate: its tasks are priced as Fargate on demand`,
    );

  const price = async (arn: string, desiredCount: number): Promise<RevisionCost | undefined> => {
    let td;
    try {
      td = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))).taskDefinition;
    } catch (err) {
      report.notes.push(`could not read ${revisionName(arn)}: ${explainAwsError(err).message}`);
      return undefined;
    }
    if (!td) return undefined;
    const shape = taskShape(td);
    if ('problem' in shape) {
      report.notes.push(`${revisionName(arn)} not priced: ${shape.problem}`);
      return undefined;
    }
    const share = spotShare(input.capacityProviderStrategy, desiredCount).share;
    const priced = taskHourPrice(prices, shape, share);
    if (priced.spotOnDemand && !report.notes.some((n) => n.includes('Spot')))
      report.notes.push(
        `no Fargate Spot price for ${shape.architecture} in ${input.region}: its Spot share is priced on demand`,
      );
    return revisionCost(revisionName(arn), shape, desiredCount, priced, table.hoursPerMonth);
  };

  const release = await price(input.release.arn, input.release.desiredCount);
  if (release) report.release = release;
  if (input.previous && input.previous.arn !== input.release.arn) {
    const previous = await price(input.previous.arn, input.previous.desiredCount);
    if (previous) report.previous = previous;
  } else if (input.previous && release) {
    report.previous = {
      ...release,
      desiredCount: input.previous.desiredCount,
      monthly: round(release.taskHour * input.previous.desiredCount * table.hoursPerMonth),
    };
  }
  if (report.release && report.previous) {
    report.monthlyChange = round(report.release.monthly - report.previous.monthly);
    report.changed = priceChanges(report.previous, report.release);
  }

  const usage = input.usage;
  if (usage && 'error' in usage) {
    report.notes.push(
      `no right-sizing hint: the last days' CPU and memory could not be read (${usage.error})`,
    );
  } else if (usage) {
    report.usage = {
      days: usage.days,
      ...(usage.cpuMaxPercent !== undefined ? { cpuMaxPercent: usage.cpuMaxPercent } : {}),
      ...(usage.memoryMaxPercent !== undefined ? { memoryMaxPercent: usage.memoryMaxPercent } : {}),
      ...(usage.p99Seconds !== undefined ? { p99Seconds: usage.p99Seconds } : {}),
    };
    const hours = Math.min(usage.cpuHours, usage.memoryHours);
    if (usage.cpuMaxPercent === undefined || usage.memoryMaxPercent === undefined || hours < MIN_HOURS) {
      report.notes.push(
        `no right-sizing hint: ${hours} hour(s) of CPU and memory data in the last ${usage.days} days (needs ${MIN_HOURS})`,
      );
    } else if (report.release) {
      // The peaks were measured on the revision that ran before: size against that one.
      const measured = report.previous ?? report.release;
      const shape = {
        cpu: measured.cpu,
        memory: measured.memory,
        architecture: report.release.architecture,
        storageGb: report.release.storageGb,
      };
      const hint = rightSize(
        prices,
        shape,
        { cpuMaxPercent: usage.cpuMaxPercent, memoryMaxPercent: usage.memoryMaxPercent, days: usage.days },
        report.release.desiredCount,
        report.spotShare,
        table.hoursPerMonth,
        report.release.monthly,
      );
      if (hint) report.rightSizing = hint;
    }
  }
  return report;
}

const round = (n: number) => Math.round(n * 100) / 100;
