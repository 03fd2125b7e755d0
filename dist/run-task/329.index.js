export const id = 329;
export const ids = [329];
export const modules = {

/***/ 4329:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  TASK_STATE_FORMAT: () => (/* reexport */ TASK_STATE_FORMAT),
  TASK_STATE_FORMAT_KEY: () => (/* reexport */ TASK_STATE_FORMAT_KEY),
  checkSecurityGroups: () => (/* reexport */ parse/* checkSecurityGroups */.nr),
  checkStartedBy: () => (/* reexport */ parse/* checkStartedBy */.Dz),
  checkSubnets: () => (/* reexport */ parse/* checkSubnets */.hf),
  chooseContainer: () => (/* reexport */ chooseContainer),
  outcomeLine: () => (/* reexport */ outcomeLine),
  parseAssignPublicIp: () => (/* reexport */ parse/* parseAssignPublicIp */.bV),
  parseCapacityProviderStrategy: () => (/* reexport */ parse/* parseCapacityProviderStrategy */.Ad),
  parseNetworkConfiguration: () => (/* reexport */ parse/* parseNetworkConfiguration */.WG),
  readSavedTask: () => (/* reexport */ readSavedTask),
  runTask: () => (/* reexport */ runTask),
  runTaskSummary: () => (/* reexport */ runTaskSummary),
  stopLeftoverTask: () => (/* reexport */ stopLeftoverTask),
  taskStateEntries: () => (/* reexport */ taskStateEntries)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
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

// EXTERNAL MODULE: ./packages/aws/index.ts + 3 modules
var aws = __webpack_require__(4006);
// EXTERNAL MODULE: ./packages/task-definition/index.ts + 6 modules
var task_definition = __webpack_require__(9944);
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
function format_redact(value, secrets) {
    let out = value;
    for (const secret of secrets)
        if (secret.length >= 4)
            out = out.split(secret).join('***');
    return out;
}

;// CONCATENATED MODULE: ./packages/links/console.ts
/**
 * AWS console deep links: ECS service deployments and task definitions, CloudWatch Logs groups, streams and
 * Logs Insights queries, CloudWatch alarms. Pure functions of names, regions and times.
 */
/** The console host of the region's partition: China regions live on amazonaws.cn. */
function consoleOrigin(region) {
    return region.startsWith('cn-')
        ? `https://${region}.console.amazonaws.cn`
        : `https://${region}.console.aws.amazon.com`;
}
/** Percent-encoding of everything but RFC 3986 unreserved characters (encodeURIComponent keeps !'()*). */
function encodeStrict(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${hex(c)}`);
}
function hex(char) {
    return char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
}
/**
 * The CloudWatch console keeps its state in the URL hash and decodes it twice after turning `$` back into
 * `%`: a name is percent-encoded twice, then every `%` becomes `$` (`/` → `$252F`).
 */
function consoleHashName(name) {
    return encodeStrict(encodeStrict(name)).replace(/%/g, '$');
}
/** A query string inside the console hash is encoded once, then `%` → `$` (`?start=1` → `$3Fstart$3D1`). */
function consoleHashQuery(params) {
    const query = params.map(([k, v]) => `${k}=${v}`).join('&');
    return encodeStrict(`?${query}`).replace(/%/g, '$');
}
function console_ecsServiceDeploymentsUrl(region, cluster, service) {
    return `${consoleOrigin(region)}/ecs/v2/clusters/${encodeStrict(cluster)}/services/${encodeStrict(service)}/deployments?region=${region}`;
}
function console_ecsTaskDefinitionUrl(region, family, revision) {
    return `${consoleOrigin(region)}/ecs/v2/task-definitions/${encodeStrict(family)}/${revision}/containers?region=${region}`;
}
/** A task's page; stopped tasks stay visible in the console for about an hour. */
function console_ecsTaskUrl(region, cluster, taskId) {
    return `${consoleOrigin(region)}/ecs/v2/clusters/${encodeStrict(cluster)}/tasks/${encodeStrict(taskId)}/configuration?region=${region}`;
}
function cloudWatchHome(region) {
    return `${consoleOrigin(region)}/cloudwatch/home?region=${region}`;
}
function windowQuery(window) {
    return window
        ? consoleHashQuery([
            ['start', window.startMs],
            ['end', window.endMs],
        ])
        : '';
}
/** All streams of a log group, over the window when given. */
function console_logGroupUrl(region, logGroup, window) {
    return `${cloudWatchHome(region)}#logsV2:log-groups/log-group/${consoleHashName(logGroup)}/log-events${windowQuery(window)}`;
}
function console_logStreamUrl(region, logGroup, logStream, window) {
    return `${cloudWatchHome(region)}#logsV2:log-groups/log-group/${consoleHashName(logGroup)}/log-events/${consoleHashName(logStream)}${windowQuery(window)}`;
}
const DEFAULT_INSIGHTS_QUERY = 'fields @timestamp, @message | sort @timestamp desc';
/**
 * A JSURL-style string as the Logs Insights page reads it: `'` then the text with every character outside
 * `[A-Za-z0-9-._]` written as `*xx` per UTF-8 byte (`/` → `*2f`, a space → `*20`).
 */
function insightsString(text) {
    const encoded = encodeURIComponent(text)
        .replace(/[!'()*~]/g, (c) => `%${hex(c)}`)
        .replace(/%([0-9A-F]{2})/g, (_, h) => `*${h.toLowerCase()}`);
    return `'${encoded}`;
}
/**
 * A Logs Insights query over the window: `queryDetail` is an object written `~(key~value…)`, arrays
 * `~(~v…)`; the whole is escaped once (`~` → `%7E`, `(` → `%28`, `'` → `%27`), prefixed with
 * `?queryDetail=`, encoded again and `%` → `$`, which is the form the console itself produces.
 */
function console_logsInsightsUrl(region, logGroups, window, query = DEFAULT_INSIGHTS_QUERY) {
    const detail = [
        `~(end~${insightsString(new Date(window.endMs).toISOString())}`,
        `~start~${insightsString(new Date(window.startMs).toISOString())}`,
        `~timeType~${insightsString('ABSOLUTE')}`,
        `~tz~${insightsString('UTC')}`,
        `~editorString~${insightsString(query)}`,
        `~source~(${logGroups.map((g) => `~${insightsString(g)}`).join('')}))`,
    ].join('');
    // The primitives above hold only [A-Za-z0-9-._*]; this escapes the structure characters around them.
    const escaped = detail.replace(/[^A-Za-z0-9@*_+\-./]/g, (c) => `%${hex(c)}`);
    // encodeURIComponent, not the strict form: the `*xx` escapes must reach the console as they are.
    return `${cloudWatchHome(region)}#logsV2:logs-insights${encodeURIComponent(`?queryDetail=${escaped}`).replace(/%/g, '$')}`;
}
function console_alarmUrl(region, alarmName) {
    return `${cloudWatchHome(region)}#alarmsV2:alarm/${encodeStrict(alarmName)}`;
}

;// CONCATENATED MODULE: ./packages/links/grafana.ts
/**
 * Grafana links: a dashboard with template variables, and Explore on one datasource, both over the release
 * window. Placeholders such as `{{service}}` in variable values and queries are filled per release.
 */

/** What a placeholder may name; values come from the release being reported. */
const PLACEHOLDERS = (/* unused pure expression or super */ null && ([
    'service',
    'cluster',
    'revision',
    'family',
    'region',
    'environment',
    'sha',
]));
const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;
/** Replace `{{name}}` with its value; a placeholder without a value becomes empty. */
function fillPlaceholders(template, values) {
    return template.replace(PLACEHOLDER, (_, name) => values[name] ?? '');
}
function checkPlaceholders(text, input) {
    for (const m of text.matchAll(PLACEHOLDER)) {
        if (!PLACEHOLDERS.includes(m[1])) {
            throw new UserError(input, `{{${m[1]}}} is not a placeholder`, `use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`);
        }
    }
}
/** Check the Grafana inputs together; undefined when no Grafana link is wanted. */
function grafanaSettings(raw) {
    if (!raw.url) {
        const dependent = [
            ['grafana-dashboard-uid', raw.dashboardUid],
            ['grafana-vars', raw.vars.length ? raw.vars : undefined],
            ['grafana-datasource-uid', raw.datasourceUid],
            ['grafana-query', raw.query],
        ].find(([, value]) => value !== undefined);
        if (dependent) {
            throw new UserError(dependent[0], 'needs grafana-url', 'set grafana-url to your Grafana base URL');
        }
        return undefined;
    }
    let base;
    try {
        base = new URL(raw.url);
    }
    catch {
        throw new UserError('grafana-url', `"${raw.url}" is not a URL`, 'write it like https://grafana.example.com');
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
        throw new UserError('grafana-url', `"${raw.url}" is not an http(s) URL`, 'write it like https://grafana.example.com');
    }
    if (base.username || base.password) {
        // Links end up in PR comments: credentials in them would be published.
        throw new UserError('grafana-url', 'contains credentials', 'give the URL without user:password@');
    }
    if (base.search || base.hash) {
        throw new UserError('grafana-url', 'has a query or fragment', 'give only the base URL, e.g. https://grafana.example.com');
    }
    if (raw.vars.length > 0 && raw.dashboardUid === undefined) {
        throw new UserError('grafana-vars', 'needs grafana-dashboard-uid', 'set the uid of the dashboard they belong to');
    }
    if (raw.query !== undefined && raw.datasourceUid === undefined) {
        throw new UserError('grafana-query', 'needs grafana-datasource-uid', 'set the uid of the datasource to query');
    }
    for (const v of raw.vars)
        checkPlaceholders(v.value, 'grafana-vars');
    let query;
    if (raw.query !== undefined) {
        checkPlaceholders(raw.query, 'grafana-query');
        query = parseQuery(raw.query);
    }
    return {
        url: base.toString().replace(/\/+$/, ''),
        orgId: raw.orgId,
        dashboardUid: raw.dashboardUid,
        vars: raw.vars.map((v) => ({ name: v.key, value: v.value })),
        datasourceUid: raw.datasourceUid,
        query,
    };
}
/**
 * A JSON object holds the datasource's own query fields; anything else is an expression (`expr`). LogQL
 * selectors also start with `{`, so text that does not parse as a JSON object is an expression too.
 */
function parseQuery(text) {
    if (text.trimStart().startsWith('{')) {
        try {
            const parsed = JSON.parse(text);
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
                return parsed;
        }
        catch {
            // not JSON: an expression such as {app="web"} |= "error"
        }
    }
    return { expr: text };
}
function fillDeep(value, values) {
    if (typeof value === 'string')
        return fillPlaceholders(value, values);
    if (Array.isArray(value))
        return value.map((v) => fillDeep(v, values));
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, values)]));
    }
    return value;
}
function grafana_grafanaDashboardUrl(settings, window, values) {
    const params = [
        `orgId=${settings.orgId}`,
        `from=${window.startMs}`,
        `to=${window.endMs}`,
        ...settings.vars.map((v) => `var-${encodeURIComponent(v.name)}=${encodeURIComponent(fillPlaceholders(v.value, values))}`),
    ];
    return `${settings.url}/d/${encodeURIComponent(settings.dashboardUid)}?${params.join('&')}`;
}
/** Explore with one pane (the `panes` form of Grafana 10.2 and later). */
function grafana_grafanaExploreUrl(settings, window, values) {
    const query = {
        refId: 'A',
        datasource: { uid: settings.datasourceUid },
        ...fillDeep(settings.query ?? {}, values),
    };
    const panes = {
        release: {
            datasource: settings.datasourceUid,
            queries: [query],
            range: { from: String(window.startMs), to: String(window.endMs) },
        },
    };
    return `${settings.url}/explore?schemaVersion=1&orgId=${settings.orgId}&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}

;// CONCATENATED MODULE: ./packages/links/release.ts


/** The last segment of a task ARN (`arn:…:task/cluster/abc` → `abc`) or of a stream name. */
function taskIdOf(arnOrStream) {
    return arnOrStream.slice(arnOrStream.lastIndexOf('/') + 1);
}
function releaseWindow(report, marginMs, nowMs) {
    const start = Date.parse(report.startedAt);
    const end = report.finishedAt ? Date.parse(report.finishedAt) : nowMs;
    return { startMs: start - marginMs, endMs: Math.max(end, start) + marginMs };
}
function taskDefinitionLabel(ref) {
    return `${ref.family}:${ref.revision}`;
}
function placeholderValues(report, environment) {
    return {
        service: report.service,
        cluster: report.cluster,
        region: report.region,
        family: report.taskDefinition.family,
        revision: String(report.taskDefinition.revision),
        environment,
        sha: report.git?.sha,
    };
}
function releaseLinks(report, settings, nowMs) {
    const window = releaseWindow(report, settings.marginMs, nowMs);
    const region = report.region;
    const logs = report.logs.map((log) => {
        const logRegion = log.region ?? region;
        return {
            container: log.container,
            logGroup: log.logGroup,
            url: logGroupUrl(logRegion, log.logGroup, window),
            streams: log.logStreams.map((stream) => ({
                label: stream,
                taskId: taskIdOf(stream),
                url: logStreamUrl(logRegion, log.logGroup, stream, window),
            })),
        };
    });
    const groups = [
        ...new Set(report.logs.filter((l) => !l.region || l.region === region).map((l) => l.logGroup)),
    ];
    const cause = report.cause;
    const taskId = report.taskArn ? taskIdOf(report.taskArn) : undefined;
    const causeTaskId = cause?.taskArn ? taskIdOf(cause.taskArn) : undefined;
    const values = placeholderValues(report, settings.environment);
    const grafana = settings.grafana;
    return {
        window,
        ecsDeployments: ecsServiceDeploymentsUrl(region, report.cluster, report.service),
        taskDefinition: {
            label: taskDefinitionLabel(report.taskDefinition),
            url: ecsTaskDefinitionUrl(region, report.taskDefinition.family, report.taskDefinition.revision),
        },
        logs,
        insights: groups.length ? logsInsightsUrl(region, groups, window) : undefined,
        alarms: report.alarms.map((name) => ({ label: name, url: alarmUrl(region, name) })),
        task: taskId ? { label: taskId, taskId, url: ecsTaskUrl(region, report.cluster, taskId) } : undefined,
        causeTask: causeTaskId
            ? { label: causeTaskId, taskId: causeTaskId, url: ecsTaskUrl(region, report.cluster, causeTaskId) }
            : undefined,
        causeLogStream: cause?.logGroup && cause.logStream
            ? logStreamUrl(region, cause.logGroup, cause.logStream, window)
            : undefined,
        grafanaDashboard: grafana?.dashboardUid
            ? grafanaDashboardUrl({ ...grafana, dashboardUid: grafana.dashboardUid }, window, values)
            : undefined,
        grafanaExplore: grafana?.datasourceUid
            ? grafanaExploreUrl({ ...grafana, datasourceUid: grafana.datasourceUid }, window, values)
            : undefined,
    };
}

;// CONCATENATED MODULE: ./packages/links/index.ts
/**
 * Links people click from a deployment report: AWS console (ECS, CloudWatch Logs, Logs Insights, alarms)
 * and Grafana. Pure: names, regions and times in, URLs out.
 */




;// CONCATENATED MODULE: ./packages/run-task/summary.ts
/**
 * The job summary of a one-off task: outcome, task (with its console link), exit code, duration; on failure
 * the cause and the task's last log lines, folded; the timeline folded at the end.
 */


const ICON = {
    succeeded: '✅',
    failed: '❌',
    'in-progress': '⏳',
    'rolled-back': '❌',
};
/** One minified JSON line must not fill the summary (1 MiB per step); the full line is in CloudWatch. */
const MAX_LOG_LINE = 500;
const OUTCOME = {
    succeeded: 'succeeded',
    failed: 'failed',
    'in-progress': 'started (not waited for)',
    'rolled-back': 'failed',
};
function runTaskSummary(report, message) {
    const td = report.taskDefinition;
    const label = td.arn ? taskDefinitionLabel(td) : 'task definition';
    const taskId = report.taskArn ? taskIdOf(report.taskArn) : undefined;
    const parts = [
        `### ${ICON[report.status] ?? ''} One-off task ${format_text(label)}: ${OUTCOME[report.status] ?? report.status}`,
    ];
    const cause = report.cause;
    // A failure's one line is its cause, shown next; otherwise the line says what ran and how long it took.
    if (!cause)
        parts.push(format_text(message));
    if (cause && report.status !== 'succeeded') {
        const facts = [
            ['container', cause.container],
            ['exit code', cause.exitCode],
            ['stop code', cause.stopCode],
            ['stopped reason', cause.stoppedReason],
        ];
        const shown = facts.filter(([, v]) => v !== undefined && v !== '');
        parts.push([`**Cause:** ${format_text(cause.summary)}`, ...shown.map(([k, v]) => `- ${k}: ${code(String(v))}`)].join('\n'));
        const lines = cause.logLines;
        if (lines?.length) {
            const where = [
                cause.container && `<code>${html(cause.container)}</code>`,
                taskId && `task ${html(taskId.slice(0, 8))}`,
            ]
                .filter(Boolean)
                .join(', ');
            const clipped = lines.map((l) => (l.length > MAX_LOG_LINE ? `${l.slice(0, MAX_LOG_LINE)}…` : l));
            parts.push(details(`Last ${lines.length} log lines${where ? ` of ${where}` : ''}`, fence(clipped)));
        }
        else if (lines) {
            parts.push(`_The task wrote no log lines${cause.logStream ? ` to ${code(cause.logStream)}` : ''}._`);
        }
    }
    const exitCode = report.exitCode;
    parts.push(table(['Outcome', 'Task', 'Exit code', 'Duration', 'Task definition', 'Cluster'], [
        [
            OUTCOME[report.status] ?? report.status,
            taskId ? format_link(code(taskId.slice(0, 8)), console_ecsTaskUrl(report.region, report.cluster, taskId)) : '–',
            exitCode !== undefined ? String(exitCode) : '–',
            duration(report.durationSeconds ?? 0),
            td.arn
                ? `${format_link(code(label), console_ecsTaskDefinitionUrl(report.region, td.family, td.revision))}${report.registered ? ' (new)' : ''}`
                : '–',
            `${code(report.cluster)} (${report.region})`,
        ],
    ]));
    const streams = report.logs.flatMap((l) => l.logStreams.map((s) => format_link(`${format_text(l.container)} log`, console_logStreamUrl(l.region ?? report.region, l.logGroup, s))));
    if (streams.length)
        parts.push(`🔗 ${streams.join(' · ')}`);
    if (report.timeline.length) {
        const start = Date.parse(report.startedAt);
        parts.push(details(`Timeline: ${report.timeline.length} event${report.timeline.length > 1 ? 's' : ''}`, table(['Time (UTC)', '', 'Event'], report.timeline.map((e) => [
            e.at.slice(11, 19),
            `+${duration((Date.parse(e.at) - start) / 1000)}`,
            format_text(e.message),
        ]))));
    }
    return `${parts.join('\n\n')}\n`;
}

