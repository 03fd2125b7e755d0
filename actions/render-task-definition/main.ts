/** Entry of the render-task-definition action: inputs → renderTaskDefinition → the rendered file and outputs. */
import { tmpdir } from 'node:os';
import { resolveRegion } from '../../packages/aws/index.js';
import { inputFileRoots } from '../../packages/inputs/index.js';
import { runAction } from '../../packages/runner/index.js';
import {
  chooseSource,
  renderSummary,
  renderTaskDefinition,
  writeRenderedFile,
} from '../../packages/task-definition/index.js';

await runAction(async (ctx) => {
  const { inputs, log, github, env } = ctx;
  const source = chooseSource({
    file: inputs.string('task-definition'),
    family: inputs.string('task-definition-family'),
    arn: inputs.string('task-definition-arn'),
  });
  const region = inputs.string('aws-region');
  const result = await renderTaskDefinition({
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
    inputNames: {
      environment: inputs.has('environment') ? 'environment' : 'environment-variables',
      logOptions: inputs.has('log-options') ? 'log-options' : 'log-configuration-options',
    },
    aws: {
      region: () => resolveRegion(region, env),
      maxAttempts: inputs.positiveInt('max-attempts', { default: 5, max: 20 }),
    },
    log,
    fileRoots: inputFileRoots(env),
  });
  const path = await writeRenderedFile(env.RUNNER_TEMP || tmpdir(), result.taskDefinition, result.tags);
  ctx.setOutput('task-definition', path);
  ctx.setOutput('images', JSON.stringify(result.images));
  ctx.setOutput('changed', result.changed);
  await ctx.summary(renderSummary(result, source, path));
});
