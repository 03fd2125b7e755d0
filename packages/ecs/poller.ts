/**
 * Adaptive polling pace. Right after something changed the next round comes quickly; while nothing changes
 * the pace slows to one call per base interval, and no round starts while the steady calls of the trailing
 * minute plus its own would exceed 60 s / base (12 a minute with the default 5 s base). Callers count every
 * AWS call a round makes, not only ECS's: a fleet deploying at once shares the account's throttling.
 *
 * A round may also say when nothing is expected before a known moment (old tasks draining until their
 * target group's deregistration delay ends): the pace then slows further until just before it, and the
 * saved budget buys quick rounds around it, so the step returns soon after ECS finishes.
 */
export class Poller {
  private delayMs: number;
  /** When each call of the trailing minute was made. */
  private readonly reads: number[] = [];
  /** Calls of the last few steady rounds. */
  private readonly recent: number[] = [];

  /** The longest pause while waiting for a known moment: a failing task is still seen within this. */
  static readonly QUIET_MAX_MS = 15_000;
  /** How long before the expected moment quick rounds begin. */
  static readonly LEAD_MS = 3_000;
  /** How long after the expected moment quick rounds go on. */
  static readonly OVERDUE_MS = 20_000;
  /** The pace around the expected moment. */
  static readonly NEAR_MS = 1_000;

  constructor(private readonly baseMs: number) {
    this.delayMs = this.quickMs;
  }

  /** The pace while things change: a rollout step rarely settles faster than this. */
  get quickMs(): number {
    return Math.max(100, Math.round(this.baseMs * 0.4));
  }

  /** AWS calls allowed in any minute of steady waiting. */
  get budget(): number {
    return Math.max(1, Math.floor(60_000 / this.baseMs));
  }

  /**
   * Delay before the next round, given when this round ran, whether it saw a change, how many AWS calls it
   * made, and when nothing is expected before (see the class comment).
   */
  next(now: number, changed: boolean, ecsReads: number, quietUntil?: number): number {
    if (changed) {
      // Steady waiting starts afresh: a burst of reads while things changed must not delay the next look.
      this.reads.length = 0;
      this.delayMs = this.quickMs;
      return this.delayMs;
    }
    for (let i = 0; i < ecsReads; i++) this.reads.push(now);
    // The next round may make as many calls as the largest of the last few (alarms and targets come and go).
    this.recent.push(ecsReads);
    if (this.recent.length > 6) this.recent.shift();
    const nextCalls = Math.max(...this.recent);
    while (this.reads.length && this.reads[0]! <= now - 60_000) this.reads.shift();
    this.delayMs = Math.min(this.baseMs, this.delayMs * 1.5);
    // Spread evenly: a round that made more calls waits as many intervals, so the budget is never spent in a
    // burst that would then leave a long blind wait (a failing task is seen within one such pause).
    let delay = this.delayMs * Math.max(1, ecsReads);
    // Long past the expected moment the guess was wrong: back to the ordinary pace.
    let near = false;
    if (quietUntil !== undefined && now - quietUntil < Poller.OVERDUE_MS) {
      const lead = quietUntil - Poller.LEAD_MS - now;
      near = lead <= 0;
      delay = near
        ? Math.min(delay, Math.max(Poller.NEAR_MS, this.quickMs / 2))
        : Math.max(delay, Math.min(lead, Poller.QUIET_MAX_MS));
    }
    // Around the expected moment the quiet wait's savings are spent: the trailing minute's budget does not
    // hold back those quick rounds (they last LEAD_MS + OVERDUE_MS at most, once per expected moment).
    const excess = near ? 0 : this.reads.length + nextCalls - this.budget;
    if (excess > 0) {
      // Wait until enough of the trailing minute's reads have left the window, but never longer than a
      // quiet pause: a blind half-minute would see a failing task that much later.
      const leaves = this.reads[Math.min(excess, this.reads.length) - 1]! + 60_000;
      delay = Math.max(delay, Math.min(leaves - now, Poller.QUIET_MAX_MS));
    }
    return delay;
  }
}
