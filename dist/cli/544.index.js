export const id = 544;
export const ids = [544];
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

/***/ 27544:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   tenantsCommand: () => (/* binding */ tenantsCommand)
/* harmony export */ });
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(86684);
/* harmony import */ var _changed_tenants_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3806);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(71604);




const tenantsCommand = {
    name: 'tenants',
    summary: 'List tenant codes: all of them, or those a git change touches (for a workflow matrix).',
    usage: 'tenants [--changed-since <git ref>] [--json]',
    options: { 'changed-since': { type: 'string' }, json: { type: 'boolean' } },
    help: {
        'changed-since': 'only tenants whose file changed since this ref; a change to platform.yaml or templates/ selects all',
        json: 'print a JSON array of codes (a GitHub matrix takes it as is)',
    },
    async run(args, io) {
        const inputs = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_0__/* .loadValidInputs */ .wt)(args.root);
        let codes = inputs.tenants.map((t) => t.config.code);
        const since = (0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .stringOption */ .Pp)(args, 'changed-since');
        if (since) {
            const changed = (0,_changed_tenants_js__WEBPACK_IMPORTED_MODULE_1__/* .changedTenants */ .uI)(inputs, (0,_changed_tenants_js__WEBPACK_IMPORTED_MODULE_1__/* .gitChangedFiles */ .Ce)(args.root, since));
            if (!changed.fleetWide)
                codes = changed.codes;
        }
        (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ .H6)(io.stdout, (0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .flag */ .Jt)(args, 'json') ? JSON.stringify(codes) : codes.join('\n'));
        return 0;
    },
};


/***/ })

};
