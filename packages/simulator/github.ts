/**
 * A loopback fake of the GitHub REST API: the parts the report action uses (identity, issue and commit
 * comments, pull requests of a commit, deployments and their statuses), with GitHub's status codes, error
 * bodies, pagination (`per_page`, `page`, `Link`) and rate-limit headers. Bundles reach it through
 * GITHUB_API_URL.
 *
 * ```ts
 * const gh = await startGitHubFake({ pulls: [{ number: 7, headSha }] });
 * // env: { GITHUB_API_URL: gh.url, INPUT_GITHUB-TOKEN: 'ghs_actions' }
 * gh.state.issueComments.get(7); gh.calls; await gh.close();
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHubIdentity {
  login: string;
  /** `Bot` tokens behave like app installation tokens (GITHUB_TOKEN): GET /user answers 403. */
  type: 'User' | 'Bot';
  /** Writes answer 403 "Resource not accessible by …", as the token of a pull request from a fork. */
  readOnly?: boolean;
  id?: number;
}

export interface FakeUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface FakeComment {
  id: number;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
  html_url: string;
  /** The issue or pull request number, for issue comments. */
  issue?: number;
  /** The commit, for commit comments. */
  commitSha?: string;
}

export interface FakeDeploymentStatus {
  id: number;
  state: string;
  description: string;
  environment: string;
  environment_url: string;
  log_url: string;
  creator: FakeUser;
  created_at: string;
}

export interface FakeDeployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  transient_environment: boolean;
  production_environment: boolean;
  required_contexts?: string[];
  auto_merge?: boolean;
  payload: unknown;
  creator: FakeUser;
  created_at: string;
  /** Oldest first. */
  statuses: FakeDeploymentStatus[];
}

export interface FakePull {
  number: number;
  headSha: string;
  headRef?: string;
  state?: 'open' | 'closed';
  /** Other commits of the pull request (GET /commits/{sha}/pulls finds the PR by them too). */
  commits?: string[];
}

export interface SeedComment {
  issue: number;
  body: string;
  user: string;
  type?: 'User' | 'Bot';
}

export interface FailureRule {
  method?: string;
  /** Matched against the path (without the query). */
  path: RegExp;
  status: number;
  message?: string;
  /** How many requests fail; default 1. */
  times?: number;
}

export interface GitHubFakeOptions {
  /** `owner/name` of the only repository served (others answer 404). Default `acme/shop`. */
  repository?: string;
  /** Token → identity. Default: see DEFAULT_TOKENS. */
  tokens?: Record<string, GitHubIdentity>;
  pulls?: FakePull[];
  comments?: SeedComment[];
  failures?: FailureRule[];
  /** Requests per token and window before 403 "API rate limit exceeded". Default 5000. */
  rateLimit?: number;
  /** Length of the rate-limit window. Default 3600. */
  rateLimitWindowSeconds?: number;
}

export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** The identity the token resolved to (never the token). */
  login?: string;
}

export interface GitHubFakeState {
  /** Issue / pull request number → comments, oldest first. */
  issueComments: Map<number, FakeComment[]>;
  /** Commit sha → commit comments, oldest first. */
  commitComments: Map<string, FakeComment[]>;
  deployments: FakeDeployment[];
}

export interface GitHubFake {
  /** `http://127.0.0.1:PORT`: use as GITHUB_API_URL. */
  url: string;
  repository: string;
  tokens: Record<string, GitHubIdentity>;
  calls: FakeCall[];
  state: GitHubFakeState;
  close(): Promise<void>;
}

export const DEFAULT_TOKENS: Record<string, GitHubIdentity> = {
  ghs_actions_token: { login: 'github-actions[bot]', type: 'Bot' },
  ghp_octocat_token: { login: 'octocat', type: 'User' },
  ghs_fork_token: { login: 'github-actions[bot]', type: 'Bot', readOnly: true },
};

