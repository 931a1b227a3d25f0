export const id = 598;
export const ids = [598];
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

/***/ 11598:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   registryBackupCommand: () => (/* binding */ registryBackupCommand),
/* harmony export */   registryRebuildCommand: () => (/* binding */ registryRebuildCommand),
/* harmony export */   registryRestoreCommand: () => (/* binding */ registryRestoreCommand)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5179);
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(25470);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(86684);
/* harmony import */ var _actor_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(92191);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(90291);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(71604);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(94175);
// `tenantops registry backup | restore | rebuild`: recovering the registry, without which every
// tenant would be orphaned. Backups are sealed under TENANTOPS_ENCRYPTION_KEY; rebuild re-adopts
// what exists in the world when there is no backup.










const registryBackupCommand = {
    name: 'registry backup',
    summary: 'Write every registry table to one file sealed under TENANTOPS_ENCRYPTION_KEY (secrets stay sealed as they are).',
    usage: 'registry backup --out <file> [--json]',
    options: { out: { type: 'string' }, json: { type: 'boolean' } },
    help: { out: 'the backup file to write (mode 0600; replaced atomically)', json: 'print {"file", "createdAt", "keyId", "migrations", "rows"}' },
    async run(args, io) {
        const out = (0,_command_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(args, 'out');
        if (!out)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .EnvironmentError */ .eG(`registry backup needs --out <file>\nusage: tenantops ${registryBackupCommand.usage}`);
        const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(io.cwd, out);
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_8__/* .withCommandRun */ .L)(args, io, async ({ services }) => {
            const { text, summary } = await (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_4__/* .backupRegistry */ .wt)(await services.registry(), services.keyring());
            await writePrivateFile(file, text);
            if ((0,_command_js__WEBPACK_IMPORTED_MODULE_7__/* .flag */ .Jt)(args, 'json'))
                (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ .H6)(io.stdout, JSON.stringify({ file: out, ...summary }, null, 2));
            else
                (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ .H6)(io.stdout, `registry backed up to ${out}: ${describeRows(summary)}, sealed under key ${summary.keyId}`);
            return 0;
        });
    },
};
const registryRestoreCommand = {
    name: 'registry restore',
    summary: 'Restore a registry backup; an empty registry only, unless --force (the append-only audit log is kept and added to).',
    usage: 'registry restore <file> [--force] [--json]',
    options: { force: { type: 'boolean' }, json: { type: 'boolean' } },
    help: { force: 'replace what the registry holds with the backup', json: 'print {"createdAt", "keyId", "migrations", "rows", "replaced"}' },
    async run(args, io) {
        const [given, ...extra] = args.positionals;
        if (!given || extra.length)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .EnvironmentError */ .eG(`registry restore takes exactly one backup file\nusage: tenantops ${registryRestoreCommand.usage}`);
        const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(io.cwd, given), 'utf8').catch((err) => {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .EnvironmentError */ .eG(`${given} cannot be read (${err.code ?? err.message})`);
        });
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_8__/* .withCommandRun */ .L)(args, io, async ({ services }) => {
            const result = await (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_4__/* .restoreRegistry */ .Gr)(await services.registry(), services.keyring(), text, { file: given, force: (0,_command_js__WEBPACK_IMPORTED_MODULE_7__/* .flag */ .Jt)(args, 'force'), actor: (0,_actor_js__WEBPACK_IMPORTED_MODULE_6__/* .cliActor */ .A)(io) });
            if ((0,_command_js__WEBPACK_IMPORTED_MODULE_7__/* .flag */ .Jt)(args, 'json'))
                (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ .H6)(io.stdout, JSON.stringify(result, null, 2));
            else
                (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ .H6)(io.stdout, `registry restored from ${given} (taken ${result.createdAt}): ${describeRows(result)}${result.replaced ? '; what it held before was replaced' : ''}`);
            return 0;
        });
    },
};
const registryRebuildCommand = {
    name: 'registry rebuild',
    summary: 'Fill an empty registry from the world: re-adopt each tenant\'s workspaces, models, reports, roles, stores and DNS records; rotate database passwords.',
    usage: 'registry rebuild [--tenant code] [--json]',
    options: { tenant: { type: 'string' }, json: { type: 'boolean' } },
    help: { tenant: 'only this tenant (default: every tenant in tenants/)', json: 'print {"tenants": [{"tenant", "adopted", "repaired", "missing", "refused", "failed"}]}' },
    async run(args, io) {
        return (0,_run_js__WEBPACK_IMPORTED_MODULE_8__/* .withCommandRun */ .L)(args, io, async ({ inputs, services }) => {
            const result = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_5__/* .rebuildRegistry */ .P6)(inputs, services, { tenant: (0,_command_js__WEBPACK_IMPORTED_MODULE_7__/* .stringOption */ .Pp)(args, 'tenant'), actor: (0,_actor_js__WEBPACK_IMPORTED_MODULE_6__/* .cliActor */ .A)(io) });
            if ((0,_command_js__WEBPACK_IMPORTED_MODULE_7__/* .flag */ .Jt)(args, 'json'))
                (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ .H6)(io.stdout, JSON.stringify(result, null, 2));
            else {
                for (const t of result.tenants) {
                    (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ .H6)(io.stdout, `${t.tenant}: ${t.adopted.length} adopted, ${t.repaired.length} repaired (passwords rotated, records written again)`);
                    if (t.missing.length)
                        (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ .H6)(io.stdout, `  not found, the next apply creates: ${t.missing.join(', ')}`);
                    if (t.refused.length)
                        (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ .H6)(io.stdout, `  found but planned for deletion or replacement, left for a forced apply: ${t.refused.join(', ')}`);
                    for (const f of t.failed)
                        (0,_io_js__WEBPACK_IMPORTED_MODULE_9__/* .writeLine */ .H6)(io.stdout, `  failed: ${f.key}: ${f.message}`);
                }
            }
            return result.tenants.some((t) => t.failed.length) ? 1 : 0;
        });
    },
};
function describeRows(summary) {
    const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    return `${total} row(s) in ${Object.keys(summary.rows).length} table(s) (${summary.rows.tenants ?? 0} tenant(s))`;
}
/** Written beside its destination and renamed: a crash never leaves half a backup under the name. */
async function writePrivateFile(file, text) {
    const temp = `${file}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}.tmp`;
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(temp, text, { mode: 0o600, flag: 'wx' });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(temp, file);
    }
    catch (err) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(temp, { force: true });
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .EnvironmentError */ .eG(`cannot write ${file}: ${err.message}`);
    }
}


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
