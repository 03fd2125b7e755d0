/** Entry of the deploy action: inputs → deploy engine → outputs, job summary, and a failed step unless it shipped. */
import { tmpdir } from 'node:os';
import { clientConfig, nameOperations, resolveRegion } from '../../packages/aws/index.js';
import type { DeployClients } from '../../packages/deploy/index.js';
import { inputFileRoots } from '../../packages/inputs/index.js';
import { runAction } from '../../packages/runner/index.js';
import { systemClock } from '../../packages/runtime/index.js';
import { readDeployOptions } from './inputs.js';

await runAction(async (ctx) => {
  const { inputs, log, github, env } = ctx;
  const region = resolveRegion(inputs.string('aws-region'), env);
  const aws = clientConfig({
    region,
    maxAttempts: inputs.positiveInt('max-attempts', { default: 8, max: 20 }),
  });
  const options = {
    ...readDeployOptions(inputs, region, github, env.GITHUB_WORKSPACE || process.cwd()),
    fileRoots: inputFileRoots(env),
  };
  // The engine and the SDK load only once the inputs are valid: a mistyped input fails in milliseconds.
  const [{ deploy }, { ECSClient }, { ElasticLoadBalancingV2Client }, { CloudWatchClient }] =
    await Promise.all([
      import('../../packages/deploy/index.js'),
      import('@aws-sdk/client-ecs'),
      import('@aws-sdk/client-elastic-load-balancing-v2'),
      import('@aws-sdk/client-cloudwatch'),
    ]);
  const clients: DeployClients = {
    ecs: nameOperations(new ECSClient(aws)),
    elbv2: nameOperations(new ElasticLoadBalancingV2Client(aws)),
    cloudwatch: nameOperations(new CloudWatchClient(aws)),
    logs: async () =>
      nameOperations(new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(aws)),
    codedeploy: async () =>
      nameOperations(new (await import('@aws-sdk/client-codedeploy')).CodeDeployClient(aws)),
  };
  const http = async (url: string, timeoutMs: number) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: (await res.text()).slice(0, 65_536) };
  };
  const result = await deploy(options, {
    clients,
    clock: systemClock,
    log,
    http,
    reportDir: env.RUNNER_TEMP || tmpdir(),
  }).catch((err: unknown) => {
    // Refused before the watch began (bad input, AccessDenied…): later steps can still branch on status.
    ctx.setOutput('status', 'failed');
    throw err;
  });
  const wouldRegister = result.report.dryRun && result.report.registered;
  ctx.setOutput('task-definition-arn', wouldRegister ? '' : result.report.taskDefinition.arn);
  ctx.setOutput('previous-task-definition-arn', result.report.previousTaskDefinition?.arn ?? '');
  ctx.setOutput('deployment-id', result.report.deploymentId ?? '');
  ctx.setOutput('status', result.status);
  ctx.setOutput('duration-seconds', result.report.durationSeconds ?? 0);
  ctx.setOutput('report', result.reportPath ?? '');
  await ctx.summary(result.summary);
  if (result.status !== 'succeeded') throw new Error(result.message);
  log.info(result.message);
});
