export const id = 427;
export const ids = [427];
export const modules = {

/***/ 51427:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Wr: () => (/* reexport */ apiOptionsFromEnv),
  Qi: () => (/* reexport */ createOctokit),
  "in": () => (/* reexport */ dispatchWorkflow),
  g_: () => (/* reexport */ findMergedPullRequest),
  q2: () => (/* reexport */ findReviewedPlan),
  fitComment: () => (/* reexport */ fitComment),
  tu: () => (/* reexport */ openRevertPullRequest),
  Bk: () => (/* reexport */ parsePlanMarker),
  pullRequestFromEnv: () => (/* reexport */ pullRequestFromEnv),
  RJ: () => (/* reexport */ readApprovals),
  ji: () => (/* reexport */ api_readGitHubRun),
  zk: () => (/* reexport */ renderPlanComment),
  iw: () => (/* reexport */ repositoryFromEnv),
  hS: () => (/* reexport */ syncDriftIssues),
  upsertStickyComment: () => (/* reexport */ upsertStickyComment)
});

// UNUSED EXPORTS: COMMENT_LIMIT, DRIFT_LABEL, PLAN_MARKER_READABLE_LIMIT, PLAN_MARKER_VERSION, annotateFindings, createActionsLogger, decideDriftIssues, driftIssueTitle, getBooleanInput, getChoiceInput, getCountInput, getIdToken, getListInput, getOptionalInput, getRequiredInput, markerFor, readActionStepInputs, renderPlanMarker, rollbackBranchPrefix, runAction, runActionStep, setOutputs, writeJobSummary

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 13 modules
var lib_core = __webpack_require__(46811);
// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
;// CONCATENATED MODULE: ./src/github/action.ts
// The one shape every action entry point has (after codeql-action): read typed inputs, call one
// library function, and turn any escaping error into annotations plus `core.setFailed`, which
// sets process.exitCode rather than exiting so pending output is flushed.


function action_getRequiredInput(name) {
    const value = core.getInput(name);
    if (!value)
        throw new EnvironmentError(`input "${name}" is required`);
    return value;
}
function action_getOptionalInput(name) {
    const value = core.getInput(name);
    return value === '' ? undefined : value;
}
/** One of `allowed`, or an EnvironmentError naming the input and what it accepts. */
function action_getChoiceInput(name, allowed, fallback) {
    const value = action_getOptionalInput(name) ?? fallback;
    if (!allowed.includes(value)) {
        throw new EnvironmentError(`input "${name}" is "${value}"; allowed: ${allowed.join(', ')}`);
    }
    return value;
}
/**
 * A true/false input (YAML 1.2 core booleans, as core.getBooleanInput reads them); an input left
 * empty, as when a step runs outside a workflow that applies action.yml's defaults, is false.
 */
function action_getBooleanInput(name) {
    if (action_getOptionalInput(name) === undefined)
        return false;
    try {
        return core.getBooleanInput(name);
    }
    catch {
        throw new EnvironmentError(`input "${name}" is "${core.getInput(name)}"; allowed: true, false`);
    }
}
/** A positive whole number, or `fallback` when the input is empty. */
function getCountInput(name, fallback) {
    const value = action_getOptionalInput(name);
    const count = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(count) || count < 1)
        throw new EnvironmentError(`input "${name}" must be a positive whole number`);
    return count;
}
/** A comma-separated input as its non-empty items; undefined when the input is empty. */
function getListInput(name) {
    return action_getOptionalInput(name)?.split(',').map((s) => s.trim()).filter(Boolean);
}
/**
 * The workflow's OIDC ID token for `audience` (needs `permissions: id-token: write`), masked:
 * what a github-oidc credential profile exchanges for an Entra token.
 */
