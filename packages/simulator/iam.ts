/**
 * IAM enforcement for the simulator: identity-based policies bound to access key ids, evaluated on every
 * request signed with such a key. Each operation maps to the IAM action it authorizes and the resource
 * ARN(s) it acts on, derived from its request parameters as AWS does (the Service Authorization Reference
 * lists which actions take resource-level permissions; the others are evaluated against "*"). Requests that
 * pass a role to a service also need `iam:PassRole` on that role, with `iam:PassedToService` in the
 * request context. Explicit Deny wins, then any Allow, else the implicit deny. An operation without a
 * mapping is denied under enforcement, so a missing entry fails a test instead of passing unchecked.
 * Requests signed with a key that has no binding (the simulator's own credentials) are not evaluated.
 */
import type { Wire } from './protocols.js';

export type Effect = 'Allow' | 'Deny';
type OneOrMany = string | string[];

export interface PolicyStatement {
  Sid?: string;
  Effect: Effect;
  Action?: OneOrMany;
  NotAction?: OneOrMany;
  Resource?: OneOrMany;
  NotResource?: OneOrMany;
  /** Operator → context key → value(s). Supported: String(Not)Equals, String(Not)Like, Arn(Not)Equals, Arn(Not)Like. */
  Condition?: Record<string, Record<string, OneOrMany>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** One identity: the policies attached to the role whose session signs with `accessKeyId`. */
export interface IamBinding {
  accessKeyId: string;
  policies: PolicyDocument[];
  /** The assumed role's name and session, as AccessDenied messages print them. */
  roleName?: string;
  sessionName?: string;
}

/** One authorization AWS performs for a request: an action on a resource, with its context keys. */
export interface Authorization {
  action: string;
  resource: string;
  context?: Record<string, string>;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

/** A denied request, as the simulator recorded it (also `GET /_sim/iam`). */
export interface IamDenial {
  accessKeyId: string;
  operation: string;
  action: string;
  resource: string;
  reason: Decision | 'no-mapping';
  message: string;
}

const list = (v: OneOrMany | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const statementsOf = (p: PolicyDocument): PolicyStatement[] =>
  Array.isArray(p.Statement) ? p.Statement : [p.Statement];

/** IAM wildcard match: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's').test(value);
}

const CONDITION_OPERATORS: Record<
  string,
  { match: (pattern: string, value: string) => boolean; negated: boolean }
> = {
  StringEquals: { match: (p, v) => p === v, negated: false },
  StringNotEquals: { match: (p, v) => p === v, negated: true },
  StringLike: { match: (p, v) => wildcardMatch(p, v), negated: false },
  StringNotLike: { match: (p, v) => wildcardMatch(p, v), negated: true },
  ArnEquals: { match: (p, v) => p === v, negated: false },
  ArnNotEquals: { match: (p, v) => p === v, negated: true },
  ArnLike: { match: (p, v) => wildcardMatch(p, v), negated: false },
  ArnNotLike: { match: (p, v) => wildcardMatch(p, v), negated: true },
};

function conditionsHold(
  condition: PolicyStatement['Condition'],
  context: Record<string, string> | undefined,
): boolean {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    const op = CONDITION_OPERATORS[operator];
    if (!op)
      throw new Error(`the simulator's IAM evaluator does not support the condition operator ${operator}`);
    for (const [key, values] of Object.entries(keys)) {
      // Context keys are case-insensitive in IAM.
      const found = Object.entries(context ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
      const anyMatch = found !== undefined && list(values).some((p) => op.match(p, found));
      if (op.negated ? anyMatch : !anyMatch) return false;
    }
  }
  return true;
}

function statementApplies(s: PolicyStatement, request: Authorization): boolean {
  const actionMatches = s.NotAction
    ? !list(s.NotAction).some((p) => wildcardMatch(p, request.action, true))
    : list(s.Action).some((p) => wildcardMatch(p, request.action, true));
  if (!actionMatches) return false;
  const resourceMatches = s.NotResource
    ? !list(s.NotResource).some((p) => wildcardMatch(p, request.resource))
    : list(s.Resource).some((p) => wildcardMatch(p, request.resource));
  return resourceMatches && conditionsHold(s.Condition, request.context);
}

/** Evaluates identity-based policies for one authorization: explicit deny wins, then any allow. */
export function evaluate(policies: PolicyDocument[], request: Authorization): Decision {
  const statements = policies.flatMap(statementsOf);
  if (statements.some((s) => s.Effect === 'Deny' && statementApplies(s, request))) return 'explicit-deny';
  return statements.some((s) => s.Effect === 'Allow' && statementApplies(s, request))
    ? 'allow'
    : 'implicit-deny';
}

/** AWS's AccessDenied message for an assumed-role session. */
export function accessDeniedMessage(
  accountId: string,
  binding: Pick<IamBinding, 'roleName' | 'sessionName'>,
  request: Authorization,
  decision: Exclude<Decision, 'allow'>,
): string {
  const who = `arn:aws:sts::${accountId}:assumed-role/${binding.roleName ?? 'github-actions'}/${binding.sessionName ?? 'sim'}`;
  const why =
    decision === 'explicit-deny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${request.action} action`;
  return `User: ${who} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`;
}

/** What resolving resources needs from the world: its account and Region, and a few lookups. */
export interface IamWorld {
  accountId: string;
  region: string;
  /** The task role and execution role ARNs of a task definition (`family`, `family:rev` or ARN). */
  taskDefinitionRoles(ref: string): string[];
  /** The revision RegisterTaskDefinition would give `family` next. */
  nextTaskDefinitionRevision(family: string): number;
  /** The application and deployment group of a CodeDeploy deployment id. */
  codeDeployGroup(deploymentId: string): { application: string; group: string } | undefined;
}

type Mapper = (input: Wire, w: IamWorld) => Authorization[];

const arn = (w: IamWorld, service: string, resource: string, account = w.accountId) =>
  `arn:aws:${service}:${w.region}:${account}:${resource}`;

const clusterName = (ref: unknown): string => {
  const s = typeof ref === 'string' && ref ? ref : 'default';
  return s.includes(':cluster/') ? s.split(':cluster/')[1]! : s;
};
const clusterArn = (w: IamWorld, input: Wire) => arn(w, 'ecs', `cluster/${clusterName(input?.cluster)}`);
const inCluster = (w: IamWorld, input: Wire) => ({ 'ecs:cluster': clusterArn(w, input) });
const serviceArn = (w: IamWorld, input: Wire, ref: unknown) =>
  String(ref).startsWith('arn:')
    ? String(ref)
    : arn(w, 'ecs', `service/${clusterName(input?.cluster)}/${String(ref)}`);
const taskArn = (w: IamWorld, input: Wire, ref: unknown) =>
  String(ref).startsWith('arn:')
    ? String(ref)
    : arn(w, 'ecs', `task/${clusterName(input?.cluster)}/${String(ref)}`);
/** A family without a revision is authorized as the family's ARN without a suffix, as ECS does. */
const taskDefinitionArn = (w: IamWorld, ref: unknown) =>
  String(ref).startsWith('arn:') ? String(ref) : arn(w, 'ecs', `task-definition/${String(ref)}`);

const on = (action: string, resource: string, context?: Record<string, string>): Authorization => ({
  action,
  resource,
  ...(context ? { context } : {}),
});
const anyResource =
  (action: string): Mapper =>
  () => [on(action, '*')];
const passRole = (roles: unknown[], service: string): Authorization[] =>
  roles
    .filter((r): r is string => typeof r === 'string' && r.length > 0)
    .map((r) => on('iam:PassRole', r, { 'iam:PassedToService': service }));
const loadBalancerRoles = (input: Wire): unknown[] =>
  ((input?.loadBalancers ?? []) as Wire[]).map((lb) => lb?.advancedConfiguration?.roleArn);

const ECS: Record<string, Mapper> = {
  RegisterTaskDefinition: (input, w) => [
    on('ecs:RegisterTaskDefinition', '*'),
    // Tags given on create are authorized as ecs:TagResource on the new resource.
    ...(input?.tags?.length
      ? [
          on(
            'ecs:TagResource',
            arn(
              w,
              'ecs',
              `task-definition/${input.family}:${w.nextTaskDefinitionRevision(String(input.family))}`,
            ),
            { 'ecs:CreateAction': 'RegisterTaskDefinition' },
          ),
        ]
      : []),
    ...passRole([input?.taskRoleArn, input?.executionRoleArn], 'ecs-tasks.amazonaws.com'),
  ],
  DescribeTaskDefinition: anyResource('ecs:DescribeTaskDefinition'),
  DeregisterTaskDefinition: anyResource('ecs:DeregisterTaskDefinition'),
  ListTaskDefinitions: anyResource('ecs:ListTaskDefinitions'),
  ListTaskDefinitionFamilies: anyResource('ecs:ListTaskDefinitionFamilies'),
  DeleteTaskDefinitions: (input, w) =>
    ((input?.taskDefinitions ?? []) as string[]).map((td) =>
      on('ecs:DeleteTaskDefinitions', taskDefinitionArn(w, td)),
    ),
  CreateCluster: anyResource('ecs:CreateCluster'),
  ListClusters: anyResource('ecs:ListClusters'),
  DescribeClusters: (input, w) =>
    ((input?.clusters?.length ? input.clusters : ['default']) as string[]).map((c) =>
      on('ecs:DescribeClusters', arn(w, 'ecs', `cluster/${clusterName(c)}`)),
    ),
  ListServices: (input, w) => [on('ecs:ListServices', '*', inCluster(w, input))],
  CreateService: (input, w) => [
    on('ecs:CreateService', serviceArn(w, input, input?.serviceName), inCluster(w, input)),
    ...passRole([input?.role, ...loadBalancerRoles(input)], 'ecs.amazonaws.com'),
  ],
  UpdateService: (input, w) => [
    on('ecs:UpdateService', serviceArn(w, input, input?.service), inCluster(w, input)),
    ...passRole(loadBalancerRoles(input), 'ecs.amazonaws.com'),
  ],
  DeleteService: (input, w) => [
    on('ecs:DeleteService', serviceArn(w, input, input?.service), inCluster(w, input)),
  ],
  DescribeServices: (input, w) =>
    ((input?.services ?? []) as string[]).map((s) =>
      on('ecs:DescribeServices', serviceArn(w, input, s), inCluster(w, input)),
    ),
  DescribeTaskSets: (input, w) => {
    const service = String(input?.service ?? '')
      .split('/')
      .pop();
    return ((input?.taskSets?.length ? input.taskSets : ['*']) as string[]).map((id) =>
      on(
        'ecs:DescribeTaskSets',
        id.startsWith('arn:')
          ? id
          : arn(w, 'ecs', `task-set/${clusterName(input?.cluster)}/${service}/${id}`),
        inCluster(w, input),
      ),
    );
  },
  ListTasks: (input, w) => [on('ecs:ListTasks', '*', inCluster(w, input))],
  DescribeTasks: (input, w) =>
    ((input?.tasks ?? []) as string[]).map((t) =>
      on('ecs:DescribeTasks', taskArn(w, input, t), inCluster(w, input)),
    ),
  // RunTask hands the task definition's roles (and any overrides) to ECS for the task: iam:PassRole on each.
  RunTask: (input, w) => [
    on('ecs:RunTask', taskDefinitionArn(w, input?.taskDefinition), inCluster(w, input)),
    ...(input?.tags?.length
      ? [
          on('ecs:TagResource', arn(w, 'ecs', `task/${clusterName(input?.cluster)}/*`), {
            ...inCluster(w, input),
            'ecs:CreateAction': 'RunTask',
          }),
        ]
      : []),
    ...passRole(
      [
        ...new Set([
          ...w.taskDefinitionRoles(String(input?.taskDefinition ?? '')),
          input?.overrides?.taskRoleArn,
          input?.overrides?.executionRoleArn,
        ]),
      ],
      'ecs-tasks.amazonaws.com',
    ),
  ],
  StopTask: (input, w) => [on('ecs:StopTask', taskArn(w, input, input?.task), inCluster(w, input))],
  TagResource: (input) => [on('ecs:TagResource', String(input?.resourceArn))],
  UntagResource: (input) => [on('ecs:UntagResource', String(input?.resourceArn))],
  ListTagsForResource: (input) => [on('ecs:ListTagsForResource', String(input?.resourceArn))],
  ListServiceDeployments: (input, w) => [
    on('ecs:ListServiceDeployments', serviceArn(w, input, input?.service), inCluster(w, input)),
  ],
  DescribeServiceDeployments: (input) =>
    ((input?.serviceDeploymentArns ?? []) as string[]).map((a) => on('ecs:DescribeServiceDeployments', a)),
  DescribeServiceRevisions: (input) =>
    ((input?.serviceRevisionArns ?? []) as string[]).map((a) => on('ecs:DescribeServiceRevisions', a)),
  StopServiceDeployment: (input) => [on('ecs:StopServiceDeployment', String(input?.serviceDeploymentArn))],
  ContinueServiceDeployment: (input) => [
    on('ecs:ContinueServiceDeployment', String(input?.serviceDeploymentArn)),
  ],
};

const repository =
  (action: string): Mapper =>
  (input, w) => [
    on(
      action,
      arn(w, 'ecr', `repository/${String(input?.repositoryName)}`, input?.registryId ?? w.accountId),
    ),
  ];

const ECR: Record<string, Mapper> = {
  GetAuthorizationToken: anyResource('ecr:GetAuthorizationToken'),
  DescribeRepositories: (input, w) =>
    input?.repositoryNames?.length
      ? (input.repositoryNames as string[]).map((name) =>
          on(
            'ecr:DescribeRepositories',
            arn(w, 'ecr', `repository/${name}`, input?.registryId ?? w.accountId),
          ),
        )
      : [on('ecr:DescribeRepositories', '*')],
  CreateRepository: repository('ecr:CreateRepository'),
  DescribeImages: repository('ecr:DescribeImages'),
  ListImages: repository('ecr:ListImages'),
  BatchGetImage: repository('ecr:BatchGetImage'),
  PutImage: repository('ecr:PutImage'),
  BatchDeleteImage: repository('ecr:BatchDeleteImage'),
};

const logGroup =
  (action: string): Mapper =>
  (input, w) => [on(action, arn(w, 'logs', `log-group:${String(input?.logGroupName)}:*`))];
const logStream =
  (action: string): Mapper =>
  (input, w) => [
    on(
      action,
      arn(w, 'logs', `log-group:${String(input?.logGroupName)}:log-stream:${String(input?.logStreamName)}`),
    ),
  ];

const LOGS: Record<string, Mapper> = {
  CreateLogGroup: logGroup('logs:CreateLogGroup'),
  DeleteLogGroup: logGroup('logs:DeleteLogGroup'),
  PutRetentionPolicy: logGroup('logs:PutRetentionPolicy'),
  DescribeLogGroups: anyResource('logs:DescribeLogGroups'),
  DescribeLogStreams: logGroup('logs:DescribeLogStreams'),
  FilterLogEvents: logGroup('logs:FilterLogEvents'),
  CreateLogStream: logStream('logs:CreateLogStream'),
  GetLogEvents: logStream('logs:GetLogEvents'),
  PutLogEvents: logStream('logs:PutLogEvents'),
};

const alarmArn = (w: IamWorld, name: unknown) => arn(w, 'cloudwatch', `alarm:${String(name)}`);

const CLOUDWATCH: Record<string, Mapper> = {
  DescribeAlarms: (input, w) =>
    input?.AlarmNames?.length
      ? (input.AlarmNames as string[]).map((n) => on('cloudwatch:DescribeAlarms', alarmArn(w, n)))
      : [on('cloudwatch:DescribeAlarms', '*')],
  DescribeAlarmHistory: (input, w) => [
    on('cloudwatch:DescribeAlarmHistory', input?.AlarmName ? alarmArn(w, input.AlarmName) : '*'),
  ],
  SetAlarmState: (input, w) => [on('cloudwatch:SetAlarmState', alarmArn(w, input?.AlarmName))],
  PutMetricAlarm: (input, w) => [on('cloudwatch:PutMetricAlarm', alarmArn(w, input?.AlarmName))],
  GetMetricData: anyResource('cloudwatch:GetMetricData'),
  GetMetricStatistics: anyResource('cloudwatch:GetMetricStatistics'),
  ListMetrics: anyResource('cloudwatch:ListMetrics'),
};

const ELB: Record<string, Mapper> = {
  DescribeLoadBalancers: anyResource('elasticloadbalancing:DescribeLoadBalancers'),
  DescribeListeners: anyResource('elasticloadbalancing:DescribeListeners'),
  DescribeRules: anyResource('elasticloadbalancing:DescribeRules'),
  DescribeTargetGroups: anyResource('elasticloadbalancing:DescribeTargetGroups'),
  DescribeTargetGroupAttributes: anyResource('elasticloadbalancing:DescribeTargetGroupAttributes'),
  DescribeTargetHealth: anyResource('elasticloadbalancing:DescribeTargetHealth'),
  DescribeTags: anyResource('elasticloadbalancing:DescribeTags'),
  ModifyRule: (input) => [on('elasticloadbalancing:ModifyRule', String(input?.RuleArn))],
  ModifyListener: (input) => [on('elasticloadbalancing:ModifyListener', String(input?.ListenerArn))],
  RegisterTargets: (input) => [on('elasticloadbalancing:RegisterTargets', String(input?.TargetGroupArn))],
  DeregisterTargets: (input) => [on('elasticloadbalancing:DeregisterTargets', String(input?.TargetGroupArn))],
};

const deploymentGroupArn = (w: IamWorld, application: unknown, group: unknown) =>
  arn(w, 'codedeploy', `deploymentgroup:${String(application)}/${String(group)}`);
const ofDeployment =
  (action: string): Mapper =>
  (input, w) => {
    const group = w.codeDeployGroup(String(input?.deploymentId ?? ''));
    return [on(action, group ? deploymentGroupArn(w, group.application, group.group) : '*')];
  };

const CODEDEPLOY: Record<string, Mapper> = {
  // Creating a deployment also reads its deployment configuration and registers the revision it deploys.
  CreateDeployment: (input, w) => [
    on(
      'codedeploy:CreateDeployment',
      deploymentGroupArn(w, input?.applicationName, input?.deploymentGroupName),
    ),
    on(
      'codedeploy:GetDeploymentConfig',
      arn(
        w,
        'codedeploy',
        `deploymentconfig:${String(input?.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce')}`,
      ),
    ),
    on(
      'codedeploy:RegisterApplicationRevision',
      arn(w, 'codedeploy', `application:${String(input?.applicationName)}`),
    ),
    on(
      'codedeploy:GetApplicationRevision',
      arn(w, 'codedeploy', `application:${String(input?.applicationName)}`),
    ),
  ],
  GetDeployment: ofDeployment('codedeploy:GetDeployment'),
  StopDeployment: ofDeployment('codedeploy:StopDeployment'),
  BatchGetDeployments: (input, w) =>
    ((input?.deploymentIds ?? []) as string[]).flatMap((id) =>
      ofDeployment('codedeploy:BatchGetDeployments')({ deploymentId: id }, w),
    ),
  ListDeployments: (input, w) => [
    on(
      'codedeploy:ListDeployments',
      input?.applicationName
        ? deploymentGroupArn(w, input.applicationName, input.deploymentGroupName ?? '*')
        : '*',
    ),
  ],
  ListApplications: anyResource('codedeploy:ListApplications'),
  ListDeploymentGroups: (input, w) => [
    on(
      'codedeploy:ListDeploymentGroups',
      arn(w, 'codedeploy', `application:${String(input?.applicationName)}`),
    ),
  ],
  GetDeploymentGroup: (input, w) => [
    on(
      'codedeploy:GetDeploymentGroup',
      deploymentGroupArn(w, input?.applicationName, input?.deploymentGroupName),
    ),
  ],
};

/** Operations by the simulator's short service name (`ecs`, `ecr`, `logs`, `cloudwatch`, `elbv2`, `codedeploy`). */
const MAPPINGS: Record<string, Record<string, Mapper>> = {
  ecs: ECS,
  ecr: ECR,
  logs: LOGS,
  cloudwatch: CLOUDWATCH,
  elbv2: ELB,
  codedeploy: CODEDEPLOY,
};

/** The authorizations a request needs, or undefined when the simulator has no IAM mapping for it. */
export function authorizationsFor(
  service: string,
  operation: string,
  input: Wire,
  world: IamWorld,
): Authorization[] | undefined {
  const mapper = MAPPINGS[service]?.[operation];
  return mapper ? mapper(input, world) : undefined;
}

/** The access key id a SigV4 `Authorization` header was signed with. */
export function accessKeyIdOf(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

export type IamVerdict =
  { allowed: true } | { allowed: false; code: 'AccessDenied'; message: string; denial: IamDenial };

/** The policies bound to access keys, and the denials so far. */
export class IamEnforcer {
  private readonly bindings = new Map<string, IamBinding>();
  readonly denials: IamDenial[] = [];

  bind(binding: IamBinding): void {
    for (const policy of binding.policies) {
      for (const s of statementsOf(policy)) {
        if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
          throw new Error(`statement ${s.Sid ?? '(no Sid)'}: Effect must be Allow or Deny`);
        for (const operator of Object.keys(s.Condition ?? {}))
          if (!CONDITION_OPERATORS[operator])
            throw new Error(`statement ${s.Sid ?? '(no Sid)'}: unsupported condition operator ${operator}`);
      }
    }
    this.bindings.set(binding.accessKeyId, structuredClone(binding));
  }

  clear(): void {
    this.bindings.clear();
    this.denials.splice(0);
  }

  keys(): string[] {
    return [...this.bindings.keys()];
  }

  /** Authorizes one request; requests signed with an unbound key are not evaluated. */
  check(
    authorization: string | undefined,
    service: string,
    operation: string,
    input: Wire,
    world: IamWorld,
  ): IamVerdict {
    const accessKeyId = accessKeyIdOf(authorization);
    const binding = accessKeyId ? this.bindings.get(accessKeyId) : undefined;
    if (!binding || !accessKeyId) return { allowed: true };
    const needed = authorizationsFor(service, operation, input, world);
    if (!needed) {
      const message = `no IAM mapping for ${service}:${operation} in the simulator: add one to packages/simulator/iam.ts`;
      return this.deny({
        accessKeyId,
        operation,
        action: `${service}:${operation}`,
        resource: '*',
        reason: 'no-mapping',
        message,
      });
    }
    for (const request of needed) {
      const decision = evaluate(binding.policies, request);
      if (decision === 'allow') continue;
      const message = accessDeniedMessage(world.accountId, binding, request, decision);
      return this.deny({
        accessKeyId,
        operation,
        action: request.action,
        resource: request.resource,
        reason: decision,
        message,
      });
    }
    return { allowed: true };
  }

  private deny(denial: IamDenial): IamVerdict {
    this.denials.push(denial);
    return { allowed: false, code: 'AccessDenied', message: denial.message, denial };
  }
}

/** What the world holds that policies name: services and task definitions with their roles and log groups. */
export interface IamInventory {
  services: { cluster: string; name: string; taskDefinitionArn: string }[];
  taskDefinitions: {
    family: string;
    revision: number;
    taskRoleArn?: string;
    executionRoleArn?: string;
    logGroups: string[];
  }[];
}

interface InventoryWorld {
  ecs: {
    services: { cluster: { name: string }; name: string; taskDefinitionArn: string }[];
    taskDefinitions: Map<string, { family: string; revision: number; body: Wire }[]>;
  };
}

export function iamInventory(world: InventoryWorld): IamInventory {
  return {
    services: world.ecs.services.map((s) => ({
      cluster: s.cluster.name,
      name: s.name,
      taskDefinitionArn: s.taskDefinitionArn,
    })),
    taskDefinitions: [...world.ecs.taskDefinitions.values()].flat().map((td) => ({
      family: td.family,
      revision: td.revision,
      ...(typeof td.body?.taskRoleArn === 'string' ? { taskRoleArn: td.body.taskRoleArn } : {}),
      ...(typeof td.body?.executionRoleArn === 'string'
        ? { executionRoleArn: td.body.executionRoleArn }
        : {}),
      logGroups: ((td.body?.containerDefinitions ?? []) as Wire[])
        .map((c) => c?.logConfiguration?.options?.['awslogs-group'])
        .filter((g): g is string => typeof g === 'string'),
    })),
  };
}
