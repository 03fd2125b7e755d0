export const id = 673;
export const ids = [673];
export const modules = {

/***/ 5673:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createDeployClients: () => (/* reexport */ createDeployClients),
  deploy: () => (/* reexport */ deploy),
  deploySummary: () => (/* reexport */ deploySummary),
  duration: () => (/* reexport */ deploy_message/* duration */.p),
  fetchProbe: () => (/* reexport */ fetchProbe),
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
// EXTERNAL MODULE: ./packages/deploy/resolve.ts
var resolve = __webpack_require__(2052);
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
    const target = (0,ecs/* revisionName */.pd)(targetArn);
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
            const back = sources.map(ecs/* revisionName */.pd).join(' or ') || 'the revision it started from';
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

// EXTERNAL MODULE: ./packages/task-definition/traceability.ts
var traceability = __webpack_require__(1895);
;// CONCATENATED MODULE: ./packages/history/marks.ts
/**
 * Known good and known bad, recorded on the revision itself: when a deploy's gates pass it tags the revision
 * verified for that service, and a revision it had to roll back failed. Tags are free and travel with the
 * revision, so a rollback weeks later (from another workflow, another runner) still knows which revisions
 * served well. One key per service and verdict, so one revision can be good for staging and bad for
 * production; the later of the two verdicts is the one that counts.
 */



const PREFIX = {
    verified: 'ecs-deploy:verified:',
    failed: 'ecs-deploy:failed:',
};
/** ECS tag keys are at most 128 characters. */
const KEY_LIMIT = 128;
/** The last part of an ARN (`…:cluster/web` → `web`, `…:service/web/backend` → `backend`), or the name. */
function shortName(nameOrArn) {
    return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').pop() ?? nameOrArn) : nameOrArn;
}
/**
 * The tag key of a verdict for one service: `ecs-deploy:verified:web/backend`. Names too long for a key
 * (ECS allows 255-character names) are replaced by a hash of them, the same on every run.
 */
function verdictKey(verdict, cluster, service) {
    const where = `${shortName(cluster)}/${shortName(service)}`;
    const key = PREFIX[verdict] + where;
    if (key.length <= KEY_LIMIT)
        return key;
    return `${PREFIX[verdict]}sha256-${(0,external_node_crypto_.createHash)('sha256').update(where).digest('hex').slice(0, 32)}`;
}
/** `2026-11-30T21:37:46.000Z run=https://github.com/acme/shop/actions/runs/1001` (≤ 256 characters). */
function formatVerdictValue(at, run) {
    return (0,traceability/* tagSafe */.gw)(`${new Date(at).toISOString()}${run ? ` run=${run}` : ''}`);
}
function parseVerdictValue(verdict, value) {
    if (!value)
        return undefined;
    const [time, ...rest] = value.split(' ');
    // Only the form formatVerdictValue writes: Date.parse takes "42" for the year 2042, which would let a
    // hand-edited tag outrank a real verdict.
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/.test(time ?? ''))
        return undefined;
    const at = Date.parse(time);
    if (Number.isNaN(at))
        return undefined;
    const run = rest.join(' ').replace(/^run=/, '');
    return { verdict, at, ...(run ? { run } : {}) };
}
/** The verdict a revision carries for a service: the later of verified and failed, or none. */
function verdictOf(tags, cluster, service) {
    const read = (verdict) => parseVerdictValue(verdict, tags?.find((t) => t.key === verdictKey(verdict, cluster, service))?.value);
    const verified = read('verified');
    const failed = read('failed');
    if (verified && failed)
        return failed.at > verified.at ? failed : verified;
    return verified ?? failed;
}
/** Whether a tag is one of our verdicts (of any service). */
function isVerdictKey(key) {
    return !!key && (key.startsWith(PREFIX.verified) || key.startsWith(PREFIX.failed));
}
/** Record a verdict on a revision (TagResource: the revision's content and number do not change). */
async function markRevision(ecs, taskDefinitionArn, where, verdict, at, run) {
    await ecs.send(new dist_cjs.TagResourceCommand({
        resourceArn: taskDefinitionArn,
        tags: [{ key: verdictKey(verdict, where.cluster, where.service), value: formatVerdictValue(at, run) }],
    }));
    return { verdict, at, ...(run ? { run } : {}) };
}

