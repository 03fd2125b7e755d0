export const id = 836;
export const ids = [836];
export const modules = {

/***/ 4836:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createDeployClients: () => (/* reexport */ createDeployClients),
  deploy: () => (/* reexport */ deploy),
  deploySummary: () => (/* reexport */ deploySummary),
  duration: () => (/* reexport */ message_duration),
  fetchProbe: () => (/* reexport */ fetchProbe),
  outcomeMessage: () => (/* reexport */ outcomeMessage)
});

// EXTERNAL MODULE: ./packages/aws/index.ts + 3 modules
var aws = __webpack_require__(4006);
;// CONCATENATED MODULE: ./packages/deploy/clients.ts

/**
 * The clients, from one SDK configuration. The SDK modules load here, only once a caller needs them, so
 * an entry that fails on a bad input never loads them.
 */
async function createDeployClients(config) {
    const [{ ECSClient }, { ElasticLoadBalancingV2Client }, { CloudWatchClient }] = await Promise.all([
        Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 212, 19)),
        Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 586, 19)),
        Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 4085, 19)),
    ]);
    return {
        ecs: (0,aws/* nameOperations */.Oq)(new ECSClient(config)),
        elbv2: (0,aws/* nameOperations */.Oq)(new ElasticLoadBalancingV2Client(config)),
        cloudwatch: (0,aws/* nameOperations */.Oq)(new CloudWatchClient(config)),
        logs: async () => (0,aws/* nameOperations */.Oq)(new (await __webpack_require__.e(/* import() */ 303).then(__webpack_require__.t.bind(__webpack_require__, 2684, 19))).CloudWatchLogsClient(config)),
        codedeploy: async () => (0,aws/* nameOperations */.Oq)(new (await __webpack_require__.e(/* import() */ 507).then(__webpack_require__.t.bind(__webpack_require__, 7507, 19))).CodeDeployClient(config)),
    };
}

;// CONCATENATED MODULE: ./packages/deploy/http.ts
/** Body bytes a probe keeps: enough for a health endpoint's answer and a body pattern. */
const BODY_LIMIT = 65_536;
/** The HTTP probe of the gates, with `fetch`: each probe ends at its own timeout or when `cancel` aborts. */
function fetchProbe(cancel) {
    return async (url, timeoutMs) => {
        const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), cancel]);
        const res = await fetch(url, { signal });
        return { status: res.status, body: (await res.text()).slice(0, BODY_LIMIT) };
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./packages/ecs/index.ts + 9 modules
var packages_ecs = __webpack_require__(4235);
// EXTERNAL MODULE: ./packages/inputs/index.ts + 5 modules
var inputs = __webpack_require__(61);
// EXTERNAL MODULE: ./packages/task-definition/index.ts + 6 modules
var task_definition = __webpack_require__(9944);
;// CONCATENATED MODULE: ./packages/deploy/codedeploy.ts
/**
 * Services with the CODE_DEPLOY controller: ECS does not deploy them, CodeDeploy does, from an AppSpec that
 * names the task definition. Commands are imported on first use: most services never need them.
 */


const TASK_DEFINITION_PLACEHOLDER = '<TASK_DEFINITION>';
/**
 * The AppSpec to send: the user's (its TaskDefinition set to the new revision) or one written from the
 * service's load balancer.
 */
function appSpecContent(appSpec, service, taskDefinitionArn) {
    if (!appSpec) {
        const lb = service.loadBalancers?.[0];
        const properties = { TaskDefinition: taskDefinitionArn };
        if (lb?.containerName && lb.containerPort) {
            properties.LoadBalancerInfo = { ContainerName: lb.containerName, ContainerPort: lb.containerPort };
        }
        return JSON.stringify({
            version: 0.0,
            Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: properties } }],
        });
    }
    const doc = (0,inputs/* parseJsonOrYaml */.U1)(appSpec.split(TASK_DEFINITION_PLACEHOLDER).join(taskDefinitionArn), 'codedeploy-appspec');
    const target = doc?.Resources?.find((r) => r.TargetService)?.TargetService;
    if (!target) {
        throw new inputs/* UserError */.yo('codedeploy-appspec', 'has no Resources entry with a TargetService', 'write an ECS AppSpec: Resources: [{ TargetService: { Type: AWS::ECS::Service, Properties: … } }]');
    }
    target.Properties = { ...target.Properties, TaskDefinition: taskDefinitionArn };
    return JSON.stringify(doc);
}
/** The AppSpec file, read only from the workspace or RUNNER_TEMP like every file an input names. */
function readAppSpec(path, roots) {
    return (0,inputs/* readInputFile */.jH)(path, 'codedeploy-appspec', roots ? { roots } : {});
}
async function createCodeDeployment(clients, application, deploymentGroup, content) {
    const { CreateDeploymentCommand } = await __webpack_require__.e(/* import() */ 507).then(__webpack_require__.t.bind(__webpack_require__, 7507, 19));
    const out = await (await clients.codedeploy()).send(new CreateDeploymentCommand({
        applicationName: application,
        deploymentGroupName: deploymentGroup,
        revision: {
            revisionType: 'AppSpecContent',
            appSpecContent: { content, sha256: (0,external_node_crypto_.createHash)('sha256').update(content).digest('hex') },
        },
    }));
    if (!out.deploymentId)
        throw new Error('CodeDeploy CreateDeployment returned no deployment id');
    return out.deploymentId;
}
async function codedeploy_readCodeDeployment(clients, deploymentId) {
    const { GetDeploymentCommand } = await __webpack_require__.e(/* import() */ 507).then(__webpack_require__.t.bind(__webpack_require__, 7507, 19));
    const out = await (await clients.codedeploy()).send(new GetDeploymentCommand({ deploymentId }));
    const info = out.deploymentInfo;
    return {
        deploymentId,
        status: info?.status ?? 'Created',
        ...(info?.errorInformation?.code ? { errorCode: info.errorInformation.code } : {}),
        ...(info?.errorInformation?.message ? { errorMessage: info.errorInformation.message } : {}),
    };
}
/** Stop an in-flight CodeDeploy deployment and have CodeDeploy put the original task set back. */
async function stopCodeDeployment(clients, deploymentId) {
    const { StopDeploymentCommand } = await __webpack_require__.e(/* import() */ 507).then(__webpack_require__.t.bind(__webpack_require__, 7507, 19));
    await (await clients.codedeploy()).send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }));
}

;// CONCATENATED MODULE: ./packages/deploy/message.ts
/** The deploy step's one line, shared by the engine, the job summary and the report action. */


function message_duration(seconds) {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = Math.round(seconds % 60);
    return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].join('');
}
/** What shipped, or why not and where the service stands. */
function outcomeMessage(report) {
    const target = report.taskDefinition.arn ? (0,packages_ecs/* revisionName */.pd)(report.taskDefinition.arn) : 'the new revision';
    const previous = report.previousTaskDefinition
        ? (0,packages_ecs/* revisionName */.pd)(report.previousTaskDefinition.arn)
        : 'the previous revision';
    const cause = report.cause?.summary ?? 'unknown cause';
    const took = message_duration(report.durationSeconds ?? 0);
    if (report.kind === 'rollback')
        return rollbackMessage(report, cause, took);
    switch (report.status) {
        case 'succeeded':
            if (report.dryRun)
                return `dry run: would deploy ${report.registered ? `a new revision of ${report.taskDefinition.family}` : target} to ${report.cluster}/${report.service} (now ${previous}); nothing was changed`;
            return `deployed ${target} to ${report.cluster}/${report.service} in ${took}`;
        case 'rolled-back':
            return `rolled back to ${previous}${report.rolledBackBy && report.rolledBackBy !== 'deploy' ? ` (by ${report.rolledBackBy})` : ''}: ${cause}`;
        default:
            // A cancel is not the release's fault: say it was cancelled, then what was done about it.
            if (report.cause?.gate === 'cancelled')
                return `deploy of ${target} to ${report.cluster}/${report.service} stopped: ${cause}${report.rollbackProblem ? `. ${report.rollbackProblem}` : ''}`;
            return `deploy of ${target} to ${report.cluster}/${report.service} failed: ${report.rollbackProblem ? `${(0,aws/* withoutFullStop */.Qu)(cause)}. ${report.rollbackProblem}` : cause}`;
    }
}
function rollbackMessage(report, cause, took) {
    const where = `${report.cluster}/${report.service}`;
    const from = (0,packages_ecs/* revisionName */.pd)(report.rolledBackFrom?.arn ?? report.previousTaskDefinition?.arn);
    const to = (0,packages_ecs/* revisionName */.pd)(report.rolledBackTo?.arn ?? report.taskDefinition.arn);
    const asked = report.rollbackRequest ? ` (to: ${report.rollbackRequest})` : '';
    if (report.status === 'succeeded') {
        if (report.dryRun)
            return `dry run: would roll back ${where} from ${from} to ${to}${asked}; nothing was changed`;
        return from === to
            ? `${where} already ran ${to}${asked}: checked, it is healthy`
            : `rolled back ${where} from ${from} to ${to}${asked} in ${took}`;
    }
    const tail = report.restored
        ? `; ${(0,packages_ecs/* revisionName */.pd)(report.restored.arn)} was put back and serves again`
        : report.rollbackProblem
            ? `. ${report.rollbackProblem}`
            : '';
    return `rollback of ${where} from ${from} to ${to}${asked} failed: ${report.restored || report.rollbackProblem ? (0,aws/* withoutFullStop */.Qu)(cause) : cause}${tail}`;
}

;// CONCATENATED MODULE: ./packages/deploy/observation.ts

const pass = (detail) => ({ status: 'pass', detail });
const wait = (detail) => ({ status: 'wait', detail });
const fail = (cause) => ({ status: 'fail', cause });
/** Native lifecycle stages in order; short ones can pass between two polls, so compare positions. */
const LIFECYCLE_STAGES = [
    'RECONCILE_SERVICE',
    'PRE_SCALE_UP',
    'SCALE_UP',
    'POST_SCALE_UP',
    'TEST_TRAFFIC_SHIFT',
    'POST_TEST_TRAFFIC_SHIFT',
    'PRE_PRODUCTION_TRAFFIC_SHIFT',
    'PRODUCTION_TRAFFIC_SHIFT',
    'POST_PRODUCTION_TRAFFIC_SHIFT',
    'BAKE_TIME',
    'CLEAN_UP',
];
function stagePosition(stage) {
    return stage ? LIFECYCLE_STAGES.indexOf(stage) : -1;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch/dist-cjs/index.js
var client_cloudwatch_dist_cjs = __webpack_require__(4085);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-elastic-load-balancing-v2/dist-cjs/index.js
var client_elastic_load_balancing_v2_dist_cjs = __webpack_require__(586);
;// CONCATENATED MODULE: ./packages/deploy/observe.ts
/**
 * One polling round: read the service, its service deployment, the release's tasks, their targets and the
 * named alarms (each at most once) and reduce them to an Observation. Reads that cannot have changed are
 * skipped: while the service is steady a round is a single DescribeServices.
 */





const TERMINAL_SD = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']);
const TARGET_REFRESH_ROUNDS = 6;
class observe_Observer {
    clients;
    config;
    now;
    tasks = new Map();
    /** Tasks that belong to other revisions or earlier releases: never described again. */
    foreign = new Set();
    /** Tasks of the subject's revision from before it (other deployments, stopped earlier): shown, never judged. */
    history = [];
    seenEvents = new Set();
    targets = [];
    unhealthy = new Map();
    serviceDeployment;
    serviceDigest = '';
    fingerprint = '';
    roundsSinceTargets = 0;
    rounds = 0;
    constructor(clients, config, now) {
        this.clients = clients;
        this.config = config;
        this.now = now;
    }
    get subject() {
        return this.config.subject;
    }
    async observe() {
        const { ecs } = this.clients;
        const { cluster, service: serviceName, subject } = this.config;
        let ecsReads = 1;
        const described = await ecs.send(new dist_cjs.DescribeServicesCommand({ cluster, services: [serviceName] }));
        const service = described.services?.find((s) => s.status !== 'MISSING');
        if (!service)
            throw new Error(`service ${serviceName} is no longer in cluster ${cluster}`);
        if (!subject.serviceDeploymentArn &&
            subject.kind !== 'verify' &&
            service.currentServiceDeployment &&
            service.currentServiceDeployment !== this.config.priorServiceDeploymentArn) {
            subject.serviceDeploymentArn = service.currentServiceDeployment;
        }
        const { awsTime } = this.config;
        for (const e of service.events?.slice(0, 1) ?? [])
            awsTime.saw(e.createdAt?.getTime());
        for (const d of service.deployments ?? [])
            awsTime.saw(d.updatedAt?.getTime());
        // CodeDeploy services have task sets instead of deployments; they read the same way.
        const deployments = service.deployments?.length
            ? service.deployments.map(deploymentView)
            : (service.taskSets ?? []).map(taskSetView);
        const digest = JSON.stringify([deployments, service.events?.[0]?.id, service.runningCount]);
        const serviceChanged = digest !== this.serviceDigest;
        this.serviceDigest = digest;
        const sdArn = subject.serviceDeploymentArn;
        if (sdArn &&
            (this.serviceDeployment?.arn !== sdArn ||
                (!TERMINAL_SD.has(this.serviceDeployment.status) && (this.config.stagedStrategy || serviceChanged)))) {
            ecsReads++;
            const out = await ecs.send(new dist_cjs.DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [sdArn] }));
            const sd = out.serviceDeployments?.[0];
            if (sd)
                this.serviceDeployment = serviceDeploymentView(sd);
        }
        // Tasks change only with the service's counters or events, unless one is still starting.
        const unsettled = [...this.tasks.values()].some((t) => t.lastStatus !== 'STOPPED' && (0,packages_ecs/* servingTasks */.p5)([t]).length === 0);
        const readTasks = this.rounds === 0 || serviceChanged || unsettled;
        if (readTasks)
            ecsReads += await this.readTasks(serviceChanged);
        const release = [...this.tasks.values()];
        // Target health is not an ECS read: it is refreshed every few rounds even when nothing else moves.
        const servingWithoutTarget = (0,packages_ecs/* servingTasks */.p5)(release).some((t) => !this.targets.some((g) => g.taskArn === t.arn && g.state === 'healthy'));
        this.roundsSinceTargets++;
        if (readTasks || servingWithoutTarget || this.roundsSinceTargets >= TARGET_REFRESH_ROUNDS) {
            this.roundsSinceTargets = 0;
            await this.readTargets(service, release);
        }
        const alarms = await this.readAlarms();
        const codeDeploy = await this.config.codeDeploy?.();
        const ours = subject.deploymentId
            ? deployments.find((d) => d.id === subject.deploymentId)
            : deployments
                .filter((d) => d.taskDefinition === subject.taskDefinitionArn)
                .sort((a, b) => b.createdAt - a.createdAt)[0];
        const observation = {
            at: this.now(),
            awsNow: this.config.awsTime.now(),
            service: {
                status: service.status ?? 'ACTIVE',
                desiredCount: service.desiredCount ?? 0,
                runningCount: service.runningCount ?? 0,
                ...(service.taskDefinition ? { taskDefinition: service.taskDefinition } : {}),
                healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds ?? 0,
                hasLoadBalancer: (service.loadBalancers ?? []).some((lb) => lb.targetGroupArn),
            },
            deployments,
            ...(deployments.find((d) => d.status === 'PRIMARY')
                ? { primary: deployments.find((d) => d.status === 'PRIMARY') }
                : {}),
            ...(ours ? { ours } : {}),
            ...(this.serviceDeployment && this.serviceDeployment.arn === sdArn
                ? { serviceDeployment: this.serviceDeployment }
                : {}),
            tasks: release,
            targets: this.targets,
            unhealthyTargets: [...this.unhealthy.values()],
            alarms,
            ...(codeDeploy ? { codeDeploy } : {}),
            newEvents: this.newEvents(service),
        };
        const fingerprint = JSON.stringify([
            deployments.map((d) => [d.id, d.status, d.rolloutState, d.runningCount, d.pendingCount, d.failedTasks]),
            observation.serviceDeployment && [
                observation.serviceDeployment.status,
                observation.serviceDeployment.lifecycleStage,
                observation.serviceDeployment.awaitingHooks,
            ],
            // PROVISIONING → PENDING → ACTIVATING is one state to a watcher: starting.
            release.map((t) => [t.arn, phase(t.lastStatus), t.healthStatus]),
            this.targets.map((t) => [t.taskArn, t.targetGroupArn, t.state]),
            alarms.map((a) => [a.name, a.state]),
            codeDeploy?.status,
        ]);
        const changed = fingerprint !== this.fingerprint;
        this.fingerprint = fingerprint;
        this.rounds++;
        return { observation, ecsReads, changed };
    }
    /** List and describe the service's tasks; returns how many ECS reads it made. */
    async readTasks(serviceChanged) {
        const { ecs } = this.clients;
        const { cluster, service: serviceName } = this.config;
        let reads = 1;
        const running = await ecs.send(new dist_cjs.ListTasksCommand({ cluster, serviceName, desiredStatus: 'RUNNING' }));
        const arns = new Set(running.taskArns ?? []);
        // A task can start and die between two polls; the service's counters changing is the hint to look.
        if (serviceChanged) {
            reads++;
            const stopped = await ecs.send(new dist_cjs.ListTasksCommand({ cluster, serviceName, desiredStatus: 'STOPPED' }));
            for (const arn of stopped.taskArns ?? [])
                arns.add(arn);
        }
        for (const [arn, task] of this.tasks)
            if (task.lastStatus !== 'STOPPED')
                arns.add(arn);
        const todo = [...arns].filter((a) => !this.foreign.has(a) && this.tasks.get(a)?.lastStatus !== 'STOPPED');
        for (let i = 0; i < todo.length; i += 100) {
            reads++;
            const out = await ecs.send(new dist_cjs.DescribeTasksCommand({ cluster, tasks: todo.slice(i, i + 100) }));
            for (const task of out.tasks ?? []) {
                if (!task.taskArn)
                    continue;
                for (const t of [task.createdAt, task.startedAt, task.stoppingAt, task.stoppedAt])
                    this.config.awsTime.saw(t?.getTime());
                const view = () => (0,packages_ecs/* taskView */.vV)(task, this.config.revision(task.taskDefinitionArn ?? ''), this.config.awsTime.now());
                if (this.belongs(task))
                    this.tasks.set(task.taskArn, view());
                else {
                    this.foreign.add(task.taskArn);
                    if (task.taskDefinitionArn === this.config.subject.taskDefinitionArn)
                        this.history.push(view());
                }
            }
        }
        return reads;
    }
    /**
     * Whether a task is the subject's. ECS says so first: a service task's `startedBy` is the id of the
     * deployment that started it. Without that, a task of the subject's revision counts when it was created
     * after the watch began, or (for a rollback or a check of what already runs) when it had not stopped by
     * then. Tasks of the same revision that stopped before are history: an hour-old crash of a revision must
     * not fail a rollback to it.
     */
    belongs(task) {
        const { subject } = this.config;
        if (task.taskDefinitionArn !== subject.taskDefinitionArn)
            return false;
        // Clock skew between the runner and AWS is a second or two; tasks this close to the start are new.
        const since = subject.awsStartedAt - 2000;
        const created = task.createdAt?.getTime() ?? 0;
        if (subject.kind === 'deploy') {
            if (task.startedBy && subject.deploymentId?.startsWith('ecs-svc/'))
                return task.startedBy === subject.deploymentId;
            return created >= since;
        }
        if (created >= since)
            return true;
        const stoppedAt = (task.stoppedAt ?? task.stoppingAt)?.getTime();
        return task.lastStatus !== 'STOPPED' || (stoppedAt !== undefined && stoppedAt >= since);
    }
    async readTargets(service, release) {
        const groups = new Set();
        for (const lb of service.loadBalancers ?? []) {
            if (lb.targetGroupArn)
                groups.add(lb.targetGroupArn);
            if (lb.advancedConfiguration?.alternateTargetGroupArn)
                groups.add(lb.advancedConfiguration.alternateTargetGroupArn);
        }
        const byIp = new Map(release.filter((t) => t.ip).map((t) => [t.ip, t.arn]));
        if (!groups.size || !byIp.size)
            return;
        const targets = [];
        for (const group of groups) {
            const out = await this.clients.elbv2.send(new client_elastic_load_balancing_v2_dist_cjs.DescribeTargetHealthCommand({ TargetGroupArn: group }));
            for (const d of out.TargetHealthDescriptions ?? []) {
                const taskArn = byIp.get(d.Target?.Id ?? '');
                if (!taskArn)
                    continue;
                targets.push({
                    targetGroupArn: group,
                    taskArn,
                    id: d.Target?.Id ?? '',
                    ...(d.Target?.Port ? { port: d.Target.Port } : {}),
                    state: d.TargetHealth?.State ?? 'unavailable',
                    ...(d.TargetHealth?.Reason ? { reason: d.TargetHealth.Reason } : {}),
                    ...(d.TargetHealth?.Description ? { description: d.TargetHealth.Description } : {}),
                });
            }
        }
        this.targets = targets;
        for (const t of targets)
            if (t.state === 'unhealthy')
                this.unhealthy.set(t.taskArn, t);
    }
    async readAlarms() {
        if (!this.config.alarms.length)
            return [];
        return describeAlarms(this.clients, this.config.alarms);
    }
    newEvents(service) {
        const fresh = (service.events ?? []).filter((e) => {
            const id = e.id ?? `${e.createdAt?.getTime()}:${e.message}`;
            if (this.seenEvents.has(id))
                return false;
            this.seenEvents.add(id);
            return (e.createdAt?.getTime() ?? 0) >= this.config.subject.awsStartedAt - 1000;
        });
        return fresh
            .reverse()
            .map((e) => ({ at: e.createdAt?.getTime() ?? this.now(), message: e.message ?? '' }));
    }
}
function phase(lastStatus) {
    return ['PROVISIONING', 'PENDING', 'ACTIVATING'].includes(lastStatus) ? 'starting' : lastStatus;
}
async function describeAlarms(clients, names) {
    const out = await clients.cloudwatch.send(new client_cloudwatch_dist_cjs.DescribeAlarmsCommand({ AlarmNames: names, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }));
    return [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])].map((a) => ({
        name: a.AlarmName ?? '',
        state: a.StateValue ?? 'INSUFFICIENT_DATA',
        ...(a.StateReason ? { reason: a.StateReason } : {}),
    }));
}
function deploymentView(d) {
    return {
        id: d.id ?? '',
        status: d.status ?? '',
        taskDefinition: d.taskDefinition ?? '',
        ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
        ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
        desiredCount: d.desiredCount ?? 0,
        runningCount: d.runningCount ?? 0,
        pendingCount: d.pendingCount ?? 0,
        failedTasks: d.failedTasks ?? 0,
        createdAt: d.createdAt?.getTime() ?? 0,
    };
}
function taskSetView(set) {
    return {
        id: set.id ?? '',
        status: set.status ?? '',
        taskDefinition: set.taskDefinition ?? '',
        rolloutState: set.stabilityStatus === 'STEADY_STATE' ? 'COMPLETED' : 'IN_PROGRESS',
        desiredCount: set.computedDesiredCount ?? 0,
        runningCount: set.runningCount ?? 0,
        pendingCount: set.pendingCount ?? 0,
        failedTasks: 0,
        createdAt: set.createdAt?.getTime() ?? 0,
    };
}
function serviceDeploymentView(sd) {
    return {
        arn: sd.serviceDeploymentArn ?? '',
        status: sd.status ?? 'PENDING',
        ...(sd.statusReason ? { statusReason: sd.statusReason } : {}),
        ...(sd.lifecycleStage ? { lifecycleStage: sd.lifecycleStage } : {}),
        ...(sd.rollback?.reason ? { rollbackReason: sd.rollback.reason } : {}),
        ...(sd.deploymentCircuitBreaker
            ? {
                circuitBreaker: {
                    ...(sd.deploymentCircuitBreaker.status ? { status: sd.deploymentCircuitBreaker.status } : {}),
                    ...(sd.deploymentCircuitBreaker.failureCount !== undefined
                        ? { failureCount: sd.deploymentCircuitBreaker.failureCount }
                        : {}),
                    ...(sd.deploymentCircuitBreaker.threshold !== undefined
                        ? { threshold: sd.deploymentCircuitBreaker.threshold }
                        : {}),
                },
            }
            : {}),
        triggeredAlarms: sd.alarms?.triggeredAlarmNames ?? [],
        awaitingHooks: (sd.lifecycleHookDetails ?? [])
            .filter((h) => h.status === 'AWAITING_ACTION' && h.hookId && (!h.targetType || h.targetType === 'PAUSE'))
            .map((h) => ({ hookId: h.hookId, ...(sd.lifecycleStage ? { stage: sd.lifecycleStage } : {}) })),
    };
}

