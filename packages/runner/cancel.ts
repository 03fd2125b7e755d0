/**
 * A cancelled workflow, as the runner delivers it: SIGINT, then SIGTERM 7.5 s later, then a kill 2.5 s
 * after that. The guard turns the first signal into an abort the engine watches, and if the engine has not
 * handed over in time (an AWS call hanging) it ends the step itself with a failure that says so, before the
 * kill can cut it off mid-sentence. Installed first thing, it also keeps a second signal from killing the
 * step before what it started is saved for the post step.
 */
import type { Logger } from '../runtime/index.js';

export interface CancelGuardOptions {
  log: Logger;
  /** What the step is doing, for the log: "stopping the deploy". */
  stopping: string;
  /** Called once on the first signal, before the engine sees the abort (e.g. save "cancelled"). */
  onCancel?: () => void;
  /** Called when the hand-over time ran out: write the outputs and summary; the process then exits 1. */
  onGiveUp: () => Promise<void>;
  /** How long after SIGINT, and after SIGTERM or a second signal, the step may still take. */
  handOverMs?: { first: number; last: number };
  /** For tests: where signals come from and how the process ends. */
  process?: Pick<NodeJS.Process, 'on' | 'off' | 'exit'>;
}

export class CancelGuard {
  private readonly controller = new AbortController();
  private ended = false;
  private giveUpAt = Infinity;
  private timer: NodeJS.Timeout | undefined;
  private readonly proc: Pick<NodeJS.Process, 'on' | 'off' | 'exit'>;
  private readonly handOver: { first: number; last: number };

  constructor(private readonly opts: CancelGuardOptions) {
    this.proc = opts.process ?? process;
    this.handOver = opts.handOverMs ?? { first: 6_000, last: 1_500 };
    this.proc.on('SIGINT', this.onSignal).on('SIGTERM', this.onSignal);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  /** The step is ending on its own: later signals and the give-up timer do nothing. Returns false if it had ended. */
  end(): boolean {
    if (this.ended) return false;
    this.ended = true;
    clearTimeout(this.timer);
    return true;
  }

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (this.ended) return;
    if (this.cancelled) {
      this.opts.log.info(
        `${signal} again: finishing the hand-over (what was started is saved for the post step)`,
      );
      this.giveUpWithin(this.handOver.last);
      return;
    }
    this.opts.log.warning(`${signal}: the workflow was cancelled; ${this.opts.stopping}`);
    this.opts.onCancel?.();
    this.controller.abort();
    this.giveUpWithin(signal === 'SIGINT' ? this.handOver.first : this.handOver.last);
  };

  private giveUpWithin(ms: number): void {
    if (Date.now() + ms >= this.giveUpAt) return;
    this.giveUpAt = Date.now() + ms;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.giveUp(), ms);
    this.timer.unref();
  }

  private async giveUp(): Promise<void> {
    if (!this.end()) return;
    await this.opts.onGiveUp();
    this.proc.exit(1);
  }
}
