/** The log of AWS calls the simulator received, for tests that assert what a tool did (or did not do). */

export interface CallRecord {
  /** `ecs`, `ecr`, `elbv2`, `cloudwatch`, `logs`, `codedeploy`. */
  service: string;
  operation: string;
  /** Simulated time of arrival, ms since epoch. */
  at: number;
  /** Real time of arrival (Date.now()). */
  wall: number;
  /** HTTP status answered (0 when the connection was reset). */
  status: number;
  /** Error code when the call failed. */
  error?: string;
  /** The parsed request input (JSON body or Query parameters). */
  input: unknown;
}

export interface CallFilter {
  service?: string;
  operation?: string;
  /** Only calls at or after this simulated time. */
  since?: number;
}

export class CallLog {
  private readonly records: CallRecord[] = [];
  /** Bounded so a long-running `npm run sim` does not grow without limit. */
  private static readonly MAX = 100_000;

  add(record: CallRecord): void {
    this.records.push(record);
    if (this.records.length > CallLog.MAX) this.records.splice(0, this.records.length - CallLog.MAX);
  }

  list(filter: CallFilter = {}): CallRecord[] {
    return this.records.filter(
      (r) =>
        (!filter.service || r.service === filter.service) &&
        (!filter.operation || r.operation === filter.operation) &&
        (filter.since === undefined || r.at >= filter.since),
    );
  }
}
