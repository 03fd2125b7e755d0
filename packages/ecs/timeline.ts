import type { TimelineEntry } from '../deploy-report/index.js';
import type { Clock, Logger } from '../runtime/index.js';

/** State changes of a run: each is one log line and one timeline entry of the report, in the same words. */
export class Timeline {
  readonly entries: TimelineEntry[] = [];

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly log: Logger,
  ) {}

  record(kind: string, message: string, level: 'info' | 'warning' = 'info'): void {
    this.entries.push({ at: new Date(this.clock.now()).toISOString(), kind, message });
    this.log[level](message);
  }
}