async function getIdToken(audience) {
    const token = await core.getIDToken(audience);
    core.setSecret(token);
    return token;
}
/** The library's Logger over @actions/core: masking goes through `core.setSecret`. */
function action_createActionsLogger() {
    return {
        info: (m) => core.info(m),
        warn: (m) => core.warning(m),
        error: (m) => core.error(m),
        debug: (m) => core.debug(m),
        mask: (s) => core.setSecret(s),
    };
}
/** Findings become annotations on the PR diff. */
function annotateFindings(findings) {
    for (const f of findings) {
        const props = { file: f.file, startLine: f.line, startColumn: f.col, title: 'tenantops' };
        if (f.severity === 'warning')
            core.warning(f.message, props);
        else
            core.error(f.message, props);
    }
}
async function action_runAction(run) {
    try {
        await run();
    }
    catch (err) {
        if (err instanceof ConfigurationError)
            annotateFindings(err.findings);
        core.setFailed(err instanceof Error ? err.message : String(err));
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@octokit/rest/dist-src/index.js + 22 modules
var dist_src = __webpack_require__(60891);
;// CONCATENATED MODULE: ./src/github/api.ts
// The one way the library reaches GitHub's REST API: an Octokit over a token and base URL (GHES
// and tests point it elsewhere), and the repository and run a workflow step runs in, from the
// default variables every job has.


function createOctokit(options) {
    return new dist_src/* Octokit */.E({ auth: options.token, baseUrl: options.baseUrl, request: options.fetch ? { fetch: options.fetch } : undefined });
}
/** GITHUB_TOKEN and GITHUB_API_URL, or an EnvironmentError saying how a step passes the token. */
function apiOptionsFromEnv(env, what) {
    const token = env.GITHUB_TOKEN;
    if (!token)
        throw new errors/* EnvironmentError */.eG(`${what} needs GITHUB_TOKEN (pass \`env: GITHUB_TOKEN: \${{ github.token }}\` to the step)`);
    return { token, baseUrl: env.GITHUB_API_URL };
}
function repositoryFromEnv(env, what) {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !repo)
        throw new errors/* EnvironmentError */.eG(`${what} needs GITHUB_REPOSITORY (owner/name): run it in a workflow`);
    return { owner, repo };
}
/** The run a step belongs to, when it runs under GitHub Actions (GITHUB_ACTIONS=true); else undefined. */
function api_readGitHubRun(env) {
    if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_RUN_ID)
        return undefined;
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    return {
        actor: `github:${env.GITHUB_ACTOR ?? 'unknown'}`,
        runId: env.GITHUB_RUN_ID,
        runUrl: `${server}/${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID}`,
    };
}

// EXTERNAL MODULE: ./src/registry/index.ts + 24 modules
var registry = __webpack_require__(25470);
;// CONCATENATED MODULE: ./src/github/summary.ts
// Step outputs and the job summary (@actions/core's summary builder). Outputs are for ids, names
// and counts: a value that looks like a secret is refused here, whatever the caller meant.



/** Sets each output; refuses (before setting any) a value that looks like a secret. */
function summary_setOutputs(outputs) {
    const suspicious = findSecretLike(outputs, 'outputs');
    if (suspicious.length)
        throw new InternalError(`refusing to set step outputs: ${suspicious.join(', ')} look(s) like a secret`);
    for (const [name, value] of Object.entries(outputs))
        core.setOutput(name, String(value));
}
/** Appends markdown to the job summary (a no-op outside GitHub Actions, where there is none). */
async function summary_writeJobSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await core.summary.addRaw(markdown, true).write();
}

;// CONCATENATED MODULE: ./src/github/step.ts
// The one step runner every action's main.ts goes through (codeql-action's runInActions): the
// inputs all three actions share, read once and typed; the body's outputs set and its job summary
// written; failures it reports raised after both, so a failed step still shows what it did.





