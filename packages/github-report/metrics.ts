/**
 * The release metrics section of a comment or summary: the before / after table with sparklines and the
 * metric checks, from a report read defensively (only known metrics and finite numbers; text escaped).
 */
import type { DeploymentReport } from '../deploy-report/index.js';
import { metricsMarkdown, parseReleaseMetrics } from '../metrics/index.js';
import { text } from '../markdown/index.js';

export function metricsSection(report: DeploymentReport): string[] {
  const metrics = parseReleaseMetrics((report as unknown as Record<string, unknown>).metrics);
  if (!metrics || (!metrics.rows.length && !metrics.checks?.length && !metrics.error)) return [];
  // The comment's Cause line already says why a failed check failed.
  const shown = report.cause?.summary;
  return [
    `**Release metrics**\n\n${metricsMarkdown(metrics, { escape: text, ...(shown ? { shown } : {}) })}`,
  ];
}
