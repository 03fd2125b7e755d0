export const id = 801;
export const ids = [801];
export const modules = {

/***/ 4801:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  IN_FLIGHT: () => (/* reexport */ IN_FLIGHT),
  Protections: () => (/* reexport */ Protections),
  READ_RATE: () => (/* reexport */ READ_RATE),
  SUMMARY_ROWS: () => (/* reexport */ SUMMARY_ROWS),
  TokenBucket: () => (/* reexport */ TokenBucket),
  WRITE_RATE: () => (/* reexport */ WRITE_RATE),
  formatAge: () => (/* reexport */ formatAge),
  lineText: () => (/* reexport */ lineText),
  planFamily: () => (/* reexport */ planFamily),
  prune: () => (/* reexport */ prune),
  pruneSummary: () => (/* reexport */ pruneSummary),
  revisionKey: () => (/* reexport */ revisionKey),
  scaled: () => (/* reexport */ scaled),
  scanClusters: () => (/* reexport */ scanClusters),
  verifiedPlaces: () => (/* reexport */ verifiedPlaces)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./packages/runtime/index.ts
var runtime = __webpack_require__(89);
;// CONCATENATED MODULE: ./packages/task-definition/traceability.ts

/** Every tag render adds for traceability starts with this; users may not set such keys themselves. */
const TRACEABILITY_TAG_PREFIX = 'ecs-deploy:';
/** The full commit sha the revision was rendered from. Deploy and rollback find revisions by it. */
const traceability_GIT_SHA_TAG = 'ecs-deploy:git-sha';
/** The git ref (`refs/heads/main`, `refs/pull/7/merge`, `refs/tags/v1.2.0`). */
const GIT_REF_TAG = 'ecs-deploy:git-ref';
/** `owner/name` of the repository. */
const traceability_REPOSITORY_TAG = 'ecs-deploy:repository';
/** The workflow run id. */
const RUN_ID_TAG = 'ecs-deploy:run-id';
/** The workflow run's URL. */
const traceability_RUN_URL_TAG = 'ecs-deploy:run-url';
/** Who started the run. */
const traceability_ACTOR_TAG = 'ecs-deploy:actor';
function isTraceabilityTag(key) {
    return key.startsWith(TRACEABILITY_TAG_PREFIX);
}
/** The value of a tag, e.g. `tagValue(tags, GIT_SHA_TAG)`. */
function traceability_tagValue(tags, key) {
    return tags?.find((t) => t.key === key)?.value;
}
/**
 * Characters ECS allows in tag values are letters, digits, spaces and `_ . : / = + - @`; anything else in a
 * branch name (e.g. `#`) becomes `_`, and values are cut at 256 characters.
 */
function traceability_tagSafe(value) {
    return value.replace(/[^\p{L}\p{N}\p{Zs}_.:/=+\-@]/gu, '_').slice(0, 256);
}
/** The traceability tags for a run; a field GitHub did not give is left out. */
function traceabilityTags(ctx) {
    const pairs = [
        [traceability_GIT_SHA_TAG, ctx.sha],
        [GIT_REF_TAG, ctx.ref],
        [traceability_REPOSITORY_TAG, ctx.repository],
        [RUN_ID_TAG, ctx.runId],
        [traceability_RUN_URL_TAG, runUrl(ctx)],
        [traceability_ACTOR_TAG, ctx.actor],
    ];
    return pairs
        .filter((p) => !!p[1])
        .map(([key, value]) => ({ key, value: traceability_tagSafe(value) }));
}

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
    return tagSafe(`${new Date(at).toISOString()}${run ? ` run=${run}` : ''}`);
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
function marks_verdictOf(tags, cluster, service) {
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
    await ecs.send(new TagResourceCommand({
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
    const get = (key) => tagValue(tags, key);
    return {
        arn,
        family: td.family ?? familyOf(arn).family,
        revision: td.revision ?? familyOf(arn).revision,
        status: td.status ?? 'ACTIVE',
        ...(td.registeredAt ? { registeredAt: new Date(td.registeredAt).toISOString() } : {}),
        ...(td.registeredBy ? { registeredBy: principalName(td.registeredBy) } : {}),
        ...(get(GIT_SHA_TAG) ? { gitSha: get(GIT_SHA_TAG) } : {}),
        ...(get(REPOSITORY_TAG) ? { repository: get(REPOSITORY_TAG) } : {}),
        ...(get(ACTOR_TAG) ? { actor: get(ACTOR_TAG) } : {}),
        ...(get(RUN_URL_TAG) ? { runUrl: get(RUN_URL_TAG) } : {}),
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

// EXTERNAL MODULE: ./packages/inputs/index.ts + 5 modules
var inputs = __webpack_require__(61);
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
                ? link(code(r.gitSha.slice(0, 7)), `${server}/${repo}/commit/${r.gitSha}`)
                : code(r.gitSha.slice(0, 7))
            : '';
        const images = Object.values(r.images ?? {}).map((i) => code(imageLabel(String(i))));
        const notes = [
            r.live ? '🟢 live' : '',
            r.rollbackTarget ? '↩️ rollback target' : '',
            r.status !== 'ACTIVE' ? text(String(r.status)) : '',
        ].filter(Boolean);
        return [
            code(`${r.family}:${r.revision}`),
            sha,
            images.join(' '),
            r.registeredAt ? text(r.registeredAt.slice(0, 16).replace('T', ' ')) : '',
            text(r.actor ?? r.registeredBy ?? ''),
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





;// CONCATENATED MODULE: ./packages/prune/pace.ts
/** Half of the documented quotas (see above). */
const READ_RATE = { burst: 10, perSecond: 10 };
const WRITE_RATE = { burst: 10, perSecond: 0.5 };
/** A token bucket on an injected clock: `take()` resolves when a call may go. */
class TokenBucket {
    rate;
    clock;
    tokens;
    last;
    /** Calls wait in order: each `take` chains on the one before. */
    queue = Promise.resolve();
    constructor(rate, clock) {
        this.rate = rate;
        this.clock = clock;
        this.tokens = rate.burst;
        this.last = clock.now();
    }
    take() {
        const turn = this.queue.then(() => this.wait());
        this.queue = turn.catch(() => undefined);
        return turn;
    }
    async wait() {
        for (;;) {
            const now = this.clock.now();
            this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.last) / 1000) * this.rate.perSecond);
            this.last = now;
            if (this.tokens >= 1) {
                this.tokens -= 1;
                return;
            }
            await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate.perSecond) * 1000));
        }
    }
}
/** A rate multiplied by `scale` (tests against the simulator run the same pacing, faster). */
function scaled(rate, scale) {
    return {
        burst: Math.max(1, Math.round(rate.burst * Math.max(1, scale))),
        perSecond: rate.perSecond * scale,
    };
}

;// CONCATENATED MODULE: ./packages/prune/options.ts
/** `30d`, `12h`, `1d12h`, `1h30m`, `0s`: how the summary writes a duration in seconds (two units at most). */
function formatAge(seconds) {
    if (seconds <= 0)
        return '0s';
    const d = Math.floor(seconds / 86_400);
    const h = Math.floor((seconds % 86_400) / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = Math.floor(seconds % 60);
    const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''];
    // The two largest units from the first one given: `2d3h`, not `2d3h4m5s` (`1d0h5m` reads as `1d`).
    const first = parts.findIndex(Boolean);
    return parts
        .slice(first, first + 2)
        .filter(Boolean)
        .join('');
}

;// CONCATENATED MODULE: ./packages/prune/plan.ts
/**
 * The decision, per revision of one family: kept (with every reason that applies) or a candidate to
 * deregister. Pure: the engine reads ECS, this decides, so each rule is testable on plain data.
 */


/** Tag-key prefixes of the two verdicts (the key of an empty place, less its `/`). */
const VERIFIED = verdictKey('verified', '', '').slice(0, -1);
const FAILED = verdictKey('failed', '', '').slice(0, -1);
/**
 * Which service places (`cluster/service`, or the hashed key of long names) each revision is verified for,
 * counting only the latest verdict per place (a later `failed` overrides an earlier `verified`).
 */
function verifiedPlaces(tags) {
    const places = new Set();
    for (const t of tags) {
        if (t.key?.startsWith(VERIFIED))
            places.add(t.key.slice(VERIFIED.length));
        else if (t.key?.startsWith(FAILED))
            places.add(t.key.slice(FAILED.length));
    }
    const out = [];
    for (const place of places) {
        const verified = parseVerdictValue('verified', tags.find((t) => t.key === VERIFIED + place)?.value);
        const failed = parseVerdictValue('failed', tags.find((t) => t.key === FAILED + place)?.value);
        if (verified && !(failed && failed.at > verified.at))
            out.push({ place, at: verified.at });
    }
    return out;
}
/** Decide for one family's ACTIVE revisions (any order in; newest first out). */
function planFamily(family, described, protections, rules) {
    const revisions = described
        .map((d) => ({
        d,
        revision: d.td.revision ?? Number((d.td.taskDefinitionArn ?? '').split(':').pop()),
    }))
        .sort((a, b) => b.revision - a.revision);
    const verifiedSeen = new Map();
    return revisions.map(({ d, revision }, index) => {
        const reasons = [];
        const registeredAt = d.td.registeredAt ? new Date(d.td.registeredAt).getTime() : undefined;
        if (index < rules.keep)
            reasons.push(`one of the newest ${rules.keep}`);
        reasons.push(...protections.of(`${family}:${revision}`));
        for (const { place } of verifiedPlaces(d.tags)) {
            const n = (verifiedSeen.get(place) ?? 0) + 1;
            verifiedSeen.set(place, n);
            if (n <= rules.keepVerified) {
                reasons.push(`rollback target: verified for ${place} (${ordinal(n)} newest verified)`);
            }
        }
        if (registeredAt === undefined)
            reasons.push('registration time unknown');
        else {
            const age = Math.max(0, Math.floor((rules.now - registeredAt) / 1000));
            if (age < rules.olderThanSeconds) {
                reasons.push(`registered ${formatAge(age)} ago, within older-than ${formatAge(rules.olderThanSeconds)}`);
            }
        }
        return {
            arn: d.td.taskDefinitionArn ?? `${family}:${revision}`,
            family,
            revision,
            ...(registeredAt !== undefined ? { registeredAt } : {}),
            reasons,
        };
    });
}
function ordinal(n) {
    const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
    return `${n}${s}`;
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
const LOCK_TTL_MS = (/* unused pure expression or super */ null && (10 * 60_000));
/** Refresh well before expiry. */
const LOCK_REFRESH_MS = (/* unused pure expression or super */ null && (2 * 60_000));
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
        await releaseMark(this.ecs, this.serviceArn, this.me.token);
    }
    read() {
        return readMark(this.ecs, this.serviceArn);
    }
    async write(revision) {
        const mark = { ...this.me, revision, until: this.awsNow() + LOCK_TTL_MS };
        this.wrote = true;
        await this.ecs.send(new TagResourceCommand({
            resourceArn: this.serviceArn,
            tags: [{ key: LOCK_TAG, value: formatMark(mark) }],
        }));
        this.mark = mark;
        this.refreshedAt = mark.until - LOCK_TTL_MS;
    }
}
async function readMark(ecs, serviceArn) {
    const out = await ecs.send(new ListTagsForResourceCommand({ resourceArn: serviceArn }));
    return parseMark(out.tags?.find((t) => t.key === LOCK_TAG)?.value);
}
/** Remove the mark with this token (a post step cleaning up after its main step); another's stays. */
async function releaseMark(ecs, serviceArn, token) {
    const now = await readMark(ecs, serviceArn);
    if (now?.token !== token)
        return false;
    await ecs.send(new UntagResourceCommand({ resourceArn: serviceArn, tagKeys: [LOCK_TAG] }));
    return true;
}

