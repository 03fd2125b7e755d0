import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseDeploymentReport, type DeploymentReport } from '../../deploy-report/index.js';
import { UserError } from '../../inputs/index.js';
import {
  alarmUrl,
  consoleOrigin,
  ecsServiceDeploymentUrl,
  ecsServiceDeploymentsUrl,
  ecsTaskDefinitionUrl,
  ecsTaskUrl,
  grafanaDashboardUrl,
  grafanaExploreUrl,
  grafanaSettings,
  logGroupUrl,
  logStreamUrl,
  logsInsightsUrl,
  releaseLinks,
  type GrafanaInputs,
} from '../index.js';

const fixture = (name: string): DeploymentReport =>
  parseDeploymentReport(
    JSON.parse(
      readFileSync(join(import.meta.dirname, '../../../test/fixtures/reports', `${name}.json`), 'utf8'),
    ),
    'reports',
  );

// 2025-01-15T10:00:00Z to 10:10:00Z
const window = { startMs: 1736935200000, endMs: 1736935800000 };
const CW = 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1';

/** The console's hash decoding, written independently of the encoder: `$` → `%`, then URI-decode. */
function decodeHashPart(part: string, times: number): string {
  let out = part.replace(/\$/g, '%');
  for (let i = 0; i < times; i++) out = decodeURIComponent(out);
  return out;
}

/** A small JSURL reader (objects `~(k~v)`, arrays `~(~v)`, strings `'…` with `*xx` bytes, numbers). */
function readJsurl(text: string): unknown {
  let i = 0;
  const value = (): unknown => {
    if (text[i] === '(') {
      i++;
      if (text[i] === '~') {
        const arr: unknown[] = [];
        while (text[i] === '~') {
          i++;
          arr.push(value());
        }
        i++; // ')'
        return arr;
      }
      const obj: Record<string, unknown> = {};
      while (text[i] !== ')') {
        const key = /^[^~)]*/.exec(text.slice(i))![0];
        i += key.length + 1; // key and '~'
        obj[key] = value();
        if (text[i] === '~') i++;
      }
      i++;
      return obj;
    }
    if (text[i] === "'") {
      const raw = /^'[^~)]*/.exec(text.slice(i))![0];
      i += raw.length;
      return decodeURIComponent(raw.slice(1).replace(/\*/g, '%'));
    }
    const raw = /^[^~)]*/.exec(text.slice(i))![0];
    i += raw.length;
    return Number(raw);
  };
  if (text[i] !== '~') throw new Error('JSURL starts with ~');
  i++;
  const result = value();
  if (i !== text.length) throw new Error(`trailing text at ${i}: ${text.slice(i)}`);
  return result;
}

