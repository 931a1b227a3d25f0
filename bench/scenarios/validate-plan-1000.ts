// Validate and plan offline 1,000 generated tenant files: the PR check on a large platform.
// Targets from the foundation issue: ≤ 1.5 s wall, ≤ 300 MB peak RSS.
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Scenario } from '../scenario.ts';
import { loadInputs, planTenants } from '../../src/run/index.ts';
import { generateRepository } from '../fleet-files.ts';

const TENANTS = 1000;

const scenario: Scenario = {
  name: 'validate-plan-1000',
  description: 'validate + offline plan of 1,000 generated tenant files',
  maxRssMb: 300,
  async run() {
    const root = await generateRepository(TENANTS);
    try {
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
