/**
 * AWS's clock as seen in responses' `Date` header. Timestamps in AWS responses (task start, events) are
 * compared with AWS's "now", not the runner's: the two can disagree, and against the simulator running
 * faster than real time they disagree a lot.
 */
interface MiddlewareStackLike {
  add(
    middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
    options: { step: 'deserialize'; name: string; override?: boolean },
  ): void;
}

export class ServerTime {
  private offsetMs = 0;
  private known = false;
  /** The latest timestamp seen in a response body, and the local time it was seen at. */
  private floor = 0;
  private floorSeenAt = 0;

  constructor(private readonly localNow: () => number) {}

  /**
   * AWS's current time, estimated from the last response's Date header, and never earlier than the newest
   * timestamp AWS has reported (an event or task cannot come from the future).
   */
  now(): number {
    const local = this.localNow();
    return Math.max(local + this.offsetMs, this.floor + (local - this.floorSeenAt));
  }

  /** A timestamp from a response body (event, task, deployment update). */
  saw(timestamp: number | undefined): void {
    if (timestamp !== undefined && timestamp > this.floor) {
      this.floor = timestamp;
      this.floorSeenAt = this.localNow();
    }
  }

  get synced(): boolean {
    return this.known;
  }

  observe(dateHeader: string | undefined): void {
    const at = dateHeader ? Date.parse(dateHeader) : NaN;
    if (Number.isNaN(at)) return;
    // The header has whole seconds: keep the offset unless it moved by more than that rounding.
    const offset = at - this.localNow();
    if (!this.known || Math.abs(offset - this.offsetMs) > 1000) this.offsetMs = offset;
    this.known = true;
  }

  /** Read the `Date` header of every response the client receives. */
  track<C extends { middlewareStack: unknown }>(client: C): C {
    (client.middlewareStack as MiddlewareStackLike).add(
      (next) => async (args) => {
        const result = (await next(args)) as { response?: { headers?: Record<string, string> } };
        this.observe(result.response?.headers?.date);
        return result;
      },
      { step: 'deserialize', name: 'ecsDeployActionsServerTime', override: true },
    );
    return client;
  }
}
