export const id = 87;
export const ids = [87];
export const modules = {

/***/ 3087:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createDeployClients: () => (/* reexport */ createDeployClients),
  deploy: () => (/* reexport */ deploy),
  deploySummary: () => (/* reexport */ deploySummary),
  duration: () => (/* reexport */ deploy_message/* duration */.p),
  outcomeMessage: () => (/* reexport */ deploy_message/* outcomeMessage */.y)
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./packages/ecs/index.ts + 9 modules
var ecs = __webpack_require__(4235);
// EXTERNAL MODULE: ./packages/inputs/index.ts + 5 modules
var inputs = __webpack_require__(61);
// EXTERNAL MODULE: ./packages/task-definition/index.ts + 6 modules
var task_definition = __webpack_require__(9944);
// EXTERNAL MODULE: ./packages/deploy/cancel.ts
var cancel = __webpack_require__(3228);
// EXTERNAL MODULE: ./packages/deploy/codedeploy.ts
var codedeploy = __webpack_require__(9296);
// EXTERNAL MODULE: ./packages/deploy/message.ts
var deploy_message = __webpack_require__(6595);
// EXTERNAL MODULE: ./packages/deploy/observe.ts
var observe = __webpack_require__(28);
;// CONCATENATED MODULE: ./packages/deploy/settle.ts


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
        const chosen = await revisions.require(o.taskDefinition.ref, 'task-definition');
        state.record('info', `deploying existing revision ${(0,ecs/* revisionName */.pd)(chosen.info.ref.arn)} (previous: ${(0,ecs/* revisionName */.pd)(previousArn)})`);
        return {
            previous,
            target: chosen.info,
            registered: false,
            changes: (0,task_definition/* diffTaskDefinitions */.n2)(running.td, chosen.td),
        };
    }
    const file = loaded ??
        (await (0,task_definition/* loadTaskDefinitionFile */.bs)(o.taskDefinition.path, 'task-definition', {
            ...(o.fileRoots ? { roots: o.fileRoots } : {}),
        }));
    const changes = (0,task_definition/* diffTaskDefinitions */.n2)(running.td, file.taskDefinition);
    const settled = await revisions.settle(file, o.tags, running);
    if (settled.kind === 'existing') {
        state.record('info', `${settled.reason} (previous: ${(0,ecs/* revisionName */.pd)(previousArn)})`);
        return { previous, target: settled.described.info, registered: false, changes };
    }
    if (o.dryRun) {
        state.log.info(`dry run: would register a new revision of ${file.taskDefinition.family} (${changes.length} change(s))`);
        return { previous, registered: true, changes };
    }
    const registered = await revisions.register(settled);
    if (registered.recovered)
        state.record('info', registered.recovered, 'warning');
    state.record('info', `registered ${(0,ecs/* revisionName */.pd)(registered.info.ref.arn)} (previous: ${(0,ecs/* revisionName */.pd)(previousArn)})`);
    return { previous, target: registered.info, registered: true, changes };
}

