// A no-op re-run over 200 onboarded tenants: after every tenant has its profile, workspace,
// model, refresh and reports, running apply again must make 0 write calls and at most 4 read
// calls per tenant (the profile's workspace list, the workspace's users, models and reports:
// list calls, never one GET per report). Counted from the emulators' own request logs.
//
// Targets (from the issue): writes = 0; reads ÷ tenants ≤ 4.
// Latency is `instant`: the figures are call counts, and the wall time is shown for information.
// The onboarding is setup: the first round at this scale saves the onboarded fleet and later rounds
// restore it (bench/support/fleet-snapshot.ts), so only the re-run is done every round.
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { AGREEMENT_ROUNDS, type Figure, type Scenario } from '../scenario.ts';
import { applyTenants } from '../../src/run/index.ts';
import { repoRoot } from '../../test/support/repo.ts';
import { READ_POSTS } from '../support/fleet-powerbi.ts';
import { openFleet } from '../support/fleet-snapshot.ts';
import { startPowerBiBench } from './powerbi-onboard-realistic.ts';

const TENANTS = 200;
const COMBOS = [
  { lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT' },
  { lms: 'BUD', englishMaths: 'FUNC', crm: 'SF' },
];

const scenario: Scenario = {
  name: 'powerbi-noop-200',
  rounds: AGREEMENT_ROUNDS,
  description: 'no-op re-run of 200 onboarded tenants: write calls and read calls per tenant',
  async run(): Promise<Figure[]> {
    const fleet = await openFleet({ scenario: 'powerbi-noop-200', scenarioFile: import.meta.filename, tenants: TENANTS, prefix: 'pbi', repository });
    const { root, codes } = fleet;
    const bench = await startPowerBiBench({ latency: { profile: 'instant' }, root, restore: fleet.restore });
    try {
      if (!fleet.restore) {
        const services = bench.services();
        await services.registry();
        for (const code of codes) await bench.provision(code);
        const first = await applyTenants(bench.inputs, services, { only: ['powerbi'], actor: 'bench' });
        const failed = first.tenants.filter((t) => t.failed.length || t.skipped.length);
        if (failed.length) throw new Error(`${failed.length} tenant(s) did not onboard: ${failed[0].tenant} ${failed[0].failed.join(', ')}`);
        await fleet.save(bench);
      }
      const setupFigure = fleet.ready();
      bench.clear();
      const again = bench.services();
      const started = performance.now();
      const second = await applyTenants(bench.inputs, again, { only: ['powerbi'], actor: 'bench' });
      const rerunMs = performance.now() - started;
      const calls = bench.calls();
      // A scan's getInfo is a POST that changes nothing (READ_POSTS): a read.
      const writes = calls.filter((c) => c.method !== 'GET' && !READ_POSTS.has(c.route ?? '')).length;
      const reads = calls.length - writes;
      const changed = second.tenants.filter((t) => t.applied.length).length;
      return [
        { name: 'write calls on re-run', value: writes, unit: 'calls', target: 0, direction: 'max' },
        { name: 'read calls per tenant on re-run', value: reads / TENANTS, unit: 'calls', target: 4, direction: 'max' },
        { name: 'tenants changed on re-run', value: changed, unit: 'tenants', target: 0, direction: 'max' },
        { name: 're-run wall time', value: rerunMs / 1000, unit: 's' },
        setupFigure,
      ];
    } finally {
      await bench.close();
      await fleet.remove();
    }
  },
};
export default scenario;

/** 200 tenants of two provider combinations, each with its own tenant file (not copies of acme-training). */
async function repository(count: number, prefix: string): Promise<{ root: string; codes: string[] }> {
  const root = await mkdtemp(path.join(tmpdir(), 'tenantops-bench-pbi-'));
  for (const entry of ['templates', 'platform.yaml', 'platform.schema.json']) await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
  await mkdir(path.join(root, 'tenants'));
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const code = `${prefix}-${String(i).padStart(4, '0')}`;
    codes.push(code);
    await writeFile(path.join(root, 'tenants', `${code}.yaml`), stringify({
      code, name: `Bench ${i}`, subdomain: code, providers: COMBOS[i % COMBOS.length],
      database: { isolation: 'schema', cluster: 'shared-eu' },
      powerbi: { capacity: i % 2 ? 'shared' : 'sandbox-a1' },
      modules: ['operations', 'quality'],
      superUsers: [{ email: `admin@${code}.example`, firstName: 'Ada', lastName: 'Admin' }],
    }));
  }
  return { root, codes };
}
