/**
 * A small client of Grafana's annotations HTTP API (`/api/annotations`): find by tags and time, create, patch.
 * It authenticates with a service-account token as a Bearer header and never puts the token in an error.
 */

/** An annotation as Grafana stores it (the fields we use). */
export interface GrafanaAnnotation {
  id: number;
  /** Epoch ms. */
  time: number;
  timeEnd: number;
  text: string;
  tags: string[];
  dashboardUID?: string;
}

/** What we write: a region annotation when `timeEnd` is after `time`. */
export interface AnnotationInput {
  time: number;
  timeEnd: number;
  text: string;
  tags: string[];
  dashboardUID?: string;
  panelId?: number;
}

export interface AnnotationQuery {
  /** Every tag must match. */
  tags: string[];
  from?: number;
  to?: number;
  limit?: number;
}

export class GrafanaError extends Error {
  constructor(
    message: string,
    /** HTTP status, absent when no answer came (network, timeout). */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GrafanaError';
  }
}

export interface GrafanaClientOptions {
  /** Base URL without a trailing slash. */
  url: string;
  token: string;
  timeoutMs?: number;
  /** For tests; default: the global fetch. */
  fetch?: typeof fetch;
}

const HINTS: Record<number, string> = {
  401: 'check grafana-token: it must be a service-account token (glsa_…) of this Grafana',
  403: 'give the service account the Editor role, or the annotations:create and annotations:write permissions',
  404: 'check grafana-url: it must be the base URL Grafana is served at',
};

export class GrafanaClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly o: GrafanaClientOptions) {
    this.fetch = o.fetch ?? fetch;
  }

  async findAnnotations(query: AnnotationQuery): Promise<GrafanaAnnotation[]> {
    const params = new URLSearchParams();
    for (const tag of query.tags) params.append('tags', tag);
    if (query.from !== undefined) params.set('from', String(query.from));
    if (query.to !== undefined) params.set('to', String(query.to));
    params.set('limit', String(query.limit ?? 100));
    params.set('type', 'annotation');
    const found = await this.request('GET', `/api/annotations?${params.toString()}`);
    if (!Array.isArray(found)) throw new GrafanaError('GET /api/annotations answered no list');
    return found as GrafanaAnnotation[];
  }

  async createAnnotation(annotation: AnnotationInput): Promise<number> {
    const out = (await this.request('POST', '/api/annotations', annotation)) as { id?: unknown };
    if (typeof out?.id !== 'number')
      throw new GrafanaError('POST /api/annotations answered no annotation id');
    return out.id;
  }

  async patchAnnotation(id: number, changes: Partial<AnnotationInput>): Promise<void> {
    await this.request('PATCH', `/api/annotations/${id}`, changes);
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const what = `${method} ${path.split('?')[0]}`;
    let response: Response;
    try {
      response = await this.fetch(`${this.o.url}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.o.token}`,
          Accept: 'application/json',
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
    } catch (err) {
      const cause =
        err instanceof Error
          ? err.name === 'TimeoutError'
            ? 'no answer in time'
            : err.message
          : String(err);
      throw new GrafanaError(`${what} to ${this.o.url} failed: ${cause}`);
    }
    const text = await response.text();
    let payload: unknown;
    try {
      payload = text ? JSON.parse(text) : undefined;
    } catch {
      payload = undefined;
    }
    if (!response.ok) {
      const said = (payload as { message?: unknown } | undefined)?.message;
      const hint = HINTS[response.status];
      throw new GrafanaError(
        `Grafana answered ${response.status} to ${what}${typeof said === 'string' && said ? `: ${said}` : ''}${hint ? ` (${hint})` : ''}`,
        response.status,
      );
    }
    return payload;
  }
}