// EXTERNAL MODULE: ./packages/deploy/observation.ts
var observation = __webpack_require__(1258);
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
    lines.push(`### ${ICON[report.status] ?? ''} ${report.service}: ${cell((0,deploy_message/* outcomeMessage */.y)(report))}`, '');
    const facts = [
        `**Status:** ${report.status}`,
        `**Cluster:** ${report.cluster} (${report.region})`,
        `**Strategy:** ${report.strategy}`,
        `**Revision:** ${report.taskDefinition.arn ? (0,observation/* revisionName */.pd)(report.taskDefinition.arn) : '(not registered: dry run)'}${report.registered ? ' (new)' : ' (existing)'}`,
        ...(report.previousTaskDefinition
            ? [`**Previous:** ${(0,observation/* revisionName */.pd)(report.previousTaskDefinition.arn)}`]
            : []),
        ...(report.deploymentId ? [`**Deployment:** \`${report.deploymentId}\``] : []),
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
    if (report.previousTaskDefinition) {
        lines.push(`#### Task definition changes against ${(0,observation/* revisionName */.pd)(report.previousTaskDefinition.arn)}`, '');
        lines.push((0,task_definition/* changesTable */.EI)(changes));
    }
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./packages/deploy/report.ts




async function finishDeploy(state, end) {
    const { o, deps } = state;
    const finishedAt = state.now;
    const { target, previous } = end.revs ?? {};
    if (end.cause?.taskArn) {
        await (0,ecs/* attachLogTail */.mc)(end.cause, {
            logsFor: () => deps.clients.logs(),
            region: o.region,
            info: target,
            taskArn: end.cause.taskArn,
            ...(end.cause.container ? { container: end.cause.container } : {}),
            redactValues: [...(target?.environmentValues ?? []), ...(previous?.environmentValues ?? [])],
            log: state.log,
        });
    }
    const running = end.service ? (0,ecs/* refOf */.H8)(currentRevision(end.service)) : undefined;
    const previousRef = previous?.ref ?? running;
    // A dry run that would register names no revision: the family only, never the previous one as "new".
    const subject = target?.ref ??
        (end.revs?.registered && previous ? { arn: '', family: previous.ref.family, revision: 0 } : undefined) ??
        previousRef ?? { arn: '', family: '', revision: 0 };
    const report = {
        schemaVersion: 1,
        kind: 'deploy',
        status: end.status,
        region: o.region,
        cluster: o.cluster,
        service: o.service,
        strategy: state.strategy,
        taskDefinition: subject,
        registered: end.revs?.registered ?? false,
        ...(previousRef ? { previousTaskDefinition: previousRef } : {}),
        ...(end.status === 'rolled-back' && previous ? { rolledBackTo: previous.ref } : {}),
        ...(end.rolledBackBy ? { rolledBackBy: end.rolledBackBy } : {}),
        images: target?.images ?? {},
        ...(o.git ? { git: o.git } : {}),
        ...(state.deploymentId ? { deploymentId: state.deploymentId } : {}),
        ...(0,ecs/* reportTimes */.zO)(state.startedAt, finishedAt),
        timeline: state.timeline.entries,
        gates: [...state.gates.values()],
        ...(end.cause ? { cause: end.cause } : {}),
        ...(end.rollbackProblem ? { rollbackProblem: end.rollbackProblem } : {}),
        logs: (0,ecs/* releaseLogs */.JY)(target ?? previous, state.releaseTasks),
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
        inputs: reportedInputs(o),
        ...(o.dryRun ? { dryRun: true } : {}),
    };
    const message = (0,deploy_message/* outcomeMessage */.y)(report);
    const summary = deploySummary(report, end.revs?.changes ?? []);
    const reportPath = deps.reportDir ? await (0,ecs/* writeReport */.u5)(deps.reportDir, report) : undefined;
    return { status: end.status, message, report, summary, ...(reportPath ? { reportPath } : {}) };
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

// EXTERNAL MODULE: ./packages/deploy/resolve.ts
var resolve = __webpack_require__(2052);
// EXTERNAL MODULE: ./packages/deploy/rollback.ts
var rollback = __webpack_require__(2270);
// EXTERNAL MODULE: ./packages/deploy/lock.ts
var lock = __webpack_require__(1293);
// EXTERNAL MODULE: ./packages/deploy/state.ts
var deploy_state = __webpack_require__(7157);
// EXTERNAL MODULE: ./packages/deploy/watch.ts + 7 modules
var watch = __webpack_require__(2208);
;// CONCATENATED MODULE: ./packages/deploy/engine.ts
/**
 * The deploy engine: resolve the service, settle the revision, update, watch with gates, and on failure
 * roll back and watch that too. A deploy never ends with production broken and the step green: success
 * needs the new revision serving, every gate asked for passed and the bake time over. The steps live in
 * their own files: settle.ts, watch.ts, report.ts, message.ts.
 */


















async function deploy(options, deps) {
    const state = new deploy_state/* DeployState */.H(options, deps);
    try {
        return await new DeployRun(state).run();
    }
    finally {
        // However the run ended, its mark goes (a mark it could not remove expires by itself).
        await state.lockCleanup?.release().catch((err) => {
            deps.log.warning(`could not remove this run's mark from the service: ${err instanceof Error ? err.message : String(err)}; it expires within ${lock/* LOCK_TTL_MS */.cU / 60_000} minutes`);
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
            state.lock = state.lockCleanup = new lock/* ServiceLock */.Rb(clients.ecs, service.serviceArn, { token: (0,external_node_crypto_.randomUUID)().slice(0, 8), run: o.git?.runUrl ?? 'a deploy outside GitHub Actions' }, () => state.serverTime.now(), (ms) => state.deps.clock.sleep(ms));
        }
        state.strategy = (0,resolve/* resolveStrategy */._f)(o.strategy, service);
        checkStrategySettings(o, state.strategy, service);
        state.log.info(`deploying to service ${o.service} in cluster ${o.cluster} (${o.region}), strategy ${state.strategy}`);
        let required = (0,watch/* planGates */.yz)(state, service);
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
        const revs = await settleRevision(state, service, file);
        const previousArn = revs.previous.ref.arn;
        state.previousArn = previousArn;
        state.targetArn = revs.target?.ref.arn;
        if (revs.target)
            await state.lock?.refresh((0,ecs/* revisionName */.pd)(revs.target.ref.arn));
        if (o.dryRun) {
            for (const name of required)
                state.notApplicable(name, 'dry run: nothing was deployed, nothing checked');
            return finish({ status: 'succeeded', service, revs });
        }
        const target = revs.target;
        const early = (0,cancel.cancelledBeforeChange)(state, 'preparing the deploy');
        if (early)
            return finish({ status: 'failed', cause: early, service, revs });
        // The subject's clock starts at the update; tasks and events from before it belong to earlier releases.
        const subject = {
            kind: 'deploy',
            taskDefinitionArn: target.ref.arn,
            startedAt: state.now,
            awsStartedAt: state.serverTime.now(),
        };
        const nothingChanges = target.ref.arn === previousArn &&
            !o.forceNewDeployment &&
            (o.desiredCount === undefined || o.desiredCount === service.desiredCount);
        let codeDeployId;
        // Saved before the update too: a step killed while the update is on the wire still knows what to undo.
        if (!nothingChanges)
            (0,cancel.noteStarted)(state, subject, service, undefined);
        if (nothingChanges) {
            subject.kind = 'verify';
            if (o.testCheck) {
                state.notApplicable('test-http', 'nothing was deployed: no new tasks took test traffic');
                required = required.filter((g) => g !== 'test-http');
            }
            state.record('info', `service already runs ${(0,ecs/* revisionName */.pd)(previousArn)}: nothing to update, checking it is healthy`);
        }
        else if (state.strategy === 'CODE_DEPLOY') {
            codeDeployId = await this.startCodeDeploy(service, target.ref.arn);
            state.deploymentId = codeDeployId;
            subject.deploymentId = codeDeployId;
        }
        else {
            await this.updateService(service, target.ref.arn, subject);
        }
        if (subject.kind !== 'verify')
            (0,cancel.noteStarted)(state, subject, service, codeDeployId);
        const watched = await (0,watch/* watch */.wB)(state, {
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
            return finish(await (0,cancel.afterCancel)(state, { ...c, ...(codeDeployId ? { codeDeployId } : {}) }));
        }
        const cause = watched.cause;
        state.record('gate', `deploy failed: ${cause.summary}`, 'warning');
        if (cause.gate === 'superseded') {
            // Rolling back now would revert someone else's release: leave it to them, and say so.
            const where = watched.last ? (0,rollback/* describeServiceState */.sl)(watched.last) : 'unknown';
            return finish({
                status: 'failed',
                cause,
                service,
                revs,
                rollbackProblem: `not rolled back: another deploy owns the service now; the service: ${where}`,
            });
        }
        if (subject.kind === 'verify' || o.rollback === 'none') {
            const where = watched.last ? (0,rollback/* describeServiceState */.sl)(watched.last) : 'unknown';
            const why = subject.kind === 'verify' ? 'nothing was changed' : 'rollback is off';
            return finish({
                status: 'failed',
                cause,
                service,
                revs,
                rollbackProblem: `${why}; the service was left as it is: ${where}`,
            });
        }
        const started = await (0,rollback/* startRollback */.lP)({
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
            ...(0,cancel.restoredCount)(o, service),
        }).catch((err) => ({ error: (0,aws/* explainAwsError */.Ni)(err).message }));
        if ('error' in started) {
            const where = watched.last ? `; the service: ${(0,rollback/* describeServiceState */.sl)(watched.last)}` : '';
            return finish({
                status: 'failed',
                cause,
                service,
                revs,
                rollbackProblem: `rollback to ${(0,ecs/* revisionName */.pd)(previousArn)} could not start: ${started.error}${where}`,
            });
        }
        state.record('rollback', started.message, 'warning');
        (0,cancel.noteRollback)(state, started);
        const rollbackDeadline = state.now + o.timeoutSeconds * 1000;
        let back = await (0,watch/* watch */.wB)(state, {
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
            const again = await (0,rollback/* startRollback */.lP)({
                clients,
                cluster: o.cluster,
                service: o.service,
                strategy: state.strategy,
                previousArn,
                last: back.last,
                subject,
                now: state.now,
                awsNow: state.serverTime.now(),
                ...(0,cancel.restoredCount)(o, service),
            }).catch(() => undefined);
            if (again) {
                state.record('rollback', again.message, 'warning');
                back = await (0,watch/* watch */.wB)(state, { subject: again.subject, mode: 'rollback', deadline: rollbackDeadline });
            }
        }
        if (back.cancelled) {
            const c = { phase: 'rollback', subject, watched: back, service, revs };
            return finish(await (0,cancel.afterCancel)(state, { ...c, failure: cause, rollback: started }));
        }
        if (back.ok) {
            state.record('rollback', `rolled back: ${(0,ecs/* revisionName */.pd)(previousArn)} serves again`);
            return finish({ status: 'rolled-back', cause, service, revs, rolledBackBy: started.by });
        }
        const where = back.last
            ? (0,rollback/* describeServiceState */.sl)(back.last)
            : ((await (0,rollback/* describeServiceNow */.$$)(clients, o.cluster, o.service)) ?? started.serviceAfter ?? 'unknown');
        return finish({
            status: 'failed',
            cause,
            service,
            revs,
            rolledBackBy: started.by,
            rollbackProblem: `rollback to ${(0,ecs/* revisionName */.pd)(previousArn)} failed too (${back.cause?.summary ?? 'unknown'}); the service now: ${where}`,
        });
    }
    /** Alarms named by the user must exist; one already in ALARM is reported before anything changes. */
    async checkAlarmsBeforehand() {
        const { o } = this.state;
        if (!o.alarms.length)
            return undefined;
        const alarms = await (0,observe/* describeAlarms */.Gj)(this.state.deps.clients, o.alarms);
        const missing = o.alarms.filter((name) => !alarms.some((a) => a.name === name));
        if (missing.length) {
            throw new inputs/* UserError */.yo('alarms', `no CloudWatch alarm named ${missing.map((m) => `"${m}"`).join(', ')} in ${o.region}`, 'give the names of existing alarms (metric or composite)');
        }
        const firing = alarms.filter((a) => a.state === 'ALARM');
        if (!firing.length)
            return undefined;
        const names = firing.map((a) => a.name).join(', ');
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
            const busy = holder
                ? `it is being deployed by ${(0,lock/* describeMark */.hU)(holder, state.serverTime.now())}`
                : (0,resolve/* busyWith */.sP)(current);
            if (!busy) {
                // Cancelled already: mark nothing, change nothing.
                const cancelled = (0,cancel.cancelledBeforeChange)(state, 'preparing the deploy');
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
                        summary: `timed out after ${(0,deploy_message/* duration */.p)(o.timeoutSeconds)} waiting: ${busy}; nothing was changed`,
                    },
                };
            }
            await state.deps.clock.sleep(Math.min(o.pollIntervalSeconds * 1000, state.deadline - state.now), state.deps.signal);
            const cancelled = (0,cancel.cancelledBeforeChange)(state, `waiting for the service (${busy})`);
            if (cancelled)
                return { service: current, cause: cancelled };
            current = await (0,resolve/* resolveService */.Wl)(state.deps.clients, o.cluster, o.service, o.region);
        }
        if (waitingFor)
            state.record('info', `the service is free; it runs ${(0,ecs/* revisionName */.pd)(currentRevision(current))}`);
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
        this.state.record('deployment', `updated service ${o.service} to ${(0,ecs/* revisionName */.pd)(taskDefinition)}${o.desiredCount !== undefined ? `, desired count ${o.desiredCount}` : ''}${subject.deploymentId ? ` (deployment ${subject.deploymentId})` : ''}`);
    }
    async startCodeDeploy(service, taskDefinition) {
        const { o } = this.state;
        const application = o.codeDeploy?.application || `AppECS-${o.cluster}-${o.service}`;
        const group = o.codeDeploy?.deploymentGroup || `DgpECS-${o.cluster}-${o.service}`;
        const appSpec = o.codeDeploy?.appSpecPath
            ? await (0,codedeploy/* readAppSpec */.FT)(o.codeDeploy.appSpecPath, o.fileRoots)
            : undefined;
        const id = await (0,codedeploy/* createCodeDeployment */.Dk)(this.state.deps.clients, application, group, (0,codedeploy/* appSpecContent */.uo)(appSpec, service, taskDefinition));
        this.state.record('deployment', `created CodeDeploy deployment ${id} (${application} / ${group}) for ${(0,ecs/* revisionName */.pd)(taskDefinition)}`);
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
    if (!watch/* STAGED */.hh.has(strategy)) {
        throw new inputs/* UserError */.yo('test-url', `is checked while green takes test traffic only, and strategy ${strategy} has no test traffic`, 'use strategy BLUE_GREEN, LINEAR or CANARY with a test listener rule, or leave test-url out');
    }
    const holds = (configured?.lifecycleHooks ?? []).some((h) => h.targetType === 'PAUSE' && (h.lifecycleStages ?? []).some((s) => watch/* TEST_HOOK_STAGES */.RQ.includes(s)));
    if (!holds) {
        throw new inputs/* UserError */.yo('test-url', `service ${o.service} has no PAUSE lifecycle hook at ${watch/* TEST_HOOK_STAGES */.RQ.join(' or ')}, so production traffic would move before test-url is checked; nothing was changed`, 'add a hook to the service\'s deploymentConfiguration.lifecycleHooks: { "targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"] }, or leave test-url out');
    }
}

;// CONCATENATED MODULE: ./packages/deploy/index.ts
/**
 * The deploy engine: update an ECS service and watch it with gates, rolling back on failure. The ECS pieces
 * it shares with run-task and rollback live in packages/ecs.
 */






/***/ })

};
