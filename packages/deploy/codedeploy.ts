/**
 * Services with the CODE_DEPLOY controller: ECS does not deploy them, CodeDeploy does, from an AppSpec that
 * names the task definition. Commands are imported on first use: most services never need them.
 */
import { createHash } from 'node:crypto';
import type { Service } from '@aws-sdk/client-ecs';
import { parseJsonOrYaml, readInputFile, UserError } from '../inputs/index.js';
import type { DeployClients } from './clients.js';
import type { CodeDeployView } from './observation.js';

export const TASK_DEFINITION_PLACEHOLDER = '<TASK_DEFINITION>';

/**
 * The AppSpec to send: the user's (its TaskDefinition set to the new revision) or one written from the
 * service's load balancer.
 */
export function appSpecContent(
  appSpec: string | undefined,
  service: Service,
  taskDefinitionArn: string,
): string {
  if (!appSpec) {
    const lb = service.loadBalancers?.[0];
    const properties: Record<string, unknown> = { TaskDefinition: taskDefinitionArn };
    if (lb?.containerName && lb.containerPort) {
      properties.LoadBalancerInfo = { ContainerName: lb.containerName, ContainerPort: lb.containerPort };
    }
    return JSON.stringify({
      version: 0.0,
      Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: properties } }],
    });
  }
  const doc = parseJsonOrYaml(
    appSpec.split(TASK_DEFINITION_PLACEHOLDER).join(taskDefinitionArn),
    'codedeploy-appspec',
  ) as {
    Resources?: { TargetService?: { Properties?: Record<string, unknown> } }[];
  };
  const target = doc?.Resources?.find((r) => r.TargetService)?.TargetService;
  if (!target) {
    throw new UserError(
      'codedeploy-appspec',
      'has no Resources entry with a TargetService',
      'write an ECS AppSpec: Resources: [{ TargetService: { Type: AWS::ECS::Service, Properties: … } }]',
    );
  }
  target.Properties = { ...target.Properties, TaskDefinition: taskDefinitionArn };
  return JSON.stringify(doc);
}

/** The AppSpec file, read only from the workspace or RUNNER_TEMP like every file an input names. */
export function readAppSpec(path: string, roots?: readonly string[]): Promise<string> {
  return readInputFile(path, 'codedeploy-appspec', roots ? { roots } : {});
}

export async function createCodeDeployment(
  clients: DeployClients,
  application: string,
  deploymentGroup: string,
  content: string,
): Promise<string> {
  const { CreateDeploymentCommand } = await import('@aws-sdk/client-codedeploy');
  const out = await (
    await clients.codedeploy()
  ).send(
    new CreateDeploymentCommand({
      applicationName: application,
      deploymentGroupName: deploymentGroup,
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: { content, sha256: createHash('sha256').update(content).digest('hex') },
      },
    }),
  );
  if (!out.deploymentId) throw new Error('CodeDeploy CreateDeployment returned no deployment id');
  return out.deploymentId;
}

export async function readCodeDeployment(
  clients: DeployClients,
  deploymentId: string,
): Promise<CodeDeployView> {
  const { GetDeploymentCommand } = await import('@aws-sdk/client-codedeploy');
  const out = await (await clients.codedeploy()).send(new GetDeploymentCommand({ deploymentId }));
  const info = out.deploymentInfo;
  return {
    deploymentId,
    status: info?.status ?? 'Created',
    ...(info?.errorInformation?.code ? { errorCode: info.errorInformation.code } : {}),
    ...(info?.errorInformation?.message ? { errorMessage: info.errorInformation.message } : {}),
  };
}

/** Stop an in-flight CodeDeploy deployment and have CodeDeploy put the original task set back. */
export async function stopCodeDeployment(clients: DeployClients, deploymentId: string): Promise<void> {
  const { StopDeploymentCommand } = await import('@aws-sdk/client-codedeploy');
  await (
    await clients.codedeploy()
  ).send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }));
}
