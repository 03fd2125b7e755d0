/**
 * What a service costs a month on Fargate at its desired count, from its task definition's size and the
 * share of its tasks on Fargate Spot; the change a release makes; and a smaller valid size when the last
 * days' peak use fits one with headroom.
 */
import type { CapacityProviderStrategyItem, TaskDefinition } from '@aws-sdk/client-ecs';
import type { RevisionCost, RightSizing } from '../deploy-report/index.js';
import { FARGATE_PRICES, type PriceTable, type RatePair, type RegionPrices } from './prices.js';
import { allSizes, isValidSize, sizeLabel, type TaskSize } from './sizes.js';

export interface TaskShape extends TaskSize {
  architecture: 'X86_64' | 'ARM64';
  storageGb: number;
}

/** A task definition's billable shape, or why it has none (no task-level size, Windows). */
export function taskShape(td: TaskDefinition): TaskShape | { problem: string } {
  const cpu = parseCpu(td.cpu);
  const memory = parseMemory(td.memory);
  if (cpu === undefined || memory === undefined)
    return { problem: 'the task definition has no task-level cpu and memory (Fargate needs both)' };
  const os = td.runtimePlatform?.operatingSystemFamily;
  if (os && os !== 'LINUX')
    return { problem: `operating system ${os} is not in the price table (Linux only)` };
  return {
    cpu,
    memory,
    architecture: td.runtimePlatform?.cpuArchitecture === 'ARM64' ? 'ARM64' : 'X86_64',
    storageGb: td.ephemeralStorage?.sizeInGiB ?? FARGATE_PRICES.includedStorageGb,
  };
}

/** `512`, `0.5 vCPU`, `1 vcpu` → CPU units. */
export function parseCpu(value: string | undefined): number | undefined {
  const m = value ? /^\s*(\d+(?:\.\d+)?)\s*(vcpu)?\s*$/i.exec(value) : null;
  if (!m) return undefined;
  return m[2] ? Math.round(Number(m[1]) * 1024) : Number(m[1]);
}

/** `1024`, `1 GB`, `0.5GB` → MiB. */
export function parseMemory(value: string | undefined): number | undefined {
  const m = value ? /^\s*(\d+(?:\.\d+)?)\s*(gb)?\s*$/i.exec(value) : null;
  if (!m) return undefined;
  return m[2] ? Math.round(Number(m[1]) * 1024) : Number(m[1]);
}

export function regionPrices(region: string, table: PriceTable = FARGATE_PRICES): RegionPrices | undefined {
  return Object.hasOwn(table.regions, region) ? table.regions[region] : undefined;
}

export interface SpotSplit {
  /** Share of the tasks on FARGATE_SPOT, 0…1. */
  share: number;
  /** The strategy in words; absent without one. */
  described?: string;
  /** Providers that are neither FARGATE nor FARGATE_SPOT (EC2 capacity): not priced here. */
  others: string[];
}

/**
 * The Spot share at `count` tasks: `base` tasks go to the provider that has a base first, the rest are
 * split by weight (ECS places them that way; the share is the expected one, not rounded to tasks).
 */
export function spotShare(
  strategy: readonly CapacityProviderStrategyItem[] | undefined,
  count: number,
): SpotSplit {
  const items = (strategy ?? []).filter((i) => i.capacityProvider);
  if (!items.length || count <= 0) return { share: 0, others: [] };
  const described = items
    .map(
      (i) =>
        `${i.capacityProvider}${i.base ? ` base ${i.base}` : ''}${i.weight !== undefined ? ` weight ${i.weight}` : ''}`,
    )
    .join(', ');
  const others = items.map((i) => i.capacityProvider!).filter((p) => p !== 'FARGATE' && p !== 'FARGATE_SPOT');
  let remaining = count;
  let spot = 0;
  for (const i of items) {
    const base = Math.min(i.base ?? 0, remaining);
    if (i.capacityProvider === 'FARGATE_SPOT') spot += base;
    remaining -= base;
  }
  const totalWeight = items.reduce((sum, i) => sum + (i.weight ?? 0), 0);
  const spotWeight = items
    .filter((i) => i.capacityProvider === 'FARGATE_SPOT')
    .reduce((sum, i) => sum + (i.weight ?? 0), 0);
  if (totalWeight > 0) spot += (remaining * spotWeight) / totalWeight;
  return { share: spot / count, described, others };
}

function rate(pair: RatePair, size: TaskSize): number {
  return (size.cpu / 1024) * pair.vcpuHour + (size.memory / 1024) * pair.gbHour;
}

export interface Priced {
  taskHour: number;
  /** Set when the Spot share had to be priced on demand (no Spot figure for the architecture). */
  spotOnDemand?: boolean;
}

