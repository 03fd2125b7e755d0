/**
 * A loopback fake of Grafana's annotations HTTP API, the part the report action uses: create, find and
 * patch annotations with a service-account token (`Authorization: Bearer glsa_…`), answering with Grafana's
 * bodies and status codes. Like the GitHub fake it is a server of its own; bundles reach it through the
 * report action's `grafana-url` input.
 *
 * ```ts
 * const grafana = await startGrafanaFake();
 * // inputs: { 'grafana-url': grafana.url, 'grafana-token': GRAFANA_EDITOR_TOKEN }
 * grafana.annotations; grafana.calls; await grafana.close();
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GrafanaIdentity {
  login: string;
  /** Viewers may read annotations but not write them (403, as Grafana's RBAC answers). */
  role: 'Viewer' | 'Editor' | 'Admin';
  orgId?: number;
}

export interface FakeAnnotation {
  id: number;
  orgId: number;
  dashboardUID: string;
  dashboardId: number;
  panelId: number;
  /** Epoch ms. */
  time: number;
  timeEnd: number;
  text: string;
  tags: string[];
  login: string;
  created: number;
  updated: number;
}

export interface GrafanaCall {
  method: string;
  path: string;
  query: Record<string, string[]>;
  body: unknown;
  status: number;
  /** The service account the token resolved to (never the token). */
  login?: string;
}

export interface GrafanaFailureRule {
  method?: string;
  path: RegExp;
  status: number;
  message?: string;
  /** How many requests fail; default 1. */
  times?: number;
}

export interface GrafanaFakeOptions {
  /** Token → service account. Default: GRAFANA_EDITOR_TOKEN (Editor) and GRAFANA_VIEWER_TOKEN (Viewer). */
  tokens?: Record<string, GrafanaIdentity>;
  failures?: GrafanaFailureRule[];
}

export interface GrafanaFake {
  /** `http://127.0.0.1:PORT`: the `grafana-url`. */
  url: string;
  annotations: FakeAnnotation[];
  calls: GrafanaCall[];
  close(): Promise<void>;
}

export const GRAFANA_EDITOR_TOKEN = 'glsa_simEditorToken0123456789abcdef_0a1b2c3d';
export const GRAFANA_VIEWER_TOKEN = 'glsa_simViewerToken0123456789abcdef_4e5f6a7b';

