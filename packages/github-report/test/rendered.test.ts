/**
 * The PR comment and the job summaries as a reviewer sees them: our Markdown, rendered the way github.com
 * renders it (test/helpers/gfm.ts: GFM, GitHub's sanitizer, mentions, alerts) and read back with an HTML
 * parser. Tables keep their columns, links go to https, nothing shows escapes or raw tags, user text cannot
 * add HTML, formatting or @mentions, sparklines survive, and a big release still fits GitHub's limit.
 */
import { describe, expect, it } from '@jest/globals';
import type {
  CostReport,
  DeploymentReport,
  ReleaseMetrics,
  ReleaseRecord,
  TimingReport,
} from '../../deploy-report/index.js';
import { deploySummary } from '../../deploy/summary.js';
import { metricRows, rowSparkline } from '../../metrics/index.js';
import { COMMENT_LIMIT, renderComment, renderSummary, type RenderOptions } from '../markdown.js';
import {
  attribute,
  childElements,
  elements,
  parseHtml,
  renderGfm,
  textOf,
  textRuns,
  type HtmlElement,
  type HtmlNode,
} from '../../../test/helpers/gfm.js';
import { fixture } from './fixtures.js';

const OPTIONS: RenderOptions = {
  environment: 'production',
  run: {
    url: 'https://github.com/acme/shop/actions/runs/9876543210',
    sha: '3f9c2e1b7a4d5c6e8f9a0b1c2d3e4f5a6b7c8d9e',
    repository: 'acme/shop',
    serverUrl: 'https://github.com',
  },
  links: {
    marginMs: 5 * 60_000,
    grafana: {
      url: 'https://grafana.example.com',
      orgId: 1,
      dashboardUid: 'ecs-web',
      vars: [{ name: 'cluster', value: 'web' }],
    },
  },
};

/** A smooth per-minute series, different per seed, so sparklines have shape. */
const wave = (minutes: number, base: number, swing: number, seed: number) =>
  Array.from({ length: minutes }, (_, i) => base + swing * Math.sin(i * 0.9 + seed));

/** Release metrics through the real row builder; `slower` triples p95 like the demo's v3.1. */
function releaseMetrics(slower = false): ReleaseMetrics {
  const minutes = 8;
  const series = (seed: number, after: boolean) => ({
    requests: wave(minutes, 1200, 90, seed),
    target5xx: wave(minutes, 1.5, 1, seed),
    'elb-5xx': wave(minutes, 0.4, 0.4, seed),
    'p50-latency': wave(minutes, 38, 3, seed),
    'p95-latency': wave(minutes, after && slower ? 400 : 120, 12, seed),
    'p99-latency': wave(minutes, after && slower ? 900 : 310, 25, seed),
    'cpu-avg': wave(minutes, 34, 4, seed),
    'cpu-max': wave(minutes, 52, 6, seed),
    'memory-avg': wave(minutes, 61, 1, seed),
    'memory-max': wave(minutes, 64, 1, seed),
    'running-tasks': Array.from({ length: minutes }, () => 2),
  });
  const targets = {
    targetGroups: [{ targetGroup: 'targetgroup/backend/0123456789abcdef', loadBalancer: 'app/web/abc' }],
  };
  return {
    periodSeconds: 60,
    before: { start: '2025-01-15T09:52:00.000Z', end: '2025-01-15T10:00:00.000Z' },
    after: { start: '2025-01-15T10:00:00.000Z', end: '2025-01-15T10:08:00.000Z' },
    targetGroups: ['targetgroup/backend/0123456789abcdef'],
    loadBalancers: ['app/web/abc'],
    rows: metricRows(series(0, false), series(2, true), minutes, targets),
    checks: [
      {
        check: '5xx-rate < 1%',
        metric: '5xx-rate',
        status: 'passed',
        before: 0.12,
        after: 0.13,
        detail: '5xx rate 0.13% < 1%',
      },
      slower
        ? {
            check: 'p95-latency < +30%',
            metric: 'p95-latency',
            status: 'failed',
            before: 120,
            after: 400,
            detail: 'p95 latency 400 ms is +233% against 120 ms before the release; the limit is +30%',
          }
        : {
            check: 'p95-latency < +30%',
            metric: 'p95-latency',
            status: 'passed',
            before: 120,
            after: 121,
            detail: 'p95 latency 121 ms is +1% against 120 ms',
          },
    ],
  };
}

