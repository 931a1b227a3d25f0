// A fleet that already runs (every tenant of main applied on the sandbox before the journey), and
// what happens to it through the workflows: drift opens one issue per drifted tenant and closes it
// once the drift is gone; a world that changed after the PR's review stops the provisioning run
// before any write, its summary showing the new plan and how to accept it; a decommission with
// deletionPolicy delete reaches the gate and deletes only after approval; an approval whose
// destructive plan changed since the gate refuses, changing nothing.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../dev/runner/index.ts';
import { OWNER, PEOPLE, REPO, useJourney } from '../support/journey.ts';

const repo = { owner: OWNER, repo: REPO };

const journey = useJourney({ seedFleet: true, leaveOut: ['dashboard.yml'] });

const jobConclusions = (r: RunRecord) => Object.fromEntries(r.jobs.map((j) => [j.id, j.conclusion ?? j.status]));
const summaryOf = (r: RunRecord, stepId: string) => r.jobs.flatMap((j) => j.steps).find((s) => s.id === stepId)?.summary ?? '';

/** `database.schema` of every schema in every database of a cluster (a shared cluster keeps tenants' schemas in its own database). */
async function tenantSchemas(cluster: string): Promise<string[]> {
  const admin = new pg.Client({ connectionString: journey.sandbox.postgres.clusters[cluster] });
  await admin.connect();
  const out: string[] = [];
  try {
    const dbs = (await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datallowconn AND datname NOT IN ('postgres', 'template1') ORDER BY 1")).rows;
    for (const { datname } of dbs) {
      const url = new URL(journey.sandbox.postgres.clusters[cluster]);
      url.pathname = `/${datname}`;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        out.push(...(await client.query<{ n: string }>("SELECT nspname AS n FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public') ORDER BY 1")).rows.map((r) => `${datname}.${r.n}`));
      } finally {
        await client.end();
      }
    }
  } finally {
    await admin.end();
  }
  return out;
}

async function runDrift(): Promise<RunRecord> {
  const { runs } = await journey.runner.dispatch({ name: 'workflow_dispatch', workflow: 'drift.yml', actor: PEOPLE.maintainer });
  const run = await runs[0].done;
  expect(run.conclusion, journey.explain([run])).toBe('success');
  return run;
}

/** What the drift command recorded for the dashboard: per tenant, the resource keys that differ. */
async function driftChecks(): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: journey.sandbox.postgres.registry });
  await client.connect();
  try {
    const { rows } = await client.query<{ tenant: string; resources: string[] }>('SELECT tenant, resources FROM drift_checks ORDER BY tenant');
    return Object.fromEntries(rows.map((r) => [r.tenant, r.resources]));
  } finally {
    await client.end();
  }
}

async function driftIssues(state: 'open' | 'closed' | 'all') {
  const { data } = await journey.octokit(PEOPLE.maintainer).rest.issues.listForRepo({ ...repo, state, labels: 'tenantops-drift' });
  return data.map((i) => ({ number: i.number, title: i.title, state: i.state, body: i.body ?? '' }));
}

