/** Entry of the report action: inputs and the event → report engine → outputs. */
import { createOctokit, octokitGitHubApi, publishReport } from '../../packages/github-report/index.js';
import { runAction } from '../../packages/runner/index.js';
import { runUrl, systemClock } from '../../packages/runtime/index.js';
import { readReportInputs } from './inputs.js';

await runAction(async (ctx) => {
  const { inputs, log, github, env } = ctx;
  const { options, token, repository, grafana, grafanaToken } = readReportInputs(inputs, {
    github,
    env,
    log,
  });
  const api = octokitGitHubApi(
    createOctokit(token, { baseUrl: env.GITHUB_API_URL || 'https://api.github.com', log }),
    repository,
  );
  const result = await publishReport(options, {
    api,
    log,
    clock: systemClock,
    writeSummary: (markdown) => ctx.summary(markdown),
  });
  if (grafana && grafanaToken && result.status !== 'in-progress') {
    // Deploy marks: a mark that cannot be written is a warning and a line in the summary, never a failure.
    const marks = await import('../../packages/grafana/index.js');
    const outcomes = await marks.postReleaseMarks(
      new marks.GrafanaClient({ url: grafana.url, token: grafanaToken }),
      marks.releaseMarks(options.reports, {
        environment: options.environment,
        runUrl: runUrl(github),
        dashboardUid: grafana.dashboardUid,
      }),
      log,
    );
    const warning = marks.marksSummary(outcomes);
    if (warning && options.jobSummary) await ctx.summary(warning);
  }
  ctx.setOutput('comment-id', result.commentId ?? '');
  ctx.setOutput('comment-url', result.commentUrl ?? '');
  ctx.setOutput('deployment-id', result.deploymentId ?? '');
  ctx.setOutput('markdown', result.markdownPath);
});