const COST: CostReport = {
  region: 'eu-west-1',
  priceSource: 'https://aws.amazon.com/fargate/pricing/',
  pricesReadOn: '2026-12-01',
  hoursPerMonth: 730,
  spotShare: 0.5,
  capacity: 'FARGATE base 1 weight 1, FARGATE_SPOT weight 1',
  release: {
    revision: 'shop-backend:42',
    cpu: 1024,
    memory: 2048,
    architecture: 'X86_64',
    storageGb: 20,
    desiredCount: 2,
    taskHour: 0.0346,
    monthly: 50.52,
  },
  previous: {
    revision: 'shop-backend:41',
    cpu: 512,
    memory: 1024,
    architecture: 'X86_64',
    storageGb: 20,
    desiredCount: 2,
    taskHour: 0.0173,
    monthly: 25.26,
  },
  monthlyChange: 25.26,
  changed: ['cpu 512→1024', 'memory 1024→2048'],
  rightSizing: {
    cpu: 512,
    memory: 1024,
    monthly: 25.26,
    saving: 25.26,
    cpuMaxPercent: 21,
    memoryMaxPercent: 30,
    headroomPercent: 60,
    days: 14,
  },
  notes: ['Spot priced at the on-demand rate less the average Spot discount'],
};

const TIMING: TimingReport = {
  totalSeconds: 372,
  phases: [
    { name: 'provisioning', label: 'provisioning and image pull', seconds: 13, detail: 'image 212 MB' },
    { name: 'to-healthy', label: 'start to healthy', seconds: 69, detail: '2 checks × 30 s, grace 60 s' },
    { name: 'draining', label: 'old tasks draining', seconds: 290, detail: 'deregistration delay 300 s' },
  ],
  criticalTask: '0123456789abcdef',
  settings: { deregistrationDelaySeconds: 300, p99Seconds: 1.2 },
  advice: [
    "4 min 50 s of 6 min 12 s was draining: deregistration delay is 300 s; 30 s would do for this service's request times (p99 1.2 s)",
  ],
  notes: [],
};

