/**
 * Fargate prices (USD) as data: the one place to update when AWS changes them. Read on the date below from
 * the AWS Fargate pricing page and transcriptions of its regional tables (the page renders regional figures
 * from script, so not every figure was visible as text). Each region says which of its figures were read and
 * which were derived by a rule the page states; a region missing here has no price: callers say so, never
 * guess one.
 */

export interface RatePair {
  /** USD per vCPU-hour. */
  vcpuHour: number;
  /** USD per GB-hour of memory. */
  gbHour: number;
}

export interface RegionPrices {
  /** Linux/x86 on demand. */
  linuxX86: RatePair;
  /** Linux/ARM (Graviton) on demand. */
  linuxArm: RatePair;
  /** Fargate Spot, Linux/x86 (Spot prices move with supply and demand: an estimate at any time). */
  spotX86: RatePair;
  /** Fargate Spot, Linux/ARM, where a figure was found. */
  spotArm?: RatePair;
  /** USD per GB-hour of ephemeral storage configured above the 20 GB every task gets. */
  storageGbHour: number;
  /** Figures not read as published for this region, and how they were derived. */
  derived: string[];
}

export interface PriceTable {
  source: string;
  /** ISO date the figures were read. */
  readOn: string;
  currency: 'USD';
  /** Hours in the month the monthly figures use. */
  hoursPerMonth: number;
  /** Ephemeral storage every task gets without charge, GB. */
  includedStorageGb: number;
  notes: string[];
  regions: Record<string, RegionPrices>;
}

const ARM_RULE = 'Linux/ARM: Linux/x86 × 0.8 (the page prices ARM 20% below x86; us-east-1 read as such)';
const STORAGE_RULE =
  'ephemeral storage: us-east-1 figure × (region GB-hour / us-east-1 GB-hour); verify against the page';

export const FARGATE_PRICES: PriceTable = {
  source: 'https://aws.amazon.com/fargate/pricing/',
  readOn: '2026-12-01',
  currency: 'USD',
  hoursPerMonth: 730,
  includedStorageGb: 20,
  notes: [
    'On-demand Linux/x86 figures as listed for each region; us-east-1 Linux/x86, Linux/ARM and storage read as published.',
    'Fargate Spot figures are the per-region Spot table at reading time; AWS adjusts them gradually.',
    'No Fargate Spot Linux/ARM figure was found: ARM tasks on FARGATE_SPOT are priced on demand (an upper bound).',
    'Windows, Savings Plans, data transfer and public IPv4 are not in this table.',
  ],
  regions: {
    'us-east-1': {
      linuxX86: { vcpuHour: 0.04048, gbHour: 0.004445 },
      linuxArm: { vcpuHour: 0.03238, gbHour: 0.00356 },
      spotX86: { vcpuHour: 0.01264355, gbHour: 0.00138835 },
      storageGbHour: 0.000111,
      derived: [],
    },
    'us-east-2': {
      linuxX86: { vcpuHour: 0.04048, gbHour: 0.004445 },
      linuxArm: { vcpuHour: 0.03238, gbHour: 0.00356 },
      spotX86: { vcpuHour: 0.01276353, gbHour: 0.00140153 },
      storageGbHour: 0.000111,
      derived: [ARM_RULE, STORAGE_RULE],
    },
    'us-west-2': {
      linuxX86: { vcpuHour: 0.04048, gbHour: 0.004445 },
      linuxArm: { vcpuHour: 0.03238, gbHour: 0.00356 },
      spotX86: { vcpuHour: 0.01269464, gbHour: 0.00139396 },
      storageGbHour: 0.000111,
      derived: [ARM_RULE, STORAGE_RULE],
    },
    'eu-west-1': {
      linuxX86: { vcpuHour: 0.04048, gbHour: 0.004445 },
      linuxArm: { vcpuHour: 0.03238, gbHour: 0.00356 },
      spotX86: { vcpuHour: 0.01257825, gbHour: 0.00138118 },
      storageGbHour: 0.000111,
      derived: [ARM_RULE, STORAGE_RULE],
    },
    'eu-central-1': {
      linuxX86: { vcpuHour: 0.04656, gbHour: 0.00511 },
      linuxArm: { vcpuHour: 0.03725, gbHour: 0.004088 },
      spotX86: { vcpuHour: 0.0140458, gbHour: 0.00154154 },
      storageGbHour: 0.0001276,
      derived: [ARM_RULE, STORAGE_RULE],
    },
    'eu-west-2': {
      linuxX86: { vcpuHour: 0.04656, gbHour: 0.00511 },
      linuxArm: { vcpuHour: 0.03725, gbHour: 0.004088 },
      spotX86: { vcpuHour: 0.013968, gbHour: 0.001533 },
      storageGbHour: 0.0001276,
      derived: [ARM_RULE, STORAGE_RULE],
    },
    'ap-southeast-1': {
      linuxX86: { vcpuHour: 0.05056, gbHour: 0.00553 },
      linuxArm: { vcpuHour: 0.04045, gbHour: 0.004424 },
      spotX86: { vcpuHour: 0.015168, gbHour: 0.001659 },
      storageGbHour: 0.0001381,
      derived: [ARM_RULE, STORAGE_RULE],
    },
    'ap-southeast-2': {
      linuxX86: { vcpuHour: 0.04856, gbHour: 0.00532 },
      linuxArm: { vcpuHour: 0.03885, gbHour: 0.004256 },
      spotX86: { vcpuHour: 0.014568, gbHour: 0.001596 },
      storageGbHour: 0.0001328,
      derived: [ARM_RULE, STORAGE_RULE],
    },
    'ap-northeast-1': {
      linuxX86: { vcpuHour: 0.05056, gbHour: 0.00553 },
      linuxArm: { vcpuHour: 0.04045, gbHour: 0.004424 },
      spotX86: { vcpuHour: 0.01981009, gbHour: 0.00216673 },
      storageGbHour: 0.0001381,
      derived: [ARM_RULE, STORAGE_RULE],
    },
  },
};
