/**
 * GitHub Deployments for an environment: one deployment per commit, statuses in_progress then success or
 * failure, and the previous deployment marked inactive once a new one succeeds.
 */
import type { DeploymentStatus } from '../deploy-report/index.js';
import type { Logger } from '../runtime/index.js';
import type { DeploymentState, GitHubApi } from './api.js';

export interface DeploymentRecordOptions {
  environment: string;
  /** The deployed commit sha (or a ref). */
  ref: string;
  status: DeploymentStatus;
  /** At most 140 characters (GitHub rejects longer ones). */
  description: string;
  environmentUrl?: string;
  /** The workflow run. */
  logUrl?: string;
}

const STATE: Record<DeploymentStatus, DeploymentState> = {
  'in-progress': 'in_progress',
  succeeded: 'success',
  failed: 'failure',
  'rolled-back': 'failure',
};

/** Still open: an earlier "in progress" report of the same commit made it, the final one completes it. */
const OPEN = new Set(['in_progress', 'queued', 'pending']);

/** How many earlier deployments to look at when marking the previous one inactive. */
const PREVIOUS_TO_CHECK = 10;

/** `preview-123`, `preview/pr-7`: short-lived environments GitHub shows as transient. */
export function isTransientEnvironment(environment: string): boolean {
  return /^preview\b/i.test(environment);
}

/** Record the report as a GitHub deployment; returns the deployment id. */
export async function recordDeployment(
  api: GitHubApi,
  options: DeploymentRecordOptions,
  log: Logger,
): Promise<number> {
  const { environment, ref } = options;
  const state = STATE[options.status];
  const status = {
    description: options.description,
    environmentUrl: options.environmentUrl,
    logUrl: options.logUrl,
  };

  let id: number | undefined;
  for (const d of await api.listDeployments(environment, /^[0-9a-f]{40}$/.test(ref) ? ref : undefined)) {
    if (d.ref !== ref && d.sha !== ref) continue;
    const [latest] = await api.listDeploymentStatuses(d.id);
    if (latest && OPEN.has(latest.state)) id = d.id;
    break;
  }
  if (id === undefined) {
    const created = await api.createDeployment({
      ref,
      environment,
      description: options.description,
      transientEnvironment: isTransientEnvironment(environment),
    });
    id = created.id;
    log.info(`Created GitHub deployment ${id} of ${ref.slice(0, 7)} to ${environment}`);
    await api.createDeploymentStatus(id, { ...status, state: 'in_progress' });
  } else {
    log.info(`Continuing GitHub deployment ${id} of ${ref.slice(0, 7)} to ${environment}`);
  }
  if (state !== 'in_progress') {
    await api.createDeploymentStatus(id, { ...status, state });
    log.info(`Deployment ${id}: ${state}`);
  }
  if (state === 'success') await inactivatePrevious(api, environment, id, log);
  return id;
}

/**
 * GitHub's auto_inactive skips production and transient environments, so mark earlier deployments that
 * are still `success` inactive here; the ones GitHub already marked are skipped.
 */
async function inactivatePrevious(
  api: GitHubApi,
  environment: string,
  current: number,
  log: Logger,
): Promise<void> {
  const earlier = (await api.listDeployments(environment))
    .filter((d) => d.id < current)
    .slice(0, PREVIOUS_TO_CHECK);
  for (const d of earlier) {
    const [latest] = await api.listDeploymentStatuses(d.id);
    if (latest?.state !== 'success') continue;
    await api.createDeploymentStatus(d.id, {
      state: 'inactive',
      description: `Superseded by deployment ${current}`,
    });
    log.info(`Deployment ${d.id} marked inactive (superseded by ${current})`);
  }
}