// EXTERNAL MODULE: ./packages/deploy/resolve.ts
var resolve = __webpack_require__(2052);
;// CONCATENATED MODULE: ./packages/deploy/rollback.ts
/**
 * Putting the previous revision back. An in-flight native deployment is stopped with ROLLBACK (or its
 * paused hook answered ROLLBACK) so ECS restores what served before; a finished one is replaced by an
 * UpdateService to the previous revision; when ECS or CodeDeploy already roll back, we only watch.
 */



const IN_FLIGHT = new Set(['PENDING', 'IN_PROGRESS']);
const ECS_ROLLING_BACK = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL']);
async function rollback_startRollback(req) {
    const started = await rollbackRevision(req);
    if (req.desiredCount === undefined || COUNT_SET.has(started))
        return started;
    try {
        // A desired count alone starts no deployment: it resizes whichever one is PRIMARY, the rollback's.
        await req.clients.ecs.send(new dist_cjs.UpdateServiceCommand({
            cluster: req.cluster,
            service: req.service,
            desiredCount: req.desiredCount,
        }));
        return { ...started, message: `${started.message}; desired count back to ${req.desiredCount}` };
    }
    catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        return {
            ...started,
            message: `${started.message}; the desired count could not be set back to ${req.desiredCount}: ${why}`,
        };
    }
}
/** Rollbacks whose UpdateService already carried the desired count. */
const COUNT_SET = new WeakSet();
async function rollbackRevision(req) {
    const { clients, last, previousArn } = req;
    const previous = (0,packages_ecs/* revisionName */.pd)(previousArn);
    const subject = {
        kind: 'rollback',
        taskDefinitionArn: previousArn,
        startedAt: req.now,
        awsStartedAt: req.awsNow,
    };
    const sd = last?.serviceDeployment;
    if (sd)
        subject.serviceDeploymentArn = sd.arn;
    if (req.strategy === 'CODE_DEPLOY' && req.codeDeployId) {
        const cd = last?.codeDeploy;
        if (cd && (cd.status === 'Failed' || cd.status === 'Stopped')) {
            return {
                subject,
                by: 'CodeDeploy',
                message: `CodeDeploy ended the deployment (${cd.status}); waiting for ${previous} to serve again`,
            };
        }
        try {
            await stopCodeDeployment(clients, req.codeDeployId);
        }
        catch (err) {
            // CodeDeploy may have ended it between our last poll and the stop, rolling back by itself.
            const now = await codedeploy_readCodeDeployment(clients, req.codeDeployId);
            if (now.status !== 'Failed' && now.status !== 'Stopped')
                throw err;
            return {
                subject,
                by: 'CodeDeploy',
                message: `CodeDeploy ended the deployment (${now.status}); waiting for ${previous} to serve again`,
            };
        }
        return {
            subject,
            by: 'deploy',
            message: `stopped CodeDeploy deployment ${req.codeDeployId} with rollback to ${previous}`,
        };
    }
    if (sd && req.pausedHookId) {
        await clients.ecs.send(new dist_cjs.ContinueServiceDeploymentCommand({
            serviceDeploymentArn: sd.arn,
            hookId: req.pausedHookId,
            action: 'ROLLBACK',
        }));
        return {
            subject,
            by: 'deploy',
            message: `answered the paused hook with ROLLBACK: production traffic stays on ${previous}`,
        };
    }
    if (sd && ECS_ROLLING_BACK.has(sd.status)) {
        return {
            subject,
            by: 'ECS',
            message: `ECS is rolling back by itself (${sd.status}); waiting for ${previous} to serve again`,
        };
    }
    const primary = last?.primary;
    const ours = last?.ours;
    if (primary && primary.taskDefinition === previousArn && (!ours || primary.createdAt > ours.createdAt)) {
        return {
            subject,
            by: 'ECS',
            message: `ECS rolled back by itself; waiting for ${previous} to serve again`,
        };
    }
    if (sd && IN_FLIGHT.has(sd.status)) {
        try {
            await clients.ecs.send(new dist_cjs.StopServiceDeploymentCommand({ serviceDeploymentArn: sd.arn, stopType: 'ROLLBACK' }));
            return {
                subject,
                by: 'deploy',
                message: `stopped service deployment ${sd.arn.split('/').pop()} with ROLLBACK to ${previous}`,
            };
        }
        catch {
            // It may have finished between our last poll and the stop: replace it with an update instead.
        }
    }
    const out = await clients.ecs.send(new dist_cjs.UpdateServiceCommand({
        cluster: req.cluster,
        service: req.service,
        taskDefinition: previousArn,
        ...(req.desiredCount !== undefined ? { desiredCount: req.desiredCount } : {}),
    }));
    const deployment = (out.service?.deployments ?? []).find((d) => d.status === 'PRIMARY' && d.taskDefinition === previousArn);
    if (deployment?.id)
        subject.deploymentId = deployment.id;
    if (deployment?.createdAt)
        subject.awsStartedAt = deployment.createdAt.getTime();
    delete subject.serviceDeploymentArn;
    const current = out.service?.currentServiceDeployment;
    if (current && current !== sd?.arn)
        subject.serviceDeploymentArn = current;
    const started = {
        subject,
        by: 'deploy',
        ...(out.service ? { serviceAfter: serviceInWords(out.service) } : {}),
        message: `updated the service back to ${previous}${req.desiredCount !== undefined ? ` with desired count ${req.desiredCount}` : ''}${deployment?.id ? ` (deployment ${deployment.id})` : ''}`,
    };
    COUNT_SET.add(started);
    return started;
}
/** Where the service stands, in words: which revision each deployment runs and how many tasks serve. */
function rollback_describeServiceState(obs) {
    const parts = obs.deployments.map((d) => `${d.status} deployment ${(0,packages_ecs/* revisionName */.pd)(d.taskDefinition)} with ${d.runningCount}/${d.desiredCount} running${d.rolloutState ? ` (rollout ${d.rolloutState})` : ''}`);
    const sd = obs.serviceDeployment;
    if (sd)
        parts.push(`service deployment ${sd.status}${sd.lifecycleStage ? ` at ${sd.lifecycleStage}` : ''}`);
    return parts.join('; ') || `${obs.service.runningCount}/${obs.service.desiredCount} tasks running`;
}
/** {@link describeServiceState}'s words for a service as DescribeServices or UpdateService returns it. */
function serviceInWords(service) {
    const parts = (service.deployments ?? []).map((d) => `${d.status} deployment ${(0,packages_ecs/* revisionName */.pd)(d.taskDefinition)} with ${d.runningCount ?? 0}/${d.desiredCount ?? 0} running${d.rolloutState ? ` (rollout ${d.rolloutState})` : ''}`);
    return parts.join('; ') || `${service.runningCount ?? 0}/${service.desiredCount ?? 0} tasks running`;
}
/**
 * Where the service stands when the watch has no observation to tell (every read of it failed): one more
 * DescribeServices, so a failure report never says "unknown" about a service it could still read.
 * Undefined when that read fails too.
 */
