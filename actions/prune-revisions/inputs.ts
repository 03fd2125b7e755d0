/** The prune-revisions action's inputs, read into the engine's PruneOptions (every input is named here). */
import { UserError, checkEcsName, parseDuration, quote, type Inputs } from '../../packages/inputs/index.js';
import type { PruneOptions } from '../../packages/prune/index.js';
import { isFamilyName, parseRevisionRef } from '../../packages/task-definition-ref/index.js';

export function readPruneOptions(inputs: Inputs, region: string): PruneOptions {
  const families = [...new Set(inputs.list('families', { required: true }).map(checkFamily))];
  const clusters = [
    ...new Set(
      (inputs.list('clusters').length ? inputs.list('clusters') : ['default']).map((c) =>
        checkEcsName(c, 'clusters', 'cluster'),
      ),
    ),
  ];
  return {
    region,
    families,
    clusters,
    keep: inputs.positiveInt('keep', { default: 10, min: 1, max: 10_000 }),
    olderThanSeconds: parseAge(inputs.string('older-than', { default: '30d' }), 'older-than'),
    keepVerified: inputs.positiveInt('keep-verified', { default: 3, min: 0, max: 1000 }),
    delete: inputs.boolean('delete', { default: false }),
    dryRun: inputs.boolean('dry-run', { default: false }),
    maxDeregistrations: inputs.positiveInt('max-deregistrations', { default: 200, min: 1, max: 10_000 }),
  };
}

function checkFamily(value: string): string {
  if (isFamilyName(value)) return value;
  if (value.startsWith('arn:') || parseRevisionRef(value)) {
    throw new UserError(
      'families',
      `${quote(value)} is a revision, not a family`,
      'give the family name only (e.g. backend): every revision of it is considered',
    );
  }
  throw new UserError(
    'families',
    `${quote(value)} is not a task-definition family name`,
    'a family name has 1 to 255 letters, digits, hyphens (-) and underscores (_)',
  );
}

/**
 * An age in seconds: days as well as the usual hours, minutes and seconds (`30d`, `720h`, `1d12h`, `90m`).
 * The shared duration reader stops at hours, and retention is counted in days.
 */
export function parseAge(text: string, input: string): number {
  const value = text.replace(/\s+/g, '').toLowerCase();
  const days = /^(\d+)d(.*)$/.exec(value);
  if (!days) {
    try {
      return parseDuration(value, input);
    } catch {
      throw new UserError(
        input,
        `${quote(text)} is not an age`,
        'write days, hours or minutes like 30d, 720h or 1d12h',
      );
    }
  }
  const rest = days[2] ?? '';
  let more = 0;
  if (rest) {
    try {
      more = parseDuration(rest, input);
    } catch {
      throw new UserError(
        input,
        `${quote(text)} is not an age`,
        'write days, hours or minutes like 30d, 720h or 1d12h',
      );
    }
  }
  return Number(days[1]) * 86_400 + more;
}
