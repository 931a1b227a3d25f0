export const id = 325;
export const ids = [325];
export const modules = {

/***/ 52325:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   reviewCommand: () => (/* binding */ reviewCommand)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _github_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51427);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86684);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(71604);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(94355);






const reviewCommand = {
    name: 'review',
    summary: 'Find the plan hashes reviewers saw for a tenant: the merged pull request of a commit, its plan comment, the marker. Stops, changing nothing, when there is none.',
    usage: 'review --sha <commit> --tenant <code> [--accept cap=hash,...] [--json]',
    options: { sha: { type: 'string' }, tenant: { type: 'string' }, accept: { type: 'string' }, json: { type: 'boolean' } },
    help: {
        sha: 'the commit on the default branch (the merge commit)',
        tenant: 'the tenant code',
        accept: 'hashes accepted at dispatch (db=…,powerbi=…,dns=…); they replace the reviewed ones, and when they cover every capability no PR is needed',
        json: 'print {"tenant", "source", "pr", "hashes": {db, powerbi, dns}}',
    },
    async run(args, io) {
        const sha = (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'sha');
        const tenant = (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'tenant');
        if (!sha || !tenant)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG(`usage: tenantops ${this.usage}`);
        const accepted = (0,_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parseAcceptedHashes */ .vR)((0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'accept') ?? '');
        for (const [name, hash] of Object.entries(accepted)) {
            if (!_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .CAPABILITY_NAMES */ .AL.includes(name))
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG(`accept-hashes: "${name}" is not a capability; allowed: ${_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .CAPABILITY_NAMES */ .AL.join(', ')}`);
            if (!/^[0-9a-f]{64}$/.test(hash))
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG(`accept-hashes: ${name} needs a 64-hex plan hash`);
        }
        let hashes = {};
        let pr;
        if (!_run_index_js__WEBPACK_IMPORTED_MODULE_2__/* .CAPABILITY_NAMES */ .AL.every((c) => accepted[c])) {
            const reviewed = await (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .findReviewedPlan */ .q2)((0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .createOctokit */ .Qi)((0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .apiOptionsFromEnv */ .Wr)(io.env, 'review')), (0,_github_index_js__WEBPACK_IMPORTED_MODULE_1__/* .repositoryFromEnv */ .iw)(io.env, 'review'), sha, tenant);
            hashes = reviewed.hashes;
            pr = reviewed.pr.number;
        }
        hashes = { ...hashes, ...accepted };
        const source = Object.keys(accepted).length ? (pr ? 'reviewed+accepted' : 'accepted') : 'reviewed';
        const result = { tenant, source, pr: pr ?? null, hashes };
        await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_4__/* .setStepOutputs */ .v)(io.env, { hashes: Object.entries(hashes).map(([c, h]) => `${c}=${h}`).join(','), ...Object.fromEntries(Object.entries(hashes)), pr: String(pr ?? '') });
        await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_4__/* .appendStepSummary */ .J)(io.env, `### Reviewed plan of ${tenant}\n\n${pr ? `From pull request #${pr}. ` : ''}${Object.keys(accepted).length ? `Accepted at dispatch: ${Object.keys(accepted).join(', ')}.` : ''}\n\n${Object.entries(hashes).map(([c, h]) => `- ${c}: \`${h}\``).join('\n')}`);
        (0,_io_js__WEBPACK_IMPORTED_MODULE_5__/* .writeLine */ .H6)(io.stdout, (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'json') ? JSON.stringify(result, null, 2) : Object.entries(hashes).map(([c, h]) => `${c} ${h}`).join('\n'));
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
