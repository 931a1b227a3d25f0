// Every override of the Fabric specs earns its place: the recorded exchange its `why` cites fails
// validation without it and passes with it. An override that stops being needed (the spec was
// fixed) or whose evidence does not hold fails here, so the list stays short and honest.

import { expect, it } from 'vitest';
import { FABRIC_SPEC_OVERRIDES, loadFabricSpec, type OpenApiSpec } from '../../src/spec/index.ts';
import { loadTrace, type Exchange } from '../support/fabric-trace.ts';
import { describeWithSpecs, SPECS_DIR } from '../support/specs.ts';

function exchange(index: number): Exchange {
  const ex = loadTrace().exchanges.find((e) => e.index === index);
  if (!ex) throw new Error(`trace exchange #${index} not found`);
  return ex;
}

function errorsOf(spec: OpenApiSpec, ex: Exchange): string[] {
  const call = { method: ex.request.method, path: ex.request.path, query: ex.request.query, body: ex.request.body };
  return [
    ...spec.validateRequest(call).errors,
    ...(ex.response ? spec.validateResponse({ ...call, status: ex.response.status, headers: ex.response.headers, responseBody: ex.response.body ?? undefined }).errors : []),
  ];
}

describeWithSpecs('Fabric spec overrides', () => {
  const withAll = loadFabricSpec(SPECS_DIR);

  it('cites in each `why` the trace exchanges it rests on', () => {
    for (const o of FABRIC_SPEC_OVERRIDES) expect(o.why).toMatch(/trace #\d+/);
  });

  it.each(FABRIC_SPEC_OVERRIDES.map((o, i) => [i, o.why] as const))('override %i is needed by the exchanges it cites: %s', (i) => {
    const without = loadFabricSpec(SPECS_DIR, { overrides: FABRIC_SPEC_OVERRIDES.filter((_, j) => j !== i) });
    const cited = [...FABRIC_SPEC_OVERRIDES[i].why.matchAll(/#(\d+)/g)].map((m) => exchange(Number(m[1])));
    // With every override the cited exchanges validate; without this one at least one does not.
    for (const ex of cited) expect({ index: ex.index, errors: errorsOf(withAll, ex) }).toEqual({ index: ex.index, errors: [] });
    expect(cited.some((ex) => errorsOf(without, ex).length > 0)).toBe(true);
  });
});
