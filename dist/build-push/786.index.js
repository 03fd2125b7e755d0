export const id = 786;
export const ids = [786];
export const modules = {

/***/ 4786:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildPush: () => (/* binding */ buildPush),
  summaryMarkdown: () => (/* binding */ summaryMarkdown)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var dist_cjs = __webpack_require__(8249);
;// CONCATENATED MODULE: ./packages/ecr/login.ts

/**
 * Get a registry login from ECR. The token is base64 `AWS:<password>`; the password is masked before anything
 * else happens with it, so no later log line can show it.
 */
async function getRegistryLogin(ecr, opts) {
    const out = await ecr.send(new dist_cjs.GetAuthorizationTokenCommand(opts.registryId ? { registryIds: [opts.registryId] } : {}));
    const data = out.authorizationData?.[0];
    if (!data?.authorizationToken || !data.proxyEndpoint) {
        throw new Error('GetAuthorizationToken returned no authorization data');
    }
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0)
        throw new Error('GetAuthorizationToken returned a token that is not user:password');
    const password = decoded.slice(colon + 1);
    opts.log.mask(password);
    opts.log.mask(data.authorizationToken);
    return {
        registry: registryHost(data.proxyEndpoint),
        username: decoded.slice(0, colon),
        password,
        expiresAt: data.expiresAt,
    };
}
/** `https://123.dkr.ecr.eu-west-1.amazonaws.com` → `123.dkr.ecr.eu-west-1.amazonaws.com`. */
function registryHost(proxyEndpoint) {
    return proxyEndpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
}

// EXTERNAL MODULE: ./packages/ecr/reference.ts
var ecr_reference = __webpack_require__(6390);
// EXTERNAL MODULE: ./packages/inputs/index.ts + 5 modules
var inputs = __webpack_require__(61);
;// CONCATENATED MODULE: ./packages/ecr/repository.ts


/** Repository settings used when the action creates a missing repository. */
const CREATED_REPOSITORY_SETTINGS = {
    imageTagMutability: 'IMMUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
};
/**
 * Describe the repository; when it is missing, create it (immutable tags, scan on push) if allowed, else
 * fail naming the repository and the flag that would create it.
 */
async function ensureRepository(ecr, ref, opts) {
    try {
        const out = await ecr.send(new dist_cjs.DescribeRepositoriesCommand({ repositoryNames: [ref.name], registryId: ref.registryId }));
        const repository = out.repositories?.[0];
        if (repository)
            return { repository, created: false };
    }
    catch (err) {
        if (err.name !== 'RepositoryNotFoundException')
            throw err;
    }
    const where = ref.registryId ? ` in registry ${ref.registryId}` : '';
    if (!opts.create) {
        throw new inputs/* UserError */.yo('repository', `ECR repository "${ref.name}" does not exist${where}`, 'create it (e.g. with your infrastructure code), or set `create-repository: true` to let this action ' +
            'create it with immutable tags and scan on push');
    }
    const out = await ecr.send(new dist_cjs.CreateRepositoryCommand({
        repositoryName: ref.name,
        registryId: ref.registryId,
        ...CREATED_REPOSITORY_SETTINGS,
    }));
    opts.log.info(`Created ECR repository ${ref.name}${where} (immutable tags, scan on push)`);
    return { repository: out.repository, created: true };
}

;// CONCATENATED MODULE: ./packages/ecr/images.ts



/** The image a tag or digest names, or undefined when the repository has no such image. */
async function findImage(ecr, repo, reference) {
    try {
        const out = await ecr.send(new dist_cjs.DescribeImagesCommand({
            repositoryName: repo.name,
            registryId: repo.registryId,
            imageIds: [(0,ecr_reference/* imageId */.L)(reference)],
        }));
        return out.imageDetails?.[0];
    }
    catch (err) {
        if (err.name === 'ImageNotFoundException')
            return undefined;
        throw err;
    }
}
/**
 * Give an existing image more tags without pulling or pushing layers: read its manifest with BatchGetImage
 * and PutImage the same bytes and media type under each tag (ECR stores nothing new but the tag).
 */