function readActionStepInputs(spec) {
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const run = readGitHubRun(process.env);
    return {
        root: path.dirname(path.resolve(workspace, getOptionalInput('platform-config') ?? 'platform.yaml')),
        tenant: (spec.tenantRequired ? getRequiredInput('tenant') : getOptionalInput('tenant')),
        mode: getChoiceInput('mode', spec.modes, spec.modes[0]),
        planHash: getOptionalInput('plan-hash'),
        force: getBooleanInput('force'),
        actor: run?.actor ?? `github:${process.env.GITHUB_ACTOR ?? 'unknown'}`,
        githubRun: run?.runId ?? process.env.GITHUB_RUN_ID,
        githubRunUrl: run?.runUrl,
        log: createActionsLogger(),
    };
}
async function runActionStep(spec, body) {
    await runAction(async () => {
        let outcome;
        try {
            outcome = await body(readActionStepInputs(spec));
        }
        catch (err) {
            // A refusal that carries its own summary (the new plan, how to accept it) shows it before failing.
            const summary = err?.summary;
            if (typeof summary === 'string')
                await writeJobSummary(summary);
            throw err;
        }
        setOutputs(outcome.outputs);
        await writeJobSummary(outcome.summary);
        if (outcome.failures?.length)
            throw new ApplyError([...outcome.failures]);
    });
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./src/github/comment.ts
// The sticky PR comment: one comment per pull request, found by a hidden marker and edited in
// place on every push, so a PR shows the current plan instead of a trail of stale ones.



/** GitHub refuses comment bodies over 65,536 characters. */
const COMMENT_LIMIT = 65_536;
function markerFor(name) {
    return `<!-- tenantops:${name} -->`;
}
/**
 * Cuts a body to GitHub's limit at a line boundary and says so, pointing at where the whole
 * text is (the job summary or the plan artifact).
 */
function fitComment(body, whereWhole, limit = COMMENT_LIMIT) {
    if (body.length <= limit)
        return body;
    const note = `\n\n…truncated: the full text (${body.length.toLocaleString('en-GB')} characters) is in ${whereWhole}.\n`;
    const room = limit - note.length;
    const cut = body.lastIndexOf('\n', room);
    let head = body.slice(0, cut > 0 ? cut : room);
    // An unclosed <details> would swallow the note.
    const open = (head.match(/<details>/g) ?? []).length - (head.match(/<\/details>/g) ?? []).length;
    if (open > 0)
        head = head.slice(0, Math.max(0, room - 12 * open)) + '\n</details>'.repeat(open);
    return head + note;
}
/** Creates the PR's sticky comment, or edits it when it exists. Returns its id and what was done. */
async function upsertStickyComment(pr, body, options) {
    const marker = markerFor(options.marker ?? 'plan');
    const octokit = createOctokit(options);
    const text = `${marker}\n${body}`;
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.number, per_page: 100 });
    const existing = comments.find((c) => c.body?.startsWith(marker));
    if (existing && existing.body === text)
        return { id: existing.id, action: 'unchanged' };
    if (existing) {
        await octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: existing.id, body: text });
        return { id: existing.id, action: 'updated' };
    }
    const { data } = await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, body: text });
    return { id: data.id, action: 'created' };
}
/** The pull request a workflow run is about, from GITHUB_REPOSITORY and the event payload. */
async function pullRequestFromEnv(env) {
    const { owner, repo } = repositoryFromEnv(env, '--comment');
    if (!env.GITHUB_EVENT_PATH)
        throw new errors/* EnvironmentError */.eG('--comment needs GITHUB_EVENT_PATH: run it in a pull_request workflow');
    const event = JSON.parse(await (0,promises_.readFile)(env.GITHUB_EVENT_PATH, 'utf8'));
    const number = event.pull_request?.number ?? event.number;
    if (!number)
        throw new errors/* EnvironmentError */.eG('--comment: the workflow event is not a pull request');
    return { owner, repo, number };
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/github/plan-marker.ts
// The machine-readable part of the PR's plan comment: per changed tenant, the hash each action
// step computes for its own capability (`only: [capability]`). A merge binds each step to the
// hash its reviewer saw with a string compare. Hashes are random hex, so 300 tenants' worth is
// ~58,000 characters on its own: past a budget the JSON is deflated and carried as base64.


const PLAN_MARKER_VERSION = 1;
const PREFIX = '<!-- tenantops-plan ';
const SUFFIX = ' -->';
const DEFLATED = 'deflate:';
/** Longest marker kept as readable JSON; default for renderPlanMarker. */
const PLAN_MARKER_READABLE_LIMIT = 16_000;
/** `<!-- tenantops-plan {json} -->`, or its deflated base64 form when the JSON passes `readableLimit`. */
function renderPlanMarker(marker, readableLimit = PLAN_MARKER_READABLE_LIMIT) {
    // `>` cannot occur in codes or hashes, but an HTML comment must never be closed early whatever they hold.
    const json = JSON.stringify(marker).replaceAll('>', '\\u003e');
    if (json.length <= readableLimit)
        return PREFIX + json + SUFFIX;
    return PREFIX + DEFLATED + (0,external_node_zlib_.deflateRawSync)(json, { level: 9 }).toString('base64') + SUFFIX;
}
/** The marker in a comment body; undefined when there is none; EnvironmentError when it is unreadable. */
function parsePlanMarker(body) {
    const start = body.indexOf(PREFIX);
    if (start < 0)
        return undefined;
    const end = body.indexOf(SUFFIX, start + PREFIX.length);
    if (end < 0)
        throw new errors/* EnvironmentError */.eG('the plan marker is not closed: the comment was cut or edited');
    let text = body.slice(start + PREFIX.length, end).trim();
    let data;
    try {
        if (text.startsWith(DEFLATED))
            text = (0,external_node_zlib_.inflateRawSync)(Buffer.from(text.slice(DEFLATED.length), 'base64')).toString('utf8');
        data = JSON.parse(text);
    }
    catch (err) {
        throw new errors/* EnvironmentError */.eG(`the plan marker cannot be read: ${err.message}`);
    }
    return checkMarker(data);
}
function checkMarker(data) {
    const m = data;
    if (!m || typeof m !== 'object')
        throw new errors/* EnvironmentError */.eG('the plan marker is not a JSON object');
    if (m.version !== PLAN_MARKER_VERSION)
        throw new errors/* EnvironmentError */.eG(`the plan marker has version ${String(m.version)}; this tenantops reads version ${PLAN_MARKER_VERSION}`);
    if (typeof m.sha !== 'string' || !/^[0-9a-f]{7,64}$/.test(m.sha))
        throw new errors/* EnvironmentError */.eG('the plan marker has no commit sha');
    if (!m.tenants || typeof m.tenants !== 'object')
        throw new errors/* EnvironmentError */.eG('the plan marker has no tenants');
    for (const [code, hashes] of Object.entries(m.tenants)) {
        for (const [capability, hash] of Object.entries(hashes ?? {})) {
            if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash))
                throw new errors/* EnvironmentError */.eG(`the plan marker's ${code}.${capability} is not a plan hash`);
        }
    }
    return { version: m.version, sha: m.sha, tenants: m.tenants, ...(m.offline ? { offline: true } : {}) };
}

