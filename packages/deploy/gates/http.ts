/**
 * HTTP checks against the release: `successes` consecutive responses must match the accepted statuses
 * (and body pattern). A streak of failures as long as that, and never fewer than 3, fails the gate: the new
 * revision answers, and answers wrong.
 */
import { fail, pass, wait, type Verdict } from '../observation.js';
import type { HttpCheckOptions } from '../options.js';

export interface HttpProbe {
  at: number;
  status?: number;
  body?: string;
  /** Why no response came (refused, timed out). */
  error?: string;
}

export function probeMatches(probe: HttpProbe, check: HttpCheckOptions): boolean {
  if (probe.status === undefined || !check.statuses.includes(probe.status)) return false;
  return !check.body || check.body.test(probe.body ?? '');
}

export function failureStreakLimit(check: HttpCheckOptions): number {
  return Math.max(3, check.successes);
}

/** What was wrong with a probe, in words. */
export function describeProbe(probe: HttpProbe, check: HttpCheckOptions): string {
  if (probe.status === undefined) return `no response (${probe.error ?? 'unknown error'})`;
  if (!check.statuses.includes(probe.status))
    return `status ${probe.status}, expected ${check.statuses.join(' or ')}`;
  if (check.body && !check.body.test(probe.body ?? '')) {
    const excerpt = (probe.body ?? '').replace(/\s+/g, ' ').slice(0, 120);
    return `status ${probe.status} but the body did not match ${String(check.body)} (got "${excerpt}")`;
  }
  return `status ${probe.status}`;
}

/** Judge the probes so far (oldest first) by their trailing streak. */
export function httpGate(probes: HttpProbe[], check: HttpCheckOptions, gate: 'http' | 'test-http'): Verdict {
  let streak = 0;
  const last = probes[probes.length - 1];
  if (!last) return wait(`no response from ${check.url} yet`);
  const matching = probeMatches(last, check);
  for (let i = probes.length - 1; i >= 0 && probeMatches(probes[i]!, check) === matching; i--) streak++;
  if (matching) {
    if (streak >= check.successes) return pass(`${streak} consecutive good responses from ${check.url}`);
    return wait(`${streak}/${check.successes} good responses from ${check.url}`);
  }
  if (streak >= failureStreakLimit(check)) {
    return fail({
      gate,
      summary: `GET ${check.url}: ${describeProbe(last, check)} (${streak} times in a row)`,
      url: check.url,
      ...(last.status !== undefined ? { httpStatus: last.status } : {}),
    });
  }
  return wait(`GET ${check.url}: ${describeProbe(last, check)}`);
}
