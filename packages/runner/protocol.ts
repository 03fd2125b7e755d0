/**
 * The Actions runner's protocol, spoken directly: inputs arrive as `INPUT_<NAME>` variables, log lines and
 * annotations are workflow commands on stdout (`::error title=…::message`), and outputs and post-step state
 * are appended to the files named by GITHUB_OUTPUT and GITHUB_STATE in the `name<<delimiter` form.
 *
 * Why not @actions/core: it imports its OIDC client and with it an HTTP stack (undici) that none of our
 * steps use, and loading that was a large share of a step's start (render's especially, which needs nothing
 * else). The protocol is small and documented by GitHub ("Workflow commands for GitHub Actions"); a test
 * drives this module and @actions/core with the same calls and requires the runner to see the same bytes.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';

type Env = Record<string, string | undefined>;

/** Annotation properties the runner reads (a subset: we place no annotations on files). */
export interface AnnotationProperties {
  title?: string;
}

/** `%`, CR and LF would end or corrupt a command: the runner decodes these escapes. */
function escapeMessage(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also cannot hold the `:` and `,` that delimit them. */
function escapeProperty(text: string): string {
  return escapeMessage(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export class RunnerProtocol {
  constructor(
    private readonly env: Env = process.env,
    private readonly write: (text: string) => void = (text) => void process.stdout.write(text),
  ) {}

  /**
   * One workflow command line: `::command key=value,…::message`. Empty property values are left out; a
   * properties object given at all is marked by the space after the name (the runner reads both forms, and
   * @actions/core writes it so: the two stay byte for byte the same).
   */
  command(name: string, properties: Record<string, string | undefined>, message: string): void {
    const props = Object.entries(properties)
      .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
      .map(([key, value]) => `${key}=${escapeProperty(value)}`)
      .join(',');
    const head = Object.keys(properties).length > 0 ? `${name} ${props}` : name;
    this.write(`::${head}::${escapeMessage(message)}${EOL}`);
  }

  /** An input as the runner passes it: `INPUT_` + the name upper-cased with spaces as `_`, trimmed. */
  getInput(name: string): string {
    return (this.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  }

  info(message: string): void {
    this.write(message + EOL);
  }

  debug(message: string): void {
    this.command('debug', {}, message);
  }

  warning(message: string, properties: AnnotationProperties = {}): void {
    this.command('warning', { ...properties }, message);
  }

  error(message: string, properties: AnnotationProperties = {}): void {
    this.command('error', { ...properties }, message);
  }

  /** From now on the runner replaces `secret` with *** wherever this job's log would show it. */
  setSecret(secret: string): void {
    this.command('add-mask', {}, secret);
  }

  setOutput(name: string, value: string): void {
    this.keyValue('GITHUB_OUTPUT', 'set-output', name, value);
  }

  /** State for this action's post step, which reads it back as `STATE_<name>`. */
  saveState(name: string, value: string): void {
    this.keyValue('GITHUB_STATE', 'save-state', name, value);
  }

  getState(name: string): string {
    return this.env[`STATE_${name}`] ?? '';
  }

  /**
   * Appends `name<<delimiter`, the value and the delimiter to the runner's file. The delimiter is random per
   * value, so no value can end the block early and smuggle in another output; a collision is refused.
   * Outside a runner that provides the file, the older stdout command is used.
   */
  private keyValue(fileVariable: string, legacyCommand: string, name: string, value: string): void {
    const path = this.env[fileVariable];
    if (!path) {
      if (legacyCommand === 'set-output') this.write(EOL);
      this.command(legacyCommand, { name }, value);
      return;
    }
    if (!existsSync(path)) throw new Error(`${fileVariable} names ${path}, which does not exist`);
    const delimiter = `ghadelimiter_${randomUUID()}`;
    if (name.includes(delimiter) || value.includes(delimiter)) {
      throw new Error(`the ${name} value contains the runner file delimiter`);
    }
    appendFileSync(path, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
  }
}