;// CONCATENATED MODULE: ./src/github/plan-comment.ts
// The PR's plan comment, built to fit GitHub's 65,536-character limit whatever the number of
// tenants: the marker (what a merge binds to) first and always whole, then one summary line per
// tenant, then each tenant's details collapsed in <details>, cut with a note where room runs out.
// The whole plan is the run's artifact and job summary.


function renderPlanComment(sections, options) {
    const limit = options.limit ?? COMMENT_LIMIT - markerFor('plan').length - 1;
    const head = [renderPlanMarker(options.marker), `## ${options.title}`, ...(options.banner ? ['', options.banner] : []), ''].join('\n');
    // Room kept for the longest note either cut may add.
    const reserve = 200;
    let body = head;
    const rows = ['| tenant | plan |', '|---|---|'];
    let shown = 0;
    for (const s of sections) {
        const row = `| \`${s.tenant}\` | ${s.line} |`;
        if (body.length + rows.join('\n').length + row.length + reserve > limit)
            break;
        rows.push(row);
        shown++;
    }
    body += sections.length ? rows.join('\n') + '\n' : 'No tenant changes.\n';
    if (shown < sections.length)
        return body + `\n…${sections.length - shown} more tenant(s) are not listed here: see ${options.whereWhole}.\n`;
    let detailed = 0;
    for (const s of sections) {
        const block = `\n<details><summary>${s.tenant}</summary>\n\n${s.details}\n\n</details>\n`;
        if (body.length + block.length + reserve > limit)
            break;
        body += block;
        detailed++;
    }
    if (detailed < sections.length)
        body += `\n…the details of ${sections.length - detailed} tenant(s) did not fit: see ${options.whereWhole}.\n`;
    return body;
}

;// CONCATENATED MODULE: ./src/github/pulls.ts