;// CONCATENATED MODULE: ./packages/history/history.ts
/**
 * A family's release history, read from ECS: the revisions newest first, each with what render and deploy
 * recorded on it (git sha, actor, run, verdict per service). Used for the history table of deploy and
 * rollback, for finding a rollback target, and by prune-revisions to know what must stay.
 */



/** `family:revision` of an ARN. */
function familyOf(arn) {
    const name = arn.slice(arn.indexOf(':task-definition/') + 17);
    const at = name.lastIndexOf(':');
    return { family: name.slice(0, at), revision: Number(name.slice(at + 1)) };
}
/**
 * ARNs of a family's revisions with the given status, newest first, until `limit` (all without one).
 * ListTaskDefinitions matches a family *prefix* (`backend` also lists `backend-worker`): others are dropped.
 */
async function history_listRevisionArns(ecs, family, options = {}) {
    const out = [];
    if (options.limit !== undefined && options.limit <= 0)
        return out;
    let nextToken;
    do {
        await options.onPage?.();
        const page = await ecs.send(new dist_cjs.ListTaskDefinitionsCommand({
            familyPrefix: family,
            status: options.status ?? 'ACTIVE',
            sort: 'DESC',
            maxResults: 100,
            ...(nextToken ? { nextToken } : {}),
        }));
        for (const arn of page.taskDefinitionArns ?? []) {
            if (familyOf(arn).family !== family)
                continue;
            out.push(arn);
            if (options.limit !== undefined && out.length >= options.limit)
                return out;
        }
        nextToken = page.nextToken;
    } while (nextToken);
    return out;
}
/** DescribeTaskDefinition with tags for each ARN, a few at a time, in the order given. */
async function history_describeRevisions(ecs, arns, options = {}) {
    const out = new Array(arns.length);
    let next = 0;
    const worker = async () => {
        while (next < arns.length) {
            const i = next++;
            await options.before?.();
            const res = await ecs.send(new dist_cjs.DescribeTaskDefinitionCommand({ taskDefinition: arns[i], include: ['TAGS'] }));
            if (!res.taskDefinition)
                throw new Error(`ECS described no task definition for ${arns[i]}`);
            out[i] = { td: res.taskDefinition, tags: res.tags ?? [] };
        }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, options.concurrency ?? 5), arns.length) }, worker));
    return out;
}
/** The principal's short name: `arn:aws:sts::1:assumed-role/github-actions/run-7` → `github-actions/run-7`. */
function principalName(arn) {
    if (!arn)
        return undefined;
    const m = /:(?:assumed-role|user|role)\/(.+)$/.exec(arn);
    return m?.[1] ?? arn.split(':').pop();
}
function history_releaseRecord(d, where) {
    const { td, tags } = d;
    const arn = td.taskDefinitionArn ?? '';
    const mark = where ? verdictOf(tags, where.cluster, where.service) : undefined;
    const get = (key) => (0,traceability/* tagValue */.EZ)(tags, key);
    return {
        arn,
        family: td.family ?? familyOf(arn).family,
        revision: td.revision ?? familyOf(arn).revision,
        status: td.status ?? 'ACTIVE',
        ...(td.registeredAt ? { registeredAt: new Date(td.registeredAt).toISOString() } : {}),
        ...(td.registeredBy ? { registeredBy: principalName(td.registeredBy) } : {}),
        ...(get(traceability/* GIT_SHA_TAG */.Rw) ? { gitSha: get(traceability/* GIT_SHA_TAG */.Rw) } : {}),
        ...(get(traceability/* REPOSITORY_TAG */.SD) ? { repository: get(traceability/* REPOSITORY_TAG */.SD) } : {}),
        ...(get(traceability/* ACTOR_TAG */.Lx) ? { actor: get(traceability/* ACTOR_TAG */.Lx) } : {}),
        ...(get(traceability/* RUN_URL_TAG */.tX) ? { runUrl: get(traceability/* RUN_URL_TAG */.tX) } : {}),
        images: Object.fromEntries((td.containerDefinitions ?? []).map((c) => [c.name ?? '', c.image ?? ''])),
        ...(mark ? { verdict: mark.verdict, verdictAt: new Date(mark.at).toISOString() } : {}),
    };
}
/**
 * The rollback target among records of one family: the newest verified ACTIVE revision older than the one
 * serving. Revision − 1 is never assumed: it may be the release that failed.
 */
