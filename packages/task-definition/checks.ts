/**
 * Checks of a task definition's values that its schema cannot express: sizes, ports, names that must be
 * unique, secret references, images, and Fargate's CPU/memory table. They run on the document as read (its
 * types already checked against the schema), so each problem keeps the path that leads to its line.
 */
import type { PathSegment } from '../inputs/index.js';
import type { SchemaIssue } from './schema.js';
import { cpuUnits, fargateSizeProblem, memoryMiB } from './sizes.js';
import { isObject, type JsonObject } from './types.js';
import { imageProblem, SECRET_REFERENCE_FIX, secretReferenceProblem } from './validate.js';

/** Docker's floor for a container's memory (Docker 20.10 and later reserve 6 MiB per container). */
const MIN_CONTAINER_MEMORY = 6;

/** Problems in the values of `td` (the definition's fields; `at` is its path in the document). */
export function checkTaskDefinitionValues(td: JsonObject, at: PathSegment[] = []): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const add = (path: PathSegment[], problem: string, fix: string) =>
    issues.push({ path: [...at, ...path], at: 'value', problem, fix });

  const cpu = present(td.cpu) ? cpuUnits(td.cpu) : undefined;
  const memory = present(td.memory) ? memoryMiB(td.memory) : undefined;
  if (present(td.cpu) && cpu === undefined) {
    add(['cpu'], 'is not CPU units or vCPUs', 'write units like "512" or vCPUs like "0.5 vCPU"');
  }
  if (present(td.memory) && memory === undefined) {
    add(['memory'], 'is not MiB or GB', 'write MiB like "2048" or GB like "2 GB"');
  }
  // A missing size may still come from render's cpu and memory inputs, which check it again.
  const fargate = Array.isArray(td.requiresCompatibilities) && td.requiresCompatibilities.includes('FARGATE');
  if (fargate && cpu !== undefined && memory !== undefined) {
    const problem = fargateSizeProblem(cpu, memory);
    if (problem) add([problem.field], problem.problem, problem.fix);
  }

  const containers = Array.isArray(td.containerDefinitions) ? td.containerDefinitions : [];
  const names = new Map<string, number>();
  containers.forEach((c: unknown, i) => {
    if (!isObject(c)) return;
    const path = ['containerDefinitions', i];
    if (typeof c.name === 'string' && c.name) {
      const first = names.get(c.name);
      if (first === undefined) names.set(c.name, i);
      else {
        add(
          [...path, 'name'],
          `repeats the name of containerDefinitions[${first}]: two containers are named ${c.name}`,
          'give every container its own name',
        );
      }
    }
    checkContainer(c, path, td.networkMode, add);
  });
  return issues;
}

type Add = (path: PathSegment[], problem: string, fix: string) => void;