/** The merged pull request whose merge produced `sha` (or that contains it); EnvironmentError when none did. */
async function findMergedPullRequest(octokit, repo, sha) {
    const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha, per_page: 100 });
    const merged = data.filter((p) => p.merged_at);
    const pr = merged.find((p) => p.merge_commit_sha === sha) ?? merged[0];
    if (!pr) {
        throw new errors/* EnvironmentError */.eG(`commit ${sha} came from no merged pull request, so no reviewer saw a plan for it: tenant changes reach main through a pull request ` +
            '(or dispatch tenant-provision with accept-hashes after reading `tenantops plan --tenant <code> --only <capability> --json`)');
    }
    const mergedBy = pr.merged_by?.login;
    return { number: pr.number, url: pr.html_url, headSha: pr.head.sha, ...(mergedBy ? { mergedBy } : {}) };
}
/** The plan hashes reviewers saw for `tenant` on the pull request that merged `sha`. */
async function findReviewedPlan(octokit, repo, sha, tenant) {
    const pr = await findMergedPullRequest(octokit, repo, sha);
    const sticky = markerFor('plan');
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: pr.number, per_page: 100 });
    const comment = comments.find((c) => c.body?.startsWith(sticky));
    const where = `pull request #${pr.number} (${pr.url})`;
    if (!comment?.body)
        throw new errors/* EnvironmentError */.eG(`${where} has no tenantops plan comment: its tenant-plan run did not finish, so nothing was reviewed; nothing was changed`);
    const marker = parsePlanMarker(comment.body);
    if (!marker)
        throw new errors/* EnvironmentError */.eG(`the plan comment of ${where} carries no plan marker; nothing was changed`);
    if (marker.offline) {
        throw new errors/* EnvironmentError */.eG(`${where} was planned offline (a fork or Dependabot pull request gets no secrets), so no online plan was reviewed; nothing was changed. ` +
            'Read the live plan with `tenantops plan --tenant <code> --only <capability>` and dispatch tenant-provision with accept-hashes');
    }
    if (marker.sha !== pr.headSha) {
        throw new errors/* EnvironmentError */.eG(`the plan comment of ${where} was made for commit ${marker.sha}, but the pull request's last commit is ${pr.headSha}: the plan of what was merged was never shown; nothing was changed`);
    }
    const hashes = marker.tenants[tenant];
    if (!hashes)
        throw new errors/* EnvironmentError */.eG(`the plan of ${where} does not cover tenant ${tenant} (it covers: ${Object.keys(marker.tenants).join(', ') || 'none'}); nothing was changed`);
    return { pr, marker, hashes };
}

;// CONCATENATED MODULE: ./src/github/workflow-runs.ts
async function dispatchWorkflow(octokit, repo, workflow, ref, inputs) {
    try {
        await octokit.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: workflow, ref, inputs });
    }
    catch (err) {
        // A POST is not retried by the HTTP client, and a reused keep-alive connection the server
        // closed at the same moment fails with a reset before any answer: the dispatch never arrived
        // (an answered one gets a status), so sending it once more cannot start a second run.
        if (!isResetBeforeAnswer(err))
            throw err;
        await octokit.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: workflow, ref, inputs });
    }
}
/** Octokit's error for a request that got no HTTP answer because the connection was reset or closed. */
function isResetBeforeAnswer(err) {
    const e = err;
    return e?.status === 500 && e.response === undefined && /ECONNRESET|socket hang up|other side closed|EPIPE/i.test(e.message ?? '');
}
/** The reviews of a run's deployment gates (`GET …/actions/runs/{id}/approvals`), for `environment` when given. */
async function readApprovals(octokit, repo, runId, environment) {
    const { data } = await octokit.rest.actions.getReviewsForRun({ ...repo, run_id: runId });
    return data
        .map((a) => ({ user: a.user.login, state: a.state, comment: a.comment, environments: a.environments.map((e) => e.name ?? '') }))
        .filter((a) => !environment || a.environments.includes(environment));
}

;// CONCATENATED MODULE: ./src/github/drift-issues.ts

