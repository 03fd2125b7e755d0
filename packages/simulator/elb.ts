/**
 * Elastic Load Balancing v2 (Query protocol, XML). Load balancers, listeners with path rules and
 * weighted forwards, target groups whose targets go initial → healthy | unhealthy by periodic health
 * checks (interval and thresholds from the target group), and draining for the deregistration delay.
 */
import type { Wire } from './protocols.js';
import { SimAwsError } from './service.js';
import type { ListenerSeed, LoadBalancerSeed, TargetGroupSeed, WeightedTargetGroup } from './scenario.js';
import type { World } from './world.js';

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unused' | 'unavailable';

export interface Target {
  id: string;
  port: number;
  taskArn: string;
  state: TargetState;
  reason?: string;
  description?: string;
  registeredAt: number;
  passes: number;
  fails: number;
  nextCheckAt: number;
  drainUntil?: number;
}

export interface TargetGroup {
  arn: string;
  name: string;
  port: number;
  protocol: string;
  healthCheckPath: string;
  interval: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  deregistrationDelay: number;
  matcher: string;
  targets: Map<string, Target>;
}

export interface Forward {
  targetGroupArn: string;
  weight: number;
}

export interface Rule {
  arn: string;
  priority: string;
  pathPatterns: string[];
  forward: Forward[];
  isDefault: boolean;
}

export interface Listener {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: string;
  role: 'production' | 'test';
  rules: Rule[];
}

export interface LoadBalancer {
  arn: string;
  name: string;
  scheme: string;
  dnsName: string;
  createdAt: number;
  listeners: Listener[];
}

/** What a health check of one target found. */
export interface ProbeResult {
  pass: boolean;
  reason?: string;
  description?: string;
}

const REASONS: Record<string, string> = {
  'Target.ResponseCodeMismatch': 'Health checks failed with these codes: [502]',
  'Target.Timeout': 'Request timed out',
  'Target.FailedHealthChecks': 'Health checks failed',
};

export function describeReason(reason: string): string {
  return REASONS[reason] ?? 'Health checks failed';
}

export class ElbModel {
  readonly loadBalancers: LoadBalancer[] = [];
  readonly targetGroups = new Map<string, TargetGroup>();

  constructor(private readonly world: World) {}

  private arnBase(): string {
    return `arn:aws:elasticloadbalancing:${this.world.region}:${this.world.accountId}`;
  }

  addTargetGroup(seed: TargetGroupSeed): void {
    const arn = `${this.arnBase()}:targetgroup/${seed.name}/${this.world.ids.hex(16)}`;
    this.targetGroups.set(arn, {
      arn,
      name: seed.name,
      port: seed.port,
      protocol: seed.protocol ?? 'HTTP',
      healthCheckPath: seed.healthCheckPath ?? '/',
      interval: seed.healthCheckIntervalSeconds ?? 30,
      healthyThreshold: seed.healthyThresholdCount ?? 5,
      unhealthyThreshold: seed.unhealthyThresholdCount ?? 2,
      deregistrationDelay: seed.deregistrationDelaySeconds ?? 300,
      matcher: seed.matcher ?? '200',
      targets: new Map(),
    });
  }

