/**
 * The task sizes Fargate accepts (Linux): CPU units → memory MiB choices. A task definition's cpu and
 * memory must be one of these pairs; right-sizing only ever proposes one of them.
 */

const GiB = 1024;
const range = (fromGiB: number, toGiB: number, stepGiB: number): number[] => {
  const out: number[] = [];
  for (let g = fromGiB; g <= toGiB; g += stepGiB) out.push(g * GiB);
  return out;
};

export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1, 4, 1)],
  [1024, range(2, 8, 1)],
  [2048, range(4, 16, 1)],
  [4096, range(8, 30, 1)],
  [8192, range(16, 60, 4)],
  [16384, range(32, 120, 8)],
]);

export interface TaskSize {
  /** CPU units (1024 = 1 vCPU). */
  cpu: number;
  /** Memory, MiB. */
  memory: number;
}

export function isValidSize(size: TaskSize): boolean {
  return FARGATE_SIZES.get(size.cpu)?.includes(size.memory) ?? false;
}

/** Every valid size, smallest CPU first, then smallest memory. */
export function allSizes(): TaskSize[] {
  return [...FARGATE_SIZES].flatMap(([cpu, memories]) => memories.map((memory) => ({ cpu, memory })));
}

/** `0.5 vCPU / 1 GB`. */
export function sizeLabel(size: TaskSize): string {
  const gb = size.memory / GiB;
  return `${size.cpu / 1024} vCPU / ${Number.isInteger(gb) ? gb : gb.toFixed(1)} GB`;
}
