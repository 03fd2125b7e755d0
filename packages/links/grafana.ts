/**
 * Grafana links: a dashboard with template variables, and Explore on one datasource, both over the release
 * window. Placeholders such as `{{service}}` in variable values and queries are filled per release.
 */
import { UserError, type KeyValue } from '../inputs/index.js';
import type { TimeWindow } from './console.js';

/** What a placeholder may name; values come from the release being reported. */
export const PLACEHOLDERS = [
  'service',
  'cluster',
  'revision',
  'family',
  'region',
  'environment',
  'sha',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;

/** Replace `{{name}}` with its value; a placeholder without a value becomes empty. */
export function fillPlaceholders(template: string, values: PlaceholderValues): string {
  return template.replace(PLACEHOLDER, (_, name: string) => values[name as Placeholder] ?? '');
}

function checkPlaceholders(text: string, input: string): void {
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!)) {
      throw new UserError(
        input,
        `{{${m[1]}}} is not a placeholder`,
        `use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
      );
    }
  }
}

export interface GrafanaSettings {
  /** Base URL without a trailing slash, e.g. `https://grafana.example.com` or `https://example.com/grafana`. */
  url: string;
  orgId: number;
  dashboardUid?: string;
  /** `var-<name>=<value>` pairs in order; a name may repeat for a multi-value variable. */
  vars: { name: string; value: string }[];
  datasourceUid?: string;
  /** The Explore query object (without refId and datasource), its strings may hold placeholders. */
  query?: Record<string, unknown>;
}

export interface GrafanaInputs {
  url?: string;
  orgId: number;
  dashboardUid?: string;
  vars: KeyValue[];
  datasourceUid?: string;
  /** A query expression (`expr`), or a JSON object with the datasource's own query fields. */
  query?: string;
}

/** Check the Grafana inputs together; undefined when no Grafana link is wanted. */
export function grafanaSettings(raw: GrafanaInputs): GrafanaSettings | undefined {
  if (!raw.url) {
    const dependent = (
      [
        ['grafana-dashboard-uid', raw.dashboardUid],
        ['grafana-vars', raw.vars.length ? raw.vars : undefined],
        ['grafana-datasource-uid', raw.datasourceUid],
        ['grafana-query', raw.query],
      ] as const
    ).find(([, value]) => value !== undefined);
    if (dependent) {
      throw new UserError(dependent[0], 'needs grafana-url', 'set grafana-url to your Grafana base URL');
    }
    return undefined;
  }
  let base: URL;
  try {
    base = new URL(raw.url);
  } catch {
    throw new UserError(
      'grafana-url',
      `"${raw.url}" is not a URL`,
      'write it like https://grafana.example.com',
    );
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new UserError(
      'grafana-url',
      `"${raw.url}" is not an http(s) URL`,
      'write it like https://grafana.example.com',
    );
  }
  if (base.username || base.password) {
    // Links end up in PR comments: credentials in them would be published.
    throw new UserError('grafana-url', 'contains credentials', 'give the URL without user:password@');
  }
  if (base.search || base.hash) {
    throw new UserError(
      'grafana-url',
      'has a query or fragment',
      'give only the base URL, e.g. https://grafana.example.com',
    );
  }
  if (raw.vars.length > 0 && raw.dashboardUid === undefined) {
    throw new UserError(
      'grafana-vars',
      'needs grafana-dashboard-uid',
      'set the uid of the dashboard they belong to',
    );
  }
  if (raw.query !== undefined && raw.datasourceUid === undefined) {
    throw new UserError(
      'grafana-query',
      'needs grafana-datasource-uid',
      'set the uid of the datasource to query',
    );
  }
  for (const v of raw.vars) checkPlaceholders(v.value, 'grafana-vars');
  let query: Record<string, unknown> | undefined;
  if (raw.query !== undefined) {
    checkPlaceholders(raw.query, 'grafana-query');
    query = parseQuery(raw.query);
  }
  return {
    url: base.toString().replace(/\/+$/, ''),
    orgId: raw.orgId,
    dashboardUid: raw.dashboardUid,
    vars: raw.vars.map((v) => ({ name: v.key, value: v.value })),
    datasourceUid: raw.datasourceUid,
    query,
  };
}

/**
 * A JSON object holds the datasource's own query fields; anything else is an expression (`expr`). LogQL
 * selectors also start with `{`, so text that does not parse as a JSON object is an expression too.
 */
function parseQuery(text: string): Record<string, unknown> {
  if (text.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // not JSON: an expression such as {app="web"} |= "error"
    }
  }
  return { expr: text };
}

function fillDeep(value: unknown, values: PlaceholderValues): unknown {
  if (typeof value === 'string') return fillPlaceholders(value, values);
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, values));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, values)]));
  }
  return value;
}

export function grafanaDashboardUrl(
  settings: GrafanaSettings & { dashboardUid: string },
  window: TimeWindow,
  values: PlaceholderValues,
): string {
  const params = [
    `orgId=${settings.orgId}`,
    `from=${window.startMs}`,
    `to=${window.endMs}`,
    ...settings.vars.map(
      (v) => `var-${encodeURIComponent(v.name)}=${encodeURIComponent(fillPlaceholders(v.value, values))}`,
    ),
  ];
  return `${settings.url}/d/${encodeURIComponent(settings.dashboardUid)}?${params.join('&')}`;
}

/** Explore with one pane (the `panes` form of Grafana 10.2 and later). */
export function grafanaExploreUrl(
  settings: GrafanaSettings & { datasourceUid: string },
  window: TimeWindow,
  values: PlaceholderValues,
): string {
  const query = {
    refId: 'A',
    datasource: { uid: settings.datasourceUid },
    ...(fillDeep(settings.query ?? {}, values) as Record<string, unknown>),
  };
  const panes = {
    release: {
      datasource: settings.datasourceUid,
      queries: [query],
      range: { from: String(window.startMs), to: String(window.endMs) },
    },
  };
  return `${settings.url}/explore?schemaVersion=1&orgId=${settings.orgId}&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}
