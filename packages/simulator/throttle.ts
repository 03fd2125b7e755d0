/**
 * Account-wide API request throttling, modelled as AWS documents it: token buckets per API action group
 * (per account and Region; the simulator is one account in one Region). Each request takes one token from
 * every bucket its action belongs to; when one of them has less than a whole token the request is refused
 * with the protocol's real throttling error and applies nothing. Buckets refill continuously at their
 * sustained rate up to their maximum capacity (the burst).
 *
 * Off by default (`startSimulator({ throttling: true })`, `sim.throttling(…)` or `POST /_sim/throttling`
 * turn it on), so worlds and tests that do not ask for it behave as before.
 *
 * ## Where the numbers come from
 *
 * - **ECS**: "Request throttling for the Amazon ECS API",
 *   https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html (table "Request Token
 *   Bucket Sizes and Refill Rates"; read from the awsdocs mirror of that page). Every group below marked
 *   `doc` is that table's row. The table does not list `DescribeTaskSets`, `StopServiceDeployment` or
 *   `ContinueServiceDeployment`; putting them in the service read / service modify buckets is an
 *   ASSUMPTION. Fargate's additional RunTask launch-rate limit is not modelled.
 * - **ELBv2**: "Request throttling for the Elastic Load Balancing API",
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html: categories
 *   resource-intensive 10 / 0.2, registration 20 / 4, non-mutating 40 / 10, mutating 20 / 3 (capacity /
 *   refill per second), plus "an account-level throttling limit that is shared across all Elastic Load
 *   Balancing API actions" of 40 / 10, which every ELBv2 call also draws on. Actions the page does not list
 *   go to non-mutating when named `Describe*` and to mutating otherwise, as the page says ("generally
 *   includes all API actions that are not categorized as non-mutating").
 * - **CloudWatch**: "Amazon CloudWatch endpoints and quotas" (service quotas table "Rate of X requests"),
 *   https://docs.aws.amazon.com/general/latest/gr/cw_region.html: DescribeAlarms 9/s,
 *   DescribeAlarmsForMetric 9/s, DescribeAlarmHistory 20/s, SetAlarmState 3/s, PutMetricAlarm 3/s,
 *   DeleteAlarms 3/s, GetMetricData 500/s, GetMetricStatistics 400/s, ListMetrics 25/s, PutMetricData 500/s,
 *   each its own bucket. CloudWatch documents only a rate, no burst: a capacity of one second's worth of
 *   requests is an ASSUMPTION.
 * - CloudWatch Logs, CodeDeploy and ECR are not throttled unless a group is added for them through
 *   `buckets` (their limits are not modelled here).
 *
 * ## Error shapes (what `server.ts` answers with; see `throttlingError`)
 *
 * - ECS (JSON 1.1): HTTP 400, `{"__type":"ThrottlingException","message":"Rate exceeded"}` (the byte-exact
 *   body of a captured real ECS throttle, 58 bytes, un-namespaced), plus the `x-amzn-errortype` header the
 *   simulator sends with every JSON error. ECS's model has no ThrottlingException shape, so the SDK throws
 *   a plain `ECSServiceException` named `ThrottlingException`, which its retry strategies classify as
 *   throttling. (The body is the one in https://github.com/iann0036/former2/issues/11; real ECS may omit
 *   the header, which the SDK only prefers over `__type`.)
 * - ELBv2 (Query/XML): HTTP 400, `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>
 *   <Message>Rate exceeded</Message></Error><RequestId>…</RequestId></ErrorResponse>`; the SDK names it
 *   `Throttling` (the ELB guide says "ThrottlingException", but the Query wire code is `Throttling`).
 * - CloudWatch (JSON 1.0, awsQueryCompatible): HTTP 400, `__type` `Throttling` with
 *   `x-amzn-query-error: Throttling;Sender`; the SDK takes the name from that header, so `Throttling`,
 *   the code the Query protocol always had.
 *
 * ## Which clock refills the buckets: simulated time
 *
 * Buckets refill on the simulator's clock, not on wall time. What a deployment tool spends its API budget
 * on is paced by simulated time: it polls DescribeServices every N simulated seconds (engines sleep on the
 * simulated clock), and a rollout that takes 10 simulated minutes makes the calls a real 10-minute rollout
 * makes. Refilling in simulated time keeps the ratio of calls to budget what a real account sees at any
 * `speed`: whether 40 concurrent deployments exhaust the service read bucket does not depend on how fast
 * the simulation runs. Refilling on wall time would, at `speed` 60, give every simulated second 1/60 of the
 * budget and throttle tools that are perfectly well-behaved on AWS. Simulated time is also deterministic:
 * at `speed` 0 a bucket refills exactly by what `clock.advance()` adds, so tests can drain and refill it
 * precisely.
 *
 * The cost: what is paced in wall time gets compressed with the world. The SDK's retry backoff (a few
 * hundred real milliseconds) spans `speed` times as much simulated time, so at `speed` 60 a retry finds the
 * bucket refilled far more often than on AWS, and a burst made in real time (N calls in one real
 * millisecond) meets the same burst capacity as on AWS but refills `speed` times faster. At `speed` 0 the
 * buckets only refill through `clock.advance()`. When those real-time effects are what is being measured,
 * `time: 'wall'` switches the buckets to wall time (or run at `speed` 1, where both agree).
 */
