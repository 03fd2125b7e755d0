import { UserError, type KeyValue } from '../inputs/index.js';
import type { GitHubRunContext, Logger } from '../runtime/index.js';
import { isFamilyName, isTaskDefinitionArn, parseRevisionRef } from '../task-definition-ref/index.js';
import {
  applyCommands,
  applyImages,
  applyLabels,
  applyLogging,
  applyVariables,
  checkSourceImages,
} from './containers.js';
import { changesTable, diffTaskDefinitions, formatChange, type TaskDefinitionChange } from './diff.js';
import { loadTaskDefinitionFile } from './file.js';
import { normalizeForRegister, sameContent } from './normalize.js';
import { Targets } from './targets.js';
import { applyRoles, applySize, checkTaskSize, renderTags } from './task-settings.js';
import { isTraceabilityTag } from './traceability.js';
import type { LoadedTaskDefinition, Tag, TaskDefinitionInput } from './types.js';

/** Where the definition starts from: a file, or a registered revision (`family`, `family:rev` or an ARN). */
export type TaskDefinitionSource =
  { kind: 'file'; path: string; input: string } | { kind: 'registered'; reference: string; input: string };

export interface RenderOptions {
  source: TaskDefinitionSource;
  /** The container unprefixed lines target; without it they target the only container. */
  containerName?: string;
  /** Image for `containerName` (or the only container). */
  image?: string;
  /** `container=image` lines. */
  containers?: KeyValue[];
  /** `[container:]NAME=value` lines (values stay whole, `=` included). */
  environment?: KeyValue[];
  /** `[container:]NAME=arn:aws:ssm:…|arn:aws:secretsmanager:…` lines. */
  secrets?: KeyValue[];
  /** `[container:]label=value` lines. */
  dockerLabels?: KeyValue[];
  /** `[container:]option=value` lines merged into the log configuration's options. */
  logOptions?: KeyValue[];
  /** `[container:]group` lines: awslogs to this group (unprefixed: every container unless container-name). */
  logGroup?: string;
  /** `[container:]prefix` lines: awslogs-stream-prefix (same targeting as logGroup). */
  logStreamPrefix?: string;
  /** `[container:]command` lines, each a JSON array or a shell-like line; or one JSON array. */
  command?: string;
  /** Task CPU (`512`, `"0.5 vCPU"`); `container:units` lines set a container's cpu. */
  cpu?: string;
  /** Task memory (`1024`, `"2 GB"`); `container:MiB` lines set a container's hard limit. */
  memory?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  /** Directories a source file may be in (default: GITHUB_WORKSPACE and RUNNER_TEMP of this process). */
  fileRoots?: readonly string[];
  /** `key=value` tags for the revision. */
  tags?: KeyValue[];
  /** The run to record in traceability tags; undefined leaves them out. */
  traceability?: GitHubRunContext;
  /** Input names as the user wrote them, when an alias was used (errors name what they wrote). */
  inputNames?: { environment?: string; logOptions?: string };
  aws: {
    /** Resolved only when needed (a registered source, or awslogs settings). */
    region: () => string;
    maxAttempts: number;
  };
  log: Logger;
}

export interface RenderResult {
  /** The rendered definition, normalised for RegisterTaskDefinition. */
  taskDefinition: TaskDefinitionInput;
  tags: Tag[];
  /** What it started from. */
  source: LoadedTaskDefinition;
  /** Differences from the source, values of environment and secrets left out. */
  changes: TaskDefinitionChange[];
  /** Whether anything but the traceability tags differs from the source. */
  changed: boolean;
  /** Container name → image. */
  images: Record<string, string>;
}

/**
 * Exactly one of the three source inputs, checked for shape. Two given is a UserError naming both; none, one
 * naming `task-definition`.
 */