function history_previousVerified(records, serving) {
    return records
        .filter((r) => r.revision < serving && r.verdict === 'verified' && r.status === 'ACTIVE')
        .sort((a, b) => b.revision - a.revision)[0];
}
/**
 * The newest `limit` ACTIVE revisions of the family with their verdicts for the service. When the rollback
 * target is older than those, it is read too and listed last, so the table always names it.
 */
async function history_readHistory(ecs, req) {
    const where = { cluster: req.cluster, service: req.service };
    const serving = req.liveArn ? familyOf(req.liveArn) : undefined;
    const arns = await history_listRevisionArns(ecs, req.family, { limit: req.limit });
    const records = (await history_describeRevisions(ecs, arns)).map((d) => history_releaseRecord(d, where));
    let target = serving && serving.family === req.family ? history_previousVerified(records, serving.revision) : undefined;
    if (!target && serving && serving.family === req.family && arns.length >= req.limit) {
        // Further back, a page at a time: stop at the first verified revision older than the live one.
        const all = await history_listRevisionArns(ecs, req.family, { limit: req.limit + 200 });
        for (const arn of all.slice(req.limit)) {
            if (familyOf(arn).revision >= serving.revision)
                continue;
            const [d] = await history_describeRevisions(ecs, [arn]);
            const record = history_releaseRecord(d, where);
            if (record.verdict === 'verified') {
                records.push(record);
                target = record;
                break;
            }
        }
    }
    for (const r of records) {
        if (r.arn === req.liveArn)
            r.live = true;
        if (r === target)
            r.rollbackTarget = true;
    }
    return records;
}

;// CONCATENATED MODULE: ./packages/history/target.ts


