/**
 * run-task follows its one-off task's log live: the bundled action as a process against the simulator, a
 * task that writes 500 lines over its run (the last one as it exits); every line must reach the job log
 * exactly once and in order, some of them while the task still runs, with GetLogEvents throttled or not.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { seedArchitecture, startSimulator, type RunningSimulator } from '../../packages/simulator/index.js';
import { errorAnnotations, runBundledAction, type ActionRun } from '../helpers/run-action.js';

const LINES = Array.from({ length: 500 }, (_, i) => `migrate ${String(i + 1).padStart(3, '0')}/500 ok`);
/** Simulated seconds the task runs and writes for; at speed 10 that is 6 real seconds of polling. */
const RUN_SECONDS = 60;

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function runChatty(inputs: Record<string, string> = {}): Promise<ActionRun> {
  sim = await startSimulator({
    speed: 10,
    scenario: seedArchitecture({
      releases: [
        {
          match: { content: 'chatty' },
          runSeconds: RUN_SECONDS,
          logLines: LINES,
          logSpreadSeconds: RUN_SECONDS,
        },
      ],
    }),
  });
  return runBundledAction('run-task', {
    inputs: {
      cluster: 'web',
      'task-definition': 'backend',
      service: 'backend',
      command: 'python manage.py chatty',
      'poll-interval': '1s',
      ...inputs,
    },
    env: sim.env,
    timeoutMs: 60_000,
  });
}

/** The followed lines in the job log, in the order printed. */
const followed = (run: ActionRun) => [...run.stdout.matchAll(/^backend \| (.*)$/gm)].map((m) => m[1]!);

describe('run-task streams the one-off task’s log', () => {
  it('prints each of 500 lines once, in order, while the task runs and up to its last line', async () => {
    const run = await runChatty();
    expect(errorAnnotations(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(followed(run)).toEqual(LINES);
    // Streamed, not printed at the end: lines came before the task was seen STOPPED, and after.
    const stoppedAt = run.stdout.search(/task [0-9a-f]{32} is STOPPED/);
    expect(stoppedAt).toBeGreaterThan(0);
    const before = followed({ ...run, stdout: run.stdout.slice(0, stoppedAt) });
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(LINES.length);
    expect(run.stdout).toContain('end of the log of backend: 500 lines');
    // A success shows its log's end in the summary, folded.
    expect(run.summary).toContain('<details><summary>Log of <code>backend</code>: last 50 of 500 lines');
    expect(run.summary).toContain('migrate 500/500 ok');
    const reads = sim!.calls({ operation: 'GetLogEvents' });
    expect(reads.length).toBeGreaterThan(2);
    expect(reads.every((c) => (c.input as { startFromHead?: boolean }).startFromHead === true)).toBe(true);
  }, 60_000);

  it('loses and repeats nothing when GetLogEvents is throttled and the SDK does not retry', async () => {
    const started = runChatty({ 'max-attempts': '1' });
    // Every other read answers ThrottlingException (the simulator is up before the action's first read).
    while (!sim) await new Promise((r) => setTimeout(r, 5));
    sim.faults({ rules: [{ service: 'logs', operation: 'GetLogEvents', kind: 'throttle', every: 2 }] });
    const run = await started;
    expect(run.exitCode).toBe(0);
    expect(followed(run)).toEqual(LINES);
    expect(run.stdout).not.toMatch(/::warning::could not read the log/);
    const throttled = sim
      .calls({ operation: 'GetLogEvents' })
      .filter((c) => c.error === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThan(0);
  }, 60_000);

  it('stream-logs: false prints no lines and reads no log of a task that succeeded', async () => {
    const run = await runChatty({ 'stream-logs': 'false' });
    expect(run.exitCode).toBe(0);
    expect(followed(run)).toEqual([]);
    expect(sim!.calls({ operation: 'GetLogEvents' })).toEqual([]);
  }, 60_000);
});