describe('AWS console links', () => {
  it('uses the amazonaws.cn console for China regions', () => {
    expect(consoleOrigin('eu-west-1')).toBe('https://eu-west-1.console.aws.amazon.com');
    expect(consoleOrigin('cn-north-1')).toBe('https://cn-north-1.console.amazonaws.cn');
    expect(ecsServiceDeploymentsUrl('cn-northwest-1', 'shop', 'backend')).toBe(
      'https://cn-northwest-1.console.amazonaws.cn/ecs/v2/clusters/shop/services/backend/deployments?region=cn-northwest-1',
    );
    expect(alarmUrl('cn-north-1', 'x')).toBe(
      'https://cn-north-1.console.amazonaws.cn/cloudwatch/home?region=cn-north-1#alarmsV2:alarm/x',
    );
  });

  it('links a service deployment ARN to its service’s deployments tab, and nothing else', () => {
    expect(
      ecsServiceDeploymentUrl(
        'arn:aws:ecs:eu-west-1:123456789012:service-deployment/shop-production/backend/q7Xk2pLm9RtZw4Vb',
      ),
    ).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/shop-production/services/backend/deployments?region=eu-west-1',
    );
    expect(
      ecsServiceDeploymentUrl('arn:aws-cn:ecs:cn-north-1:123456789012:service-deployment/shop/web/Ab12'),
    ).toBe(
      'https://cn-north-1.console.amazonaws.cn/ecs/v2/clusters/shop/services/web/deployments?region=cn-north-1',
    );
    expect(ecsServiceDeploymentUrl('d-ABCDEF123')).toBeUndefined();
    expect(ecsServiceDeploymentUrl('ecs-svc/1234567890123456789')).toBeUndefined();
    expect(
      ecsServiceDeploymentUrl('arn:aws:ecs:eu-west-1:123456789012:service/shop/backend'),
    ).toBeUndefined();
  });

  it('links the service deployments tab, a task-definition revision and a task', () => {
    expect(ecsServiceDeploymentsUrl('eu-west-1', 'shop-production', 'backend')).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/shop-production/services/backend/deployments?region=eu-west-1',
    );
    expect(ecsTaskDefinitionUrl('eu-west-1', 'shop-backend', 42)).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/task-definitions/shop-backend/42/containers?region=eu-west-1',
    );
    expect(ecsTaskUrl('eu-west-1', 'shop-production', '5b0f2c9e')).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/shop-production/tasks/5b0f2c9e/configuration?region=eu-west-1',
    );
  });

  it('encodes log group names twice with $ for % (slashes → $252F)', () => {
    expect(logGroupUrl('eu-west-1', '/ecs/shop/backend')).toBe(
      `${CW}#logsV2:log-groups/log-group/$252Fecs$252Fshop$252Fbackend/log-events`,
    );
    expect(logGroupUrl('eu-west-1', '/ecs/shop/backend', window)).toBe(
      `${CW}#logsV2:log-groups/log-group/$252Fecs$252Fshop$252Fbackend/log-events$3Fstart$3D1736935200000$26end$3D1736935800000`,
    );
  });

  it('encodes stream names with [, ], $, spaces and parentheses', () => {
    expect(logStreamUrl('eu-west-1', '/aws/lambda/fn', '2025/01/15/[$LATEST]0a1b', window)).toBe(
      `${CW}#logsV2:log-groups/log-group/$252Faws$252Flambda$252Ffn/log-events/2025$252F01$252F15$252F$255B$2524LATEST$255D0a1b$3Fstart$3D1736935200000$26end$3D1736935800000`,
    );
    expect(logStreamUrl('eu-west-1', 'app', 'a b(c)')).toBe(
      `${CW}#logsV2:log-groups/log-group/app/log-events/a$2520b$2528c$2529`,
    );
    const url = logStreamUrl('eu-west-1', '/ecs/shop#1', 'ecs/app/5b0f2c9e4d7a41b3');
    const [group, stream] = url.split('/log-group/')[1]!.split('/log-events/');
    expect(decodeHashPart(group!, 2)).toBe('/ecs/shop#1');
    expect(decodeHashPart(stream!, 2)).toBe('ecs/app/5b0f2c9e4d7a41b3');
  });

  it('builds a Logs Insights query the way the console writes it', () => {
    const query = 'fields @timestamp, @message | filter @message like "GET /api" | sort @timestamp desc';
    expect(logsInsightsUrl('eu-west-1', ['/ecs/shop/backend'], window, query)).toBe(
      `${CW}#logsV2:logs-insights$3FqueryDetail$3D` +
        '$257E$2528end$257E$25272025-01-15T10*3a10*3a00.000Z' +
        '$257Estart$257E$25272025-01-15T10*3a00*3a00.000Z' +
        '$257EtimeType$257E$2527ABSOLUTE$257Etz$257E$2527UTC' +
        '$257EeditorString$257E$2527fields*20*40timestamp*2c*20*40message*20*7c*20filter*20*40message*20like*20*22GET*20*2fapi*22*20*7c*20sort*20*40timestamp*20desc' +
        '$257Esource$257E$2528$257E$2527*2fecs*2fshop*2fbackend$2529$2529',
    );
  });

  it('round-trips Insights queries with quotes, pipes, parentheses, tildes and non-ASCII', () => {
    const query = "filter @message like 'timeout' | stats count(*) by bin(5m) ~ “ünïcode” | limit 20";
    const url = logsInsightsUrl('eu-west-1', ['/ecs/a', '/ecs/b(2)'], window, query);
    const hash = url.split('#logsV2:logs-insights')[1]!;
    expect(hash).toMatch(/^[A-Za-z0-9$*._-]+$/);
    const once = decodeHashPart(hash, 1);
    expect(once.startsWith('?queryDetail=')).toBe(true);
    const detail = decodeURIComponent(once.slice('?queryDetail='.length));
    expect(readJsurl(detail)).toEqual({
      end: '2025-01-15T10:10:00.000Z',
      start: '2025-01-15T10:00:00.000Z',
      timeType: 'ABSOLUTE',
      tz: 'UTC',
      editorString: query,
      source: ['/ecs/a', '/ecs/b(2)'],
    });
  });

  it('prefills the default query: fields @timestamp, @message | sort @timestamp desc', () => {
    const url = logsInsightsUrl('eu-west-1', ['/ecs/a'], window);
    expect(url).toContain(
      'editorString$257E$2527fields*20*40timestamp*2c*20*40message*20*7c*20sort*20*40timestamp*20desc',
    );
  });

  it('links alarms by name', () => {
    expect(alarmUrl('eu-west-1', 'shop backend 5xx/min')).toBe(
      `${CW}#alarmsV2:alarm/shop%20backend%205xx%2Fmin`,
    );
  });
});

const grafanaInputs = (over: Partial<GrafanaInputs>): GrafanaInputs => ({ orgId: 1, vars: [], ...over });
const kv = (key: string, value: string, line = 1) => ({ key, value, line });