const DEFAULT_TOKENS: Record<string, GrafanaIdentity> = {
  [GRAFANA_EDITOR_TOKEN]: { login: 'sa-1-ecs-deploy', role: 'Editor' },
  [GRAFANA_VIEWER_TOKEN]: { login: 'sa-2-dashboards', role: 'Viewer' },
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

const message = (status: number, text: string) => new HttpError(status, { message: text });

function forbidden(action: string): HttpError {
  return new HttpError(403, {
    accessErrorId: 'ACE0123456789',
    message: `You'll need additional permissions to perform this action. Permissions needed: ${action}`,
    title: 'Access denied',
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Grafana's JSON decoding: a wrong type is a 400 "bad request data". */
function optionalNumber(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw message(400, 'bad request data');
  return value;
}

function optionalTags(body: Record<string, unknown>): string[] | undefined {
  const tags = body.tags;
  if (tags === undefined || tags === null) return undefined;
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw message(400, 'bad request data');
  return tags as string[];
}

export async function startGrafanaFake(options: GrafanaFakeOptions = {}): Promise<GrafanaFake> {
  const tokens = options.tokens ?? DEFAULT_TOKENS;
  const failures = (options.failures ?? []).map((rule) => ({ rule, left: rule.times ?? 1 }));
  const annotations: FakeAnnotation[] = [];
  const calls: GrafanaCall[] = [];
  let nextId = 1;

  function create(body: unknown, who: GrafanaIdentity): [number, unknown] {
    if (!isRecord(body)) throw message(400, 'bad request data');
    const text = body.text;
    if (typeof text !== 'string') throw message(400, 'bad request data');
    if (!text) throw message(400, 'Failed to save annotation: text is required');
    const now = Date.now();
    const time = optionalNumber(body, 'time') || now;
    const timeEnd = optionalNumber(body, 'timeEnd') || time;
    const dashboardUID = body.dashboardUID;
    if (dashboardUID !== undefined && typeof dashboardUID !== 'string')
      throw message(400, 'bad request data');
    const annotation: FakeAnnotation = {
      id: nextId++,
      orgId: who.orgId ?? 1,
      dashboardUID: dashboardUID ?? '',
      dashboardId: 0,
      panelId: optionalNumber(body, 'panelId') ?? 0,
      time,
      timeEnd,
      text,
      tags: optionalTags(body) ?? [],
      login: who.login,
      created: now,
      updated: now,
    };
    annotations.push(annotation);
    return [200, { message: 'Annotation added', id: annotation.id }];
  }

  function find(query: URLSearchParams, who: GrafanaIdentity): [number, unknown] {
    const from = query.has('from') ? Number(query.get('from')) : undefined;
    const to = query.has('to') ? Number(query.get('to')) : undefined;
    const tags = query.getAll('tags');
    const matchAny = query.get('matchAny') === 'true';
    const dashboardUID = query.get('dashboardUID');
    const limit = Number(query.get('limit') ?? 100) || 100;
    const found = annotations
      .filter((a) => a.orgId === (who.orgId ?? 1))
      // Overlap with the range, as Grafana filters: the annotation starts before `to` and ends after `from`.
      .filter((a) => (to === undefined || a.time <= to) && (from === undefined || a.timeEnd >= from))
      .filter((a) => !dashboardUID || a.dashboardUID === dashboardUID)
      .filter(
        (a) =>
          !tags.length ||
          (matchAny ? tags.some((t) => a.tags.includes(t)) : tags.every((t) => a.tags.includes(t))),
      )
      .sort((a, b) => b.time - a.time || b.id - a.id)
      .slice(0, limit);
    return [200, found.map((a) => ({ ...a, alertId: 0, userId: 7, newState: '', prevState: '', data: {} }))];
  }

  function patch(id: number, body: unknown): [number, unknown] {
    const annotation = annotations.find((a) => a.id === id);
    if (!annotation) throw message(404, 'Could not find annotation to update');
    if (!isRecord(body)) throw message(400, 'bad request data');
    const time = optionalNumber(body, 'time');
    const timeEnd = optionalNumber(body, 'timeEnd');
    const tags = optionalTags(body);
    if (body.text !== undefined && typeof body.text !== 'string') throw message(400, 'bad request data');
    if (time) annotation.time = time;
    if (timeEnd) annotation.timeEnd = timeEnd;
    if (tags) annotation.tags = tags;
    if (typeof body.text === 'string' && body.text) annotation.text = body.text;
    annotation.updated = Date.now();
    return [200, { message: 'Annotation patched' }];
  }

  function route(method: string, url: URL, body: unknown, who: GrafanaIdentity): [number, unknown] {
    const path = url.pathname.replace(/\/+$/, '');
    const writes = who.role !== 'Viewer';
    if (path === '/api/annotations') {
      if (method === 'GET') return find(url.searchParams, who);
      if (method === 'POST') {
        if (!writes) throw forbidden('annotations:create');
        return create(body, who);
      }
      throw message(405, 'Method Not Allowed');
    }
    const one = /^\/api\/annotations\/(\d+)$/.exec(path);
    if (one) {
      if (method === 'PATCH') {
        if (!writes) throw forbidden('annotations:write');
        return patch(Number(one[1]), body);
      }
      throw message(405, 'Method Not Allowed');
    }
    throw message(404, 'Not found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse, base: string) {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', base);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const query: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
    const call: GrafanaCall = { method, path: url.pathname, query, body: undefined, status: 0 };
    calls.push(call);
    const send = (status: number, payload: unknown) => {
      call.status = status;
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(payload));
    };
    try {
      const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (!auth) throw message(401, 'Unauthorized');
      const who = tokens[auth[1]!];
      if (!who) {
        throw new HttpError(401, {
          message: 'Invalid API key',
          messageId: 'api-key.invalid',
          statusCode: 401,
          traceID: '',
        });
      }
      call.login = who.login;
      try {
        call.body = raw ? JSON.parse(raw) : undefined;
      } catch {
        throw message(400, 'bad request data');
      }
      const failure = failures.find(
        (f) => f.left > 0 && f.rule.path.test(url.pathname) && (!f.rule.method || f.rule.method === method),
      );
      if (failure) {
        failure.left--;
        throw message(failure.rule.status, failure.rule.message ?? 'Internal Server Error');
      }
      const [status, payload] = route(method, url, call.body, who);
      send(status, payload);
    } catch (err) {
      if (err instanceof HttpError) send(err.status, err.body);
      else send(500, { message: err instanceof Error ? err.message : String(err) });
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    annotations,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