import { SimAwsError } from './service.js';

/** A token bucket's size: `capacity` tokens at most (the burst), refilled at `refillPerSecond`. */
export interface BucketSpec {
  capacity: number;
  refillPerSecond: number;
}

/** A documented action group: the bucket its actions share. */
export interface ThrottleGroup extends BucketSpec {
  /** Short service name, as in the call log: `ecs`, `elbv2`, `cloudwatch`, … */
  service: string;
  /** Actions drawing on this bucket; `*` = every action of the service. */
  operations: string[];
  /** Where the numbers come from (`doc: …`) or `assumption: …`. */
  source: string;
  /**
   * A service-wide bucket every call of the service draws on as well as its own group's (ELBv2's
   * account-level limit).
   */
  shared?: boolean;
}

/** What `throttling` accepts: `true` for AWS's documented defaults, `false` for off, or a configuration. */
export type ThrottlingOptions = boolean | ThrottlingConfig;

export interface ThrottlingConfig {
  /** Default true (giving a configuration turns throttling on). */
  enabled?: boolean;
  /**
   * Overrides per bucket name (see `DEFAULT_THROTTLE_GROUPS`, e.g. `ecs:service-read`), or for every bucket
   * of a service (`ecs:*`) or every bucket (`*`); the most specific wins. An entry whose name is not a
   * default group and that has `service` and `operations` adds a group (e.g. one for CloudWatch Logs).
   */
  buckets?: Record<
    string,
    Partial<BucketSpec> & Partial<Pick<ThrottleGroup, 'service' | 'operations' | 'shared'>>
  >;
  /** The clock buckets refill on; default `simulated` (see the module comment for why). */
  time?: 'simulated' | 'wall';
}

export interface BucketState extends ThrottleGroup {
  name: string;
  /** Tokens now (fractional: refill is continuous). */
  tokens: number;
  /** Requests this bucket let through / refused since throttling was last configured. */
  allowed: number;
  throttled: number;
}

export interface ThrottlingState {
  enabled: boolean;
  time: 'simulated' | 'wall';
  buckets: BucketState[];
}

const ECS_DOC = 'doc: Request throttling for the Amazon ECS API';
const ELB_DOC = 'doc: Request throttling for the Elastic Load Balancing API';
const CW_DOC = 'doc: CloudWatch service quotas (rate); burst = one second of the rate is an assumption';

function ecs(
  name: string,
  capacity: number,
  refillPerSecond: number,
  operations: string[],
  source = ECS_DOC,
) {
  return [`ecs:${name}`, { service: 'ecs', operations, capacity, refillPerSecond, source }] as const;
}

function cloudwatch(operation: string, rate: number) {
  return [
    `cloudwatch:${operation}`,
    { service: 'cloudwatch', operations: [operation], capacity: rate, refillPerSecond: rate, source: CW_DOC },
  ] as const;
}

