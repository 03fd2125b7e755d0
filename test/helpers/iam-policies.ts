/**
 * Runs each bundled action under its documented IAM policy (action-examples/iam/<action>.json): the
 * placeholders are filled with the names this run acts on (from its inputs, its task-definition file and
 * the simulator's world), the policy is bound to a fresh access key in the simulator, and the action signs
 * with that key. A call outside the policy then fails the run with AccessDenied, so every end-to-end test
 * also proves the documented policy. An action without a policy file (report) gets an empty policy: any
 * AWS call it makes is denied. `E2E_IAM=off` runs with the simulator's unrestricted key instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';
import type {
  IamBinding,
  IamDenial,
  PolicyDocument,
  PolicyStatement,
} from '../../packages/simulator/index.js';
import type { IamInventory } from '../../packages/simulator/iam.js';

const root = join(import.meta.dirname, '..', '..');

export const policyPath = (action: string) => join(root, 'action-examples', 'iam', `${action}.json`);

/** The documented policy of an action with its `${Placeholder}`s, or undefined when it has none. */
export function policyTemplate(action: string): PolicyDocument | undefined {
  const path = policyPath(action);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as PolicyDocument) : undefined;
}

export type PlaceholderValues = Record<string, string[]>;

const PLACEHOLDER = /\$\{([A-Za-z]+)\}/g;