const DRIFT_LABEL = 'tenantops-drift';
function driftIssueTitle(tenant) {
    return `tenantops drift: ${tenant}`;
}
function driftIssueBody(report, runUrl) {
    const head = `Tenant \`${report.tenant}\` differs from what its file and platform.yaml ask for.${runUrl ? ` Found by [this run](${runUrl}).` : ''}`;
    const tail = 'Merge a change that accepts what exists, or re-run tenant-provision for the tenant to restore it. This issue closes itself once the drift is gone.';
    return fitComment(`${head}\n\n${report.markdown}\n\n${tail}`, runUrl ? `the run's job summary (${runUrl})` : "the drift run's job summary");
}
/** What to do with each tenant's issue; tenants without an open issue and without drift need nothing. */
function decideDriftIssues(reports, open, runUrl) {
    const byTitle = new Map(open.map((i) => [i.title, i]));
    const actions = [];
    for (const r of reports) {
        const issue = byTitle.get(driftIssueTitle(r.tenant));
        if (!r.drifted) {
            if (issue)
                actions.push({ kind: 'close', tenant: r.tenant, number: issue.number });
            continue;
        }
        const body = driftIssueBody(r, runUrl);
        if (!issue)
            actions.push({ kind: 'open', tenant: r.tenant, title: driftIssueTitle(r.tenant), body });
        // The run link changes every run; only a different plan is worth a notification.
        else if (stripRunLink(issue.body) !== stripRunLink(body))
            actions.push({ kind: 'update', tenant: r.tenant, number: issue.number, body });
        else
            actions.push({ kind: 'keep', tenant: r.tenant, number: issue.number });
    }
    return actions;
}
function stripRunLink(body) {
    return body.replace(/ Found by \[this run\]\([^)]*\)\./, '');
}
/** Reads the open drift issues (every page), decides, and applies the decisions. */
async function syncDriftIssues(octokit, repo, reports, runUrl) {
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, state: 'open', labels: DRIFT_LABEL, per_page: 100 });
    const open = issues.filter((i) => !i.pull_request).map((i) => ({ number: i.number, title: i.title, body: i.body ?? '' }));
    const actions = decideDriftIssues(reports, open, runUrl);
    for (const a of actions) {
        if (a.kind === 'open')
            await octokit.rest.issues.create({ ...repo, title: a.title, body: a.body, labels: [DRIFT_LABEL] });
        else if (a.kind === 'update')
            await octokit.rest.issues.update({ ...repo, issue_number: a.number, body: a.body });
        else if (a.kind === 'close') {
            await octokit.rest.issues.createComment({ ...repo, issue_number: a.number, body: `No drift any more${runUrl ? ` ([run](${runUrl}))` : ''}: closing.` });
            await octokit.rest.issues.update({ ...repo, issue_number: a.number, state: 'closed', state_reason: 'completed' });
        }
    }
    return actions;
}

;// CONCATENATED MODULE: ./src/github/revert-pr.ts

