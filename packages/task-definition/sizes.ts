/**
 * Task-level CPU and memory. ECS takes them as strings in units (`"1024"`) or with a unit (`"1 vCPU"`,
 * `"2 GB"`) and stores units, so comparisons and the Fargate table work on units.
 */

/** CPU units from `1024`, `"1024"`, `"1 vCPU"`, `"0.25 vcpu"`; undefined when the text is neither. */
export function cpuUnits(value: unknown): number | undefined {
  return units(value, /^(\d+(?:\.\d+)?)\s*vcpu$/i);
}

/** Memory in MiB from `2048`, `"2048"`, `"2 GB"`, `"0.5GB"`; undefined when the text is neither. */
export function memoryMiB(value: unknown): number | undefined {
  return units(value, /^(\d+(?:\.\d+)?)\s*gb$/i);
}

function units(value: unknown, scaled: RegExp): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) > 0 ? Number(text) : undefined;
  const m = scaled.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]) * 1024;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function steps(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let n = from; n <= to; n += step) out.push(n);
  return out;
}

/** Fargate's CPU sizes (units) and the memory (MiB) each allows. */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, steps(1024, 4096, 1024)],
  [1024, steps(2048, 8192, 1024)],
  [2048, steps(4096, 16384, 1024)],
  [4096, steps(8192, 30720, 1024)],
  [8192, steps(16384, 61440, 4096)],
  [16384, steps(32768, 122880, 8192)],
]);

/** `512, 1024 or 2048` for short lists; `2048 to 8192 in steps of 1024` for long ones. */
export function describeMemoryChoices(allowed: readonly number[]): string {
  if (allowed.length <= 3) return `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
  return `${allowed[0]} to ${allowed.at(-1)} in steps of ${allowed[1]! - allowed[0]!}`;
}

/** Why a task size is not one Fargate runs, naming the field to change. */
export interface SizeProblem {
  field: 'cpu' | 'memory';
  problem: string;
  fix: string;
}

/** Whether `cpu` units with `memory` MiB (undefined: not set) is a Fargate size; undefined when it is. */
export function fargateSizeProblem(
  cpu: number | undefined,
  memory: number | undefined,
): SizeProblem | undefined {
  const sizes = [...FARGATE_SIZES.keys()].join(', ');
  if (cpu === undefined) {
    return {
      field: 'cpu',
      problem: 'a Fargate task needs a task-level cpu',
      fix: `set cpu to one of ${sizes}`,
    };
  }
  if (memory === undefined) {
    return {
      field: 'memory',
      problem: 'a Fargate task needs a task-level memory',
      fix: 'set memory (MiB, or "2 GB")',
    };
  }
  const allowed = FARGATE_SIZES.get(cpu);
  if (!allowed) {
    return {
      field: 'cpu',
      problem: `${cpu} CPU units is not a Fargate size`,
      fix: `use ${sizes} (or 0.25 vCPU to 16 vCPU)`,
    };
  }
  if (!allowed.includes(memory)) {
    return {
      field: 'memory',
      problem: `${memory} MiB of memory does not go with ${cpu} CPU units on Fargate`,
      fix: `with ${cpu} CPU units use ${describeMemoryChoices(allowed)} MiB`,
    };
  }
  return undefined;
}
