import { describe, expect, it } from '@jest/globals';
import type { Logger } from '../../runtime/index.js';
import { Timeline } from '../timeline.js';

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  return {
    lines,
    info: push('info'),
    warning: push('warning'),
    error: push('error'),
    debug: push('debug'),
    mask: () => undefined,
  };
}

describe('Timeline', () => {
  it("stamps each entry with the run's time and, given AWS's clock, AWS's time of the same moment", () => {
    let run = Date.parse('2026-12-01T10:00:00.000Z');
    let aws = Date.parse('2026-12-01T13:00:00.000Z');
    const log = recordingLog();
    const timeline = new Timeline({ now: () => run }, log, { now: () => aws });
    timeline.record('deployment', 'updated service backend to backend:2');
    run += 1000;
    aws += 60_000;
    timeline.record('gate', 'gate tasks failed: exit 3', 'warning');
    expect(timeline.entries).toEqual([
      {
        at: '2026-12-01T10:00:00.000Z',
        awsAt: '2026-12-01T13:00:00.000Z',
        kind: 'deployment',
        message: 'updated service backend to backend:2',
      },
      {
        at: '2026-12-01T10:00:01.000Z',
        awsAt: '2026-12-01T13:01:00.000Z',
        kind: 'gate',
        message: 'gate tasks failed: exit 3',
      },
    ]);
    expect(log.lines).toEqual([
      'info: updated service backend to backend:2',
      'warning: gate tasks failed: exit 3',
    ]);
  });

  it("without AWS's clock, entries have the run's time only", () => {
    const timeline = new Timeline({ now: () => Date.parse('2026-12-01T10:00:00.000Z') }, recordingLog());
    timeline.record('info', 'registered backend:2');
    expect(timeline.entries).toEqual([
      { at: '2026-12-01T10:00:00.000Z', kind: 'info', message: 'registered backend:2' },
    ]);
  });
});