function checkContainer(c: JsonObject, path: PathSegment[], networkMode: unknown, add: Add): void {
  if (typeof c.image === 'string' && c.image) {
    const problem = imageProblem(c.image);
    if (problem) {
      // An image reference is no secret, and seeing it is the quickest way to spot what is wrong.
      add(
        [...path, 'image'],
        `${JSON.stringify(c.image)} ${problem}`,
        'write it as registry/repository:tag or registry/repository@sha256:<digest>, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2',
      );
    }
  }

  if (typeof c.cpu === 'number' && (!Number.isInteger(c.cpu) || c.cpu < 0)) {
    add(
      [...path, 'cpu'],
      'is not a whole number of CPU units',
      'write 0 or more units, e.g. 256 (1024 is one vCPU)',
    );
  }
  for (const field of ['memory', 'memoryReservation'] as const) {
    const v = c[field];
    if (typeof v === 'number' && (!Number.isInteger(v) || v < MIN_CONTAINER_MEMORY)) {
      add(
        [...path, field],
        `is not a whole number of MiB of at least ${MIN_CONTAINER_MEMORY}`,
        `write MiB, e.g. 512 (Docker needs at least ${MIN_CONTAINER_MEMORY} MiB per container)`,
      );
    }
  }
  if (typeof c.memory === 'number' && typeof c.memoryReservation === 'number') {
    if (c.memoryReservation > c.memory) {
      add(
        [...path, 'memoryReservation'],
        `is ${c.memoryReservation} MiB, more than memory (${c.memory} MiB)`,
        'keep the soft limit (memoryReservation) at or below the hard limit (memory)',
      );
    }
  }

  const ports = Array.isArray(c.portMappings) ? c.portMappings : [];
  ports.forEach((p: unknown, j) => {
    if (isObject(p)) checkPortMapping(p, [...path, 'portMappings', j], networkMode, add);
  });

  // Names of environment variables and secrets: one value each, since ECS would keep only one of them.
  const seen = new Map<string, string>();
  for (const list of ['environment', 'secrets'] as const) {
    const entries = Array.isArray(c[list]) ? (c[list] as unknown[]) : [];
    entries.forEach((e, j) => {
      if (!isObject(e) || typeof e.name !== 'string' || !e.name) return;
      const where = `${list}[${j}]`;
      const earlier = seen.get(e.name);
      if (earlier !== undefined) {
        add(
          [...path, list, j, 'name'],
          earlier.startsWith(list)
            ? `repeats ${e.name}, already set by ${earlier}`
            : `repeats ${e.name}, already set by ${earlier}: a name is in both environment and secrets`,
          'keep one entry per name',
        );
      } else seen.set(e.name, where);
    });
  }

  const secretLists: [PathSegment[], unknown][] = [[[...path, 'secrets'], c.secrets]];
  if (isObject(c.logConfiguration)) {
    secretLists.push([[...path, 'logConfiguration', 'secretOptions'], c.logConfiguration.secretOptions]);
  }
  for (const [listPath, list] of secretLists) {
    if (!Array.isArray(list)) continue;
    list.forEach((s: unknown, j) => {
      if (!isObject(s) || typeof s.valueFrom !== 'string') return;
      // The reference itself stays out of the message, as everywhere secrets are handled.
      const problem = secretReferenceProblem(s.valueFrom);
      if (problem) add([...listPath, j, 'valueFrom'], problem, SECRET_REFERENCE_FIX);
    });
  }
}

function checkPortMapping(p: JsonObject, path: PathSegment[], networkMode: unknown, add: Add): void {
  const { containerPort, hostPort, containerPortRange } = p;
  if (typeof containerPort === 'number' && !isPort(containerPort, 1)) {
    add(
      [...path, 'containerPort'],
      'is not a port from 1 to 65535',
      'write the port the container listens on',
    );
  }
  // 0 asks for a dynamic host port (bridge mode), which is also what Describe shows for one.
  if (typeof hostPort === 'number' && !isPort(hostPort, 0)) {
    add([...path, 'hostPort'], 'is not a port from 0 to 65535', 'write a port, or leave hostPort out');
  }
  if (
    (networkMode === 'awsvpc' || networkMode === 'host') &&
    typeof hostPort === 'number' &&
    typeof containerPort === 'number' &&
    hostPort !== containerPort &&
    !(networkMode === 'awsvpc' && hostPort === 0)
  ) {
    add(
      [...path, 'hostPort'],
      `is ${hostPort} but containerPort is ${containerPort}; in ${networkMode} network mode they are the same port`,
      'leave hostPort out or make it equal to containerPort',
    );
  }
  if (typeof containerPortRange === 'string' && containerPortRange) {
    const m = /^(\d{1,5})-(\d{1,5})$/.exec(containerPortRange.trim());
    const [from, to] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!m || !isPort(from, 1) || !isPort(to, 1) || from >= to) {
      add(
        [...path, 'containerPortRange'],
        'is not a range of ports like 8000-8010 (from 1 to 65535, the first below the second)',
        'write first-last, e.g. 8000-8010',
      );
    }
  }
}

const isPort = (n: number, min: number) => Number.isInteger(n) && n >= min && n <= 65535;

/** Set to something normalising keeps (it drops null and ""). */
const present = (v: unknown) => v !== undefined && v !== null && v !== '';