const SERVER = 'https://github.com';
const MAX_BODY = 65536;
const DESCRIPTION_MAX = 140;
const DEPLOYMENT_STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const validationFailed = (resource: string, field: string, message: string) =>
  new HttpError(422, 'Validation Failed', { errors: [{ resource, code: 'custom', field, message }] });

export async function startGitHubFake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const repository = options.repository ?? 'acme/shop';
  const tokens = options.tokens ?? DEFAULT_TOKENS;
  const rateLimit = options.rateLimit ?? 5000;
  const pulls = options.pulls ?? [];
  const failures = (options.failures ?? []).map((rule) => ({ rule, left: rule.times ?? 1 }));
  const state: GitHubFakeState = { issueComments: new Map(), commitComments: new Map(), deployments: [] };
  const calls: FakeCall[] = [];
  const used = new Map<string, number>();
  const windowSeconds = options.rateLimitWindowSeconds ?? 3600;
  let resetAt = Math.floor(Date.now() / 1000) + windowSeconds;
  let nextId = 1001;
  const users = new Map<string, FakeUser>();
  const userOf = (login: string, type: 'User' | 'Bot', id?: number): FakeUser => {
    const known = users.get(login);
    if (known) return known;
    const user = { login, id: id ?? 9000 + users.size, type };
    users.set(login, user);
    return user;
  };
  const now = () => new Date().toISOString();
  const pullUrl = (n: number) =>
    `${SERVER}/${repository}/${pulls.some((p) => p.number === n) ? 'pull' : 'issues'}/${n}`;

  for (const seed of options.comments ?? []) {
    const id = nextId++;
    const list = state.issueComments.get(seed.issue) ?? [];
    list.push({
      id,
      body: seed.body,
      user: userOf(seed.user, seed.type ?? (seed.user.endsWith('[bot]') ? 'Bot' : 'User')),
      created_at: now(),
      updated_at: now(),
      html_url: `${pullUrl(seed.issue)}#issuecomment-${id}`,
      issue: seed.issue,
    });
    state.issueComments.set(seed.issue, list);
  }

  const knownIssue = (n: number) => pulls.some((p) => p.number === n) || state.issueComments.has(n);

  const commentJson = (c: FakeComment, base: string) => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url:
      c.issue !== undefined
        ? `${base}/repos/${repository}/issues/comments/${c.id}`
        : `${base}/repos/${repository}/comments/${c.id}`,
    html_url: c.html_url,
    body: c.body,
    user: c.user,
    created_at: c.created_at,
    updated_at: c.updated_at,
    ...(c.commitSha
      ? { commit_id: c.commitSha }
      : { issue_url: `${base}/repos/${repository}/issues/${c.issue}` }),
    author_association: c.user.type === 'Bot' ? 'NONE' : 'OWNER',
  });

  const deploymentJson = (d: FakeDeployment, base: string) => ({
    id: d.id,
    node_id: `DE_${d.id}`,
    url: `${base}/repos/${repository}/deployments/${d.id}`,
    statuses_url: `${base}/repos/${repository}/deployments/${d.id}/statuses`,
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    environment: d.environment,
    original_environment: d.environment,
    description: d.description,
    creator: d.creator,
    created_at: d.created_at,
    updated_at: d.statuses.at(-1)?.created_at ?? d.created_at,
    transient_environment: d.transient_environment,
    production_environment: d.production_environment,
  });

  const statusJson = (d: FakeDeployment, s: FakeDeploymentStatus, base: string) => ({
    id: s.id,
    node_id: `DES_${s.id}`,
    url: `${base}/repos/${repository}/deployments/${d.id}/statuses/${s.id}`,
    state: s.state,
    description: s.description,
    environment: s.environment,
    environment_url: s.environment_url,
    log_url: s.log_url,
    target_url: s.log_url,
    creator: s.creator,
    created_at: s.created_at,
    updated_at: s.created_at,
    deployment_url: `${base}/repos/${repository}/deployments/${d.id}`,
  });

  /** One page of a list, with GitHub's Link header (absolute URLs keeping the other query parameters). */
  function page<T>(items: T[], url: URL, res: ServerResponse): T[] {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const current = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string) => {
      const u = new URL(url.toString());
      u.searchParams.set('page', String(n));
      u.searchParams.set('per_page', String(perPage));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (current > 1) links.push(link(current - 1, 'prev'), link(1, 'first'));
    if (current < last) links.push(link(current + 1, 'next'), link(last, 'last'));
    if (links.length) res.setHeader('Link', links.join(', '));
    return items.slice((current - 1) * perPage, current * perPage);
  }

  function requireWrite(identity: GitHubIdentity) {
    if (identity.readOnly) {
      throw new HttpError(
        403,
        `Resource not accessible by ${identity.type === 'Bot' ? 'integration' : 'personal access token'}`,
      );
    }
  }

  function commentBody(body: unknown, resource: string): string {
    const text = (body as { body?: unknown } | undefined)?.body;
    if (typeof text !== 'string' || !text) throw validationFailed(resource, 'body', "body can't be blank");
    if ([...text].length > MAX_BODY) {
      throw validationFailed(resource, 'body', `body is too long (maximum is ${MAX_BODY} characters)`);
    }
    return text;
  }

  function findComment(id: number, kind: 'issue' | 'commit'): { comment: FakeComment; list: FakeComment[] } {
    const lists = kind === 'issue' ? state.issueComments.values() : state.commitComments.values();
    for (const list of lists) {
      const comment = list.find((c) => c.id === id);
      if (comment) return { comment, list };
    }
    throw new HttpError(404, 'Not Found');
  }

  function deployment(id: number): FakeDeployment {
    const found = state.deployments.find((d) => d.id === id);
    if (!found) throw new HttpError(404, 'Not Found');
    return found;
  }

  /** GitHub's auto_inactive: prior successful deployments of a non-transient, non-production environment. */
  function autoInactivate(current: FakeDeployment, creator: FakeUser) {
    for (const d of state.deployments) {
      if (d.id >= current.id || d.environment !== current.environment) continue;
      if (d.transient_environment || d.production_environment) continue;
      if (d.statuses.at(-1)?.state !== 'success') continue;
      d.statuses.push({
        id: nextId++,
        state: 'inactive',
        description: '',
        environment: d.environment,
        environment_url: '',
        log_url: '',
        creator,
        created_at: now(),
      });
    }
  }

  function route(
    method: string,
    url: URL,
    body: unknown,
    identity: GitHubIdentity,
    res: ServerResponse,
    base: string,
  ): [number, unknown] {
    const me = userOf(identity.login, identity.type, identity.id);
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/user' && method === 'GET') {
      if (identity.type === 'Bot') throw new HttpError(403, 'Resource not accessible by integration');
      return [200, { login: me.login, id: me.id, type: me.type, node_id: `U_${me.id}` }];
    }
    const repo = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    if (!repo || `${repo[1]}/${repo[2]}`.toLowerCase() !== repository.toLowerCase()) {
      throw new HttpError(404, 'Not Found');
    }
    const rest = repo[3] ?? '';
    let m: RegExpExecArray | null;

    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = Number(m[1]);
      if (!knownIssue(issue)) throw new HttpError(404, 'Not Found');
      const list = state.issueComments.get(issue) ?? [];
      if (method === 'GET') return [200, page(list, url, res).map((c) => commentJson(c, base))];
      if (method === 'POST') {
        requireWrite(identity);
        const text = commentBody(body, 'IssueComment');
        const id = nextId++;
        const comment: FakeComment = {
          id,
          body: text,
          user: me,
          created_at: now(),
          updated_at: now(),
          html_url: `${pullUrl(issue)}#issuecomment-${id}`,
          issue,
        };
        list.push(comment);
        state.issueComments.set(issue, list);
        return [201, commentJson(comment, base)];
      }
    }
    if ((m = /^\/(issues\/comments|comments)\/(\d+)$/.exec(rest))) {
      const kind = m[1] === 'comments' ? 'commit' : 'issue';
      const { comment, list } = findComment(Number(m[2]), kind);
      if (method === 'GET') return [200, commentJson(comment, base)];
      if (method === 'PATCH') {
        requireWrite(identity);
        comment.body = commentBody(body, kind === 'issue' ? 'IssueComment' : 'CommitComment');
        comment.updated_at = now();
        return [200, commentJson(comment, base)];
      }
      if (method === 'DELETE') {
        requireWrite(identity);
        list.splice(list.indexOf(comment), 1);
        return [204, undefined];
      }
    }
    if ((m = /^\/commits\/([0-9a-f]{7,40})\/comments$/.exec(rest))) {
      const sha = m[1]!;
      const list = state.commitComments.get(sha) ?? [];
      if (method === 'GET') return [200, page(list, url, res).map((c) => commentJson(c, base))];
      if (method === 'POST') {
        requireWrite(identity);
        const text = commentBody(body, 'CommitComment');
        const id = nextId++;
        const comment: FakeComment = {
          id,
          body: text,
          user: me,
          created_at: now(),
          updated_at: now(),
          html_url: `${SERVER}/${repository}/commit/${sha}#commitcomment-${id}`,
          commitSha: sha,
        };
        list.push(comment);
        state.commitComments.set(sha, list);
        return [201, commentJson(comment, base)];
      }
    }
    if ((m = /^\/commits\/([0-9a-f]{7,40})\/pulls$/.exec(rest)) && method === 'GET') {
      const sha = m[1]!;
      const found = pulls.filter((p) => p.headSha === sha || p.commits?.includes(sha));
      return [
        200,
        page(found, url, res).map((p) => ({
          number: p.number,
          state: p.state ?? 'open',
          html_url: `${SERVER}/${repository}/pull/${p.number}`,
          head: { sha: p.headSha, ref: p.headRef ?? `branch-${p.number}` },
          base: { ref: 'main' },
        })),
      ];
    }
    if (rest === '/deployments') {
      if (method === 'GET') {
        const q = url.searchParams;
        const found = state.deployments
          .filter(
            (d) =>
              (!q.get('environment') || d.environment === q.get('environment')) &&
              (!q.get('sha') || d.sha === q.get('sha')) &&
              (!q.get('ref') || d.ref === q.get('ref')) &&
              (!q.get('task') || d.task === q.get('task')),
          )
          .sort((a, b) => b.id - a.id);
        return [200, page(found, url, res).map((d) => deploymentJson(d, base))];
      }
      if (method === 'POST') {
        requireWrite(identity);
        const input = (body ?? {}) as Record<string, unknown>;
        if (typeof input.ref !== 'string' || !input.ref)
          throw validationFailed('Deployment', 'ref', "ref can't be blank");
        const environment = typeof input.environment === 'string' ? input.environment : 'production';
        const d: FakeDeployment = {
          id: nextId++,
          sha: /^[0-9a-f]{40}$/.test(input.ref) ? input.ref : '0'.repeat(40),
          ref: input.ref,
          task: typeof input.task === 'string' ? input.task : 'deploy',
          environment,
          description: typeof input.description === 'string' ? input.description : null,
          transient_environment: input.transient_environment === true,
          production_environment:
            typeof input.production_environment === 'boolean'
              ? input.production_environment
              : environment === 'production',
          required_contexts: input.required_contexts as string[] | undefined,
          auto_merge: input.auto_merge as boolean | undefined,
          payload: input.payload ?? {},
          creator: me,
          created_at: now(),
          statuses: [],
        };
        state.deployments.push(d);
        return [201, deploymentJson(d, base)];
      }
    }
    if ((m = /^\/deployments\/(\d+)\/statuses$/.exec(rest))) {
      const d = deployment(Number(m[1]));
      if (method === 'GET') {
        return [200, page([...d.statuses].reverse(), url, res).map((s) => statusJson(d, s, base))];
      }
      if (method === 'POST') {
        requireWrite(identity);
        const input = (body ?? {}) as Record<string, unknown>;
        const stateName = input.state;
        if (typeof stateName !== 'string' || !DEPLOYMENT_STATES.includes(stateName)) {
          throw validationFailed('DeploymentStatus', 'state', `state is not included in the list`);
        }
        const description = typeof input.description === 'string' ? input.description : '';
        if ([...description].length > DESCRIPTION_MAX) {
          throw validationFailed(
            'DeploymentStatus',
            'description',
            `description is too long (maximum is ${DESCRIPTION_MAX} characters)`,
          );
        }
        const s: FakeDeploymentStatus = {
          id: nextId++,
          state: stateName,
          description,
          environment: typeof input.environment === 'string' ? input.environment : d.environment,
          environment_url: typeof input.environment_url === 'string' ? input.environment_url : '',
          log_url: typeof input.log_url === 'string' ? input.log_url : '',
          creator: me,
          created_at: now(),
        };
        d.statuses.push(s);
        if (stateName === 'success' && input.auto_inactive !== false) autoInactivate(d, me);
        return [201, statusJson(d, s, base)];
      }
    }
    throw new HttpError(404, 'Not Found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse, base: string) {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', base);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const call: FakeCall = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      status: 0,
    };
    calls.push(call);
    const send = (status: number, payload: unknown) => {
      call.status = status;
      res.statusCode = status;
      if (payload === undefined) return res.end();
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(payload));
    };
    const fail = (err: HttpError) =>
      send(err.status, {
        message: err.message,
        documentation_url: 'https://docs.github.com/rest',
        status: String(err.status),
        ...err.extra,
      });
    try {
      try {
        call.body = raw ? JSON.parse(raw) : undefined;
      } catch {
        throw new HttpError(400, 'Problems parsing JSON');
      }
      const auth = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '');
      if (!auth) throw new HttpError(401, 'Requires authentication');
      const identity = tokens[auth[1]!];
      if (!identity) throw new HttpError(401, 'Bad credentials');
      call.login = identity.login;
      if (Date.now() / 1000 >= resetAt) {
        used.clear();
        resetAt = Math.floor(Date.now() / 1000) + windowSeconds;
      }
      const count = (used.get(auth[1]!) ?? 0) + 1;
      used.set(auth[1]!, count);
      res.setHeader('x-ratelimit-limit', String(rateLimit));
      res.setHeader('x-ratelimit-remaining', String(Math.max(0, rateLimit - count)));
      res.setHeader('x-ratelimit-used', String(Math.min(count, rateLimit)));
      res.setHeader('x-ratelimit-reset', String(resetAt));
      res.setHeader('x-ratelimit-resource', 'core');
      res.setHeader('x-github-api-version-selected', '2022-11-28');
      if (count > rateLimit) {
        throw new HttpError(
          403,
          `API rate limit exceeded for user ID ${userOf(identity.login, identity.type).id}.`,
        );
      }
      const failure = failures.find(
        (f) => f.left > 0 && f.rule.path.test(url.pathname) && (!f.rule.method || f.rule.method === method),
      );
      if (failure) {
        failure.left--;
        throw new HttpError(failure.rule.status, failure.rule.message ?? 'Server Error');
      }
      const [status, payload] = route(method, url, call.body, identity, res, base);
      send(status, payload);
    } catch (err) {
      if (err instanceof HttpError) fail(err);
      else fail(new HttpError(500, err instanceof Error ? err.message : String(err)));
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    repository,
    tokens,
    calls,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