  addLoadBalancer(seed: LoadBalancerSeed): void {
    const lbId = this.world.ids.hex(16);
    const arn = `${this.arnBase()}:loadbalancer/app/${seed.name}/${lbId}`;
    const lb: LoadBalancer = {
      arn,
      name: seed.name,
      scheme: seed.scheme ?? 'internet-facing',
      dnsName: `${seed.name}-${this.world.ids.digits(10)}.${this.world.region}.elb.amazonaws.com`,
      createdAt: this.world.now(),
      listeners: [],
    };
    seed.listeners.forEach((ls: ListenerSeed) => {
      const listenerId = this.world.ids.hex(16);
      const listenerArn = `${this.arnBase()}:listener/app/${seed.name}/${lbId}/${listenerId}`;
      const ruleArn = () =>
        `${this.arnBase()}:listener-rule/app/${seed.name}/${lbId}/${listenerId}/${this.world.ids.hex(16)}`;
      const rules: Rule[] = (ls.rules ?? [])
        .slice()
        .sort((a, b) => a.priority - b.priority)
        .map((r) => ({
          arn: ruleArn(),
          priority: String(r.priority),
          pathPatterns: r.pathPatterns,
          forward: this.forwards(r.targetGroup),
          isDefault: false,
        }));
      rules.push({
        arn: ruleArn(),
        priority: 'default',
        pathPatterns: [],
        forward: ls.defaultTargetGroup ? this.forwards(ls.defaultTargetGroup) : [],
        isDefault: true,
      });
      lb.listeners.push({
        arn: listenerArn,
        loadBalancerArn: arn,
        port: ls.port,
        protocol: ls.protocol ?? (ls.port === 443 ? 'HTTPS' : 'HTTP'),
        role: ls.role ?? 'production',
        rules,
      });
    });
    this.loadBalancers.push(lb);
  }

  private forwards(ref: string | WeightedTargetGroup[]): Forward[] {
    if (typeof ref === 'string') return [{ targetGroupArn: this.targetGroup(ref).arn, weight: 1 }];
    return ref.map((w) => ({ targetGroupArn: this.targetGroup(w.targetGroup).arn, weight: w.weight }));
  }

  /** A target group by name or ARN; throws the ELBv2 error when missing. */
  targetGroup(ref: string): TargetGroup {
    const found = this.targetGroups.get(ref) ?? [...this.targetGroups.values()].find((tg) => tg.name === ref);
    if (!found) throw new SimAwsError('TargetGroupNotFound', 'One or more target groups not found');
    return found;
  }

  /** A rule by ARN, `<lb>:<port>` (the default rule) or `<lb>:<port>:<priority>`. */
  rule(ref: string): Rule {
    for (const lb of this.loadBalancers) {
      for (const l of lb.listeners) {
        for (const r of l.rules) {
          if (r.arn === ref) return r;
          if (ref === `${lb.name}:${l.port}` && r.isDefault) return r;
          if (ref === `${lb.name}:${l.port}:${r.priority}`) return r;
        }
      }
    }
    throw new SimAwsError('RuleNotFound', 'One or more rules not found');
  }

  listenerOfRule(rule: Rule): Listener | undefined {
    return this.loadBalancers.flatMap((lb) => lb.listeners).find((l) => l.rules.includes(rule));
  }

  loadBalancerArnsOf(tg: TargetGroup): string[] {
    return this.loadBalancers
      .filter((lb) =>
        lb.listeners.some((l) => l.rules.some((r) => r.forward.some((f) => f.targetGroupArn === tg.arn))),
      )
      .map((lb) => lb.arn);
  }

  register(tgArn: string, id: string, port: number, taskArn: string, at: number): void {
    const tg = this.targetGroup(tgArn);
    tg.targets.set(`${id}:${port}`, {
      id,
      port,
      taskArn,
      state: 'initial',
      reason: 'Elb.RegistrationInProgress',
      description: 'Target registration is in progress',
      registeredAt: at,
      passes: 0,
      fails: 0,
      nextCheckAt: at + 5000,
    });
  }

  deregister(tgArn: string, id: string, port: number, at: number): void {
    const tg = this.targetGroups.get(tgArn);
    const target = tg?.targets.get(`${id}:${port}`);
    if (!tg || !target || target.state === 'draining') return;
    target.state = 'draining';
    target.reason = 'Target.DeregistrationInProgress';
    target.description = 'Target deregistration is in progress';
    target.drainUntil = at + tg.deregistrationDelay * 1000;
  }

  /** The target of a task in a target group, if registered (draining included). */
  targetOf(tgArn: string, taskArn: string): Target | undefined {
    const tg = this.targetGroups.get(tgArn);
    if (!tg) return undefined;
    for (const t of tg.targets.values()) if (t.taskArn === taskArn) return t;
    return undefined;
  }