async function describeServiceNow(clients, cluster, service) {
    try {
        const out = await clients.ecs.send(new dist_cjs.DescribeServicesCommand({ cluster, services: [service] }));
        const found = out.services?.[0];
        return found ? serviceInWords(found) : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./packages/deploy/state.ts

class state_DeployState {
    o;
    deps;
    timeline;
    revisions;
    serverTime;
    startedAt;
    deadline;
    /** Every gate of this run by name, in the order first set. */
    gates = new Map();
    /** Tasks of the release seen while watching: their log streams go into the report. */
    releaseTasks = new Set();
    strategy = 'ROLLING';
    ignoredAlarms = new Set();
    /** Alarms in ALARM before a rollback (alarms-preexisting: wait): removed as each clears. */
    clearingAlarms = new Set();
    /** The revision this run put in place on the service (an update was sent, or an in-flight one stopped to it). */
    shipped;
    /** The deployment this run started (ECS `ecs-svc/…`, service deployment ARN, or CodeDeploy id). */
    deploymentId;
    previousArn;
    /** The revision this run deploys, once settled. */
    targetArn;
    /** The mark on the service while this run deploys it (one deploy per service at a time). */
    lock;
    /** The same lock, kept for the end even when marking failed: a write that seemed to fail may have landed. */
    lockCleanup;
    constructor(o, deps) {
        this.o = o;
        this.deps = deps;
        this.timeline = new packages_ecs/* Timeline */.Kf(deps.clock, deps.log);
        this.revisions = new packages_ecs/* Revisions */.hc(deps.clients.ecs, o.region, (ms) => deps.clock.sleep(ms));
        this.serverTime = new packages_ecs/* ServerTime */.Fh(() => deps.clock.now());
        this.serverTime.track(deps.clients.ecs);
        this.serverTime.track(deps.clients.elbv2);
        this.startedAt = deps.clock.now();
        this.deadline = this.startedAt + o.timeoutSeconds * 1000;
    }
    get log() {
        return this.deps.log;
    }
    get now() {
        return this.deps.clock.now();
    }
    record(kind, message, level = 'info') {
        this.timeline.record(kind, message, level);
    }
    gateName(mode, name) {
        return mode === 'rollback' ? `rollback ${name}` : name;
    }
    /** A gate that does not apply to this run, and why: listed, never counted as passed. */
    notApplicable(name, why) {
        this.gates.set(name, { name, status: 'not-applicable', detail: why });
    }
    /** Keep the gate's latest result; log it when its status changes. */
    setGate(mode, name, verdict) {
        const key = this.gateName(mode, name);
        const status = verdict.status === 'pass' ? 'passed' : verdict.status === 'fail' ? 'failed' : 'waiting';
        const detail = verdict.status === 'fail' ? verdict.cause.summary : verdict.detail;
        const before = this.gates.get(key);
        this.gates.set(key, { name: key, status, ...(detail ? { detail } : {}) });
        if (before?.status !== status && status !== 'waiting') {
            this.record('gate', `gate ${key} ${status}${detail ? `: ${detail}` : ''}`, status === 'failed' ? 'warning' : 'info');
        }
        else if (before?.detail !== detail && detail) {
            this.log.debug(`gate ${key} ${status}: ${detail}`);
        }
    }
}

;// CONCATENATED MODULE: ./packages/deploy/changes.ts
/**
 * What changed between two observations, as timeline lines: stages, deployments, tasks, targets, alarms.
 * The log gets one line per change, never one per poll.
 */


function describeChanges(before, after, opts) {
    const out = [];
    const oldDeployments = new Map(before?.deployments.map((d) => [d.id, d]));
    for (const d of after.deployments) {
        const old = oldDeployments.get(d.id);
        const name = `deployment ${d.id} (${(0,packages_ecs/* revisionName */.pd)(d.taskDefinition)})`;
        if (!old && before)
            out.push({ kind: 'deployment', message: `${name} started as ${d.status}` });
        else if (old && old.status !== d.status)
            out.push({ kind: 'deployment', message: `${name} is now ${d.status}` });
        if (d.rolloutState && old && old.rolloutState !== d.rolloutState) {
            out.push({
                kind: 'deployment',
                message: `${name} rollout ${d.rolloutState}${d.rolloutStateReason && d.rolloutState !== 'IN_PROGRESS' ? `: ${d.rolloutStateReason}` : ''}`,
                bad: d.rolloutState === 'FAILED',
            });
        }
    }
    const sd = after.serviceDeployment;
    const oldSd = before?.serviceDeployment;
    if (sd) {
        if (sd.status !== oldSd?.status) {
            out.push({
                kind: 'deployment',
                message: `service deployment ${sd.status}${sd.statusReason && sd.status !== 'IN_PROGRESS' ? `: ${sd.statusReason}` : ''}`,
                bad: /ROLLBACK|STOP/.test(sd.status),
            });
        }
        const from = stagePosition(oldSd?.lifecycleStage);
        const to = stagePosition(sd.lifecycleStage);
        if (opts.stages && to > from) {
            const skipped = LIFECYCLE_STAGES.slice(from + 1, to);
            for (const stage of skipped)
                out.push({ kind: 'stage', message: `stage ${stage} (passed between polls)` });
            out.push({ kind: 'stage', message: `stage ${sd.lifecycleStage}` });
        }
        for (const hook of sd.awaitingHooks) {
            if (!oldSd?.awaitingHooks.some((h) => h.hookId === hook.hookId)) {
                out.push({
                    kind: 'stage',
                    message: `paused at ${hook.stage ?? sd.lifecycleStage ?? 'a lifecycle hook'} (hook ${hook.hookId})`,
                });
            }
        }
    }
    const oldTasks = new Map(before?.tasks.map((t) => [t.arn, t]));
    for (const t of after.tasks)
        out.push(...taskChanges(oldTasks.get(t.arn), t, opts.since));
    const oldTargets = new Map(before?.targets.map((t) => [`${t.targetGroupArn} ${t.taskArn}`, t]));
    for (const t of after.targets) {
        const old = oldTargets.get(`${t.targetGroupArn} ${t.taskArn}`);
        if (old?.state === t.state || (!old && t.state === 'initial'))
            continue;
        const group = t.targetGroupArn
            .split(':')
            .pop()
            ?.replace(/^targetgroup\//, '')
            .split('/')[0] ?? t.targetGroupArn;
        out.push({
            kind: 'target',
            message: `target ${t.id}${t.port ? `:${t.port}` : ''} ${t.state} in ${group}${t.reason && t.state !== 'healthy' ? ` (${t.reason}${t.description ? `: ${t.description}` : ''})` : ''}`,
            bad: t.state === 'unhealthy',
        });
    }
    const oldAlarms = new Map(before?.alarms.map((a) => [a.name, a.state]));
    for (const a of after.alarms) {
        if (oldAlarms.get(a.name) !== a.state && (before || a.state === 'ALARM')) {
            out.push({
                kind: 'alarm',
                message: `alarm ${a.name} is ${a.state}${a.reason && a.state === 'ALARM' ? `: ${a.reason}` : ''}`,
                bad: a.state === 'ALARM',
            });
        }
    }
    const cd = after.codeDeploy;
    if (cd && cd.status !== before?.codeDeploy?.status) {
        out.push({
            kind: 'codedeploy',
            message: `CodeDeploy ${cd.deploymentId} ${cd.status}${cd.errorMessage ? `: ${cd.errorMessage}` : ''}`,
            bad: cd.status === 'Failed' || cd.status === 'Stopped',
        });
    }
    return out;
}
function taskChanges(old, t, since) {
    const out = [];
    const name = `task ${t.id}`;
    if (!old && t.createdAt < since - 2000)
        return out;
    if (!old && t.lastStatus !== 'STOPPED')
        out.push({
            kind: 'task',
            message: `${name} started (${(0,packages_ecs/* revisionName */.pd)(t.taskDefinitionArn)}), ${t.lastStatus}`,
        });
    if (old && old.lastStatus !== t.lastStatus && (t.lastStatus === 'RUNNING' || t.lastStatus === 'STOPPED')) {
        if (t.lastStatus === 'RUNNING')
            out.push({ kind: 'task', message: `${name} RUNNING` });
    }
    if (t.lastStatus === 'STOPPED' && old?.lastStatus !== 'STOPPED') {
        const exits = t.containers
            .filter((c) => c.exitCode !== undefined || c.reason)
            .map((c) => `${c.name}${c.exitCode !== undefined ? ` exit ${c.exitCode}` : ''}${c.reason ? ` (${c.reason})` : ''}`)
            .join(', ');
        const why = [t.stopCode, t.stoppedReason].filter(Boolean).join(': ');
        out.push({
            kind: 'task',
            message: `${name} stopped${why ? `: ${why}` : ''}${exits ? `; ${exits}` : ''}`,
            bad: (0,packages_ecs/* isFailedTask */.FM)(t),
        });
    }
    if (old &&
        t.healthStatus &&
        old.healthStatus !== t.healthStatus &&
        t.healthStatus !== 'UNKNOWN' &&
        t.lastStatus !== 'STOPPED') {
        out.push({ kind: 'task', message: `${name} ${t.healthStatus}`, bad: t.healthStatus === 'UNHEALTHY' });
    }
    return out;
}

;// CONCATENATED MODULE: ./packages/deploy/gates/alarms.ts
/** CloudWatch alarms named by the user must stay out of ALARM through the rollout and the bake time. */

function alarmsGate(obs, ctx) {
    const firing = obs.alarms.find((a) => a.state === 'ALARM' && !ctx.ignoredAlarms.has(a.name) && !ctx.clearingAlarms?.has(a.name));
    if (firing) {
        return fail({
            gate: 'alarms',
            summary: `alarm ${firing.name} is in ALARM${firing.reason ? `: ${firing.reason}` : ''}`,
            alarmName: firing.name,
        });
    }
    // Alarms that fired before a rollback began must clear: wait for them, while new ones fail at once.
    const clearing = obs.alarms.find((a) => a.state === 'ALARM' && ctx.clearingAlarms?.has(a.name));
    if (clearing)
        return wait(`alarm ${clearing.name} is still in ALARM from before: waiting for it to clear`);
    return pass(obs.alarms.length ? `${obs.alarms.length} alarm(s) OK` : 'no alarms');
}

;// CONCATENATED MODULE: ./packages/deploy/gates/codedeploy.ts
/** A CodeDeploy blue/green deployment, judged by CodeDeploy's own status. */

function codeDeployGate(obs) {
    const cd = obs.codeDeploy;
    if (!cd)
        return wait('CodeDeploy deployment not created yet');
    if (cd.status === 'Succeeded')
        return pass(`CodeDeploy ${cd.deploymentId} succeeded`);
    if (cd.status === 'Failed' || cd.status === 'Stopped') {
        const why = [cd.errorCode, cd.errorMessage].filter(Boolean).join(': ');
        return fail({
            gate: 'rollout',
            summary: `CodeDeploy deployment ${cd.deploymentId} ${cd.status.toLowerCase()}${why ? `: ${why}` : ''}`,
        });
    }
    return wait(`CodeDeploy ${cd.status}`);
}

;// CONCATENATED MODULE: ./packages/deploy/gates/http.ts
/**
 * HTTP checks against the release: `successes` consecutive responses must match the accepted statuses
 * (and body pattern). A streak of failures as long as that, and never fewer than 3, fails the gate: the new
 * revision answers, and answers wrong.
 */

function probeMatches(probe, check) {
    if (probe.status === undefined || !check.statuses.includes(probe.status))
        return false;
    return !check.body || check.body.test(probe.body ?? '');
}
function failureStreakLimit(check) {
    return Math.max(3, check.successes);
}
/** What was wrong with a probe, in words. */
function describeProbe(probe, check) {
    if (probe.status === undefined)
        return `no response (${probe.error ?? 'unknown error'})`;
    if (!check.statuses.includes(probe.status))
        return `status ${probe.status}, expected ${check.statuses.join(' or ')}`;
    if (check.body && !check.body.test(probe.body ?? '')) {
        const excerpt = (probe.body ?? '').replace(/\s+/g, ' ').slice(0, 120);
        return `status ${probe.status} but the body did not match ${String(check.body)} (got "${excerpt}")`;
    }
    return `status ${probe.status}`;
}
/** Judge the probes so far (oldest first) by their trailing streak. */
function httpGate(probes, check, gate) {
    let streak = 0;
    const last = probes[probes.length - 1];
    if (!last)
        return wait(`no response from ${check.url} yet`);
    const matching = probeMatches(last, check);
    for (let i = probes.length - 1; i >= 0 && probeMatches(probes[i], check) === matching; i--)
        streak++;
    if (matching) {
        if (streak >= check.successes)
            return pass(`${streak} consecutive good responses from ${check.url}`);
        return wait(`${streak}/${check.successes} good responses from ${check.url}`);
    }
    if (streak >= failureStreakLimit(check)) {
        return fail({
            gate,
            summary: `GET ${check.url}: ${describeProbe(last, check)} (${streak} times in a row)`,
            url: check.url,
            ...(last.status !== undefined ? { httpStatus: last.status } : {}),
        });
    }
    return wait(`GET ${check.url}: ${describeProbe(last, check)}`);
}

;// CONCATENATED MODULE: ./packages/deploy/gates/rollout.ts
/**
 * ECS's own view of the rollout: the deployment's rolloutState, the service deployment's status, and which
 * deployment is PRIMARY. Success here means ECS finished putting the subject's revision in place; ECS
 * rolling back by itself is a failure, never a success; another deploy taking over is `superseded`.
 */

const STOPPING = new Set([
    'STOPPED',
    'STOP_REQUESTED',
    'ROLLBACK_REQUESTED',
    'ROLLBACK_IN_PROGRESS',
    'ROLLBACK_SUCCESSFUL',
    'ROLLBACK_FAILED',
]);
const ROLLBACK_DONE = new Set(['ROLLBACK_SUCCESSFUL', 'SUCCESSFUL', 'STOPPED']);
function rolloutGate(obs, ctx) {
    const { ours, primary, serviceDeployment: sd } = obs;
    const target = (0,packages_ecs/* revisionName */.pd)(ctx.subject.taskDefinitionArn);
    // Someone else deployed another revision: never judge (or roll back over) a stranger's release.
    if (primary &&
        ctx.knownRevisions &&
        !ctx.knownRevisions.has(primary.taskDefinition) &&
        primary.createdAt >= (ours?.createdAt ?? 0)) {
        return fail({
            gate: 'superseded',
            summary: `another deployment took over the service: ${primary.id} runs ${(0,packages_ecs/* revisionName */.pd)(primary.taskDefinition)}, which is neither ${target} nor the revision before it`,
        });
    }
    if (ctx.subject.kind === 'deploy') {
        if (sd && STOPPING.has(sd.status)) {
            const why = sd.rollbackReason ?? sd.statusReason;
            return fail({
                gate: 'rollout',
                summary: `ECS stopped the deployment (${sd.status})${why ? `: ${why}` : ''}${ecsMonitors(obs)}`,
                ...(sd.triggeredAlarms[0] ? { alarmName: sd.triggeredAlarms[0] } : {}),
            });
        }
        if (ours?.rolloutState === 'FAILED') {
            return fail({
                gate: 'rollout',
                summary: `ECS marked the deployment of ${target} FAILED${ours.rolloutStateReason ? `: ${ours.rolloutStateReason}` : ''}${ecsMonitors(obs)}`,
            });
        }
        if (primary &&
            primary.taskDefinition !== ctx.subject.taskDefinitionArn &&
            (!ours || primary.createdAt > ours.createdAt)) {
            return fail({
                gate: 'rollout',
                summary: `ECS rolled the service back by itself: the PRIMARY deployment runs ${(0,packages_ecs/* revisionName */.pd)(primary.taskDefinition)}, not ${target}${ecsMonitors(obs)}`,
            });
        }
    }
    else if (ctx.subject.kind === 'rollback') {
        // A deployment of another known revision (the release) started after the rollback began: a write that
        // had timed out landed late. Waiting would wait for ever; the engine rolls back again.
        if (primary &&
            primary.taskDefinition !== ctx.subject.taskDefinitionArn &&
            primary.createdAt > ctx.subject.awsStartedAt &&
            (!ours || primary.createdAt > ours.createdAt)) {
            return fail({
                gate: 'rollout',
                summary: `${(0,packages_ecs/* revisionName */.pd)(primary.taskDefinition)} became PRIMARY again after the rollback began (deployment ${primary.id}): an update that had timed out landed late`,
            });
        }
        if (sd?.status === 'ROLLBACK_FAILED') {
            return fail({
                gate: 'rollout',
                summary: `ECS could not roll back${sd.statusReason ? `: ${sd.statusReason}` : ''}`,
            });
        }
        if (ours?.rolloutState === 'FAILED' && ours === primary) {
            return fail({
                gate: 'rollout',
                summary: `the rollback deployment of ${target} FAILED${ours.rolloutStateReason ? `: ${ours.rolloutStateReason}` : ''}`,
            });
        }
    }
    if (!primary || primary.taskDefinition !== ctx.subject.taskDefinitionArn) {
        return wait(`${target} is not the PRIMARY deployment yet`);
    }
    const settled = primary.rolloutState
        ? primary.rolloutState === 'COMPLETED'
        : primary.runningCount >= primary.desiredCount;
    if (!settled)
        return wait(`${target}: ${primary.runningCount}/${primary.desiredCount} running, rollout ${primary.rolloutState ?? 'in progress'}`);
    const others = obs.deployments.filter((d) => d !== primary && d.runningCount + d.pendingCount > 0);
    if (others.length)
        return wait(`${others.length} older deployment(s) still have tasks`);
    if (sd && ctx.subject.kind === 'deploy' && sd.status !== 'SUCCESSFUL') {
        return wait(`service deployment ${sd.status}${sd.lifecycleStage ? ` at ${sd.lifecycleStage}` : ''}`);
    }
    if (sd && ctx.subject.kind === 'rollback' && !ROLLBACK_DONE.has(sd.status)) {
        return wait(`rollback ${sd.status}`);
    }
    return pass(`${target} serves ${primary.runningCount}/${primary.desiredCount}`);
}
/** What ECS's own monitors said (circuit breaker, deployment alarms), for the cause line. */
function ecsMonitors(obs) {
    const sd = obs.serviceDeployment;
    const parts = [];
    if (sd?.circuitBreaker?.status === 'TRIGGERED') {
        parts.push(`circuit breaker tripped after ${sd.circuitBreaker.failureCount ?? '?'} failed tasks (threshold ${sd.circuitBreaker.threshold ?? '?'})`);
    }
    if (sd?.triggeredAlarms.length)
        parts.push(`alarms ${sd.triggeredAlarms.join(', ')} in ALARM`);
    return parts.length ? ` (${parts.join('; ')})` : '';
}

;// CONCATENATED MODULE: ./packages/deploy/gates/target-health.ts
/**
 * Load-balancer health of the release's tasks. A new target unhealthy after the service's health-check
 * grace period fails with the ELB's reason; old targets draining are the deployment working, not failing.
 */

function targetHealthGate(obs, _ctx) {
    if (!obs.service.hasLoadBalancer)
        return pass('no load balancer');
    const graceMs = obs.service.healthCheckGracePeriodSeconds * 1000;
    const started = new Map(obs.tasks.map((t) => [t.arn, t.startedAt ?? t.createdAt]));
    const running = new Set(obs.tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus !== 'STOPPED').map((t) => t.arn));
    for (const target of obs.targets) {
        if (target.state !== 'unhealthy' || !running.has(target.taskArn))
            continue;
        if (obs.awsNow - (started.get(target.taskArn) ?? obs.awsNow) < graceMs)
            continue;
        return fail({
            gate: 'target-health',
            summary: `target ${target.id}${target.port ? `:${target.port}` : ''} is unhealthy${target.reason ? ` (${target.reason})` : ''}${target.description ? `: ${target.description}` : ''}`,
            taskArn: target.taskArn,
            targetGroupArn: target.targetGroupArn,
            ...(target.reason ? { targetHealthReason: target.reason } : {}),
            ...(target.description ? { targetHealthDescription: target.description } : {}),
        });
    }
    const serving = (0,packages_ecs/* servingTasks */.p5)(obs.tasks);
    // Targets are matched to tasks by IP (awsvpc, as on Fargate); without IPs there is nothing to match.
    if (serving.length && serving.every((t) => !t.ip))
        return pass('targets not matched: the tasks have no IP addresses');
    const healthy = serving.filter((t) => obs.targets.some((g) => g.taskArn === t.arn && g.state === 'healthy'));
    if (serving.length && healthy.length === serving.length)
        return pass(`${healthy.length} target(s) healthy`);
    return wait(`${healthy.length}/${serving.length} new target(s) healthy`);
}

;// CONCATENATED MODULE: ./packages/deploy/gates/tasks.ts
/**
 * The release's own tasks: a task that stops because an essential container exited, failed to start, or
 * failed its health checks counts against max-task-failures. ECS would retry for many minutes; one crash
 * of the new revision usually says enough.
 */


function tasksGate(obs, ctx) {
    const failed = obs.tasks.filter(packages_ecs/* isFailedTask */.FM);
    if (failed.length >= ctx.maxTaskFailures) {
        const cause = (0,packages_ecs/* taskFailureCause */.f7)(failed[failed.length - 1], obs);
        if (ctx.maxTaskFailures > 1)
            cause.summary += `; ${failed.length} tasks failed (max-task-failures ${ctx.maxTaskFailures})`;
        return fail(cause);
    }
    const desired = obs.ours?.desiredCount ?? obs.service.desiredCount;
    const serving = (0,packages_ecs/* servingTasks */.p5)(obs.tasks).length;
    const failures = failed.length ? `, ${failed.length} failed` : '';
    if (serving >= desired)
        return pass(`${serving}/${desired} tasks running${failures}`);
    return wait(`${serving}/${desired} tasks running${failures}`);
}

;// CONCATENATED MODULE: ./packages/deploy/watch.ts
/**
 * Watching a release (or its rollback): poll observations, judge them with the gates, answer paused
 * lifecycle hooks after the test gate, probe the health URL, bake, and say why when it fails. A gate the
 * user asked for that never ran is a failure, never a pass.
 */














const watch_STAGED = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY']);
/** Stages whose PAUSE hook holds green with test traffic only: where the test gate runs. */
const TEST_HOOK_STAGES = ['POST_TEST_TRAFFIC_SHIFT', 'PRE_PRODUCTION_TRAFFIC_SHIFT'];
/**
 * List every gate of this deploy before anything changes: the ones that do not apply say why, and the
 * ones asked for are remembered so that success needs each of them passed.
 */
function watch_planGates(state, service) {
    const { o } = state;
    const hasLb = (service.loadBalancers ?? []).some((lb) => lb.targetGroupArn);
    const codeDeploy = state.strategy === 'CODE_DEPLOY';
    const required = ['tasks', codeDeploy ? 'codedeploy' : 'rollout'];
    if (!codeDeploy) {
        if (hasLb)
            required.push('target-health');
        else
            state.notApplicable('target-health', `service ${o.service} has no load balancer`);
    }
    if (o.healthCheck)
        required.push('http');
    else
        state.notApplicable('http', 'no health-check-url given');
    if (o.testCheck)
        required.push('test-http');
    else
        state.notApplicable('test-http', watch_STAGED.has(state.strategy) ? 'no test-url given' : `no test traffic with strategy ${state.strategy}`);
    if (o.alarms.length)
        required.push('alarms');
    else
        state.notApplicable('alarms', 'no alarms given');
    if (o.bakeTimeSeconds > 0)
        required.push('bake-time');
    else
        state.notApplicable('bake-time', 'bake-time is 0');
    return required;
}
/** The gates judged every round; http, test-http and bake run at their own moments. */
function gatesFor(state, mode, subject) {
    const gates = [];
    const codeDeploy = state.strategy === 'CODE_DEPLOY';
    const byCodeDeploy = codeDeploy && mode === 'deploy' && subject.kind === 'deploy';
    if (byCodeDeploy) {
        // Task sets come and go under CodeDeploy: only the release's failures are judged here.
        gates.push({ name: 'tasks', judge: (obs, ctx) => failuresOnly(tasksGate(obs, ctx)) });
    }
    else {
        gates.push({ name: 'tasks', judge: tasksGate });
        // Without a load balancer the gate stays listed as not applicable, never as passed.
        const noTargets = state.gates.get('target-health')?.status === 'not-applicable';
        if (!codeDeploy && !noTargets)
            gates.push({ name: 'target-health', judge: targetHealthGate });
    }
    // The alarm that failed a release rarely clears within a rollback: it does not hold the rollback.
    if (mode === 'deploy' && state.o.alarms.length)
        gates.push({ name: 'alarms', judge: alarmsGate });
    // Last: when ECS (or CodeDeploy) gave up because tasks failed, the task's own failure is the better cause.
    gates.push(byCodeDeploy ? { name: 'codedeploy', judge: codeDeployGate } : { name: 'rollout', judge: rolloutGate });
    return gates;
}
function failuresOnly(verdict) {
    return verdict.status === 'fail' ? verdict : pass(verdict.status === 'pass' ? verdict.detail : undefined);
}
async function watch_watch(state, req) {
    const { o, deps } = state;
    const { subject, mode, deadline, codeDeployId } = req;
    const staged = watch_STAGED.has(state.strategy);
    const observer = new observe_Observer(deps.clients, {
        cluster: o.cluster,
        service: o.service,
        subject,
        ...(req.priorServiceDeploymentArn ? { priorServiceDeploymentArn: req.priorServiceDeploymentArn } : {}),
        stagedStrategy: staged,
        alarms: mode === 'deploy' ? o.alarms : [],
        revision: (arn) => state.revisions.info(arn),
        awsTime: state.serverTime,
        ...(codeDeployId && mode === 'deploy'
            ? { codeDeploy: () => codedeploy_readCodeDeployment(deps.clients, codeDeployId) }
            : {}),
    }, () => deps.clock.now());
    const poller = new packages_ecs/* Poller */.vu(o.pollIntervalSeconds * 1000);
    const gates = gatesFor(state, mode, subject);
    const prefix = mode === 'rollback' ? 'rollback: ' : '';
    const handledHooks = new Set();
    const testing = mode === 'deploy' && subject.kind === 'deploy' && o.testCheck !== undefined;
    let tested = false;
    let httpPassed = !o.healthCheck;
    let bakeStartedAt;
    const bakeMs = mode === 'deploy' ? o.bakeTimeSeconds * 1000 : 0;
    let last;
    let historyNoted = false;
    const knownRevisions = new Set([subject.taskDefinitionArn, state.previousArn, state.targetArn].filter((a) => !!a));
    for (;;) {
        let round;
        try {
            round = await observer.observe();
        }
        catch (err) {
            return {
                ok: false,
                cause: { gate: 'aws', summary: (0,aws/* explainAwsError */.Ni)(err).message },
                ...(last ? { last } : {}),
            };
        }
        const obs = round.observation;
        await state.lock?.refresh();
        for (const change of describeChanges(last, obs, { stages: staged, since: subject.awsStartedAt })) {
            state.record(change.kind, prefix + change.message, change.bad ? 'warning' : 'info');
        }
        for (const event of obs.newEvents)
            state.log.info(`${prefix}ECS: ${event.message}`);
        if (!historyNoted && observer.history.length) {
            historyNoted = true;
            state.record('task', `${prefix}${observer.history.length} earlier task(s) of this revision stopped before this ${mode === 'rollback' ? 'rollback' : 'release'}: history, not judged`);
        }
        if (mode === 'deploy')
            for (const t of obs.tasks)
                state.releaseTasks.add(t.arn);
        last = obs;
        // Cancelled: stop here, with a fresh look at the service for whoever acts on it (cancel.ts).
        if (deps.signal?.aborted)
            return { ok: false, cancelled: true, cause: CANCELLED, last: obs };
        const ctx = {
            subject,
            now: state.now,
            maxTaskFailures: o.maxTaskFailures,
            ignoredAlarms: state.ignoredAlarms,
            clearingAlarms: state.clearingAlarms,
            knownRevisions,
        };
        for (const alarm of obs.alarms) {
            if (alarm.state !== 'ALARM' && state.clearingAlarms.delete(alarm.name))
                state.record('alarm', `alarm ${alarm.name} cleared (${alarm.state})`);
        }
        const verdicts = gates.map((g) => ({ name: g.name, verdict: g.judge(obs, ctx) }));
        for (const { name, verdict } of verdicts)
            state.setGate(mode, name, verdict);
        const failures = verdicts.flatMap((v) => (v.verdict.status === 'fail' ? [v.verdict.cause] : []));
        if (failures.length) {
            const cause = { ...failures[0] };
            const ecs = failures.find((f, i) => i > 0 && f.gate === 'rollout' && failures[0].gate !== 'rollout');
            if (ecs)
                cause.summary += `; ${ecs.summary}`;
            return { ok: false, cause, last: obs };
        }
        const sd = obs.serviceDeployment;
        // Production traffic must not reach green before the test gate ran: no hook held it, so stop here.
        if (testing &&
            !tested &&
            sd &&
            stagePosition(sd.lifecycleStage) >= stagePosition('PRODUCTION_TRAFFIC_SHIFT')) {
            const cause = {
                gate: 'test-http',
                summary: `the deployment reached ${sd.lifecycleStage} before test-url could be checked: no PAUSE lifecycle hook held green at ${TEST_HOOK_STAGES.join(' or ')}`,
                url: o.testCheck.url,
            };
            state.setGate(mode, 'test-http', { status: 'fail', cause });
            return { ok: false, cause, last: obs };
        }
        // A paused hook: at a test stage run the test gate first; then let ECS go on, or roll back.
        const hook = sd?.awaitingHooks.find((h) => !handledHooks.has(h.hookId));
        if (mode === 'deploy' && sd && hook) {
            handledHooks.add(hook.hookId);
            const stage = hook.stage ?? sd.lifecycleStage;
            const atTestStage = stage !== undefined && TEST_HOOK_STAGES.includes(stage);
            const ranTest = testing && !tested && atTestStage;
            const cause = await holdAtHook(state, stage, ranTest, deadline);
            // Cancelled at the hook: the rollback answers it, so production never sees green.
            if (deps.signal?.aborted)
                return { ok: false, cancelled: true, cause: CANCELLED, last: obs, pausedHookId: hook.hookId };
            if (cause)
                return { ok: false, cause, last: obs, pausedHookId: hook.hookId };
            if (atTestStage)
                tested = true;
            await deps.clients.ecs.send(new dist_cjs.ContinueServiceDeploymentCommand({
                serviceDeploymentArn: sd.arn,
                hookId: hook.hookId,
                action: 'CONTINUE',
            }));
            state.record('stage', `continued past ${stage ?? 'the hook'}: ${ranTest ? 'green passed its tests' : 'the gates passed there'}`);
            continue;
        }
        const allPass = verdicts.every((v) => v.verdict.status === 'pass');
        if (allPass && !httpPassed && o.healthCheck) {
            const verdict = await httpChecks(state, o.healthCheck, state.gateName(mode, 'http'), deadline);
            if (verdict.status === 'fail')
                return { ok: false, cause: verdict.cause, last: obs };
            if (verdict.status === 'pass') {
                httpPassed = true;
                continue;
            }
        }
        else if (allPass) {
            if (bakeStartedAt === undefined) {
                bakeStartedAt = state.now;
                if (bakeMs > 0)
                    state.record('gate', `all gates passed: baking for ${message_duration(o.bakeTimeSeconds)}`);
            }
            if (state.now - bakeStartedAt >= bakeMs) {
                if (bakeMs > 0)
                    state.setGate(mode, 'bake-time', pass(`${message_duration(o.bakeTimeSeconds)} without a failure`));
                const unproven = mode === 'deploy' ? unpassed(state, req.required) : [];
                if (unproven.length) {
                    const cause = {
                        gate: unproven[0],
                        summary: `gate ${unproven.join(', ')} was asked for but never passed (${unproven.map((g) => state.gates.get(g)?.detail ?? 'never evaluated').join('; ')})`,
                    };
                    return { ok: false, cause, last: obs };
                }
                return { ok: true, last: obs };
            }
        }
        else if (bakeStartedAt !== undefined) {
            bakeStartedAt = undefined;
            state.record('gate', 'bake time interrupted: a gate is waiting again', 'warning');
        }
        if (state.now >= deadline) {
            const waiting = [...state.gates.values()].filter((g) => g.status === 'waiting' && g.name.startsWith(prefix ? 'rollback ' : ''));
            const what = waiting.map((g) => `${g.name}: ${g.detail ?? 'waiting'}`).join('; ');
            return {
                ok: false,
                cause: {
                    gate: 'timeout',
                    summary: `timed out after ${message_duration(o.timeoutSeconds)}${bakeStartedAt !== undefined ? ' during the bake time' : ''}${what ? ` (still waiting: ${what})` : ''}`,
                },
                last: obs,
            };
        }
        let delay = poller.next(state.now, round.changed, round.ecsReads);
        if (bakeStartedAt !== undefined)
            delay = Math.min(delay, bakeStartedAt + bakeMs - state.now);
        await deps.clock.sleep(Math.max(0, Math.min(delay, deadline - state.now)), deps.signal);
    }
}
const CANCELLED = { gate: 'cancelled', summary: 'the workflow was cancelled' };
/** Gates that were required and are not `passed`: a success with any of these would be a lie. */
function unpassed(state, required) {
    return (required ?? []).filter((name) => state.gates.get(name)?.status !== 'passed');
}
/**
 * At a paused hook: the test URL (through the test listener) when this is where it runs, and the alarms.
 * Returns why green must not go on, if it must not.
 */
async function holdAtHook(state, stage, runTest, deadline) {
    const { o } = state;
    state.record('stage', `the deployment is paused${stage ? ` at ${stage}` : ''}: ${runTest ? 'running the test gate on green' : 'checking the gates'}`);
    if (runTest && o.testCheck) {
        const verdict = await httpChecks(state, o.testCheck, 'test-http', deadline);
        if (verdict.status === 'fail')
            return verdict.cause;
        if (verdict.status === 'wait') {
            return {
                gate: 'timeout',
                summary: `timed out after ${message_duration(o.timeoutSeconds)} in the test gate (${verdict.detail})`,
            };
        }
    }
    if (o.alarms.length) {
        const alarms = await describeAlarms(state.deps.clients, o.alarms);
        const verdict = alarmsGate({ alarms }, { ignoredAlarms: state.ignoredAlarms, clearingAlarms: state.clearingAlarms });
        state.setGate('deploy', 'alarms', verdict);
        if (verdict.status === 'fail')
            return verdict.cause;
    }
    return undefined;
}
/** Probe a URL until the HTTP gate passes or fails (or the deadline comes: then it is still waiting). */
async function httpChecks(state, check, name, deadline) {
    const probes = [];
    const gate = name.endsWith('test-http') ? 'test-http' : 'http';
    const interval = new packages_ecs/* Poller */.vu(state.o.pollIntervalSeconds * 1000).quickMs;
    for (;;) {
        const probed = await probe(state, check.url, deadline);
        // A probe cut short by a cancel says nothing about the release: not counted.
        if (state.deps.signal?.aborted)
            return { status: 'wait', detail: 'the workflow was cancelled' };
        probes.push(probed);
        const verdict = httpGate(probes, check, gate);
        state.setGate('deploy', name, verdict);
        if (verdict.status !== 'wait' || state.now >= deadline)
            return verdict;
        await state.deps.clock.sleep(Math.min(interval, deadline - state.now), state.deps.signal);
    }
}
async function probe(state, url, deadline) {
    const at = state.now;
    try {
        const res = await state.deps.http(url, Math.max(1000, Math.min(10_000, deadline - at)));
        return { at, status: res.status, body: res.body };
    }
    catch (err) {
        return { at, error: err instanceof Error ? err.message : String(err) };
    }
}

;// CONCATENATED MODULE: ./packages/deploy/cancel.ts










/**
 * Longest the post step waits for the previous revision: GitHub force-stops a cancelled job's remaining
 * steps 5 minutes after the cancel, and the post step must say how it ended before that.
 */
const POST_WAIT_SECONDS = 240;
function cancelCause(doing) {
    return { gate: 'cancelled', summary: `the workflow was cancelled while ${doing}` };
}
/** Before the service is changed: a cancel ends the run here, with nothing changed. */
function cancelledBeforeChange(state, doing) {
    if (!state.deps.signal?.aborted)
        return undefined;
    state.record('info', `cancelled while ${doing}: nothing was changed`, 'warning');
    return cancelCause(`${doing}; nothing was changed`);
}
/** The desired count a rollback puts back: the service's own, when this deploy set another. */
function restoredCount(o, before) {
    return o.desiredCount !== undefined &&
        before.desiredCount !== undefined &&
        o.desiredCount !== before.desiredCount
        ? { desiredCount: before.desiredCount }
        : {};
}
/** Tell the entry what the update started (it saves it for the post step). */
function noteStarted(state, subject, before, codeDeployId) {
    const { o } = state;
    state.deps.progress?.({
        taskDefinition: subject.taskDefinitionArn,
        ...(state.previousArn ? { previousTaskDefinition: state.previousArn } : {}),
        strategy: state.strategy,
        ...(subject.serviceDeploymentArn ? { serviceDeploymentArn: subject.serviceDeploymentArn } : {}),
        ...(subject.deploymentId ? { deploymentId: subject.deploymentId } : {}),
        ...(codeDeployId ? { codeDeployId } : {}),
        ...(before.desiredCount !== undefined ? { desiredCountBefore: before.desiredCount } : {}),
        ...(o.desiredCount !== undefined ? { desiredCount: o.desiredCount } : {}),
        startedAt: subject.awsStartedAt,
    });
}
/** Tell the entry a rollback was started, and what to watch for it. */
function noteRollback(state, started) {
    state.deps.progress?.({
        rollbackStarted: true,
        rollbackBy: started.by,
        ...(started.subject.serviceDeploymentArn
            ? { rollbackServiceDeploymentArn: started.subject.serviceDeploymentArn }
            : {}),
        ...(started.subject.deploymentId ? { rollbackDeploymentId: started.subject.deploymentId } : {}),
        rollbackAt: started.subject.awsStartedAt,
    });
}
/**
 * A release that is neither ours nor the one before: another deploy took the service over after us, and
 * rolling back now would revert it. Returns the words for it, if so.
 */
function strangerRelease(last, target, previous) {
    const primary = last.primary;
    if (!primary || primary.taskDefinition === target || primary.taskDefinition === previous)
        return undefined;
    if (primary.createdAt < (last.ours?.createdAt ?? 0))
        return undefined;
    return `another deployment took over the service: ${primary.id} runs ${(0,packages_ecs/* revisionName */.pd)(primary.taskDefinition)}, which is neither ${(0,packages_ecs/* revisionName */.pd)(target)} nor ${(0,packages_ecs/* revisionName */.pd)(previous)}; left to it`;
}
const deploymentLabel = (s) => s.deploymentId
    ? ` (deployment ${s.deploymentId})`
    : s.serviceDeploymentArn
        ? ` (service deployment ${s.serviceDeploymentArn.split('/').pop()})`
        : '';
/**
 * The end of a cancelled run, within a second or two: say what it was watching, then start the rollback
 * (on-cancel: rollback) without waiting for it, or leave the service and say where it stands.
 */
async function afterCancel(state, c) {
    const { o } = state;
    const previousArn = c.revs.previous.ref.arn;
    const previous = (0,packages_ecs/* revisionName */.pd)(previousArn);
    const last = c.watched.last;
    const where = last ? rollback_describeServiceState(last) : 'unknown';
    const base = { status: 'failed', service: c.service, revs: c.revs };
    if (c.phase === 'rollback') {
        state.record('rollback', `cancelled while watching the rollback to ${previous}; ECS goes on with it. The service: ${where}`, 'warning');
        return {
            ...base,
            cause: c.failure ?? cancelCause(`watching the rollback to ${previous}`),
            ...(c.rollback ? { rolledBackBy: c.rollback.by } : {}),
            rollbackProblem: `the workflow was cancelled while the rollback to ${previous} was under way${c.rollback ? ` (${c.rollback.message})` : ''}; the post step waits for ${previous} to serve. The service: ${where}`,
        };
    }
    const watching = `${(0,packages_ecs/* revisionName */.pd)(c.subject.taskDefinitionArn)}${deploymentLabel(c.subject)}`;
    if (c.subject.kind === 'verify') {
        state.record('info', `cancelled while checking ${watching}: nothing was changed`, 'warning');
        return { ...base, cause: cancelCause(`checking ${watching}; nothing was changed`) };
    }
    const cause = cancelCause(`watching ${watching}`);
    const stranger = last && strangerRelease(last, c.subject.taskDefinitionArn, previousArn);
    if (stranger || o.onCancel === 'leave') {
        const why = stranger ?? 'on-cancel is leave';
        state.record('info', `cancelled while watching ${watching}; not rolled back: ${why}`, 'warning');
        return { ...base, cause, rollbackProblem: `not rolled back (${why}); the service: ${where}` };
    }
    state.record('rollback', `cancelled while watching ${watching}; rolling back to ${previous}`, 'warning');
    const started = await rollback_startRollback({
        clients: state.deps.clients,
        cluster: o.cluster,
        service: o.service,
        strategy: state.strategy,
        previousArn,
        ...(last ? { last } : {}),
        subject: c.subject,
        ...(c.watched.pausedHookId ? { pausedHookId: c.watched.pausedHookId } : {}),
        ...(c.codeDeployId ? { codeDeployId: c.codeDeployId } : {}),
        now: state.now,
        awsNow: state.serverTime.now(),
        ...restoredCount(o, c.service),
    }).catch((err) => ({ error: (0,aws/* explainAwsError */.Ni)(err).message }));
    if ('error' in started) {
        state.record('rollback', `the rollback could not start: ${started.error}`, 'warning');
        return {
            ...base,
            cause,
            rollbackProblem: `the rollback to ${previous} could not start (${started.error}); the post step tries again. The service: ${where}`,
        };
    }
    state.record('rollback', started.message, 'warning');
    noteRollback(state, started);
    // Under way, not failed: said in the cause, so that reports do not call it a rollback that did not finish.
    return {
        ...base,
        cause: {
            ...cause,
            summary: `${cause.summary}; rolling back to ${previous}: ${started.message}; the post step waits for ${previous} to serve`,
        },
        rolledBackBy: started.by,
    };
}
// ---- state for the post step --------------------------------------------------------------------------
/** The state key naming the format; a post step that finds another (or none) does nothing. */
const STATE_FORMAT_KEY = 'deployState';
const STATE_FORMAT = '1';
const NUMBERS = (/* unused pure expression or super */ null && ([
    'desiredCountBefore',
    'desiredCount',
    'startedAt',
    'rollbackAt',
    'pollIntervalSeconds',
    'timeoutSeconds',
]));
const BOOLEANS = (/* unused pure expression or super */ null && (['rollbackStarted', 'finished', 'cancelled']));
const STRINGS = (/* unused pure expression or super */ null && ([
    'cluster',
    'service',
    'region',
    'taskDefinition',
    'previousTaskDefinition',
    'serviceDeploymentArn',
    'deploymentId',
    'codeDeployId',
    'rollbackServiceDeploymentArn',
    'rollbackDeploymentId',
    'serviceArn',
    'lockToken',
]));
/** The GITHUB_STATE entries for these facts (the runner keeps the last value of each name). */
function stateEntries(facts) {
    return Object.entries(facts)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]);
}
/**
 * What the main step saved, read back in the post step; undefined when it saved nothing (it never got as
 * far) or in a format this version does not know (an older or newer bundle): then there is nothing to do.
 */
