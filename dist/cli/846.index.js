export const id = 846;
export const ids = [846];
export const modules = {

/***/ 41846:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   catalogMatchCommand: () => (/* binding */ catalogMatchCommand)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(86684);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(71604);




const catalogMatchCommand = {
    name: 'catalog match',
    summary: "List the template reports that apply to a tenant: its providers' code, its modules, latest version of each.",
    usage: 'catalog match <code> [--json]',
    options: { json: { type: 'boolean' } },
    help: { json: 'print {"tenant", "reports": [{"name", "providerCode", "persona", "version", "module"}]} on stdout' },
    async run(args, io) {
        const code = args.positionals[0];
        if (!code || args.positionals.length > 1)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG('usage: tenantops catalog match <code> [--json]');
        const inputs = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .loadValidInputs */ .wt)(args.root);
        const [tenant] = (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .selectTenants */ .Mu)(inputs, code);
        const { reports } = (0,_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .tenantContext */ .me)(inputs, tenant.config);
        if ((0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .flag */ .Jt)(args, 'json')) {
            (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ .H6)(io.stdout, JSON.stringify({ tenant: code, reports }, null, 2));
        }
        else {
            (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ .H6)(io.stdout, `${code}: ${reports.length} report(s)`);
            for (const r of reports)
                (0,_io_js__WEBPACK_IMPORTED_MODULE_3__/* .writeLine */ .H6)(io.stdout, `  ${r.name}  [${r.module}]`);
        }
        return 0;
    },
};


/***/ })

};
