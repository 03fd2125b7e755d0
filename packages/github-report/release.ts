/**
 * The release facts a report may carry besides the deployment itself: what a rollback went from and to,
 * the verdicts recorded on revisions, and the family's release history. Reports are JSON read from a file
 * or an input and only their outline is validated (parseDeploymentReport), and the history comes from
 * task-definition tags anyone allowed to tag may write: everything here is read defensively, so a field of
 * the wrong shape is left out rather than thrown on or printed as Markdown.
 */
import type {
  DeploymentReport,
  ReleaseRecord,
  RevisionVerdict,
  TaskDefinitionRef,
} from '../deploy-report/index.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Longest `to` input quoted back: a full git sha with `sha:` fits. */
const MAX_REQUEST = 60;

/** A task-definition reference with a family and a revision number, else undefined. */
export function refOf(value: unknown): Pick<TaskDefinitionRef, 'family' | 'revision'> | undefined {
  const v = obj(value);
  if (!v || typeof v.family !== 'string' || !v.family) return undefined;
  if (typeof v.revision !== 'number' || !Number.isInteger(v.revision)) return undefined;
  return { family: v.family, revision: v.revision };
}

export interface RollbackFacts {
  /** What served before the rollback. */
  from?: Pick<TaskDefinitionRef, 'family' | 'revision'>;
  /** The target that was asked for. */
  to?: Pick<TaskDefinitionRef, 'family' | 'revision'>;
  /** The `to` input as given (`previous`, `41`, `3f9c2e1`), on one line. */
  request?: string;
  /** Set when the target failed its gates and this revision was put back. */
  restored?: Pick<TaskDefinitionRef, 'family' | 'revision'>;
}

/**
 * The facts of a `rollback` report: rolledBackFrom, rolledBackTo, rollbackRequest and restored (`true`, or
 * the revision put back; `true` means rolledBackFrom). Empty for other kinds.
 */
export function rollbackFacts(report: DeploymentReport): RollbackFacts {
  if (report.kind !== 'rollback') return {};
  const r = report as unknown as Json;
  const from = refOf(r.rolledBackFrom);
  const to = refOf(r.rolledBackTo) ?? refOf(r.taskDefinition);
  const asked = str(r.rollbackRequest)?.replace(/\s+/g, ' ').trim();
  const request =
    asked && [...asked].length > MAX_REQUEST ? `${[...asked].slice(0, MAX_REQUEST - 1).join('')}…` : asked;
  const restored = r.restored === true || typeof r.restored === 'string' ? from : refOf(r.restored);
  return {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(request ? { request } : {}),
    ...(restored ? { restored } : {}),
  };
}

const sameRevision = (
  a: Pick<TaskDefinitionRef, 'family' | 'revision'> & { arn?: string },
  b: Pick<TaskDefinitionRef, 'family' | 'revision'> & { arn?: string },
) => (a.arn && b.arn ? a.arn === b.arn : a.family === b.family && a.revision === b.revision);

/** The well-formed verdicts of a report. */
export function verdictsOf(report: DeploymentReport): RevisionVerdict[] {
  const list: unknown = report.verdicts;
  if (!Array.isArray(list)) return [];
  const out: RevisionVerdict[] = [];
  for (const item of list) {
    const v = obj(item);
    const ref = refOf(v?.revision);
    if (!v || !ref || (v.verdict !== 'verified' && v.verdict !== 'failed')) continue;
    const arn = str(obj(v.revision)?.arn);
    out.push({
      revision: { ...ref, arn: arn ?? '' },
      verdict: v.verdict,
      at: str(v.at) ?? '',
      ...(str(v.error) ? { error: str(v.error)! } : {}),
    });
  }
  return out;
}

/** The verdict recorded (or meant to be) on the report's own revision; the last one if several. */
export function releaseVerdict(report: DeploymentReport): RevisionVerdict | undefined {
  const td = report.taskDefinition;
  return verdictsOf(report)
    .filter((v) => sameRevision({ ...v.revision, arn: v.revision.arn || undefined }, td))
    .at(-1);
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
/** `owner/name` as GitHub allows it; anything else is not put into a commit URL. */
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * The history's records in the shape historyTable renders, or none. historyTable escapes text and puts shas,
 * images and the revision in code spans; it builds a commit URL from the repository and shows times as
 * given: those are checked here, and fields of the wrong type are dropped.
 */
export function historyOf(report: DeploymentReport): ReleaseRecord[] {
  const list: unknown = report.history;
  if (!Array.isArray(list)) return [];
  const out: ReleaseRecord[] = [];
  for (const item of list) {
    const r = obj(item);
    const ref = refOf(r);
    if (!r || !ref) continue;
    const status = str(r.status) ?? 'ACTIVE';
    const images = Object.entries(obj(r.images) ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    );
    const string = (key: string) => (str(r[key]) ? { [key]: str(r[key])! } : {});
    const time = (key: string) => (str(r[key]) && ISO_TIME.test(str(r[key])!) ? { [key]: str(r[key])! } : {});
    out.push({
      arn: str(r.arn) ?? '',
      ...ref,
      // historyTable escapes the status; an unknown one is kept (escaped there), never trusted.
      status,
      ...time('registeredAt'),
      ...string('registeredBy'),
      ...string('gitSha'),
      ...(str(r.repository) && REPOSITORY.test(str(r.repository)!) ? { repository: str(r.repository)! } : {}),
      ...string('actor'),
      ...string('runUrl'),
      images: Object.fromEntries(images),
      ...(r.verdict === 'verified' || r.verdict === 'failed' ? { verdict: r.verdict } : {}),
      ...time('verdictAt'),
      ...(r.live === true ? { live: true } : {}),
      ...(r.rollbackTarget === true ? { rollbackTarget: true } : {}),
    });
  }
  return out;
}
