/**
 * Links people click from a deployment report: AWS console (ECS, CloudWatch Logs, Logs Insights, alarms)
 * and Grafana. Pure: names, regions and times in, URLs out.
 */
export {
  DEFAULT_INSIGHTS_QUERY,
  alarmUrl,
  consoleOrigin,
  ecsServiceDeploymentUrl,
  ecsServiceDeploymentsUrl,
  ecsTaskDefinitionUrl,
  ecsTaskUrl,
  logGroupUrl,
  logStreamUrl,
  logsInsightsUrl,
  type TimeWindow,
} from './console.js';
export {
  PLACEHOLDERS,
  fillPlaceholders,
  grafanaDashboardUrl,
  grafanaExploreUrl,
  grafanaSettings,
  type GrafanaInputs,
  type GrafanaSettings,
  type Placeholder,
  type PlaceholderValues,
} from './grafana.js';
export {
  placeholderValues,
  releaseLinks,
  releaseWindow,
  taskIdOf,
  type Link,
  type LinkSettings,
  type ReleaseLinks,
} from './release.js';
