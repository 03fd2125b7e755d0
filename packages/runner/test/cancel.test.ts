/** The cancel guard: the first signal aborts, a second shortens the hand-over, and running out ends the step. */
import { EventEmitter } from 'node:events';
import { describe, expect, it, jest } from '@jest/globals';
import { MemoryLogger } from '../../runtime/index.js';
import { CancelGuard } from '../cancel.js';

/** Signals from an emitter instead of the process; exit codes recorded instead of exiting. */
function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const proc = {
    on(event: string, fn: (s: NodeJS.Signals) => void) {
      emitter.on(event, fn);
      return proc;
    },
    off(event: string, fn: (s: NodeJS.Signals) => void) {
      emitter.off(event, fn);
      return proc;
    },
    exit(code?: number) {
      exits.push(code ?? 0);
    },
  };
  return { emitter, exits, proc: proc as unknown as Pick<NodeJS.Process, 'on' | 'off' | 'exit'> };
}

describe('CancelGuard', () => {
  it('aborts on SIGINT once, saves first, and gives up after the hand-over time', async () => {
    jest.useFakeTimers();
    const { emitter, exits, proc } = fakeProcess();
    const log = new MemoryLogger();
    const order: string[] = [];
    const guard = new CancelGuard({
      log,
      stopping: 'stopping the deploy',
      onCancel: () => order.push(`saved (aborted: ${String(guard.cancelled)})`),
      onGiveUp: async () => void order.push('gave up'),
      handOverMs: { first: 6000, last: 1500 },
      process: proc,
    });
    guard.signal.addEventListener('abort', () => order.push('aborted'));
    emitter.emit('SIGINT', 'SIGINT');
    expect(order).toEqual(['saved (aborted: false)', 'aborted']);
    expect(log.text()).toContain('SIGINT: the workflow was cancelled; stopping the deploy');
    // SIGTERM 7.5 s later would come after the 6 s hand-over: the guard has ended the step by then.
    await jest.advanceTimersByTimeAsync(6000);
    expect(order).toEqual(['saved (aborted: false)', 'aborted', 'gave up']);
    expect(exits).toEqual([1]);
    jest.useRealTimers();
  });

  it('a second signal shortens the hand-over; a step that ended on its own ignores signals', async () => {
    jest.useFakeTimers();
    const { emitter, exits, proc } = fakeProcess();
    const guard = new CancelGuard({
      log: new MemoryLogger(),
      stopping: 'stopping the task',
      onGiveUp: async () => {},
      handOverMs: { first: 6000, last: 1500 },
      process: proc,
    });
    emitter.emit('SIGINT', 'SIGINT');
    emitter.emit('SIGTERM', 'SIGTERM');
    await jest.advanceTimersByTimeAsync(1500);
    expect(exits).toEqual([1]);

    const { emitter: e2, exits: exits2, proc: p2 } = fakeProcess();
    const done = new CancelGuard({
      log: new MemoryLogger(),
      stopping: 'x',
      onGiveUp: async () => {},
      process: p2,
    });
    expect(done.end()).toBe(true);
    e2.emit('SIGINT', 'SIGINT');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(done.cancelled).toBe(false);
    expect(exits2).toEqual([]);
    expect(guard.end()).toBe(false);
    jest.useRealTimers();
  });
});
