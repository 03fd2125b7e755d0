/**
 * What a rollback goes back to. `to` is `previous` (the newest revision verified for this service that is
 * older than the one serving), a revision number of the serving family, `family:revision`, an ARN, or a git
 * sha found through the `ecs-deploy:git-sha` tags render writes. Nothing is guessed: an unknown sha or a
 * service with no verified revision is an error that lists the recent revisions to choose from.
 */
import type { ECSClient } from '@aws-sdk/client-ecs';
import { UserError, quote } from '../inputs/index.js';
import { parseRevisionRef, revisionName, revisionOfArn } from '../task-definition-ref/index.js';
import {
  describeRevisions,
  listRevisionArns,
  previousVerified,
  readHistory,
  releaseRecord,
  type ReleaseRecord,
} from './history.js';

export type RollbackTo =
  | { kind: 'previous' }
  | { kind: 'revision'; revision: number; text: string }
  | { kind: 'ref'; ref: string }
  | { kind: 'sha'; sha: string; text: string };

const SHA = /^(?:sha:)?([0-9a-f]{7,40})$/i;

/** Read the `to` input; a value of no known form is refused before any AWS call. */
export function parseRollbackTo(text: string | undefined, input = 'to'): RollbackTo {
  const value = (text ?? '').trim();
  if (!value || value === 'previous') return { kind: 'previous' };
  // `sha:` first: `sha:1234567` would otherwise read as revision 1234567 of a family named "sha".
  const prefixed = /^sha:([0-9a-f]{7,40})$/i.exec(value);
  if (prefixed) return { kind: 'sha', sha: prefixed[1]!.toLowerCase(), text: value };
  if (/^\d{1,7}$/.test(value) && Number(value) > 0)
    return { kind: 'revision', revision: Number(value), text: value };
  if (parseRevisionRef(value)) return { kind: 'ref', ref: value };
  const sha = SHA.exec(value);
  if (sha) return { kind: 'sha', sha: sha[1]!.toLowerCase(), text: value };
  throw new UserError(
    input,
    `${quote(value)} is not a rollback target`,
    'write previous, a revision number (41), family:revision (backend:41), a task-definition ARN, or a git sha of 7 to 40 hex digits (sha:1234567 for one made of digits only)',
  );
}

export interface TargetRequest {
  to: RollbackTo;
  cluster: string;
  service: string;
  region: string;
  /** The revision the service runs (ARN). */
  currentArn: string;
  allowInactive: boolean;
  /** How many revisions a sha is looked for in, newest first. */
  searchDepth?: number;
  input?: string;
}

export interface ResolvedTarget {
  record: ReleaseRecord;
  /** How `to` became this revision, in words for the plan. */
  how: string;
  warnings: string[];
}

/** One line per revision for an error or a log: `backend:44 (3f9c2e1, 2026-11-30 21:40 UTC, by octocat, verified)`. */
export function candidateLine(r: ReleaseRecord): string {
  const facts = [
    r.gitSha ? r.gitSha.slice(0, 7) : 'no sha',
    r.registeredAt ? `${r.registeredAt.slice(0, 16).replace('T', ' ')} UTC` : undefined,
    r.actor ? `by ${r.actor}` : r.registeredBy ? `by ${r.registeredBy}` : undefined,
    r.verdict,
    r.live ? 'live' : undefined,
  ].filter(Boolean);
  return `${revisionName(r)} (${facts.join(', ')})`;
}