;// CONCATENATED MODULE: ./packages/prune/protect.ts
/**
 * What must never be deregistered because a service uses it or is about to: read from every service of
 * every cluster given. A service (or cluster) that cannot be read is an error, never a silent pass: a
 * protection that could not be checked means the run deregisters nothing.
 */




/** Service deployments that have not finished: their source and target revisions may run at any moment. */
const IN_FLIGHT = [
    'PENDING',
    'IN_PROGRESS',
    'STOP_REQUESTED',
    'ROLLBACK_REQUESTED',
    'ROLLBACK_IN_PROGRESS',
];
/** `family:revision` of a task-definition ARN or reference, or undefined when it names no revision. */
function revisionKey(ref) {
    if (!ref)
        return undefined;
    const name = ref.includes(':task-definition/') ? ref.slice(ref.indexOf(':task-definition/') + 17) : ref;
    return /^[A-Za-z0-9_-]+:\d+$/.test(name) ? name : undefined;
}
/** Reasons to keep, by `family:revision`. */
class Protections {
    reasons = new Map();
    /** Services read, for the summary. */
    services = 0;
    add(ref, reason) {
        const key = revisionKey(ref);
        if (!key)
            return;
        const list = this.reasons.get(key) ?? [];
        if (!list.includes(reason))
            list.push(reason);
        this.reasons.set(key, list);
    }
    of(key) {
        return this.reasons.get(key) ?? [];
    }
}
const chunks = (items, size) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
/** Read every service of every cluster and collect what each protects. */
async function scanClusters(clusters, deps) {
    const out = new Protections();
    for (const cluster of clusters) {
        const arns = await listServices(cluster, deps);
        for (const batch of chunks(arns, 10)) {
            await deps.read();
            const res = await deps.ecs.send(new dist_cjs.DescribeServicesCommand({ cluster, services: batch, include: ['TAGS'] }));
            const failure = res.failures?.[0];
            if (failure) {
                throw new Error(`could not read service ${failure.arn ?? '?'} in cluster ${cluster} (${failure.reason ?? 'no reason given'}${failure.detail ? `: ${failure.detail}` : ''}); nothing was deregistered, because what it runs could not be checked`);
            }
            const got = res.services ?? [];
            if (got.length !== batch.length) {
                throw new Error(`ECS described ${got.length} of ${batch.length} services of cluster ${cluster}; nothing was deregistered, because what the others run could not be checked`);
            }
            for (const svc of got)
                await protectService(cluster, svc, out, deps);
        }
        out.services += arns.length;
    }
    return out;
}
async function listServices(cluster, deps) {
    const arns = [];
    let nextToken;
    do {
        await deps.read();
        let page;
        try {
            page = await deps.ecs.send(new dist_cjs.ListServicesCommand({ cluster, maxResults: 100, ...(nextToken ? { nextToken } : {}) }));
        }
        catch (err) {
            if (err.name === 'ClusterNotFoundException') {
                throw new inputs/* UserError */.yo('clusters', `cluster ${cluster} does not exist in this account and Region`, 'list only clusters that exist (their services are read to protect what they run)');
            }
            throw err;
        }
        arns.push(...(page.serviceArns ?? []));
        nextToken = page.nextToken;
    } while (nextToken);
    return arns;
}
async function protectService(cluster, svc, out, deps) {
    const where = `${shortName(svc.clusterArn ?? cluster)}/${svc.serviceName ?? shortName(svc.serviceArn ?? '?')}`;
    out.add(svc.taskDefinition, `run by ${where}`);
    for (const d of svc.deployments ?? []) {
        const state = [d.status, d.rolloutState].filter(Boolean).join(', ');
        out.add(d.taskDefinition, `in a deployment of ${where}${state ? ` (${state})` : ''}`);
    }
    for (const set of svc.taskSets ?? []) {
        out.add(set.taskDefinition, `in a task set of ${where}${set.status ? ` (${set.status})` : ''}`);
    }
    // A deploy that is running marks the service with the revision it ships: it may have registered it
    // and not yet updated the service.
    const mark = parseMark(svc.tags?.find((t) => t.key === LOCK_TAG)?.value);
    if (mark && mark.until > deps.awsNow()) {
        if (revisionKey(mark.revision))
            out.add(mark.revision, `being deployed to ${where} (lock mark of ${mark.run})`);
        else
            deps.log.info(`${where}: a deploy is running (${mark.run}); it has not named its revision yet`);
    }
    // Service deployments (ECS deployment controller only) that have not finished: what they move from and to.
    if ((svc.deploymentController?.type ?? 'ECS') === 'ECS')
        await protectInFlight(cluster, svc, where, out, deps);
}
async function protectInFlight(cluster, svc, where, out, deps) {
    const arns = [];
    let nextToken;
    do {
        await deps.read();
        const page = await deps.ecs.send(new dist_cjs.ListServiceDeploymentsCommand({
            cluster,
            service: svc.serviceArn ?? svc.serviceName,
            status: IN_FLIGHT,
            ...(nextToken ? { nextToken } : {}),
        }));
        arns.push(...(page.serviceDeployments ?? []).map((d) => d.serviceDeploymentArn ?? '').filter(Boolean));
        nextToken = page.nextToken;
    } while (nextToken);
    if (!arns.length)
        return;
    const revisions = new Map();
    for (const batch of chunks(arns, 20)) {
        await deps.read();
        const res = await deps.ecs.send(new dist_cjs.DescribeServiceDeploymentsCommand({ serviceDeploymentArns: batch }));
        const failure = res.failures?.[0];
        if (failure) {
            throw new Error(`could not read service deployment ${failure.arn ?? '?'} of ${where} (${failure.reason ?? 'no reason given'}); nothing was deregistered, because what it deploys could not be checked`);
        }
        for (const d of res.serviceDeployments ?? []) {
            const status = d.status ?? 'in flight';
            for (const r of [
                d.targetServiceRevision?.arn,
                ...(d.sourceServiceRevisions ?? []).map((s) => s.arn),
                d.rollback?.serviceRevisionArn,
            ]) {
                if (r && !revisions.has(r))
                    revisions.set(r, status);
            }
        }
    }
    for (const batch of chunks([...revisions.keys()], 20)) {
        await deps.read();
        const res = await deps.ecs.send(new dist_cjs.DescribeServiceRevisionsCommand({ serviceRevisionArns: batch }));
        const failure = res.failures?.[0];
        if (failure) {
            throw new Error(`could not read service revision ${failure.arn ?? '?'} of ${where} (${failure.reason ?? 'no reason given'}); nothing was deregistered, because what it deploys could not be checked`);
        }
        for (const r of res.serviceRevisions ?? []) {
            out.add(r.taskDefinition, `in an unfinished service deployment of ${where} (${revisions.get(r.serviceRevisionArn ?? '') ?? 'in flight'})`);
        }
    }
}