/** Every combination of values for the placeholders in `text`; none when a placeholder has no value. */
function expand(text: string, values: PlaceholderValues): string[] {
  const names = [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
  let out = [text];
  for (const name of names) {
    const vs = values[name] ?? [];
    out = out.flatMap((t) => vs.map((v) => t.split(`\${${name}}`).join(v)));
  }
  return [...new Set(out)];
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Fills a policy template: resources and condition values expand to one entry per value; a resource whose
 * placeholder has no value (e.g. `${AlarmName}` when the run names no alarms) is left out, and so is a
 * statement left with no resource.
 */
export function fillPolicy(template: PolicyDocument, values: PlaceholderValues): PolicyDocument {
  const statements: PolicyStatement[] = [];
  for (const s of asList(template.Statement as never) as unknown as PolicyStatement[]) {
    const resources = asList(s.Resource).flatMap((r) => expand(r, values));
    if (s.Resource !== undefined && resources.length === 0) continue;
    const condition = s.Condition
      ? Object.fromEntries(
          Object.entries(s.Condition).map(([op, keys]) => [
            op,
            Object.fromEntries(
              Object.entries(keys).map(([k, v]) => [k, asList(v).flatMap((x) => expand(x, values))]),
            ),
          ]),
        )
      : undefined;
    statements.push({
      ...s,
      ...(s.Resource !== undefined ? { Resource: resources } : {}),
      ...(condition ? { Condition: condition } : {}),
    });
  }
  return { Version: template.Version ?? '2012-10-17', Statement: statements };
}

const words = (text: string | undefined) => (text ?? '').split(/[\s,]+/).filter(Boolean);
const afterLast = (text: string, sep: string) => text.slice(text.lastIndexOf(sep) + 1);
const roleName = (arn: string) => arn.slice(arn.indexOf(':role/') + ':role/'.length);

/** The task definition a file input holds (JSON or YAML), if the input names a readable file. */
function taskDefinitionFile(ref: string | undefined, cwd: string): Record<string, unknown> | undefined {
  if (!ref || ref.startsWith('arn:')) return undefined;
  const path = isAbsolute(ref) ? ref : join(cwd, ref);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = parse(readFileSync(path, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `[key, value]` pairs of the string values in a YAML/JSON input holding objects (none for a plain list). */
function structuredNames(text: string | undefined): [string, string][] {
  let parsed: unknown;
  try {
    parsed = text ? parse(text) : undefined;
  } catch {
    return [];
  }
  const out: [string, string][] = [];
  const walk = (v: unknown, key = ''): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (typeof v === 'string' && key) out.push([key, v]);
  };
  walk(parsed);
  return out;
}

/** The names a run of `action` acts on, for the placeholders of its policy. */
export function placeholderValues(
  inputs: Record<string, string>,
  cwd: string,
  sim: { accountId: string; region: string; inventory: IamInventory },
): PlaceholderValues {
  // The release action: one item per service with deploy's input names (and shared `defaults`).
  const items = releaseItems(inputs);
  if (items) return mergeValues(items.map((item) => placeholderValues(item, cwd, sim)));
  // release: `services` (and `defaults`) are YAML naming each service's cluster, service and task definition.
  const structured = [inputs.services, inputs.defaults].flatMap((text) => structuredNames(text));
  const clusters = [
    ...words(inputs.clusters ?? inputs.cluster),
    ...structured.filter(([k]) => k === 'cluster').map(([, v]) => v),
  ];
  if (!clusters.length) clusters.push('default');
  const services = [
    ...(structured.length ? [] : words(inputs.services)),
    ...words(inputs.service),
    ...structured.filter(([k]) => k === 'service' || k === 'name').map(([, v]) => v),
  ].map((s) => afterLast(s, '/'));
  const files = structured.filter(([k]) => k === 'task-definition').map(([, v]) => v);
  const families = new Set<string>([...words(inputs.families), ...words(inputs['task-definition-family'])]);
  const roles = { task: new Set<string>(), execution: new Set<string>() };
  const logGroups = new Set<string>();
  for (const ref of [inputs['task-definition'], inputs['task-definition-file'], ...files]) {
    const file = taskDefinitionFile(ref, cwd);
    if (file) {
      if (typeof file.family === 'string') families.add(file.family);
      if (typeof file.taskRoleArn === 'string') roles.task.add(roleName(file.taskRoleArn));
      if (typeof file.executionRoleArn === 'string') roles.execution.add(roleName(file.executionRoleArn));
      for (const c of (file.containerDefinitions ?? []) as {
        logConfiguration?: { options?: Record<string, string> };
      }[])
        if (c.logConfiguration?.options?.['awslogs-group'])
          logGroups.add(c.logConfiguration.options['awslogs-group']);
    } else if (ref && (ref.startsWith('arn:') || !/[/.]/.test(ref))) {
      // `family`, `family:rev` or a task-definition ARN.
      families.add(afterLast(ref, '/').split(':')[0]!);
    }
  }
  // The services' task definitions: what deploy, rollback and run-task read and go back to.
  for (const s of sim.inventory.services)
    if (clusters.includes(s.cluster) && services.includes(s.name))
      families.add(afterLast(s.taskDefinitionArn, '/').split(':')[0]!);
  for (const td of sim.inventory.taskDefinitions) {
    if (!families.has(td.family)) continue;
    for (const g of td.logGroups) logGroups.add(g);
    if (td.taskRoleArn) roles.task.add(roleName(td.taskRoleArn));
    if (td.executionRoleArn) roles.execution.add(roleName(td.executionRoleArn));
  }
  const repository = inputs.repository
    ? [inputs.repository.replace(/^[^/]*\.amazonaws\.com(\.cn)?\//, '').replace(/[:@].*$/, '')]
    : [];
  return {
    Region: [sim.region],
    AccountId: [sim.accountId],
    Cluster: clusters,
    Service: services,
    Family: [...families],
    Repository: repository,
    LogGroup: [...logGroups],
    TaskRole: [...roles.task],
    ExecutionRole: [...roles.execution],
    AlarmName: words(inputs.alarms),
    CodeDeployApplication: words(inputs['codedeploy-application']),
    CodeDeployDeploymentGroup: words(inputs['codedeploy-deployment-group']),
  };
}

interface SimIam {
  accountId: string;
  region: string;
  inventory: IamInventory;
}

async function simIam(endpoint: string): Promise<SimIam | undefined> {
  try {
    const res = await fetch(`${endpoint.replace(/\/$/, '')}/_sim/iam`, {
      signal: AbortSignal.timeout(15_000),
    });
    return res.ok ? ((await res.json()) as SimIam) : undefined;
  } catch (err) {
    // A slow answer must not quietly turn enforcement off: only an endpoint that is not there is skipped.
    if ((err as Error).name === 'TimeoutError')
      throw new Error(`the simulator at ${endpoint} did not answer /_sim/iam`);
    return undefined; // not a simulator (or not listening): nothing to bind
  }
}

/**
 * Binds the action's documented policy to a fresh access key in the simulator the run talks to, and points
 * the run's credentials at it. Does nothing when the run has no simulator endpoint or `E2E_IAM=off`.
 * `adjust` may change the filled policy first (e.g. take a permission away).
 */
export async function bindActionPolicy(
  action: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
  cwd: string,
  adjust?: (policy: PolicyDocument) => PolicyDocument,
): Promise<IamBinding | undefined> {
  if ((env.E2E_IAM ?? process.env.E2E_IAM) === 'off') return undefined;
  const endpoint = env.AWS_ENDPOINT_URL ?? env.AWS_ENDPOINT_URL_ECS;
  if (!endpoint || !env.AWS_ACCESS_KEY_ID) return undefined;
  const sim = await simIam(endpoint);
  if (!sim) return undefined;
  const template = policyTemplate(action);
  const filled = template ? fillPolicy(template, placeholderValues(inputs, cwd, sim)) : undefined;
  const policy = filled && adjust ? adjust(filled) : filled;
  const binding: IamBinding = {
    accessKeyId: `AKIAIAM${randomBytes(7).toString('hex').toUpperCase()}`,
    policies: policy ? [policy] : [],
    roleName: `ecs-deploy-${action}`,
    sessionName: 'e2e',
  };
  const res = await fetch(`${endpoint.replace(/\/$/, '')}/_sim/iam`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ bindings: [binding] }),
  });
  if (!res.ok) throw new Error(`binding the ${action} policy failed: ${res.status} ${await res.text()}`);
  env.AWS_ACCESS_KEY_ID = binding.accessKeyId;
  return binding;
}

/** What the simulator denied the key of `binding` so far (read back after a run). */
export async function denialsOf(binding: IamBinding, env: Record<string, string>): Promise<IamDenial[]> {
  const endpoint = env.AWS_ENDPOINT_URL ?? env.AWS_ENDPOINT_URL_ECS;
  if (!endpoint) return [];
  try {
    const res = await fetch(`${endpoint.replace(/\/$/, '')}/_sim/iam`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return [];
    const { denials } = (await res.json()) as { denials: IamDenial[] };
    return denials.filter((d) => d.accessKeyId === binding.accessKeyId);
  } catch {
    return []; // the simulator is gone (a test that stopped it): nothing to read
  }
}

/**
 * A run under the documented policy (no `iamPolicy` change) that was denied anything shows a gap between the
 * policy and the code, even when the action carried on (a read it treats as optional): the run fails with
 * the denials, so no test passes on a swallowed AccessDenied.
 */
export function assertNoDenials(action: string, denials: IamDenial[]): void {
  if (!denials.length) return;
  const lines = [
    ...new Set(denials.map((d) => `${d.action} on ${d.resource} (${d.operation}, ${d.reason})`)),
  ];
  throw new Error(
    `${action} was denied under its documented policy (action-examples/iam/${action}.json): ${lines.join('; ')}. ` +
      'Fix the policy (then npm run docs) or the placeholder values in test/helpers/iam-policies.ts.',
  );
}

/** The release action's `services` items as deploy inputs (each over `defaults`), or undefined for others. */
function releaseItems(inputs: Record<string, string>): Record<string, string>[] | undefined {
  if (!inputs.services?.trimStart().startsWith('-') && !inputs.services?.trimStart().startsWith('['))
    return undefined;
  const asInputs = (value: unknown): Record<string, string> =>
    Object.fromEntries(
      Object.entries(value && typeof value === 'object' ? value : {}).map(([k, v]) => [
        k,
        Array.isArray(v) ? v.join('\n') : String(v),
      ]),
    );
  try {
    const list = parse(inputs.services) as unknown;
    if (!Array.isArray(list)) return undefined;
    const defaults = asInputs(inputs.defaults ? parse(inputs.defaults) : {});
    return list.map((item) => ({ ...defaults, ...asInputs(item) }));
  } catch {
    return undefined; // not YAML: the action refuses it before any AWS call
  }
}

function mergeValues(all: PlaceholderValues[]): PlaceholderValues {
  const out: PlaceholderValues = {};
  for (const values of all)
    for (const [k, v] of Object.entries(values)) out[k] = [...new Set([...(out[k] ?? []), ...v])];
  return out;
}
