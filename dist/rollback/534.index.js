export const id = 534;
export const ids = [534];
export const modules = {

/***/ 9534:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   describeRegisteredTaskDefinition: () => (/* binding */ describeRegisteredTaskDefinition)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(212);
/* harmony import */ var _aws_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4006);
/* harmony import */ var _file_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3876);
/* harmony import */ var _normalize_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5559);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7481);
/**
 * Reading a registered revision. Loaded with a dynamic import() only when a family or ARN is the source, so
 * the ECS client stays out of the bundle's main chunk and out of the cold start of file-based renders.
 */





/**
 * DescribeTaskDefinition (with its tags) for `family`, `family:revision` or an ARN; normalised for
 * RegisterTaskDefinition. A reference ECS does not know is a UserError naming `input`.
 */
async function describeRegisteredTaskDefinition(settings, reference, input) {
    const ecs = (0,_aws_index_js__WEBPACK_IMPORTED_MODULE_0__/* .nameOperations */ .Oq)(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_4__.ECSClient((0,_aws_index_js__WEBPACK_IMPORTED_MODULE_0__/* .clientConfig */ .yO)(settings)));
    try {
        const out = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_4__.DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] }));
        if (!out.taskDefinition)
            throw new Error(`DescribeTaskDefinition returned no task definition for ${reference}`);
        const tags = (out.tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' }));
        return { taskDefinition: (0,_file_js__WEBPACK_IMPORTED_MODULE_1__/* .checkTaskDefinition */ .T8)((0,_normalize_js__WEBPACK_IMPORTED_MODULE_2__/* .normalizeForRegister */ .Ae)(out.taskDefinition), input), tags };
    }
    catch (err) {
        // ECS answers an unknown family or revision with a ClientException "Unable to describe task definition."
        if (err instanceof Error && err.name === 'ClientException') {
            throw (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .noSuchTaskDefinition */ .Z)(reference, settings.region, input, err.message);
        }
        throw err;
    }
    finally {
        ecs.destroy();
    }
}


/***/ })

};