describe('Grafana links', () => {
  it('builds a dashboard link with repeated and templated variables', () => {
    const settings = grafanaSettings(
      grafanaInputs({
        url: 'https://grafana.example.com/',
        dashboardUid: 'ecs-svc',
        vars: [
          kv('service', '{{service}}'),
          kv('env', 'prod'),
          kv('env', 'staging'),
          kv('q', 'a b&c'),
          kv('rev', '{{ family }}:{{revision}}'),
        ],
      }),
    )!;
    expect(
      grafanaDashboardUrl({ ...settings, dashboardUid: 'ecs-svc' }, window, {
        service: 'backend',
        family: 'shop-backend',
        revision: '42',
      }),
    ).toBe(
      'https://grafana.example.com/d/ecs-svc?orgId=1&from=1736935200000&to=1736935800000' +
        '&var-service=backend&var-env=prod&var-env=staging&var-q=a%20b%26c&var-rev=shop-backend%3A42',
    );
  });

  it('builds an Explore link with one pane on the datasource', () => {
    const settings = grafanaSettings(
      grafanaInputs({
        url: 'https://example.com/grafana',
        orgId: 2,
        datasourceUid: 'prom-1',
        query: 'sum(rate(http_requests_total{service="{{service}}",cluster="{{cluster}}"}[1m]))',
      }),
    )!;
    const url = grafanaExploreUrl({ ...settings, datasourceUid: 'prom-1' }, window, {
      service: 'backend',
      cluster: 'shop',
    });
    expect(url.startsWith('https://example.com/grafana/explore?schemaVersion=1&orgId=2&panes=')).toBe(true);
    const panes = url.split('&panes=')[1]!;
    expect(panes).toMatch(/^[A-Za-z0-9%_.!~*'()-]+$/);
    expect(JSON.parse(decodeURIComponent(panes))).toEqual({
      release: {
        datasource: 'prom-1',
        queries: [
          {
            refId: 'A',
            datasource: { uid: 'prom-1' },
            expr: 'sum(rate(http_requests_total{service="backend",cluster="shop"}[1m]))',
          },
        ],
        range: { from: '1736935200000', to: '1736935800000' },
      },
    });
    expect(panes.slice(0, 60)).toBe(
      encodeURIComponent('{"release":{"datasource":"prom-1","queries":[{"refId":"A"').slice(0, 60),
    );
  });

  it('takes a JSON query object for datasources that are not PromQL', () => {
    const settings = grafanaSettings(
      grafanaInputs({
        url: 'https://g.example.com',
        datasourceUid: 'cw',
        query:
          '{"queryMode":"Logs","expression":"fields @message | filter service = \\"{{service}}\\"","logGroups":[{"name":"/ecs/{{service}}"}]}',
      }),
    )!;
    const url = grafanaExploreUrl({ ...settings, datasourceUid: 'cw' }, window, { service: 'web' });
    const pane = JSON.parse(decodeURIComponent(url.split('&panes=')[1]!)).release;
    expect(pane.queries[0]).toEqual({
      refId: 'A',
      datasource: { uid: 'cw' },
      queryMode: 'Logs',
      expression: 'fields @message | filter service = "web"',
      logGroups: [{ name: '/ecs/web' }],
    });
  });

  it('keeps a LogQL selector, which also starts with {, as an expression', () => {
    const settings = grafanaSettings(
      grafanaInputs({
        url: 'https://g.example.com',
        datasourceUid: 'loki',
        query: '{app="{{service}}"} |= "error"',
      }),
    )!;
    expect(settings.query).toEqual({ expr: '{app="{{service}}"} |= "error"' });
  });

  it.each([
    [{ dashboardUid: 'x' }, 'grafana-dashboard-uid', 'needs grafana-url'],
    [{ datasourceUid: 'x' }, 'grafana-datasource-uid', 'needs grafana-url'],
    [{ url: 'grafana.example.com', dashboardUid: 'x' }, 'grafana-url', 'is not a URL'],
    [{ url: 'ftp://grafana.example.com' }, 'grafana-url', 'is not an http(s) URL'],
    [{ url: 'https://admin:hunter2@grafana.example.com' }, 'grafana-url', 'contains credentials'],
    [{ url: 'https://g.example.com', vars: [kv('a', 'b')] }, 'grafana-vars', 'needs grafana-dashboard-uid'],
    [{ url: 'https://g.example.com', query: 'up' }, 'grafana-query', 'needs grafana-datasource-uid'],
    [
      { url: 'https://g.example.com', dashboardUid: 'd', vars: [kv('a', '{{app}}')] },
      'grafana-vars',
      '{{app}} is not a placeholder',
    ],
  ] as [Partial<GrafanaInputs>, string, string][])('rejects %j naming %s', (over, input, problem) => {
    let caught: unknown;
    try {
      grafanaSettings(grafanaInputs(over));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).input).toBe(input);
    expect((caught as UserError).problem).toContain(problem);
  });

  it('wants no Grafana link when nothing Grafana is set', () => {
    expect(grafanaSettings(grafanaInputs({}))).toBeUndefined();
  });
});

describe('releaseLinks', () => {
  const fiveMinutes = 5 * 60_000;

  it('puts every link of a release over its window ± the margin', () => {
    const report = fixture('rolled-back');
    const grafana = grafanaSettings(
      grafanaInputs({
        url: 'https://grafana.example.com',
        dashboardUid: 'ecs',
        vars: [kv('service', '{{service}}')],
        datasourceUid: 'loki',
        query: '{service="{{service}}"} |= "error"',
      }),
    );
    const links = releaseLinks(report, { marginMs: fiveMinutes, environment: 'production', grafana }, 0);
    const start = Date.parse('2025-01-15T10:03:30.000Z') - fiveMinutes;
    const end = Date.parse('2025-01-15T10:10:10.000Z') + fiveMinutes;
    expect(links.window).toEqual({ startMs: start, endMs: end });
    expect(links.taskDefinition).toEqual({
      label: 'shop-frontend:18',
      url: ecsTaskDefinitionUrl('eu-west-1', 'shop-frontend', 18),
    });
    expect(links.logs).toHaveLength(1);
    expect(links.logs[0]!.url).toBe(logGroupUrl('eu-west-1', '/ecs/shop/frontend', links.window));
    expect(links.logs[0]!.streams.map((s) => s.taskId)).toEqual([
      'c4a7e2b19f3d48e6a0b5c8d7e6f5a4b3',
      'd9b8a7c6e5f4430291a8b7c6d5e4f3a2',
    ]);
    expect(links.insights).toBe(logsInsightsUrl('eu-west-1', ['/ecs/shop/frontend'], links.window));
    expect(links.alarms).toEqual([
      { label: 'shop-frontend-5xx', url: alarmUrl('eu-west-1', 'shop-frontend-5xx') },
    ]);
    expect(links.causeTask?.url).toBe(
      ecsTaskUrl('eu-west-1', 'shop-production', 'c4a7e2b19f3d48e6a0b5c8d7e6f5a4b3'),
    );
    expect(links.grafanaDashboard).toBe(
      `https://grafana.example.com/d/ecs?orgId=1&from=${start}&to=${end}&var-service=frontend`,
    );
    const explore = JSON.parse(decodeURIComponent(links.grafanaExplore!.split('&panes=')[1]!));
    expect(explore.release.queries[0].expr).toBe('{service="frontend"} |= "error"');
  });

  it("links a one-off task's own page and log stream; a deploy has no task of its own", () => {
    const report = fixture('run-task-failed');
    expect(report.strategy).toBeUndefined();
    const links = releaseLinks(report, { marginMs: 0 }, 0);
    const id = '9c8b7a6d5e4f43a2b1c0d9e8f7a6b5c4';
    expect(links.task).toEqual({
      label: id,
      taskId: id,
      url: `https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/shop-production/tasks/${id}/configuration?region=eu-west-1`,
    });
    expect(links.logs[0]!.streams).toEqual([
      {
        label: `ecs/app/${id}`,
        taskId: id,
        url: logStreamUrl('eu-west-1', '/ecs/shop/backend', `ecs/app/${id}`, links.window),
      },
    ]);
    expect(releaseLinks(fixture('succeeded'), { marginMs: 0 }, 0).task).toBeUndefined();
  });

  it('ends the window of a release still in progress at now + margin', () => {
    const report: DeploymentReport = {
      ...fixture('succeeded'),
      status: 'in-progress',
      finishedAt: undefined,
    };
    const now = Date.parse('2025-01-15T10:01:00.000Z');
    const links = releaseLinks(report, { marginMs: 60_000 }, now);
    expect(links.window).toEqual({ startMs: Date.parse(report.startedAt) - 60_000, endMs: now + 60_000 });
    expect(links.grafanaDashboard).toBeUndefined();
  });

  it('links China-region releases to the amazonaws.cn console throughout', () => {
    const report: DeploymentReport = { ...fixture('failed'), region: 'cn-north-1' };
    const links = releaseLinks(report, { marginMs: 0 }, 0);
    const urls = [
      links.ecsDeployments,
      links.taskDefinition.url,
      links.insights!,
      links.causeLogStream!,
      links.causeTask!.url,
      ...links.alarms.map((a) => a.url),
      ...links.logs.flatMap((l) => [l.url, ...l.streams.map((s) => s.url)]),
    ];
    for (const url of urls) expect(url.startsWith('https://cn-north-1.console.amazonaws.cn/')).toBe(true);
  });
});