export async function resolveRollbackTarget(ecs: ECSClient, req: TargetRequest): Promise<ResolvedTarget> {
  const input = req.input ?? 'to';
  const where = { cluster: req.cluster, service: req.service };
  const current = revisionOfArn(req.currentArn);
  const recent = async (): Promise<string> => {
    const records = await readHistory(ecs, {
      ...where,
      family: current.family,
      liveArn: req.currentArn,
      limit: 8,
    });
    return records.length
      ? `recent revisions of ${current.family}: ${records.map(candidateLine).join('; ')}`
      : `${current.family} has no ACTIVE revisions`;
  };
  const checked = (record: ReleaseRecord, how: string, warnings: string[] = []): ResolvedTarget => {
    if (record.status === 'INACTIVE' && !req.allowInactive) {
      throw new UserError(
        input,
        `${revisionName(record)} is INACTIVE (deregistered): ECS updates no service to it`,
        'choose an ACTIVE revision, or set allow-inactive: true to register its content again and go back to that',
      );
    }
    if (record.verdict === 'failed' && req.to.kind !== 'previous')
      warnings.push(
        `${revisionName(record)} is marked failed for ${req.service} (${record.verdictAt}): going back to it as asked`,
      );
    if (record.status === 'INACTIVE')
      warnings.push(`${revisionName(record)} is INACTIVE: its content is registered again (allow-inactive)`);
    return { record, how, warnings };
  };
  const describeOne = async (ref: string) => {
    const [d] = await describeRevisions(ecs, [ref]).catch((err: unknown) => {
      if (err instanceof Error && err.name === 'ClientException') return [undefined];
      throw err;
    });
    return d ? releaseRecord(d, where) : undefined;
  };

  switch (req.to.kind) {
    case 'previous': {
      const records = await readHistory(ecs, {
        ...where,
        family: current.family,
        liveArn: req.currentArn,
        limit: 10,
      });
      const target = records.find((r) => r.rollbackTarget) ?? previousVerified(records, current.revision);
      if (!target) {
        throw new UserError(
          input,
          `no revision of ${current.family} older than the serving ${current.family}:${current.revision} is verified for ${req.service} (a deploy marks a revision verified when its gates pass); ${await recent()}`,
          'give the revision to go back to, e.g. to: 41 or a git sha',
        );
      }
      return checked(
        target,
        `previous: the newest revision verified for ${req.service} older than the serving ${current.family}:${current.revision}`,
      );
    }
    case 'revision':
    case 'ref': {
      const ref = req.to.kind === 'revision' ? `${current.family}:${req.to.revision}` : req.to.ref;
      const record = await describeOne(ref);
      if (!record) {
        // Seven digits may be a short sha made only of digits: look for it before giving up.
        if (req.to.kind === 'revision' && req.to.text.length === 7)
          return resolveRollbackTarget(ecs, {
            ...req,
            to: { kind: 'sha', sha: req.to.text, text: req.to.text },
          });
        throw new UserError(
          input,
          `ECS has no task definition ${ref} in ${req.region}; ${await recent()}`,
          'give one of the revisions listed, or check aws-region',
        );
      }
      return checked(
        record,
        req.to.kind === 'revision' ? `revision ${req.to.revision} of ${current.family}` : ref,
      );
    }
    case 'sha':
      return checked(...(await findBySha(ecs, req, req.to.sha, recent)));
  }
}

async function findBySha(
  ecs: ECSClient,
  req: TargetRequest,
  sha: string,
  recent: () => Promise<string>,
): Promise<[ReleaseRecord, string, string[]]> {
  const where = { cluster: req.cluster, service: req.service };
  const { family } = revisionOfArn(req.currentArn);
  const depth = req.searchDepth ?? 100;
  const matching = async (status: 'ACTIVE' | 'INACTIVE') => {
    const arns = await listRevisionArns(ecs, family, { status, limit: depth });
    const records = (await describeRevisions(ecs, arns)).map((d) => releaseRecord(d, where));
    return records.filter((r) => r.gitSha?.toLowerCase().startsWith(sha));
  };
  let found = await matching('ACTIVE');
  if (!found.length && req.allowInactive) found = await matching('INACTIVE');
  if (!found.length) {
    const inactive = req.allowInactive ? [] : await matching('INACTIVE');
    if (inactive.length) {
      throw new UserError(
        req.input ?? 'to',
        `git sha ${sha} is only on INACTIVE (deregistered) revisions: ${inactive.map(revisionName).join(', ')}`,
        'choose an ACTIVE revision, or set allow-inactive: true',
      );
    }
    throw new UserError(
      req.input ?? 'to',
      `no revision of ${family} among its newest ${depth} was rendered from git sha ${sha}; ${await recent()}`,
      'give a sha from the list, or a revision number',
    );
  }
  const shas = new Set(found.map((r) => r.gitSha!.toLowerCase()));
  if (shas.size > 1) {
    throw new UserError(
      req.input ?? 'to',
      `git sha ${sha} is ambiguous: it starts ${[...shas].map((s) => s.slice(0, 12)).join(', ')}`,
      'give more digits of the sha',
    );
  }
  const verified = found.filter((r) => r.verdict === 'verified');
  const usable = found.filter((r) => r.verdict !== 'failed');
  const pick = verified[0] ?? usable[0];
  if (!pick) {
    throw new UserError(
      req.input ?? 'to',
      `every revision rendered from ${sha} is marked failed for ${req.service}: ${found.map(revisionName).join(', ')}`,
      'give one of them by revision number to go back to it anyway, or choose another sha',
    );
  }
  const how = `git sha ${sha}: ${found.length > 1 ? `the newest ${verified.length ? 'verified' : 'not failed'} of ${found.map(revisionName).join(', ')}` : revisionName(pick)}`;
  const warnings = verified.length ? [] : [`${revisionName(pick)} was never verified for ${req.service}`];
  return [pick, how, warnings];
}
