import type { clientConfig } from '../aws/index.js';
import { systemClock, type Logger } from '../runtime/index.js';
import { createDeployClients } from './clients.js';
import type { DeployDeps, HttpGet } from './options.js';

/** Body bytes a probe keeps: enough for a health endpoint's answer and a body pattern. */
const BODY_LIMIT = 65_536;

/** The HTTP probe of the gates, with `fetch`: each probe ends at its own timeout or when `cancel` aborts. */
export function fetchProbe(cancel: AbortSignal): HttpGet {
  return async (url, timeoutMs) => {
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), cancel]);
    const res = await fetch(url, { signal });
    return { status: res.status, body: (await res.text()).slice(0, BODY_LIMIT) };
  };
}

/**
 * What the deploy engine needs when an action runs it: AWS clients, the real clock, and HTTP probes a
 * cancel cuts short. Deploy and rollback entries share it.
 */
export async function actionDeps(
  aws: ReturnType<typeof clientConfig>,
  run: { log: Logger; signal: AbortSignal; reportDir: string },
): Promise<DeployDeps> {
  return {
    clients: await createDeployClients(aws),
    clock: systemClock,
    log: run.log,
    http: fetchProbe(run.signal),
    reportDir: run.reportDir,
    signal: run.signal,
  };
}
