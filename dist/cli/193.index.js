export const id = 193;
export const ids = [193];
export const modules = {

/***/ 21193:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   withSandboxRun: () => (/* binding */ withSandboxRun)
/* harmony export */ });
/* unused harmony export readSandboxInfo */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5179);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(86684);
// `--sandbox`: a live command run against the sandbox `npm start -- --keep` left running under the
// repository, with no edit to platform.yaml and no variable to set. The file is read, the process
// it names must still answer, then the run is opened exactly as `npm start` opens its own.





const START = 'start it with `npm start -- --keep`';
async function withSandboxRun(root, base, body) {
    const info = await readSandboxInfo(root);
    const ca = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(info.caFile, 'utf8').catch((err) => {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .EnvironmentError */ .eG(`the sandbox's CA file ${info.caFile} cannot be read (${err.message}); ${START}`);
    });
    const inputs = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_4__/* .loadValidInputs */ .wt)(root);
    const run = (0,_run_index_js__WEBPACK_IMPORTED_MODULE_4__/* .sandboxRun */ .v1)(inputs, (0,_run_index_js__WEBPACK_IMPORTED_MODULE_4__/* .sandboxTarget */ .Nq)(info, ca, inputs), base);
    return (0,_run_index_js__WEBPACK_IMPORTED_MODULE_4__/* .withRun */ .F5)(run.inputs, run.options, body);
}
/** sandbox.json of a sandbox that still answers; missing or stale is an EnvironmentError (exit 2). */
async function readSandboxInfo(root) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(root, '.tenantops', 'sandbox.json');
    const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8').catch((err) => {
        if (err.code === 'ENOENT')
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .EnvironmentError */ .eG(`no sandbox is running under ${root}: ${file} does not exist; ${START}`);
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .EnvironmentError */ .eG(`${file} cannot be read (${err.message})`);
    });
    const info = (0,_run_index_js__WEBPACK_IMPORTED_MODULE_4__/* .parseSandboxInfo */ .v0)(text, file);
    const stale = `${file} is stale: the sandbox it describes (process ${info.pid}, started ${info.startedAt})`;
    if (!isAlive(info.pid))
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .EnvironmentError */ .eG(`${stale} is no longer running; ${START}`);
    const entra = new URL(info.entra.authorityHost);
    if (!(await answers(entra.hostname, Number(entra.port))))
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .EnvironmentError */ .eG(`${stale} does not answer at ${info.entra.authorityHost}; ${START}`);
    return info;
}
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (err) {
        // EPERM: a process of another user holds the id, so it is alive (the port check decides).
        return err.code === 'EPERM';
    }
}
function answers(host, port, timeoutMs = 2_000) {
    return new Promise((resolve) => {
        const socket = node_net__WEBPACK_IMPORTED_MODULE_1___default().connect({ host, port });
        const done = (ok) => {
            socket.destroy();
            resolve(ok);
        };
        socket.setTimeout(timeoutMs, () => done(false));
        socket.once('connect', () => done(true));
        socket.once('error', () => done(false));
    });
}


/***/ })

};
