export const id = 852;
export const ids = [852,141];
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
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(40849);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3567);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(94175);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(94355);
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(11141);
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
    const v = (0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(args, name);
    if (v === undefined)
        return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG(`--${name} ${JSON.stringify(v)} is not allowed; allowed: a whole number from 1`);
    return n;
}
function runSettings(args, io) {
    return { ...(0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_4__/* .commandRun */ .RL)(io), maxWaves: positiveInt(args, 'waves'), tenantConcurrency: positiveInt(args, 'concurrency'), force: (0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .flag */ .Jt)(args, 'force') };
}
/** Prints, summarises and hands on a rollout; exit 1 when it halted or a tenant of it failed. */
async function finish(report, args, io) {
    if ((0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .flag */ .Jt)(args, 'json'))
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ .H6)(io.stdout, JSON.stringify(report, null, 2));
    else {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ .H6)(io.stdout, `rollout ${report.id} at ${report.revision}: ${report.status}${report.haltedAt ? ` (halted at ${report.haltedAt})` : ''}`);
        for (const w of report.waves)
            for (const t of w.tenants)
                (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ .H6)(io.stdout, `  ${w.name}: ${t.tenant} ${t.state}${t.error ? `: ${t.error}` : ''}`);
        const c = report.counts;
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ .H6)(io.stdout, `${c.applied} applied, ${c.failed} failed, ${c.pending} pending, ${c.skipped} skipped`);
    }
    await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_4__/* .appendStepSummary */ .Jc)(io.env, (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .renderRolloutMarkdown */ .J$)(report));
    await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_4__/* .setStepOutputs */ .v1)(io.env, { 'rollout-id': report.id, status: report.status, pending: String(report.counts.pending), failed: String(report.counts.failed) });
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
        const revision = (0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(args, 'revision') ?? io.env.GITHUB_SHA;
        if (!revision)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG('give --revision <sha> (or run where GITHUB_SHA is set): a rollout records the revision it applied to each tenant');
        const only = (0,_apply_js__WEBPACK_IMPORTED_MODULE_5__.parseOnly)(args.values.only);
        const settings = runSettings(args, io);
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_3__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => finish(await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .startRollout */ .wz)(inputs, services, { ...settings, revision, only, reason: (0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(args, 'reason') }), args, io));
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
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_3__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => finish(await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .resumeRollout */ .fK)(inputs, services, { ...settings, id: (0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(args, 'id') }), args, io));
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
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_3__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => finish(await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .retryRollout */ .ub)(inputs, services, { ...settings, id: (0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(args, 'id') }), args, io));
    },
};
const rolloutStatusCommand = {
    name: 'rollout status',
    summary: 'Where a rollout (the newest by default) stands: each tenant pending, applied, failed or skipped, with its revision.',
    usage: 'rollout status [--id ID] [--json]',
    options: { id: { type: 'string' }, json: { type: 'boolean' } },
    help: { id: 'the rollout (default: the newest)', json: JSON_HELP },
    async run(args, io) {
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_3__/* .withCommandRun */ .L)(args, io, async ({ services }) => finish(await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .rolloutStatus */ .OI)(services, (0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(args, 'id')), args, io));
    },
};
const rolloutCommands = [rolloutStartCommand, rolloutStatusCommand, rolloutResumeCommand, rolloutRetryCommand];


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
