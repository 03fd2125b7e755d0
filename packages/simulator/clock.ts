/**
 * Simulated time: `speed` simulated seconds pass per real second, and `advance()` jumps ahead. The world
 * reads it on every request and timer tick and catches up in fixed steps, so state only depends on the
 * simulated times at which calls arrive.
 */
import type { SimClock } from './index.js';

export class SimulatedClock implements SimClock {
  private baseSim: number;
  private baseWall = performance.now();
  private currentSpeed: number;
  private readonly waiters = new Set<() => void>();

  constructor(start: number, speed: number) {
    this.baseSim = start;
    this.currentSpeed = speed;
  }

  now(): number {
    return Math.floor(this.baseSim + (performance.now() - this.baseWall) * this.currentSpeed);
  }

  get speed(): number {
    return this.currentSpeed;
  }

  set speed(value: number) {
    this.rebase();
    this.currentSpeed = Math.max(0, value);
    this.wake();
  }

  /** Restarts simulated time at `start` (a scenario with its own start time). */
  reset(start: number): void {
    this.baseSim = start;
    this.baseWall = performance.now();
    this.wake();
  }

  advance(ms: number): void {
    this.rebase();
    this.baseSim += Math.max(0, ms);
    this.onAdvance?.();
    this.wake();
  }

  /** Called after `advance()` so the world catches up before the caller looks at it. */
  onAdvance?: () => void;

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const until = this.now() + Math.max(0, ms);
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = () => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(check);
        signal?.removeEventListener('abort', finish);
        resolve();
      };
      // Re-evaluated on a timer and whenever time jumps or the speed changes.
      const check = () => {
        if (timer) clearTimeout(timer);
        const left = until - this.now();
        if (left <= 0 || signal?.aborted) return finish();
        const realMs = this.currentSpeed > 0 ? Math.min(left / this.currentSpeed, 1000) : 1000;
        timer = setTimeout(check, Math.max(1, Math.ceil(realMs)));
      };
      this.waiters.add(check);
      signal?.addEventListener('abort', finish, { once: true });
      check();
    });
  }

  private rebase(): void {
    this.baseSim = this.now();
    this.baseWall = performance.now();
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }
}
