export const id = 836;
export const ids = [836];
export const modules = {

/***/ 92836:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   migrateCommand: () => (/* binding */ migrateCommand)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _db_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(40919);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86684);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(94175);






const migrateCommand = {
    name: 'migrate',
    summary: "Apply pending tenant migrations: one tenant, or --all of them (every tenant attempted, bounded per cluster).",
    usage: 'migrate (--all | --tenant code) [--json]',
    options: { all: { type: 'boolean' }, tenant: { type: 'string' }, json: { type: 'boolean' } },
    help: {
        all: 'migrate every tenant (the schema-change rollout)',
        tenant: 'migrate only this tenant',
        json: 'print {"migrations", "tenants": [{"tenant", "cluster", "status", "applied", "durationMs", "error"}], "failed", "durationMs"}',
    },
    async run(args, io) {
        const tenant = (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'tenant');
        if ((0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'all') === (tenant !== undefined))
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG('usage: tenantops migrate (--all | --tenant code) [--json]');
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_4__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => {
            const result = await (0,_db_index_js__WEBPACK_IMPORTED_MODULE_1__/* .migrateTenants */ .Ly)({ tenants: (0,_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .selectTenants */ .Mu)(inputs, tenant).map((t) => t.config), services });
            (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ .H6)(io.stdout, (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'json') ? JSON.stringify(result, null, 2) : (0,_db_index_js__WEBPACK_IMPORTED_MODULE_1__/* .renderMigrationMarkdown */ .Q4)(result));
            return result.failed ? 1 : 0;
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
