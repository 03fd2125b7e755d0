/** The per-container inputs: images, environment, secrets, labels, logging and commands. */
import type { KeyValuePair, Secret } from '@aws-sdk/client-ecs';
import { UserError, type KeyValue } from '../inputs/index.js';
import { parseCommand } from './command.js';
import { lines, type Targets } from './targets.js';
import type { ContainerDefinition } from './types.js';
import { checkImage, isSecretArn } from './validate.js';

/**
 * Images from `containers` (`name=image` lines) and `image` (for container-name or the only container).
 * Returns the names of the containers given an image, whose references are already checked.
 */
export function applyImages(t: Targets, containers: KeyValue[] = [], image?: string): Set<string> {
  const requested = new Map<string, { image: string; input: string }>();
  for (const kv of containers) {
    if (!t.byName.has(kv.key)) {
      throw new UserError(
        'containers',
        `line ${kv.line} names container ${kv.key}, which does not exist`,
        `the containers are ${t.list}`,
      );
    }
    if (requested.has(kv.key)) {
      throw new UserError(
        'containers',
        `container ${kv.key} is given twice`,
        'give each container one image',
      );
    }
    requested.set(kv.key, { image: kv.value, input: 'containers' });
  }
  if (image) {
    const target = t.unprefixed('container-name', 'image', '…').name!;
    const other = requested.get(target);
    if (other && other.image !== image) {
      throw new UserError(
        'image',
        `container ${target} also gets ${other.image} from containers`,
        'give its image in one place',
      );
    }
    requested.set(target, { image, input: 'image' });
  }
  for (const [name, { image: ref, input }] of requested) {
    checkImage(ref, input, name);
    t.byName.get(name)!.image = ref;
  }
  return new Set(requested.keys());
}

/** Every container has an image, and those from the source are well formed (`input` names the source). */
export function checkSourceImages(t: Targets, given: Set<string>, input: string): void {
  for (const c of t.containers) {
    if (!c.image) {
      throw new UserError(
        given.size ? 'containers' : input,
        `container ${c.name} has no image`,
        `give it one with containers: ${c.name}=<registry/repository:tag>`,
      );
    }
    if (!given.has(c.name!)) checkImage(c.image, input, c.name!);
  }
}

/**
 * Environment variables and secrets. A name the user moves from one list to the other replaces the source's
 * entry; the same name in both inputs for one container is ambiguous. Values and references are never
 * put in messages.
 */
export function applyVariables(
  t: Targets,
  environment: KeyValue[] = [],
  secrets: KeyValue[] = [],
  envInput = 'environment',
) {
  const fromEnvironment = new Set<string>();
  for (const kv of environment) {
    const { container, name } = variableTarget(t, kv, envInput, 'LOG_LEVEL=debug');
    container.environment = upsert<KeyValuePair>(container.environment, { name, value: kv.value });
    container.secrets = container.secrets?.filter((s) => s.name !== name);
    fromEnvironment.add(`${container.name}\0${name}`);
  }
  for (const kv of secrets) {
    const { container, name } = variableTarget(t, kv, 'secrets', 'DB_PASSWORD=arn:aws:ssm:…');
    if (!isSecretArn(kv.value)) {
      throw new UserError(
        'secrets',
        `line ${kv.line} (${name}) is not an SSM parameter ARN or a Secrets Manager secret ARN`,
        'write NAME=arn:aws:ssm:<region>:<account>:parameter/<name> or NAME=arn:aws:secretsmanager:<region>:<account>:secret:<name>',
      );
    }
    if (fromEnvironment.has(`${container.name}\0${name}`)) {
      throw new UserError(
        'secrets',
        `${name} is given for container ${container.name} in both ${envInput} and secrets`,
        'keep it in one of them',
      );
    }
    container.secrets = upsert<Secret>(container.secrets, { name, valueFrom: kv.value });
    container.environment = container.environment?.filter((e) => e.name !== name);
  }
}

/** A variable name never holds `:`, so `ngnix:X` is a mistyped container, not a variable named so. */
function variableTarget(t: Targets, kv: KeyValue, input: string, example: string) {
  const { container, rest } = t.split(kv.key);
  if (!rest || /[:\s]/.test(rest)) {
    throw new UserError(
      input,
      rest.includes(':') && !container
        ? `line ${kv.line}: ${kv.key.split(':')[0]} is not a container of this task definition`
        : `line ${kv.line}: ${JSON.stringify(rest)} is not a variable name`,
      `write [container:]NAME=value; the containers are ${t.list}`,
    );
  }
  return { container: container ?? t.unprefixed(input, `line ${kv.line} (${rest})`, example), name: rest };
}

