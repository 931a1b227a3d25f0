export const id = 44;
export const ids = [44];
export const modules = {

/***/ 54044:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   catalogSyncCommand: () => (/* binding */ catalogSyncCommand)
/* harmony export */ });
/* harmony import */ var _powerbi_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71965);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3567);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(94175);




const catalogSyncCommand = {
    name: 'catalog sync',
    summary: 'Compare templates/reports.yaml with the template workspace in Power BI; --write applies the changes for review in a commit.',
    usage: 'catalog sync [--write] [--json]',
    options: { write: { type: 'boolean' }, json: { type: 'boolean' } },
    help: {
        write: 'write the additions (with the module of their earlier versions) and removals into templates/reports.yaml',
        json: 'print {"added": [{"name", "module"}], "removed": [...], "unparseable": [{"name", "reason"}]}',
    },
    async run(args, io) {
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_2__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => {
            const sync = await (0,_powerbi_index_js__WEBPACK_IMPORTED_MODULE_0__/* .syncCatalog */ .hg)(services, inputs.catalog, inputs.providers);
            if ((0,_command_js__WEBPACK_IMPORTED_MODULE_1__/* .flag */ .Jt)(args, 'json'))
                (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ .H6)(io.stdout, JSON.stringify({ added: sync.additions, removed: sync.diff.removed, unparseable: sync.diff.unparseable }, null, 2));
            else
                (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ .H6)(io.stdout, (0,_powerbi_index_js__WEBPACK_IMPORTED_MODULE_0__/* .renderCatalogSync */ .p7)(sync));
            if ((0,_command_js__WEBPACK_IMPORTED_MODULE_1__/* .flag */ .Jt)(args, 'write')) {
                const { written, unplaced } = await (0,_powerbi_index_js__WEBPACK_IMPORTED_MODULE_0__/* .writeCatalogSync */ .aY)(args.root, sync);
                (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ .H6)(io.stderr, `${written} change(s) written to templates/reports.yaml${unplaced.length ? `; place by hand: ${unplaced.join(', ')}` : ''}`);
            }
            return 0;
        });
    },
};


/***/ }),

/***/ 94175:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ cliActor),
/* harmony export */   L: () => (/* binding */ withCommandRun)
/* harmony export */ });
/* harmony import */ var _log_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(53730);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(40849);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3567);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(94355);
/* harmony import */ var _sandbox_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(21193);
// How a command opens a run: the repository at --root, the services logging to stderr (stdout
// carries the command's own output, often JSON), secrets from the command's environment, or
// everything from the running sandbox with --sandbox.





function withCommandRun(args, io, body) {
    const base = { log: (0,_log_index_js__WEBPACK_IMPORTED_MODULE_4__/* .createConsoleLogger */ .cS)({ stream: io.stderr }), env: io.env };
    return (0,_command_js__WEBPACK_IMPORTED_MODULE_1__/* .flag */ .Jt)(args, 'sandbox') ? (0,_sandbox_js__WEBPACK_IMPORTED_MODULE_3__/* .withSandboxRun */ .Bk)(args.root, base, body) : (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .withRun */ .F5)(args.root, base, body);
}
/** Who a command acts as, for audit rows: the GitHub actor under Actions, else the local user. */
function cliActor(io) {
    return (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_2__/* .commandRun */ .RL)(io).actor;
}


/***/ }),

/***/ 94355:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jc: () => (/* binding */ appendStepSummary),
/* harmony export */   RL: () => (/* binding */ commandRun),
/* harmony export */   v1: () => (/* binding */ setStepOutputs)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _github_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51427);
// Commands that run as workflow steps hand results on through the runner's files: outputs
// (GITHUB_OUTPUT, `name<<delimiter` blocks so any value is safe) and the job summary
// (GITHUB_STEP_SUMMARY). Outside a workflow neither variable is set and both are no-ops.



async function appendStepSummary(env, markdown) {
    if (env.GITHUB_STEP_SUMMARY)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.appendFile)(env.GITHUB_STEP_SUMMARY, markdown + '\n');
}
async function setStepOutputs(env, outputs) {
    if (!env.GITHUB_OUTPUT)
        return;
    let text = '';
    for (const [name, value] of Object.entries(outputs)) {
        const delimiter = `tenantops_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(8).toString('hex')}`;
        text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    }
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.appendFile)(env.GITHUB_OUTPUT, text);
}
/** Who a command acts as and which GitHub run (if any) it belongs to, for deployments and audit rows. */
function commandRun(io) {
    const run = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_2__/* .readGitHubRun */ .ji)(io.env);
    if (run)
        return { actor: run.actor, githubRun: run.runId, githubRunUrl: run.runUrl };
    return { actor: `cli:${io.env.USER ?? io.env.USERNAME ?? 'unknown'}` };
}


/***/ })

};