describe('drift', () => {
  it('opens one issue for the drifted tenant only, and closes it once the drift is gone', async () => {
    await runDrift();
    expect(await driftIssues('all')).toEqual([]);

    const report = journey.deleteReport('beta-corp');
    await runDrift();
    const open = await driftIssues('open');
    expect(open).toMatchObject([{ title: 'tenantops drift: beta-corp', state: 'open' }]);
    expect(open[0].body).toContain(report);
    // The dashboard's record: beta-corp drifted (keys, not values), the others in sync.
    const checks = await driftChecks();
    expect(checks['beta-corp']).toEqual([expect.stringMatching(/^powerbi\/report\//)]);
    expect(Object.entries(checks).filter(([t, keys]) => t !== 'beta-corp' && keys.length)).toEqual([]);

    // The same drift again: the same issue, no second one.
    await runDrift();
    expect(await driftIssues('all')).toMatchObject([{ number: open[0].number, state: 'open' }]);

    await journey.seedFleet(); // someone re-applies beta-corp: the report is back
    await runDrift();
    expect(await driftIssues('open')).toEqual([]);
    expect((await driftChecks())['beta-corp']).toEqual([]);
    expect(await driftIssues('closed')).toMatchObject([{ number: open[0].number, title: 'tenantops drift: beta-corp' }]);
  }, 300_000);
});

describe('a world that changed after the review', () => {
  it('stops the provisioning run before any write; its summary shows the new plan and the accept-hashes that accept it', async () => {
    const file = journey.tenantFile('gamma-skills');
    const { pr } = await journey.openAndPlan('gamma-comment', { 'tenants/gamma-skills.yaml': `${file}# reviewed by the data team\n` });
    // After the plan was reviewed, someone deletes one of the tenant's reports in the portal.
    const reportsBefore = journey.tenantWorkspace('gamma-skills')!.reports.length;
    const deleted = journey.deleteReport('gamma-skills');
    const writesBefore = journey.writes().length;
    const footprintBefore = await journey.footprint();

    const { provisions } = await journey.mergeToGate(pr);
    expect(provisions).toHaveLength(1);
    const refused = await journey.completed(provisions[0].id);
    expect(refused.conclusion).toBe('failure');
    expect(jobConclusions(refused)).toEqual({ provision: 'failure', 'go-live': 'skipped', rollback: 'skipped' });
    const steps = Object.fromEntries(refused.jobs[0].steps.map((s) => [s.name, s.conclusion]));
    expect(steps).toMatchObject({ 'Find the reviewed plan': 'success', 'Hold every capability to its reviewed hash': 'failure', db: 'skipped', powerbi: 'skipped', dns: 'skipped' });
    expect(journey.writes().slice(writesBefore)).toEqual([]);
    expect(await journey.footprint()).toEqual(footprintBefore);

    const summary = summaryOf(refused, 'gate');
    expect(summary).toContain('Refused: the plan of powerbi is not the one that was reviewed');
    expect(summary).toContain(deleted); // the new plan: the report to create again
    const accept = /```\n(db=[0-9a-f]{64},powerbi=[0-9a-f]{64},dns=[0-9a-f]{64}(?:,registry=[0-9a-f]{64})?)\n```/.exec(summary)?.[1];
    expect(accept).toBeDefined();

    // Accepting it: a dispatch with those hashes applies the new plan, and stops at the gate.
    const known = new Set(journey.runsOf('tenant-provision.yml').map((r) => r.id));
    await journey.octokit(PEOPLE.maintainer).rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'tenant-provision.yml', ref: 'main', inputs: { tenant: 'gamma-skills', sha: refused.inputs!.sha as string, 'accept-hashes': accept! } });
    const accepted = await journey.until('the accepting run', () => journey.runsOf('tenant-provision.yml').find((r) => !known.has(r.id)));
    await journey.atGate(accepted.id);
    expect(accepted.jobs.find((j) => j.id === 'provision')?.conclusion, journey.explain([accepted])).toBe('success');
    expect(journey.tenantWorkspace('gamma-skills')!.reports).toHaveLength(reportsBefore);
    await journey.review(accepted.id, 'approved');
    expect((await journey.completed(accepted.id)).conclusion, journey.explain([accepted])).toBe('success');
  }, 400_000);
});

describe('a decommission with deletionPolicy: delete', () => {
  let acme: RunRecord;
  let beta: RunRecord;

  const decommission = (code: string) => journey.tenantFile(code).replace(/^lifecycle: .*$/m, '').replace(/^deletionPolicy: .*$/m, '').trimEnd() + '\nlifecycle: decommissioned\ndeletionPolicy: delete\n';

  it('reaches the gate with the destructive plan and its hash, and deletes nothing before approval', async () => {
    // Decommissioned tenants are live ones: a never-live tenant whose gate fails is rolled back
    // (torn down as its deletionPolicy says) by the run's rollback job instead.
    await journey.takeLive(['acme-training', 'beta-corp']);
    const { pr } = await journey.openAndPlan('offboard', { 'tenants/acme-training.yaml': decommission('acme-training'), 'tenants/beta-corp.yaml': decommission('beta-corp') });
    const footprintBefore = await journey.footprint();
    const writesBefore = journey.writes().length;
    const { provisions } = await journey.mergeToGate(pr);
    [acme, beta] = ['acme-training', 'beta-corp'].map((code) => provisions.find((r) => r.inputs?.tenant === code)!);
    for (const r of [acme, beta]) {
      const provision = r.jobs.find((j) => j.id === 'provision')!;
      expect(provision.conclusion, journey.explain([r])).toBe('success');
      expect(provision.outputs['destructive-hash']).toMatch(/^[0-9a-f]{64}$/);
      expect(summaryOf(r, 'gate')).toContain(`Approving applies exactly this plan, hash \`${provision.outputs['destructive-hash']}\``);
      expect(r.jobs.find((j) => j.id === 'go-live')?.status).toBe('waiting');
    }
    // Nothing deleted yet: the workspaces, databases, schemas and records are all still there.
    expect(journey.writes().slice(writesBefore)).toEqual([]);
    expect(await journey.footprint()).toMatchObject(Object.fromEntries(Object.entries(footprintBefore).filter(([k]) => !k.startsWith('registry'))));
    expect(journey.tenantWorkspace('acme-training')).toBeDefined();
    expect(journey.tenantWorkspace('beta-corp')).toBeDefined();
  }, 400_000);

  it('deletes the tenant once approved', async () => {
    const before = await journey.footprint();
    const schemasBefore = await tenantSchemas('shared-eu');
    expect(schemasBefore.some((s) => s.includes('acme_training'))).toBe(true);
    await journey.review(acme.id, 'approved');
    const done = await journey.completed(acme.id);
    expect(done.conclusion, journey.explain([done])).toBe('success');
    expect(journey.tenantWorkspace('acme-training')).toBeUndefined();
    // Its schema in the cluster's shared database, and its roles, are gone; nothing else is.
    expect(await tenantSchemas('shared-eu')).toEqual(schemasBefore.filter((s) => !s.includes('acme_training')));
    const after = await journey.footprint();
    const gone = (before['shared-eu roles'] as string[]).filter((r) => !(after['shared-eu roles'] as string[]).includes(r));
    expect(gone.length).toBeGreaterThan(0);
    for (const role of gone) expect(role).toMatch(/acme_training/);
  }, 240_000);

  it('refuses a late approval whose destructive plan changed since the gate, changing nothing', async () => {
    journey.deleteReport('beta-corp'); // the plan shown at the gate deleted this report too
    const reports = journey.tenantWorkspace('beta-corp')!.reports;
    const before = await journey.footprint();
    const writesBefore = journey.writes().length;
    await journey.review(beta.id, 'approved');
    const done = await journey.completed(beta.id);
    expect(done.conclusion).toBe('failure');
    const goLive = done.jobs.find((j) => j.id === 'go-live')!;
    expect(goLive.conclusion).toBe('failure');
    // Refused for the right reason: the plan it would apply is not the one shown at the gate.
    const shown = done.jobs.find((j) => j.id === 'provision')!.outputs['destructive-hash'];
    expect(goLive.steps.find((s) => s.name === 'Go live')?.log.join('\n')).toContain(`the plan changed since it was reviewed: expected hash ${shown}`);
    // The rollback job follows a failed go-live job, but reads the gate's review: approved, so it
    // rolls nothing back (no teardown, no revert pull request).
    const rollback = done.jobs.find((j) => j.id === 'rollback')!;
    expect(rollback.steps.flatMap((s) => s.log).join('\n')).toMatch(/beta-corp: the go-live gate of run \d+ was approved by \S+, then go-live failed; nothing rolled back/);
    const pulls = (await journey.octokit(PEOPLE.maintainer).rest.pulls.list({ ...repo, state: 'open' })).data;
    expect(pulls.filter((p) => p.head.ref.startsWith('tenantops/rollback-'))).toEqual([]);
    expect(journey.writes().slice(writesBefore)).toEqual([]);
    expect(journey.tenantWorkspace('beta-corp')?.reports).toEqual(reports);
    const after = await journey.footprint();
    expect(Object.fromEntries(Object.entries(after).filter(([k]) => !k.startsWith('registry')))).toEqual(Object.fromEntries(Object.entries(before).filter(([k]) => !k.startsWith('registry'))));
  }, 240_000);
});