function readSavedDeploy(get) {
    if (get(STATE_FORMAT_KEY) !== STATE_FORMAT)
        return undefined;
    const saved = {};
    for (const k of STRINGS)
        if (get(k))
            saved[k] = get(k);
    for (const k of NUMBERS) {
        const n = Number(get(k) || NaN);
        if (Number.isFinite(n))
            saved[k] = n;
    }
    for (const k of BOOLEANS)
        saved[k] = get(k) === 'true';
    const strategy = get('strategy');
    if (['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY', 'CODE_DEPLOY'].includes(strategy))
        saved.strategy = strategy;
    const by = get('rollbackBy');
    if (by === 'deploy' || by === 'ECS' || by === 'CodeDeploy')
        saved.rollbackBy = by;
    saved.onCancel = get('onCancel') === 'leave' ? 'leave' : 'rollback';
    if (!saved.cluster || !saved.service || !saved.region)
        return undefined;
    return saved;
}
/**
 * The post step after a main step that did not finish (cancelled, crashed, killed): roll back what it
 * started, unless that is under way already or on-cancel is leave, and wait (at most POST_WAIT_SECONDS,
 * or the deploy's timeout when shorter) for the previous revision to serve, with the desired count the
 * service had before.
 */
async function recoverDeploy(saved, deps) {
    try {
        return await recover(saved, deps);
    }
    finally {
        // The main step's mark on the service, if it could not remove it itself (killed, or still marking).
        if (saved.serviceArn && saved.lockToken) {
            const removed = await releaseMark(deps.clients.ecs, saved.serviceArn, saved.lockToken).catch((err) => {
                deps.log.warning(`could not remove the deploy's mark from the service: ${err instanceof Error ? err.message : String(err)}; it expires by itself`);
                return false;
            });
            if (removed)
                deps.log.info('removed the mark the deploy step left on the service');
        }
    }
}
async function recover(saved, deps) {
    const how = saved.cancelled ? 'cancelled' : 'the deploy step did not finish (it crashed or was killed)';
    const name = `${saved.cluster}/${saved.service}`;
    const details = [];
    const end = (ok, outcome, rolledBack = false) => {
        const message = `${how}: ${outcome}`;
        deps.log[ok ? 'info' : 'warning'](message);
        const icon = rolledBack ? '↩️' : ok ? 'ℹ️' : '⚠️';
        return { ok, message, summary: recoverySummary(`${icon} ${saved.service}`, message, details) };
    };
    const target = saved.taskDefinition;
    const previousArn = saved.previousTaskDefinition;
    if (!target || !previousArn)
        return end(true, `${name} had not been changed yet; nothing to roll back`);
    const previous = revisionName(previousArn);
    const waitSeconds = Math.min(saved.timeoutSeconds ?? POST_WAIT_SECONDS, POST_WAIT_SECONDS);
    const o = {
        region: saved.region,
        cluster: saved.cluster,
        service: saved.service,
        taskDefinition: { kind: 'revision', ref: target },
        forceNewDeployment: false,
        strategy: 'auto',
        onBusy: 'wait',
        maxTaskFailures: 1,
        alarms: [],
        alarmsPreexisting: 'ignore',
        bakeTimeSeconds: 0,
        rollback: 'auto',
        onCancel: saved.onCancel,
        timeoutSeconds: waitSeconds,
        pollIntervalSeconds: saved.pollIntervalSeconds ?? 5,
        dryRun: false,
        tags: [],
    };
    const state = new DeployState(o, deps);
    state.strategy = saved.strategy ?? 'ROLLING';
    state.previousArn = previousArn;
    state.targetArn = target;
    const service = await resolveService(deps.clients, o.cluster, o.service, o.region);
    planGates(state, service);
    // Task views name containers from their revisions; a revision that cannot be read only costs names.
    await Promise.all([previousArn, target].map((arn) => state.revisions.find(arn).catch(() => undefined)));
    const subject = {
        kind: 'deploy',
        taskDefinitionArn: target,
        ...(saved.deploymentId ? { deploymentId: saved.deploymentId } : {}),
        ...(saved.serviceDeploymentArn ? { serviceDeploymentArn: saved.serviceDeploymentArn } : {}),
        startedAt: state.now,
        awsStartedAt: saved.startedAt ?? state.serverTime.now(),
    };
    const codeDeployId = state.strategy === 'CODE_DEPLOY' ? saved.codeDeployId : undefined;
    const observer = new Observer(deps.clients, {
        cluster: o.cluster,
        service: o.service,
        subject,
        stagedStrategy: STAGED.has(state.strategy),
        alarms: [],
        revision: (arn) => state.revisions.info(arn),
        awsTime: state.serverTime,
        ...(codeDeployId ? { codeDeploy: () => readCodeDeployment(deps.clients, codeDeployId) } : {}),
    }, () => deps.clock.now());
    const last = (await observer.observe()).observation;
    const where = describeServiceState(last);
    details.push(`found: ${where}`);
    if (saved.onCancel === 'leave')
        return end(true, `${name} was left as it is (on-cancel: leave): ${where}`);
    const stranger = strangerRelease(last, target, previousArn);
    if (stranger)
        return end(true, `not rolled back: ${stranger}`);
    let rollback;
    if (saved.rollbackStarted) {
        details.push(`the deploy step had started the rollback to ${previous}`);
        rollback = {
            kind: 'rollback',
            taskDefinitionArn: previousArn,
            ...(saved.rollbackDeploymentId ? { deploymentId: saved.rollbackDeploymentId } : {}),
            ...(saved.rollbackServiceDeploymentArn
                ? { serviceDeploymentArn: saved.rollbackServiceDeploymentArn }
                : {}),
            startedAt: state.now,
            awsStartedAt: saved.rollbackAt ?? state.serverTime.now(),
        };
    }
    else {
        const count = saved.desiredCount !== undefined &&
            saved.desiredCountBefore !== undefined &&
            saved.desiredCount !== saved.desiredCountBefore
            ? { desiredCount: saved.desiredCountBefore }
            : {};
        let started;
        try {
            started = await startRollback({
                clients: deps.clients,
                cluster: o.cluster,
                service: o.service,
                strategy: state.strategy,
                previousArn,
                last,
                subject,
                ...(codeDeployId ? { codeDeployId } : {}),
                now: state.now,
                awsNow: state.serverTime.now(),
                ...count,
            });
        }
        catch (err) {
            return end(false, `the rollback to ${previous} could not start: ${explainAwsError(err).message}; the service: ${where}`);
        }
        state.record('rollback', started.message, 'warning');
        details.push(started.message);
        rollback = started.subject;
    }
    state.log.info(`waiting up to ${duration(waitSeconds)} for ${previous} to serve again`);
    const back = await watch(state, {
        subject: rollback,
        mode: 'rollback',
        deadline: state.now + waitSeconds * 1000,
        ...(codeDeployId ? { codeDeployId } : {}),
    });
    const now = back.last ? describeServiceState(back.last) : 'unknown';
    details.push(`now: ${now}`);
    if (back.ok) {
        const count = back.last ? `, desired count ${back.last.service.desiredCount}` : '';
        return end(true, `rolled back to ${previous}${count}`, true);
    }
    return end(false, `the rollback to ${previous} did not finish: ${back.cause?.summary ?? 'unknown cause'}; the service: ${now}`);
}
function recoverySummary(title, message, details) {
    const cell = (text) => text.replace(/\r?\n/g, ' ');
    return [`### ${title} (post step): ${cell(message)}`, '', ...details.map((d) => `- ${cell(d)}`), ''].join('\n');
}

;// CONCATENATED MODULE: ./packages/deploy/in-flight.ts
/**
 * A rollback that finds the service mid-deployment does not wait for it (it is often the reason for the
 * rollback). A native service deployment whose source revision is the target is stopped with ECS's own
 * rollback, which puts that revision back without a new deployment; a rolling deployment to anything else
 * is replaced by the update to the target. A blue/green, linear or canary deployment can only be stopped
 * back to its source, and a CodeDeploy one belongs to CodeDeploy: those are refused with the way out.
 */



const RUNNING = new Set(['PENDING', 'IN_PROGRESS']);
async function inFlightFor(clients, service, strategy, targetArn) {
    const what = (0,resolve/* busyWith */.sP)(service);
    if (!what)
        return { kind: 'idle' };
    const target = (0,packages_ecs/* revisionName */.pd)(targetArn);
    if (strategy === 'CODE_DEPLOY') {
        return {
            kind: 'refuse',
            cause: {
                gate: 'in-flight',
                summary: `a CodeDeploy deployment is in flight (${what}); nothing was changed. Stop it in CodeDeploy (it rolls back to what served before), or wait for it to end, then run the rollback again`,
            },
        };
    }
    const arn = service.currentServiceDeployment;
    const sd = arn
        ? (await clients.ecs.send(new dist_cjs.DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })))
            .serviceDeployments?.[0]
        : undefined;
    if (sd?.serviceDeploymentArn && RUNNING.has(sd.status ?? '')) {
        const sourceArns = (sd.sourceServiceRevisions ?? []).flatMap((r) => (r.arn ? [r.arn] : []));
        const sources = sourceArns.length
            ? ((await clients.ecs.send(new dist_cjs.DescribeServiceRevisionsCommand({ serviceRevisionArns: sourceArns })))
                .serviceRevisions ?? []).flatMap((r) => (r.taskDefinition ? [r.taskDefinition] : []))
            : [];
        if (sources.includes(targetArn)) {
            return { kind: 'stop', serviceDeploymentArn: sd.serviceDeploymentArn, what };
        }
        if (strategy !== 'ROLLING') {
            const back = sources.map(packages_ecs/* revisionName */.pd).join(' or ') || 'the revision it started from';
            return {
                kind: 'refuse',
                cause: {
                    gate: 'in-flight',
                    summary: `a ${strategy} deployment is in flight (${what}) and ECS can only stop it back to ${back}, not ${target}; nothing was changed. Roll back to ${back} first, or wait for it to end`,
                },
            };
        }
    }
    return { kind: 'supersede', what };
}

