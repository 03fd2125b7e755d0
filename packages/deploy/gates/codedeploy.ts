/** A CodeDeploy blue/green deployment, judged by CodeDeploy's own status. */
import { fail, pass, wait, type Observation, type Verdict } from '../observation.js';

export function codeDeployGate(obs: Observation): Verdict {
  const cd = obs.codeDeploy;
  if (!cd) return wait('CodeDeploy deployment not created yet');
  if (cd.status === 'Succeeded') return pass(`CodeDeploy ${cd.deploymentId} succeeded`);
  if (cd.status === 'Failed' || cd.status === 'Stopped') {
    const why = [cd.errorCode, cd.errorMessage].filter(Boolean).join(': ');
    return fail({
      gate: 'rollout',
      summary: `CodeDeploy deployment ${cd.deploymentId} ${cd.status.toLowerCase()}${why ? `: ${why}` : ''}`,
    });
  }
  return wait(`CodeDeploy ${cd.status}`);
}
