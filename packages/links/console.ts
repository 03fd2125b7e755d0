/**
 * AWS console deep links: ECS service deployments and task definitions, CloudWatch Logs groups, streams and
 * Logs Insights queries, CloudWatch alarms. Pure functions of names, regions and times.
 */

/** A time range in milliseconds since the epoch. */
export interface TimeWindow {
  startMs: number;
  endMs: number;
}

/** The console host of the region's partition: China regions live on amazonaws.cn. */
export function consoleOrigin(region: string): string {
  return region.startsWith('cn-')
    ? `https://${region}.console.amazonaws.cn`
    : `https://${region}.console.aws.amazon.com`;
}

/** Percent-encoding of everything but RFC 3986 unreserved characters (encodeURIComponent keeps !'()*). */
function encodeStrict(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${hex(c)}`);
}

function hex(char: string): string {
  return char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
}

/**
 * The CloudWatch console keeps its state in the URL hash and decodes it twice after turning `$` back into
 * `%`: a name is percent-encoded twice, then every `%` becomes `$` (`/` → `$252F`).
 */
function consoleHashName(name: string): string {
  return encodeStrict(encodeStrict(name)).replace(/%/g, '$');
}

/** A query string inside the console hash is encoded once, then `%` → `$` (`?start=1` → `$3Fstart$3D1`). */
function consoleHashQuery(params: [string, string | number][]): string {
  const query = params.map(([k, v]) => `${k}=${v}`).join('&');
  return encodeStrict(`?${query}`).replace(/%/g, '$');
}

export function ecsServiceDeploymentsUrl(region: string, cluster: string, service: string): string {
  return `${consoleOrigin(region)}/ecs/v2/clusters/${encodeStrict(cluster)}/services/${encodeStrict(service)}/deployments?region=${region}`;
}

/**
 * A service deployment ARN (`arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>`)
 * as a console link: the service's deployments tab, where the deployment is listed by its id. The console
 * has no documented deep link to one deployment's page, so the tab is the stable target. Undefined for
 * anything else (a CodeDeploy deployment id, an ECS `ecs-svc/…` id).
 */
export function ecsServiceDeploymentUrl(arn: string): string | undefined {
  const m = /^arn:aws[\w-]*:ecs:([a-z0-9-]+):\d{12}:service-deployment\/([^/]+)\/([^/]+)\/[^/]+$/.exec(arn);
  if (!m) return undefined;
  return ecsServiceDeploymentsUrl(m[1]!, m[2]!, m[3]!);
}

export function ecsTaskDefinitionUrl(region: string, family: string, revision: number): string {
  return `${consoleOrigin(region)}/ecs/v2/task-definitions/${encodeStrict(family)}/${revision}/containers?region=${region}`;
}

/** A task's page; stopped tasks stay visible in the console for about an hour. */
export function ecsTaskUrl(region: string, cluster: string, taskId: string): string {
  return `${consoleOrigin(region)}/ecs/v2/clusters/${encodeStrict(cluster)}/tasks/${encodeStrict(taskId)}/configuration?region=${region}`;
}

function cloudWatchHome(region: string): string {
  return `${consoleOrigin(region)}/cloudwatch/home?region=${region}`;
}

function windowQuery(window?: TimeWindow): string {
  return window
    ? consoleHashQuery([
        ['start', window.startMs],
        ['end', window.endMs],
      ])
    : '';
}

/** All streams of a log group, over the window when given. */
export function logGroupUrl(region: string, logGroup: string, window?: TimeWindow): string {
  return `${cloudWatchHome(region)}#logsV2:log-groups/log-group/${consoleHashName(logGroup)}/log-events${windowQuery(window)}`;
}

export function logStreamUrl(
  region: string,
  logGroup: string,
  logStream: string,
  window?: TimeWindow,
): string {
  return `${cloudWatchHome(region)}#logsV2:log-groups/log-group/${consoleHashName(logGroup)}/log-events/${consoleHashName(logStream)}${windowQuery(window)}`;
}

export const DEFAULT_INSIGHTS_QUERY = 'fields @timestamp, @message | sort @timestamp desc';

/**
 * A JSURL-style string as the Logs Insights page reads it: `'` then the text with every character outside
 * `[A-Za-z0-9-._]` written as `*xx` per UTF-8 byte (`/` → `*2f`, a space → `*20`).
 */
function insightsString(text: string): string {
  const encoded = encodeURIComponent(text)
    .replace(/[!'()*~]/g, (c) => `%${hex(c)}`)
    .replace(/%([0-9A-F]{2})/g, (_, h: string) => `*${h.toLowerCase()}`);
  return `'${encoded}`;
}

/**
 * A Logs Insights query over the window: `queryDetail` is an object written `~(key~value…)`, arrays
 * `~(~v…)`; the whole is escaped once (`~` → `%7E`, `(` → `%28`, `'` → `%27`), prefixed with
 * `?queryDetail=`, encoded again and `%` → `$`, which is the form the console itself produces.
 */
export function logsInsightsUrl(
  region: string,
  logGroups: string[],
  window: TimeWindow,
  query: string = DEFAULT_INSIGHTS_QUERY,
): string {
  const detail = [
    `~(end~${insightsString(new Date(window.endMs).toISOString())}`,
    `~start~${insightsString(new Date(window.startMs).toISOString())}`,
    `~timeType~${insightsString('ABSOLUTE')}`,
    `~tz~${insightsString('UTC')}`,
    `~editorString~${insightsString(query)}`,
    `~source~(${logGroups.map((g) => `~${insightsString(g)}`).join('')}))`,
  ].join('');
  // The primitives above hold only [A-Za-z0-9-._*]; this escapes the structure characters around them.
  const escaped = detail.replace(/[^A-Za-z0-9@*_+\-./]/g, (c) => `%${hex(c)}`);
  // encodeURIComponent, not the strict form: the `*xx` escapes must reach the console as they are.
  return `${cloudWatchHome(region)}#logsV2:logs-insights${encodeURIComponent(`?queryDetail=${escaped}`).replace(/%/g, '$')}`;
}

export function alarmUrl(region: string, alarmName: string): string {
  return `${cloudWatchHome(region)}#alarmsV2:alarm/${encodeStrict(alarmName)}`;
}
