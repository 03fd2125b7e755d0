/**
 * Does each action's documented IAM policy (action-examples/iam/<action>.json) allow every AWS call its code
 * can make? The calls are found statically: esbuild bundles the action's entries (main.ts, post.ts) with
 * packages left external and unused code shaken out, and every `new XxxCommand(` left in the bundle is a
 * call the action can send, whichever path reaches it. Each call is then authorized the way the simulator
 * authorizes it (packages/simulator/iam.ts, including what it implies: `iam:PassRole` for a task
 * definition's roles, `ecs:TagResource` for tags given on create), against the policy with its placeholders
 * filled and its resources opened to "*": this checks actions and conditions; the end-to-end runs under the
 * policy check the resources. Also lists what a policy allows that no call needs.
 *
 * `npx tsx scripts/iam-coverage.ts` prints the table; test/repo/iam-coverage.test.ts fails on a gap.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import {
  authorizationsFor,
  evaluate,
  wildcardMatch,
  type Authorization,
  type IamWorld,
  type PolicyDocument,
  type PolicyStatement,
} from '../packages/simulator/iam.js';
import { fillPolicy, policyTemplate } from '../test/helpers/iam-policies.js';

const root = resolve(import.meta.dirname, '..');

/** The simulator's service name and the IAM prefix, by SDK client package. */
const CLIENTS: Record<string, { service: string; prefix: string }> = {
  '@aws-sdk/client-ecs': { service: 'ecs', prefix: 'ecs' },
  '@aws-sdk/client-ecr': { service: 'ecr', prefix: 'ecr' },
  '@aws-sdk/client-cloudwatch': { service: 'cloudwatch', prefix: 'cloudwatch' },
  '@aws-sdk/client-cloudwatch-logs': { service: 'logs', prefix: 'logs' },
  '@aws-sdk/client-elastic-load-balancing-v2': { service: 'elbv2', prefix: 'elasticloadbalancing' },
  '@aws-sdk/client-codedeploy': { service: 'codedeploy', prefix: 'codedeploy' },
};

/** Permissions used by something other than an SDK call of ours, which the unused list leaves out. */
const USED_OUTSIDE_THE_SDK: Record<string, string> = {
  // docker push / buildx's registry cache speak the registry API, authorized by these ECR actions.
  'ecr:BatchCheckLayerAvailability': 'docker push',
  'ecr:InitiateLayerUpload': 'docker push',
  'ecr:UploadLayerPart': 'docker push',
  'ecr:CompleteLayerUpload': 'docker push',
  'ecr:GetDownloadUrlForLayer': 'docker pull (registry cache)',
};

export interface SdkCall {
  /** `@aws-sdk/client-ecs` */
  client: string;
  /** `UpdateService` */
  operation: string;
}

export function actionNames(): string[] {
  return readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'main.ts')))
    .map((d) => d.name)
    .sort();
}

/** Local name → [package, exported name] for what a bundle takes from the SDK clients. */
function sdkBindings(code: string): {
  names: Map<string, [string, string]>;
  namespaces: Map<string, string>;
} {
  const names = new Map<string, [string, string]>();
  const namespaces = new Map<string, string>();
  const addList = (list: string, pkg: string, sep: RegExp) => {
    for (const item of list.split(',')) {
      const [exported, local] = item.trim().split(sep);
      if (exported) names.set((local ?? exported).trim(), [pkg, exported.trim()]);
    }
  };
  const PKG = `"(@aws-sdk/client-[\\w-]+)"`;
  for (const m of code.matchAll(new RegExp(`import\\s*\\{([^{}]*)\\}\\s*from\\s*${PKG}`, 'g')))
    addList(m[1]!, m[2]!, /\s+as\s+/);
  for (const m of code.matchAll(new RegExp(`\\{([^{}]*)\\}\\s*=\\s*await\\s+import\\(${PKG}\\)`, 'g')))
    addList(m[1]!, m[2]!, /\s*:\s*/);
  for (const m of code.matchAll(new RegExp(`import\\s*\\*\\s*as\\s+([\\w$]+)\\s+from\\s*${PKG}`, 'g')))
    namespaces.set(m[1]!, m[2]!);
  for (const m of code.matchAll(new RegExp(`([\\w$]+)\\s*=\\s*await\\s+import\\(${PKG}\\)`, 'g')))
    namespaces.set(m[1]!, m[2]!);
  return { names, namespaces };
}

/**
 * The SDK commands the action's entries can send. Throws on a `new …Command(` whose client it cannot tell,
 * so a new way of writing a call fails the check instead of slipping past it.
 */
