/** The task-level inputs: size (and per-container size), roles and tags, and the Fargate size check. */
import { UserError, type KeyValue } from '../inputs/index.js';
import type { GitHubRunContext } from '../runtime/index.js';
import { cpuUnits, fargateSizeProblem, memoryMiB } from './sizes.js';
import { lines, type Targets } from './targets.js';
import { isTraceabilityTag, traceabilityTags } from './traceability.js';
import type { Tag, TaskDefinitionInput } from './types.js';
import { checkRole, checkUserTag, MAX_TAGS } from './validate.js';

/**
 * `cpu` / `memory`: an unprefixed line sets the task size (`512`, `"0.5 vCPU"`, `"2 GB"`, written in units);
 * a `container:n` line sets that container's. Returns whether the task size was given.
 */
export function applySize(
  td: TaskDefinitionInput,
  t: Targets,
  input: 'cpu' | 'memory',
  text: string | undefined,
): boolean {
  let taskLevel = false;
  for (const line of lines(text)) {
    const { container, rest } = t.split(line);
    if (container) {
      if (!/^\d+$/.test(rest)) {
        throw new UserError(
          input,
          `${JSON.stringify(line)}: a container's ${input} is a whole number`,
          `write ${container.name}:${input === 'cpu' ? '256' : '512'}`,
        );
      }
      container[input] = Number(rest);
      continue;
    }
    const units = input === 'cpu' ? cpuUnits(rest) : memoryMiB(rest);
    if (units === undefined) {
      throw new UserError(
        input,
        `${JSON.stringify(rest)} is not ${input === 'cpu' ? 'CPU units or vCPUs' : 'MiB or GB'}`,
        input === 'cpu'
          ? 'write units like 512 or vCPUs like "0.5 vCPU"'
          : 'write MiB like 2048 or GB like "2 GB"',
      );
    }
    td[input] = String(units);
    taskLevel = true;
  }
  return taskLevel;
}

/**
 * The task size parses, and on Fargate is one of its CPU/memory combinations. The error names the input
 * that set the offending value: memory, else cpu, else the source.
 */
export function checkTaskSize(
  td: TaskDefinitionInput,
  given: { cpu: boolean; memory: boolean; source: string },
): void {
  const cpuInput = given.cpu ? 'cpu' : given.source;
  const memoryInput = given.memory ? 'memory' : given.cpu ? 'cpu' : given.source;
  const cpu = td.cpu === undefined ? undefined : cpuUnits(td.cpu);
  const memory = td.memory === undefined ? undefined : memoryMiB(td.memory);
  if (td.cpu !== undefined && cpu === undefined) {
    throw new UserError(
      cpuInput,
      `cpu ${JSON.stringify(td.cpu)} is not CPU units or vCPUs`,
      'write units like "512" or vCPUs like "0.5 vCPU"',
    );
  }
  if (td.memory !== undefined && memory === undefined) {
    throw new UserError(
      memoryInput,
      `memory ${JSON.stringify(td.memory)} is not MiB or GB`,
      'write MiB like "2048" or GB like "2 GB"',
    );
  }
  if (!td.requiresCompatibilities?.includes('FARGATE')) return;
  const problem = fargateSizeProblem(cpu, memory);
  if (problem)
    throw new UserError(problem.field === 'cpu' ? cpuInput : memoryInput, problem.problem, problem.fix);
}

export function applyRoles(td: TaskDefinitionInput, taskRoleArn?: string, executionRoleArn?: string): void {
  if (taskRoleArn) {
    checkRole(taskRoleArn, 'task-role-arn');
    td.taskRoleArn = taskRoleArn;
  }
  if (executionRoleArn) {
    checkRole(executionRoleArn, 'execution-role-arn');
    td.executionRoleArn = executionRoleArn;
  }
}

/**
 * The revision's tags: the source's, then the user's over them, then this run's traceability tags. Tags with
 * the traceability prefix carried from a registered revision describe that revision's run, so they go.
 */
export function renderTags(sourceTags: Tag[], userTags: KeyValue[] = [], run?: GitHubRunContext): Tag[] {
  const tags = new Map(
    sourceTags.filter((t) => !isTraceabilityTag(t.key ?? '')).map((t) => [t.key!, t.value ?? '']),
  );
  for (const kv of userTags) {
    checkUserTag({ key: kv.key, value: kv.value }, 'tags');
    tags.set(kv.key, kv.value);
  }
  for (const t of run ? traceabilityTags(run) : []) tags.set(t.key!, t.value!);
  if (tags.size > MAX_TAGS) {
    throw new UserError(
      'tags',
      `the revision would have ${tags.size} tags and ECS allows ${MAX_TAGS}`,
      'drop some tags',
    );
  }
  return [...tags].map(([key, value]) => ({ key, value }));
}
