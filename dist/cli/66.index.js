export const id = 66;
export const ids = [66,141];
export const modules = {

/***/ 11141:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   applyCommand: () => (/* binding */ applyCommand),
/* harmony export */   parseOnly: () => (/* binding */ parseOnly),
/* harmony export */   readPlanHash: () => (/* binding */ readPlanHash)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(40849);
/* harmony import */ var _plan_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(42351);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3567);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(94175);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(94355);







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
        only: `apply only these capabilities (${_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .CAPABILITY_NAMES */ .AL.join(', ')}); repeatable`,
        'plan-hash': 'refuse, changing nothing, unless the recomputed plan has this hash (from `tenantops plan`: the whole hash or at least its first 12 hex digits)',
        force: 'allow changes that destroy data (a decommissioned tenant with deletionPolicy delete, a store move)',
        json: 'print {"hash", "tenants": [{"tenant", "applied", "failed", "skipped", "verified", "durationMs"}], "durationMs"}',
    },
    async run(args, io) {
        const only = parseOnly(args.values.only);
        const reviewed = readPlanHash(args);
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_4__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => {
            const result = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .applyTenants */ .So)(inputs, services, {
                tenant: (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'tenant'),
                only,
                planHash: reviewed,
                force: (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'force'),
                ...(0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_5__/* .commandRun */ .RL)(io),
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
    return value === undefined ? undefined : (0,_plan_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parsePlanHash */ .bc)(value);
}
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

/***/ 26066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   offboardCommand: () => (/* binding */ offboardCommand)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(40849);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5179);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3567);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(94175);
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(11141);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(94355);









const offboardCommand = {
    name: 'offboard',
    summary: 'Offboard a tenant whose file says lifecycle: decommissioned. retain: suspended and kept. delete: the plan shown, every table exported (CSV, AES-256-GCM, to blob storage), then everything deleted dns → powerbi → db → registry, with a deletion certificate.',
    usage: 'offboard --tenant <code> [--manifest-out FILE] [--only db|powerbi|dns] [--json]',
    options: { tenant: { type: 'string' }, 'manifest-out': { type: 'string' }, only: { type: 'string', multiple: true }, json: { type: 'boolean' } },
    help: {
        tenant: 'the tenant code',
        'manifest-out': "write the export's manifest (tables, row counts, SHA-256, blob names; no data, no key) and the certificate here, for the workflow's artifact",
        only: 'only these capabilities (default all)',
        json: 'print {"tenant", "policy", "manifest", "certificate"}',
    },
    async run(args, io) {
        const tenant = (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'tenant');
        if (!tenant)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .EnvironmentError */ .eG(`usage: tenantops ${this.usage}`);
        const only = (0,_apply_js__WEBPACK_IMPORTED_MODULE_6__.parseOnly)(args.values.only);
        const out = (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'manifest-out');
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_5__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => {
            const result = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .offboardTenant */ .Y_)(inputs, services, {
                tenant,
                only,
                ...(0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_7__/* .commandRun */ .RL)(io),
                showPlan: (markdown) => (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_7__/* .appendStepSummary */ .Jc)(io.env, `### Offboarding plan: ${tenant}\n\n${markdown}`),
            });
            await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_7__/* .appendStepSummary */ .Jc)(io.env, result.markdown);
            const document = { tenant: result.tenant, policy: result.policy, manifest: result.export?.manifest ?? null, certificate: result.certificate ?? null };
            if (out)
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(io.cwd, out), JSON.stringify(document, null, 2) + '\n');
            if ((0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'json'))
                (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ .H6)(io.stdout, JSON.stringify(document, null, 2));
            else
                (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ .H6)(io.stdout, result.markdown.replace(/^### /, ''));
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