export async function reachableCalls(action: string): Promise<SdkCall[]> {
  const dir = join(root, 'actions', action);
  const entryPoints = ['main.ts', 'post.ts'].map((f) => join(dir, f)).filter((f) => existsSync(f));
  const out = await build({
    entryPoints,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    treeShaking: true,
    outdir: join(root, '.tmp', 'iam-coverage'),
    logLevel: 'silent',
  });
  const calls = new Map<string, SdkCall>();
  for (const file of out.outputFiles) {
    const code = file.text;
    const { names, namespaces } = sdkBindings(code);
    // `new X(` and `new ns.X(` and `new (await import("…")).X(`.
    for (const m of code.matchAll(/new\s+(?:\(await\s+import\("([^"]+)"\)\)\.|([\w$]+)\.)?([\w$]+)\(/g)) {
      const [, dynamicPkg, namespace, local] = m;
      const pkg = dynamicPkg ?? (namespace ? namespaces.get(namespace) : undefined) ?? names.get(local!)?.[0];
      const exported = dynamicPkg || namespace ? local! : (names.get(local!)?.[1] ?? local!);
      if (!/Command$/.test(exported)) continue;
      if (!pkg) {
        if (/^[A-Z]\w*Command\d*$/.test(local!))
          throw new Error(`${action}: cannot tell which SDK client ${local} belongs to`);
        continue;
      }
      if (!CLIENTS[pkg]) throw new Error(`${action}: ${pkg} has no IAM prefix in scripts/iam-coverage.ts`);
      const operation = exported.replace(/Command$/, '');
      calls.set(`${pkg} ${operation}`, { client: pkg, operation });
    }
  }
  return [...calls.values()].sort((a, b) =>
    `${a.client} ${a.operation}`.localeCompare(`${b.client} ${b.operation}`),
  );
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** One value per placeholder, matching the request below. */
const VALUES = {
  Region: [REGION],
  AccountId: [ACCOUNT],
  Cluster: ['web'],
  Service: ['backend'],
  Family: ['backend'],
  Repository: ['backend'],
  LogGroup: ['/ecs/backend'],
  TaskRole: ['backend-task'],
  ExecutionRole: ['backend-execution'],
  AlarmName: ['backend-5xx'],
  CodeDeployApplication: ['app'],
  CodeDeployDeploymentGroup: ['group'],
};

/**
 * A request carrying every member the simulator's IAM mapping reads, as the actions send them: a task
 * definition with a task role, an execution role and tags; one of each named thing. No load-balancer role
 * (no action passes one to a service).
 */
const REQUEST = {
  cluster: 'web',
  clusters: ['web'],
  service: 'backend',
  services: ['backend'],
  serviceName: 'backend',
  family: 'backend',
  taskDefinition: 'backend:1',
  taskDefinitions: ['backend:1'],
  taskRoleArn: role('backend-task'),
  executionRoleArn: role('backend-execution'),
  tags: [{ key: 'k', value: 'v' }],
  resourceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/web/backend`,
  tasks: ['0123456789abcdef'],
  task: '0123456789abcdef',
  serviceDeploymentArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service-deployment/web/backend/x`,
  serviceDeploymentArns: [`arn:aws:ecs:${REGION}:${ACCOUNT}:service-deployment/web/backend/x`],
  serviceRevisionArns: [`arn:aws:ecs:${REGION}:${ACCOUNT}:service-revision/web/backend/x`],
  repositoryName: 'backend',
  repositoryNames: ['backend'],
  logGroupName: '/ecs/backend',
  logStreamName: 'app/app/0123456789abcdef',
  AlarmNames: ['backend-5xx'],
  AlarmName: 'backend-5xx',
  applicationName: 'app',
  deploymentGroupName: 'group',
  deploymentId: 'd-1',
  deploymentIds: ['d-1'],
  TargetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/backend/1`,
};

const WORLD: IamWorld = {
  accountId: ACCOUNT,
  region: REGION,
  taskDefinitionRoles: () => [role('backend-task'), role('backend-execution')],
  nextTaskDefinitionRevision: () => 2,
  codeDeployGroup: () => ({ application: 'app', group: 'group' }),
};

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The filled policy with every resource opened to "*": actions and conditions still decide. */
function actionsOnly(policy: PolicyDocument): PolicyDocument {
  return {
    ...policy,
    Statement: asList<PolicyStatement>(policy.Statement).map((s) => {
      const { NotResource: _ignored, ...rest } = s;
      return { ...rest, Resource: '*' };
    }),
  };
}

export interface Coverage {
  action: string;
  calls: SdkCall[];
  /** What each call needs that the policy does not allow (the call, the IAM action, the reason). */
  missing: { call: string; action: string; decision: string }[];
  /** IAM actions the policy allows that no reachable call needs. */
  unused: string[];
}

/** `template` defaults to the action's documented policy. */
export async function coverage(
  action: string,
  template: PolicyDocument | undefined = policyTemplate(action),
): Promise<Coverage> {
  const calls = await reachableCalls(action);
  const policy = template ? actionsOnly(fillPolicy(template, VALUES)) : { Statement: [] };
  const missing: Coverage['missing'] = [];
  const needed: Authorization[] = [];
  for (const call of calls) {
    const { service } = CLIENTS[call.client]!;
    const authorizations = authorizationsFor(service, call.operation, REQUEST, WORLD);
    if (!authorizations?.length) {
      missing.push({ call: call.operation, action: `${service}:${call.operation}`, decision: 'no-mapping' });
      continue;
    }
    for (const request of authorizations) {
      needed.push(request);
      const decision = evaluate([policy], request);
      if (decision !== 'allow') missing.push({ call: call.operation, action: request.action, decision });
    }
  }
  const allowed = new Set(
    asList<PolicyStatement>(template?.Statement).flatMap((s) =>
      s.Effect === 'Allow' ? asList(s.Action) : [],
    ),
  );
  const unused = [...allowed]
    .filter((a) => !USED_OUTSIDE_THE_SDK[a] && !needed.some((n) => wildcardMatch(a, n.action, true)))
    .sort();
  return { action, calls, missing, unused };
}

async function main(): Promise<void> {
  let gaps = 0;
  for (const action of actionNames()) {
    const c = await coverage(action);
    gaps += c.missing.length;
    console.log(`${action}: ${c.calls.length} SDK calls`);
    for (const m of c.missing) console.log(`  MISSING ${m.action} (for ${m.call}: ${m.decision})`);
    if (c.unused.length) console.log(`  allowed but not needed by any call: ${c.unused.join(', ')}`);
  }
  process.exitCode = gaps ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