export function chooseSource(given: { file?: string; family?: string; arn?: string }): TaskDefinitionSource {
  const named = (
    [
      ['task-definition', given.file],
      ['task-definition-family', given.family],
      ['task-definition-arn', given.arn],
    ] as const
  ).filter(([, v]) => v);
  if (named.length > 1) {
    const names = named.map(([n]) => n);
    throw new UserError(
      names.join(' and '),
      `${names.join(' and ')} were all given; a render starts from exactly one source`,
      'keep one: a file (task-definition), or a registered revision (task-definition-family or task-definition-arn)',
    );
  }
  const [only] = named;
  if (!only) {
    throw new UserError(
      'task-definition',
      'no task definition was given',
      'set task-definition to a JSON or YAML file, or task-definition-family / task-definition-arn to start from a registered revision',
    );
  }
  const [input, value] = only;
  if (input === 'task-definition') return { kind: 'file', path: value!, input };
  if (input === 'task-definition-family' && !isFamilyName(value!) && !parseRevisionRef(value)) {
    throw new UserError(
      input,
      `${JSON.stringify(value)} is not a family name`,
      'write family or family:revision, e.g. web or web:42',
    );
  }
  if (input === 'task-definition-arn' && !isTaskDefinitionArn(value!)) {
    throw new UserError(
      input,
      `${JSON.stringify(value)} is not a task definition ARN`,
      'write arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>',
    );
  }
  return { kind: 'registered', reference: value!, input };
}

/** Load the source, apply every requested change, validate, and report what changed. Writes nothing. */
export async function renderTaskDefinition(opts: RenderOptions): Promise<RenderResult> {
  const source = await loadSource(opts);
  const td = structuredClone(source.taskDefinition);
  const t = new Targets(td.containerDefinitions!, opts.containerName);

  const withImage = applyImages(t, opts.containers, opts.image);
  applyVariables(t, opts.environment, opts.secrets, opts.inputNames?.environment);
  applyLabels(t, opts.dockerLabels);
  applyLogging(t, {
    logGroup: opts.logGroup,
    logStreamPrefix: opts.logStreamPrefix,
    logOptions: opts.logOptions,
    logOptionsInput: opts.inputNames?.logOptions,
    region: opts.aws.region,
  });
  applyCommands(t, opts.command);
  const cpu = applySize(td, t, 'cpu', opts.cpu);
  const memory = applySize(td, t, 'memory', opts.memory);
  applyRoles(td, opts.taskRoleArn, opts.executionRoleArn);
  checkSourceImages(t, withImage, opts.source.input);
  checkTaskSize(td, { cpu, memory, source: opts.source.input });
  const tags = renderTags(source.tags, opts.tags, opts.traceability);

  const rendered = normalizeForRegister(td);
  const changes = diffTaskDefinitions({ ...source.taskDefinition, tags: source.tags }, { ...rendered, tags });
  const withoutTrace = (list: Tag[]) => list.filter((x) => !isTraceabilityTag(x.key ?? ''));
  const changed = !sameContent(
    { ...source.taskDefinition, tags: withoutTrace(source.tags) },
    { ...rendered, tags: withoutTrace(tags) },
  );
  const images = Object.fromEntries(rendered.containerDefinitions!.map((c) => [c.name!, c.image!]));

  opts.log.info(
    `Rendered task definition ${rendered.family} from ${describeSource(opts.source)}: ` +
      `${changed ? `${changes.length} change(s)` : 'no change to the definition'}`,
  );
  for (const change of changes) opts.log.info(`  ${formatChange(change)}`);
  return { taskDefinition: rendered, tags, source, changes, changed, images };
}

async function loadSource(opts: RenderOptions): Promise<LoadedTaskDefinition> {
  if (opts.source.kind === 'file') {
    return loadTaskDefinitionFile(opts.source.path, opts.source.input, { roots: opts.fileRoots });
  }
  const { describeRegisteredTaskDefinition } = await import('./registered.js');
  return describeRegisteredTaskDefinition(
    { region: opts.aws.region(), maxAttempts: opts.aws.maxAttempts },
    opts.source.reference,
    opts.source.input,
  );
}

function describeSource(source: TaskDefinitionSource): string {
  return source.kind === 'file' ? source.path : `the registered ${source.reference}`;
}

/** Job-summary markdown: what was rendered from what, the change table and the images. */
export function renderSummary(result: RenderResult, source: TaskDefinitionSource, path: string): string {
  const images = Object.entries(result.images).map(([name, image]) => `| \`${name}\` | \`${image}\` |`);
  return [
    `### Task definition \`${result.taskDefinition.family}\``,
    '',
    `Rendered from ${source.kind === 'file' ? `\`${source.path}\`` : `registered \`${source.reference}\``} to \`${path}\`` +
      (result.changed ? '.' : ': the definition is unchanged.'),
    '',
    changesTable(result.changes),
    '| container | image |',
    '| --- | --- |',
    ...images,
    '',
  ].join('\n');
}
