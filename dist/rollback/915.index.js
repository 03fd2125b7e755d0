export const id = 915;
export const ids = [915];
export const modules = {

/***/ 1915:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  planLines: () => (/* reexport */ planLines),
  planRollback: () => (/* reexport */ planRollback),
  rollback: () => (/* reexport */ rollback)
});

// EXTERNAL MODULE: ./packages/deploy/index.ts + 22 modules
var deploy = __webpack_require__(4836);
// EXTERNAL MODULE: ./packages/deploy/resolve.ts
var resolve = __webpack_require__(2052);
// EXTERNAL MODULE: ./packages/deploy/settle.ts
var settle = __webpack_require__(3349);
// EXTERNAL MODULE: ./packages/history/index.ts
var packages_history = __webpack_require__(8109);
// EXTERNAL MODULE: ./packages/ecs/index.ts + 9 modules
var ecs = __webpack_require__(4235);
// EXTERNAL MODULE: ./packages/inputs/index.ts + 5 modules
var inputs = __webpack_require__(61);
;// CONCATENATED MODULE: ./packages/rollback/engine.ts






/** Resolve each service's target; any error stops here, before any change. */
async function planRollback(o, deps) {
    // A URL for a service not rolled back now is fine; one for a service that does not exist is a typo.
    for (const name of Object.keys(o.healthChecks).filter((n) => !o.services.includes(n))) {
        try {
            await (0,resolve/* resolveService */.Wl)(deps.clients, o.cluster, name, o.region);
        }
        catch (err) {
            if (!(err instanceof inputs/* UserError */.yo))
                throw err;
            throw new inputs/* UserError */.yo('health-check-url', `names service ${(0,inputs/* quote */.hD)(name)}, which is not in cluster ${o.cluster}`, `check the name: the URL of each service rolled back (${o.services.join(', ')}) is checked only under its own name`);
        }
    }
    const plan = [];
    for (const name of o.services) {
        const service = await (0,resolve/* resolveService */.Wl)(deps.clients, o.cluster, name, o.region);
        const from = (0,settle/* currentRevision */.h7)(service);
        const target = await (0,packages_history/* resolveRollbackTarget */.aD)(deps.clients.ecs, {
            to: o.to,
            cluster: o.cluster,
            service: name,
            region: o.region,
            currentArn: from,
            allowInactive: o.allowInactive,
            input: o.services.length > 1 ? `to (service ${name})` : 'to',
        });
        plan.push({ service: name, from, target });
    }
    return plan;
}
function planLines(plan) {
    return plan.map((p) => `${p.service}: ${(0,ecs/* revisionName */.pd)(p.from)} → ${(0,packages_history/* label */.Pf)(p.target.record)} (${p.target.how}); target ${(0,packages_history/* candidateLine */.sj)(p.target.record)}`);
}
async function rollback(o, deps) {
    const plan = await planRollback(o, deps);
    for (const line of planLines(plan))
        deps.log.info(`${o.dryRun ? 'dry run: would roll back ' : 'plan: '}${line}`);
    for (const p of plan)
        for (const w of p.target.warnings)
            deps.log.warning(`${p.service}: ${w}`);
    const results = [];
    const notAttempted = [];
    for (const [i, p] of plan.entries()) {
        if (results.some((r) => r.status !== 'succeeded') || deps.signal?.aborted) {
            notAttempted.push(...plan.slice(i).map((q) => q.service));
            break;
        }
        results.push(await (0,deploy.deploy)(deployOptions(o, p), deps));
    }
    const failed = results.find((r) => r.status !== 'succeeded');
    const status = failed || notAttempted.length ? 'failed' : 'succeeded';
    const skipped = notAttempted.length
        ? `; not rolled back (an earlier service failed first): ${notAttempted.join(', ')}`
        : '';
    const message = results.length === 1 && !skipped
        ? results[0].message
        : failed
            ? `${failed.message}${skipped}`
            : `${o.dryRun ? 'dry run: ' : ''}${results.map((r) => r.message).join('; ')}`;
    const summary = [
        ...results.map((r) => r.summary),
        ...(notAttempted.length
            ? [
                `### ⏭️ Not rolled back: ${notAttempted.join(', ')}\n\nThe rollback of an earlier service failed, so these were left as they are.\n`,
            ]
            : []),
    ].join('\n');
    return { status, message, plan, results, notAttempted, summary };
}
/** One service's rollback as the deploy engine runs it. */
function deployOptions(o, p) {
    const healthCheck = o.healthChecks[p.service];
    return {
        region: o.region,
        cluster: o.cluster,
        service: p.service,
        taskDefinition: { kind: 'revision', ref: p.target.record.arn },
        forceNewDeployment: false,
        strategy: 'auto',
        onBusy: o.onBusy,
        maxTaskFailures: o.maxTaskFailures,
        ...(healthCheck ? { healthCheck } : {}),
        alarms: o.alarms,
        alarmsPreexisting: o.alarmsPreexisting,
        bakeTimeSeconds: o.bakeTimeSeconds,
        rollback: o.restore,
        // A cancelled rollback leaves the service where it stands: undoing it would put the bad release back.
        onCancel: 'leave',
        timeoutSeconds: o.timeoutSeconds,
        pollIntervalSeconds: o.pollIntervalSeconds,
        dryRun: o.dryRun,
        tags: [],
        historyLength: o.historyLength,
        rollbackOf: { request: o.toText, how: p.target.how, allowInactive: o.allowInactive },
        ...(o.git ? { git: o.git } : {}),
    };
}

;// CONCATENATED MODULE: ./packages/rollback/index.ts
/** The rollback engine: resolve targets, then roll each service back through the deploy engine's gates. */



/***/ })

};