// EXTERNAL MODULE: ./packages/history/index.ts
var packages_history = __webpack_require__(8109);
// EXTERNAL MODULE: ./packages/deploy/settle.ts
var settle = __webpack_require__(3349);
// EXTERNAL MODULE: ./packages/history/table.ts + 1 modules
var table = __webpack_require__(6135);
;// CONCATENATED MODULE: ./packages/deploy/summary.ts




const ICON = {
    succeeded: '✅',
    'rolled-back': '↩️',
    failed: '❌',
    'in-progress': '⏳',
};
const TIMELINE_ROWS = 150;
const cell = (text) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
function deploySummary(report, changes) {
    const lines = [];
    lines.push(`### ${ICON[report.status] ?? ''} ${report.service}: ${cell(outcomeMessage(report))}`, '');
    const facts = [
        `**Status:** ${report.status}`,
        `**Cluster:** ${report.cluster} (${report.region})`,
        `**Strategy:** ${report.strategy}`,
        `**Revision:** ${report.taskDefinition.arn ? (0,packages_ecs/* revisionName */.pd)(report.taskDefinition.arn) : '(not registered: dry run)'}${report.registered ? ' (new)' : ' (existing)'}`,
        ...(report.previousTaskDefinition
            ? [`**Previous:** ${(0,packages_ecs/* revisionName */.pd)(report.previousTaskDefinition.arn)}`]
            : []),
        ...(report.deploymentId ? [`**Deployment:** \`${report.deploymentId}\``] : []),
        ...(report.verdicts ?? []).map((v) => `**${v.verdict === 'verified' ? '✅ Verified' : '❌ Marked failed'}:** ${(0,packages_ecs/* revisionName */.pd)(v.revision.arn)}${v.error ? ' (not recorded: the tag could not be written)' : ''}`),
        `**Duration:** ${report.durationSeconds ?? 0}s`,
    ];
    lines.push(facts.join(' · '), '');
    const cause = report.cause;
    if (cause && report.status !== 'succeeded') {
        lines.push('#### Why it failed', '', `**${cell(cause.summary)}**`, '');
        const evidence = [
            ['gate', cause.gate],
            ['container', cause.container],
            ['exit code', cause.exitCode],
            ['stop code', cause.stopCode],
            ['stopped reason', cause.stoppedReason],
            ['task', cause.taskArn],
            [
                'target health',
                [cause.targetHealthReason, cause.targetHealthDescription].filter(Boolean).join(': ') || undefined,
            ],
            ['target group', cause.targetGroupArn],
            ['alarm', cause.alarmName],
            ['HTTP status', cause.httpStatus],
            ['URL', cause.url],
            ['log', cause.logGroup ? `${cause.logGroup} ${cause.logStream ?? ''}`.trim() : undefined],
        ];
        for (const [name, value] of evidence)
            if (value !== undefined && value !== '')
                lines.push(`- ${name}: \`${cell(String(value))}\``);
        if (report.rollbackProblem)
            lines.push(`- service state: ${cell(report.rollbackProblem)}`);
        lines.push('');
        if (cause.logLines?.length) {
            lines.push(`<details open><summary>Last ${cause.logLines.length} log lines of the failed task</summary>`, '', '```text');
            lines.push(...cause.logLines.map((l) => l.replace(/```/g, "'''")), '```', '', '</details>', '');
        }
    }
    if (report.gates.length) {
        lines.push('#### Gates', '', '| gate | result | detail |', '| --- | --- | --- |');
        for (const g of report.gates)
            lines.push(`| ${cell(g.name)} | ${g.status} | ${cell(g.detail ?? '')} |`);
        lines.push('');
    }
    if (report.timeline.length) {
        const start = Date.parse(report.startedAt);
        lines.push('#### Timeline', '', '| time (UTC) | +s | what |', '| --- | --- | --- |');
        const row = (e) => `| ${e.at.slice(11, 19)} | ${Math.round((Date.parse(e.at) - start) / 1000)} | ${cell(e.message)} |`;
        // A long rollout (many tasks, many stages) must not crowd out the cause: keep the start and the end.
        const rows = report.timeline.length > TIMELINE_ROWS
            ? [...report.timeline.slice(0, 40), undefined, ...report.timeline.slice(-(TIMELINE_ROWS - 40))]
            : report.timeline;
        for (const e of rows)
            lines.push(e ? row(e) : `| … | | ${report.timeline.length - TIMELINE_ROWS} more changes in the report |`);
        lines.push('');
    }
    if (report.history?.length) {
        lines.push(`#### Release history of ${report.history[0].family}`, '');
        lines.push((0,table/* historyTable */.f)(report.history, {
            ...(report.git?.repository ? { repository: report.git.repository } : {}),
            ...(serverOf(report.git?.runUrl) ? { serverUrl: serverOf(report.git?.runUrl) } : {}),
        }), '');
    }
    else if (report.historyError) {
        lines.push(`_The release history could not be read: ${cell(report.historyError)}_`, '');
    }
    if (report.previousTaskDefinition) {
        lines.push(`#### Task definition changes against ${(0,packages_ecs/* revisionName */.pd)(report.previousTaskDefinition.arn)}`, '');
        lines.push((0,task_definition/* changesTable */.EI)(changes));
    }
    return `${lines.join('\n')}\n`;
}
/** `https://github.com` of a run URL, so commit links go to the same GitHub (Enterprise too). */
function serverOf(runUrl) {
    const m = runUrl ? /^(https?:\/\/[^/]+)\//.exec(runUrl) : null;
    return m?.[1];
}

;// CONCATENATED MODULE: ./packages/deploy/report.ts
/** The end of a deploy: the failed task's log tail, the JSON report, the step's message and the job summary. */







async function finishDeploy(state, end) {
    const { o, deps } = state;
    const finishedAt = state.now;
    const { target, previous } = end.revs ?? {};
    if (end.cause?.taskArn) {
        await (0,packages_ecs/* attachLogTail */.mc)(end.cause, {
            logsFor: () => deps.clients.logs(),
            region: o.region,
            info: target,
            taskArn: end.cause.taskArn,
            ...(end.cause.container ? { container: end.cause.container } : {}),
            redactValues: [...(target?.environmentValues ?? []), ...(previous?.environmentValues ?? [])],
            log: state.log,
        });
    }
    const verdicts = await recordVerdicts(state, end);
    const running = end.service ? (0,packages_ecs/* refOf */.H8)((0,settle/* currentRevision */.h7)(end.service)) : undefined;
    const previousRef = previous?.ref ?? running;
    // A dry run that would register names no revision: the family only, never the previous one as "new".
    const subject = target?.ref ??
        (end.revs?.registered && previous ? { arn: '', family: previous.ref.family, revision: 0 } : undefined) ??
        previousRef ?? { arn: '', family: '', revision: 0 };
    // A rollback run reports as one: from what served before, to the target it was asked for.
    const rollback = o.rollbackOf;
    const status = rollback && end.status === 'rolled-back' ? 'failed' : end.status;
    const history = await readReleaseHistory(state, end, subject);
    const report = {
        schemaVersion: 1,
        kind: rollback ? 'rollback' : 'deploy',
        status,
        region: o.region,
        cluster: o.cluster,
        service: o.service,
        strategy: state.strategy,
        taskDefinition: subject,
        registered: end.revs?.registered ?? false,
        ...(previousRef ? { previousTaskDefinition: previousRef } : {}),
        ...(rollback
            ? {
                ...(previousRef ? { rolledBackFrom: previousRef } : {}),
                ...(subject.arn ? { rolledBackTo: subject } : {}),
                rollbackRequest: rollback.request,
                ...(end.status === 'rolled-back' && previous ? { restored: previous.ref } : {}),
            }
            : end.status === 'rolled-back' && previous
                ? { rolledBackTo: previous.ref }
                : {}),
        ...(end.rolledBackBy ? { rolledBackBy: end.rolledBackBy } : {}),
        images: target?.images ?? {},
        ...(o.git ? { git: o.git } : {}),
        ...(state.deploymentId ? { deploymentId: state.deploymentId } : {}),
        ...(0,packages_ecs/* reportTimes */.zO)(state.startedAt, finishedAt),
        timeline: state.timeline.entries,
        gates: [...state.gates.values()],
        ...(end.cause ? { cause: end.cause } : {}),
        ...(end.rollbackProblem ? { rollbackProblem: end.rollbackProblem } : {}),
        logs: (0,packages_ecs/* releaseLogs */.JY)(target ?? previous, state.releaseTasks),
        alarms: o.alarms,
        ...(end.revs
            ? {
                changes: end.revs.changes.map((c) => ({
                    container: c.container ?? 'task',
                    field: c.field,
                    kind: c.kind,
                    ...(c.key !== undefined ? { key: c.key } : {}),
                    ...(c.before !== undefined ? { before: c.before } : {}),
                    ...(c.after !== undefined ? { after: c.after } : {}),
                })),
            }
            : {}),
        ...(verdicts.length ? { verdicts } : {}),
        ...history,
        inputs: reportedInputs(o),
        ...(o.dryRun ? { dryRun: true } : {}),
    };
    const message = outcomeMessage(report);
    const summary = deploySummary(report, end.revs?.changes ?? []);
    const reportPath = deps.reportDir ? await (0,packages_ecs/* writeReport */.u5)(deps.reportDir, report) : undefined;
    return {
        status: report.status,
        message,
        report,
        summary,
        ...(reportPath ? { reportPath } : {}),
    };
}
/** Verdicts whose cause says nothing about the revision: the run was stopped, or could not look. */
const NOT_THE_REVISION = new Set(['cancelled', 'superseded', 'aws', 'in-flight']);
/**
 * Record what this run learnt about the revision on the revision: verified when every gate passed on it,
 * failed when it was put in place and failed its gates. A tag that cannot be written is a warning (the
 * release is what it is), and the report says the verdict was not recorded.
 */
async function recordVerdicts(state, end) {
    const { o } = state;
    const target = end.revs?.target;
    if (o.dryRun || !target?.ref.arn)
        return [];
    let verdict;
    if (end.status === 'succeeded')
        verdict = 'verified';
    else if (state.shipped === target.ref.arn && !NOT_THE_REVISION.has(end.cause?.gate ?? ''))
        verdict = 'failed';
    if (!verdict)
        return [];
    const at = state.serverTime.now();
    const record = { revision: target.ref, verdict, at: new Date(at).toISOString() };
    try {
        await (0,packages_history/* markRevision */.HT)(state.deps.clients.ecs, target.ref.arn, o, verdict, at, o.git?.runUrl);
        state.record('info', `marked ${(0,packages_ecs/* revisionName */.pd)(target.ref.arn)} ${verdict} for ${o.service}`);
    }
    catch (err) {
        record.error = (0,aws/* explainAwsError */.Ni)(err).message;
        state.record('info', `could not mark ${(0,packages_ecs/* revisionName */.pd)(target.ref.arn)} ${verdict} for ${o.service} (${record.error}): rollback's \`to: previous\` will not know it`, 'warning');
    }
    return [record];
}
/** The family's newest revisions, with which one serves now; a read that fails is said, never fatal. */
async function readReleaseHistory(state, end, subject) {
    const { o } = state;
    const limit = o.historyLength ?? 10;
    const family = subject.family || end.revs?.previous.ref.family;
    // A cancelled run has seconds before the runner kills it: the history is not worth them.
    if (limit <= 0 || !family || state.deps.signal?.aborted)
        return {};
    try {
        const { target, previous } = end.revs ?? {};
        let live;
        if (o.dryRun || end.status === 'rolled-back')
            live = previous?.ref.arn;
        else if (end.status === 'succeeded')
            live = target?.ref.arn;
        else {
            const now = await state.deps.clients.ecs.send(new dist_cjs.DescribeServicesCommand({ cluster: o.cluster, services: [o.service] }));
            live = now.services?.[0] ? (0,settle/* currentRevision */.h7)(now.services[0]) : undefined;
        }
        const history = await (0,packages_history/* readHistory */.Lu)(state.deps.clients.ecs, {
            family,
            cluster: o.cluster,
            service: o.service,
            limit,
            ...(live ? { liveArn: live } : {}),
        });
        return { history };
    }
    catch (err) {
        const historyError = (0,aws/* explainAwsError */.Ni)(err).message;
        state.log.warning(`could not read the release history of ${family}: ${historyError}`);
        return { historyError };
    }
}
/** The options worth keeping with the report: what a reader needs to judge the outcome. */
function reportedInputs(o) {
    return {
        'task-definition': o.taskDefinition.kind === 'file' ? o.taskDefinition.path : o.taskDefinition.ref,
        strategy: o.strategy,
        'on-busy': o.onBusy,
        rollback: o.rollback,
        'on-cancel': o.onCancel ?? 'rollback',
        'timeout-seconds': o.timeoutSeconds,
        'bake-time-seconds': o.bakeTimeSeconds,
        'max-task-failures': o.maxTaskFailures,
        'alarms-preexisting': o.alarmsPreexisting,
        'force-new-deployment': o.forceNewDeployment,
        ...(o.desiredCount !== undefined ? { 'desired-count': o.desiredCount } : {}),
        ...(o.healthCheck
            ? { 'health-check-url': o.healthCheck.url, 'health-check-successes': o.healthCheck.successes }
            : {}),
        ...(o.testCheck ? { 'test-url': o.testCheck.url } : {}),
        ...(o.linear
            ? { 'step-percent': o.linear.stepPercent, 'step-bake-time-minutes': o.linear.stepBakeTimeInMinutes }
            : {}),
        ...(o.canary
            ? {
                'canary-percent': o.canary.canaryPercent,
                'canary-bake-time-minutes': o.canary.canaryBakeTimeInMinutes,
            }
            : {}),
        'poll-interval-seconds': o.pollIntervalSeconds,
    };
}

;// CONCATENATED MODULE: ./packages/deploy/lock.ts
/**
 * One deploy per service at a time. A running deploy marks the service with a tag naming its run, the
 * revision it ships and when the mark expires; another deploy that sees a live mark follows on-busy. ECS
 * has no compare-and-set, so a writer re-reads its mark after a short settle: of two writers at once, the
 * last one's mark stands and the other backs off. A crashed run's mark expires; a live run refreshes it.
 * GitHub `concurrency:` groups stay the first line of defence; this is the one that works across workflows.
 */

const LOCK_TAG = 'ecs-deploy:lock';
/** A mark lives this long unless refreshed: long enough to outlast a slow poll, short for a crashed run. */
const LOCK_TTL_MS = 10 * 60_000;
/** Refresh well before expiry. */
const LOCK_REFRESH_MS = 2 * 60_000;
/** How long a writer waits before re-reading its mark, so that a concurrent write has landed. */
const LOCK_SETTLE_MS = 1500;
/** The tag value: space-separated key=value pairs (ECS tags take letters, digits, spaces and _.:/=+-@). */
function formatMark(mark) {
    return `token=${mark.token} until=${new Date(mark.until).toISOString()} rev=${mark.revision} run=${mark.run}`.slice(0, 256);
}
function parseMark(value) {
    if (!value)
        return undefined;
    const fields = new Map();
    // `run` comes last and may hold spaces (a label outside GitHub Actions): it takes the rest.
    const runAt = value.indexOf(' run=');
    if (runAt >= 0)
        fields.set('run', value.slice(runAt + 5));
    for (const part of (runAt >= 0 ? value.slice(0, runAt) : value).split(' ')) {
        const at = part.indexOf('=');
        if (at > 0)
            fields.set(part.slice(0, at), part.slice(at + 1));
    }
    const until = Date.parse(fields.get('until') ?? '');
    const token = fields.get('token');
    if (!token || Number.isNaN(until))
        return undefined;
    return { token, until, revision: fields.get('rev') ?? '?', run: fields.get('run') ?? 'an unknown run' };
}
function describeMark(mark, now) {
    const left = Math.max(0, Math.round((mark.until - now) / 1000));
    return `${mark.run} (shipping ${mark.revision}; its mark expires in ${left}s unless renewed)`;
}
class ServiceLock {
    ecs;
    serviceArn;
    me;
    awsNow;
    sleep;
    mark;
    refreshedAt = 0;
    /** A write was sent: even one that failed may have landed (a lost answer), so release must look. */
    wrote = false;
    constructor(ecs, serviceArn, me, 
    /** AWS's clock: marks from runners with skewed clocks still compare right. */
    awsNow, sleep) {
        this.ecs = ecs;
        this.serviceArn = serviceArn;
        this.me = me;
        this.awsNow = awsNow;
        this.sleep = sleep;
    }
    get holding() {
        return this.mark !== undefined;
    }
    /** The live mark of another run, if any. */
    async holder() {
        const mark = await this.read();
        return mark && mark.token !== this.me.token && mark.until > this.awsNow() ? mark : undefined;
    }
    /**
     * Mark the service for this run, unless another live mark is there. A service that cannot be tagged
     * (old ARN format, no ecs:TagResource permission) is reported, not fatal: the other guards still hold.
     */
    async acquire(revision) {
        try {
            const before = await this.read();
            const other = before && before.token !== this.me.token ? before : undefined;
            if (other && other.until > this.awsNow())
                return { held: false, by: other };
            await this.write(revision);
            await this.sleep(LOCK_SETTLE_MS);
            const now = await this.read();
            if (now && now.token !== this.me.token) {
                this.mark = undefined;
                return { held: false, by: now };
            }
            // A mark whose time ran out was left by a run that crashed or was killed.
            return other ? { held: true, tookOverFrom: other } : { held: true };
        }
        catch (err) {
            this.mark = undefined;
            return { held: false, unavailable: err instanceof Error ? err.message : String(err) };
        }
    }
    /** Keep the mark alive (and name the revision once it is known); errors are left to the next refresh. */
    async refresh(revision) {
        if (!this.mark)
            return;
        const now = this.awsNow();
        if (!revision && now - this.refreshedAt < LOCK_REFRESH_MS)
            return;
        try {
            await this.write(revision ?? this.mark.revision);
        }
        catch {
            // A missed refresh leaves minutes of margin; the next round tries again.
        }
    }
    get token() {
        return this.me.token;
    }
    /** Remove the mark if it is ours, including one whose write seemed to fail. */
    async release() {
        if (!this.wrote)
            return;
        this.mark = undefined;
        await lock_releaseMark(this.ecs, this.serviceArn, this.me.token);
    }
    read() {
        return readMark(this.ecs, this.serviceArn);
    }
    async write(revision) {
        const mark = { ...this.me, revision, until: this.awsNow() + LOCK_TTL_MS };
        this.wrote = true;
        await this.ecs.send(new dist_cjs.TagResourceCommand({
            resourceArn: this.serviceArn,
            tags: [{ key: LOCK_TAG, value: formatMark(mark) }],
        }));
        this.mark = mark;
        this.refreshedAt = mark.until - LOCK_TTL_MS;
    }
}
async function readMark(ecs, serviceArn) {
    const out = await ecs.send(new dist_cjs.ListTagsForResourceCommand({ resourceArn: serviceArn }));
    return parseMark(out.tags?.find((t) => t.key === LOCK_TAG)?.value);
}
/** Remove the mark with this token (a post step cleaning up after its main step); another's stays. */
async function lock_releaseMark(ecs, serviceArn, token) {
    const now = await readMark(ecs, serviceArn);
    if (now?.token !== token)
        return false;
    await ecs.send(new dist_cjs.UntagResourceCommand({ resourceArn: serviceArn, tagKeys: [LOCK_TAG] }));
    return true;
}

;// CONCATENATED MODULE: ./packages/deploy/engine.ts
/**
 * The deploy engine: resolve the service, settle the revision, update, watch with gates, and on failure
 * roll back and watch that too. A deploy never ends with production broken and the step green: success
 * needs the new revision serving, every gate asked for passed and the bake time over. The steps live in
 * their own files: settle.ts, watch.ts, report.ts, message.ts.
 */



















async function deploy(options, deps) {
    const state = new state_DeployState(options, deps);
    try {
        return await new DeployRun(state).run();
    }
    finally {
        // However the run ended, its mark goes (a mark it could not remove expires by itself).
        await state.lockCleanup?.release().catch((err) => {
            deps.log.warning(`could not remove this run's mark from the service: ${err instanceof Error ? err.message : String(err)}; it expires within ${LOCK_TTL_MS / 60_000} minutes`);
        });
    }
}
class DeployRun {
    state;
    constructor(state) {
        this.state = state;
    }
    async run() {
        const { state } = this;
        const { o } = state;
        const { clients } = state.deps;
        const finish = (end) => finishDeploy(state, end);
        // A file is read and checked before any AWS call: a bad file changes nothing.
        const file = o.taskDefinition.kind === 'file'
            ? await (0,task_definition/* loadTaskDefinitionFile */.bs)(o.taskDefinition.path, 'task-definition', {
                ...(o.fileRoots ? { roots: o.fileRoots } : {}),
            })
            : undefined;
        let service = await (0,resolve/* resolveService */.Wl)(clients, o.cluster, o.service, o.region);
        if (!o.dryRun && service.serviceArn) {
            state.lock = state.lockCleanup = new ServiceLock(clients.ecs, service.serviceArn, { token: (0,external_node_crypto_.randomUUID)().slice(0, 8), run: o.git?.runUrl ?? 'a deploy outside GitHub Actions' }, () => state.serverTime.now(), (ms) => state.deps.clock.sleep(ms));
        }
        state.strategy = (0,resolve/* resolveStrategy */._f)(o.strategy, service);
        checkStrategySettings(o, state.strategy, service);
        state.log.info(`${o.rollbackOf ? 'rolling back' : 'deploying to'} service ${o.service} in cluster ${o.cluster} (${o.region}), strategy ${state.strategy}`);
        let required = watch_planGates(state, service);
        const preexisting = await this.checkAlarmsBeforehand();
        const shipping = o.taskDefinition.kind === 'revision'
            ? o.taskDefinition.ref
            : `${file.taskDefinition.family} (new revision)`;
        const busy = await this.waitUntilIdle(service, shipping);
        if (busy.cause)
            return finish({ status: 'failed', cause: preexisting ?? busy.cause, service: busy.service });
        service = busy.service;
        if (preexisting)
            return finish({ status: 'failed', cause: preexisting, service });
        const revs = await (0,settle/* settleRevision */.ZP)(state, service, file);
        const previousArn = revs.previous.ref.arn;
        state.previousArn = previousArn;
        state.targetArn = revs.target?.ref.arn;
        if (revs.target)
            await state.lock?.refresh((0,packages_ecs/* revisionName */.pd)(revs.target.ref.arn));
        if (o.dryRun) {
            if (o.rollbackOf && revs.target) {
                const seen = await inFlightFor(clients, service, state.strategy, revs.target.ref.arn);
                const target = (0,packages_ecs/* revisionName */.pd)(revs.target.ref.arn);
                state.record('info', seen.kind === 'refuse'
                    ? `dry run: the rollback would be refused now: ${seen.cause.summary}`
                    : seen.kind === 'stop'
                        ? `dry run: would stop the in-flight deployment (${seen.what}) with ECS's rollback to ${target}, then check it with every gate`
                        : seen.kind === 'supersede'
                            ? `dry run: would replace the in-flight deployment (${seen.what}) with ${target}, then check it with every gate`
                            : `dry run: would update the service to ${target}, then check it with every gate`);
            }
            for (const name of required)
                state.notApplicable(name, 'dry run: nothing was deployed, nothing checked');
            return finish({ status: 'succeeded', service, revs });
        }
        const target = revs.target;
        const early = cancelledBeforeChange(state, 'preparing the deploy');
        if (early)
            return finish({ status: 'failed', cause: early, service, revs });
        // The subject's clock starts at the update; tasks and events from before it belong to earlier releases.
        const subject = {
            kind: 'deploy',
            taskDefinitionArn: target.ref.arn,
            startedAt: state.now,
            awsStartedAt: state.serverTime.now(),
        };
        // A rollback that finds a deployment in flight stops it (ECS's own rollback) or replaces it.
        const inFlight = o.rollbackOf
            ? await inFlightFor(clients, service, state.strategy, target.ref.arn)
            : { kind: 'idle' };
        if (inFlight.kind === 'refuse')
            return finish({ status: 'failed', cause: inFlight.cause, service, revs });
        if (inFlight.kind === 'stop') {
            const stopped = await this.stopInFlight(inFlight.serviceDeploymentArn, inFlight.what, target.ref.arn);
            if (stopped)
                return finish({ ...stopped, service, revs });
        }
        const nothingChanges = inFlight.kind === 'stop' ||
            (target.ref.arn === previousArn &&
                !o.forceNewDeployment &&
                (o.desiredCount === undefined || o.desiredCount === service.desiredCount));
        let codeDeployId;
        // Saved before the update too: a step killed while the update is on the wire still knows what to undo.
        if (!nothingChanges)
            noteStarted(state, subject, service, undefined);
        if (nothingChanges) {
            subject.kind = 'verify';
            if (o.testCheck) {
                state.notApplicable('test-http', 'nothing was deployed: no new tasks took test traffic');
                required = required.filter((g) => g !== 'test-http');
            }
            if (inFlight.kind !== 'stop')
                state.record('info', `service already runs ${(0,packages_ecs/* revisionName */.pd)(previousArn)}: nothing to update, checking it is healthy`);
        }
        else if (state.strategy === 'CODE_DEPLOY') {
            codeDeployId = await this.startCodeDeploy(service, target.ref.arn);
            state.shipped = target.ref.arn;
            state.deploymentId = codeDeployId;
            subject.deploymentId = codeDeployId;
        }
        else {
            await this.updateService(service, target.ref.arn, subject);
        }
        if (subject.kind !== 'verify')
            noteStarted(state, subject, service, codeDeployId);
        const watched = await watch_watch(state, {
            subject,
            mode: 'deploy',
            deadline: state.deadline,
            ...(service.currentServiceDeployment
                ? { priorServiceDeploymentArn: service.currentServiceDeployment }
                : {}),
            ...(codeDeployId ? { codeDeployId } : {}),
            required,
        });
        if (watched.ok)
            return finish({ status: 'succeeded', service, revs });
        if (watched.cancelled) {
            const c = { phase: 'deploy', subject, watched, service, revs };
            return finish(await afterCancel(state, { ...c, ...(codeDeployId ? { codeDeployId } : {}) }));
        }
        const cause = watched.cause;
        state.record('gate', `deploy failed: ${cause.summary}`, 'warning');
        if (cause.gate === 'superseded') {
            // Rolling back now would revert someone else's release: leave it to them, and say so.
            const where = watched.last ? rollback_describeServiceState(watched.last) : 'unknown';
            return finish({
                status: 'failed',
                cause,
                service,
                revs,
                rollbackProblem: `not rolled back: another deploy owns the service now; the service: ${where}`,
            });
        }
        if (subject.kind === 'verify' || o.rollback === 'none' || inFlight.kind !== 'idle') {
            const where = watched.last ? rollback_describeServiceState(watched.last) : 'unknown';
            // Putting back what a rollback replaced mid-deployment would put back the release it rolled back.
            const why = inFlight.kind === 'stop'
                ? `ECS's rollback put ${(0,packages_ecs/* revisionName */.pd)(target.ref.arn)} back and it is not healthy`
                : inFlight.kind === 'supersede'
                    ? `the service was mid-deployment before this rollback (${inFlight.what}), so it was not put back`
                    : subject.kind === 'verify'
                        ? 'nothing was changed'
                        : 'rollback is off';
            return finish({
                status: 'failed',
                cause,
                service,
                revs,
                rollbackProblem: `${why}; the service was left as it is: ${where}`,
            });
        }
        const started = await rollback_startRollback({
            clients,
            cluster: o.cluster,
            service: o.service,
            strategy: state.strategy,
            previousArn,
            ...(watched.last ? { last: watched.last } : {}),
            subject,
            ...(watched.pausedHookId ? { pausedHookId: watched.pausedHookId } : {}),
            ...(codeDeployId ? { codeDeployId } : {}),
            now: state.now,
            awsNow: state.serverTime.now(),
            ...restoredCount(o, service),
        }).catch((err) => ({ error: (0,aws/* explainAwsError */.Ni)(err).message }));
        if ('error' in started) {
            const where = watched.last ? `; the service: ${rollback_describeServiceState(watched.last)}` : '';
            return finish({
                status: 'failed',
                cause,
                service,
                revs,
                rollbackProblem: `rollback to ${(0,packages_ecs/* revisionName */.pd)(previousArn)} could not start: ${started.error}${where}`,
            });
        }
        state.record('rollback', started.message, 'warning');
        noteRollback(state, started);
        const rollbackDeadline = state.now + o.timeoutSeconds * 1000;
        let back = await watch_watch(state, {
            subject: started.subject,
            mode: 'rollback',
            deadline: rollbackDeadline,
            ...(codeDeployId ? { codeDeployId } : {}),
        });
        // Our own update landing late put the release back: roll back once more (it cannot land twice).
        const late = back.last?.primary;
        if (!back.ok &&
            !back.cancelled &&
            late &&
            late.taskDefinition === subject.taskDefinitionArn &&
            late.createdAt > started.subject.awsStartedAt) {
            state.record('rollback', `${back.cause?.summary ?? 'the release came back'}: rolling back again`, 'warning');
            const again = await rollback_startRollback({
                clients,
                cluster: o.cluster,
                service: o.service,
                strategy: state.strategy,
                previousArn,
                last: back.last,
                subject,
                now: state.now,
                awsNow: state.serverTime.now(),
                ...restoredCount(o, service),
            }).catch(() => undefined);
            if (again) {
                state.record('rollback', again.message, 'warning');
                back = await watch_watch(state, { subject: again.subject, mode: 'rollback', deadline: rollbackDeadline });
            }
        }
        if (back.cancelled) {
            const c = { phase: 'rollback', subject, watched: back, service, revs };
            return finish(await afterCancel(state, { ...c, failure: cause, rollback: started }));
        }
        if (back.ok) {
            state.record('rollback', `rolled back: ${(0,packages_ecs/* revisionName */.pd)(previousArn)} serves again`);
            return finish({ status: 'rolled-back', cause, service, revs, rolledBackBy: started.by });
        }
        const where = back.last
            ? rollback_describeServiceState(back.last)
            : ((await describeServiceNow(clients, o.cluster, o.service)) ?? started.serviceAfter ?? 'unknown');
        return finish({
            status: 'failed',
            cause,
            service,
            revs,
            rolledBackBy: started.by,
            rollbackProblem: `rollback to ${(0,packages_ecs/* revisionName */.pd)(previousArn)} failed too (${back.cause?.summary ?? 'unknown'}); the service now: ${where}`,
        });
    }
    /**
     * Stop the in-flight service deployment with ROLLBACK and wait until ECS has put the target back; the
     * caller then checks it with every gate. Returns the end of the run when that did not happen.
     */
    async stopInFlight(serviceDeploymentArn, what, targetArn) {
        const { state } = this;
        const { o } = state;
        const cancelled = cancelledBeforeChange(state, 'preparing the rollback');
        if (cancelled)
            return { status: 'failed', cause: cancelled };
        await state.deps.clients.ecs.send(new dist_cjs.StopServiceDeploymentCommand({ serviceDeploymentArn, stopType: 'ROLLBACK' }));
        state.shipped = targetArn;
        state.deploymentId = serviceDeploymentArn;
        state.record('rollback', `stopped the in-flight deployment (${what}) with ECS's rollback: it puts ${(0,packages_ecs/* revisionName */.pd)(targetArn)} back`, 'warning');
        const back = await watch_watch(state, {
            subject: {
                kind: 'rollback',
                taskDefinitionArn: targetArn,
                serviceDeploymentArn,
                startedAt: state.now,
                awsStartedAt: state.serverTime.now(),
            },
            mode: 'rollback',
            deadline: state.deadline,
        });
        if (back.ok)
            return undefined;
        const where = back.last
            ? rollback_describeServiceState(back.last)
            : ((await describeServiceNow(state.deps.clients, o.cluster, o.service)) ?? 'unknown');
        return {
            status: 'failed',
            cause: back.cause ?? { gate: 'rollout', summary: 'ECS did not finish its rollback' },
            rollbackProblem: back.cancelled
                ? `the workflow was cancelled; ECS goes on with its rollback to ${(0,packages_ecs/* revisionName */.pd)(targetArn)}; the service: ${where}`
                : `ECS's rollback to ${(0,packages_ecs/* revisionName */.pd)(targetArn)} did not finish; the service: ${where}`,
        };
    }
    /** Alarms named by the user must exist; one already in ALARM is reported before anything changes. */
    async checkAlarmsBeforehand() {
        const { o } = this.state;
        if (!o.alarms.length)
            return undefined;
        const alarms = await describeAlarms(this.state.deps.clients, o.alarms);
        const missing = o.alarms.filter((name) => !alarms.some((a) => a.name === name));
        if (missing.length) {
            throw new inputs/* UserError */.yo('alarms', `no CloudWatch alarm named ${missing.map((m) => `"${m}"`).join(', ')} in ${o.region}`, 'give the names of existing alarms (metric or composite)');
        }
        const firing = alarms.filter((a) => a.state === 'ALARM');
        if (!firing.length)
            return undefined;
        const names = firing.map((a) => a.name).join(', ');
        if (o.alarmsPreexisting === 'wait') {
            this.state.clearingAlarms = new Set(firing.map((a) => a.name));
            this.state.record('alarm', `alarm ${names} already in ALARM: it must clear before the service is called healthy (alarms-preexisting: wait)`, 'warning');
            return undefined;
        }
        if (o.alarmsPreexisting === 'ignore') {
            this.state.ignoredAlarms = new Set(firing.map((a) => a.name));
            this.state.record('alarm', `alarm ${names} already in ALARM before the deploy: ignored (alarms-preexisting: ignore)`, 'warning');
            return undefined;
        }
        this.state.record('alarm', `alarm ${names} already in ALARM before the deploy: nothing was changed`, 'warning');
        return {
            gate: 'alarms',
            summary: `alarm ${firing[0].name} was already in ALARM before the deploy${firing[0].reason ? ` (${firing[0].reason})` : ''}; nothing was changed (set alarms-preexisting: ignore to deploy anyway)`,
            alarmName: firing[0].name,
        };
    }
    /**
     * Wait until no earlier deployment is in flight and no other run holds the service's mark, then mark it
     * for this run; on-busy: fail refuses at once instead, naming what it found. A dry run takes no mark.
     */
    async waitUntilIdle(service, revision) {
        const { state } = this;
        const { o } = state;
        let current = service;
        let waitingFor;
        for (;;) {
            const holder = state.lock
                ? await state.lock.holder().catch((err) => this.noLock(err))
                : undefined;
            // A rollback stops an in-flight deployment instead of waiting for it; another run's mark it waits for.
            const busy = holder
                ? `it is being deployed by ${describeMark(holder, state.serverTime.now())}`
                : o.rollbackOf
                    ? undefined
                    : (0,resolve/* busyWith */.sP)(current);
            if (!busy) {
                // Cancelled already: mark nothing, change nothing.
                const cancelled = cancelledBeforeChange(state, 'preparing the deploy');
                if (cancelled)
                    return { service: current, cause: cancelled };
                if (!state.lock)
                    break;
                const got = await state.lock.acquire(revision);
                if (got.held) {
                    // Saved for the post step: a killed run's mark is removed there instead of waiting to expire.
                    state.deps.progress?.({ serviceArn: current.serviceArn, lockToken: state.lock.token });
                    if (got.tookOverFrom)
                        state.record('info', `the mark left by ${got.tookOverFrom.run} (shipping ${got.tookOverFrom.revision}) had expired: it crashed or was killed; taking over`, 'warning');
                    break;
                }
                if ('unavailable' in got) {
                    this.noLock(got.unavailable);
                    break;
                }
                continue; // Another run marked it at the same moment and won: the next round names it.
            }
            if (o.onBusy === 'fail') {
                throw new inputs/* UserError */.yo('on-busy', `service ${o.service} is busy: ${busy}; nothing was changed`, 'run again when it finishes, or set on-busy: wait');
            }
            const key = holder?.token ?? busy;
            if (waitingFor !== key) {
                waitingFor = key;
                state.record('info', `service ${o.service} is busy: ${busy}; waiting for it to finish (on-busy: wait)`);
            }
            if (state.now >= state.deadline) {
                return {
                    service: current,
                    cause: {
                        gate: 'timeout',
                        summary: `timed out after ${message_duration(o.timeoutSeconds)} waiting: ${busy}; nothing was changed`,
                    },
                };
            }
            await state.deps.clock.sleep(Math.min(o.pollIntervalSeconds * 1000, state.deadline - state.now), state.deps.signal);
            const cancelled = cancelledBeforeChange(state, `waiting for the service (${busy})`);
            if (cancelled)
                return { service: current, cause: cancelled };
            current = await (0,resolve/* resolveService */.Wl)(state.deps.clients, o.cluster, o.service, o.region);
        }
        if (waitingFor)
            state.record('info', `the service is free; it runs ${(0,packages_ecs/* revisionName */.pd)((0,settle/* currentRevision */.h7)(current))}`);
        return { service: current };
    }
    /** The service cannot carry this run's mark: say what that costs, and go on with the other guards. */
    noLock(why) {
        const { state } = this;
        if (!state.lock)
            return undefined;
        state.lock = undefined;
        state.record('info', `could not mark service ${state.o.service} for this run (${why instanceof Error ? why.message : String(why)}): a concurrent deploy from another workflow would not see this one; keep a GitHub concurrency group per service`, 'warning');
        return undefined;
    }
    async updateService(service, taskDefinition, subject) {
        const { o } = this.state;
        const configured = service.deploymentConfiguration?.strategy ?? 'ROLLING';
        const out = await this.state.deps.clients.ecs.send(new dist_cjs.UpdateServiceCommand({
            cluster: o.cluster,
            service: o.service,
            taskDefinition,
            ...(o.desiredCount !== undefined ? { desiredCount: o.desiredCount } : {}),
            ...(o.forceNewDeployment ? { forceNewDeployment: true } : {}),
            ...(configured !== this.state.strategy || o.linear || o.canary
                ? {
                    deploymentConfiguration: {
                        ...service.deploymentConfiguration,
                        strategy: this.state.strategy,
                        ...(o.linear ? { linearConfiguration: o.linear } : {}),
                        ...(o.canary ? { canaryConfiguration: o.canary } : {}),
                    },
                }
                : {}),
        }));
        const updated = out.service;
        const ours = (updated?.deployments ?? [])
            .filter((d) => d.taskDefinition === taskDefinition && d.status === 'PRIMARY')
            .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
        if (ours?.id)
            subject.deploymentId = ours.id;
        // The deployment's own creation time is AWS's clock at the update: better than any estimate.
        if (ours?.createdAt)
            subject.awsStartedAt = ours.createdAt.getTime();
        if (updated?.currentServiceDeployment &&
            updated.currentServiceDeployment !== service.currentServiceDeployment) {
            subject.serviceDeploymentArn = updated.currentServiceDeployment;
        }
        this.state.deploymentId = subject.serviceDeploymentArn ?? subject.deploymentId;
        this.state.shipped = taskDefinition;
        this.state.record('deployment', `updated service ${o.service} to ${(0,packages_ecs/* revisionName */.pd)(taskDefinition)}${o.desiredCount !== undefined ? `, desired count ${o.desiredCount}` : ''}${subject.deploymentId ? ` (deployment ${subject.deploymentId})` : ''}`);
    }
    async startCodeDeploy(service, taskDefinition) {
        const { o } = this.state;
        const application = o.codeDeploy?.application || `AppECS-${o.cluster}-${o.service}`;
        const group = o.codeDeploy?.deploymentGroup || `DgpECS-${o.cluster}-${o.service}`;
        const appSpec = o.codeDeploy?.appSpecPath
            ? await readAppSpec(o.codeDeploy.appSpecPath, o.fileRoots)
            : undefined;
        const id = await createCodeDeployment(this.state.deps.clients, application, group, appSpecContent(appSpec, service, taskDefinition));
        this.state.record('deployment', `created CodeDeploy deployment ${id} (${application} / ${group}) for ${(0,packages_ecs/* revisionName */.pd)(taskDefinition)}`);
        return id;
    }
}
/**
 * Settings that only make sense with some strategies, checked before anything changes: a test URL needs
 * a PAUSE hook that holds green with test traffic only (otherwise the test would be skipped, or run after
 * production traffic moved), and step or canary settings need their strategy.
 */
function checkStrategySettings(o, strategy, service) {
    if (o.linear && strategy !== 'LINEAR') {
        throw new inputs/* UserError */.yo('step-percent', `applies to strategy LINEAR, and this deploy uses ${strategy}`, 'set strategy: LINEAR, or leave step-percent and step-bake-time out');
    }
    if (o.canary && strategy !== 'CANARY') {
        throw new inputs/* UserError */.yo('canary-percent', `applies to strategy CANARY, and this deploy uses ${strategy}`, 'set strategy: CANARY, or leave canary-percent and canary-bake-time out');
    }
    const configured = service.deploymentConfiguration;
    if (strategy === 'LINEAR' && !o.linear && !configured?.linearConfiguration) {
        throw new inputs/* UserError */.yo('step-percent', `service ${o.service} has no linearConfiguration and none was given`, 'set step-percent (e.g. 25) and step-bake-time (e.g. 2m)');
    }
    if (strategy === 'CANARY' && !o.canary && !configured?.canaryConfiguration) {
        throw new inputs/* UserError */.yo('canary-percent', `service ${o.service} has no canaryConfiguration and none was given`, 'set canary-percent (e.g. 10) and canary-bake-time (e.g. 5m)');
    }
    if (!o.testCheck)
        return;
    if (!watch_STAGED.has(strategy)) {
        throw new inputs/* UserError */.yo('test-url', `is checked while green takes test traffic only, and strategy ${strategy} has no test traffic`, 'use strategy BLUE_GREEN, LINEAR or CANARY with a test listener rule, or leave test-url out');
    }
    const holds = (configured?.lifecycleHooks ?? []).some((h) => h.targetType === 'PAUSE' && (h.lifecycleStages ?? []).some((s) => TEST_HOOK_STAGES.includes(s)));
    if (!holds) {
        throw new inputs/* UserError */.yo('test-url', `service ${o.service} has no PAUSE lifecycle hook at ${TEST_HOOK_STAGES.join(' or ')}, so production traffic would move before test-url is checked; nothing was changed`, 'add a hook to the service\'s deploymentConfiguration.lifecycleHooks: { "targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"] }, or leave test-url out');
    }
}

;// CONCATENATED MODULE: ./packages/deploy/index.ts
/**
 * The deploy engine: update an ECS service and watch it with gates, rolling back on failure. The ECS pieces
 * it shares with run-task and rollback live in packages/ecs.
 */







/***/ }),

/***/ 2052:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wl: () => (/* binding */ resolveService),
/* harmony export */   _f: () => (/* binding */ resolveStrategy),
/* harmony export */   sP: () => (/* binding */ busyWith)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(212);
/* harmony import */ var _inputs_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61);
/* harmony import */ var _ecs_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4235);
/** Find the service and say plainly why it cannot be deployed to, before anything changes. */



