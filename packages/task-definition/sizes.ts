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
