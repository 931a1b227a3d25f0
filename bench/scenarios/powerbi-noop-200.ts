// A no-op re-run over 200 onboarded tenants: after every tenant has its profile, workspace,
// model, refresh and reports, running apply again must make 0 write calls and at most 4 read
// calls per tenant (the profile's workspace list, the workspace's users, models and reports:
// list calls, never one GET per report). Counted from the emulators' own request logs.
//
// Targets (from the issue): writes = 0; reads ÷ tenants ≤ 4.
// Latency is `instant`: the figures are call counts, and the wall time is shown for information.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { AGREEMENT_ROUNDS, type Figure, type Scenario } from '../scenario.ts';
import { applyTenants } from '../../src/run/index.ts';
import { repoRoot } from '../../test/support/repo.ts';
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
    const root = await mkdtemp(path.join(tmpdir(), 'tenantops-bench-pbi-'));
    for (const entry of ['templates', 'platform.yaml', 'platform.schema.json']) await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
    await mkdir(path.join(root, 'tenants'));
    const codes: string[] = [];
    for (let i = 0; i < TENANTS; i++) {
      const code = `pbi-${String(i).padStart(4, '0')}`;
      codes.push(code);
      await writeFile(path.join(root, 'tenants', `${code}.yaml`), stringify({
        code, name: `Bench ${i}`, subdomain: code, providers: COMBOS[i % COMBOS.length],
        database: { isolation: 'schema', cluster: 'shared-eu' },
        powerbi: { capacity: i % 2 ? 'shared' : 'sandbox-a1' },
        modules: ['operations', 'quality'],
        superUsers: [{ email: `admin@${code}.example`, firstName: 'Ada', lastName: 'Admin' }],
      }));
    }
    const bench = await startPowerBiBench({ latency: { profile: 'instant' }, root });
    try {
      const services = bench.services();
      await services.registry();
      for (const code of codes) await bench.provision(code);
      const onboardStart = performance.now();
      const first = await applyTenants(bench.inputs, services, { only: ['powerbi'], actor: 'bench' });
      const onboardMs = performance.now() - onboardStart;
      const failed = first.tenants.filter((t) => t.failed.length || t.skipped.length);
      if (failed.length) throw new Error(`${failed.length} tenant(s) did not onboard: ${failed[0].tenant} ${failed[0].failed.join(', ')}`);
      bench.clear();
      const again = bench.services();
      const started = performance.now();
      const second = await applyTenants(bench.inputs, again, { only: ['powerbi'], actor: 'bench' });
      const rerunMs = performance.now() - started;
      const calls = bench.calls();
      const writes = calls.filter((c) => c.method !== 'GET').length;
      const reads = calls.filter((c) => c.method === 'GET').length;
      const changed = second.tenants.filter((t) => t.applied.length).length;
      return [
        { name: 'write calls on re-run', value: writes, unit: 'calls', target: 0, direction: 'max' },
        { name: 'read calls per tenant on re-run', value: reads / TENANTS, unit: 'calls', target: 4, direction: 'max' },
        { name: 'tenants changed on re-run', value: changed, unit: 'tenants', target: 0, direction: 'max' },
        { name: 're-run wall time', value: rerunMs / 1000, unit: 's' },
        { name: 'onboarding wall time (200 tenants, instant latency)', value: onboardMs / 1000, unit: 's' },
      ];
    } finally {
      await bench.close();
      await rm(root, { recursive: true, force: true });
    }
  },
};
export default scenario;
