export const id = 126;
export const ids = [126];
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

/***/ 67126:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dispatchMergeCommand: () => (/* binding */ dispatchMergeCommand)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _github_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51427);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86684);
/* harmony import */ var _changed_tenants_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3806);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(71604);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(94355);







const dispatchMergeCommand = {
    name: 'dispatch-merge',
    summary: 'After a push to the default branch: one tenant-provision run per changed tenant, or the fleet rollout when fleet-wide inputs changed.',
    usage: 'dispatch-merge --before <sha> --sha <sha> [--ref main] [--dry-run]',
    options: { before: { type: 'string' }, sha: { type: 'string' }, ref: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    help: {
        before: 'the commit before the push (github.event.before)',
        sha: 'the pushed commit (the merge commit)',
        ref: 'the branch the dispatched runs run on (default main)',
        'dry-run': 'print what would be dispatched; contact nothing',
    },
    async run(args, io) {
        const before = (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'before');
        const sha = (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'sha');
        if (!before || !sha)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG(`usage: tenantops ${this.usage}`);
        const ref = (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .stringOption */ .Pp)(args, 'ref') ?? 'main';
        const inputs = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .loadValidInputs */ .wt)(args.root);
        const changed = (0,_changed_tenants_js__WEBPACK_IMPORTED_MODULE_3__/* .changedTenants */ .uI)(inputs, (0,_changed_tenants_js__WEBPACK_IMPORTED_MODULE_3__/* .gitChangedFiles */ .Ce)(args.root, before));
        const dispatches = [];
        const lines = ['### Merge', ''];
        if (changed.fleetWide) {
            dispatches.push({ workflow: 'fleet-rollout.yml', inputs: { sha, reason: 'platform.yaml or templates/ changed' } });
            lines.push(`Fleet-wide inputs changed: handed to the fleet rollout${changed.codes.length ? ` (it covers ${changed.codes.join(', ')} too)` : ''}.`);
        }
        else if (changed.codes.length) {
            const dry = (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'dry-run');
            const pr = dry ? undefined : await (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .findMergedPullRequest */ .g_)((0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .createOctokit */ .Qi)((0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .apiOptionsFromEnv */ .Wr)(io.env, 'dispatch-merge')), (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .repositoryFromEnv */ .iw)(io.env, 'dispatch-merge'), sha).catch((err) => {
                // A push without a PR still gets its runs: each stops at review, before any write, saying why.
                if (err instanceof _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG)
                    return undefined;
                throw err;
            });
            for (const tenant of changed.codes) {
                dispatches.push({ workflow: 'tenant-provision.yml', inputs: { tenant, sha, pr: String(pr?.number ?? ''), 'merged-by': pr?.mergedBy ?? io.env.GITHUB_ACTOR ?? '' } });
            }
            lines.push(`One provisioning run per changed tenant: ${changed.codes.join(', ')}${pr ? ` (pull request #${pr.number})` : ' (no merged pull request: each run will stop at review)'}.`);
        }
        else
            lines.push('No tenant changed.');
        if (changed.removed.length)
            lines.push('', `Removed tenant files decommission nothing (${changed.removed.join(', ')}): set \`lifecycle: decommissioned\` instead.`);
        if (!(0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .flag */ .Jt)(args, 'dry-run') && dispatches.length) {
            const octokit = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .createOctokit */ .Qi)((0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .apiOptionsFromEnv */ .Wr)(io.env, 'dispatch-merge'));
            const repo = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .repositoryFromEnv */ .iw)(io.env, 'dispatch-merge');
            for (const d of dispatches)
                await (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .dispatchWorkflow */ ["in"])(octokit, repo, d.workflow, ref, d.inputs);
        }
        await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_5__/* .appendStepSummary */ .J)(io.env, lines.join('\n'));
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ .H6)(io.stdout, JSON.stringify({ dispatches }, null, 2));
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