async function promoteImage(ecr, repo, opts) {
    const input = opts.input ?? 'promote-from';
    const out = await ecr.send(new dist_cjs.BatchGetImageCommand({
        repositoryName: repo.name,
        registryId: repo.registryId,
        imageIds: [(0,ecr_reference/* imageId */.L)(opts.from)],
        acceptedMediaTypes: ecr_reference/* MANIFEST_MEDIA_TYPES */.$T,
    }));
    const image = out.images?.[0];
    if (!image?.imageManifest || !image.imageId?.imageDigest) {
        const failure = out.failures?.[0];
        throw new inputs/* UserError */.yo(input, `no image "${opts.from}" in ECR repository "${repo.name}"` +
            (failure ? ` (${failure.failureCode}: ${failure.failureReason})` : ''), 'name a tag or sha256: digest that was pushed to this repository');
    }
    const digest = image.imageId.imageDigest;
    const result = { digest, added: [], unchanged: [] };
    for (const tag of opts.tags) {
        try {
            const put = await ecr.send(new dist_cjs.PutImageCommand({
                repositoryName: repo.name,
                registryId: repo.registryId,
                imageManifest: image.imageManifest,
                imageManifestMediaType: image.imageManifestMediaType,
                imageTag: tag,
            }));
            const got = put.image?.imageId?.imageDigest;
            if (got && got !== digest) {
                throw new Error(`PutImage stored ${repo.name}:${tag} as ${got}, not ${digest}: the manifest was altered`);
            }
            result.added.push(tag);
            opts.log.info(`Tagged ${repo.name}@${digest} as ${tag}`);
        }
        catch (err) {
            const name = err.name;
            if (name === 'ImageAlreadyExistsException') {
                result.unchanged.push(tag);
            }
            else if (name === 'ImageTagAlreadyExistsException') {
                throw new inputs/* UserError */.yo('tags', `tag "${tag}" already names another image in "${repo.name}", whose tags are immutable`, 'choose a tag that is not in use (e.g. one containing {sha})');
            }
            else {
                throw err;
            }
        }
    }
    return result;
}

;// CONCATENATED MODULE: ./packages/ecr/index.ts
/** ECR through the SDK: registry login tokens, repositories, image lookup and re-tagging by manifest. */





// EXTERNAL MODULE: ./packages/image/build.ts
var build = __webpack_require__(6876);
// EXTERNAL MODULE: ./packages/image/docker.ts
var docker = __webpack_require__(3150);
;// CONCATENATED MODULE: ./packages/image/build-push.ts
/**
 * Build an image once per commit and push it to ECR, or give an existing image more tags. The flow:
 *   check inputs (no AWS call yet) → repository (create if allowed) → registry login token →
 *   promote, or skip when the primary tag exists, or build + push → digest from the registry.
 */




