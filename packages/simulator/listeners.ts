/**
 * Real loopback HTTP endpoints standing in for each load balancer's listeners: `production` and, when
 * the load balancer has a listener with role `test`, `test`. A request follows the listener's rules
 * (path patterns, weighted forwards: a rule forwarding 90/10 sends every tenth request to the second
 * target group) to a target group, then to a healthy target (all targets when none
 * is healthy, as an ALB fails open), and is answered as that task's release says (status, body, latency).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Listener, Rule } from './elb.js';
import type { World } from './world.js';

type Role = 'production' | 'test';

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

export class ListenerServers {
  private readonly servers = new Map<string, { role: Role; server: Server; url: string }[]>();
  /** Round-robin counters per target group. */
  private readonly counters = new Map<string, number>();
  /** Smooth weighted round-robin state per rule, reset when its weights change. */
  private readonly weighted = new Map<string, { key: string; credit: Map<string, number> }>();

  constructor(private readonly world: () => World) {}

  /** Starts endpoints for load balancers that do not have them yet. */
  async sync(): Promise<void> {
    for (const lb of this.world().elb.loadBalancers) {
      const roles: Role[] = lb.listeners.some((l) => l.role === 'test')
        ? ['production', 'test']
        : ['production'];
      const existing = this.servers.get(lb.name) ?? [];
      for (const role of roles) {
        if (existing.some((e) => e.role === role)) continue;
        const server = createServer((req, res) => void this.handle(lb.name, role, req, res));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
        existing.push({ role, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      }
      this.servers.set(lb.name, existing);
    }
  }

  urls(loadBalancer?: string): { production: string; test?: string } {
    const name = loadBalancer ?? this.world().elb.loadBalancers[0]?.name ?? '';
    const entries = this.servers.get(name);
    const production = entries?.find((e) => e.role === 'production')?.url;
    if (!production) throw new Error(`no load balancer named ${name} in the scenario`);
    return { production, test: entries?.find((e) => e.role === 'test')?.url };
  }

  all(): Record<string, { production?: string; test?: string }> {
    const out: Record<string, { production?: string; test?: string }> = {};
    for (const [name, entries] of this.servers) {
      out[name] = Object.fromEntries(entries.map((e) => [e.role, e.url]));
    }
    return out;
  }

  async close(): Promise<void> {
    for (const entries of this.servers.values()) {
      for (const { server } of entries) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    }
    this.servers.clear();
  }

  private next(key: string): number {
    const n = this.counters.get(key) ?? 0;
    this.counters.set(key, n + 1);
    return n;
  }

  /**
   * Smooth weighted round robin: every pick each target group earns its weight, the richest is chosen
   * and pays the total back. Shares are exact over any whole cycle and spread out within it, so a short
   * probe during a 10% canary step already sees green about once in ten requests.
   */
  private pickTargetGroup(rule: Rule): string | undefined {
    const live = rule.forward.filter((f) => f.weight > 0);
    const total = live.reduce((n, f) => n + f.weight, 0);
    if (!total) return undefined;
    const key = live.map((f) => `${f.targetGroupArn}=${f.weight}`).join(',');
    let state = this.weighted.get(rule.arn);
    if (state?.key !== key) {
      state = { key, credit: new Map() };
      this.weighted.set(rule.arn, state);
    }
    let best: string | undefined;
    let bestCredit = -Infinity;
    for (const f of live) {
      const credit = (state.credit.get(f.targetGroupArn) ?? 0) + f.weight;
      state.credit.set(f.targetGroupArn, credit);
      if (credit > bestCredit) {
        best = f.targetGroupArn;
        bestCredit = credit;
      }
    }
    state.credit.set(best!, bestCredit - total);
    return best;
  }

  private async handle(lbName: string, role: Role, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const world = this.world();
    world.advance();
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain', server: 'awselb/2.0', ...headers });
      res.end(body);
    };
    const lb = world.elb.loadBalancers.find((l) => l.name === lbName);
    const listener: Listener | undefined = lb?.listeners.find((l) => l.role === role);
    if (!listener) return reply(503, '503 Service Temporarily Unavailable');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const rule =
      listener.rules.find((r) => !r.isDefault && r.pathPatterns.some((p) => globToRegExp(p).test(path))) ??
      listener.rules.find((r) => r.isDefault)!;
    if (!rule.forward.length) return reply(404, 'Not Found');
    const tgArn = this.pickTargetGroup(rule);
    const tg = tgArn ? world.elb.targetGroups.get(tgArn) : undefined;
    const targets = [...(tg?.targets.values() ?? [])].filter((t) => t.state !== 'draining');
    const healthy = targets.filter((t) => t.state === 'healthy');
    const pool = healthy.length ? healthy : targets;
    if (!tg || !pool.length) return reply(503, '503 Service Temporarily Unavailable');
    const target = pool[this.next(tg.arn) % pool.length]!;
    const task = world.ecs.taskByArn(target.taskArn);
    if (!task || task.lastStatus !== 'RUNNING') return reply(502, '502 Bad Gateway');
    const behaviour =
      (role === 'test' ? (task.release.testHttp ?? task.release.http) : task.release.http) ?? {};
    if (behaviour.latencyMs) await new Promise((r) => setTimeout(r, behaviour.latencyMs));
    reply(behaviour.status ?? 200, behaviour.body ?? `ok ${task.td.family}:${task.td.revision}`, {
      ...behaviour.headers,
      'x-sim-task': task.id,
      'x-sim-task-definition': `${task.td.family}:${task.td.revision}`,
    });
  }
}
