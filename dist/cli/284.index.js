export const id = 284;
export const ids = [284];
export const modules = {

/***/ 18284:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commentCommand: () => (/* binding */ commentCommand)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5179);
/* harmony import */ var _github_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51427);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(71604);





const commentCommand = {
    name: 'comment',
    summary: "Post a plan comment made by the tenant-plan run as the pull request's sticky comment, after checking it belongs to that PR's head commit.",
    usage: 'comment --body-file <file> --head-sha <sha> [--pr N] [--untrusted]',
    options: { 'body-file': { type: 'string' }, 'head-sha': { type: 'string' }, pr: { type: 'string' }, untrusted: { type: 'boolean' } },
    help: {
        'body-file': 'the comment.md the plan run uploaded',
        'head-sha': 'the head commit of the run that made it (workflow_run.head_sha)',
        pr: 'the pull request number; default: the open PR whose head is --head-sha',
        untrusted: "the run came from a fork: refuse a body whose marker carries hashes (a fork's run has no secrets, so it cannot have planned online)",
    },
    async run(args, io) {
        const file = (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'body-file');
        const sha = (0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'head-sha');
        if (!file || !sha)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .EnvironmentError */ .eG(`usage: tenantops ${this.usage}`);
        const body = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8');
        const marker = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_2__/* .parsePlanMarker */ .Bk)(body);
        if (!marker)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .EnvironmentError */ .eG(`${file} carries no plan marker`);
        if (marker.sha !== sha)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .EnvironmentError */ .eG(`${file} was made for commit ${marker.sha}, not the run's head ${sha}`);
        if ((0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .flag */ .Jt)(args, 'untrusted') && (!marker.offline || Object.keys(marker.tenants).length))
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .EnvironmentError */ .eG(`${file} comes from a fork's run but claims an online plan: refusing to post it`);
        const repo = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_2__/* .repositoryFromEnv */ .iw)(io.env, 'comment');
        const api = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_2__/* .apiOptionsFromEnv */ .Wr)(io.env, 'comment');
        let number = Number((0,_command_js__WEBPACK_IMPORTED_MODULE_3__/* .stringOption */ .Pp)(args, 'pr') ?? NaN);
        if (!Number.isInteger(number) || number < 1) {
            const octokit = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_2__/* .createOctokit */ .Qi)(api);
            const pulls = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: 'open', per_page: 100 });
            const pr = pulls.find((p) => p.head.sha === sha);
            if (!pr)
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .EnvironmentError */ .eG(`no open pull request has head ${sha} (pushed again since?): nothing posted`);
            number = pr.number;
        }
        const result = await (0,_github_index_js__WEBPACK_IMPORTED_MODULE_2__.upsertStickyComment)({ ...repo, number }, body, api);
        (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ .H6)(io.stdout, `comment ${result.id} on #${number}: ${result.action}`);
        return 0;
    },
};


/***/ })

};