/** AWS's documented defaults (see the module comment for sources). */
export const DEFAULT_THROTTLE_GROUPS: Readonly<Record<string, ThrottleGroup>> = Object.fromEntries([
  ecs('cluster-modify', 20, 1, [
    'CreateCluster',
    'DeleteCluster',
    'PutClusterCapacityProviders',
    'UpdateCluster',
    'UpdateClusterSettings',
  ]),
  ecs('cluster-read', 50, 20, ['DescribeClusters', 'ListClusters']),
  ecs('task-definition-modify', 20, 1, ['DeregisterTaskDefinition', 'RegisterTaskDefinition']),
  ecs('task-definition-read', 50, 20, [
    'DescribeTaskDefinition',
    'ListTaskDefinitions',
    'ListTaskDefinitionFamilies',
  ]),
  ecs('task-definition-delete', 5, 1, ['DeleteTaskDefinitions']),
  ecs('capacity-provider-modify', 10, 1, [
    'CreateCapacityProvider',
    'DeleteCapacityProvider',
    'UpdateCapacityProvider',
  ]),
  ecs('capacity-provider-read', 50, 20, ['DescribeCapacityProviders']),
  ecs('tag-modify', 20, 10, ['TagResource', 'UntagResource']),
  ecs('tag-read', 50, 20, ['ListTagsForResource']),
  ecs('setting-modify', 10, 1, ['DeleteAccountSetting', 'PutAccountSetting', 'PutAccountSettingDefault']),
  ecs('setting-read', 50, 20, ['ListAccountSettings']),
  ecs('cluster-resource-modify', 100, 40, [
    'DeleteAttributes',
    'DeregisterContainerInstance',
    'ExecuteCommand',
    'PutAttributes',
    'RunTask',
    'StartTask',
    'StopTask',
    'UpdateContainerAgent',
    'UpdateContainerInstancesState', // the table spells it UpdateContainerInstancesStates
  ]),
  ecs('cluster-resource-read', 100, 20, [
    'DescribeContainerInstances',
    'DescribeTasks',
    'ListAttributes',
    'ListContainerInstances',
    'ListTasks',
  ]),
  ecs('agent-modify', 200, 120, [
    'RegisterContainerInstance',
    'SubmitAttachmentStateChanges',
    'SubmitContainerStateChange',
    'SubmitTaskStateChange',
  ]),
  ecs('service-modify', 50, 5, ['CreateService', 'DeleteService', 'UpdateService']),
  ecs('service-read', 100, 20, ['DescribeServices', 'ListServices']),
  ecs('service-deployment', 50, 20, ['DescribeServiceDeployments', 'ListServiceDeployments']),
  ecs('service-revision', 50, 20, ['DescribeServiceRevisions']),
  ecs('task-protection', 200, 80, ['UpdateTaskProtection', 'GetTaskProtection']),
  ecs('cluster-service-resource-read', 10, 1, ['ListServicesByNamespace']),
  // Not in the ECS table: which bucket these share is an assumption.
  ecs(
    'task-set-read',
    100,
    20,
    ['DescribeTaskSets'],
    'assumption: not in the ECS table; its own bucket, sized like service read actions',
  ),
  ecs(
    'service-deployment-modify',
    50,
    5,
    ['StopServiceDeployment', 'ContinueServiceDeployment'],
    'assumption: not in the ECS table; its own bucket, sized like service modify actions',
  ),

  [
    'elbv2:account',
    {
      service: 'elbv2',
      operations: ['*'],
      shared: true,
      capacity: 40,
      refillPerSecond: 10,
      source: `${ELB_DOC} (account-level limit shared by all actions)`,
    },
  ],
  [
    'elbv2:resource-intensive',
    {
      service: 'elbv2',
      operations: ['CreateLoadBalancer', 'SetSubnets'],
      capacity: 10,
      refillPerSecond: 0.2,
      source: ELB_DOC,
    },
  ],
  [
    'elbv2:registration',
    {
      service: 'elbv2',
      operations: ['RegisterTargets', 'DeregisterTargets'],
      capacity: 20,
      refillPerSecond: 4,
      source: ELB_DOC,
    },
  ],
  [
    'elbv2:non-mutating',
    {
      service: 'elbv2',
      operations: ['Describe*'],
      capacity: 40,
      refillPerSecond: 10,
      source: ELB_DOC,
    },
  ],
  [
    'elbv2:mutating',
    // Everything else: AddTags, Create/Delete/Modify*, Set*, RemoveTags, ….
    { service: 'elbv2', operations: ['*'], capacity: 20, refillPerSecond: 3, source: ELB_DOC },
  ],

  cloudwatch('DescribeAlarms', 9),
  cloudwatch('DescribeAlarmsForMetric', 9),
  cloudwatch('DescribeAlarmHistory', 20),
  cloudwatch('SetAlarmState', 3),
  cloudwatch('PutMetricAlarm', 3),
  cloudwatch('DeleteAlarms', 3),
  cloudwatch('GetMetricData', 500),
  cloudwatch('GetMetricStatistics', 400),
  cloudwatch('ListMetrics', 25),
  cloudwatch('PutMetricData', 500),
]);

/** The error a throttled call gets, in the code its protocol uses (the server renders the wire shape). */
export function throttlingError(service: string): SimAwsError {
  const code = service === 'elbv2' || service === 'cloudwatch' ? 'Throttling' : 'ThrottlingException';
  return new SimAwsError(code, 'Rate exceeded', 400);
}

interface Bucket extends BucketState {
  /** Clock reading (ms) at the last refill. */
  last: number;
}

/**
 * Whether `operation` draws on a group: an exact name wins; `Describe*`-style prefixes next; `*` only when
 * no other group of the service names the operation (ELBv2's "mutating = everything else").
 */