  step(t: number): void {
    for (const tg of this.targetGroups.values()) {
      for (const [key, target] of tg.targets) {
        if (target.state === 'draining') {
          if (t >= target.drainUntil!) tg.targets.delete(key);
          continue;
        }
        if (t < target.nextCheckAt) continue;
        target.nextCheckAt = t + tg.interval * 1000;
        const probe = this.world.probe(target.taskArn, t);
        if (probe.pass) {
          target.passes++;
          target.fails = 0;
          if (target.state !== 'healthy' && target.passes >= tg.healthyThreshold) {
            target.state = 'healthy';
            target.reason = undefined;
            target.description = undefined;
          } else if (target.state === 'initial') {
            target.reason = 'Elb.InitialHealthChecking';
            target.description = 'Initial health checks in progress';
          }
        } else {
          target.fails++;
          target.passes = 0;
          if (target.state !== 'unhealthy' && target.fails >= tg.unhealthyThreshold) {
            target.state = 'unhealthy';
            target.reason = probe.reason ?? 'Target.FailedHealthChecks';
            target.description = probe.description ?? describeReason(target.reason);
          } else if (target.state === 'initial') {
            target.reason = 'Elb.InitialHealthChecking';
            target.description = 'Initial health checks in progress';
          }
        }
      }
    }
  }

  state() {
    return {
      loadBalancers: this.loadBalancers.map((lb) => ({
        name: lb.name,
        listeners: lb.listeners.map((l) => ({
          port: l.port,
          role: l.role,
          rules: l.rules.map((r) => ({
            priority: r.priority,
            paths: r.pathPatterns,
            forward: r.forward.map((f) => ({
              targetGroup: this.targetGroups.get(f.targetGroupArn)?.name,
              weight: f.weight,
            })),
          })),
        })),
      })),
      targetGroups: [...this.targetGroups.values()].map((tg) => ({
        name: tg.name,
        targets: [...tg.targets.values()].map((t) => ({
          id: t.id,
          task: t.taskArn.split('/').pop(),
          state: t.state,
          reason: t.reason,
        })),
      })),
    };
  }
}

const iso = (ms: number) => new Date(ms);

function describeActions(forward: Forward[]) {
  if (!forward.length) {
    return [
      {
        Type: 'fixed-response',
        Order: 1,
        FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not Found' },
      },
    ];
  }
  return [
    {
      Type: 'forward',
      Order: 1,
      TargetGroupArn: forward.length === 1 ? forward[0]!.targetGroupArn : undefined,
      ForwardConfig: {
        TargetGroups: forward.map((f) => ({ TargetGroupArn: f.targetGroupArn, Weight: f.weight })),
        TargetGroupStickinessConfig: { Enabled: false },
      },
    },
  ];
}

function describeRule(rule: Rule) {
  return {
    RuleArn: rule.arn,
    Priority: rule.priority,
    Conditions: rule.isDefault
      ? []
      : [
          {
            Field: 'path-pattern',
            Values: rule.pathPatterns,
            PathPatternConfig: { Values: rule.pathPatterns },
          },
        ],
    Actions: describeActions(rule.forward),
    IsDefault: rule.isDefault,
  };
}

/** Actions as the Query parser delivers them (strings) → forwards. */
function parseForward(model: ElbModel, actions: Wire[] | undefined): Forward[] {
  const forward = (actions ?? []).find((a) => a?.Type === 'forward');
  if (!forward) throw new SimAwsError('ValidationError', 'A forward action is required');
  const groups: Wire[] = forward.ForwardConfig?.TargetGroups ?? [];
  if (groups.length) {
    return groups.map((g) => ({
      targetGroupArn: model.targetGroup(String(g.TargetGroupArn)).arn,
      weight: g.Weight === undefined ? 1 : Number(g.Weight),
    }));
  }
  return [{ targetGroupArn: model.targetGroup(String(forward.TargetGroupArn)).arn, weight: 1 }];
}

