export const id = 642;
export const ids = [642];
export const modules = {

/***/ 70642:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   refreshCommand: () => (/* binding */ refreshCommand)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(86684);
/* harmony import */ var _powerbi_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(41700);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(94175);






const WHAT = ['models', 'dataflows', 'both'];
const refreshCommand = {
    name: 'refresh',
    summary: "Refresh tenants' semantic models and/or Gen1 dataflows now, one refresh per model at a time, within the shared-capacity daily budget.",
    usage: 'refresh (--tenant code | --all) [--what models|dataflows|both] [--wait] [--concurrency N] [--json]',
    options: { tenant: { type: 'string' }, all: { type: 'boolean' }, what: { type: 'string' }, wait: { type: 'boolean' }, concurrency: { type: 'string' }, json: { type: 'boolean' } },
    help: {
        tenant: 'refresh this tenant',
        all: 'refresh every active tenant',
        what: 'models (default), dataflows or both',
        wait: 'wait for each refresh to finish and report its outcome',
        concurrency: 'tenants refreshed at once (default 4)',
        json: 'print {"results": [{"tenant", "target", "status", "requestId", "detail", "durationMs"}]}',
    },
    async run(args, io) {
        const tenant = (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'tenant');
        if (!tenant === !(0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'all'))
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG('give exactly one of --tenant <code> and --all');
        const what = ((0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'what') ?? 'models');
        if (!WHAT.includes(what))
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG(`--what "${what}" is not allowed; allowed: ${WHAT.join(', ')}`);
        const concurrency = Number((0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'concurrency') ?? 4);
        if (!Number.isInteger(concurrency) || concurrency < 1)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG('--concurrency must be a positive whole number');
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_4__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => {
            const results = await (0,_powerbi_index_js__WEBPACK_IMPORTED_MODULE_2__/* .refreshTenants */ .TR)(services, { tenants: (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .selectTenants */ .Mu)(inputs, tenant).map((t) => t.config), what, wait: (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'wait'), concurrency });
            (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ .H6)(io.stdout, (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'json') ? JSON.stringify({ results }, null, 2) : (0,_powerbi_index_js__WEBPACK_IMPORTED_MODULE_2__/* .renderRefreshTable */ .cD)(results));
            return results.some((r) => r.status === 'Failed') ? 1 : 0;
        });
    },
};


/***/ }),

/***/ 94175:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ withCommandRun)
/* harmony export */ });
/* harmony import */ var _log_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(53730);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(86684);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(90291);
// How a command opens a run: the repository at --root, the services logging to stderr (stdout
// carries the command's own output, often JSON), secrets from the command's environment, or
// everything from the running sandbox with --sandbox (loaded only then: it is not every run's).



async function withCommandRun(args, io, body) {
    const base = { log: (0,_log_index_js__WEBPACK_IMPORTED_MODULE_2__/* .createConsoleLogger */ .cS)({ stream: io.stderr }), env: io.env };
    if (!(0,_command_js__WEBPACK_IMPORTED_MODULE_1__/* .flag */ .Jt)(args, 'sandbox'))
        return (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .withRun */ .F5)(args.root, base, body);
    const { withSandboxRun } = await __webpack_require__.e(/* import() */ 193).then(__webpack_require__.bind(__webpack_require__, 21193));
    return withSandboxRun(args.root, base, body);
}


/***/ })

};