;// CONCATENATED MODULE: ./packages/prune/summary.ts

/** Rows per family table; the step's log lists every revision. */
const SUMMARY_ROWS = 100;
const ICON = {
    kept: '✅ kept',
    deregistered: '🗑️ deregistered',
    deleted: '🗑️ deregistered, deleted',
    'would deregister': '🔍 would deregister',
    'would delete': '🔍 would deregister and delete',
    'left for next run': '⏭️ left for next run',
    failed: '❌ failed',
};
/** Table cells: no pipes or line breaks from values (reasons quote service names and run URLs). */
function cell(text) {
    return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
function pruneSummary(result, options, message, rows = SUMMARY_ROWS) {
    const icon = result.failure ? '❌' : options.dryRun ? '🔍' : '🧹';
    const out = [`### ${icon} prune-revisions: ${cell(message)}`, ''];
    out.push(`Kept: the newest ${options.keep} of each family, anything registered within the last ${formatAge(options.olderThanSeconds)}, ` +
        `the newest ${options.keepVerified} verified per service (rollback targets), and whatever the ${result.services} services ` +
        `of ${options.clusters.map(cell).join(', ')} run, deploy or are about to deploy.` +
        (options.delete ? ' Deregistered revisions are then **deleted** (irreversible).' : '') +
        (options.dryRun ? ' **Dry run**: nothing was changed.' : ''), '');
    for (const f of result.families) {
        out.push(`#### ${cell(f.family)}`, '');
        if (!f.revisions.length) {
            out.push('No ACTIVE revisions.', '');
            continue;
        }
        out.push('| revision | registered | outcome | why |', '| --- | --- | --- | --- |');
        // Kept and failed revisions first (their reasons are the point), then the rest, newest first.
        const notable = f.revisions.filter((r) => r.outcome === 'kept' || r.outcome === 'failed' || r.note?.startsWith('deregistered, but'));
        const shown = new Set([...notable, ...f.revisions.filter((r) => !notable.includes(r))].slice(0, rows));
        for (const r of f.revisions.filter((x) => shown.has(x))) {
            const when = r.registeredAt !== undefined ? new Date(r.registeredAt).toISOString().slice(0, 10) : '?';
            const why = [...r.reasons, ...(r.note ? [r.note] : [])].join('; ');
            out.push(`| ${r.revision} | ${when} | ${ICON[r.outcome]} | ${cell(why)} |`);
        }
        const omitted = f.revisions.filter((r) => !shown.has(r));
        if (omitted.length) {
            const byOutcome = new Map();
            for (const r of omitted)
                byOutcome.set(r.outcome, (byOutcome.get(r.outcome) ?? 0) + 1);
            const counts = [...byOutcome].map(([o, n]) => `${n} ${o}`).join(', ');
            out.push('', `… ${omitted.length} more revisions not shown (${counts}); the step's log lists every one.`);
        }
        out.push('');
    }
    return out.join('\n');
}

;// CONCATENATED MODULE: ./packages/prune/engine.ts
/**
 * prune-revisions: deregister (and optionally delete) old task-definition revisions without ever losing
 * what a service runs, is deploying or could roll back to. Reads first (the families' revisions, then every
 * service of every cluster), decides, then writes, paced under ECS's throttling quotas.
 */






/** Revisions each DescribeTaskDefinition worker handles at once (the read bucket paces them). */
const DESCRIBE_CONCURRENCY = 4;
async function prune(options, deps) {
    const { ecs, log } = deps;
    const scale = deps.rateScale ?? 1;
    const reads = new TokenBucket(scaled(READ_RATE, scale), deps.clock);
    const writes = new TokenBucket(scaled(WRITE_RATE, scale), deps.clock);
    const read = () => reads.take();
    // 1. Each family's ACTIVE revisions, with their tags (verdicts) and registration times.
    const described = new Map();
    for (const family of options.families) {
        const arns = await history_listRevisionArns(ecs, family, { status: 'ACTIVE', onPage: read });
        if (!arns.length)
            log.warning(`${family}: no ACTIVE revisions (is the family name right?)`);
        else
            log.info(`${family}: ${arns.length} ACTIVE revisions; reading their tags`);
        described.set(family, await history_describeRevisions(ecs, arns, { concurrency: DESCRIBE_CONCURRENCY, before: read }));
    }
    // 2. Every service of every cluster, last, so the time between this check and the writes is short.
    const protections = await scanClusters(options.clusters, { ecs, read, awsNow: deps.awsNow, log });
    log.info(`Read ${protections.services} services in ${options.clusters.join(', ')}`);
    // 3. Decide.
    const now = deps.awsNow();
    const families = options.families.map((family) => ({
        family,
        revisions: planFamily(family, described.get(family) ?? [], protections, {
            keep: options.keep,
            olderThanSeconds: options.olderThanSeconds,
            keepVerified: options.keepVerified,
            now,
        }).map((p) => ({ ...p, outcome: p.reasons.length ? 'kept' : 'left for next run' })),
    }));
    // The oldest go first, across families; the rest wait for the next run.
    const candidates = families
        .flatMap((f) => f.revisions)
        .filter((r) => !r.reasons.length)
        .sort((a, b) => (a.registeredAt ?? 0) - (b.registeredAt ?? 0) || a.revision - b.revision);
    const thisRun = candidates.slice(0, options.maxDeregistrations);
    for (const r of candidates.slice(options.maxDeregistrations)) {
        r.note = `over max-deregistrations (${options.maxDeregistrations}): the next run takes it`;
    }
    // 4. Write (or say what would be written).
    let failure;
    const deregistered = [];
    for (const r of thisRun) {
        if (options.dryRun) {
            r.outcome = options.delete ? 'would delete' : 'would deregister';
            continue;
        }
        if (failure) {
            r.note = 'not reached: an earlier deregistration failed';
            continue;
        }
        await writes.take();
        try {
            await ecs.send(new dist_cjs.DeregisterTaskDefinitionCommand({ taskDefinition: r.arn }));
            r.outcome = 'deregistered';
            deregistered.push(r);
        }
        catch (err) {
            r.outcome = 'failed';
            r.note = errorText(err);
            failure = `DeregisterTaskDefinition of ${r.family}:${r.revision} failed: ${r.note}`;
        }
    }
    if (options.delete && !options.dryRun)
        failure = (await deleteRevisions(ecs, deregistered, writes)) ?? failure;
    for (const f of families) {
        for (const r of f.revisions)
            log.info(lineText(r));
    }
    const count = (...outcomes) => families.flatMap((f) => f.revisions).filter((r) => outcomes.includes(r.outcome)).length;
    const result = {
        dryRun: options.dryRun,
        families,
        services: protections.services,
        deregistered: count('deregistered', 'deleted'),
        deleted: count('deleted'),
        kept: count('kept'),
        candidates: candidates.length,
        left: count('left for next run'),
        ...(failure ? { failure } : {}),
    };
    const message = messageOf(result, options);
    return { ...result, message, summary: pruneSummary(result, options, message) };
}
/** DeleteTaskDefinitions, 10 at a time; returns a failure message if any revision was not deleted. */
async function deleteRevisions(ecs, revisions, writes) {
    let failure;
    for (let i = 0; i < revisions.length; i += 10) {
        const batch = revisions.slice(i, i + 10);
        await writes.take();
        try {
            const res = await ecs.send(new dist_cjs.DeleteTaskDefinitionsCommand({ taskDefinitions: batch.map((r) => r.arn) }));
            const failed = new Map((res.failures ?? []).map((f) => [f.arn ?? '', f]));
            for (const r of batch) {
                const f = failed.get(r.arn);
                if (f) {
                    r.note = `deregistered, but not deleted: ${f.reason ?? 'no reason given'}${f.detail ? ` (${f.detail})` : ''}`;
                    failure ??= `DeleteTaskDefinitions did not delete ${r.family}:${r.revision}: ${f.reason ?? 'no reason given'}`;
                }
                else
                    r.outcome = 'deleted';
            }
        }
        catch (err) {
            for (const r of batch)
                r.note = `deregistered, but not deleted: ${errorText(err)}`;
            failure ??= `DeleteTaskDefinitions failed: ${errorText(err)}`;
        }
    }
    return failure;
}
function errorText(err) {
    if (err instanceof Error)
        return `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}`;
    return String(err);
}
function lineText(r) {
    const why = r.reasons.length ? `: ${r.reasons.join('; ')}` : '';
    return `${r.family}:${r.revision} ${r.outcome}${why}${r.note ? ` (${r.note})` : ''}`;
}
function messageOf(r, options) {
    const total = r.families.reduce((n, f) => n + f.revisions.length, 0);
    const what = options.delete ? 'deregistered and deleted' : 'deregistered';
    const parts = options.dryRun
        ? [`dry run: ${r.candidates - r.left} of ${total} revisions would be ${what}, ${r.kept} kept`]
        : [
            `${r.deregistered} of ${total} revisions deregistered${options.delete ? ` (${r.deleted} deleted)` : ''}, ${r.kept} kept`,
        ];
    if (r.left)
        parts.push(`${r.left} left for the next run (max-deregistrations ${options.maxDeregistrations})`);
    if (r.failure)
        parts.push(r.failure);
    return parts.join('; ');
}

;// CONCATENATED MODULE: ./packages/prune/index.ts
/** prune-revisions: retention of task-definition revisions that never loses a running or rollback revision. */








/***/ })

};