/** The branch prefix of a tenant's rollback pull requests (what makes a second rollback find the first). */
function rollbackBranchPrefix(tenant) {
    return `tenantops/rollback-${tenant}-`;
}
async function openRevertPullRequest(octokit, repo, options) {
    try {
        return await openRevert(octokit, repo, options);
    }
    catch (err) {
        throw asRemoteError(err, options.tenant);
    }
}
/** An Octokit refusal as the library reports API failures: tenant, step, call, status, request id. */
function asRemoteError(err, tenant) {
    const e = err;
    if (typeof e?.status !== 'number' || !e.request)
        return err;
    const path = e.request.url ? new URL(e.request.url).pathname : '';
    return new errors/* RemoteApiError */.F4({ service: 'github', call: `${e.request.method} ${path}`, status: e.status, requestId: e.response?.headers?.['x-github-request-id'], tenant, step: 'rollback pull request' }, e.message);
}
async function openRevert(octokit, repo, options) {
    const base = options.base ?? 'main';
    const prefix = rollbackBranchPrefix(options.tenant);
    const open = await findOpenRollback(octokit, repo, base, prefix);
    if (open)
        return open;
    const baseHead = (await octokit.rest.git.getRef({ ...repo, ref: `heads/${base}` })).data.object.sha;
    const target = options.toCommit ? { toCommit: options.toCommit } : await lastChangeOf(octokit, repo, baseHead, options.file);
    const wanted = await readFile(octokit, repo, options.file, target.toCommit);
    const current = await readFile(octokit, repo, options.file, baseHead);
    if (wanted?.content === current?.content) {
        throw new errors/* EnvironmentError */.eG(`${options.file} at ${target.toCommit} is what ${base} holds now: there is nothing to revert for tenant ${options.tenant}; nothing was changed`);
    }
    const branch = `${prefix}${options.run}`;
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: baseHead }).catch((err) => {
        // The same run died after creating it: carry on from where it is.
        if (!(err.status === 422 && /already exists/i.test(err.message ?? '')))
            throw err;
    });
    const onBranch = await readFile(octokit, repo, options.file, branch);
    const subject = `Roll back tenant ${options.tenant}: revert ${options.file}${target.reverts ? ` (undo ${target.reverts.sha.slice(0, 7)})` : ''}`;
    const change = wanted ? 'update' : 'delete';
    if (!wanted && onBranch)
        await octokit.rest.repos.deleteFile({ ...repo, path: options.file, branch, message: subject, sha: onBranch.sha });
    else if (wanted && wanted.content !== onBranch?.content) {
        await octokit.rest.repos.createOrUpdateFileContents({ ...repo, path: options.file, branch, message: subject, content: Buffer.from(wanted.content, 'utf8').toString('base64'), ...(onBranch ? { sha: onBranch.sha } : {}) });
    }
    const body = [
        `Rolls back the live tenant \`${options.tenant}\` by restoring \`${options.file}\` as it was at ${target.toCommit}${wanted ? '' : ' (where it did not exist, so this deletes it)'}.`,
        '',
        target.reverts ? `It reverts ${target.reverts.sha} (“${target.reverts.message.split('\n')[0]}”), the last change to the file on \`${base}\`.` : `The version to restore was chosen explicitly.`,
        '',
        `Why: ${options.reason}`,
        '',
        'A live tenant is never torn down in place: this pull request takes the ordinary path — its plan comment shows what it changes, a reviewer merges it, and the provisioning run applies it behind the go-live gate.',
    ].join('\n');
    try {
        const { data } = await octokit.rest.pulls.create({ ...repo, title: subject, head: branch, base, body });
        return { number: data.number, url: data.html_url, branch, created: true, toCommit: target.toCommit, reverts: target.reverts, change };
    }
    catch (err) {
        // Another rollback opened it between our look and now.
        const raced = err.status === 422 ? await findOpenRollback(octokit, repo, base, prefix) : undefined;
        if (raced)
            return raced;
        throw err;
    }
}
async function findOpenRollback(octokit, repo, base, prefix) {
    const pulls = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: 'open', base, per_page: 100 });
    const pr = pulls.find((p) => p.head.ref.startsWith(prefix));
    return pr && { number: pr.number, url: pr.html_url, branch: pr.head.ref, created: false };
}
/** The parent of the last commit reachable from `head` that changed `file`, and that commit. */
async function lastChangeOf(octokit, repo, head, file) {
    const { data } = await octokit.rest.repos.listCommits({ ...repo, sha: head, path: file, per_page: 1 });
    const last = data[0];
    if (!last)
        throw new errors/* EnvironmentError */.eG(`${file} has no commit in the history of ${head}: there is nothing to revert; nothing was changed`);
    const parent = last.parents[0]?.sha;
    if (!parent)
        throw new errors/* EnvironmentError */.eG(`${file} was added by the repository's first commit ${last.sha}: there is no earlier version to restore; nothing was changed`);
    return { toCommit: parent, reverts: { sha: last.sha, message: last.commit.message } };
}
/** The file's text and blob id at `ref`, or undefined when it does not exist there. */
async function readFile(octokit, repo, path, ref) {
    try {
        const { data } = await octokit.rest.repos.getContent({ ...repo, path, ref });
        if (Array.isArray(data) || data.type !== 'file' || !('content' in data))
            throw new errors/* EnvironmentError */.eG(`${path} at ${ref} is not a file`);
        return { content: Buffer.from(data.content, 'base64').toString('utf8'), sha: data.sha };
    }
    catch (err) {
        const e = err;
        // A ref that is not there is not a file that is not there: never read it as "delete the file".
        if (e.status === 404 && /no commit found/i.test(e.message ?? ''))
            throw new errors/* EnvironmentError */.eG(`${ref} is not a commit or branch of ${repo.owner}/${repo.repo}; nothing was changed`);
        if (e.status === 404)
            return undefined;
        throw err;
    }
}

;// CONCATENATED MODULE: ./src/github/index.ts
// GitHub-facing output: action inputs and the one step runner the actions share, annotations,
// summaries, the sticky PR comment and its plan marker, the REST calls workflows make (pull
// requests, dispatches, approvals, drift issues). The only module that imports @actions/core;
// the rest of the library logs through src/log.













/***/ })

};