const SHA = /^(?:sha:)?([0-9a-f]{7,40})$/i;
/** Read the `to` input; a value of no known form is refused before any AWS call. */
function parseRollbackTo(text, input = 'to') {
    const value = (text ?? '').trim();
    if (!value || value === 'previous')
        return { kind: 'previous' };
    // `sha:` first: `sha:1234567` would otherwise read as revision 1234567 of a family named "sha".
    const prefixed = /^sha:([0-9a-f]{7,40})$/i.exec(value);
    if (prefixed)
        return { kind: 'sha', sha: prefixed[1].toLowerCase(), text: value };
    if (/^\d{1,7}$/.test(value) && Number(value) > 0)
        return { kind: 'revision', revision: Number(value), text: value };
    if (/^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+$/.test(value))
        return { kind: 'ref', ref: value };
    if (/^[A-Za-z0-9_-]{1,255}:\d+$/.test(value))
        return { kind: 'ref', ref: value };
    const sha = SHA.exec(value);
    if (sha)
        return { kind: 'sha', sha: sha[1].toLowerCase(), text: value };
    throw new UserError(input, `${quote(value)} is not a rollback target`, 'write previous, a revision number (41), family:revision (backend:41), a task-definition ARN, or a git sha of 7 to 40 hex digits (sha:1234567 for one made of digits only)');
}
const familyRevision = (arn) => {
    const name = arn.slice(arn.indexOf(':task-definition/') + 17);
    const at = name.lastIndexOf(':');
    return { family: name.slice(0, at), revision: Number(name.slice(at + 1)) };
};
const label = (r) => `${r.family}:${r.revision}`;
/** One line per revision for an error or a log: `backend:44 (3f9c2e1, 2026-11-30 21:40 UTC, by octocat, verified)`. */
function candidateLine(r) {
    const facts = [
        r.gitSha ? r.gitSha.slice(0, 7) : 'no sha',
        r.registeredAt ? `${r.registeredAt.slice(0, 16).replace('T', ' ')} UTC` : undefined,
        r.actor ? `by ${r.actor}` : r.registeredBy ? `by ${r.registeredBy}` : undefined,
        r.verdict,
        r.live ? 'live' : undefined,
    ].filter(Boolean);
    return `${label(r)} (${facts.join(', ')})`;
}
async function resolveRollbackTarget(ecs, req) {
    const input = req.input ?? 'to';
    const where = { cluster: req.cluster, service: req.service };
    const current = familyRevision(req.currentArn);
    const recent = async () => {
        const records = await readHistory(ecs, {
            ...where,
            family: current.family,
            liveArn: req.currentArn,
            limit: 8,
        });
        return records.length
            ? `recent revisions of ${current.family}: ${records.map(candidateLine).join('; ')}`
            : `${current.family} has no ACTIVE revisions`;
    };
    const checked = (record, how, warnings = []) => {
        if (record.status === 'INACTIVE' && !req.allowInactive) {
            throw new UserError(input, `${label(record)} is INACTIVE (deregistered): ECS updates no service to it`, 'choose an ACTIVE revision, or set allow-inactive: true to register its content again and go back to that');
        }
        if (record.verdict === 'failed' && req.to.kind !== 'previous')
            warnings.push(`${label(record)} is marked failed for ${req.service} (${record.verdictAt}): going back to it as asked`);
        if (record.status === 'INACTIVE')
            warnings.push(`${label(record)} is INACTIVE: its content is registered again (allow-inactive)`);
        return { record, how, warnings };
    };
    const describeOne = async (ref) => {
        const [d] = await describeRevisions(ecs, [ref]).catch((err) => {
            if (err instanceof Error && err.name === 'ClientException')
                return [undefined];
            throw err;
        });
        return d ? releaseRecord(d, where) : undefined;
    };
    switch (req.to.kind) {
        case 'previous': {
            const records = await readHistory(ecs, {
                ...where,
                family: current.family,
                liveArn: req.currentArn,
                limit: 10,
            });
            const target = records.find((r) => r.rollbackTarget) ?? previousVerified(records, current.revision);
            if (!target) {
                throw new UserError(input, `no revision of ${current.family} older than the serving ${current.family}:${current.revision} is verified for ${req.service} (a deploy marks a revision verified when its gates pass); ${await recent()}`, 'give the revision to go back to, e.g. to: 41 or a git sha');
            }
            return checked(target, `previous: the newest revision verified for ${req.service} older than the serving ${current.family}:${current.revision}`);
        }
        case 'revision':
        case 'ref': {
            const ref = req.to.kind === 'revision' ? `${current.family}:${req.to.revision}` : req.to.ref;
            const record = await describeOne(ref);
            if (!record) {
                // Seven digits may be a short sha made only of digits: look for it before giving up.
                if (req.to.kind === 'revision' && req.to.text.length === 7)
                    return resolveRollbackTarget(ecs, {
                        ...req,
                        to: { kind: 'sha', sha: req.to.text, text: req.to.text },
                    });
                throw new UserError(input, `ECS has no task definition ${ref} in ${req.region}; ${await recent()}`, 'give one of the revisions listed, or check aws-region');
            }
            return checked(record, req.to.kind === 'revision' ? `revision ${req.to.revision} of ${current.family}` : ref);
        }
        case 'sha':
            return checked(...(await findBySha(ecs, req, req.to.sha, recent)));
    }
}
async function findBySha(ecs, req, sha, recent) {
    const where = { cluster: req.cluster, service: req.service };
    const { family } = familyRevision(req.currentArn);
    const depth = req.searchDepth ?? 100;
    const matching = async (status) => {
        const arns = await listRevisionArns(ecs, family, { status, limit: depth });
        const records = (await describeRevisions(ecs, arns)).map((d) => releaseRecord(d, where));
        return records.filter((r) => r.gitSha?.toLowerCase().startsWith(sha));
    };
    let found = await matching('ACTIVE');
    if (!found.length && req.allowInactive)
        found = await matching('INACTIVE');
    if (!found.length) {
        const inactive = req.allowInactive ? [] : await matching('INACTIVE');
        if (inactive.length) {
            throw new UserError(req.input ?? 'to', `git sha ${sha} is only on INACTIVE (deregistered) revisions: ${inactive.map(label).join(', ')}`, 'choose an ACTIVE revision, or set allow-inactive: true');
        }
        throw new UserError(req.input ?? 'to', `no revision of ${family} among its newest ${depth} was rendered from git sha ${sha}; ${await recent()}`, 'give a sha from the list, or a revision number');
    }
    const shas = new Set(found.map((r) => r.gitSha.toLowerCase()));
    if (shas.size > 1) {
        throw new UserError(req.input ?? 'to', `git sha ${sha} is ambiguous: it starts ${[...shas].map((s) => s.slice(0, 12)).join(', ')}`, 'give more digits of the sha');
    }
    const verified = found.filter((r) => r.verdict === 'verified');
    const usable = found.filter((r) => r.verdict !== 'failed');
    const pick = verified[0] ?? usable[0];
    if (!pick) {
        throw new UserError(req.input ?? 'to', `every revision rendered from ${sha} is marked failed for ${req.service}: ${found.map(label).join(', ')}`, 'give one of them by revision number to go back to it anyway, or choose another sha');
    }
    const how = `git sha ${sha}: ${found.length > 1 ? `the newest ${verified.length ? 'verified' : 'not failed'} of ${found.map(label).join(', ')}` : label(pick)}`;
    const warnings = verified.length ? [] : [`${label(pick)} was never verified for ${req.service}`];
    return [pick, how, warnings];
}

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