async function resolveService(clients, cluster, name, region) {
    let services;
    let failures;
    try {
        ({ services, failures } = await clients.ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__.DescribeServicesCommand({ cluster, services: [name] })));
    }
    catch (err) {
        throw (0,_ecs_index_js__WEBPACK_IMPORTED_MODULE_1__/* .clusterError */ .Fs)(err, cluster, region);
    }
    const service = services?.find((s) => s.serviceName === name || s.serviceArn === name) ?? services?.[0];
    if (!service || failures?.some((f) => f.reason === 'MISSING')) {
        throw new _inputs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('service', `there is no service "${name}" in cluster ${cluster} (${region})`, 'check the service name, the cluster and aws-region');
    }
    if (service.status === 'INACTIVE' || service.status === 'DRAINING') {
        throw new _inputs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('service', `service ${name} in cluster ${cluster} is ${service.status} (being deleted or deleted)`, 'deploy to an ACTIVE service, or recreate this one');
    }
    if (service.deploymentController?.type === 'EXTERNAL') {
        throw new _inputs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('service', `service ${name} uses the EXTERNAL deployment controller, whose task sets another tool manages`, 'deploy it with that tool, or switch the service to the ECS or CODE_DEPLOY controller');
    }
    return service;
}
/** The strategy this deploy follows: CodeDeploy services always use CodeDeploy; `auto` follows the service. */
function resolveStrategy(choice, service) {
    const configured = (service.deploymentConfiguration?.strategy ?? 'ROLLING');
    if (service.deploymentController?.type === 'CODE_DEPLOY') {
        if (choice !== 'auto') {
            throw new _inputs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('strategy', `service ${service.serviceName} is deployed by CodeDeploy, so strategy ${choice} cannot apply`, 'leave strategy at auto for CODE_DEPLOY services');
        }
        return 'CODE_DEPLOY';
    }
    if (choice === 'auto')
        return configured;
    if (choice !== 'ROLLING' &&
        !service.loadBalancers?.some((lb) => lb.advancedConfiguration?.alternateTargetGroupArn)) {
        throw new _inputs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('strategy', `${choice} needs a load balancer with an alternate target group (loadBalancers[].advancedConfiguration), which service ${service.serviceName} does not have`, 'configure blue/green on the service first, or use strategy ROLLING');
    }
    return choice;
}
/**
 * Whether ECS is still busy with an earlier deployment, and with what, in words: since when, and how many
 * of its tasks failed, so that one left in flight by a cancelled or crashed run reads as such.
 */
