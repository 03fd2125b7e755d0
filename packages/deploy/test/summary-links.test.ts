/** The deploy job summary names the service deployment as a console link; a CodeDeploy id stays plain text. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseDeploymentReport } from '../../deploy-report/index.js';
import { deploySummary } from '../summary.js';

const fixture = (name: string) =>
  parseDeploymentReport(
    JSON.parse(
      readFileSync(join(import.meta.dirname, '../../../test/fixtures/reports', `${name}.json`), 'utf8'),
    ),
    name,
  );

describe('deploy summary: the deployment line', () => {
  it('links a service deployment ARN to the service’s deployments tab in the console', () => {
    const report = fixture('succeeded');
    expect(deploySummary(report, [])).toContain(
      '**Deployment:** [`arn:aws:ecs:eu-west-1:123456789012:service-deployment/shop-production/backend/q7Xk2pLm9RtZw4Vb`]' +
        '(https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/shop-production/services/backend/deployments?region=eu-west-1)',
    );
  });

  it('prints a CodeDeploy deployment id without a link', () => {
    const report = { ...fixture('succeeded'), strategy: 'CODE_DEPLOY' as const, deploymentId: 'd-7XK2PLM9R' };
    const summary = deploySummary(report, []);
    expect(summary).toContain('**Deployment:** `d-7XK2PLM9R`');
    expect(summary).not.toContain('/deployments?region=');
  });
});
