/**
 * Task-definition references, parsed in one place: a family (`backend`), a revision (`backend:41`), and a
 * task-definition ARN (`arn:aws:ecs:eu-west-1:111122223333:task-definition/backend:41`, any partition).
 * Family names are what ECS allows: 1 to 255 letters, digits, hyphens and underscores.
 *
 * A package of its own, importing nothing, because every layer reads these: the action inputs (deploy,
 * run-task, rollback, prune-revisions), the engines (ecs, history, prune, deploy) and the report's
 * Markdown. The indexes of packages/task-definition and packages/ecs load the ECS SDK: the parser living in
 * either would put the SDK into the report action's start, and into input checks that run before it.
 */

/** A family and one of its revision numbers. */
export interface RevisionRef {
  family: string;
  revision: number;
}

const FAMILY = '[A-Za-z0-9_-]{1,255}';
const FAMILY_NAME = new RegExp(`^${FAMILY}$`);
const REVISION = new RegExp(`^(${FAMILY}):(\\d+)$`);
const ARN = new RegExp(`^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:task-definition/(${FAMILY}):(\\d+)$`);

/** A task-definition family name (no revision). */
export function isFamilyName(text: string): boolean {
  return FAMILY_NAME.test(text);
}

/** A task-definition ARN with its revision, in any partition. */
export function isTaskDefinitionArn(text: string): boolean {
  return ARN.test(text);
}

/** The family and revision of `family:revision` or a task-definition ARN; undefined for anything else. */
export function parseRevisionRef(text: string | undefined): RevisionRef | undefined {
  if (!text) return undefined;
  const m = ARN.exec(text) ?? REVISION.exec(text);
  return m ? { family: m[1]!, revision: Number(m[2]) } : undefined;
}

/**
 * The family and revision of an ARN that AWS returned (a service's or a deployment's task definition). One
 * that does not parse is a fault in the answer, not user input: an Error, never a guess.
 */
export function revisionOfArn(arn: string): RevisionRef {
  const ref = parseRevisionRef(arn);
  if (!ref) throw new Error(`${JSON.stringify(arn)} is not a task-definition ARN or family:revision`);
  return ref;
}

/**
 * A revision as messages, logs and reports name it: `family:revision`, the form ECS itself accepts. Given
 * text (an ARN or `family:revision`), the same; other text as it is (an ARN that does not parse, after its
 * `task-definition/`), and nothing as `(none)`: a message names whatever it was given.
 */
export function revisionName(ref: RevisionRef | string | undefined): string {
  if (ref === undefined || ref === '') return '(none)';
  if (typeof ref !== 'string') return `${ref.family}:${ref.revision}`;
  const parsed = parseRevisionRef(ref);
  if (parsed) return revisionName(parsed);
  const at = ref.indexOf(':task-definition/');
  return at >= 0 ? ref.slice(at + ':task-definition/'.length) : ref;
}
