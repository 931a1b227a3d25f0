export const id = 426;
export const ids = [426];
export const modules = {

/***/ 63563:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ parseOnly)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5179);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(86684);
// `--only`, the capabilities a command is limited to: one parser for every command that takes it,
// in a file of its own so a command that needs only this loads no other command's code.


/** `--only` values, comma-separated or repeated, each a known capability. */
function parseOnly(value) {
    if (value === undefined)
        return undefined;
    const list = value.flatMap((v) => v.split(','));
    for (const v of list) {
        if (!_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .CAPABILITY_NAMES */ .AL.includes(v))
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .EnvironmentError */ .eG(`--only "${v}" is not a capability; allowed: ${_run_index_js__WEBPACK_IMPORTED_MODULE_1__/* .CAPABILITY_NAMES */ .AL.join(', ')}`);
    }
    return list;
}


/***/ }),

/***/ 85426:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  planCommand: () => (/* binding */ planCommand)
});

// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
// EXTERNAL MODULE: ./src/plan/index.ts + 18 modules
var src_plan = __webpack_require__(61716);
// EXTERNAL MODULE: ./src/run/index.ts + 53 modules
var run = __webpack_require__(86684);
// EXTERNAL MODULE: ./src/cli/command.ts + 1 modules
var command = __webpack_require__(90291);
// EXTERNAL MODULE: ./src/cli/commands/only.ts
var commands_only = __webpack_require__(63563);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/cli/commands/plan-output.ts
// Writing a plan as it is rendered: part by part (a tenant at a time) to the command's stdout,
// waiting whenever the stream asks to, so a plan of 10,000 tenants never exists as one string.
// What is written is byte for byte what writeLine(render…(plan)) writes.




/** What `plan` prints in a format, ending in the newline writeLine adds. */
function planRendering(format, markdown) {
    return format === 'json' ? (0,src_plan/* jsonRendering */.d4)() : format === 'markdown' ? (0,src_plan/* markdownRendering */.W_)(markdown) : (0,src_plan/* textRendering */.oY)();
}
/** Writes the chunks in order, pausing while the stream's buffer is full. */
async function writeChunks(stream, chunks) {
    const file = regularFileOf(stream);
    if (file !== undefined) {
        for (const chunk of chunks)
            writeToFile(file, chunk);
        return;
    }
    for (const chunk of chunks) {
        if (!stream.write(chunk))
            await (0,external_node_events_.once)(stream, 'drain');
    }
}
/**
 * The descriptor of a stdout redirected to a regular file, which Node writes synchronously, so
 * nothing is queued ahead of us. Written to directly, a string is encoded natively; through the
 * stream each chunk becomes a Buffer the collector frees late — 40 MB more peak memory for a
 * 10,000-tenant plan whose parts are read back from its spill, where nothing else makes garbage.
 */
function regularFileOf(stream) {
    const fd = stream.fd;
    if (typeof fd !== 'number' || stream.writableLength)
        return undefined;
    try {
        return (0,external_node_fs_.fstatSync)(fd).isFile() ? fd : undefined;
    }
    catch {
        return undefined;
    }
}
function writeToFile(fd, chunk) {
    const size = Buffer.byteLength(chunk);
    const written = (0,external_node_fs_.writeSync)(fd, chunk);
    if (written !== size)
        throw new errors/* InternalError */.Gd(`wrote ${written} of ${size} bytes of the plan`);
}

// EXTERNAL MODULE: ./src/cli/run.ts
var cli_run = __webpack_require__(94175);
// EXTERNAL MODULE: ./src/cli/workflow-files.ts
var workflow_files = __webpack_require__(94355);
;// CONCATENATED MODULE: ./src/cli/commands/plan.ts








