/** The run-task action's inputs, read into the engine's RunTaskOptions (every input is named here). */
import { existsSync } from 'node:fs';
import { UserError, checkEcsName, type Inputs } from '../../packages/inputs/index.js';
import type { NetworkInput, Placement, RunTaskOptions } from '../../packages/run-task/index.js';
// The input checks only, not the engine: main.ts loads the engine and the SDK after the inputs are valid.
import {
  checkSecurityGroups,
  checkStartedBy,
  checkSubnets,
  parseAssignPublicIp,
  parseCapacityProviderStrategy,
  parseNetworkConfiguration,
} from '../../packages/run-task/parse.js';
import { reportGit } from '../../packages/deploy-report/index.js';
import type { GitHubRunContext } from '../../packages/runtime/index.js';
import {
  parseCommand,
  parseTaskDefinitionReference,
  traceabilityTags,
} from '../../packages/task-definition/index.js';

export function readRunTaskOptions(
  inputs: Inputs,
  region: string,
  github: GitHubRunContext,
  workspace: string,
): RunTaskOptions {
  const command = inputs.string('command');
  const service = inputs.string('service');
  if (service !== undefined) checkEcsName(service, 'service', 'service');
  const container = inputs.string('container');
  return {
    region,
    cluster: checkEcsName(inputs.string('cluster', { default: 'default' }), 'cluster', 'cluster'),
    taskDefinition: parseTaskDefinitionReference(
      inputs.string('task-definition', { required: true })!,
      workspace,
      existsSync,
    ),
    ...(container ? { container } : {}),
    ...(command ? { command: parseCommand(command, 'command') } : {}),
    environment: inputs.keyValues('environment'),
    network: readNetwork(inputs),
    ...(service ? { service } : {}),
    placement: readPlacement(inputs),
    startedBy: checkStartedBy(inputs.string('started-by', { default: 'ecs-deploy-actions' }), 'started-by'),
    wait: inputs.boolean('wait', { default: true }),
    timeoutSeconds: inputs.duration('timeout', {
      alias: 'wait-for-minutes',
      aliasBareUnit: 'm',
      default: 30 * 60,
    }),
    logLines: inputs.positiveInt('log-lines', { default: 50, min: 0, max: 1000 }),
    streamLogs: inputs.boolean('stream-logs', { default: true }),
    pollIntervalSeconds: Math.max(1, inputs.duration('poll-interval', { default: 5 })),
    tags: traceabilityTags(github),
    git: reportGit(github),
  };
}

function readNetwork(inputs: Inputs): NetworkInput {
  const doc = inputs.document('network-configuration');
  const assign = inputs.string('assign-public-ip');
  const subnets = checkSubnets(inputs.list('subnets'), 'subnets');
  const securityGroups = checkSecurityGroups(inputs.list('security-groups'), 'security-groups');
  return {
    ...(doc !== undefined ? { configuration: parseNetworkConfiguration(doc, 'network-configuration') } : {}),
    ...(subnets.length ? { subnets } : {}),
    ...(securityGroups.length ? { securityGroups } : {}),
    ...(assign ? { assignPublicIp: parseAssignPublicIp(assign, 'assign-public-ip') } : {}),
  };
}

function readPlacement(inputs: Inputs): Placement {
  const strategy = parseCapacityProviderStrategy(
    inputs.list('capacity-provider-strategy'),
    'capacity-provider-strategy',
  );
  const launchType = inputs.choice('launch-type', ['FARGATE', 'EC2', 'EXTERNAL'] as const, {
    default: 'FARGATE',
  });
  if (!strategy.length) return { launchType };
  if (inputs.has('launch-type')) {
    throw new UserError(
      'launch-type',
      'was given together with capacity-provider-strategy, and ECS takes only one of them',
      'keep launch-type or capacity-provider-strategy',
    );
  }
  return { capacityProviderStrategy: strategy };
}