function matchRank(group: Pick<ThrottleGroup, 'operations'>, operation: string): number {
  let rank = 0;
  for (const pattern of group.operations) {
    if (pattern === operation) return 3;
    if (pattern === '*') rank = Math.max(rank, 1);
    else if (pattern.endsWith('*') && operation.startsWith(pattern.slice(0, -1))) rank = Math.max(rank, 2);
  }
  return rank;
}

export class Throttling {
  private enabled = false;
  private time: 'simulated' | 'wall' = 'simulated';
  private buckets: Bucket[] = [];
  /** service:operation → the buckets it draws on (cached; rebuilt on configure). */
  private readonly routes = new Map<string, Bucket[]>();

  constructor(
    private readonly simulatedNow: () => number,
    options: ThrottlingOptions | undefined = false,
  ) {
    this.configure(options);
  }

  private now(): number {
    return this.time === 'wall' ? performance.now() : this.simulatedNow();
  }

  /** Replaces the configuration (`true` = documented defaults, `false` = off); every bucket starts full. */
  configure(options: ThrottlingOptions): void {
    const config: ThrottlingConfig = typeof options === 'boolean' ? { enabled: options } : options;
    this.enabled = config.enabled ?? true;
    this.time = config.time ?? 'simulated';
    const overrides = config.buckets ?? {};
    const groups: Record<string, ThrottleGroup> = { ...DEFAULT_THROTTLE_GROUPS };
    for (const [name, o] of Object.entries(overrides)) {
      if (!(name in groups) && !name.endsWith('*') && o.service && o.operations) {
        groups[name] = {
          service: o.service,
          operations: o.operations,
          shared: o.shared,
          capacity: o.capacity ?? 1,
          refillPerSecond: o.refillPerSecond ?? 1,
          source: 'configured',
        };
      }
    }
    const now = this.now();
    this.buckets = Object.entries(groups).map(([name, group]) => {
      const o = { ...overrides['*'], ...overrides[`${group.service}:*`], ...overrides[name] };
      const capacity = Math.max(0, o.capacity ?? group.capacity);
      const refillPerSecond = Math.max(0, o.refillPerSecond ?? group.refillPerSecond);
      const changed = o.capacity !== undefined || o.refillPerSecond !== undefined;
      return {
        name,
        service: group.service,
        operations: [...group.operations],
        ...(group.shared ? { shared: true } : {}),
        source:
          changed && group.source !== 'configured' ? `configured (default: ${group.source})` : group.source,
        capacity,
        refillPerSecond,
        tokens: capacity,
        allowed: 0,
        throttled: 0,
        last: now,
      };
    });
    this.routes.clear();
  }

  /** The buckets a call draws on: its best-matching group, plus the service's shared buckets. */
  private route(service: string, operation: string): Bucket[] {
    const key = `${service}:${operation}`;
    const cached = this.routes.get(key);
    if (cached) return cached;
    let best: Bucket | undefined;
    let bestRank = 0;
    for (const bucket of this.buckets) {
      if (bucket.service !== service || bucket.shared) continue;
      const rank = matchRank(bucket, operation);
      if (rank > bestRank) [best, bestRank] = [bucket, rank];
    }
    const shared = this.buckets.filter(
      (b) => b.service === service && b.shared && matchRank(b, operation) > 0,
    );
    const route = [...(best ? [best] : []), ...shared];
    this.routes.set(key, route);
    return route;
  }

  private refill(bucket: Bucket, now: number): void {
    const elapsed = now - bucket.last;
    // The simulated clock can move back (a scenario with its own start time): restart from there.
    if (elapsed > 0)
      bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (elapsed / 1000) * bucket.refillPerSecond);
    bucket.last = now;
  }

  /**
   * Takes a token for this call from each of its buckets; returns the throttling error (taking nothing)
   * when any of them is empty, or undefined to let the call through.
   */
  take(service: string, operation: string): SimAwsError | undefined {
    if (!this.enabled) return undefined;
    const route = this.route(service, operation);
    if (route.length === 0) return undefined;
    const now = this.now();
    for (const bucket of route) this.refill(bucket, now);
    const empty = route.filter((b) => b.tokens < 1);
    if (empty.length > 0) {
      for (const bucket of empty) bucket.throttled++;
      return throttlingError(service);
    }
    for (const bucket of route) {
      bucket.tokens -= 1;
      bucket.allowed++;
    }
    return undefined;
  }

  state(): ThrottlingState {
    const now = this.now();
    return {
      enabled: this.enabled,
      time: this.time,
      buckets: this.buckets.map((bucket) => {
        this.refill(bucket, now);
        const { last: _last, ...rest } = bucket;
        return { ...rest, operations: [...rest.operations] };
      }),
    };
  }
}
