import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { nameOperations, type clientConfig } from '../aws/index.js';

type AwsClientConfig = ReturnType<typeof clientConfig>;

/**
 * The AWS clients the deploy engine talks to. Logs and CodeDeploy are loaded on first use: only a failure
 * reads a task's log, only CODE_DEPLOY services need CodeDeploy, so most runs never load either.
 */
export interface DeployClients {
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  cloudwatch: CloudWatchClient;
  logs(): Promise<CloudWatchLogsClient>;
  codedeploy(): Promise<CodeDeployClient>;
}

/**
 * The clients, from one SDK configuration. The SDK modules load here, only once a caller needs them, so
 * an entry that fails on a bad input never loads them.
 */
export async function createDeployClients(config: AwsClientConfig): Promise<DeployClients> {
  const [{ ECSClient }, { ElasticLoadBalancingV2Client }, { CloudWatchClient }] = await Promise.all([
    import('@aws-sdk/client-ecs'),
    import('@aws-sdk/client-elastic-load-balancing-v2'),
    import('@aws-sdk/client-cloudwatch'),
  ]);
  return {
    ecs: nameOperations(new ECSClient(config)),
    elbv2: nameOperations(new ElasticLoadBalancingV2Client(config)),
    cloudwatch: nameOperations(new CloudWatchClient(config)),
    logs: async () =>
      nameOperations(new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(config)),
    codedeploy: async () =>
      nameOperations(new (await import('@aws-sdk/client-codedeploy')).CodeDeployClient(config)),
  };
}