function history(family: string, count: number): ReleaseRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const revision = 42 - i;
    return {
      arn: `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:${revision}`,
      family,
      revision,
      status: 'ACTIVE',
      registeredAt: new Date(Date.parse('2025-01-15T10:00:00Z') - i * 86_400_000).toISOString(),
      gitSha: `${(0x3f9c2e1 + i).toString(16)}b7a4d5c6e8f9a0b1c2d3e4f5a6b7c8d9e`.slice(0, 40),
      repository: 'acme/shop',
      actor: 'octocat',
      images: {
        app: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/backend@sha256:${'9f86d081884c'.repeat(5).slice(0, 64)}`,
      },
      ...(i % 3 === 1 ? { verdict: 'failed' as const } : { verdict: 'verified' as const }),
      ...(i === 0 ? { live: true } : {}),
      ...(i === 2 ? { rollbackTarget: true } : {}),
    };
  });
}

const good = (): DeploymentReport => ({
  ...fixture('succeeded'),
  metrics: releaseMetrics(),
  cost: COST,
  timing: TIMING,
  history: history('shop-backend', 8),
});

const rolledBack = (): DeploymentReport => ({ ...fixture('rolled-back'), metrics: releaseMetrics(true) });

const rollbackWithHistory = (): DeploymentReport => {
  const base = fixture('succeeded');
  return {
    ...base,
    kind: 'rollback',
    rolledBackFrom: { ...base.taskDefinition, revision: 44 },
    rollbackRequest: 'previous',
    history: history(base.taskDefinition.family, 6),
  };
};

const CONTAINERS = ['app', 'nginx', 'datadog-agent', 'log-router'];

const multiContainer = (service = 'backend'): DeploymentReport => {
  const base = good();
  return {
    ...base,
    service,
    images: Object.fromEntries(
      CONTAINERS.map((c) => [
        c,
        `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/${c}:3f9c2e1@sha256:${'2c26b46b68ff'.repeat(6).slice(0, 64)}`,
      ]),
    ),
    changes: CONTAINERS.flatMap((container) => [
      {
        container,
        field: 'image',
        kind: 'changed' as const,
        before: `shop/${container}:9d8e7f6`,
        after: `shop/${container}:3f9c2e1`,
      },
      {
        container,
        field: 'environment',
        key: 'RELEASE',
        kind: 'changed' as const,
        before: 'v41',
        after: 'v42',
      },
    ]),
    release: { services: ['backend', 'frontend', 'worker', 'scheduler'], outcome: 'deployed' },
  };
};

// ---- what every rendered body must satisfy -------------------------------------------------------------

/** GFM table rows of the Markdown source, outside fences: the cells GitHub will split them into. */
function sourceTables(markdown: string): string[][][] {
  const tables: string[][][] = [];
  let fence: string | undefined;
  let current: string[][] | undefined;
  for (const line of markdown.split('\n')) {
    const opener = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (
        opener &&
        opener[0] === fence[0] &&
        opener.length >= fence.length &&
        !line.trim().slice(opener.length)
      )
        fence = undefined;
      continue;
    }
    if (opener) {
      fence = opener;
      continue;
    }
    if (line.startsWith('|')) {
      const cells = line
        .trim()
        .replace(/^\|/, '')
        .replace(/(?<!\\)\|$/, '')
        .split(/(?<!\\)\|/);
      (current ??= []).push(cells);
      if (current.length === 1) tables.push(current);
    } else {
      current = undefined;
    }
  }
  return tables;
}

/** Visible text outside code: what must not show Markdown or HTML syntax. */
function proseText(root: HtmlNode): string {
  return textRuns(root)
    .filter((r) => !r.ancestors.includes('code') && !r.ancestors.includes('pre'))
    .map((r) => r.text)
    .join('');
}

const LEFTOVERS: [RegExp, string][] = [
  [/&(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);/i, 'an HTML entity shown as text'],
  [/\\[\\`*_[\]<>|~&@]/, 'a Markdown escape shown as text'],
  [/\*\*|__/, 'bold markers shown as text'],
  [/<\/?(details|summary|br|sub|code|table|a)\b/i, 'an HTML tag shown as text'],
  [/\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/, 'an alert marker shown as text'],
  [/\]\((https?:|#)/, 'a Markdown link shown as text'],
];

interface Rendered {
  html: string;
  doc: ReturnType<typeof parseHtml>;
}

/** Render and check what holds for every body; returns the parsed HTML for more checks. */
function rendered(markdown: string, context: 'comment' | 'document' = 'comment', userText = false): Rendered {
  const html = renderGfm(markdown, { context });
  const doc = parseHtml(html);

  // Every table row has its header's number of cells, in the source (GitHub pads or drops the difference).
  for (const table of sourceTables(markdown)) {
    const width = table[0]!.length;
    for (const row of table)
      expect({ row: row.join('|'), cells: row.length }).toEqual({ row: row.join('|'), cells: width });
  }
  for (const table of elements(doc, 'table')) {
    const width = elements(table, 'th').length;
    expect(width).toBeGreaterThan(0);
    for (const row of elements(table, 'tbody').flatMap((b) => childElements(b, 'tr'))) {
      expect(childElements(row, 'td')).toHaveLength(width);
    }
  }
  // Every link goes to an absolute https URL (or an anchor on the page); none lost its href to the sanitizer.
  for (const a of elements(doc, 'a')) {
    const href = attribute(a, 'href');
    expect({ link: textOf(a), href }).toEqual({
      link: textOf(a),
      href: expect.stringMatching(/^(https:\/\/[^\s/]+\.[^\s/]+|#)/),
    });
  }
  // Nobody is pinged, and nothing was dropped by the sanitizer or shown as images.
  expect(
    elements(doc, 'a')
      .filter((a) => attribute(a, 'class') === 'user-mention')
      .map(textOf),
  ).toEqual([]);
  expect(elements(doc, 'img', 'script', 'style', 'iframe')).toEqual([]);
  // No empty line where one break was meant: in a comment GitHub turns a newline into <br> as well.
  expect(html).not.toMatch(/<br\s*\/?>\s*<br\b/);
  // Every <details> is an element (not text) and opens with its summary.
  if (!userText) expect(elements(doc, 'details')).toHaveLength((markdown.match(/<details\b/g) ?? []).length);
  for (const d of elements(doc, 'details')) {
    expect(d.childNodes.find((c): c is HtmlElement => 'tagName' in c)?.tagName).toBe('summary');
  }
  if (!userText) {
    const prose = proseText(doc);
    for (const [pattern, what] of LEFTOVERS)
      expect({ what, found: pattern.exec(prose)?.[0] }).toEqual({ what, found: undefined });
    for (const code of elements(doc, 'code')) expect(textOf(code)).not.toMatch(/\\\||&(amp|lt|gt);/);
  }
  return { html, doc };
}

/** The sparkline of every metric row that has data, as the report's numbers draw it. */
const sparklinesOf = (report: DeploymentReport) =>
  report
    .metrics!.rows.filter((r) => [...r.beforeSeries, ...r.afterSeries].some((v) => v !== null))
    .map((r) => rowSparkline(r.beforeSeries, r.afterSeries));

const sparklineCells = (doc: HtmlNode) =>
  elements(doc, 'code')
    .map(textOf)
    .filter((t) => /^[▁▂▃▄▅▆▇█·]+│[▁▂▃▄▅▆▇█·]+$/.test(t));

describe('the comment and summaries as GitHub renders them', () => {
  const cases: [string, () => DeploymentReport[]][] = [
    ['a good release with metrics, cost, time and history', () => [good()]],
    ['a rolled-back release with its cause, log tail and failed metric check', () => [rolledBack()]],
    ['a failed release whose rollback did not finish', () => [fixture('failed')]],
    ['a run-task report', () => [fixture('run-task-failed')]],
    ['a rollback with release history', () => [rollbackWithHistory()]],
    [
      'a multi-container release of several services',
      () => [multiContainer(), { ...rolledBack(), service: 'frontend' }, fixture('run-task-succeeded')],
    ],
  ];

  it.each(cases)('%s: the PR comment', (_, reports) => {
    const { doc } = rendered(renderComment(reports(), OPTIONS));
    expect(elements(doc, 'h2')).toHaveLength(1);
    expect(elements(doc, 'sub').length).toBeGreaterThan(0);
  });

  it.each(cases)('%s: the report job summary', (_, reports) => {
    rendered(renderSummary(reports(), OPTIONS), 'document');
  });

  it.each(cases.filter(([name]) => !name.includes('run-task')))(
    '%s: the deploy job summary',
    (_, reports) => {
      for (const report of reports().filter((r) => r.kind === 'deploy'))
        rendered(deploySummary(report, []), 'document');
    },
  );

  it('shows every metric row with its sparkline intact, in the comment and the summaries', () => {
    const report = good();
    const expected = sparklinesOf(report);
    expect(expected.join('')).toMatch(/[▁▂▃▅▇]/);
    for (const [markdown, context] of [
      [renderComment([report], OPTIONS), 'comment'],
      [renderSummary([report], OPTIONS), 'document'],
      [deploySummary(report, []), 'document'],
    ] as const) {
      const { doc } = rendered(markdown, context);
      expect(sparklineCells(doc)).toEqual(expected);
    }
  });

  it('shows the failed metric check of a slower release with its values', () => {
    const { doc } = rendered(renderComment([rolledBack()], OPTIONS));
    const rows = elements(doc, 'tr').map((tr) => elements(tr, 'td').map(textOf));
    expect(rows).toContainEqual(['p95-latency < +30%', '❌ failed', '120 ms', '400 ms']);
    expect(textOf(doc)).toContain('❌ p95 latency 400 ms is +233%');
  });

  it('shows an alert for a rollback that did not finish, as GitHub does', () => {
    const report = {
      ...fixture('succeeded'),
      status: 'failed' as const,
      rollbackProblem: 'ECS still runs shop-backend:42',
    };
    const { doc } = rendered(renderComment([report], OPTIONS));
    const alert = elements(doc, 'div').find((d) => attribute(d, 'class')?.includes('markdown-alert-caution'));
    expect(alert && textOf(alert)).toContain('Rollback incomplete: ECS still runs shop-backend:42');
  });
});

describe('text from reports cannot change the page', () => {
  /** HTML, Markdown, a table pipe, backticks, an entity and a mention in one value. */
  const EVIL =
    'x<img src=x onerror=alert(1)>|y`z`**b** _i_ ~~s~~ @octocat <details><summary>s</summary> &amp; &lt;b&gt; </details> ```';
  const value = (label: string) => `${label}:${EVIL}`;

  function hostile(plain: boolean): DeploymentReport[] {
    const v = (label: string) => (plain ? `${label}:plain` : value(label));
    const failed = fixture('failed');
    const deploy: DeploymentReport = {
      ...failed,
      service: v('service'),
      images: { [v('container')]: 'shop/backend:1', app: 'shop/backend:2' },
      cause: {
        ...failed.cause!,
        summary: v('summary'),
        stoppedReason: v('stopped'),
        container: v('cause-container'),
        targetHealthDescription: v('target'),
        logLines: [v('log'), '```', '</details>', v('log2')],
      },
      timeline: [...failed.timeline, { at: failed.finishedAt!, kind: 'task', message: v('timeline') }],
      gates: failed.gates.map((g) => ({ ...g, detail: v('gate') })),
      rollbackProblem: v('problem'),
      historyError: v('history'),
      changes: [
        {
          container: v('change'),
          field: 'environment',
          key: v('key'),
          kind: 'changed',
          before: v('before'),
          after: v('after'),
        },
      ],
      metrics: { ...releaseMetrics(), notes: [v('metric-note')] },
      cost: { ...COST, notes: [v('cost-note')] },
      timing: { ...TIMING, advice: [v('advice')] },
    };
    const task: DeploymentReport = { ...fixture('run-task-failed'), taskName: v('task') };
    return [deploy, task];
  }

  /** Each labelled value as the reader sees it, verbatim (GitHub shows the zero-width space as nothing). */
  const shown = (doc: HtmlNode) => {
    const all = textOf(doc).replace(/\u200b/g, '');
    return (labels: string[]) => labels.filter((l) => !all.includes(value(l)));
  };

  /** Count of each element kind: user text must not add or remove any. */
  const shape = (doc: HtmlNode) => {
    const counts: Record<string, number> = {};
    for (const e of elements(doc)) counts[e.tagName] = (counts[e.tagName] ?? 0) + 1;
    return counts;
  };

  it('in the PR comment', () => {
    const evil = rendered(renderComment(hostile(false), OPTIONS), 'comment', true);
    const plain = rendered(renderComment(hostile(true), OPTIONS), 'comment');
    expect(shape(evil.doc)).toEqual(shape(plain.doc));
    const missing = shown(evil.doc)([
      'service',
      'container',
      'summary',
      'stopped',
      'cause-container',
      'log',
      'log2',
      'timeline',
      'history',
      'change',
      'key',
      'before',
      'after',
      'metric-note',
      'cost-note',
      'advice',
      'task',
    ]);
    expect(missing).toEqual([]);
  });

  it('in the deploy job summary', () => {
    const [evilReport] = hostile(false);
    const [plainReport] = hostile(true);
    const evil = rendered(deploySummary(evilReport!, []), 'document', true);
    const plain = rendered(deploySummary(plainReport!, []), 'document');
    expect(shape(evil.doc)).toEqual(shape(plain.doc));
    const missing = shown(evil.doc)([
      'service',
      'summary',
      'stopped',
      'cause-container',
      'log',
      'log2',
      'timeline',
      'gate',
      'problem',
      'history',
      'metric-note',
      'cost-note',
      'advice',
    ]);
    expect(missing).toEqual([]);
  });

  it('keeps URLs in report text whole and clickable', () => {
    const url = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped_task_errors.html';
    const report = fixture('failed');
    report.cause = { ...report.cause!, stoppedReason: `CannotPullContainerError (see ${url}).` };
    const { doc } = rendered(renderComment([report], OPTIONS));
    const a = elements(doc, 'a').find((l) => textOf(l) === url);
    expect(a && attribute(a, 'href')).toBe(url);
    expect(textOf(doc)).toContain(`CannotPullContainerError (see ${url}).`);
  });
});

describe("GitHub's 65,536-character limit", () => {
  /** Four services of four containers each, with everything on and logs and timelines as long as they get. */
  function bigRelease(): DeploymentReport[] {
    const longLine = (i: number) =>
      `2025-01-15T10:04:${String(i % 60).padStart(2, '0')}Z ERROR [worker-${i}] ${'Traceback (most recent call last): File "/app/shop/checkout.py", line 214, in charge '.repeat(5)}`;
    return ['backend', 'frontend', 'worker', 'scheduler'].map((service, s) => {
      const base =
        s === 0
          ? { ...rolledBack(), ...multiContainer(service), status: 'rolled-back' as const }
          : multiContainer(service);
      const cause =
        s === 0
          ? { ...rolledBack().cause!, logLines: Array.from({ length: 200 }, (_, i) => longLine(i)) }
          : undefined;
      return {
        ...base,
        service,
        metrics: releaseMetrics(s === 0),
        cost: COST,
        timing: TIMING,
        history: history(`shop-${service}`, 25),
        timeline: Array.from({ length: 300 }, (_, i) => ({
          at: new Date(Date.parse(base.startedAt) + i * 2000).toISOString(),
          kind: 'task',
          message: `task ${(0x1000000 + i).toString(16)} of ${service}: RUNNING → target healthy in target group targetgroup/${service}/0123456789abcdef (${CONTAINERS.join(', ')})`,
        })),
        ...(cause ? { cause } : {}),
      };
    });
  }

  it('keeps a four-service, four-container release with everything on under the limit, valid and readable', () => {
    const reports = bigRelease();
    // Without a limit it would be far over: the limit is what is being tested.
    expect(renderSummary(reports, OPTIONS).length).toBeGreaterThan(COMMENT_LIMIT * 2);
    const body = renderComment(reports, OPTIONS);
    // GitHub counts characters; UTF-16 units, code points and UTF-8 bytes all stay under.
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect([...body].length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const { doc } = rendered(body);
    // The failing service leads with its cause and log tail; every service keeps a heading and its metrics.
    const headings = elements(doc, 'h3').map(textOf);
    expect(headings).toHaveLength(4);
    expect(headings[0]).toMatch(/^⏪ backend rolled back/);
    expect(elements(doc, 'pre').length).toBeGreaterThan(0);
    expect(sparklineCells(doc)).toEqual(reports.flatMap(sparklinesOf));
    expect(textOf(doc)).toMatch(/Shortened to fit GitHub's size limit: .*\. The workflow run has the rest\./);
  });
});
