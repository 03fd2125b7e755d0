/** Entry of the render-task-definition action: inputs → renderTaskDefinition → the rendered file and outputs. */
import { tmpdir } from 'node:os';
import { runAction } from '../../packages/runner/index.js';
import {
  renderSummary,
  renderTaskDefinition,
  writeRenderedFile,
} from '../../packages/task-definition/index.js';
import { readRenderOptions } from './inputs.js';

await runAction(async (ctx) => {
  const { inputs, log, github, env } = ctx;
  const options = readRenderOptions(inputs, { github, env, log });
  const result = await renderTaskDefinition(options);
  const path = await writeRenderedFile(env.RUNNER_TEMP || tmpdir(), result.taskDefinition, result.tags);
  ctx.setOutput('task-definition', path);
  ctx.setOutput('images', JSON.stringify(result.images));
  ctx.setOutput('changed', result.changed);
  await ctx.summary(renderSummary(result, options.source, path));
});
