import type { DeploymentReport } from './index.js';
import { runUrl, type GitHubRunContext } from '../runtime/index.js';

/** The run's commit, ref, run link and actor, as a report records them (deploy and run-task alike). */
export function reportGit(github: GitHubRunContext): NonNullable<DeploymentReport['git']> {
  const url = runUrl(github);
  return {
    ...(github.sha ? { sha: github.sha } : {}),
    ...(github.ref ? { ref: github.ref } : {}),
    ...(url ? { runUrl: url } : {}),
    ...(github.actor ? { actor: github.actor } : {}),
    ...(github.repository ? { repository: github.repository } : {}),
  };
}
