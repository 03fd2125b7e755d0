import { describe, expect, it } from '@jest/globals';
import type { CostReport, TimingReport } from '../../deploy-report/index.js';
import { costBlock, costLine, timingBlock } from '../cost-timing.js';

const cost: CostReport = {
  region: 'us-east-1',
  priceSource: 'https://aws.amazon.com/fargate/pricing/',
  pricesReadOn: '2026-12-01',
  hoursPerMonth: 730,
  spotShare: 0,
  release: {
    revision: 'backend:42',
    cpu: 1024,
    memory: 2048,
    architecture: 'X86_64',
    storageGb: 20,
    desiredCount: 2,
    taskHour: 0.04937,
    monthly: 72.08,
  },
  previous: {
    revision: 'backend:41',
    cpu: 512,
    memory: 1024,
    architecture: 'X86_64',
    storageGb: 20,
    desiredCount: 2,
    taskHour: 0.024685,
    monthly: 36.04,
  },
  monthlyChange: 36.04,
  changed: ['cpu 512→1024', 'memory 1024→2048'],
  notes: [],
};

const timing: TimingReport = {
  totalSeconds: 372,
  phases: [
    { name: 'placement', label: 'waiting for placement', seconds: 3 },
    { name: 'to-healthy', label: 'start to healthy', seconds: 69, detail: 'at least 2 checks × 10 s' },
    { name: 'draining', label: 'old tasks draining', seconds: 290, detail: 'deregistration delay 300 s' },
    { name: 'bake', label: 'bake', seconds: 10 },
  ],
  criticalTask: '0123456789abcdef',
  settings: { deregistrationDelaySeconds: 300 },
  advice: ['4 min 50 s of 6 min 12 s was draining: deregistration delay is 300 s; 30 s would do'],
  notes: [],
};

describe('cost and timing in Markdown', () => {
  it('says the monthly cost and the change against the previous revision in one line', () => {
    expect(costLine(cost)).toBe(
      '≈ $72.08/month at 2 tasks (+$36.04 vs rev 41: cpu 512→1024, memory 1024→2048)',
    );
    expect(costLine({ ...cost, spotShare: 0.6, previous: undefined, monthlyChange: undefined })).toBe(
      '≈ $72.08/month at 2 tasks, 60% on Spot',
    );
    expect(costLine({ ...cost, release: undefined })).toBeUndefined();
  });

  it('says plainly when nothing priced changed, instead of a zero amount', () => {
    const same = { ...cost.release!, revision: 'backend:42' };
    const previous = { ...same, revision: 'backend:41' };
    expect(costLine({ ...cost, release: same, previous, monthlyChange: 0, changed: [] })).toBe(
      '≈ $72.08/month at 2 tasks (no change in price vs rev 41)',
    );
    // A rounding residue is no change either.
    expect(costLine({ ...cost, release: same, previous, monthlyChange: -0.001, changed: [] })).toBe(
      '≈ $72.08/month at 2 tasks (no change in price vs rev 41)',
    );
    // The same revision at the same count: nothing to compare.
    expect(costLine({ ...cost, release: same, previous: same, monthlyChange: 0, changed: [] })).toBe(
      '≈ $72.08/month at 2 tasks',
    );
  });

  it('shows the hint, the notes and where the prices come from', () => {
    const md = costBlock({
      ...cost,
      rightSizing: {
        cpu: 256,
        memory: 512,
        monthly: 18.02,
        saving: 54.06,
        cpuMaxPercent: 45,
        memoryMaxPercent: 40,
        headroomPercent: 64,
        days: 7,
      },
      notes: ['no price for region mars-north-1'],
    });
    expect(md).toContain(
      '**Cost:** ≈ $72.08/month at 2 tasks (+$36.04 vs rev 41: cpu 512→1024, memory 1024→2048)',
    );
    expect(md).toContain(
      'Peak use over 7 days was CPU 45% and memory 40% of 0.5 vCPU / 1 GB: 0.25 vCPU / 0.5 GB would hold that peak at 64% and save $54.06/month.',
    );
    expect(md).toContain('_no price for region mars-north-1_');
    // The hint is the size the previous revision had (the release grew): it says so instead of naming it twice.
    expect(
      costBlock({
        ...cost,
        rightSizing: {
          cpu: 512,
          memory: 1024,
          monthly: 36.04,
          saving: 36.04,
          cpuMaxPercent: 34,
          memoryMaxPercent: 47.2,
          headroomPercent: 47,
          days: 7,
        },
      }),
    ).toContain(
      'Peak use over 7 days was CPU 34% and memory 47.2% of 0.5 vCPU / 1 GB (rev 41): keeping that size would hold that peak at 47% and save $36.04/month.',
    );
    expect(md).toContain('[the AWS Fargate pricing page](https://aws.amazon.com/fargate/pricing/)');
  });

  it('lists the phases with their share and the advice as bullets', () => {
    const md = timingBlock(timing, false);
    expect(md).toContain(
      '**Where the time went:** 6 min 12 s from the update to the end, most of it old tasks draining (4 min 50 s)',
    );
    expect(md).toContain(
      '- 💡 4 min 50 s of 6 min 12 s was draining: deregistration delay is 300 s; 30 s would do',
    );
    expect(md).toContain('| old tasks draining | 4 min 50 s | 78% | deregistration delay 300 s |');
    expect(
      md
        .split('\n')
        .filter((l) => l.startsWith('| '))
        .every((l) => l.split(' | ').length === 4),
    ).toBe(true);
    expect(timingBlock(timing, true)).toMatch(
      /<details><summary>Rollout phases \(critical task 01234567\)<\/summary>/,
    );
  });
});
