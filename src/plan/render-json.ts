// The plan as JSON (`plan --json`, the artifact apply is bound to): the bytes of
// JSON.stringify(plan, null, 2) and the newline printing adds, made tenant by tenant so a large
// plan is written as it is made.

import type { PlanRendering } from './stream.ts';

const TENANT_INDENT = '\n    ';

/** Parts that, concatenated, are JSON.stringify(plan, null, 2) of the plan and a newline. */
export function jsonRendering(): PlanRendering {
  return {
    head: (plan) => `{\n  "version": ${JSON.stringify(plan.version)},\n  "hash": ${JSON.stringify(plan.hash)},\n  "tenants": [`,
    // A tenant sits two levels deep; JSON strings hold no raw newline, so every newline is layout.
    tenant: (t, index) => `${index === 0 ? '' : ','}${TENANT_INDENT}${JSON.stringify(t, null, 2).replaceAll('\n', TENANT_INDENT)}`,
    tail: (plan) => `${plan.tenants.length === 0 ? ']' : '\n  ]'}${plan.offline === undefined ? '' : `,\n  "offline": ${JSON.stringify(plan.offline)}`}\n}\n`,
  };
}
