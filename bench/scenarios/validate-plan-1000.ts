// Validate and plan offline 1,000 generated tenant files in a warm process: the PR check on a large
// platform, planned as `plan --offline` does (streamed, see src/plan/stream.ts).
// Targets from the foundation issue: ≤ 1.5 s wall, ≤ 300 MB peak RSS.
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { WALL_CLOCK_ROUNDS, type Scenario } from '../scenario.ts';
import { markdownRendering, withOfflinePlan } from '../../src/plan/index.ts';
import { KIND_LABELS, loadInputs, offlinePlanOf } from '../../src/run/index.ts';
import { generateRepository } from '../fleet-files.ts';

const TENANTS = 1000;

const scenario: Scenario = {
  name: 'validate-plan-1000',
  rounds: WALL_CLOCK_ROUNDS,
  description: 'validate + offline plan of 1,000 generated tenant files',
  maxRssMb: 300,
  async run() {
    const root = await generateRepository(TENANTS);
    try {
      const start = performance.now();
      const { inputs, findings } = await loadInputs(root);
      if (!inputs) throw new Error(`generated tenants do not validate: ${findings.slice(0, 3).map((f) => f.message).join('; ')}`);
      // As `plan --offline --markdown` makes it: planned once, each tenant's markdown spilled, then read back.
      const changes = await withOfflinePlan(offlinePlanOf(inputs), [markdownRendering({ labels: KIND_LABELS })], async (plan) => {
        for (const _ of plan.chunks(0));
        return plan.tenants.reduce((n, t) => n + t.changeCount, 0);
      });
      const wall = (performance.now() - start) / 1000;
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
