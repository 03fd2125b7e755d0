export const id = 535;
export const ids = [535];
export const modules = {

/***/ 5535:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ServerTime: () => (/* binding */ ServerTime)
/* harmony export */ });
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


/***/ })

};
