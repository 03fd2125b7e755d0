/**
 * A mistake the user can fix: it names the input (or setting) at fault, what was wrong, and how to fix it.
 * Entries print it as one annotation without a stack trace; anything else is a bug or an AWS failure.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    /** The action input (or other setting) at fault, e.g. `task-definition`. */
    readonly input: string | undefined,
    /** What was wrong, e.g. `"10" has no unit`. */
    readonly problem: string,
    /** How to fix it, e.g. `write 10s, 10m or 1h30m`. */
    readonly fix: string,
  ) {
    super(`${input ? `${input}: ` : ''}${problem}${fix ? `. ${fix}` : ''}`);
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
