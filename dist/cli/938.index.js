export const id = 938;
export const ids = [938,141];
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

/***/ 99938:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   goLiveCommand: () => (/* binding */ goLiveCommand)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _github_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51427);
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25470);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(86684);
/* harmony import */ var _actor_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(92191);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(94175);
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(11141);
/* harmony import */ var _only_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(63563);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(94355);











const goLiveCommand = {
    name: 'go-live',
    summary: "After the go-live approval: record who approved (from the run's approvals), apply exactly the destructive plan shown before the gate (force, bound to its hash), then mark the tenant live if its QA checklist passes (exit 1 otherwise).",
    usage: 'go-live --tenant <code> [--only caps --plan-hash H] [--environment go-live]',
    options: { tenant: { type: 'string' }, only: { type: 'string', multiple: true }, 'plan-hash': { type: 'string' }, environment: { type: 'string' } },
    help: {
        tenant: 'the tenant code',
        only: 'the capabilities left for the gate (the provisioning job\'s `deferred` output); none: nothing to apply',
        'plan-hash': 'the hash of the destructive plan shown before the gate; a plan that changed since is refused',
        environment: 'the gated environment whose approval is recorded (default go-live)',
    },
    async run(args, io) {
        const tenant = (0,_command_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(args, 'tenant');
        // The provisioning job's `deferred` output is empty when nothing needs force.
        const only = (0,_only_js__WEBPACK_IMPORTED_MODULE_8__/* .parseOnly */ .Q)(args.values.only?.flatMap((v) => v.split(',')).filter(Boolean)) ?? [];
        const planHash = (0,_apply_js__WEBPACK_IMPORTED_MODULE_7__.readPlanHash)(args);
        if (!tenant || (only.length > 0 && !planHash))
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG(`usage: tenantops ${this.usage}`);
        const environment = (0,_command_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(args, 'environment') ?? 'go-live';
        const run = (0,_actor_js__WEBPACK_IMPORTED_MODULE_4__/* .commandRun */ .R)(io);
        if (!run.githubRun)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG('go-live reads its approval from the workflow run: run it in the gated job');
        const approvals = await (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .readApprovals */ .RJ)((0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .createOctokit */ .Qi)((0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .apiOptionsFromEnv */ .Wr)(io.env, 'go-live')), (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .repositoryFromEnv */ .iw)(io.env, 'go-live'), Number(run.githubRun), environment);
        const approval = approvals.filter((a) => a.state === 'approved').at(-1);
        if (!approval)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG(`run ${run.githubRun} has no approval for environment ${environment}: nothing applied`);
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_6__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => {
            await (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_2__/* .appendAudit */ .u0)(await services.registry(), { actor: `github:${approval.user}`, githubRun: run.githubRun, tenant, action: 'approve', target: environment, after: { runUrl: run.githubRunUrl, planHash: planHash ?? null, comment: approval.comment } });
            const [{ config }] = (0,_run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .selectTenants */ .Mu)(inputs, tenant);
            const r = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .approveGoLive */ .AM)(inputs, services, config, { only, planHash, actor: `github:${approval.user}`, run: run.githubRun, githubRunUrl: run.githubRunUrl, approvedBy: approval.user });
            const line = `${tenant}: approved by ${approval.user} for ${environment}; ${r.outcome}`;
            await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_9__/* .appendStepSummary */ .J)(io.env, `### Go-live\n\n${line}${r.checklist && !r.checklist.ok ? `\n\n${(0,_run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .renderChecklistMarkdown */ .E4)([r.checklist])}` : ''}${r.summary ? `\n\n${r.summary}` : ''}`);
            (0,_io_js__WEBPACK_IMPORTED_MODULE_10__/* .writeLine */ .H6)(io.stdout, r.checklist ? `${line}\n${(0,_run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .renderChecklistText */ .IL)(r.checklist)}` : line);
            return r.ok ? 0 : 1;
        });
    },
};


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


/***/ }),

/***/ 94355:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ appendStepSummary),
/* harmony export */   v: () => (/* binding */ setStepOutputs)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
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


/***/ })

};
