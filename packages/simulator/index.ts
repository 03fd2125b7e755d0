/**
 * A loopback AWS simulator: one HTTP port serving ECS, ECR, ELBv2, CloudWatch, CloudWatch Logs and
 * CodeDeploy over the real wire protocols, so the real SDK v3 clients (and bundled actions run as
 * processes) talk to it through `AWS_ENDPOINT_URL`. Time is simulated (`speed` simulated seconds per real
 * second) and the world advances on every request and on a short timer.
 *
 * ```ts
 * const sim = await startSimulator({ scenario: seedArchitecture(), speed: 120 });
 * const ecs = new ECSClient({ endpoint: sim.url, region: 'us-east-1', credentials: sim.credentials });
 * // or spawn a bundle with { env: { ...process.env, ...sim.env } }
 * await sim.close();
 * ```
 */
import { startServer } from './server.js';
import type { Scenario } from './scenario.js';

export type {
  Scenario,
  ReleaseBehaviour,
  HttpBehaviour,
  ServiceSeed,
  TaskDefinitionSeed,
  DeploymentConfigurationSeed,
} from './scenario.js';
export type { FaultSpec, FaultRule } from './faults.js';
export type {
  ThrottlingOptions,
  ThrottlingConfig,
  ThrottlingState,
  BucketSpec,
  BucketState,
  ThrottleGroup,
} from './throttle.js';
export { DEFAULT_THROTTLE_GROUPS } from './throttle.js';
export type { CallRecord, CallFilter } from './calls.js';
export type { IamBinding, IamDenial, PolicyDocument, PolicyStatement } from './iam.js';
export {
  seedArchitecture,
  seedBlueGreenArchitecture,
  seedLinearArchitecture,
  seedCanaryArchitecture,
} from './worlds.js';
export type { ArchitectureOptions, TrafficShiftOptions } from './worlds.js';
export { seedFleet, fleetServiceNames, fleetLoadBalancer, type FleetOptions } from './fleet.js';
export { slowerRelease } from './metrics.js';

export interface SimulatorOptions {
  /** Port to listen on (127.0.0.1). Default: a free port. */
  port?: number;
  /** Simulated seconds per real second. Default 60. 0 = time moves only through `clock.advance`. */
  speed?: number;
  /** The world to start with. Default: an empty world (account 123456789012, us-east-1). */
  scenario?: Scenario;
  /** A loopback OCI registry the ECR service stands in front of (see EcrServiceOptions.registry). */
  ecrRegistry?: { url: string; username: string; password: string };
  /**
   * Account-wide API request throttling (token buckets per action group, AWS's documented sizes; see
   * throttle.ts). `true` = AWS's defaults, or a configuration overriding bucket sizes / the refill clock.
   * Default off.
   */
  throttling?: import('./throttle.js').ThrottlingOptions;
  /**
   * IAM enforcement: policies bound to access key ids (see iam.ts). Requests signed with a bound key are
   * evaluated and denied with AccessDenied outside the policy; other keys are not evaluated. Also
   * `POST /_sim/iam` `{ bindings, clear? }`.
   */
  iam?: import('./iam.js').IamBinding[];
}

/** The simulated clock; also a runtime `Clock`, so engines under test wait in simulated time. */
export interface SimClock {
  /** Simulated time, ms since epoch. */
  now(): number;
  /** Moves simulated time forward at once (the world catches up before returning). */
  advance(ms: number): void;
  /** Resolves once `ms` simulated milliseconds have passed (or on abort). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Simulated seconds per real second; settable. */
  speed: number;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT`: the endpoint for every AWS client. */
  url: string;
  /** Dummy static credentials the SDK signs with (the simulator only checks a signature is present). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  /**
   * Env for spawning bundles / SDK clients: AWS_ENDPOINT_URL, AWS_REGION, AWS_DEFAULT_REGION,
   * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, plus AWS_EC2_METADATA_DISABLED and SIM_SPEED.
   */
  env: Record<string, string>;
  /**
   * Real loopback HTTP URLs per load balancer (default: the first one): `production` answers as the
   * revision(s) receiving production traffic, `test` as those receiving test-listener traffic.
   */
  listeners(loadBalancer?: string): { production: string; test?: string };
  /** Replaces the world (also `POST /_sim/scenario`); resolves once new load balancers' listeners are up. */
  load(scenario: Scenario): Promise<void>;
  clock: SimClock;
  /** Adds fault rules (also `POST /_sim/faults`); `faults({ clear: true })` removes all. */
  faults(spec: import('./faults.js').FaultSpec): void;
  /**
   * Reconfigures throttling when given options (also `POST /_sim/throttling`; every bucket starts full), and
   * returns the buckets with their tokens and allowed / throttled counts (also `GET /_sim/throttling`).
   */
  throttling(options?: import('./throttle.js').ThrottlingOptions): import('./throttle.js').ThrottlingState;
  /** Binds a policy to an access key id when given; returns the IAM denials so far (also `GET /_sim/iam`). */
  iam(binding?: import('./iam.js').IamBinding): import('./iam.js').IamDenial[];
  /** The AWS calls received so far, oldest first. */
  calls(filter?: import('./calls.js').CallFilter): import('./calls.js').CallRecord[];
  /** Replaces the release behaviours for tasks launched from now on (e.g. a dependency that came back). */
  setReleases(releases: import('./scenario.js').ReleaseBehaviour[]): void;
  /** Sets an alarm's state now (as SetAlarmState would). */
  setAlarmState(name: string, state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA', reason?: string): void;
  /** A JSON-able dump of the whole world (also `GET /_sim/state`). */
  state(): unknown;
  close(): Promise<void>;
}

/** Starts the simulator on 127.0.0.1 and resolves once it listens. */
export function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startServer(options);
}
