// Validate and plan offline 1,000 generated tenant files: the PR check on a large platform.
// Targets from the foundation issue: ≤ 1.5 s wall, ≤ 300 MB peak RSS.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Scenario } from '../scenario.ts';
import { loadInputs, planTenants } from '../../src/run/index.ts';
import { repoRoot } from '../../test/support/repo.ts';

const TENANTS = 1000;
const COMBOS = [
  ['APTEM', 'BKSB', 'HUBSPOT'],
  ['BUD', 'FUNC', 'SF'],
  ['ONEFILE', 'ESKILLS', 'DYNAMICS'],
] as const;

function tenantYaml(i: number): string {
  const code = `tenant-${String(i).padStart(4, '0')}`;
  const [lms, em, crm] = COMBOS[i % COMBOS.length];
  return [
    `code: ${code}`,
    `name: Training Provider ${i}`,
    `subdomain: ${code}`,
    `providers: { lms: ${lms}, englishMaths: ${em}, crm: ${crm} }`,
    'database: { isolation: schema, cluster: shared-eu }',
    'powerbi: { capacity: sandbox-a1 }',
    'modules: [operations, quality, finance, sales, compliance, learner-progress]',
    'superUsers:',
    `  - { email: admin@${code}.example, firstName: Ada, lastName: Admin }`,
    '',
  ].join('\n');
}

const scenario: Scenario = {
  name: 'validate-plan-1000',
  description: 'validate + offline plan of 1,000 generated tenant files',
  maxRssMb: 300,
  async run() {
    const root = await mkdtemp(path.join(tmpdir(), 'tenantops-bench-'));
    try {
      for (const entry of ['templates', 'platform.yaml']) await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
      await mkdir(path.join(root, 'tenants'));
      for (let i = 0; i < TENANTS; i++) await writeFile(path.join(root, 'tenants', `tenant-${String(i).padStart(4, '0')}.yaml`), tenantYaml(i));
      const start = performance.now();
      const { inputs, findings } = await loadInputs(root);
      if (!inputs) throw new Error(`generated tenants do not validate: ${findings.slice(0, 3).map((f) => f.message).join('; ')}`);
      const plan = await planTenants(inputs, { offline: true });
      const wall = (performance.now() - start) / 1000;
      const changes = plan.tenants.reduce((n, t) => n + t.changes.length, 0);
      return [
        { name: 'wall time', value: wall, unit: 's', target: 1.5, direction: 'max' },
        { name: 'planned changes', value: changes, unit: 'changes' },
      ];
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
export default scenario;
