export const id = 412;
export const ids = [412];
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

/***/ 63412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   verifyCommand: () => (/* binding */ verifyCommand)
/* harmony export */ });
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(86684);
/* harmony import */ var _actor_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92191);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(94175);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(94355);






const verifyCommand = {
    name: 'verify',
    summary: "The QA checklist of each tenant after apply: dns, workspace, model, reports, modules, super-users, embed, isolation, each with its evidence. Any failing check: exit 1.",
    usage: 'verify [--tenant code] [--json] [--record] [--plan-hash H]',
    options: { tenant: { type: 'string' }, json: { type: 'boolean' }, record: { type: 'boolean' }, 'plan-hash': { type: 'string' } },
    help: {
        tenant: 'verify only this tenant',
        json: 'print {"tenant", "ok", "checks": [{"id", "ok", "evidence"}]} for --tenant, else {"tenants": [...]} of those',
        record: "record the outcome as the status of each tenant not yet live: provisioned when every check passes, failed otherwise (the provisioning run's QA step)",
        'plan-hash': 'with --record: the reviewed plan hash(es) the status rests on, for the audit row',
    },
    async run(args, io) {
        const tenant = (0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(args, 'tenant');
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_3__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => {
            const { actor, githubRun } = (0,_actor_js__WEBPACK_IMPORTED_MODULE_1__/* .commandRun */ .R)(io);
            const lists = [];
            for (const t of (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .selectTenants */ .Mu)(inputs, tenant)) {
                if ((0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .flag */ .Jt)(args, 'record')) {
                    const { checklist, transition } = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .recordQaChecklist */ .SL)(inputs, services, t.config, { actor, run: githubRun, planHash: (0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(args, 'plan-hash') });
                    if (transition)
                        services.log.info(`${t.config.code}: ${transition.from} → ${transition.to}`);
                    lists.push(checklist);
                }
                else
                    lists.push(await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .runChecklist */ .Yq)(inputs, services, t.config));
            }
            // Before the gate, the reviewer reads the checklist in the job summary (no-op outside a workflow).
            await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_4__/* .appendStepSummary */ .J)(io.env, (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .renderChecklistMarkdown */ .E4)(lists));
            if ((0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .flag */ .Jt)(args, 'json'))
                (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ .H6)(io.stdout, JSON.stringify(tenant ? lists[0] : { tenants: lists }, null, 2));
            else
                for (const list of lists)
                    (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ .H6)(io.stdout, (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .renderChecklistText */ .IL)(list));
            return lists.every((l) => l.ok) ? 0 : 1;
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
