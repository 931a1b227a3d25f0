export const id = 533;
export const ids = [533];
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

/***/ 34533:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   rollbackCommand: () => (/* binding */ rollbackCommand)
/* harmony export */ });
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(86684);
/* harmony import */ var _github_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51427);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5179);
/* harmony import */ var _actor_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(92191);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(94175);
/* harmony import */ var _only_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(63563);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(94355);









const rollbackCommand = {
    name: 'rollback',
    summary: "Roll a tenant back. Never live: tear it down as its deletionPolicy says (delete: everything of it; retain: suspended and kept), after showing the plan. " +
        'Live: open a pull request reverting its file (GITHUB_TOKEN, GITHUB_REPOSITORY), which takes the ordinary path; nothing is torn down.',
    usage: 'rollback --tenant <code> [--only db|powerbi|dns] [--to <commit>] [--base <branch>] [--reason <text>] [--if-rejected <environment>] [--json]',
    options: { tenant: { type: 'string' }, only: { type: 'string', multiple: true }, to: { type: 'string' }, base: { type: 'string' }, reason: { type: 'string' }, 'if-rejected': { type: 'string' }, json: { type: 'boolean' } },
    help: {
        'if-rejected': "only when this run's gate of that environment was rejected (read from the run's approvals); a gate that was approved, or never answered, rolls nothing back",
        tenant: 'the tenant code',
        only: 'never live: only these capabilities (default all, torn down dns → powerbi → db)',
        to: 'live: the commit whose version of the file to restore (default: the parent of the last commit that changed it)',
        base: 'live: the branch the pull request targets (default main)',
        reason: 'live: why, for the pull request (default: who asked, from which run)',
        json: 'print {"tenant", "policy", "planHashes", "applied", "registryRows"}; live: {"tenant", "pullRequest": {"number", "url", "branch", "created"}}',
    },
    async run(args, io) {
        const tenant = (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'tenant');
        if (!tenant)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_2__/* .EnvironmentError */ .eG(`usage: tenantops ${this.usage}`);
        const only = (0,_only_js__WEBPACK_IMPORTED_MODULE_6__/* .parseOnly */ .Q)(args.values.only);
        const gate = (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'if-rejected');
        if (gate !== undefined) {
            // After a failed go-live job: a rejection rolls back; an approved go-live that failed
            // afterwards (a changed plan, a failing check, a mail server down) must not tear down a
            // tenant nobody asked to remove.
            const reason = await gateNotRejected(io, gate);
            if (reason) {
                const line = `${tenant}: ${reason}; nothing rolled back (re-run the failed job, or dispatch tenant-provision with rollback: true)`;
                await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_7__/* .appendStepSummary */ .J)(io.env, `### Rollback\n\n${line}`);
                (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ .H6)(io.stdout, line);
                return 0;
            }
        }
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_5__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => {
            if (await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .isLive */ .DG)(services, tenant)) {
                const what = 'rollback of a live tenant (a revert pull request)';
                const octokit = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .createOctokit */ .Qi)((0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .apiOptionsFromEnv */ .Wr)(io.env, what));
                const repo = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .repositoryFromEnv */ .iw)(io.env, what);
                const result = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .rollbackLiveTenant */ .vy)(inputs, services, {
                    tenant,
                    reason: (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'reason'),
                    ...(0,_actor_js__WEBPACK_IMPORTED_MODULE_3__/* .commandRun */ .R)(io),
                    openRevert: (request) => (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .openRevertPullRequest */ .tu)(octokit, repo, { ...request, toCommit: (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'to'), base: (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'base') }),
                });
                await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_7__/* .appendStepSummary */ .J)(io.env, result.markdown);
                if ((0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'json'))
                    (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ .H6)(io.stdout, JSON.stringify({ tenant: result.tenant, pullRequest: result.pullRequest }, null, 2));
                else
                    (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ .H6)(io.stdout, result.pullRequest.url);
                return 0;
            }
            const result = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .rollbackTenant */ .Tp)(inputs, services, {
                tenant,
                only,
                ...(0,_actor_js__WEBPACK_IMPORTED_MODULE_3__/* .commandRun */ .R)(io),
                // The teardown plan reaches the summary before anything is applied.
                showPlan: (markdown) => (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_7__/* .appendStepSummary */ .J)(io.env, `### Rollback plan: ${tenant}\n\n${markdown}`),
            });
            await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_7__/* .appendStepSummary */ .J)(io.env, result.markdown);
            if ((0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'json')) {
                const { tenant: code, policy, planHashes, applied, registryRows } = result;
                (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ .H6)(io.stdout, JSON.stringify({ tenant: code, policy, planHashes, applied, registryRows: registryRows ?? null }, null, 2));
            }
            else
                (0,_io_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLine */ .H6)(io.stdout, result.markdown.replace(/^### /, ''));
            return 0;
        });
    },
};
/** Why this run's gate of `environment` does not call for a rollback, or undefined when it was rejected. */
async function gateNotRejected(io, environment) {
    const run = (0,_actor_js__WEBPACK_IMPORTED_MODULE_3__/* .commandRun */ .R)(io);
    if (!run.githubRun)
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_2__/* .EnvironmentError */ .eG('rollback --if-rejected reads the gate from the workflow run: run it in the workflow');
    const what = 'rollback --if-rejected';
    const reviews = await (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .readApprovals */ .RJ)((0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .createOctokit */ .Qi)((0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .apiOptionsFromEnv */ .Wr)(io.env, what)), (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .repositoryFromEnv */ .iw)(io.env, what), Number(run.githubRun), environment);
    const last = reviews.at(-1);
    if (last?.state === 'rejected')
        return undefined;
    return last ? `the ${environment} gate of run ${run.githubRun} was approved by ${last.user}, then go-live failed` : `the ${environment} gate of run ${run.githubRun} has no review`;
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
