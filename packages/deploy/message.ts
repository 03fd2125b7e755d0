/** The deploy step's one line, shared by the engine, the job summary and the report action. */
import { withoutFullStop } from '../aws/index.js';
import type { DeploymentReport } from '../deploy-report/index.js';
import { revisionName } from '../ecs/index.js';
import { duration } from '../markdown/index.js';

/** What shipped, or why not and where the service stands. */
export function outcomeMessage(report: DeploymentReport): string {
  const target = report.taskDefinition.arn ? revisionName(report.taskDefinition.arn) : 'the new revision';
  const previous = report.previousTaskDefinition
    ? revisionName(report.previousTaskDefinition.arn)
    : 'the previous revision';
  const cause = report.cause?.summary ?? 'unknown cause';
  const took = duration(report.durationSeconds ?? 0);
  if (report.kind === 'rollback') return rollbackMessage(report, cause, took);
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

function rollbackMessage(report: DeploymentReport, cause: string, took: string): string {
  const where = `${report.cluster}/${report.service}`;
  const from = revisionName(report.rolledBackFrom?.arn ?? report.previousTaskDefinition?.arn);
  const to = revisionName(report.rolledBackTo?.arn ?? report.taskDefinition.arn);
  const asked = report.rollbackRequest ? ` (to: ${report.rollbackRequest})` : '';
  if (report.status === 'succeeded') {
    if (report.dryRun)
      return `dry run: would roll back ${where} from ${from} to ${to}${asked}; nothing was changed`;
    return from === to
      ? `${where} already ran ${to}${asked}: checked, it is healthy`
      : `rolled back ${where} from ${from} to ${to}${asked} in ${took}`;
  }
  const tail = report.restored
    ? `; ${revisionName(report.restored.arn)} was put back and serves again`
    : report.rollbackProblem
      ? `. ${report.rollbackProblem}`
      : '';
  return `rollback of ${where} from ${from} to ${to}${asked} failed: ${report.restored || report.rollbackProblem ? withoutFullStop(cause) : cause}${tail}`;
}
