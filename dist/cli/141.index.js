export const id = 141;
export const ids = [141];
export const modules = {

/***/ 92191:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ cliActor),
/* harmony export */   R: () => (/* binding */ commandRun)
/* harmony export */ });
/* harmony import */ var _github_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51427);
// Who a command acts as and which GitHub run (if any) it belongs to, for deployments and audit
// rows. Apart from workflow-files.ts because it reads the run through src/github, which loads the
// Actions toolkit: commands that only write a summary or outputs need none of it.

function commandRun(io) {
    const run = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_0__/* .readGitHubRun */ .ji)(io.env);
    if (run)
        return { actor: run.actor, githubRun: run.runId, githubRunUrl: run.runUrl };
    return { actor: `cli:${io.env.USER ?? io.env.USERNAME ?? 'unknown'}` };
}
/** The actor alone: the GitHub actor under Actions, else the local user. */
function cliActor(io) {
    return commandRun(io).actor;
}


/***/ }),

/***/ 11141:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   applyCommand: () => (/* binding */ applyCommand),
/* harmony export */   readPlanHash: () => (/* binding */ readPlanHash)
/* harmony export */ });
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(86684);
/* harmony import */ var _plan_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(61716);
/* harmony import */ var _actor_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(92191);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(94175);
/* harmony import */ var _only_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(63563);







const applyCommand = {
    name: 'apply',
    summary: 'Apply the plan to live services: each tenant under its lock, journaled, bound to a reviewed plan hash when given.',
    usage: 'apply [--tenant code] [--only db|powerbi|dns] [--plan-hash H] [--force] [--json]',
    options: {
        tenant: { type: 'string' },
        only: { type: 'string', multiple: true },
        'plan-hash': { type: 'string' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
    },
    help: {
        tenant: 'apply only this tenant',
        only: `apply only these capabilities (${_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .CAPABILITY_NAMES */ .AL.join(', ')}); repeatable`,
        'plan-hash': 'refuse, changing nothing, unless the recomputed plan has this hash (from `tenantops plan`: the whole hash or at least its first 12 hex digits)',
        force: 'allow changes that destroy data (a decommissioned tenant with deletionPolicy delete, a store move)',
        json: 'print {"hash", "tenants": [{"tenant", "applied", "failed", "skipped", "verified", "durationMs"}], "durationMs"}',
    },
    async run(args, io) {
        const only = (0,_only_js__WEBPACK_IMPORTED_MODULE_5__/* .parseOnly */ .Q)(args.values.only);
        const reviewed = readPlanHash(args);
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_4__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => {
            const result = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .applyTenants */ .So)(inputs, services, {
                tenant: (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'tenant'),
                only,
                planHash: reviewed,
                force: (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'force'),
                ...(0,_actor_js__WEBPACK_IMPORTED_MODULE_2__/* .commandRun */ .R)(io),
            });
            if ((0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'json'))
                (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ .H6)(io.stdout, JSON.stringify(result, null, 2));
            else {
                for (const t of result.tenants)
                    (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ .H6)(io.stdout, `${t.tenant}: ${t.applied.length ? `applied ${t.applied.join(', ')}` : 'nothing to change'}`);
                (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ .H6)(io.stdout, `plan ${result.hash}`);
            }
            return 0;
        });
    },
};
/** `--plan-hash`, checked before anything is opened: the whole hash or at least its first 12 digits. */
function readPlanHash(args) {
    const value = (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'plan-hash');
    return value === undefined ? undefined : (0,_plan_index_js__WEBPACK_IMPORTED_MODULE_1__/* .parsePlanHash */ .bc)(value);
}


/***/ }),

/***/ 63563:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ parseOnly)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(86684);
// `--only`, the capabilities a command is limited to: one parser for every command that takes it,
// in a file of its own so a command that needs only this loads no other command's code.


/** `--only` values, comma-separated or repeated, each a known capability. */
function parseOnly(value) {
    if (value === undefined)
        return undefined;
    const list = value.flatMap((v) => v.split(','));
    for (const v of list) {
        if (!_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .CAPABILITY_NAMES */ .AL.includes(v))
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG(`--only "${v}" is not a capability; allowed: ${_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .CAPABILITY_NAMES */ .AL.join(', ')}`);
    }
    return list;
}


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
