/**
 * Every link for one deployment report, over the release window (start − margin to end + margin).
 */
import type { DeploymentReport } from '../deploy-report/index.js';
import {
  alarmUrl,
  ecsServiceDeploymentsUrl,
  ecsTaskDefinitionUrl,
  ecsTaskUrl,
  logGroupUrl,
  logStreamUrl,
  logsInsightsUrl,
  type TimeWindow,
} from './console.js';
import {
  grafanaDashboardUrl,
  grafanaExploreUrl,
  type GrafanaSettings,
  type PlaceholderValues,
} from './grafana.js';
import { revisionName } from '../task-definition-ref/index.js';

export interface LinkSettings {
  /** Added before the start and after the end of the release in every time range. */
  marginMs: number;
  environment?: string;
  grafana?: GrafanaSettings;
}

export interface Link {
  label: string;
  url: string;
}

export interface ReleaseLinks {
  window: TimeWindow;
  ecsDeployments: string;
  taskDefinition: Link;
  /** One entry per container with logs: the group over the window and each new task's stream. */
  logs: { container: string; logGroup: string; url: string; streams: (Link & { taskId: string })[] }[];
  insights?: string;
  alarms: Link[];
  /** A `run-task` report's one-off task. */
  task?: Link & { taskId: string };
  /** The task named by the failure cause, and its log stream. */
  causeTask?: Link & { taskId: string };
  causeLogStream?: string;
  grafanaDashboard?: string;
  grafanaExplore?: string;
}

/** The last segment of a task ARN (`arn:…:task/cluster/abc` → `abc`) or of a stream name. */
export function taskIdOf(arnOrStream: string): string {
  return arnOrStream.slice(arnOrStream.lastIndexOf('/') + 1);
}

export function releaseWindow(report: DeploymentReport, marginMs: number, nowMs: number): TimeWindow {
  const start = Date.parse(report.startedAt);
  const end = report.finishedAt ? Date.parse(report.finishedAt) : nowMs;
  return { startMs: start - marginMs, endMs: Math.max(end, start) + marginMs };
}

export function placeholderValues(report: DeploymentReport, environment?: string): PlaceholderValues {
  return {
    service: report.service,
    cluster: report.cluster,
    region: report.region,
    family: report.taskDefinition.family,
    revision: String(report.taskDefinition.revision),
    environment,
    sha: report.git?.sha,
  };
}

export function releaseLinks(report: DeploymentReport, settings: LinkSettings, nowMs: number): ReleaseLinks {
  const window = releaseWindow(report, settings.marginMs, nowMs);
  const region = report.region;
  const logs = report.logs.map((log) => {
    const logRegion = log.region ?? region;
    return {
      container: log.container,
      logGroup: log.logGroup,
      url: logGroupUrl(logRegion, log.logGroup, window),
      streams: log.logStreams.map((stream) => ({
        label: stream,
        taskId: taskIdOf(stream),
        url: logStreamUrl(logRegion, log.logGroup, stream, window),
      })),
    };
  });
  const groups = [
    ...new Set(report.logs.filter((l) => !l.region || l.region === region).map((l) => l.logGroup)),
  ];
  const cause = report.cause;
  const taskId = report.taskArn ? taskIdOf(report.taskArn) : undefined;
  const causeTaskId = cause?.taskArn ? taskIdOf(cause.taskArn) : undefined;
  const values = placeholderValues(report, settings.environment);
  const grafana = settings.grafana;
  return {
    window,
    ecsDeployments: ecsServiceDeploymentsUrl(region, report.cluster, report.service),
    taskDefinition: {
      label: revisionName(report.taskDefinition),
      url: ecsTaskDefinitionUrl(region, report.taskDefinition.family, report.taskDefinition.revision),
    },
    logs,
    insights: groups.length ? logsInsightsUrl(region, groups, window) : undefined,
    alarms: report.alarms.map((name) => ({ label: name, url: alarmUrl(region, name) })),
    task: taskId ? { label: taskId, taskId, url: ecsTaskUrl(region, report.cluster, taskId) } : undefined,
    causeTask: causeTaskId
      ? { label: causeTaskId, taskId: causeTaskId, url: ecsTaskUrl(region, report.cluster, causeTaskId) }
      : undefined,
    causeLogStream:
      cause?.logGroup && cause.logStream
        ? logStreamUrl(region, cause.logGroup, cause.logStream, window)
        : undefined,
    grafanaDashboard: grafana?.dashboardUid
      ? grafanaDashboardUrl({ ...grafana, dashboardUid: grafana.dashboardUid }, window, values)
      : undefined,
    grafanaExplore: grafana?.datasourceUid
      ? grafanaExploreUrl({ ...grafana, datasourceUid: grafana.datasourceUid }, window, values)
      : undefined,
  };
}
