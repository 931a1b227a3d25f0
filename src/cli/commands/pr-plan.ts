import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderPlanComment, type PlanMarker } from '../../github/index.ts';
import { loadValidInputs, planForReview, renderReviewDetails, renderReviewLine, reviewHashes, withRun } from '../../run/index.ts';
import { createConsoleLogger } from '../../log/index.ts';
import { changedTenants, gitChangedFiles } from '../changed-tenants.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { EnvironmentError } from '../../errors/index.ts';
import { writeLine } from '../io.ts';
import { appendStepSummary } from '../workflow-files.ts';

const OFFLINE_BANNER =
  '> [!WARNING]\n> **Offline plan.** This pull request runs without secrets (a fork or Dependabot), so it was planned against an empty world: ' +
  'every resource shows as a create, nothing that exists was read, and no hash here can be applied. A maintainer re-runs the plan from a branch ' +
  'of this repository, or dispatches tenant-provision with accept-hashes after reading the live plan.';

export const prPlanCommand: Command = {
  name: 'pr-plan',
  summary: 'Plan the tenants a pull request changes, per capability, and write its sticky comment (with the hash marker a merge binds to), the full plan and the job summary.',
  usage: 'pr-plan --since <base ref> --sha <head sha> --out <dir> [--offline]',
  options: { since: { type: 'string' }, sha: { type: 'string' }, out: { type: 'string' }, offline: { type: 'boolean' } },
  help: {
    since: 'the base the PR is compared with (its merge base)',
    sha: "the PR's head commit, recorded in the marker",
    out: 'folder for comment.md (fits a GitHub comment), plan.md (everything) and marker.json',
    offline: 'plan against an empty world (no secrets): the comment says so and carries no hashes',
  },
  async run(args, io) {
    const since = stringOption(args, 'since');
    const sha = stringOption(args, 'sha');
    const out = stringOption(args, 'out');
    if (!since || !sha || !out) throw new EnvironmentError(`usage: tenantops ${this.usage}`);
    const offline = flag(args, 'offline');
    const inputs = await loadValidInputs(args.root);
    const changed = changedTenants(inputs, gitChangedFiles(args.root, since));
    // The run's inputs, not the ones loaded above: a run opened on a sandbox has its platform.
    const reviews = await withRun(inputs, { log: createConsoleLogger({ stream: io.stderr }), env: io.env }, (run) => planForReview(run.inputs, run.services, { tenants: changed.codes, offline }));
    const marker: PlanMarker = { version: 1, sha, tenants: offline ? {} : Object.fromEntries(reviews.map((r) => [r.tenant, reviewHashes(r)])), ...(offline ? { offline: true } : {}) };
    const notes = [
      ...(offline ? [OFFLINE_BANNER] : []),
      ...(changed.fleetWide ? ['This pull request changes fleet-wide inputs (platform.yaml or templates/): after merge the fleet rollout plans and applies every tenant.'] : []),
      ...(changed.removed.length ? [`Removed tenant files (${changed.removed.join(', ')}) decommission nothing: set \`lifecycle: decommissioned\` instead.`] : []),
    ];
    const sections = reviews.map((r) => ({ tenant: r.tenant, line: renderReviewLine(r), details: renderReviewDetails(r) }));
    const comment = renderPlanComment(sections, { title: `tenantops plan for ${sha.slice(0, 12)}`, banner: notes.join('\n\n') || undefined, marker, whereWhole: 'the `plan` artifact and the job summary of the tenant-plan run' });
    const full = [`## tenantops plan for ${sha}`, ...notes, ...sections.map((s) => `### ${s.tenant}\n\n${s.line}\n\n${s.details}`)].join('\n\n');
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'comment.md'), comment);
    await writeFile(path.join(out, 'plan.md'), full + '\n');
    await writeFile(path.join(out, 'marker.json'), JSON.stringify(marker, null, 2) + '\n');
    // A job summary holds 1 MiB: the comment always fits; the whole plan is the artifact.
    await appendStepSummary(io.env, full.length < 900_000 ? full : comment);
    writeLine(io.stdout, `planned ${reviews.length} tenant(s)${offline ? ' offline' : ''}; comment ${comment.length} characters`);
    return 0;
  },
};
