export const id = 813;
export const ids = [813];
export const modules = {

/***/ 92191:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ cliActor),
/* harmony export */   R: () => (/* binding */ commandRun)
/* harmony export */ });
/* harmony import */ var _github_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51427);
// Who a command acts as and which GitHub run (if any) it belongs to, for deployments and audit
// rows. Apart from workflow-files.ts because it reads the run through src/github, which loads the
// Actions toolkit: commands that only write a summary or outputs need none of it.

function commandRun(io) {
    const run = (0,_github_index_js__WEBPACK_IMPORTED_MODULE_0__/* .readGitHubRun */ .ji)(io.env);
    if (run)
        return { actor: run.actor, githubRun: run.runId, githubRunUrl: run.runUrl };
    return { actor: `cli:${io.env.USER ?? io.env.USERNAME ?? 'unknown'}` };
}
/** The actor alone: the GitHub actor under Actions, else the local user. */
function cliActor(io) {
    return commandRun(io).actor;
}


/***/ }),

/***/ 73813:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   keysRotateCommand: () => (/* binding */ keysRotateCommand)
/* harmony export */ });
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(25470);
/* harmony import */ var _actor_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92191);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(94175);





const keysRotateCommand = {
    name: 'keys rotate',
    summary: 'Re-seal every registry secret under TENANTOPS_ENCRYPTION_KEY (old keys in TENANTOPS_ENCRYPTION_KEYS_OLD) and prove the old keys are no longer needed.',
    usage: 'keys rotate [--json]',
    options: { json: { type: 'boolean' } },
    help: { json: 'print {"rotated", "total", "previousKeyIds", "remainingKeyIds", "verifiedWithCurrentKeyOnly"}' },
    async run(args, io) {
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_3__/* .withCommandRun */ .L)(args, io, async ({ services }) => {
            const result = await (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_0__/* .rotateSecrets */ .hx)(await services.registry(), services.keyring(), { actor: (0,_actor_js__WEBPACK_IMPORTED_MODULE_1__/* .cliActor */ .A)(io) });
            if ((0,_command_js__WEBPACK_IMPORTED_MODULE_2__/* .flag */ .Jt)(args, 'json'))
                (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ .H6)(io.stdout, JSON.stringify(result, null, 2));
            else {
                (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ .H6)(io.stdout, `re-sealed ${result.rotated} of ${result.total} secret(s) under key ${services.keyring().current.id}`);
                (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ .H6)(io.stdout, `key ids before: ${result.previousKeyIds.join(', ') || 'none'}; after: ${result.remainingKeyIds.join(', ') || 'none'}`);
                (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ .H6)(io.stdout, `${result.verifiedWithCurrentKeyOnly} secret(s) opened with the current key alone: the old keys are no longer needed`);
            }
            return 0;
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


/***/ })

};
