/**
 * Adaptive polling pace. Right after something changed the next round comes quickly; while nothing changes
 * the pace slows to one ECS read per base interval, and no round starts while the steady reads of the
 * trailing minute plus its own would exceed 60 s / base (12 a minute with the default 5 s base).
 */
export class Poller {
  private delayMs: number;
  /** When each ECS read of the trailing minute was made. */
  private readonly reads: number[] = [];

  constructor(private readonly baseMs: number) {
    this.delayMs = this.quickMs;
  }

  /** The pace while things change: a rollout step rarely settles faster than this. */
  get quickMs(): number {
    return Math.max(100, Math.round(this.baseMs * 0.4));
  }

  /** ECS reads allowed in any minute of steady waiting. */
  get budget(): number {
    return Math.max(1, Math.floor(60_000 / this.baseMs));
  }

  /**
   * Delay before the next round, given when this round ran, whether it saw a change and how many ECS reads
   * it made (the next round is assumed to need as many).
   */
  next(now: number, changed: boolean, ecsReads: number): number {
    if (changed) {
      // Steady waiting starts afresh: a burst of reads while things changed must not delay the next look.
      this.reads.length = 0;
      this.delayMs = this.quickMs;
      return this.delayMs;
    }
    for (let i = 0; i < ecsReads; i++) this.reads.push(now);
    while (this.reads.length && this.reads[0]! <= now - 60_000) this.reads.shift();
    this.delayMs = Math.min(this.baseMs, this.delayMs * 1.5);
    let delay = this.delayMs * Math.max(1, ecsReads);
    const excess = this.reads.length + ecsReads - this.budget;
    if (excess > 0) {
      // Wait until enough of the trailing minute's reads have left the window.
      const leaves = this.reads[Math.min(excess, this.reads.length) - 1]! + 60_000;
      delay = Math.max(delay, leaves - now);
    }
    return delay;
  }
}