/** USD per task-hour of `shape` in a region at a Spot share. */
export function taskHourPrice(prices: RegionPrices, shape: TaskShape, share: number): Priced {
  const onDemand = shape.architecture === 'ARM64' ? prices.linuxArm : prices.linuxX86;
  const spotRates = shape.architecture === 'ARM64' ? prices.spotArm : prices.spotX86;
  const storage = Math.max(0, shape.storageGb - FARGATE_PRICES.includedStorageGb) * prices.storageGbHour;
  const compute =
    share > 0 && spotRates
      ? rate(onDemand, shape) * (1 - share) + rate(spotRates, shape) * share
      : rate(onDemand, shape);
  return { taskHour: compute + storage, ...(share > 0 && !spotRates ? { spotOnDemand: true } : {}) };
}

export function revisionCost(
  revision: string,
  shape: TaskShape,
  desiredCount: number,
  priced: Priced,
  hoursPerMonth = FARGATE_PRICES.hoursPerMonth,
): RevisionCost {
  return {
    revision,
    cpu: shape.cpu,
    memory: shape.memory,
    architecture: shape.architecture,
    storageGb: shape.storageGb,
    desiredCount,
    taskHour: priced.taskHour,
    monthly: cents(priced.taskHour * desiredCount * hoursPerMonth),
  };
}

/** What changed between two revisions' shapes (and counts) that moves the price, in words. */
export function priceChanges(before: RevisionCost, after: RevisionCost): string[] {
  const out: string[] = [];
  if (before.cpu !== after.cpu) out.push(`cpu ${before.cpu}→${after.cpu}`);
  if (before.memory !== after.memory) out.push(`memory ${before.memory}→${after.memory}`);
  if (before.architecture !== after.architecture)
    out.push(`arch ${before.architecture}→${after.architecture}`);
  if (before.storageGb !== after.storageGb) out.push(`storage ${before.storageGb}→${after.storageGb} GB`);
  if (before.desiredCount !== after.desiredCount)
    out.push(`tasks ${before.desiredCount}→${after.desiredCount}`);
  return out;
}

/** Peak use must stay at or under this share of a proposed size. */
export const RIGHT_SIZE_CEILING = 0.7;

/**
 * The cheapest valid size (same architecture and storage) that holds the window's peak CPU and memory at
 * or under RIGHT_SIZE_CEILING, when it is cheaper than the current one.
 */
export function rightSize(
  prices: RegionPrices,
  shape: TaskShape,
  usage: { cpuMaxPercent: number; memoryMaxPercent: number; days: number },
  desiredCount: number,
  share: number,
  hoursPerMonth = FARGATE_PRICES.hoursPerMonth,
  /** What the service costs now, when the peaks were measured on another size (the revision before). */
  againstMonthly?: number,
): RightSizing | undefined {
  if (!isValidSize(shape)) return undefined;
  const cpuUsed = (usage.cpuMaxPercent / 100) * shape.cpu;
  const memoryUsed = (usage.memoryMaxPercent / 100) * shape.memory;
  const monthly = (size: TaskSize) =>
    cents(taskHourPrice(prices, { ...shape, ...size }, share).taskHour * desiredCount * hoursPerMonth);
  const current = againstMonthly ?? monthly(shape);
  const fitting = allSizes()
    .filter((s) => cpuUsed <= s.cpu * RIGHT_SIZE_CEILING && memoryUsed <= s.memory * RIGHT_SIZE_CEILING)
    .map((s) => ({ size: s, monthly: monthly(s) }))
    .sort((a, b) => a.monthly - b.monthly || a.size.cpu - b.size.cpu);
  const best = fitting[0];
  if (!best || best.monthly >= current) return undefined;
  const headroom = Math.max(cpuUsed / best.size.cpu, memoryUsed / best.size.memory);
  return {
    cpu: best.size.cpu,
    memory: best.size.memory,
    monthly: best.monthly,
    saving: cents(current - best.monthly),
    cpuMaxPercent: round1(usage.cpuMaxPercent),
    memoryMaxPercent: round1(usage.memoryMaxPercent),
    headroomPercent: Math.round(headroom * 100),
    days: usage.days,
  };
}

export { sizeLabel };

const cents = (usd: number) => Math.round(usd * 100) / 100;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** `$1,234.50`. */
export function usd(amount: number): string {
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** `+$30.10` / `−$12.00` / `±$0.00`. */
export function signedUsd(amount: number): string {
  if (Math.abs(amount) < 0.005) return '±$0.00';
  return `${amount > 0 ? '+' : '−'}${usd(Math.abs(amount))}`;
}