;// CONCATENATED MODULE: ./packages/run-task/engine.ts
/**
 * The run-task engine: settle the task definition, start one task with the overrides and a network, wait for
 * it to stop, and judge it. Success needs every essential container to exit with 0; anything else (a
 * non-zero exit, a task that never started, the timeout, a cancelled workflow) fails with the reason and
 * the task's last log lines.
 */








async function runTask(options, deps) {
    return new TaskRun(options, deps).run();
}
/** A stop reason is at most 255 characters; ours says who stopped the task and why. */
const STOP_REASON_LIMIT = 255;
class TaskRun {
    o;
    deps;
    timeline;
    revisions;
    startedAt;
    deadline;
    info;
    registered = false;
    container = '';
    constructor(o, deps) {
        this.o = o;
        this.deps = deps;
        this.timeline = new Timeline(deps.clock, deps.log);
        this.revisions = new Revisions(deps.clients.ecs, o.region, (ms) => deps.clock.sleep(ms));
        this.startedAt = deps.clock.now();
        this.deadline = this.startedAt + o.timeoutSeconds * 1000;
    }
    get log() {
        return this.deps.log;
    }
    get ecs() {
        return this.deps.clients.ecs;
    }
    record(kind, message, level = 'info') {
        this.timeline.record(kind, message, level);
    }
    async run() {
        const { o } = this;
        const definition = await this.readDefinition();
        this.container = chooseContainer(definition.content, o.container);
        const overrides = this.overrides();
        const network = await this.network(definition.content);
        const described = 'registered' in definition ? definition.registered : await this.register(definition);
        this.info = described.info;
        const td = described.td;
        const started = await this.start(td, overrides, network);
        if ('cause' in started)
            return this.finish({ status: 'failed', cause: started.cause });
        const task = started.task;
        if (!o.wait) {
            this.record('task', `not waiting for task ${taskIdOf(task.taskArn)} (wait is false)`);
            return this.finish({ status: 'started', task });
        }
        return this.finish(await this.watch(task));
    }
    /** Read the source; a file is compared with the family's latest ACTIVE revision, registered only if it differs. */
    async readDefinition() {
        const source = this.o.taskDefinition;
        if (source.kind === 'revision') {
            const found = await this.revisions.require(source.ref, 'task-definition');
            return { content: found.td, registered: found };
        }
        const file = await (0,task_definition/* loadTaskDefinitionFile */.bs)(source.path, 'task-definition', {
            ...(this.o.fileRoots ? { roots: this.o.fileRoots } : {}),
        });
        const settled = await this.revisions.settle(file, []);
        if (settled.kind === 'existing') {
            this.record('info', `${settled.reason}: running it`);
            return { content: settled.described.td, registered: settled.described };
        }
        return { content: file.taskDefinition, settlement: settled };
    }
    async register(definition) {
        const registered = await this.revisions.register(definition.settlement);
        if (registered.recovered)
            this.record('info', registered.recovered, 'warning');
        this.registered = true;
        const latest = definition.settlement.latest;
        const why = latest
            ? `its content differs from ${revisionLabel(latest.td)}`
            : 'the first revision of the family';
        this.record('info', `registered ${revisionLabel(registered.td)} (${why})`);
        return registered;
    }
    overrides() {
        const { command, environment } = this.o;
        if (!command && !environment.length)
            return undefined;
        const what = [
            command ? `command ${JSON.stringify(command)}` : '',
            // Values may be secrets: only the names are ever printed.
            environment.length ? `environment ${environment.map((e) => e.key).join(', ')}` : '',
        ].filter(Boolean);
        this.log.info(`overrides for container ${this.container}: ${what.join('; ')}`);
        return {
            name: this.container,
            ...(command ? { command } : {}),
            ...(environment.length
                ? { environment: environment.map((e) => ({ name: e.key, value: e.value })) }
                : {}),
        };
    }
    /** The awsvpc configuration: given in full, or field by field over the service's own. */
    async network(content) {
        const { o } = this;
        const given = o.network;
        const shorthands = [
            given.subnets?.length ? 'subnets' : '',
            given.securityGroups?.length ? 'security-groups' : '',
            given.assignPublicIp ? 'assign-public-ip' : '',
        ].filter(Boolean);
        if (given.configuration && shorthands.length) {
            throw new inputs/* UserError */.yo('network-configuration', `was given together with ${shorthands.join(', ')}`, 'give either network-configuration or the subnets / security-groups / assign-public-ip shorthands');
        }
        const family = content.family ?? 'the task definition';
        const fargate = 'launchType' in o.placement
            ? o.placement.launchType === 'FARGATE'
            : o.placement.capacityProviderStrategy.some((p) => p.capacityProvider?.startsWith('FARGATE'));
        if (content.networkMode !== 'awsvpc') {
            const mode = content.networkMode ? `networkMode ${content.networkMode}` : 'no networkMode (bridge)';
            if (fargate) {
                throw new inputs/* UserError */.yo('task-definition', `${family} has ${mode}, and Fargate runs only awsvpc tasks`, 'set "networkMode": "awsvpc" in the task definition, or run it on EC2 capacity (launch-type EC2)');
            }
            if (given.configuration || shorthands.length) {
                throw new inputs/* UserError */.yo(given.configuration ? 'network-configuration' : shorthands[0], `${family} has ${mode}; only awsvpc tasks take subnets and security groups`, 'leave the network inputs out for this task definition');
            }
            return undefined;
        }
        const complete = given.subnets?.length && given.securityGroups?.length && given.assignPublicIp;
        const fromService = !given.configuration && o.service && !complete ? await this.serviceNetwork(o.service) : undefined;
        const base = given.configuration ?? fromService;
        const subnets = given.subnets?.length ? given.subnets : (base?.subnets ?? []);
        const securityGroups = given.securityGroups?.length ? given.securityGroups : base?.securityGroups;
        const assignPublicIp = given.assignPublicIp ?? base?.assignPublicIp;
        if (!subnets.length) {
            throw new inputs/* UserError */.yo('subnets', `${family} uses awsvpc networking, which needs subnets, and none were given`, 'set `service:` to use that service’s network (the usual case), or `subnets:` and `security-groups:`');
        }
        const network = {
            subnets,
            ...(securityGroups?.length ? { securityGroups } : {}),
            ...(assignPublicIp ? { assignPublicIp } : {}),
        };
        const origin = fromService ? ` (from service ${o.service})` : '';
        this.log.info(`network${origin}: subnets ${subnets.join(', ')}; security groups ${securityGroups?.join(', ') || '(the VPC default)'}; public IP ${assignPublicIp ?? 'DISABLED'}`);
        return network;
    }
    async serviceNetwork(name) {
        const { o } = this;
        let out;
        try {
            out = await this.ecs.send(new dist_cjs.DescribeServicesCommand({ cluster: o.cluster, services: [name] }));
        }
        catch (err) {
            throw clusterError(err, o.cluster, o.region);
        }
        const service = out.services?.find((s) => s.serviceName === name || s.serviceArn === name);
        if (!service || service.status === 'INACTIVE') {
            throw new inputs/* UserError */.yo('service', `there is no service "${name}" in cluster ${o.cluster} (${o.region}) to copy the network from`, 'check the service name, cluster and aws-region, or give subnets and security-groups instead');
        }
        const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
        if (!awsvpc?.subnets?.length) {
            throw new inputs/* UserError */.yo('service', `service ${name} has no awsvpc network configuration to copy`, 'give subnets and security-groups (or network-configuration) instead');
        }
        return awsvpc;
    }
    async start(td, override, network) {
        const { o } = this;
        const label = revisionLabel(td);
        let out;
        try {
            out = await this.ecs.send(new dist_cjs.RunTaskCommand({
                cluster: o.cluster,
                taskDefinition: td.taskDefinitionArn,
                count: 1,
                startedBy: o.startedBy,
                ...o.placement,
                ...(network ? { networkConfiguration: { awsvpcConfiguration: network } } : {}),
                ...(override ? { overrides: { containerOverrides: [override] } } : {}),
                propagateTags: 'TASK_DEFINITION',
                ...(o.tags.length ? { tags: o.tags } : {}),
                enableExecuteCommand: false,
                // Retries of this call (adaptive retry) must not start a second task.
                clientToken: (0,external_node_crypto_.randomUUID)(),
            }));
        }
        catch (err) {
            throw clusterError(err, o.cluster, o.region);
        }
        const task = out.tasks?.[0];
        if (!task?.taskArn) {
            const reasons = (out.failures ?? [])
                .map((f) => [f.reason, f.detail].filter(Boolean).join(': '))
                .filter(Boolean);
            const summary = `ECS started no task of ${label}: ${reasons.join('; ') || 'RunTask returned neither a task nor a reason'}`;
            this.record('task', summary);
            return { cause: { gate: 'start', summary } };
        }
        this.deps.onStarted?.(task.taskArn);
        const id = taskIdOf(task.taskArn);
        this.record('task', `started task ${id} of ${label} in cluster ${o.cluster}: ${task.taskArn}`);
        this.log.info(`ECS console: ${console_ecsTaskUrl(o.region, o.cluster, id)}`);
        const logs = this.logLocation(this.container);
        if (logs?.streamPrefix) {
            const stream = streamName(logs.streamPrefix, logs.container, task.taskArn);
            this.log.info(`log of ${logs.container}: ${console_logStreamUrl(logs.region ?? o.region, logs.logGroup, stream)}`);
        }
        return { task };
    }
    /** Poll DescribeTasks until the task stops, the timeout passes, or the workflow is cancelled. */
    async watch(started) {
        const { clock } = this.deps;
        const signal = this.deps.signal;
        const arn = started.taskArn;
        const id = taskIdOf(arn);
        const poller = new Poller(this.o.pollIntervalSeconds * 1000);
        let last = started;
        let changed = true;
        this.record('task', `task ${id} is ${started.lastStatus ?? 'PROVISIONING'}`);
        for (;;) {
            const left = Math.max(0, this.deadline - clock.now());
            await clock.sleep(Math.min(poller.next(clock.now(), changed, 1), left), signal);
            const seen = await this.describeTask(arn);
            changed = false;
            if (seen) {
                if (seen.lastStatus !== last.lastStatus) {
                    changed = true;
                    this.record('task', `task ${id} is ${seen.lastStatus ?? 'unknown'}`);
                }
                last = seen;
                if (seen.lastStatus === 'STOPPED')
                    return this.judge(seen);
            }
            if (signal?.aborted)
                return this.stop(last, 'cancelled', 'the workflow was cancelled');
            if (clock.now() >= this.deadline) {
                return this.stop(last, 'timeout', `the task did not finish within ${duration(this.o.timeoutSeconds)}`);
            }
        }
    }
    async describeTask(arn) {
        const out = await this.ecs.send(new dist_cjs.DescribeTasksCommand({ cluster: this.o.cluster, tasks: [arn] }));
        // Right after RunTask the task can be MISSING for a moment (eventual consistency): keep polling.
        return out.tasks?.find((t) => t.taskArn === arn);
    }
    /** Success iff every essential container exited with 0. */
    async judge(task) {
        // The task as the deploy gates see it, so a failure reads the same as in a deploy.
        const view = taskView(task, this.info, this.deps.clock.now());
        const ours = view.containers.find((c) => c.name === this.container);
        const essentials = view.containers.filter((c) => c.essential);
        if (essentials.length && essentials.every((c) => c.exitCode === 0)) {
            this.record('task', `task ${view.id} stopped: every essential container exited with 0`);
            return { status: 'succeeded', task, exitCode: ours?.exitCode ?? 0 };
        }
        const cause = { ...taskFailureCause(view), gate: 'exit-code' };
        this.record('task', `task ${view.id} failed: ${cause.summary}`);
        await this.attachLog(cause, task.taskArn, cause.container);
        const exitCode = cause.exitCode ?? ours?.exitCode;
        return { status: 'failed', task, cause, ...(exitCode !== undefined ? { exitCode } : {}) };
    }
    /** Timeout or cancellation: StopTask, then show what the task logged so far. */
    async stop(task, gate, why) {
        const arn = task.taskArn;
        const reason = `ecs-deploy-actions: ${why}`.slice(0, STOP_REASON_LIMIT);
        try {
            await this.ecs.send(new dist_cjs.StopTaskCommand({ cluster: this.o.cluster, task: arn, reason }));
            this.record('task', `${why}: stopped task ${taskIdOf(arn)} (StopTask)`);
        }
        catch (err) {
            this.record('task', `${why}; StopTask of ${taskIdOf(arn)} failed: ${err instanceof Error ? err.message : String(err)}`, 'warning');
        }
        const cause = {
            gate,
            summary: `${why}; the task was stopped`,
            taskArn: arn,
            container: this.container,
        };
        await this.attachLog(cause, arn, this.container);
        return { status: 'failed', task, cause };
    }
    logLocation(container) {
        return logLocationOf(this.info, container ?? this.container);
    }
    async attachLog(cause, taskArn, container) {
        const location = this.logLocation(container);
        if (!location)
            return;
        await attachLogTail(cause, {
            logsFor: (region) => this.deps.clients.logs(region),
            region: this.o.region,
            info: this.info,
            taskArn,
            container: location.container,
            count: this.o.logLines,
            redactValues: [...this.info.environmentValues, ...this.o.environment.map((e) => e.value)],
            log: this.log,
        });
        if (cause.logLines?.length) {
            this.log.info([
                `last ${cause.logLines.length} log lines of ${location.container} (${cause.logGroup} ${cause.logStream}):`,
                // A prefix on every line: a log line starting with `::` must not become a workflow command.
                ...cause.logLines.map((l) => `| ${l}`),
            ].join('\n'));
        }
        else if (cause.logLines) {
            this.log.info(`${location.container} wrote no log lines (${cause.logGroup} ${cause.logStream})`);
        }
    }
    async finish(end) {
        const { o, deps } = this;
        const finishedAt = deps.clock.now();
        const taskArn = end.task?.taskArn ?? undefined;
        const info = this.info;
        const ref = info?.ref ?? { arn: '', family: '', revision: 0 };
        const report = {
            schemaVersion: 1,
            kind: 'run-task',
            status: end.status === 'started' ? 'in-progress' : end.status,
            region: o.region,
            cluster: o.cluster,
            service: o.service ?? ref.family,
            taskDefinition: ref,
            registered: this.registered,
            images: info?.images ?? {},
            ...(o.git ? { git: o.git } : {}),
            ...reportTimes(this.startedAt, finishedAt, end.status !== 'started'),
            timeline: this.timeline.entries,
            gates: end.status === 'started'
                ? [{ name: 'exit-code', status: 'waiting', detail: 'not waited for' }]
                : [
                    {
                        name: 'exit-code',
                        status: end.status === 'succeeded' ? 'passed' : 'failed',
                        detail: end.exitCode !== undefined ? `exit code ${end.exitCode}` : (end.cause?.summary ?? ''),
                    },
                ],
            ...(end.cause ? { cause: end.cause } : {}),
            logs: releaseLogs(info, taskArn ? [taskArn] : []),
            alarms: [],
            ...(taskArn ? { taskArn } : {}),
            ...(end.exitCode !== undefined ? { exitCode: end.exitCode } : {}),
        };
        const message = outcomeLine(report);
        const reportPath = deps.reportDir ? await writeReport(deps.reportDir, report) : undefined;
        return {
            status: end.status,
            message,
            report,
            ...(reportPath ? { reportPath } : {}),
            summary: runTaskSummary(report, message),
            ...(taskArn ? { taskArn } : {}),
            ...(end.exitCode !== undefined ? { exitCode: end.exitCode } : {}),
        };
    }
}
/** The container the overrides apply to: the one named, else the only one, else the first essential one. */
function chooseContainer(td, requested) {
    const containers = td.containerDefinitions ?? [];
    const names = containers.map((c) => c.name ?? '');
    if (requested) {
        if (names.includes(requested))
            return requested;
        throw new inputs/* UserError */.yo('container', `${td.family ?? 'the task definition'} has no container "${requested}"`, `use one of: ${names.join(', ')}`);
    }
    return (containers.find((c) => c.essential !== false) ?? containers[0])?.name ?? '';
}
function revisionLabel(td) {
    return taskDefinitionLabel({ family: td.family ?? '', revision: td.revision ?? 0 });
}
/** The step's one line: what ran and how it ended. */
function outcomeLine(report) {
    const label = report.taskDefinition.arn
        ? taskDefinitionLabel(report.taskDefinition)
        : 'the task definition';
    const task = report.taskArn ? `task ${taskIdOf(report.taskArn)} of ${label}` : label;
    const took = duration(report.durationSeconds ?? 0);
    if (report.status === 'in-progress')
        return `started ${task}; not waiting for it`;
    if (report.status === 'succeeded')
        return `${task} succeeded (exit code ${report.exitCode ?? 0}) in ${took}`;
    return `${task} failed: ${report.cause?.summary ?? 'unknown cause'}`;
}