function busyWith(service) {
    const deployments = service.deployments ?? [];
    const rolling = deployments.find((d) => d.rolloutState === 'IN_PROGRESS');
    if (rolling) {
        // No clock-relative words or counts: the text is compared between polls to tell a new holdup from the same one.
        const when = rolling.createdAt ? `, started ${utc(rolling.createdAt)}` : '';
        const failures = (rolling.failedTasks ?? 0) > 0 ? ', with failed tasks' : '';
        return `deployment ${rolling.id} (${rolling.taskDefinition?.split('/').pop()}) is ${rolling.status === 'PRIMARY' ? 'rolling out' : 'draining'}${when}${failures}`;
    }
    if (deployments.length > 1)
        return `${deployments.length} deployments are active`;
    const sets = service.taskSets ?? [];
    if (sets.length > 1)
        return `${sets.length} task sets are active (a CodeDeploy deployment is in progress)`;
    return undefined;
}
/** `2026-05-01 10:00:05 UTC`. */
function utc(at) {
    return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}


/***/ }),

/***/ 3349:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ZP: () => (/* binding */ settleRevision),
/* harmony export */   h7: () => (/* binding */ currentRevision)
/* harmony export */ });
/* unused harmony export RESTORED_FROM_TAG */
/* harmony import */ var _ecs_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4235);
/* harmony import */ var _history_marks_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2495);
/* harmony import */ var _inputs_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61);
/* harmony import */ var _task_definition_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9944);




/** The revision a service runs now (for CodeDeploy services, the primary task set's). */
function currentRevision(service) {
    const arn = service.taskDefinition ??
        service.taskSets?.find((s) => s.status === 'PRIMARY')?.taskDefinition ??
        service.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition;
    if (!arn)
        throw new Error(`service ${service.serviceName} has no task definition`);
    return arn;
}
async function settleRevision(state, service, loaded) {
    const { o, revisions } = state;
    const previousArn = currentRevision(service);
    const running = await revisions.find(previousArn);
    if (!running)
        throw new Error(`ECS could not describe ${previousArn}, the revision service ${o.service} runs`);
    const previous = running.info;
    if (o.taskDefinition.kind === 'revision') {
        const found = o.rollbackOf?.allowInactive ? await revisions.find(o.taskDefinition.ref) : undefined;
        if (found?.td.status === 'INACTIVE')
            return restoreInactive(state, found, running, previousArn);
        const ref = o.taskDefinition.ref;
        const chosen = found ??
            (await revisions.require(ref, o.rollbackOf ? 'to' : 'task-definition').catch((err) => {
                // `previous` names no family here: going back is the rollback action's job, and it knows which.
                if (!o.rollbackOf && /^(previous|last|rollback)$/i.test(ref) && err instanceof _inputs_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo) {
                    throw new _inputs_index_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo('task-definition', `ECS has no task definition family "${ref}" in ${o.region}`, 'to go back to the last revision that passed its gates, use the rollback action (`uses: …/actions/rollback@v1` with `to: previous`); to deploy a revision give family:revision');
                }
                throw err;
            }));
        state.record('info', o.rollbackOf
            ? `rolling back from ${(0,_ecs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .revisionName */ .pd)(previousArn)} to ${(0,_ecs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .revisionName */ .pd)(chosen.info.ref.arn)} (${o.rollbackOf.how})`
            : `deploying existing revision ${(0,_ecs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .revisionName */ .pd)(chosen.info.ref.arn)} (previous: ${(0,_ecs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .revisionName */ .pd)(previousArn)})`);
        return {
            previous,
            target: chosen.info,
            registered: false,
            changes: (0,_task_definition_index_js__WEBPACK_IMPORTED_MODULE_3__/* .diffTaskDefinitions */ .n2)(running.td, chosen.td),
        };
    }
    const file = loaded ??
        (await (0,_task_definition_index_js__WEBPACK_IMPORTED_MODULE_3__/* .loadTaskDefinitionFile */ .bs)(o.taskDefinition.path, 'task-definition', {
            ...(o.fileRoots ? { roots: o.fileRoots } : {}),
        }));
    const changes = (0,_task_definition_index_js__WEBPACK_IMPORTED_MODULE_3__/* .diffTaskDefinitions */ .n2)(running.td, file.taskDefinition);
    const settled = await revisions.settle(file, o.tags, running);
    if (settled.kind === 'existing') {
        state.record('info', `${settled.reason} (previous: ${(0,_ecs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .revisionName */ .pd)(previousArn)})`);
        return { previous, target: settled.described.info, registered: false, changes };
    }
    if (o.dryRun) {
        state.log.info(`dry run: would register a new revision of ${file.taskDefinition.family} (${changes.length} change(s))`);
        return { previous, registered: true, changes };
    }
    const registered = await revisions.register(settled);
    if (registered.recovered)
        state.record('info', registered.recovered, 'warning');
    state.record('info', `registered ${(0,_ecs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .revisionName */ .pd)(registered.info.ref.arn)} (previous: ${(0,_ecs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .revisionName */ .pd)(previousArn)})`);
    return { previous, target: registered.info, registered: true, changes };
}
/** The tag a re-registered copy of a deregistered revision carries: which revision it restores. */
const RESTORED_FROM_TAG = 'ecs-deploy:restored-from';
/**
 * A rollback to a deregistered (INACTIVE) revision with allow-inactive: ECS does not update a service to an
 * INACTIVE revision, so its content is registered again as a new ACTIVE revision (the family's latest, when
 * identical, is reused) carrying the old one's tags and the revision it restores. Its verdicts stay behind:
 * the copy earns its own.
 */
async function restoreInactive(state, inactive, running, previousArn) {
    const { o, revisions } = state;
    const old = (0,_ecs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .revisionName */ .pd)(inactive.info.ref.arn);
    const file = {
        taskDefinition: (0,_task_definition_index_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeForRegister */ .Ae)(inactive.td),
        tags: [
            ...inactive.tags.filter((t) => !(0,_history_marks_js__WEBPACK_IMPORTED_MODULE_1__/* .isVerdictKey */ .ZM)(t.key) && t.key !== RESTORED_FROM_TAG),
            { key: RESTORED_FROM_TAG, value: old },
        ],
    };
    delete file.taskDefinition.tags;
    const changes = (0,_task_definition_index_js__WEBPACK_IMPORTED_MODULE_3__/* .diffTaskDefinitions */ .n2)(running.td, file.taskDefinition);
    const settled = await revisions.settle(file, [], running);
    if (settled.kind === 'existing') {
        state.record('info', `${old} is INACTIVE: ${settled.reason}`);
        return { previous: running.info, target: settled.described.info, registered: false, changes };
    }
    if (o.dryRun) {
        state.record('info', `dry run: ${old} is INACTIVE; would register its content again (allow-inactive)`);
        return { previous: running.info, registered: true, changes };
    }
    const registered = await revisions.register(settled);
    state.record('info', `${old} is INACTIVE and ECS updates no service to it: registered its content again as ${(0,_ecs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .revisionName */ .pd)(registered.info.ref.arn)} (allow-inactive; previous: ${(0,_ecs_index_js__WEBPACK_IMPORTED_MODULE_0__/* .revisionName */ .pd)(previousArn)})`, 'warning');
    return { previous: running.info, target: registered.info, registered: true, changes };
}


/***/ }),

/***/ 4235:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  vu: () => (/* reexport */ Poller),
  hc: () => (/* reexport */ Revisions),
  Fh: () => (/* reexport */ ServerTime),
  Kf: () => (/* reexport */ Timeline),
  mc: () => (/* reexport */ attachLogTail),
  Fs: () => (/* reexport */ clusterError),
  FM: () => (/* reexport */ isFailedTask),
  H8: () => (/* reexport */ refOf),
  JY: () => (/* reexport */ releaseLogs),
  zO: () => (/* reexport */ reportTimes),
  pd: () => (/* reexport */ revisionName),
  p5: () => (/* reexport */ servingTasks),
  f7: () => (/* reexport */ taskFailureCause),
  vV: () => (/* reexport */ taskView),
  u5: () => (/* reexport */ writeReport)
});

// UNUSED EXPORTS: LOG_TAIL_LINES, logLocationOf, readLogLines, redact, revisionInfo, shortArn, streamName

// EXTERNAL MODULE: ./packages/inputs/index.ts + 5 modules
var inputs = __webpack_require__(61);
;// CONCATENATED MODULE: ./packages/ecs/cluster.ts

/** An ECS error to throw: ClusterNotFoundException becomes a UserError naming the `cluster` input. */
function clusterError(err, cluster, region) {
    if (err instanceof Error && err.name === 'ClusterNotFoundException') {
        return new inputs/* UserError */.yo('cluster', `there is no ECS cluster "${cluster}" in ${region}`, 'check the cluster name and aws-region');
    }
    return err;
}

;// CONCATENATED MODULE: ./packages/ecs/task-view.ts
/**
 * A DescribeTasks task as gates see it. `info` is the task's revision (which containers are essential, whether
 * one has a health check); without it every container counts as essential. `now` stands in for a missing
 * createdAt.
 */
function taskView(task, info, now) {
    const ip = task.attachments?.flatMap((a) => a.details ?? []).find((d) => d.name === 'privateIPv4Address')?.value ??
        task.containers?.flatMap((c) => c.networkInterfaces ?? []).find((n) => n.privateIpv4Address)
            ?.privateIpv4Address;
    return {
        arn: task.taskArn ?? '',
        id: shortArn(task.taskArn ?? ''),
        taskDefinitionArn: task.taskDefinitionArn ?? '',
        lastStatus: task.lastStatus ?? 'PROVISIONING',
        ...(task.desiredStatus ? { desiredStatus: task.desiredStatus } : {}),
        ...(task.healthStatus ? { healthStatus: task.healthStatus } : {}),
        healthChecked: info?.healthChecked ?? false,
        ...(task.startedBy ? { startedBy: task.startedBy } : {}),
        createdAt: task.createdAt?.getTime() ?? now,
        ...(task.startedAt ? { startedAt: task.startedAt.getTime() } : {}),
        ...(task.stopCode ? { stopCode: task.stopCode } : {}),
        ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
        containers: (task.containers ?? []).map((c) => ({
            name: c.name ?? '',
            ...(c.lastStatus ? { lastStatus: c.lastStatus } : {}),
            ...(c.exitCode !== undefined && c.exitCode !== null ? { exitCode: c.exitCode } : {}),
            ...(c.reason ? { reason: c.reason } : {}),
            essential: info ? info.essential.has(c.name ?? '') : true,
        })),
        ...(ip ? { ip } : {}),
    };
}
/** Tasks of the release that are RUNNING and, where a container health check exists, HEALTHY. */
function servingTasks(tasks) {
    return tasks.filter((t) => t.lastStatus === 'RUNNING' &&
        t.desiredStatus !== 'STOPPED' &&
        (t.healthChecked ? t.healthStatus === 'HEALTHY' : t.healthStatus !== 'UNHEALTHY'));
}
function shortArn(arn) {
    return arn.slice(arn.lastIndexOf('/') + 1);
}
const FAILED_STOP_CODES = new Set(['EssentialContainerExited', 'TaskFailedToStart']);
const HEALTH_STOP = /health ?check/i;
/** Whether a stopped task stopped because it failed (not because a deployment scaled it in). */
function isFailedTask(task) {
    if (task.lastStatus !== 'STOPPED' && task.desiredStatus !== 'STOPPED')
        return false;
    if (task.stopCode && FAILED_STOP_CODES.has(task.stopCode))
        return true;
    return HEALTH_STOP.test(task.stoppedReason ?? '');
}
function taskFailureCause(task, obs) {
    const target = HEALTH_STOP.test(task.stoppedReason ?? '')
        ? obs?.unhealthyTargets.find((t) => t.taskArn === task.arn)
        : undefined;
    if (target) {
        const reason = [task.stopCode, task.stoppedReason].filter(Boolean).join(': ');
        return {
            gate: 'target-health',
            summary: `target ${target.id}${target.port ? `:${target.port}` : ''} of task ${task.id} was unhealthy${target.reason ? ` (${target.reason})` : ''}${target.description ? `: ${target.description}` : ''}; ECS stopped the task (${reason})`,
            taskArn: task.arn,
            targetGroupArn: target.targetGroupArn,
            ...(target.reason ? { targetHealthReason: target.reason } : {}),
            ...(target.description ? { targetHealthDescription: target.description } : {}),
            ...(task.stopCode ? { stopCode: task.stopCode } : {}),
            ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
        };
    }
    const culprit = task.containers.find((c) => c.essential && c.exitCode !== undefined && c.exitCode !== 0) ??
        task.containers.find((c) => c.essential && c.reason) ??
        task.containers.find((c) => c.exitCode !== undefined && c.exitCode !== 0);
    const what = culprit
        ? culprit.exitCode !== undefined
            ? `container ${culprit.name} exited with code ${culprit.exitCode}`
            : `container ${culprit.name} failed: ${culprit.reason}`
        : `task ${task.id} stopped`;
    const reason = [task.stopCode, task.stoppedReason].filter(Boolean).join(': ');
    return {
        gate: 'tasks',
        summary: `${what}${reason ? ` (${reason})` : ''}`,
        taskArn: task.arn,
        ...(culprit ? { container: culprit.name } : {}),
        ...(culprit?.exitCode !== undefined ? { exitCode: culprit.exitCode } : {}),
        ...(task.stopCode ? { stopCode: task.stopCode } : {}),
        ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
    };
}

;// CONCATENATED MODULE: ./packages/ecs/logs.ts

const LOG_TAIL_LINES = 20;
/** Shorter values (`1`, `on`, `80`) would shred every line they occur in, and are not secrets. */
const MIN_REDACTED_LENGTH = 4;
function redact(text, values) {
    let out = text;
    const secrets = [...new Set(values.filter((v) => v.length >= MIN_REDACTED_LENGTH))].sort((a, b) => b.length - a.length);
    for (const value of secrets)
        out = out.split(value).join('***');
    return out;
}
/** awslogs stream name of a task's container: `prefix/container/task-id`. */
function streamName(prefix, container, taskArn) {
    return `${prefix}/${container}/${shortArn(taskArn)}`;
}
/** The last `count` events of a log stream, one line each, redacted; throws what CloudWatch Logs throws. */
async function readLogLines(logs, logGroup, logStream, count, redactValues) {
    const { GetLogEventsCommand } = await __webpack_require__.e(/* import() */ 303).then(__webpack_require__.t.bind(__webpack_require__, 2684, 19));
    const out = await logs.send(new GetLogEventsCommand({
        logGroupName: logGroup,
        logStreamName: logStream,
        limit: count,
        startFromHead: false,
    }));
    return (out.events ?? [])
        .slice(-count)
        .map((e) => redact((e.message ?? '').replace(/\r?\n$/, ''), redactValues));
}
/** Where a container's log is: the one named, else an essential container's, else the first. */
function logLocationOf(info, container) {
    const logs = info?.logs ?? [];
    return (logs.find((l) => l.container === container) ??
        logs.find((l) => info.essential.has(l.container)) ??
        logs[0]);
}
/**
 * Fill in the cause's log group, stream and last lines. A log that cannot be read is a warning, never a
 * second failure; a stream that does not exist (the task never started) gives no lines.
 */
async function attachLogTail(cause, req) {
    const location = logLocationOf(req.info, req.container);
    if (!location?.streamPrefix)
        return;
    const stream = streamName(location.streamPrefix, location.container, req.taskArn);
    cause.logGroup = location.logGroup;
    cause.logStream = stream;
    const count = req.count ?? LOG_TAIL_LINES;
    if (count === 0)
        return;
    try {
        const client = await req.logsFor(location.region ?? req.region);
        cause.logLines = await readLogLines(client, location.logGroup, stream, count, req.redactValues);
    }
    catch (err) {
        if (err instanceof Error && err.name === 'ResourceNotFoundException') {
            cause.logLines = [];
            return;
        }
        req.log.warning(`could not read the log of task ${shortArn(req.taskArn)} (${location.logGroup} ${stream}): ${err instanceof Error ? err.message : String(err)}`);
    }
}

;// CONCATENATED MODULE: ./packages/ecs/poller.ts
/**
 * Adaptive polling pace. Right after something changed the next round comes quickly; while nothing changes
 * the pace slows to one ECS read per base interval, and no round starts while the steady reads of the
 * trailing minute plus its own would exceed 60 s / base (12 a minute with the default 5 s base).
 */