async function buildPush(options, deps) {
    const { ecr, cli, log, clock } = deps;
    const started = clock.now();
    const { repository: ref, tags } = options;
    const primary = tags[0];
    if (!primary)
        throw new Error('buildPush needs at least one tag');
    // Everything the inputs can get wrong is found before the first AWS call.
    let builder;
    if (!options.promoteFrom) {
        (0,build/* checkBuildArgs */.c3)(options.build);
        builder = await (0,build/* resolveBuilder */.oC)(cli, options.builder);
        (0,build/* checkBuilderOptions */.kX)(builder, options.build);
    }
    const { repository, created } = await ensureRepository(ecr, ref, {
        create: options.createRepository && !options.promoteFrom,
        log,
    });
    if (options.build.ecrCache && !options.promoteFrom && repository.imageTagMutability === 'IMMUTABLE') {
        log.warning(`cache: ecr writes the tag "buildcache" in ${ref.name}, whose tags are immutable: the cache can be written ` +
            "once and the build fails when buildx updates it. Make the repository's tags mutable (or exclude " +
            '"buildcache" from immutability), or use cache-from/cache-to with another repository');
    }
    const credentials = await getRegistryLogin(ecr, { registryId: ref.registryId, log });
    const repoUri = `${credentials.registry}/${ref.name}`;
    const finish = (outcome, digest) => ({
        outcome,
        registry: credentials.registry,
        repositoryName: ref.name,
        digest,
        image: `${repoUri}@${digest}`,
        imageTagUri: `${repoUri}:${primary}`,
        tags,
        createdRepository: created,
        builder: outcome === 'built' ? builder : undefined,
        durationMs: clock.now() - started,
    });
    if (options.promoteFrom) {
        const promoted = await promoteImage(ecr, ref, { from: options.promoteFrom, tags, log });
        return finish('promoted', promoted.digest);
    }
    if (options.skipIfExists) {
        const existing = await findImage(ecr, ref, primary);
        if (existing?.imageDigest) {
            log.info(`${repoUri}:${primary} already exists (${existing.imageDigest}): not building it again`);
            const missing = tags.filter((t) => !existing.imageTags?.includes(t));
            if (missing.length)
                await promoteImage(ecr, ref, { from: existing.imageDigest, tags: missing, log, input: 'tags' });
            return finish('skipped', existing.imageDigest);
        }
    }
    const chosen = builder;
    const tool = (0,build/* builderTool */.Wf)(chosen);
    if (tool === 'docker')
        log.info(`Docker daemon ${await (0,docker/* checkDaemon */.TS)(cli)}`);
    await (0,docker/* login */.iD)(cli, tool, { ...credentials, log });
    deps.onLogin?.({ tool, registry: credentials.registry });
    const refs = tags.map((t) => `${repoUri}:${t}`);
    await (0,docker/* runBuild */.cM)(cli, (0,build/* buildCommand */.Oe)(chosen, options.build, refs, repoUri), log);
    // buildx pushes as part of the build; the other builders push each tag afterwards.
    if (chosen !== 'buildx')
        for (const r of refs)
            await (0,docker/* push */.VC)(cli, tool, r, log);
    const digest = await pushedDigest(ecr, ref, tags);
    log.info(`Pushed ${repoUri}@${digest} as ${tags.join(', ')}`);
    return finish('built', digest);
}
/** The digest ECR now has for the pushed tags, which must all name the same image. */
async function pushedDigest(ecr, ref, tags) {
    const out = await ecr.send(new dist_cjs.DescribeImagesCommand({
        repositoryName: ref.name,
        registryId: ref.registryId,
        imageIds: tags.map(ecr_reference/* imageId */.L),
    }));
    const digests = new Set((out.imageDetails ?? []).map((d) => d.imageDigest));
    const [digest] = digests;
    if (digests.size !== 1 || !digest) {
        throw new Error(`after the push, ECR reports ${digests.size} different images for tags ${tags.join(', ')} of ${ref.name}`);
    }
    return digest;
}
/** The job summary: what was pushed (or reused) and how long it took. */
function summaryMarkdown(result) {
    const what = {
        built: `built${result.builder ? ` with ${result.builder}` : ''} and pushed`,
        skipped: 'skipped: the image for this tag was already in ECR',
        promoted: 'promoted: existing image re-tagged, nothing built or pushed',
    }[result.outcome];
    const rows = [
        ['Image', `\`${result.image}\``],
        ['Digest', `\`${result.digest}\``],
        ['Tags', result.tags.map((t) => `\`${t}\``).join(', ')],
        ['Outcome', what + (result.createdRepository ? ' (repository created)' : '')],
        ['Duration', `${(result.durationMs / 1000).toFixed(1)} s`],
    ];
    return [
        `### Image ${result.repositoryName}`,
        '',
        '| | |',
        '| --- | --- |',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
        '',
    ].join('\n');
}


/***/ })

};
