/** The deploy step's one line, shared by the engine, the job summary and the report action. */
import { withoutFullStop } from '../aws/index.js';
import type { DeploymentReport } from '../deploy-report/index.js';
import { revisionName } from '../ecs/index.js';

export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].join('');
}

/** What shipped, or why not and where the service stands. */
export function outcomeMessage(report: DeploymentReport): string {
  const target = report.taskDefinition.arn ? revisionName(report.taskDefinition.arn) : 'the new revision';
  const previous = report.previousTaskDefinition
    ? revisionName(report.previousTaskDefinition.arn)
    : 'the previous revision';
  const cause = report.cause?.summary ?? 'unknown cause';
  const took = duration(report.durationSeconds ?? 0);
  switch (report.status) {
    case 'succeeded':
      if (report.dryRun)
        return `dry run: would deploy ${report.registered ? `a new revision of ${report.taskDefinition.family}` : target} to ${report.cluster}/${report.service} (now ${previous}); nothing was changed`;
      return `deployed ${target} to ${report.cluster}/${report.service} in ${took}`;
    case 'rolled-back':
      return `rolled back to ${previous}${report.rolledBackBy && report.rolledBackBy !== 'deploy' ? ` (by ${report.rolledBackBy})` : ''}: ${cause}`;
    default:
      // A cancel is not the release's fault: say it was cancelled, then what was done about it.
      if (report.cause?.gate === 'cancelled')
        return `deploy of ${target} to ${report.cluster}/${report.service} stopped: ${cause}${report.rollbackProblem ? `. ${report.rollbackProblem}` : ''}`;
      return `deploy of ${target} to ${report.cluster}/${report.service} failed: ${report.rollbackProblem ? `${withoutFullStop(cause)}. ${report.rollbackProblem}` : cause}`;
  }
}
