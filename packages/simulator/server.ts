/**
 * The simulator's HTTP server: one loopback port for every AWS service (dispatch by `X-Amz-Target` for
 * the JSON protocols, by `Action=` for ELBv2's Query protocol), SigV4 presence check, account-wide
 * request throttling (opt-in, see throttle.ts), fault injection, the call log, and the `/_sim/*` control API.
 */
import type { Wire } from './protocols.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallLog } from './calls.js';
import { SimulatedClock } from './clock.js';
import { createCloudWatchService } from './cloudwatch.js';
import { createCodeDeployService } from './codedeploy.js';
import { createEcrService } from './ecr.js';
import { createEcsService } from './ecs.js';
import { createElbOperations } from './elb.js';
import { Faults, type FaultRule, type FaultSpec } from './faults.js';
import type { RunningSimulator, SimulatorOptions } from './index.js';
import { ListenerServers } from './listeners.js';
import { createLogsService } from './logs.js';
import { Throttling, type ThrottlingOptions } from './throttle.js';
import { IamEnforcer, iamInventory, type IamBinding, type IamWorld } from './iam.js';
import { jsonError, parseQuery, queryError, queryResponse } from './protocols.js';
import type { Scenario } from './scenario.js';
import { SimAwsError, type JsonService } from './service.js';
import { World } from './world.js';

const ELB_XMLNS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';
/** How often (real ms) the world catches up with the clock when no request arrives. */
const TICK_MS = 25;

/** Short service names (for the call log and fault rules) and IAM prefixes, by X-Amz-Target prefix. */
const JSON_SERVICES: Record<string, { name: string; iam: string }> = {
  AmazonEC2ContainerServiceV20141113: { name: 'ecs', iam: 'ecs' },
  AmazonEC2ContainerRegistry_V20150921: { name: 'ecr', iam: 'ecr' },
  Logs_20140328: { name: 'logs', iam: 'logs' },
  GraniteServiceVersion20100801: { name: 'cloudwatch', iam: 'cloudwatch' },
  CodeDeploy_20141006: { name: 'codedeploy', iam: 'codedeploy' },
};

