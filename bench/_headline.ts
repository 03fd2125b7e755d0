/**
 * Headline figures: each bench records its key figures here, and `npm run bench` (scripts/bench.ts) prints
 * them all in one table at the end, side by side. A bench run alone prints only its own tables.
 */
import { appendFileSync } from 'node:fs';

export interface Headline {
  /** Which bench measured it, e.g. `deploy`. */
  bench: string;
  figure: string;
  /** As printed, with its unit: `2.1 s`, `0.43×`, `50/50`. */
  value: string;
  /** The target as printed (`≤ 3 s`), when the issue set one. */
  target?: string;
  /** Whether the target is met; absent without a target. */
  met?: boolean;
}

/** Records a headline when run under `npm run bench` (BENCH_HEADLINES names the file); otherwise nothing. */
export function headline(entry: Headline): void {
  const file = process.env.BENCH_HEADLINES;
  if (file) appendFileSync(file, JSON.stringify(entry) + '\n');
}
