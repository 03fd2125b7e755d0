import { UserError } from '../inputs/index.js';
import type { ContainerDefinition } from './types.js';

/**
 * Which container an input line is for. A line may start with `name:` where `name` is a container of the
 * definition; anything else (`DSN=postgres://…`) has no prefix and goes to container-name, or to the only
 * container.
 */
export class Targets {
  readonly byName: ReadonlyMap<string, ContainerDefinition>;
  /** `app, nginx`: for messages. */
  readonly list: string;

  constructor(
    readonly containers: ContainerDefinition[],
    readonly containerName: string | undefined,
  ) {
    this.byName = new Map(containers.map((c) => [c.name!, c]));
    this.list = containers.map((c) => c.name).join(', ');
    if (containerName && !this.byName.has(containerName)) {
      throw new UserError(
        'container-name',
        `there is no container ${containerName}`,
        `the containers are ${this.list}`,
      );
    }
  }

  /** Splits off a `container:` prefix, only when it names a real container. */
  split(text: string): { container?: ContainerDefinition; rest: string } {
    const colon = text.indexOf(':');
    const container = colon > 0 ? this.byName.get(text.slice(0, colon).trim()) : undefined;
    return container ? { container, rest: text.slice(colon + 1).trim() } : { rest: text };
  }

  /** The container for an unprefixed line: container-name, or the only container; else a UserError. */
  unprefixed(input: string, what: string, example: string): ContainerDefinition {
    if (this.containerName) return this.byName.get(this.containerName)!;
    if (this.containers.length === 1) return this.containers[0]!;
    throw new UserError(
      input,
      `${what} does not say which container it is for, and there are ${this.containers.length} (${this.list})`,
      `prefix it with the container, e.g. ${this.containers[0]!.name}:${example}, or set container-name`,
    );
  }

  /** The containers an unprefixed setting that suits them all (a log group) applies to. */
  everyUnprefixed(): ContainerDefinition[] {
    return this.containerName ? [this.byName.get(this.containerName)!] : this.containers;
  }
}

/** Non-blank lines, trimmed, without `#` comments. */
export function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}
