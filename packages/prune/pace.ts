/**
 * Client-side pacing of ECS calls, so pruning a family with thousands of revisions never trips ECS's
 * throttling (which would also slow down every deploy of the account in that Region while it lasts). The
 * SDK's adaptive retries stay as the backstop; these buckets keep us well under the documented rates.
 *
 * ECS throttles per account and Region with token buckets per group of actions: "bucket maximum capacity"
 * is the burst, "bucket refill rate" the sustained rate per second. Source: "Request throttling for the
 * Amazon ECS API", https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html
 * (checked for this action; the page says AWS may change the quotas, and some accounts have raised ones):
 *
 *   - RegisterTaskDefinition: burst 20, sustained 1/s (also quoted from that page in
 *     aws-actions/amazon-ecs-deploy-task-definition#502). DeregisterTaskDefinition and DeleteTaskDefinitions
 *     are task-definition modifications; we budget them as the same 20 / 1 per second: the smallest bucket
 *     any task-definition action has, so the pace below is safe whichever bucket they draw from.
 *   - DescribeTaskDefinition, ListTaskDefinitions (task-definition reads), DescribeServices, ListServices,
 *     ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions (service reads): read
 *     buckets with a sustained rate of 20/s or more; we budget them at 20 / 20 per second.
 *
 * We use half of each: reads at most 10 per second (bursts of 10), writes at most 1 every 2 seconds (bursts
 * of 10). Other tools and deploys share the same buckets, so we leave them the other half. At that pace 200
 * deregistrations take about 6½ minutes, and describing 1,000 revisions about 100 seconds: fine for a weekly
 * job, and the reason `max-deregistrations` exists.
 */
import type { Clock } from '../runtime/index.js';

export interface Rate {
  /** Tokens the bucket holds at most (calls that may go at once after a pause). */
  burst: number;
  /** Tokens added per second (the sustained calls per second). */
  perSecond: number;
}

/** Half of the documented quotas (see above). */
export const READ_RATE: Rate = { burst: 10, perSecond: 10 };
export const WRITE_RATE: Rate = { burst: 10, perSecond: 0.5 };

/** A token bucket on an injected clock: `take()` resolves when a call may go. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Calls wait in order: each `take` chains on the one before. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly rate: Rate,
    private readonly clock: Clock,
  ) {
    this.tokens = rate.burst;
    this.last = clock.now();
  }

  take(): Promise<void> {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.last) / 1000) * this.rate.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate.perSecond) * 1000));
    }
  }
}

/** A rate multiplied by `scale` (tests against the simulator run the same pacing, faster). */
export function scaled(rate: Rate, scale: number): Rate {
  return {
    burst: Math.max(1, Math.round(rate.burst * Math.max(1, scale))),
    perSecond: rate.perSecond * scale,
  };
}
