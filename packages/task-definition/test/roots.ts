import { afterAll, beforeAll } from '@jest/globals';

/**
 * Point GITHUB_WORKSPACE and RUNNER_TEMP at the test's own directories for the file's tests, whatever the
 * environment running them (on a runner both are set to directories the test files are not in).
 */
export function useInputRoots(workspace: string, runnerTemp: string): void {
  const saved = { GITHUB_WORKSPACE: process.env.GITHUB_WORKSPACE, RUNNER_TEMP: process.env.RUNNER_TEMP };
  beforeAll(() => {
    process.env.GITHUB_WORKSPACE = workspace;
    process.env.RUNNER_TEMP = runnerTemp;
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}
