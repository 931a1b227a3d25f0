export const id = 47;
export const ids = [47];
export const modules = {

/***/ 3806:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ce: () => (/* binding */ gitChangedFiles),
/* harmony export */   uI: () => (/* binding */ changedTenants)
/* harmony export */ });
/* unused harmony export FLEET_INPUTS */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5179);
// Which tenants a git change touches: their files under tenants/, or "the whole fleet" when a
// fleet-wide input (platform.yaml, templates/) changed, which the fleet rollout handles instead of
// one run per tenant.


/** Changes under these paths concern every tenant, not one file. */
const FLEET_INPUTS = ['platform.yaml', 'templates/'];
function changedTenants(inputs, files) {
    const changed = new Set(files);
    const codes = inputs.tenants.filter((t) => changed.has(t.file)).map((t) => t.config.code);
    const known = new Set(inputs.tenants.map((t) => t.file));
    const removed = files.filter((f) => f.startsWith('tenants/') && /\.ya?ml$/.test(f) && !known.has(f));
    return { codes, fleetWide: files.some((f) => FLEET_INPUTS.some((p) => f === p || f.startsWith(p))), removed };
}
/** Files changed between `since` and the working tree, under tenants/ and the fleet-wide inputs. */
function gitChangedFiles(root, since) {
    if (!/^[\w./~^@{}-]+$/.test(since))
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .EnvironmentError */ .eG(`"${since}" is not a git ref`);
    try {
        return (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFileSync)('git', ['diff', '--name-only', since, '--', 'tenants', ...FLEET_INPUTS], { cwd: root, encoding: 'utf8' })
            .split('\n')
            .filter(Boolean);
    }
    catch (err) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .EnvironmentError */ .eG(`git diff against ${since} failed: ${err.message.split('\n')[0]}`);
    }
}


/***/ }),

/***/ 65047:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   prPlanCommand: () => (/* binding */ prPlanCommand)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _github_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51427);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(86684);
/* harmony import */ var _log_index_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(53730);
/* harmony import */ var _changed_tenants_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3806);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(90291);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5179);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(71604);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(94355);










const OFFLINE_BANNER = '> [!WARNING]\n> **Offline plan.** This pull request runs without secrets (a fork or Dependabot), so it was planned against an empty world: ' +
    'every resource shows as a create, nothing that exists was read, and no hash here can be applied. A maintainer re-runs the plan from a branch ' +
    'of this repository, or dispatches tenant-provision with accept-hashes after reading the live plan.';
const prPlanCommand = {
    name: 'pr-plan',
    summary: 'Plan the tenants a pull request changes, per capability, and write its sticky comment (with the hash marker a merge binds to), the full plan and the job summary.',
    usage: 'pr-plan --since <base ref> --sha <head sha> --out <dir> [--offline]',
    options: { since: { type: 'string' }, sha: { type: 'string' }, out: { type: 'string' }, offline: { type: 'boolean' } },
    help: {
        since: 'the base the PR is compared with (its merge base)',
        sha: "the PR's head commit, recorded in the marker",
        out: 'folder for comment.md (fits a GitHub comment), plan.md (everything) and marker.json',
        offline: 'plan against an empty world (no secrets): the comment says so and carries no hashes',
    },
    async run(args, io) {
        const since = (0,_command_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(args, 'since');
        const sha = (0,_command_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(args, 'sha');
        const out = (0,_command_js__WEBPACK_IMPORTED_MODULE_5__/* .stringOption */ .Pp)(args, 'out');
        if (!since || !sha || !out)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_6__/* .EnvironmentError */ .eG(`usage: tenantops ${this.usage}`);
        const offline = (0,_command_js__WEBPACK_IMPORTED_MODULE_5__/* .flag */ .Jt)(args, 'offline');
        const inputs = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .loadValidInputs */ .wt)(args.root);
        const changed = (0,_changed_tenants_js__WEBPACK_IMPORTED_MODULE_4__/* .changedTenants */ .uI)(inputs, (0,_changed_tenants_js__WEBPACK_IMPORTED_MODULE_4__/* .gitChangedFiles */ .Ce)(args.root, since));
        // The run's inputs, not the ones loaded above: a run opened on a sandbox has its platform.
        const reviews = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .withRun */ .F5)(inputs, { log: (0,_log_index_js__WEBPACK_IMPORTED_MODULE_8__/* .createConsoleLogger */ .cS)({ stream: io.stderr }), env: io.env }, (run) => (0,_run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .planForReview */ .vd)(run.inputs, run.services, { tenants: changed.codes, offline }));
        const marker = { version: 1, sha, tenants: offline ? {} : Object.fromEntries(reviews.map((r) => [r.tenant, (0,_run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .reviewHashes */ .Nc)(r)])), ...(offline ? { offline: true } : {}) };
        const notes = [
            ...(offline ? [OFFLINE_BANNER] : []),
            ...(changed.fleetWide ? ['This pull request changes fleet-wide inputs (platform.yaml or templates/): after merge the fleet rollout plans and applies every tenant.'] : []),
            ...(changed.removed.length ? [`Removed tenant files (${changed.removed.join(', ')}) decommission nothing: set \`lifecycle: decommissioned\` instead.`] : []),
        ];
        const sections = reviews.map((r) => ({ tenant: r.tenant, line: (0,_run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .renderReviewLine */ .Nt)(r), details: (0,_run_index_js__WEBPACK_IMPORTED_MODULE_3__/* .renderReviewDetails */ .Ht)(r) }));
        const comment = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_2__/* .renderPlanComment */ .zk)(sections, { title: `tenantops plan for ${sha.slice(0, 12)}`, banner: notes.join('\n\n') || undefined, marker, whereWhole: 'the `plan` artifact and the job summary of the tenant-plan run' });
        const full = [`## tenantops plan for ${sha}`, ...notes, ...sections.map((s) => `### ${s.tenant}\n\n${s.line}\n\n${s.details}`)].join('\n\n');
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(out, { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(out, 'comment.md'), comment);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(out, 'plan.md'), full + '\n');
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(out, 'marker.json'), JSON.stringify(marker, null, 2) + '\n');
        // A job summary holds 1 MiB: the comment always fits; the whole plan is the artifact.
        await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_7__/* .appendStepSummary */ .J)(io.env, full.length < 900_000 ? full : comment);
        (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ .H6)(io.stdout, `planned ${reviews.length} tenant(s)${offline ? ' offline' : ''}; comment ${comment.length} characters`);
        return 0;
    },
};


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
