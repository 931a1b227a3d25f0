// Runs (or, with --dry-run, plans) the workflows of a checkout for one event, against an
// in-memory GitHub: `node dev/runner/cli.ts <event> [options]`. Secrets, variables and
// environments come from --host (JSON: {secrets, variables, environments}); deployment reviews
// are answered with --review (default approve).
import './load-parser.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `usage: node dev/runner/cli.ts <event> [options]
  --payload file.json    webhook payload (github.event)
  --workflow name        workflow_dispatch: the workflow file to run
  --input key=value      workflow_dispatch input (repeatable)
  --type name            repository_dispatch: the event type
  --ref ref / --sha sha  what to run (default: the payload's, else the default branch)
  --changed path         a changed file for path filters (repeatable)
  --repo dir             the checkout (default: the current directory)
  --host file.json       {secrets, variables, environments: {name: {secrets, variables, requiredReviewers}}}
  --review approve|reject  answer to deployment reviews (default approve)
  --dry-run              list the jobs and steps that would run; run nothing
  --verbose              print every step's log
  --keep                 keep the runs' work folders`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    payload: { type: 'string' }, workflow: { type: 'string' }, input: { type: 'string', multiple: true }, type: { type: 'string' },
    ref: { type: 'string' }, sha: { type: 'string' }, changed: { type: 'string', multiple: true }, repo: { type: 'string' },
    host: { type: 'string' }, review: { type: 'string', default: 'approve' }, 'dry-run': { type: 'boolean' }, verbose: { type: 'boolean' },
    keep: { type: 'boolean' }, help: { type: 'boolean' },
  },
});
const [eventName] = positionals;
if (values.help || !eventName) {
  console.log(USAGE);
  process.exit(eventName ? 0 : 2);
}

// Loaded only now: the parser needs load-parser's hook in place before Node links it.
const { createMemoryHost, createRunner, renderPlan } = await import('./index.ts');
type RunRecord = import('./index.ts').RunRecord;

const payload = values.payload ? (JSON.parse(readFileSync(values.payload, 'utf8')) as Record<string, unknown>) : {};
if (values.type) payload.action = values.type;
const inputs = Object.fromEntries((values.input ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const event = { name: eventName, payload, workflow: values.workflow, inputs, ref: values.ref, sha: values.sha, changedFiles: values.changed };
const host = createMemoryHost(values.host ? JSON.parse(readFileSync(values.host, 'utf8')) : {});
const runner = createRunner({ repoDir: path.resolve(values.repo ?? '.'), host, keepWorkDirs: values.keep });

try {
  if (values['dry-run']) {
    const { workflows, skipped } = await runner.plan(event);
    for (const s of skipped) console.log(`skipped ${s.workflow}: ${s.reason}`);
    console.log(workflows.length ? renderPlan(workflows).join('\n') : `no workflow runs on ${eventName}`);
  } else {
    await host.listen();
    void answerReviews(values.review === 'reject' ? 'rejected' : 'approved');
    const { runs, skipped } = await runner.dispatch(event);
    for (const s of skipped) console.log(`skipped ${s.workflow}: ${s.reason}`);
    await runner.waitForIdle();
    for (const run of runner.runs) printRun(run, values.verbose ?? false);
    process.exitCode = runs.length && runner.runs.every((r) => r.conclusion !== 'failure') ? 0 : 1;
  }
} finally {
  await runner.close();
  await host.close();
}

async function answerReviews(state: 'approved' | 'rejected'): Promise<void> {
  for (;;) {
    const request = await host.waitForApproval();
    const reviewer = (await host.getProtection(request.environment))?.requiredReviewers[0] ?? 'reviewer';
    console.log(`${state} ${request.environment} for run ${request.runId} (${request.jobs.join(', ')}) as ${reviewer}`);
    host.review(request.runId, request.environment, state, reviewer);
  }
}

function printRun(run: RunRecord, verbose: boolean): void {
  console.log(`\n${run.workflow.name} #${run.runNumber} (${run.event}) ${run.conclusion} ${run.url}`);
  for (const a of run.annotations) console.log(`  ${a.level}: ${a.message}`);
  for (const job of run.jobs) {
    console.log(`  ${job.conclusion?.padEnd(9)} ${job.name}${job.environment ? ` [${job.environment}]` : ''}`);
    for (const a of job.annotations) console.log(`      ${a.level}: ${a.message}`);
    for (const step of job.steps) {
      console.log(`    ${step.conclusion?.padEnd(9)} ${step.name}`);
      for (const a of step.annotations.filter((x) => x.shown)) console.log(`        ${a.level}: ${a.message}`);
      if (verbose || step.conclusion === 'failure') for (const line of step.log) console.log(`        | ${line}`);
    }
  }
}
