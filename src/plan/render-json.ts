// The plan as JSON (`plan --json`, the artifact apply is bound to): the bytes of
// JSON.stringify(plan, null, 2), made tenant by tenant so a large plan is written as it is made.

import type { PlanView } from './stream.ts';

const TENANT_INDENT = '\n    ';

/** Chunks that, concatenated, are JSON.stringify(plan, null, 2) of the plan the view shows. */
export function* planJsonChunks(plan: PlanView): Generator<string> {
  yield `{\n  "version": ${JSON.stringify(plan.version)},\n  "hash": ${JSON.stringify(plan.hash)},\n  "tenants": [`;
  let first = true;
  for (const t of plan.plans()) {
    // A tenant sits two levels deep; JSON strings hold no raw newline, so every newline is layout.
    yield `${first ? '' : ','}${TENANT_INDENT}${JSON.stringify(t, null, 2).replaceAll('\n', TENANT_INDENT)}`;
    first = false;
  }
  yield first ? ']' : '\n  ]';
  if (plan.offline !== undefined) yield `,\n  "offline": ${JSON.stringify(plan.offline)}`;
  yield '\n}';
}
