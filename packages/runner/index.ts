/**
 * The only place that talks to the Actions runner (@actions/core). Entries call runAction with a body that
 * reads inputs, drives an engine and sets outputs; everything below packages/ stays runner-free.
 */
import * as core from '@actions/core';
import { Inputs, isUserError } from '../inputs/index.js';
import { explainAwsError } from '../aws/index.js';
import { gitHubRunContext, type GitHubRunContext, type Logger } from '../runtime/index.js';

export interface ActionContext {
  inputs: Inputs;
  log: Logger;
  github: GitHubRunContext;
  env: Record<string, string | undefined>;
  /** Append markdown to the job summary; a no-op outside the runner (no GITHUB_STEP_SUMMARY). */
  summary(markdown: string): Promise<void>;
  /** Set a step output (declared in action.yml; a test checks every `setOutput('name'` against it). */
  setOutput(name: string, value: string | number | boolean): void;
  /** State carried from the main step to the post step (`runs.post`), e.g. what to log out of. */
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** True in the post step: main saves `isPost` so the same bundle serves both. */
  isPost: boolean;
}

export const runnerLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  error: (m) => core.error(m),
  debug: (m) => core.debug(m),
  mask: (s) => {
    if (s) core.setSecret(s);
  },
};

export function actionContext(env: Record<string, string | undefined> = process.env): ActionContext {
  return {
    inputs: new Inputs((name) => core.getInput(name)),
    log: runnerLogger,
    github: gitHubRunContext(env),
    env,
    summary: async (markdown) => {
      if (!env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
    setOutput: (name, value) => core.setOutput(name, String(value)),
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    isPost: core.getState('isPost') === 'true',
  };
}

/** Run an action body; print failures as one annotation (no stack for user errors) and fail the step. */
export async function runAction(body: (ctx: ActionContext) => Promise<void>): Promise<void> {
  try {
    const ctx = actionContext();
    // The runner exposes main's saved state to the post step only; marking it lets one bundle serve both.
    if (!ctx.isPost) core.saveState('isPost', 'true');
    await body(ctx);
  } catch (err) {
    reportFailure(err);
  }
}

export function reportFailure(raw: unknown): void {
  const err = explainAwsError(raw);
  if (isUserError(err)) {
    core.error(err.message, { title: err.input ? `Input ${err.input}` : 'Configuration' });
  } else {
    core.error(err.message, { title: 'ecs-deploy-actions' });
    if (err.stack) core.debug(err.stack);
  }
  process.exitCode = 1;
}
