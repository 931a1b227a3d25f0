export const id = 171;
export const ids = [171];
export const modules = {

/***/ 46171:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   statusCommand: () => (/* binding */ statusCommand)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _db_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(40919);
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25470);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(94175);






const statusCommand = {
    name: 'status',
    summary: "Show what the registry knows of a tenant: its lifecycle status, its data store, role names, sealed secrets (names only), resources.",
    usage: 'status <code> [--json]',
    options: { json: { type: 'boolean' } },
    help: { json: 'print {"tenant", "status", "provisionedAt", "liveAt", "approvedBy", "dataStore", "secrets": [{"name", "keyId", "updatedAt"}], "resources": [...]}; never a secret value' },
    async run(args, io) {
        const code = args.positionals[0];
        if (!code || args.positionals.length > 1)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG('usage: tenantops status <code> [--json]');
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_4__/* .withCommandRun */ .L)(args, io, async ({ services }) => {
            const registry = await services.registry();
            const report = await (0,_db_index_js__WEBPACK_IMPORTED_MODULE_1__/* .readTenantStatus */ .Ff)(registry, code);
            // Runs that died mid-apply: marked by the next apply, reported here even before it comes.
            const abandoned = await (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_2__/* .listAbandonedDeployments */ .L3)(registry, code);
            const t = (await (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_2__/* .getTenant */ .JR)(registry, code));
            const lifecycle = { status: t.status, provisionedAt: t.provisionedAt?.toISOString() ?? null, liveAt: t.liveAt?.toISOString() ?? null, approvedBy: t.approvedBy };
            if ((0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'json'))
                (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ .H6)(io.stdout, JSON.stringify({ ...report, ...lifecycle, abandonedDeployments: abandoned }, null, 2));
            else {
                const since = [lifecycle.provisionedAt && `provisioned ${lifecycle.provisionedAt}`, lifecycle.liveAt && `live since ${lifecycle.liveAt}`, lifecycle.approvedBy && `approved by ${lifecycle.approvedBy}`].filter(Boolean);
                (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ .H6)(io.stdout, [`${(0,_db_index_js__WEBPACK_IMPORTED_MODULE_1__/* .renderTenantStatus */ .LW)(report)}\n  status: ${t.status}${since.length ? ` (${since.join(', ')})` : ''}`, ...abandoned.map((d) => `  abandoned: ${(0,_registry_index_js__WEBPACK_IMPORTED_MODULE_2__/* .describeAbandoned */ .OI)(code, d)}`)].join('\n'));
            }
            return 0;
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
