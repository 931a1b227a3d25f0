export const id = 575;
export const ids = [575];
export const modules = {

/***/ 12575:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   validateCommand: () => (/* binding */ validateCommand)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(86684);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(71604);
/* harmony import */ var _workflow_files_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(94355);





const ANNOTATIONS_SHOWN = 10;
const validateCommand = {
    name: 'validate',
    summary: 'Validate tenant files, platform.yaml and operations/*.yaml: every finding of every file, as file:line:col.',
    usage: 'validate [paths...] [--json | --format text|github]',
    options: { json: { type: 'boolean' }, format: { type: 'string' } },
    choices: { format: ['text', 'github'] },
    exclusive: [['json', 'format']],
    help: {
        json: 'print {"findings": [{"file", "line", "col", "message"}]} on stdout',
        format: 'text (default) or github (workflow-command annotations on the PR diff)',
    },
    async run(args, io) {
        const loaded = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .loadInputs */ .IV)(args.root, { paths: args.positionals });
        // Operation sequences name tenants, capacities and clusters: they are checked once those are
        // valid, and only when the whole repository is validated (paths name tenant files).
        const findings = loaded.inputs && !args.positionals.length ? (0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .sortFindings */ .Tc)([...loaded.findings, ...(await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .operationFindings */ .c3)(loaded.inputs))]) : loaded.findings;
        const format = (0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(args, 'format') ?? 'text';
        if ((0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .flag */ .Jt)(args, 'json')) {
            const out = findings.map(({ file, line, col, message }) => ({ file, line, col, message }));
            (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ .H6)(io.stdout, JSON.stringify({ findings: out }, null, 2));
        }
        else if (format === 'github') {
            // The workflow-command form, so the plan workflow annotates the diff without @actions/core.
            // GitHub shows 10 annotations of a kind per step: the first 10 go on the diff, every one
            // goes to the job summary.
            for (const f of findings.slice(0, ANNOTATIONS_SHOWN))
                (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ .H6)(io.stdout, `::${f.severity === 'warning' ? 'warning' : 'error'} file=${f.file},line=${f.line},col=${f.col}::${escapeCommand(f.message)}`);
            if (findings.length > ANNOTATIONS_SHOWN)
                (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ .H6)(io.stdout, `::notice::${findings.length - ANNOTATIONS_SHOWN} more finding(s) are in the job summary`);
            await (0,_workflow_files_js__WEBPACK_IMPORTED_MODULE_3__/* .appendStepSummary */ .J)(io.env, findings.length ? ['### Validation', '', `${findings.length} finding(s):`, '', ...findings.map((f) => `- \`${(0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatFinding */ .tf)(f)}\``)].join('\n') : '### Validation\n\nAll files valid.');
        }
        else {
            const style = (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .createStyle */ ._r)(io.stdout, io.env);
            for (const f of findings)
                (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ .H6)(io.stdout, style.red((0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .formatFinding */ .tf)(f)));
            (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ .H6)(io.stderr, findings.length ? `${findings.length} finding(s)` : style.green('all files valid'));
        }
        return findings.some((f) => f.severity !== 'warning') ? 1 : 0;
    },
};
function escapeCommand(text) {
    return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
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