class Poller {
    baseMs;
    delayMs;
    /** When each ECS read of the trailing minute was made. */
    reads = [];
    constructor(baseMs) {
        this.baseMs = baseMs;
        this.delayMs = this.quickMs;
    }
    /** The pace while things change: a rollout step rarely settles faster than this. */
    get quickMs() {
        return Math.max(100, Math.round(this.baseMs * 0.4));
    }
    /** ECS reads allowed in any minute of steady waiting. */
    get budget() {
        return Math.max(1, Math.floor(60_000 / this.baseMs));
    }
    /**
     * Delay before the next round, given when this round ran, whether it saw a change and how many ECS reads
     * it made (the next round is assumed to need as many).
     */
    next(now, changed, ecsReads) {
        if (changed) {
            // Steady waiting starts afresh: a burst of reads while things changed must not delay the next look.
            this.reads.length = 0;
            this.delayMs = this.quickMs;
            return this.delayMs;
        }
        for (let i = 0; i < ecsReads; i++)
            this.reads.push(now);
        while (this.reads.length && this.reads[0] <= now - 60_000)
            this.reads.shift();
        this.delayMs = Math.min(this.baseMs, this.delayMs * 1.5);
        let delay = this.delayMs * Math.max(1, ecsReads);
        const excess = this.reads.length + ecsReads - this.budget;
        if (excess > 0) {
            // Wait until enough of the trailing minute's reads have left the window.
            const leaves = this.reads[Math.min(excess, this.reads.length) - 1] + 60_000;
            delay = Math.max(delay, leaves - now);
        }
        return delay;
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./packages/ecs/report.ts
/** Pieces of the JSON report that every action assembles the same way, and where it is written. */



/** The revision's awslogs locations, with the streams of the given tasks. */
function releaseLogs(info, taskArns) {
    const arns = [...taskArns];
    return (info?.logs ?? []).map((l) => ({
        ...l,
        logStreams: l.streamPrefix ? arns.map((t) => streamName(l.streamPrefix, l.container, t)) : [],
    }));
}
/** Start, end and whole seconds between, as the report keeps them; a run still going has no end. */
function reportTimes(startedAt, now, finished = true) {
    return {
        startedAt: new Date(startedAt).toISOString(),
        ...(finished ? { finishedAt: new Date(now).toISOString() } : {}),
        durationSeconds: Math.round((now - startedAt) / 1000),
    };
}
/** Write the report as `deploy-report-<cluster>-<service>-<time>.json` under `dir`; returns its path. */
async function writeReport(dir, report) {
    await (0,promises_.mkdir)(dir, { recursive: true });
    const stamp = report.startedAt.replace(/[:.]/g, '-');
    const safe = (s) => s.replace(/[^A-Za-z0-9_-]/g, '_');
    const path = (0,external_node_path_.join)(dir, `deploy-report-${safe(report.cluster)}-${safe(report.service)}-${stamp}.json`);
    await (0,promises_.writeFile)(path, `${JSON.stringify(report, null, 2)}\n`);
    return path;
}

;// CONCATENATED MODULE: ./packages/ecs/revision.ts
function revisionInfo(td, region) {
    const arn = td.taskDefinitionArn ?? '';
    const containers = td.containerDefinitions ?? [];
    return {
        ref: refOf(arn, td),
        healthChecked: containers.some((c) => (c.healthCheck?.command?.length ?? 0) > 0),
        essential: new Set(containers.filter((c) => c.essential !== false).map((c) => c.name ?? '')),
        images: Object.fromEntries(containers.map((c) => [c.name ?? '', c.image ?? ''])),
        logs: containers.flatMap((c) => {
            const options = c.logConfiguration?.logDriver === 'awslogs' ? c.logConfiguration.options : undefined;
            const group = options?.['awslogs-group'];
            if (!group)
                return [];
            return [
                {
                    container: c.name ?? '',
                    logGroup: group,
                    ...(options['awslogs-stream-prefix'] ? { streamPrefix: options['awslogs-stream-prefix'] } : {}),
                    logStreams: [],
                    region: options['awslogs-region'] ?? region,
                },
            ];
        }),
        environmentValues: containers.flatMap((c) => (c.environment ?? []).map((e) => e.value ?? '')),
    };
}
function refOf(arn, td) {
    const [family, revision] = revisionName(arn).split(':');
    return { arn, family: td?.family ?? family ?? '', revision: td?.revision ?? Number(revision ?? 0) };
}
/** `family:revision` of a task-definition ARN (or the text itself when it is not an ARN). */
function revisionName(arn) {
    if (!arn)
        return '(none)';
    return arn.includes(':task-definition/') ? arn.slice(arn.indexOf(':task-definition/') + 17) : arn;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./packages/aws/index.ts + 3 modules
var aws = __webpack_require__(4006);
// EXTERNAL MODULE: ./packages/task-definition/index.ts + 6 modules
var task_definition = __webpack_require__(9944);
;// CONCATENATED MODULE: ./packages/ecs/revisions.ts
/**
 * Task-definition revisions as deploy, run-task and rollback use them: describe a reference (one wording
 * when ECS does not know it), find the family's latest ACTIVE revision, settle a file against what is
 * registered (reuse an identical revision, register only when the content differs), and register.
 */





/** Registrations tried in all when an attempt fails for a reason worth another try. */
const REGISTER_ATTEMPTS = 4;
/** Wait before looking again after a failed registration, doubled each time (2 s, 4 s, 8 s). */
const REGISTER_BACKOFF_MS = 2_000;
/**
 * Throttling proves nothing landed, and a fleet deploying at once meets it for sure: ECS's
 * task-definition modify bucket holds 20 and refills at 1 a second, so 50 services registering together
 * need about half a minute. Throttled attempts do not count against REGISTER_ATTEMPTS; they go on, with
 * jittered waits of at most THROTTLED_BACKOFF_MAX_MS, for up to this long in all.
 */
const THROTTLED_PATIENCE_MS = 120_000;
const THROTTLED_BACKOFF_MAX_MS = 16_000;
const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * RegisterTaskDefinition with the SDK's retry step removed for this one command. A retry after a lost
 * answer registers a second, identical revision; register() decides itself whether to try again. Overriding
 * the step by name on the command leaves the client, shared with every other call and carrying our
 * error-naming middleware, as it is; a second client would have to be rebuilt from a resolved config.
 */
function registerOnce(input) {
    const command = new dist_cjs.RegisterTaskDefinitionCommand(input);
    command.middlewareStack.add((next) => (args) => next(args), {
        name: 'retryMiddleware',
        tags: ['RETRY'],
        step: 'finalizeRequest',
        priority: 'high',
        override: true,
    });
    return command;
}
/** Count our own attempts where the SDK's retry step would have, so the error can say how often it tried. */
function withAttempts(err, attempts) {
    const e = err;
    if (e && typeof e === 'object' && e.$operation)
        e.$metadata = { ...e.$metadata, attempts };
    return err;
}
/** Equal tag sets, whatever the order; `aws:` keys are AWS's own and not compared. */
function sameTags(a, b) {
    const key = (tags) => tags
        .filter((t) => !(t.key ?? '').startsWith('aws:'))
        .map((t) => `${t.key}\u0000${t.value}`)
        .sort()
        .join('\u0001');
    return key(a) === key(b);
}
class Revisions {
    ecs;
    region;
    sleep;
    random;
    known = new Map();
    constructor(ecs, region, sleep = realSleep, 
    /** Jitter for throttled retries (0..1): processes throttled together must not retry together. */
    random = Math.random) {
        this.ecs = ecs;
        this.region = region;
        this.sleep = sleep;
        this.random = random;
    }
    /** What the watch knows of a revision described or registered in this run. */
    info(arn) {
        return this.known.get(arn);
    }
    remember(td, tags) {
        const info = revisionInfo(td, this.region);
        if (info.ref.arn)
            this.known.set(info.ref.arn, info);
        return { td, tags, info };
    }
    /** DescribeTaskDefinition with tags; undefined when ECS does not know the reference (a ClientException). */
    async find(ref) {
        try {
            const out = await this.ecs.send(new dist_cjs.DescribeTaskDefinitionCommand({ taskDefinition: ref, include: ['TAGS'] }));
            if (!out.taskDefinition)
                return undefined;
            return this.remember(out.taskDefinition, (out.tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' })));
        }
        catch (err) {
            if (err instanceof Error && err.name === 'ClientException')
                return undefined;
            throw err;
        }
    }
    /** A revision the user named: unknown or deregistered (INACTIVE) is their mistake, said the same way everywhere. */
    async require(ref, input) {
        const found = await this.find(ref);
        if (!found)
            throw (0,task_definition/* noSuchTaskDefinition */.ZS)(ref, this.region, input);
        if (found.td.status === 'INACTIVE') {
            throw new inputs/* UserError */.yo(input, `task definition ${revisionName(found.info.ref.arn)} is INACTIVE (deregistered): ECS starts no new tasks of it`, 'give an ACTIVE revision, or register it again from its file');
        }
        return found;
    }
    /** The family's latest ACTIVE revision; none for a family ECS does not know. */
    latest(family) {
        return this.find(family);
    }
    /**
     * Settle a file: reuse `running` (the service's revision) or the family's latest ACTIVE revision when
     * either has the same content, else it must be registered with the file's tags plus `runTags` for keys
     * the file does not set.
     */
    async settle(file, runTags, running) {
        const same = (d) => (0,task_definition/* sameContent */.Cm)(d.td, file.taskDefinition, { ignoreTags: true });
        if (running && same(running)) {
            return {
                kind: 'existing',
                described: running,
                reason: `task definition is identical to the running ${revisionName(running.info.ref.arn)}: reusing it, no new revision`,
            };
        }
        const latest = await this.latest(file.taskDefinition.family);
        if (latest && latest.td.status !== 'INACTIVE' && same(latest)) {
            return {
                kind: 'existing',
                described: latest,
                reason: `reusing ${revisionName(latest.info.ref.arn)}, the family's latest revision, identical to the file`,
            };
        }
        // This run's traceability tags (git sha, run) win over a file's: a file copied from an older revision
        // must not make the new one claim the old commit, which rollback by sha would then find.
        const runKeys = new Set(runTags.filter((t) => (0,task_definition/* isTraceabilityTag */.OU)(t.key ?? '')).map((t) => t.key));
        const kept = file.tags.filter((t) => !runKeys.has(t.key));
        const keys = new Set(kept.map((t) => t.key));
        const tags = [...kept, ...runTags.filter((t) => !keys.has(t.key))];
        return { kind: 'register', file, tags, ...(latest ? { latest } : {}) };
    }
    /**
     * Register exactly one revision. Each attempt is sent once (no SDK retry). When one fails for a reason
     * worth another try, wait; then, unless the failure proves nothing happened (throttled, unreachable),
     * look at the family's latest revision first: a lost answer may hide a registration that landed, and an
     * identical revision with the same tags that was not there before is that one, so it is reused.
     */
    async register(settlement) {
        const { file, tags } = settlement;
        const input = { ...file.taskDefinition, ...(tags.length ? { tags } : {}) };
        let throttledFor = 0;
        let throttles = 0;
        for (let attempt = 1, sent = 1;; sent++) {
            try {
                const out = await this.ecs.send(registerOnce(input));
                if (!out.taskDefinition?.taskDefinitionArn)
                    throw new Error('RegisterTaskDefinition returned no task definition');
                return this.remember(out.taskDefinition, tags);
            }
            catch (err) {
                const kind = (0,aws/* failureKind */.zU)(err);
                if (kind === 'throttled') {
                    // Full jitter on a doubling step: 2, 4, 8, 16, 16… seconds at most.
                    throttles++;
                    const step = Math.min(THROTTLED_BACKOFF_MAX_MS, REGISTER_BACKOFF_MS * 2 ** (throttles - 1));
                    const wait = Math.max(REGISTER_BACKOFF_MS / 2, Math.round(step * this.random()));
                    if (throttledFor + wait > THROTTLED_PATIENCE_MS)
                        throw withAttempts(err, sent);
                    throttledFor += wait;
                    await this.sleep(wait);
                    continue;
                }
                if (!kind || attempt >= REGISTER_ATTEMPTS)
                    throw withAttempts(err, sent);
                // A timed-out call can still land after we gave up on it: the wait gives it time to show.
                await this.sleep(REGISTER_BACKOFF_MS * 2 ** (attempt - 1));
                attempt++;
                if (kind === 'unreachable')
                    continue;
                // When we cannot tell whether it landed, fail with the registration's error rather than risk a twin.
                const landed = await this.latest(file.taskDefinition.family).catch(() => {
                    throw err;
                });
                if (landed && this.landedFrom(landed, settlement)) {
                    landed.recovered = `RegisterTaskDefinition's answer was lost (${kind}); ${revisionName(landed.info.ref.arn)}, which it registered, is reused`;
                    return landed;
                }
            }
        }
    }
    /** The revision a lost registration made: new since settling, ACTIVE, same content and same tags. */
    landedFrom(landed, settlement) {
        const before = settlement.latest?.td.revision ?? 0;
        return ((landed.td.revision ?? 0) > before &&
            landed.td.status !== 'INACTIVE' &&
            (0,task_definition/* sameContent */.Cm)(landed.td, settlement.file.taskDefinition, { ignoreTags: true }) &&
            sameTags(landed.tags, settlement.tags));
    }
}

;// CONCATENATED MODULE: ./packages/ecs/server-time.ts
class ServerTime {
    localNow;
    offsetMs = 0;
    known = false;
    /** The latest timestamp seen in a response body, and the local time it was seen at. */
    floor = 0;
    floorSeenAt = 0;
    constructor(localNow) {
        this.localNow = localNow;
    }
    /**
     * AWS's current time, estimated from the last response's Date header, and never earlier than the newest
     * timestamp AWS has reported (an event or task cannot come from the future).
     */
    now() {
        const local = this.localNow();
        return Math.max(local + this.offsetMs, this.floor + (local - this.floorSeenAt));
    }
    /** A timestamp from a response body (event, task, deployment update). */
    saw(timestamp) {
        if (timestamp !== undefined && timestamp > this.floor) {
            this.floor = timestamp;
            this.floorSeenAt = this.localNow();
        }
    }
    get synced() {
        return this.known;
    }
    observe(dateHeader) {
        const at = dateHeader ? Date.parse(dateHeader) : NaN;
        if (Number.isNaN(at))
            return;
        // The header has whole seconds: keep the offset unless it moved by more than that rounding.
        const offset = at - this.localNow();
        if (!this.known || Math.abs(offset - this.offsetMs) > 1000)
            this.offsetMs = offset;
        this.known = true;
    }
    /** Read the `Date` header of every response the client receives. */
    track(client) {
        client.middlewareStack.add((next) => async (args) => {
            const result = (await next(args));
            this.observe(result.response?.headers?.date);
            return result;
        }, { step: 'deserialize', name: 'ecsDeployActionsServerTime', override: true });
        return client;
    }
}

;// CONCATENATED MODULE: ./packages/ecs/timeline.ts
/** State changes of a run: each is one log line and one timeline entry of the report, in the same words. */
class Timeline {
    clock;
    log;
    entries = [];
    constructor(clock, log) {
        this.clock = clock;
        this.log = log;
    }
    record(kind, message, level = 'info') {
        this.entries.push({ at: new Date(this.clock.now()).toISOString(), kind, message });
        this.log[level](message);
    }
}

;// CONCATENATED MODULE: ./packages/ecs/index.ts
/**
 * The ECS room deploy, run-task and rollback stand on: revisions (describe, settle, register), task views
 * and why a task failed, polling pace, AWS's clock, log tails, the timeline and the report's shared parts.
 * Nothing here decides a release; the actions' engines do.
 */











/***/ }),

/***/ 8109:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HT: () => (/* reexport safe */ _marks_js__WEBPACK_IMPORTED_MODULE_0__.HT),
/* harmony export */   Lu: () => (/* reexport safe */ _history_js__WEBPACK_IMPORTED_MODULE_1__.Lu),
/* harmony export */   Pf: () => (/* reexport safe */ _target_js__WEBPACK_IMPORTED_MODULE_2__.Pf),
/* harmony export */   aD: () => (/* reexport safe */ _target_js__WEBPACK_IMPORTED_MODULE_2__.aD),
/* harmony export */   sj: () => (/* reexport safe */ _target_js__WEBPACK_IMPORTED_MODULE_2__.sj)
/* harmony export */ });
/* harmony import */ var _marks_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2495);
/* harmony import */ var _history_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1161);
/* harmony import */ var _target_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6240);
/* harmony import */ var _table_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6135);
/** Release history: verdicts recorded on revisions, the family's history, and rollback targets. */






/***/ }),

/***/ 6135:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  f: () => (/* binding */ historyTable)
});

;// CONCATENATED MODULE: ./packages/github-report/format.ts
/** Small Markdown and text helpers for comments that GitHub renders (GFM). */
/** Escape text for inline Markdown; `@name` gets a zero-width space so log text never pings anyone. */
function format_text(value) {
    return value
        .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
        .replace(/@(?=\w)/g, '@&#8203;')
        .replace(/\r?\n/g, ' ');
}
/** An inline code span that survives backticks inside the value. */
function code(value) {
    const flat = value.replace(/\r?\n/g, ' ');
    const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
    const ticks = '`'.repeat(longest + 1);
    const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
    return `${ticks}${pad}${flat}${pad}${ticks}`;
}
/** A fenced block whose fence is longer than any backtick run inside. */
function fence(lines, info = 'text') {
    const body = lines.join('\n');
    const longest = Math.max(2, ...[...body.matchAll(/`{3,}/g)].map((m) => m[0].length));
    const ticks = '`'.repeat(longest + 1);
    return `${ticks}${info}\n${body}\n${ticks}`;
}
/** Text for HTML contexts such as `<summary>`. */
function html(value) {
    return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** A table cell: GFM splits cells on `|` even inside code spans unless it is escaped. */
function cell(markdown) {
    return markdown.replace(/(?<!\\)\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
function format_link(label, url) {
    const safe = url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    return `[${label}](${safe})`;
}
function table(header, rows) {
    return [
        `| ${header.map(cell).join(' | ')} |`,
        `| ${header.map(() => '---').join(' | ')} |`,
        ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    ].join('\n');
}
function details(summary, body) {
    return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
/** `45s`, `3m 12s`, `1h 4m`. */
function duration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60)
        return `${s}s`;
    if (s < 3600)
        return `${Math.floor(s / 60)}m${s % 60 ? ` ${s % 60}s` : ''}`;
    const m = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)}h${m ? ` ${m}m` : ''}`;
}
function shortSha(sha) {
    return sha.slice(0, 7);
}
/**
 * An image reference without its registry host and with a 12-character digest:
 * `123….dkr.ecr….amazonaws.com/shop/api:v1@sha256:9f86d0…` → `shop/api:v1@sha256:9f86d081884c`.
 */
function shortImage(ref) {
    const slash = ref.indexOf('/');
    const first = slash > 0 ? ref.slice(0, slash) : '';
    const withoutHost = /[.:]|^localhost$/.test(first) ? ref.slice(slash + 1) : ref;
    return withoutHost.replace(/@(sha256:)([0-9a-f]{12})[0-9a-f]+$/, '@$1$2');
}
/** `HH:MM:SS` in UTC. */
function clockTime(iso) {
    return new Date(iso).toISOString().slice(11, 19);
}
/** UTF-8 size: GitHub's limits are counted in characters (comments) or bytes (job summary); bytes ≥ both. */
function byteLength(value) {
    return Buffer.byteLength(value, 'utf8');
}
/** Replace secret values (of 4 characters or more) with `***`. */
function redact(value, secrets) {
    let out = value;
    for (const secret of secrets)
        if (secret.length >= 4)
            out = out.split(secret).join('***');
    return out;
}

;// CONCATENATED MODULE: ./packages/history/table.ts
/** The release history as a Markdown table, for job summaries and the PR comment's details. */

const VERDICT = { verified: '✅ verified', failed: '❌ failed' };
/** `backend@sha256:0123456789ab` for a digest, else the last path part of the reference. */
function imageLabel(image) {
    const last = image.split('/').pop() ?? image;
    const at = last.indexOf('@sha256:');
    return at >= 0 ? `${last.slice(0, at)}@${last.slice(at + 1, at + 20)}` : last;
}
function historyTable(records, options = {}) {
    const server = (options.serverUrl ?? 'https://github.com').replace(/\/$/, '');
    const rows = records.map((r) => {
        const repo = r.repository ?? options.repository;
        const sha = r.gitSha
            ? repo && /^[0-9a-f]{7,40}$/i.test(r.gitSha)
                ? format_link(code(r.gitSha.slice(0, 7)), `${server}/${repo}/commit/${r.gitSha}`)
                : code(r.gitSha.slice(0, 7))
            : '';
        const images = Object.values(r.images ?? {}).map((i) => code(imageLabel(String(i))));
        const notes = [
            r.live ? '🟢 live' : '',
            r.rollbackTarget ? '↩️ rollback target' : '',
            r.status !== 'ACTIVE' ? format_text(String(r.status)) : '',
        ].filter(Boolean);
        return [
            code(`${r.family}:${r.revision}`),
            sha,
            images.join(' '),
            r.registeredAt ? format_text(r.registeredAt.slice(0, 16).replace('T', ' ')) : '',
            format_text(r.actor ?? r.registeredBy ?? ''),
            r.verdict
                ? `${VERDICT[r.verdict]} ${r.verdictAt ? r.verdictAt.slice(0, 16).replace('T', ' ') : ''}`.trim()
                : '',
            notes.join(' · '),
        ];
    });
    return table(['revision', 'git sha', 'image', 'registered (UTC)', 'by', 'verdict', ''], rows);
}


/***/ })

};
