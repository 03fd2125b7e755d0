import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';

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
