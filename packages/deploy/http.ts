import type { HttpGet } from './options.js';

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
