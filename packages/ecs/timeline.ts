import type { TimelineEntry } from '../deploy-report/index.js';
import type { Clock, Logger } from '../runtime/index.js';

/**
 * State changes of a run: each is one log line and one timeline entry of the report, in the same words.
 * With `awsClock` (a ServerTime) each entry also carries AWS's time of the change.
 */
export class Timeline {
  readonly entries: TimelineEntry[] = [];

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly log: Logger,
    private readonly awsClock?: Pick<Clock, 'now'>,
  ) {}

  record(kind: string, message: string, level: 'info' | 'warning' = 'info'): void {
    this.entries.push({
      at: new Date(this.clock.now()).toISOString(),
      ...(this.awsClock ? { awsAt: new Date(this.awsClock.now()).toISOString() } : {}),
      kind,
      message,
    });
    this.log[level](message);
  }
}
