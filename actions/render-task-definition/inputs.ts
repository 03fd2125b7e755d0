/** The render-task-definition action's inputs, read into the engine's RenderOptions (every input is named here). */
import { resolveRegion } from '../../packages/aws/index.js';
import { inputFileRoots, type Inputs } from '../../packages/inputs/index.js';
import type { GitHubRunContext, Logger } from '../../packages/runtime/index.js';
import { chooseSource, type RenderOptions } from '../../packages/task-definition/index.js';

export interface RenderContext {
  github: GitHubRunContext;
  env: Record<string, string | undefined>;
  log: Logger;
}

export function readRenderOptions(inputs: Inputs, { github, env, log }: RenderContext): RenderOptions {
  const source = chooseSource({
    file: inputs.string('task-definition'),
    family: inputs.string('task-definition-family'),
    arn: inputs.string('task-definition-arn'),
  });
  const region = inputs.string('aws-region');
  return {
    source,
    containerName: inputs.string('container-name'),
    image: inputs.string('image'),
    containers: inputs.keyValues('containers'),
    environment: inputs.keyValues('environment', { alias: 'environment-variables' }),
    secrets: inputs.keyValues('secrets'),
    dockerLabels: inputs.keyValues('docker-labels'),
    logOptions: inputs.keyValues('log-options', { alias: 'log-configuration-options' }),
    logGroup: inputs.string('log-group'),
    logStreamPrefix: inputs.string('log-stream-prefix'),
    command: inputs.string('command'),
    cpu: inputs.string('cpu'),
    memory: inputs.string('memory'),
    taskRoleArn: inputs.string('task-role-arn'),
    executionRoleArn: inputs.string('execution-role-arn'),
    tags: inputs.keyValues('tags'),
    traceability: inputs.boolean('traceability-tags', { default: true }) ? github : undefined,
    // Errors name the input as the user wrote it, alias or not.
    inputNames: {
      environment: inputs.has('environment') ? 'environment' : 'environment-variables',
      logOptions: inputs.has('log-options') ? 'log-options' : 'log-configuration-options',
    },
    aws: {
      // Resolved only when the engine needs AWS: a file with no awslogs settings renders without a region.
      region: () => resolveRegion(region, env),
      maxAttempts: inputs.positiveInt('max-attempts', { default: 5, max: 20 }),
    },
    log,
    fileRoots: inputFileRoots(env),
  };
}
