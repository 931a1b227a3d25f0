export const id = 852;
export const ids = [852];
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

/***/ 74852:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   rolloutCommands: () => (/* binding */ rolloutCommands),
/* harmony export */   rolloutResumeCommand: () => (/* binding */ rolloutResumeCommand),
/* harmony export */   rolloutRetryCommand: () => (/* binding */ rolloutRetryCommand),
/* harmony export */   rolloutStartCommand: () => (/* binding */ rolloutStartCommand),
/* harmony export */   rolloutStatusCommand: () => (/* binding */ rolloutStatusCommand)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(86684);
/* harmony import */ var _actor_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(92191);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(94175);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(94355);
/* harmony import */ var _only_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(63563);
// `tenantops rollout start|status|resume|retry`: fleet-wide changes in waves as platform.yaml's
// rollout policy orders them, recorded in the registry. Each prints per-tenant results, writes
// them to the job summary, and hands the rollout's id and status on as step outputs.








const JSON_HELP = 'print {"id", "revision", "status", "haltedAt", "policy", "waves": [{"index", "name", "tenants": [{"tenant", "state", "revision", "error", "attempts"}]}], "counts"}';
const runOptions = {
    waves: { type: 'string' },
    concurrency: { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
};
const runHelp = {
    waves: 'apply at most this many waves, then stop with the rollout still running (the workflow runs one wave per gated job); default all',
    concurrency: 'tenants of a wave applied at once (default 4), each under its lock, within the shared rate budgets',
    force: 'allow changes that destroy data',
    json: JSON_HELP,
};
function positiveInt(args, name) {
    const v = (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, name);
    if (v === undefined)
        return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG(`--${name} ${JSON.stringify(v)} is not allowed; allowed: a whole number from 1`);
    return n;
}
function runSettings(args, io) {
    return { ...(0,_actor_js__WEBPACK_IMPORTED_MODULE_2__/* .commandRun */ .R)(io), maxWaves: positiveInt(args, 'waves'), tenantConcurrency: positiveInt(args, 'concurrency'), force: (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'force') };
}
/** Prints, summarises and hands on a rollout; exit 1 when it halted or a tenant of it failed. */
async function finish(report, args, io) {
    if ((0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'json'))
        (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ .H6)(io.stdout, JSON.stringify(report, null, 2));
    else {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ .H6)(io.stdout, `rollout ${report.id} at ${report.revision}: ${report.status}${report.haltedAt ? ` (halted at ${report.haltedAt})` : ''}`);
        for (const w of report.waves)
            for (const t of w.tenants)
                (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ .H6)(io.stdout, `  ${w.name}: ${t.tenant} ${t.state}${t.error ? `: ${t.error}` : ''}`);
        const c = report.counts;
        (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ .H6)(io.stdout, `${c.applied} applied, ${c.failed} failed, ${c.pending} pending, ${c.skipped} skipped`);
    }
    await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_5__/* .appendStepSummary */ .J)(io.env, (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .renderRolloutMarkdown */ .J$)(report));
    await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_5__/* .setStepOutputs */ .v)(io.env, { 'rollout-id': report.id, status: report.status, pending: String(report.counts.pending), failed: String(report.counts.failed) });
    return report.status === 'halted' || report.counts.failed > 0 ? 1 : 0;
}
const rolloutStartCommand = {
    name: 'rollout start',
    summary: "Roll the repository's state out to the fleet in waves (platform.yaml rollout: canary, batch, haltAfter), recorded in the registry.",
    usage: 'rollout start [--revision SHA] [--only db|powerbi|dns] [--reason text] [--waves N] [--concurrency N] [--force] [--json]',
    options: { revision: { type: 'string' }, only: { type: 'string', multiple: true }, reason: { type: 'string' }, ...runOptions },
    help: {
        revision: 'the revision rolled out, recorded per tenant (default GITHUB_SHA)',
        only: `roll out only these capabilities (${_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .CAPABILITY_NAMES */ .AL.join(', ')}); repeatable`,
        reason: 'why, recorded with the rollout (schema_changed, templates, platform.yaml)',
        ...runHelp,
    },
    async run(args, io) {
        const revision = (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'revision') ?? io.env.GITHUB_SHA;
        if (!revision)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG('give --revision <sha> (or run where GITHUB_SHA is set): a rollout records the revision it applied to each tenant');
        const only = (0,_only_js__WEBPACK_IMPORTED_MODULE_6__/* .parseOnly */ .Q)(args.values.only);
        const settings = runSettings(args, io);
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_4__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => finish(await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .startRollout */ .wz)(inputs, services, { ...settings, revision, only, reason: (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'reason') }), args, io));
    },
};
const rolloutResumeCommand = {
    name: 'rollout resume',
    summary: 'Continue a rollout (the newest by default) with its pending tenants, wave by wave; after a halt, the next waves.',
    usage: 'rollout resume [--id ID] [--waves N] [--concurrency N] [--force] [--json]',
    options: { id: { type: 'string' }, ...runOptions },
    help: { id: 'the rollout (default: the newest)', ...runHelp },
    async run(args, io) {
        const settings = runSettings(args, io);
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_4__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => finish(await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .resumeRollout */ .fK)(inputs, services, { ...settings, id: (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'id') }), args, io));
    },
};
const rolloutRetryCommand = {
    name: 'rollout retry',
    summary: "Apply again only a rollout's failed tenants (the newest rollout by default), wave by wave.",
    usage: 'rollout retry [--id ID] [--waves N] [--concurrency N] [--force] [--json]',
    options: { id: { type: 'string' }, ...runOptions },
    help: { id: 'the rollout (default: the newest)', ...runHelp },
    async run(args, io) {
        const settings = runSettings(args, io);
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_4__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => finish(await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .retryRollout */ .ub)(inputs, services, { ...settings, id: (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'id') }), args, io));
    },
};
const rolloutStatusCommand = {
    name: 'rollout status',
    summary: 'Where a rollout (the newest by default) stands: each tenant pending, applied, failed or skipped, with its revision.',
    usage: 'rollout status [--id ID] [--json]',
    options: { id: { type: 'string' }, json: { type: 'boolean' } },
    help: { id: 'the rollout (default: the newest)', json: JSON_HELP },
    async run(args, io) {
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_4__/* .withCommandRun */ .L)(args, io, async ({ services }) => finish(await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .rolloutStatus */ .OI)(services, (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'id')), args, io));
    },
};
const rolloutCommands = [rolloutStartCommand, rolloutStatusCommand, rolloutResumeCommand, rolloutRetryCommand];


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
