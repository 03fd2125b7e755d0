/**
 * The only place that talks to the Actions runner (through protocol.ts). Entries call runAction with a body
 * that reads inputs, drives an engine and sets outputs; everything below packages/ stays runner-free.
 */
import { Inputs, boundText, isUserError } from '../inputs/index.js';
import { explainAwsError } from '../aws/index.js';
import { gitHubRunContext, type GitHubRunContext, type Logger } from '../runtime/index.js';
import { RunnerProtocol } from './protocol.js';
import { appendStepSummary } from './summary.js';

export { STEP_SUMMARY_LIMIT, appendStepSummary, cutUtf8, fitSummary, type FittedSummary } from './summary.js';
export { CancelGuard, type CancelGuardOptions } from './cancel.js';
export { RunnerProtocol, type AnnotationProperties } from './protocol.js';

/** This process's runner: stdout and the files the runner named in the environment. */
const core = new RunnerProtocol();

/** Characters an error annotation keeps: a message that quotes a huge value stays readable. */
export const ANNOTATION_LIMIT = 4_000;

export interface ActionContext {
  inputs: Inputs;
  log: Logger;
  github: GitHubRunContext;
  env: Record<string, string | undefined>;
  /**
   * Append markdown to the job summary; a no-op outside the runner (no GITHUB_STEP_SUMMARY). Shortened, with
   * a note, when the step's summary would pass GitHub's 1 MiB.
   */
  summary(markdown: string): Promise<void>;
  /** Set a step output (declared in action.yml; a test checks every `setOutput('name'` against it). */
  setOutput(name: string, value: string | number | boolean): void;
  /** State carried from the main step to the post step (`runs.post`), e.g. what to log out of. */
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** True in the post step: main saves `isPost` so the same bundle serves both (see ActionSteps). */
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
  const runner = env === process.env ? core : new RunnerProtocol(env);
  return {
    inputs: new Inputs((name) => runner.getInput(name)),
    log: runnerLogger,
    github: gitHubRunContext(env),
    env,
    summary: async (markdown) => {
      if (!env.GITHUB_STEP_SUMMARY) return;
      const fitted = await appendStepSummary(env.GITHUB_STEP_SUMMARY, markdown);
      if (fitted.shortened) {
        runnerLogger.info(
          fitted.text
            ? "The job summary was shortened to fit GitHub's 1 MiB per step; the JSON report has everything."
            : "The job summary was left out: this step's summary already holds GitHub's 1 MiB.",
        );
      }
    },
    setOutput: (name, value) => runner.setOutput(name, String(value)),
    saveState: (name, value) => runner.saveState(name, value),
    getState: (name) => runner.getState(name),
    isPost: runner.getState('isPost') === 'true',
  };
}

export type ActionBody = (ctx: ActionContext) => Promise<void>;

/**
 * The two steps of an action whose action.yml names one bundle as both `runs.main` and `runs.post`:
 * runAction picks the one this process is, so the entry itself never asks.
 */
export interface ActionSteps {
  main: ActionBody;
  post: ActionBody;
}

/**
 * Run an action body, or the main or post step of `{ main, post }`; print failures as one annotation (no
 * stack for user errors) and fail the step. A plain body is run in either step (an entry of its own, such
 * as actions/<name>/post.ts, is only ever one of them).
 */
export async function runAction(
  steps: ActionBody | ActionSteps,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  try {
    const ctx = actionContext(env);
    // The runner exposes main's saved state to the post step only; marking it lets one bundle serve both.
    if (!ctx.isPost) ctx.saveState('isPost', 'true');
    const body = typeof steps === 'function' ? steps : ctx.isPost ? steps.post : steps.main;
    await body(ctx);
  } catch (err) {
    reportFailure(err);
  }
}

/**
 * The annotation text of a failure: user values quoted in it are cut and the whole is bounded, whatever
 * built the message (a UserError is already bounded; an AWS or other error may echo a value whole).
 */
export function annotationText(message: string): string {
  return boundText(message, ANNOTATION_LIMIT);
}

export function reportFailure(raw: unknown): void {
  const err = explainAwsError(raw);
  if (isUserError(err)) {
    // UserError already bounds its input name, problem and fix; the annotation bound is for the rest.
    core.error(annotationText(err.message), { title: err.input ? `Input ${err.input}` : 'Configuration' });
  } else {
    core.error(annotationText(err.message), { title: 'ecs-deploy-actions' });
    if (err.stack) core.debug(boundText(err.stack, 4 * ANNOTATION_LIMIT));
  }
  process.exitCode = 1;
}