;// CONCATENATED MODULE: ./packages/history/index.ts
/** Release history: verdicts recorded on revisions, the family's history, and rollback targets. */





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
        const found = o.rollbackOf?.allowInactive ? await revisions.find(o.taskDefinition.ref) : undefined;
        if (found?.td.status === 'INACTIVE')
            return restoreInactive(state, found, running, previousArn);
        const ref = o.taskDefinition.ref;
        const chosen = found ??
            (await revisions.require(ref, o.rollbackOf ? 'to' : 'task-definition').catch((err) => {
                // `previous` names no family here: going back is the rollback action's job, and it knows which.
                if (!o.rollbackOf && /^(previous|last|rollback)$/i.test(ref) && err instanceof inputs/* UserError */.yo) {
                    throw new inputs/* UserError */.yo('task-definition', `ECS has no task definition family "${ref}" in ${o.region}`, 'to go back to the last revision that passed its gates, use the rollback action (`uses: …/actions/rollback@v1` with `to: previous`); to deploy a revision give family:revision');
                }
                throw err;
            }));
        state.record('info', o.rollbackOf
            ? `rolling back from ${(0,ecs/* revisionName */.pd)(previousArn)} to ${(0,ecs/* revisionName */.pd)(chosen.info.ref.arn)} (${o.rollbackOf.how})`
            : `deploying existing revision ${(0,ecs/* revisionName */.pd)(chosen.info.ref.arn)} (previous: ${(0,ecs/* revisionName */.pd)(previousArn)})`);
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
    const old = (0,ecs/* revisionName */.pd)(inactive.info.ref.arn);
    const file = {
        taskDefinition: (0,task_definition/* normalizeForRegister */.Ae)(inactive.td),
        tags: [
            ...inactive.tags.filter((t) => !isVerdictKey(t.key) && t.key !== RESTORED_FROM_TAG),
            { key: RESTORED_FROM_TAG, value: old },
        ],
    };
    delete file.taskDefinition.tags;
    const changes = (0,task_definition/* diffTaskDefinitions */.n2)(running.td, file.taskDefinition);
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
    state.record('info', `${old} is INACTIVE and ECS updates no service to it: registered its content again as ${(0,ecs/* revisionName */.pd)(registered.info.ref.arn)} (allow-inactive; previous: ${(0,ecs/* revisionName */.pd)(previousArn)})`, 'warning');
    return { previous: running.info, target: registered.info, registered: true, changes };
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
const summary_cell = (text) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
function deploySummary(report, changes) {
    const lines = [];
    lines.push(`### ${ICON[report.status] ?? ''} ${report.service}: ${summary_cell((0,deploy_message/* outcomeMessage */.y)(report))}`, '');
    const facts = [
        `**Status:** ${report.status}`,
        `**Cluster:** ${report.cluster} (${report.region})`,
        `**Strategy:** ${report.strategy}`,
        `**Revision:** ${report.taskDefinition.arn ? (0,observation/* revisionName */.pd)(report.taskDefinition.arn) : '(not registered: dry run)'}${report.registered ? ' (new)' : ' (existing)'}`,
        ...(report.previousTaskDefinition
            ? [`**Previous:** ${(0,observation/* revisionName */.pd)(report.previousTaskDefinition.arn)}`]
            : []),
        ...(report.deploymentId ? [`**Deployment:** \`${report.deploymentId}\``] : []),
        ...(report.verdicts ?? []).map((v) => `**${v.verdict === 'verified' ? '✅ Verified' : '❌ Marked failed'}:** ${(0,observation/* revisionName */.pd)(v.revision.arn)}${v.error ? ' (not recorded: the tag could not be written)' : ''}`),
        `**Duration:** ${report.durationSeconds ?? 0}s`,
    ];
    lines.push(facts.join(' · '), '');
    const cause = report.cause;
    if (cause && report.status !== 'succeeded') {
        lines.push('#### Why it failed', '', `**${summary_cell(cause.summary)}**`, '');
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
                lines.push(`- ${name}: \`${summary_cell(String(value))}\``);
        if (report.rollbackProblem)
            lines.push(`- service state: ${summary_cell(report.rollbackProblem)}`);
        lines.push('');
        if (cause.logLines?.length) {
            lines.push(`<details open><summary>Last ${cause.logLines.length} log lines of the failed task</summary>`, '', '```text');
            lines.push(...cause.logLines.map((l) => l.replace(/```/g, "'''")), '```', '', '</details>', '');
        }
    }
    if (report.gates.length) {
        lines.push('#### Gates', '', '| gate | result | detail |', '| --- | --- | --- |');
        for (const g of report.gates)
            lines.push(`| ${summary_cell(g.name)} | ${g.status} | ${summary_cell(g.detail ?? '')} |`);
        lines.push('');
    }
    if (report.timeline.length) {
        const start = Date.parse(report.startedAt);
        lines.push('#### Timeline', '', '| time (UTC) | +s | what |', '| --- | --- | --- |');
        const row = (e) => `| ${e.at.slice(11, 19)} | ${Math.round((Date.parse(e.at) - start) / 1000)} | ${summary_cell(e.message)} |`;
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
        lines.push(historyTable(report.history, {
            ...(report.git?.repository ? { repository: report.git.repository } : {}),
            ...(serverOf(report.git?.runUrl) ? { serverUrl: serverOf(report.git?.runUrl) } : {}),
        }), '');
    }
    else if (report.historyError) {
        lines.push(`_The release history could not be read: ${summary_cell(report.historyError)}_`, '');
    }
    if (report.previousTaskDefinition) {
        lines.push(`#### Task definition changes against ${(0,observation/* revisionName */.pd)(report.previousTaskDefinition.arn)}`, '');
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
    const verdicts = await recordVerdicts(state, end);
    const running = end.service ? (0,ecs/* refOf */.H8)(currentRevision(end.service)) : undefined;
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
        ...(verdicts.length ? { verdicts } : {}),
        ...history,
        inputs: reportedInputs(o),
        ...(o.dryRun ? { dryRun: true } : {}),
    };
    const message = (0,deploy_message/* outcomeMessage */.y)(report);
    const summary = deploySummary(report, end.revs?.changes ?? []);
    const reportPath = deps.reportDir ? await (0,ecs/* writeReport */.u5)(deps.reportDir, report) : undefined;
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
        await markRevision(state.deps.clients.ecs, target.ref.arn, o, verdict, at, o.git?.runUrl);
        state.record('info', `marked ${(0,ecs/* revisionName */.pd)(target.ref.arn)} ${verdict} for ${o.service}`);
    }
    catch (err) {
        record.error = (0,aws/* explainAwsError */.Ni)(err).message;
        state.record('info', `could not mark ${(0,ecs/* revisionName */.pd)(target.ref.arn)} ${verdict} for ${o.service} (${record.error}): rollback's \`to: previous\` will not know it`, 'warning');
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
            live = now.services?.[0] ? currentRevision(now.services[0]) : undefined;
        }
        const history = await history_readHistory(state.deps.clients.ecs, {
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
        state.log.info(`${o.rollbackOf ? 'rolling back' : 'deploying to'} service ${o.service} in cluster ${o.cluster} (${o.region}), strategy ${state.strategy}`);
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
            if (o.rollbackOf && revs.target) {
                const seen = await inFlightFor(clients, service, state.strategy, revs.target.ref.arn);
                const target = (0,ecs/* revisionName */.pd)(revs.target.ref.arn);
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
            (0,cancel.noteStarted)(state, subject, service, undefined);
        if (nothingChanges) {
            subject.kind = 'verify';
            if (o.testCheck) {
                state.notApplicable('test-http', 'nothing was deployed: no new tasks took test traffic');
                required = required.filter((g) => g !== 'test-http');
            }
            if (inFlight.kind !== 'stop')
                state.record('info', `service already runs ${(0,ecs/* revisionName */.pd)(previousArn)}: nothing to update, checking it is healthy`);
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
        if (subject.kind === 'verify' || o.rollback === 'none' || inFlight.kind !== 'idle') {
            const where = watched.last ? (0,rollback/* describeServiceState */.sl)(watched.last) : 'unknown';
            // Putting back what a rollback replaced mid-deployment would put back the release it rolled back.
            const why = inFlight.kind === 'stop'
                ? `ECS's rollback put ${(0,ecs/* revisionName */.pd)(target.ref.arn)} back and it is not healthy`
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
    /**
     * Stop the in-flight service deployment with ROLLBACK and wait until ECS has put the target back; the
     * caller then checks it with every gate. Returns the end of the run when that did not happen.
     */
    async stopInFlight(serviceDeploymentArn, what, targetArn) {
        const { state } = this;
        const { o } = state;
        const cancelled = (0,cancel.cancelledBeforeChange)(state, 'preparing the rollback');
        if (cancelled)
            return { status: 'failed', cause: cancelled };
        await state.deps.clients.ecs.send(new dist_cjs.StopServiceDeploymentCommand({ serviceDeploymentArn, stopType: 'ROLLBACK' }));
        state.shipped = targetArn;
        state.deploymentId = serviceDeploymentArn;
        state.record('rollback', `stopped the in-flight deployment (${what}) with ECS's rollback: it puts ${(0,ecs/* revisionName */.pd)(targetArn)} back`, 'warning');
        const back = await (0,watch/* watch */.wB)(state, {
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
            ? (0,rollback/* describeServiceState */.sl)(back.last)
            : ((await (0,rollback/* describeServiceNow */.$$)(state.deps.clients, o.cluster, o.service)) ?? 'unknown');
        return {
            status: 'failed',
            cause: back.cause ?? { gate: 'rollout', summary: 'ECS did not finish its rollback' },
            rollbackProblem: back.cancelled
                ? `the workflow was cancelled; ECS goes on with its rollback to ${(0,ecs/* revisionName */.pd)(targetArn)}; the service: ${where}`
                : `ECS's rollback to ${(0,ecs/* revisionName */.pd)(targetArn)} did not finish; the service: ${where}`,
        };
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
                ? `it is being deployed by ${(0,lock/* describeMark */.hU)(holder, state.serverTime.now())}`
                : o.rollbackOf
                    ? undefined
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
        this.state.shipped = taskDefinition;
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