function upsert<T extends { name?: string }>(list: T[] | undefined, entry: T): T[] {
  const out = [...(list ?? [])];
  const at = out.findIndex((e) => e.name === entry.name);
  if (at >= 0) out[at] = entry;
  else out.push(entry);
  return out;
}

/** Docker labels; a label key may hold `:` when what precedes it is not a container. */
export function applyLabels(t: Targets, labels: KeyValue[] = []): void {
  for (const kv of labels) {
    const { container, rest } = t.split(kv.key);
    const target =
      container ?? t.unprefixed('docker-labels', `line ${kv.line} (${kv.key})`, 'com.example.team=web');
    target.dockerLabels = { ...target.dockerLabels, [rest]: kv.value };
  }
}

export interface LoggingInputs {
  logGroup?: string;
  logStreamPrefix?: string;
  logOptions?: KeyValue[];
  logOptionsInput?: string;
  region: () => string;
}

/**
 * log-group / log-stream-prefix switch containers to awslogs (awslogs-region is the AWS region). Unprefixed,
 * they apply to container-name, else to every container: one group per service is the usual layout, and
 * streams are named after the container. log-options then merge into each targeted container's options.
 */
export function applyLogging(t: Targets, inputs: LoggingInputs): void {
  const targeted = (input: string, example: string, text: string | undefined) =>
    lines(text).flatMap((line) => {
      const { container, rest } = t.split(line);
      if (!rest || /[:*\s]/.test(rest)) {
        throw new UserError(
          input,
          `${JSON.stringify(line)} is not [container:]${example}`,
          `the containers are ${t.list}`,
        );
      }
      return (container ? [container] : t.everyUnprefixed()).map((c) => ({ container: c, value: rest }));
    });
  const awslogsOptions = (c: ContainerDefinition): Record<string, string> => {
    if (c.logConfiguration?.logDriver !== 'awslogs') c.logConfiguration = { logDriver: 'awslogs' };
    return (c.logConfiguration.options = { ...c.logConfiguration.options });
  };
  for (const { container, value } of targeted('log-group', '/ecs/group-name', inputs.logGroup)) {
    if (!/^[\w.\-/#]{1,512}$/.test(value)) {
      throw new UserError(
        'log-group',
        `${JSON.stringify(value)} is not a log group name`,
        'use letters, digits and _ - / . #',
      );
    }
    const options = awslogsOptions(container);
    options['awslogs-group'] = value;
    options['awslogs-region'] = inputs.region();
  }
  for (const { container, value } of targeted('log-stream-prefix', 'prefix', inputs.logStreamPrefix)) {
    if (
      container.logConfiguration?.logDriver !== 'awslogs' ||
      !container.logConfiguration.options?.['awslogs-group']
    ) {
      throw new UserError(
        'log-stream-prefix',
        `container ${container.name} does not log to CloudWatch (awslogs with a group)`,
        'set log-group too',
      );
    }
    const options = awslogsOptions(container);
    options['awslogs-stream-prefix'] = value;
    options['awslogs-region'] ??= inputs.region();
  }
  const input = inputs.logOptionsInput ?? 'log-options';
  for (const kv of inputs.logOptions ?? []) {
    const { container, rest } = t.split(kv.key);
    const target = container ?? t.unprefixed(input, `line ${kv.line} (${rest})`, 'mode=non-blocking');
    const config = target.logConfiguration;
    if (!config?.logDriver) {
      throw new UserError(
        input,
        `container ${target.name} has no log configuration to add options to`,
        'set log-group for awslogs, or a logConfiguration in the file',
      );
    }
    config.options = { ...config.options, [rest]: kv.value };
  }
}

/** Commands: one JSON array (it may span lines, YAML block style), or one `[container:]command` per line. */
export function applyCommands(t: Targets, text: string | undefined): void {
  const whole = (text ?? '').trim();
  if (!whole) return;
  const commands = isJsonArray(whole) ? [whole] : lines(whole);
  for (const [i, line] of commands.entries()) {
    const { container, rest } = t.split(line);
    const what = commands.length > 1 ? `line ${i + 1}` : 'the command';
    (container ?? t.unprefixed('command', what, '["npm","start"]')).command = parseCommand(rest, 'command');
  }
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}