const planCommand = {
    name: 'plan',
    summary: 'Plan each tenant: what would be created, changed or deleted, with a hash apply can be bound to.',
    usage: 'plan [--tenant code] [--only db|powerbi|dns] [--json | --markdown] [--offline] [--fail-on-changes] [--comment]',
    options: {
        tenant: { type: 'string' },
        only: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        markdown: { type: 'boolean' },
        offline: { type: 'boolean' },
        comment: { type: 'boolean' },
        'fail-on-changes': { type: 'boolean' },
    },
    exclusive: [['json', 'markdown']],
    help: {
        tenant: 'plan only this tenant',
        only: `plan only these capabilities (${run/* CAPABILITY_NAMES */.AL.join(', ')}); repeatable`,
        json: 'print the plan as one JSON document: {"version", "hash", "tenants": [...]}',
        markdown: 'print the plan as markdown (what the PR comment shows)',
        offline: 'plan against an empty world; contacts nothing',
        'fail-on-changes': 'exit 1 when the plan has any change (drift detection)',
        comment: 'also post the markdown as the sticky comment of the pull request (GITHUB_TOKEN, in a pull_request workflow) and append it to the job summary',
    },
    async run(args, io) {
        const only = (0,commands_only/* parseOnly */.Q)(args.values.only);
        const scope = { tenant: (0,command/* stringOption */.Pp)(args, 'tenant'), only };
        const labels = { labels: run/* KIND_LABELS */.bu };
        const format = (0,command/* flag */.Jt)(args, 'json') ? 'json' : (0,command/* flag */.Jt)(args, 'markdown') ? 'markdown' : 'text';
        const comment = (0,command/* flag */.Jt)(args, 'comment');
        // Services open lazily, so an offline plan contacts nothing.
        const plan = await (0,cli_run/* withCommandRun */.L)(args, io, async ({ inputs, services }) => {
            if (!(0,command/* flag */.Jt)(args, 'offline')) {
                const view = (0,src_plan/* viewOfPlan */._n)(await (0,run/* planOnline */.bZ)(inputs, services, scope));
                await writeChunks(io.stdout, (0,src_plan/* renderChunks */.rG)(view, planRendering(format, labels)));
                if (comment)
                    await publishPlan((0,src_plan/* renderChunks */.rG)(view, (0,src_plan/* markdownRendering */.W_)(labels)), io.env);
                return view;
            }
            // An offline plan is planned once, each tenant's part of the output (and of the comment)
            // spilled as it is planned, so its memory does not grow with the fleet.
            const renderings = [planRendering(format, labels), ...(comment && format !== 'markdown' ? [(0,src_plan/* markdownRendering */.W_)(labels)] : [])];
            return (0,src_plan/* withOfflinePlan */.ro)((0,run/* offlinePlanOf */.cK)(inputs, scope), renderings, async (spilled) => {
                await writeChunks(io.stdout, spilled.chunks(0));
                if (comment)
                    await publishPlan(spilled.chunks(renderings.length - 1), io.env);
                return spilled;
            });
        });
        return (0,command/* flag */.Jt)(args, 'fail-on-changes') && plan.tenants.some((t) => t.changeCount > 0) ? 1 : 0;
    },
};
/** The PR's sticky comment (cut to GitHub's limit) and the whole plan in the job summary. */
async function publishPlan(printed, env) {
    // The markdown as printed, without the newline printing ends with.
    const markdown = [...printed].join('').slice(0, -1);
    const token = env.GITHUB_TOKEN;
    if (!token)
        throw new errors/* EnvironmentError */.eG('--comment needs GITHUB_TOKEN (pass `env: GITHUB_TOKEN: ${{ github.token }}` to the step)');
    await (0,workflow_files/* appendStepSummary */.J)(env, markdown);
    // Loaded only here: the GitHub client and the Actions toolkit are no part of any other plan.
    const { fitComment, pullRequestFromEnv, upsertStickyComment } = await Promise.all(/* import() */[__webpack_require__.e(793), __webpack_require__.e(427)]).then(__webpack_require__.bind(__webpack_require__, 51427));
    const pr = await pullRequestFromEnv(env);
    await upsertStickyComment(pr, fitComment(markdown, 'the job summary of this run'), { token, baseUrl: env.GITHUB_API_URL });
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
