export const id = 934;
export const ids = [934];
export const modules = {

/***/ 80934:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   discoverCommand: () => (/* binding */ discoverCommand)
/* harmony export */ });
/* harmony import */ var _powerbi_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(41700);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(94175);




const discoverCommand = {
    name: 'discover',
    summary: 'List what the principal and each tenant profile can see in Power BI and compare it with the registry: unknown, missing and mismatched objects.',
    usage: 'discover [--json]',
    options: { json: { type: 'boolean' } },
    help: { json: 'print {"principalWorkspaces", "identities": [...], "discrepancies": [{"kind", "tenant", "what", "id", "detail"}]}' },
    async run(args, io) {
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_2__/* .withCommandRun */ .L)(args, io, async ({ services }) => {
            const discovery = await (0,_powerbi_index_js__WEBPACK_IMPORTED_MODULE_0__/* .discoverPowerBi */ .Ei)(services);
            (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ .H6)(io.stdout, (0,_command_js__WEBPACK_IMPORTED_MODULE_1__/* .flag */ .Jt)(args, 'json') ? JSON.stringify(discovery, null, 2) : (0,_powerbi_index_js__WEBPACK_IMPORTED_MODULE_0__/* .renderDiscovery */ .j1)(discovery));
            return discovery.discrepancies.length ? 1 : 0;
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