// EXTERNAL MODULE: ./packages/run-task/parse.ts
var parse = __webpack_require__(5617);
;// CONCATENATED MODULE: ./packages/run-task/cancel.ts
/**
 * The run-task post step's safety net. The main step stops its task itself when the workflow is cancelled;
 * when it could not (killed before its StopTask went out, or crashed), the task it saved in GITHUB_STATE
 * may still be running, unwatched: the post step stops it.
 */


/** The state key naming the format; a post step that finds another (or none) does nothing. */
const TASK_STATE_FORMAT_KEY = 'runTaskState';
const TASK_STATE_FORMAT = '1';
function taskStateEntries(facts) {
    return Object.entries(facts)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]);
}
/** What the main step saved; undefined when nothing (it never got that far) or an unknown format. */
function readSavedTask(get) {
    if (get(TASK_STATE_FORMAT_KEY) !== TASK_STATE_FORMAT)
        return undefined;
    const cluster = get('cluster');
    const region = get('region');
    if (!cluster || !region)
        return undefined;
    const taskArn = get('taskArn');
    return {
        cluster,
        region,
        ...(taskArn ? { taskArn } : {}),
        finished: get('finished') === 'true',
        cancelled: get('cancelled') === 'true',
    };
}
/** Stop the saved task if it still runs; say what was found either way. */
async function stopLeftoverTask(saved, deps) {
    const why = saved.cancelled ? 'the workflow was cancelled' : 'the run-task step did not finish';
    const end = (ok, outcome) => {
        const message = `${why}: ${outcome}`;
        deps.log[ok ? 'info' : 'warning'](message);
        return { ok, message, summary: `### ${ok ? '⏹️' : '⚠️'} run-task (post step): ${message}\n` };
    };
    if (!saved.taskArn)
        return end(true, 'no task had been started; nothing to stop');
    const id = taskIdOf(saved.taskArn);
    try {
        const out = await deps.ecs.send(new dist_cjs.DescribeTasksCommand({ cluster: saved.cluster, tasks: [saved.taskArn] }));
        const task = out.tasks?.find((t) => t.taskArn === saved.taskArn);
        if (!task)
            return end(true, `task ${id} is gone (ECS no longer knows it)`);
        if (task.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED') {
            const exit = task.containers?.find((c) => c.exitCode !== undefined)?.exitCode;
            return end(true, `task ${id} is ${task.lastStatus === 'STOPPED' ? 'stopped' : 'stopping'} already${task.stoppedReason ? ` (${task.stoppedReason})` : ''}${exit !== undefined ? `, exit code ${exit}` : ''}`);
        }
        await deps.ecs.send(new dist_cjs.StopTaskCommand({
            cluster: saved.cluster,
            task: saved.taskArn,
            reason: `ecs-deploy-actions: ${why} (post step)`.slice(0, 255),
        }));
        return end(true, `stopped task ${id}, which was ${task.lastStatus ?? 'running'} (StopTask)`);
    }
    catch (err) {
        return end(false, `could not stop task ${id}: ${err instanceof Error ? err.message : String(err)}; it may still be running`);
    }
}

;// CONCATENATED MODULE: ./packages/run-task/index.ts
/** One-off ECS tasks (migrations and the like): run one, wait for it to stop, judge its exit codes. */






/***/ })

};
