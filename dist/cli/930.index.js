export const id = 930;
export const ids = [930];
export const modules = {

/***/ 62930:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   driftCommand: () => (/* binding */ driftCommand)
/* harmony export */ });
/* harmony import */ var _github_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51427);
/* harmony import */ var _plan_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(61716);
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25470);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(86684);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(94175);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(94355);








const driftCommand = {
    name: 'drift',
    summary: 'Plan every tenant against what exists; with --issues keep one GitHub issue per drifted tenant (opened, updated, closed when the drift is gone).',
    usage: 'drift [--issues] [--json]',
    options: { issues: { type: 'boolean' }, json: { type: 'boolean' } },
    help: {
        issues: 'sync the tenantops-drift issues (GITHUB_TOKEN with issues: write); exit 0 whatever drifted, the issues are the signal',
        json: 'print {"tenants": [{"tenant", "drifted", "changes"}], "issues": [{"kind", "tenant", "number"}]}',
    },
    async run(args, io) {
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_5__/* .withCommandRun */ .L)(args, io, async ({ inputs, services, log }) => {
            const plan = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .planOnline */ .bZ)(inputs, services);
            // For the dashboard: resource keys only; the values stay in the plan and the issue.
            const githubRun = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_0__/* .readGitHubRun */ .ji)(io.env);
            const record = await (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_2__/* .recordDriftChecks */ .ky)(await services.registry(), plan.tenants.map((t) => ({ tenant: t.tenant, resources: t.changes.map((c) => c.key) })), { githubRun: githubRun?.runId, runUrl: githubRun?.runUrl });
            if (record.kind === 'read-only')
                log.info(`drift not recorded in the registry: its credentials are read-only here (${record.reason}); the dashboard keeps the last recorded check`);
            else
                log.info(`drift recorded in the registry for ${record.recorded.length} tenant(s)${record.skipped.length ? `; not yet in the registry: ${record.skipped.join(', ')}` : ''}`);
            const reports = plan.tenants.map((t) => ({ tenant: t.tenant, drifted: t.changes.length > 0, markdown: (0,_plan_index_js__WEBPACK_IMPORTED_MODULE_1__/* .renderPlanMarkdown */ .d$)((0,_run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .tenantSubPlan */ .cE)(plan, t.tenant), { labels: _run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .KIND_LABELS */ .bu }) }));
            const actions = (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'issues')
                ? await (0,_github_index_js__WEBPACK_IMPORTED_MODULE_0__/* .syncDriftIssues */ .hS)((0,_github_index_js__WEBPACK_IMPORTED_MODULE_0__/* .createOctokit */ .Qi)((0,_github_index_js__WEBPACK_IMPORTED_MODULE_0__/* .apiOptionsFromEnv */ .Wr)(io.env, 'drift --issues')), (0,_github_index_js__WEBPACK_IMPORTED_MODULE_0__/* .repositoryFromEnv */ .iw)(io.env, 'drift --issues'), reports, githubRun?.runUrl)
                : [];
            const drifted = reports.filter((r) => r.drifted);
            const lines = ['### Drift', '', `${drifted.length} of ${reports.length} tenant(s) drifted${drifted.length ? `: ${drifted.map((r) => r.tenant).join(', ')}` : ''}.`, ...actions.filter((a) => a.kind !== 'keep').map((a) => `- ${a.kind} issue for ${a.tenant}`)];
            await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_6__/* .appendStepSummary */ .J)(io.env, lines.join('\n'));
            if ((0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'json')) {
                (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ .H6)(io.stdout, JSON.stringify({ tenants: plan.tenants.map((t) => ({ tenant: t.tenant, drifted: t.changes.length > 0, changes: t.changes.length })), issues: actions.map((a) => ({ kind: a.kind, tenant: a.tenant, number: 'number' in a ? a.number : null })) }, null, 2));
            }
            else
                (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .writeLine */ .H6)(io.stdout, lines.join('\n'));
            return drifted.length && !(0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'issues') ? 1 : 0;
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