function startTimeOf(scenario: Scenario | undefined): number {
  const start = scenario?.startTime;
  if (start === undefined) return Date.now();
  return typeof start === 'number' ? start : Date.parse(start);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The `Date` header of an AWS API response (Node's own is switched off for them). Successes carry
 * simulated time, so it agrees with the timestamps in their bodies as AWS's does. Errors carry none: the
 * SDK treats an error whose `Date` moved its clock offset (by 4+ minutes in all) as a corrected clock skew
 * and retries the call, and simulated time moves like that between any two requests, so every not-found
 * would be sent three times.
 */
function dateHeader(at: number, error: string | undefined): { date?: string } {
  return error ? {} : { date: new Date(at).toUTCString() };
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startServer(options: SimulatorOptions): Promise<RunningSimulator> {
  const clock = new SimulatedClock(startTimeOf(options.scenario), options.speed ?? 60);
  const calls = new CallLog();
  const faults = new Faults();
  const throttling = new Throttling(() => clock.now(), options.throttling);
  const iam = new IamEnforcer();
  for (const binding of options.iam ?? []) iam.bind(binding);
  /** What IAM enforcement reads from the world (see iam.ts). */
  const iamWorld = (): IamWorld => ({
    accountId: world.accountId,
    region: world.region,
    taskDefinitionRoles: (ref) => {
      const body = world.ecs.findTaskDefinition(ref)?.body;
      return [body?.taskRoleArn, body?.executionRoleArn].filter((r): r is string => typeof r === 'string');
    },
    nextTaskDefinitionRevision: (family) => (world.ecs.taskDefinitions.get(family)?.length ?? 0) + 1,
    codeDeployGroup: (id) => {
      const group = world.codedeploy.deployments.find((d) => d.id === id)?.group;
      return group ? { application: group.application, group: group.name } : undefined;
    },
  });
  let world!: World;
  let services = new Map<string, JsonService>();
  let elbOperations: ReturnType<typeof createElbOperations> = {};
  let requestCounter = 0;
  const listeners = new ListenerServers(() => world);

  function load(scenario: Scenario): void {
    if (scenario.startTime !== undefined) clock.reset(startTimeOf(scenario));
    const next = new World(scenario, clock);
    const ecr = createEcrService({
      accountId: next.accountId,
      region: next.region,
      registry: options.ecrRegistry,
      now: () => next.now(),
    });
    ecr.seed(scenario.ecr ?? {});
    world = next;
    services = new Map(
      [
        createEcsService(world),
        ecr,
        createLogsService(world),
        createCloudWatchService(world),
        createCodeDeployService(world),
      ].map((svc) => [svc.targetPrefix, svc]),
    );
    elbOperations = createElbOperations(world);
  }

  load(options.scenario ?? {});
  clock.onAdvance = () => world.advance();

  const requestId = () =>
    `sim-${(++requestCounter).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

  function accessDenied(iam: string, operation: string): string {
    return (
      `User: arn:aws:sts::${world.accountId}:assumed-role/github-actions/sim is not authorized to perform: ` +
      `${iam}:${operation} on resource: * because no identity-based policy allows the ${iam}:${operation} action`
    );
  }

  /** Applies injected faults; returns the error to answer with, `reset`, or nothing. */
  async function injected(
    rules: FaultRule[],
    iam: string,
    operation: string,
    name: string,
  ): Promise<SimAwsError | 'reset' | undefined> {
    for (const rule of rules) if (rule.kind === 'latency') await delay(rule.latencyMs ?? 100);
    for (const rule of rules) {
      if (rule.kind === 'reset') return 'reset';
      if (rule.kind === 'throttle') {
        const code = name === 'elbv2' || name === 'cloudwatch' ? 'Throttling' : 'ThrottlingException';
        return new SimAwsError(code, 'Rate exceeded', 400);
      }
      if (rule.kind === 'server-error') {
        return new SimAwsError(
          name === 'ecs' ? 'ServerException' : 'InternalFailure',
          'We encountered an internal error. Please try again.',
          500,
        );
      }
      if (rule.kind === 'access-denied') {
        return new SimAwsError(
          name === 'elbv2' || name === 'cloudwatch' ? 'AccessDenied' : 'AccessDeniedException',
          accessDenied(iam, operation),
          name === 'elbv2' || name === 'cloudwatch' ? 403 : 400,
        );
      }
    }
    return undefined;
  }

  /**
   * A `reset-after-commit` fault: the call was applied, and the connection is dropped instead of answering.
   * Logged with status 0 (nothing was answered) and an error saying the call took effect.
   */
  function lostAnswer(
    req: IncomingMessage,
    service: string,
    operation: string,
    at: number,
    wall: number,
    input: unknown,
  ): void {
    calls.add({ service, operation, at, wall, status: 0, error: 'ECONNRESET after commit', input });
    req.socket.destroy();
  }

  function authError(req: IncomingMessage): SimAwsError | undefined {
    const auth = req.headers.authorization;
    if (!auth)
      return new SimAwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    if (!/^AWS4-HMAC-SHA256 Credential=\S+, ?SignedHeaders=\S+, ?Signature=[0-9a-f]+$/.test(auth)) {
      return new SimAwsError(
        'IncompleteSignatureException',
        `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${auth.slice(0, 20)}`,
        403,
      );
    }
    return undefined;
  }

  async function handleJson(
    req: IncomingMessage,
    res: ServerResponse,
    target: string,
    body: string,
  ): Promise<void> {
    const [prefix = '', operation = ''] = target.split('.');
    const meta = JSON_SERVICES[prefix];
    const service = services.get(prefix);
    const id = requestId();
    const wall = Date.now();
    const at = clock.now();
    let input: Wire = {};
    const send = (status: number, payload: string, error?: string) => {
      res.writeHead(status, {
        'content-type': `application/x-amz-json-${service?.jsonVersion ?? '1.1'}`,
        'content-length': Buffer.byteLength(payload),
        'x-amzn-requestid': id,
        ...dateHeader(clock.now(), error),
        ...(error ? { 'x-amzn-errortype': error } : {}),
        ...(error && meta?.name === 'cloudwatch'
          ? { 'x-amzn-query-error': `${error};${status >= 500 ? 'Receiver' : 'Sender'}` }
          : {}),
      });
      res.end(payload);
      calls.add({ service: meta?.name ?? prefix, operation, at, wall, status, error, input });
    };
    const fail = (e: SimAwsError) => send(e.status, jsonError(e.code, e.message), e.code);
    if (!service || !meta)
      return fail(new SimAwsError('UnknownOperationException', `Unknown service target: ${target}`));
    const auth = authError(req);
    if (auth) return fail(auth);
    try {
      input = body ? JSON.parse(body) : {};
    } catch {
      return fail(
        new SimAwsError('SerializationException', 'Start of structure or map found where not expected.'),
      );
    }
    const handler = service.operations[operation];
    if (!handler) return fail(new SimAwsError('UnknownOperationException', `Unknown operation ${operation}`));
    const verdict = iam.check(req.headers.authorization, meta.name, operation, input, iamWorld());
    // CloudWatch (JSON, query-compatible) denies as its Query protocol does: AccessDenied, 403, which the
    // x-amzn-query-error header carries to the SDK; the other JSON services say AccessDeniedException, 400.
    if (!verdict.allowed)
      return fail(
        meta.name === 'cloudwatch'
          ? new SimAwsError('AccessDenied', verdict.message, 403)
          : new SimAwsError('AccessDeniedException', verdict.message, 400),
      );
    const throttled = throttling.take(meta.name, operation);
    if (throttled) return fail(throttled);
    const rules = faults.match(meta.name, operation);
    const fault = await injected(rules, meta.iam, operation, meta.name);
    if (fault === 'reset') {
      calls.add({ service: meta.name, operation, at, wall, status: 0, error: 'ECONNRESET', input });
      req.socket.destroy();
      return;
    }
    if (fault) return fail(fault);
    world.advance();
    try {
      const output = await handler(input);
      if (rules.some((r) => r.kind === 'reset-after-commit'))
        return lostAnswer(req, meta.name, operation, at, wall, input);
      send(200, JSON.stringify(output ?? {}));
    } catch (e) {
      if (e instanceof SimAwsError) return fail(e);
      fail(
        new SimAwsError(
          meta.name === 'ecs' ? 'ServerException' : 'InternalFailure',
          String((e as Error)?.stack ?? e),
          500,
        ),
      );
    }
  }

  async function handleQuery(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const input = parseQuery(body);
    const operation = String(input.Action ?? '');
    const id = requestId();
    const wall = Date.now();
    const at = clock.now();
    const send = (status: number, xml: string, error?: string) => {
      res.writeHead(status, {
        'content-type': 'text/xml',
        'content-length': Buffer.byteLength(xml),
        'x-amzn-requestid': id,
        ...dateHeader(clock.now(), error),
      });
      res.end(xml);
      calls.add({ service: 'elbv2', operation, at, wall, status, error, input });
    };
    const fail = (e: SimAwsError) => {
      const code =
        e.code === 'MissingAuthenticationTokenException'
          ? 'MissingAuthenticationToken'
          : e.code.replace(/Exception$/, '');
      send(e.status, queryError(ELB_XMLNS, code, e.message, e.status, id), code);
    };
    const auth = authError(req);
    if (auth) return fail(auth);
    const handler = elbOperations[operation];
    if (!handler)
      return fail(
        new SimAwsError('InvalidAction', `Could not find operation ${operation} for version 2015-12-01`),
      );
    const verdict = iam.check(req.headers.authorization, 'elbv2', operation, input, iamWorld());
    if (!verdict.allowed) return fail(new SimAwsError('AccessDenied', verdict.message, 403));
    const throttled = throttling.take('elbv2', operation);
    if (throttled) return fail(throttled);
    const rules = faults.match('elbv2', operation);
    const fault = await injected(rules, 'elasticloadbalancing', operation, 'elbv2');
    if (fault === 'reset') {
      calls.add({ service: 'elbv2', operation, at, wall, status: 0, error: 'ECONNRESET', input });
      req.socket.destroy();
      return;
    }
    if (fault) return fail(fault);
    world.advance();
    try {
      const output = handler(input);
      if (rules.some((r) => r.kind === 'reset-after-commit'))
        return lostAnswer(req, 'elbv2', operation, at, wall, input);
      send(200, queryResponse(operation, ELB_XMLNS, output, id));
    } catch (e) {
      if (e instanceof SimAwsError) return fail(e);
      fail(new SimAwsError('InternalFailure', String((e as Error)?.stack ?? e), 500));
    }
  }

  async function handleControl(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: string,
  ): Promise<void> {
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value, null, 2));
    };
    const input = body ? JSON.parse(body) : {};
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'POST /_sim/scenario':
        load(input as Scenario);
        await listeners.sync();
        return json(200, { ok: true, listeners: listeners.all() });
      case 'POST /_sim/advance':
        clock.advance(Number(input.ms ?? url.searchParams.get('ms') ?? 0));
        return json(200, { now: clock.now() });
      case 'POST /_sim/speed':
        clock.speed = Number(input.speed ?? url.searchParams.get('speed'));
        return json(200, { speed: clock.speed });
      case 'POST /_sim/faults':
        faults.apply(input as FaultSpec);
        return json(200, { rules: faults.list(), counts: faults.counts() });
      case 'POST /_sim/throttling':
        throttling.configure(input as ThrottlingOptions);
        return json(200, throttling.state());
      case 'GET /_sim/throttling':
        return json(200, throttling.state());
      case 'GET /_sim/calls':
        return json(
          200,
          calls.list({
            service: url.searchParams.get('service') ?? undefined,
            operation: url.searchParams.get('operation') ?? undefined,
          }),
        );
      case 'GET /_sim/state':
        world.advance();
        return json(200, world.state());
      case 'POST /_sim/alarm':
        world.advance();
        world.alarms.setState(
          String(input.name),
          input.state,
          String(input.reason ?? 'Set by the simulator control API'),
        );
        return json(200, { ok: true });
      case 'GET /_sim/listeners':
        return json(200, listeners.all());
      case 'POST /_sim/iam':
        if (input.clear) iam.clear();
        for (const binding of (input.bindings ?? []) as IamBinding[]) iam.bind(binding);
        return json(200, { accountId: world.accountId, region: world.region, keys: iam.keys() });
      case 'GET /_sim/iam':
        return json(200, {
          accountId: world.accountId,
          region: world.region,
          keys: iam.keys(),
          denials: iam.denials,
          inventory: iamInventory(world),
        });
      case 'GET /_sim/time':
        return json(200, { now: clock.now(), speed: clock.speed });
      default:
        return json(404, { error: `unknown control route ${route}` });
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (url.pathname.startsWith('/_sim/')) return await handleControl(req, res, url, body);
        res.sendDate = false;
        const target = req.headers['x-amz-target'];
        if (typeof target === 'string') return await handleJson(req, res, target, body);
        if (String(req.headers['content-type'] ?? '').includes('x-www-form-urlencoded'))
          return await handleQuery(req, res, body);
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          jsonError('UnknownOperationException', 'Requests need an X-Amz-Target header or a Query Action.'),
        );
      } catch (e) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(jsonError('InternalFailure', String(e)));
      }
    })();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await listeners.sync();
  const timer = setInterval(() => world.advance(), TICK_MS);
  timer.unref();

  const credentials = { accessKeyId: 'AKIASIMULATOR0000000', secretAccessKey: 'simulator-secret-access-key' };
  return {
    url,
    credentials,
    get region() {
      return world.region;
    },
    get env() {
      return {
        AWS_ENDPOINT_URL: url,
        AWS_REGION: world.region,
        AWS_DEFAULT_REGION: world.region,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: 'true',
        SIM_SPEED: String(clock.speed),
      };
    },
    listeners: (lb) => listeners.urls(lb),
    load: async (scenario) => {
      load(scenario);
      await listeners.sync();
    },
    clock,
    faults: (spec) => faults.apply(spec),
    throttling: (options) => {
      if (options !== undefined) throttling.configure(options);
      return throttling.state();
    },
    calls: (filter) => calls.list(filter),
    iam: (binding) => {
      if (binding) iam.bind(binding);
      return iam.denials;
    },
    setReleases: (releases) => {
      world.advance();
      // Tasks launched from now on behave so; running ones keep the behaviour they started with.
      world.releases.splice(0, world.releases.length, ...releases);
    },
    setAlarmState: (name, state, reason) => {
      world.advance();
      world.alarms.setState(name, state, reason ?? 'Set by the simulator');
    },
    state: () => {
      world.advance();
      return world.state();
    },
    close: async () => {
      clearInterval(timer);
      await listeners.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
