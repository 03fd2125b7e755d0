/**
 * Deploy marks: which reports make one and how it is tagged and timed (pure), then writing them to the
 * loopback Grafana fake over HTTP: created once, found again and left or patched on a re-run, and a bad
 * token or a read-only account reported as a warning without the token in it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { parseDeploymentReport, type DeploymentReport } from '../../deploy-report/index.js';
import { MemoryLogger } from '../../runtime/index.js';
import {
  GRAFANA_EDITOR_TOKEN,
  GRAFANA_VIEWER_TOKEN,
  startGrafanaFake,
  type GrafanaFake,
} from '../../simulator/grafana.js';
import { GrafanaClient, marksSummary, postReleaseMarks, releaseMarks } from '../index.js';

const fixture = (name: string): DeploymentReport =>
  parseDeploymentReport(
    JSON.parse(
      readFileSync(join(import.meta.dirname, '../../../test/fixtures/reports', `${name}.json`), 'utf8'),
    ),
    name,
  );
const RUN = 'https://github.com/acme/shop/actions/runs/777';

let grafana: GrafanaFake | undefined;
afterEach(async () => {
  await grafana?.close();
  grafana = undefined;
});

describe('releaseMarks', () => {
  it('spans each release window, with environment, service, revision, status and a release tag', () => {
    const [mark, rolledBack] = releaseMarks([fixture('succeeded'), fixture('rolled-back')], {
      environment: 'production',
      runUrl: RUN,
    });
    expect(mark).toMatchObject({
      time: Date.parse('2025-01-15T10:00:00.000Z'),
      timeEnd: Date.parse('2025-01-15T10:03:12.000Z'),
      tags: [
        'ecs-deploy',
        'environment:production',
        'service:backend',
        'revision:shop-backend:42',
        'status:succeeded',
        expect.stringMatching(/^release:[0-9a-f]{16}$/),
      ],
    });
    expect(mark!.text).toBe(
      `✅ shop-backend:42 deployed · production · shop-production (eu-west-1) · 3m 12s · commit 3f9c2e1<br><a href="${RUN}">GitHub Actions run</a>`,
    );
    expect(mark).not.toHaveProperty('dashboardUID');
    expect(rolledBack!.tags).toEqual([
      'ecs-deploy',
      'environment:production',
      'service:frontend',
      'revision:shop-frontend:18',
      'status:rolled-back',
      'rollback',
      expect.stringMatching(/^release:[0-9a-f]{16}$/),
    ]);
    expect(rolledBack!.text).toContain('shop-frontend:18 rolled back to shop-frontend:17');
    expect(rolledBack!.releaseTag).not.toBe(mark!.releaseTag);
  });

  it('tags a rollback action’s report `rollback`, puts marks on the dashboard asked for, and escapes HTML', () => {
    const rollback: DeploymentReport = {
      ...fixture('succeeded'),
      kind: 'rollback',
      service: 'back<end>',
      rolledBackTo: undefined,
    };
    const [mark] = releaseMarks([rollback], { environment: 'prod & co', dashboardUid: 'ecs-overview' });
    expect(mark!.tags).toContain('rollback');
    expect(mark!.dashboardUID).toBe('ecs-overview');
    expect(mark!.text).toContain('rollback of back&lt;end&gt; to shop-backend:42 succeeded · prod &amp; co');
    // Without a run URL of the step, the report's own run is linked.
    expect(mark!.text).toContain('<a href="https://github.com/acme/shop/actions/runs/9876543210">');
  });

  it('makes no mark for one-off tasks, dry runs and releases still in progress', () => {
    const marks = releaseMarks(
      [
        fixture('run-task-succeeded'),
        { ...fixture('succeeded'), dryRun: true },
        { ...fixture('succeeded'), status: 'in-progress', finishedAt: undefined },
      ],
      { environment: 'production' },
    );
    expect(marks).toEqual([]);
  });

  it('gives the same report the same release tag, and another start another tag', () => {
    const once = releaseMarks([fixture('succeeded')], { environment: 'production' })[0]!;
    const again = releaseMarks([fixture('succeeded')], { environment: 'production' })[0]!;
    const later = releaseMarks([{ ...fixture('succeeded'), startedAt: '2025-01-15T12:00:00.000Z' }], {
      environment: 'production',
    })[0]!;
    expect(again.releaseTag).toBe(once.releaseTag);
    expect(later.releaseTag).not.toBe(once.releaseTag);
  });
});

describe('postReleaseMarks against the Grafana fake', () => {
  const marks = () =>
    releaseMarks([fixture('succeeded'), fixture('rolled-back')], { environment: 'production', runUrl: RUN });

  it('creates one annotation per mark, then finds them again instead of adding more', async () => {
    grafana = await startGrafanaFake();
    const client = new GrafanaClient({ url: grafana.url, token: GRAFANA_EDITOR_TOKEN });
    const log = new MemoryLogger();
    const first = await postReleaseMarks(client, marks(), log);
    expect(first.map((o) => o.outcome)).toEqual(['created', 'created']);
    expect(grafana.annotations).toHaveLength(2);
    expect(grafana.annotations[0]).toMatchObject({
      time: Date.parse('2025-01-15T10:00:00.000Z'),
      timeEnd: Date.parse('2025-01-15T10:03:12.000Z'),
      login: 'sa-1-ecs-deploy',
    });
    const again = await postReleaseMarks(client, marks(), log);
    expect(again.map((o) => o.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(grafana.annotations).toHaveLength(2);
    expect(grafana.calls.filter((c) => c.method === 'POST')).toHaveLength(2);
    expect(marksSummary(again)).toBeUndefined();
  });

  it('patches its annotation when the report changed (a re-run that ended differently)', async () => {
    grafana = await startGrafanaFake();
    const client = new GrafanaClient({ url: grafana.url, token: GRAFANA_EDITOR_TOKEN });
    const log = new MemoryLogger();
    await postReleaseMarks(client, marks().slice(0, 1), log);
    const longer = releaseMarks(
      [{ ...fixture('succeeded'), finishedAt: '2025-01-15T10:05:00.000Z', durationSeconds: 300 }],
      { environment: 'production', runUrl: RUN },
    );
    const [outcome] = await postReleaseMarks(client, longer, log);
    expect(outcome).toMatchObject({ outcome: 'updated', id: 1 });
    expect(grafana.annotations).toHaveLength(1);
    expect(grafana.annotations[0]!.timeEnd).toBe(Date.parse('2025-01-15T10:05:00.000Z'));
    expect(grafana.annotations[0]!.text).toContain('5m');
    expect(grafana.calls.map((c) => c.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
  });

  it('a bad token or a read-only account is one warning, naming the fix and never the token', async () => {
    grafana = await startGrafanaFake();
    const badToken = 'glsa_revokedToken_0000000000000000_deadbeef';
    for (const [token, expected] of [
      [badToken, /Grafana answered 401 to GET \/api\/annotations: Invalid API key \(check grafana-token/],
      [GRAFANA_VIEWER_TOKEN, /Grafana answered 403 to POST \/api\/annotations: .*annotations:create/],
    ] as const) {
      const log = new MemoryLogger();
      const outcomes = await postReleaseMarks(new GrafanaClient({ url: grafana.url, token }), marks(), log);
      expect(outcomes.map((o) => o.outcome)).toEqual(['failed', 'failed']);
      // One warning for both: after a 401 or 403 the other mark is not tried.
      const warnings = log.lines.filter((l) => l.level === 'warning');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toContain('for backend (shop-backend:42) in production, frontend');
      expect(warnings[0]!.message).toMatch(expected);
      const summary = marksSummary(outcomes)!;
      expect(summary).toContain('Grafana annotations: 2 of 2 not written');
      expect([log.text(), summary].join('\n')).not.toContain(token);
    }
    expect(grafana.annotations).toEqual([]);
  });

  it('an unreachable Grafana is a warning too', async () => {
    grafana = await startGrafanaFake();
    const url = grafana.url;
    await grafana.close();
    grafana = undefined;
    const log = new MemoryLogger();
    const outcomes = await postReleaseMarks(
      new GrafanaClient({ url, token: GRAFANA_EDITOR_TOKEN, timeoutMs: 2000 }),
      marks().slice(0, 1),
      log,
    );
    expect(outcomes).toEqual([
      {
        label: 'backend (shop-backend:42) in production',
        outcome: 'failed',
        error: expect.stringContaining(`GET /api/annotations to ${url} failed`),
      },
    ]);
  });
});

describe('the Grafana fake', () => {
  it('filters by every tag (or any with matchAny) and by overlap with from/to, and wants a Bearer token', async () => {
    grafana = await startGrafanaFake();
    const post = (body: unknown, token = GRAFANA_EDITOR_TOKEN) =>
      fetch(`${grafana!.url}/api/annotations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const added = await post({ time: 1000, timeEnd: 2000, tags: ['a', 'b'], text: 'one' });
    expect(await added.json()).toEqual({ id: 1, message: 'Annotation added' });
    await post({ time: 5000, timeEnd: 6000, tags: ['a'], text: 'two' });
    const get = async (query: string) =>
      (
        (await (
          await fetch(`${grafana!.url}/api/annotations?${query}`, {
            headers: { Authorization: `Bearer ${GRAFANA_EDITOR_TOKEN}` },
          })
        ).json()) as { id: number }[]
      ).map((a) => a.id);
    expect(await get('tags=a')).toEqual([2, 1]);
    expect(await get('tags=a&tags=b')).toEqual([1]);
    expect(await get('tags=b&tags=c&matchAny=true')).toEqual([1]);
    expect(await get('from=1500&to=5500')).toEqual([2, 1]);
    expect(await get('from=2500&to=4000')).toEqual([]);
    const anonymous = await fetch(`${grafana.url}/api/annotations`);
    expect([anonymous.status, await anonymous.json()]).toEqual([401, { message: 'Unauthorized' }]);
    const wrong = await post({ text: 'x' }, 'glsa_nope');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ message: 'Invalid API key', messageId: 'api-key.invalid' });
    expect(JSON.stringify(grafana.calls)).not.toContain(GRAFANA_EDITOR_TOKEN);
  });
});
