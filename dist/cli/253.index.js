export const id = 253;
export const ids = [253];
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

/***/ 2253:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   opsHistoryCommand: () => (/* binding */ opsHistoryCommand),
/* harmony export */   opsListCommand: () => (/* binding */ opsListCommand),
/* harmony export */   opsRunCommand: () => (/* binding */ opsRunCommand)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _ops_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(95297);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86684);
/* harmony import */ var _actor_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(92191);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(94175);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(94355);
// `tenantops ops`: operation sequences (operations/<name>.yaml). `ops list` validates every file
// and lists the sequences (those of one cron with --schedule, for the scheduled workflow);
// `ops run` runs one, or with --dry-run shows its plan and contacts nothing; `ops history` lists
// past runs from the registry.








const opsListCommand = {
    name: 'ops list',
    summary: 'Validate every operations/*.yaml (findings as file:line:col) and list the sequences: their steps and schedules.',
    usage: 'ops list [--schedule CRON] [--json]',
    options: { schedule: { type: 'string' }, json: { type: 'boolean' } },
    help: {
        schedule: 'only the sequences with this cron (the scheduled workflow passes github.event.schedule); sets the step output `sequences` (a JSON list)',
        json: 'print {"sequences": [{"name", "file", "schedule", "steps": [{"id", "action", "needs"}]}]}',
    },
    async run(args, io) {
        const inputs = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .loadValidInputs */ .wt)(args.root);
        const { operations, findings } = await (0,_ops_index_js__WEBPACK_IMPORTED_MODULE_1__/* .loadOperations */ .Lk)(inputs.root, (0,_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .operationContext */ .LL)(inputs));
        if (findings.length)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(findings);
        const cron = (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'schedule');
        const chosen = operations.filter((o) => cron === undefined || o.sequence.schedule === cron);
        const sequences = chosen.map(({ file, sequence: s }) => ({ name: s.name, file, ...(s.schedule ? { schedule: s.schedule } : {}), steps: s.steps.map((st) => ({ id: st.id, action: st.action, needs: st.needs ?? [] })) }));
        if (cron !== undefined)
            await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_6__/* .setStepOutputs */ .v)(io.env, { sequences: JSON.stringify(sequences.map((s) => s.name)) });
        if ((0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'json'))
            (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ .H6)(io.stdout, JSON.stringify({ sequences }, null, 2));
        else
            for (const s of sequences)
                (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ .H6)(io.stdout, `${s.name}${s.schedule ? ` (${s.schedule} UTC)` : ''}: ${s.steps.map((st) => `${st.id}${st.needs.length ? ` after ${st.needs.join(', ')}` : ''}`).join(' → ')}`);
        return 0;
    },
};
const opsRunCommand = {
    name: 'ops run',
    summary: 'Run an operation sequence of operations/: its steps in order over their tenants, waiting on each refresh, within the rate budgets and the shared-capacity refresh allowance; recorded in the registry.',
    usage: 'ops run <name> [--tenant code] [--dry-run] [--json]',
    options: { tenant: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    help: {
        tenant: 'only this tenant, in the steps that target it',
        'dry-run': 'show the steps, their order, policies and tenants; contact nothing',
        json: 'print the run {"id", "name", "actor", "startedAt", "finishedAt", "status", "steps": [{"id", "action", "status", "tenants": [{"tenant", "status", "attempts", "detail", "items", "durationMs"}]}], "durationMs"} (with --dry-run: {"dryRun": true, "plan"})',
    },
    async run(args, io) {
        const name = args.positionals[0];
        if (!name || args.positionals.length > 1)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG(`usage: tenantops ${opsRunCommand.usage}`);
        const tenant = (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'tenant');
        if ((0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'dry-run')) {
            // The plan needs the repository only: no services are opened, so nothing can be written.
            const inputs = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .loadValidInputs */ .wt)(args.root);
            const plan = (0,_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .planSequence */ .fY)(inputs, (await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .loadSequence */ .Gk)(inputs, name)).sequence, tenant);
            const markdown = (0,_ops_index_js__WEBPACK_IMPORTED_MODULE_1__/* .renderOperationPlan */ .fF)(plan);
            await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_6__/* .appendStepSummary */ .J)(io.env, markdown);
            (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ .H6)(io.stdout, (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'json') ? JSON.stringify({ dryRun: true, plan }, null, 2) : markdown);
            return 0;
        }
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_5__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => {
            const { sequence } = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .loadSequence */ .Gk)(inputs, name);
            const { actor, githubRun } = (0,_actor_js__WEBPACK_IMPORTED_MODULE_3__/* .commandRun */ .R)(io);
            const result = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .runOperation */ .xj)(inputs, services, sequence, { tenant, actor, githubRun });
            const markdown = (0,_ops_index_js__WEBPACK_IMPORTED_MODULE_1__/* .renderOperationRun */ .fW)(result);
            await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_6__/* .appendStepSummary */ .J)(io.env, markdown);
            (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ .H6)(io.stdout, (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'json') ? JSON.stringify(result, null, 2) : markdown);
            return result.status === 'succeeded' ? 0 : 1;
        });
    },
};
const opsHistoryCommand = {
    name: 'ops history',
    summary: 'List past runs of operation sequences from the registry: who, when, each step with its per-tenant results, durations.',
    usage: 'ops history [--sequence name] [--limit N] [--json]',
    options: { sequence: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    help: { sequence: 'only runs of this sequence', limit: 'at most N runs, newest first (default 20)', json: 'print {"runs": [...]}, each run as `ops run --json` prints it' },
    async run(args, io) {
        const limit = Number((0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'limit') ?? 20);
        if (!Number.isInteger(limit) || limit < 1)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG('--limit must be a positive whole number');
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_5__/* .withCommandRun */ .L)(args, io, async ({ services }) => {
            const runs = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .listOperationHistory */ .S$)(services, { sequence: (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'sequence'), limit });
            (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ .H6)(io.stdout, (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'json') ? JSON.stringify({ runs }, null, 2) : runs.length ? (0,_ops_index_js__WEBPACK_IMPORTED_MODULE_1__/* .renderOperationHistory */ .yx)(runs) : 'no operation runs recorded');
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