type QueryOperation = (input: Record<string, Wire>) => unknown;

/** ELBv2 operations: input is the parsed Query form, output the `<XResult>` content (PascalCase). */
export function createElbOperations(world: World): Record<string, QueryOperation> {
  const model = () => world.elb;
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

  const describeTargetGroup = (tg: TargetGroup) => ({
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: 'vpc-0sim0000000000001',
    HealthCheckProtocol: tg.protocol,
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: tg.interval,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: tg.healthyThreshold,
    UnhealthyThresholdCount: tg.unhealthyThreshold,
    HealthCheckPath: tg.healthCheckPath,
    Matcher: { HttpCode: tg.matcher },
    LoadBalancerArns: model().loadBalancerArnsOf(tg),
    TargetType: 'ip',
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  });

  const describeListener = (l: Listener) => ({
    ListenerArn: l.arn,
    LoadBalancerArn: l.loadBalancerArn,
    Port: l.port,
    Protocol: l.protocol,
    Certificates:
      l.protocol === 'HTTPS'
        ? [{ CertificateArn: `arn:aws:acm:${world.region}:${world.accountId}:certificate/sim-certificate` }]
        : undefined,
    SslPolicy: l.protocol === 'HTTPS' ? 'ELBSecurityPolicy-TLS13-1-2-2021-06' : undefined,
    DefaultActions: describeActions(l.rules.find((r) => r.isDefault)?.forward ?? []),
  });

  const listeners = () => model().loadBalancers.flatMap((lb) => lb.listeners);

  return {
    DescribeLoadBalancers: (input) => {
      const arns = list(input.LoadBalancerArns);
      const names = list(input.Names);
      const found = model().loadBalancers.filter(
        (lb) => (!arns.length || arns.includes(lb.arn)) && (!names.length || names.includes(lb.name)),
      );
      if ((arns.length || names.length) && found.length < arns.length + names.length) {
        throw new SimAwsError('LoadBalancerNotFound', 'One or more load balancers not found');
      }
      return {
        LoadBalancers: found.map((lb) => ({
          LoadBalancerArn: lb.arn,
          DNSName: lb.dnsName,
          CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
          CreatedTime: iso(lb.createdAt),
          LoadBalancerName: lb.name,
          Scheme: lb.scheme,
          VpcId: 'vpc-0sim0000000000001',
          State: { Code: 'active' },
          Type: 'application',
          AvailabilityZones: [
            { ZoneName: `${world.region}a`, SubnetId: 'subnet-0sim000000000000a' },
            { ZoneName: `${world.region}b`, SubnetId: 'subnet-0sim000000000000b' },
          ],
          SecurityGroups: ['sg-0sim0000000000001'],
          IpAddressType: 'ipv4',
        })),
      };
    },
    DescribeListeners: (input) => {
      const arns = list(input.ListenerArns);
      let found = listeners();
      if (input.LoadBalancerArn) {
        if (!model().loadBalancers.some((lb) => lb.arn === input.LoadBalancerArn)) {
          throw new SimAwsError('LoadBalancerNotFound', 'One or more load balancers not found');
        }
        found = found.filter((l) => l.loadBalancerArn === input.LoadBalancerArn);
      }
      if (arns.length) {
        found = found.filter((l) => arns.includes(l.arn));
        if (found.length < arns.length)
          throw new SimAwsError('ListenerNotFound', 'One or more listeners not found');
      }
      return { Listeners: found.map(describeListener) };
    },
    DescribeRules: (input) => {
      const arns = list(input.RuleArns);
      let rules: Rule[];
      if (input.ListenerArn) {
        const listener = listeners().find((l) => l.arn === input.ListenerArn);
        if (!listener) throw new SimAwsError('ListenerNotFound', 'One or more listeners not found');
        rules = listener.rules;
      } else {
        rules = listeners().flatMap((l) => l.rules);
      }
      if (arns.length) {
        rules = rules.filter((r) => arns.includes(r.arn));
        if (rules.length < arns.length) throw new SimAwsError('RuleNotFound', 'One or more rules not found');
      }
      return { Rules: rules.map(describeRule) };
    },
    DescribeTargetGroups: (input) => {
      const arns = list(input.TargetGroupArns);
      const names = list(input.Names);
      let found = [...model().targetGroups.values()];
      if (input.LoadBalancerArn)
        found = found.filter((tg) => model().loadBalancerArnsOf(tg).includes(input.LoadBalancerArn));
      if (arns.length || names.length) {
        found = found.filter((tg) => arns.includes(tg.arn) || names.includes(tg.name));
        if (found.length < arns.length + names.length) {
          throw new SimAwsError('TargetGroupNotFound', 'One or more target groups not found');
        }
      }
      return { TargetGroups: found.map(describeTargetGroup) };
    },
    DescribeTargetGroupAttributes: (input) => {
      const tg = model().targetGroup(String(input.TargetGroupArn));
      return {
        Attributes: [
          { Key: 'deregistration_delay.timeout_seconds', Value: String(tg.deregistrationDelay) },
          { Key: 'stickiness.enabled', Value: 'false' },
          { Key: 'load_balancing.algorithm.type', Value: 'round_robin' },
          { Key: 'slow_start.duration_seconds', Value: '0' },
        ],
      };
    },
    DescribeTargetHealth: (input) => {
      const tg = model().targetGroup(String(input.TargetGroupArn));
      const asked: { Id: string; Port?: string }[] = Array.isArray(input.Targets) ? input.Targets : [];
      const describe = (t: Target) => ({
        Target: { Id: t.id, Port: t.port, AvailabilityZone: `${world.region}a` },
        HealthCheckPort: String(t.port),
        TargetHealth: { State: t.state, Reason: t.reason, Description: t.description },
      });
      if (asked.length) {
        return {
          TargetHealthDescriptions: asked.map((a) => {
            const port = a.Port ? Number(a.Port) : tg.port;
            const t = tg.targets.get(`${a.Id}:${port}`);
            return t
              ? describe(t)
              : {
                  Target: { Id: a.Id, Port: port },
                  HealthCheckPort: String(port),
                  TargetHealth: {
                    State: 'unused',
                    Reason: 'Target.NotRegistered',
                    Description: 'Target is not registered to the target group',
                  },
                };
          }),
        };
      }
      return { TargetHealthDescriptions: [...tg.targets.values()].map(describe) };
    },
    DescribeTags: (input) => ({
      TagDescriptions: list(input.ResourceArns).map((arn) => ({ ResourceArn: arn, Tags: [] })),
    }),
    ModifyRule: (input) => {
      const rule = model().rule(String(input.RuleArn));
      if (input.Actions) rule.forward = parseForward(model(), input.Actions);
      return { Rules: [describeRule(rule)] };
    },
    ModifyListener: (input) => {
      const listener = listeners().find((l) => l.arn === input.ListenerArn);
      if (!listener) throw new SimAwsError('ListenerNotFound', 'One or more listeners not found');
      if (input.DefaultActions)
        listener.rules.find((r) => r.isDefault)!.forward = parseForward(model(), input.DefaultActions);
      return { Listeners: [describeListener(listener)] };
    },
    RegisterTargets: (input) => {
      const tg = model().targetGroup(String(input.TargetGroupArn));
      for (const t of (input.Targets ?? []) as { Id: string; Port?: string }[]) {
        model().register(tg.arn, t.Id, t.Port ? Number(t.Port) : tg.port, '', world.now());
      }
      return {};
    },
    DeregisterTargets: (input) => {
      const tg = model().targetGroup(String(input.TargetGroupArn));
      for (const t of (input.Targets ?? []) as { Id: string; Port?: string }[]) {
        model().deregister(tg.arn, t.Id, t.Port ? Number(t.Port) : tg.port, world.now());
      }
      return {};
    },
  };
}
