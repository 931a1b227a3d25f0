// The committed `realistic` table (emulators/src/fabric/latency.ts) is what the trace says: every
// number marked "trace" is re-derived here from the recorded timestamps and Retry-After values.
// A number that drifts from its source, or a traced create whose 201/202 mode disagrees with the
// emulator's, fails this test.

import { expect, it } from 'vitest';
import { CHOSEN_DURATIONS, FABRIC_LATENCY, createsSynchronously } from '../../src/fabric/index.ts';
import { describeWithSpecs } from '../support/specs.ts';
import { deriveLatency } from '../support/fabric-latency.ts';

describeWithSpecs('realistic latency table', () => {
  const derived = deriveLatency();
  const durations = FABRIC_LATENCY.durations ?? {};

  it('has the traced route latencies', () => {
    const committed = FABRIC_LATENCY.routes ?? {};
    for (const [route, ms] of Object.entries(derived.routes)) expect({ route, ms: committed[route] }).toEqual({ route, ms });
  });

  it('has the traced create latencies and operation run times, per item type', () => {
    for (const [type, ms] of Object.entries(derived.createSync)) expect({ key: `create.${type}`, ms: durations[`create.${type}`] }).toEqual({ key: `create.${type}`, ms });
    for (const [type, ms] of Object.entries(derived.createAsync)) expect({ key: `accept.${type}`, ms: durations[`accept.${type}`] }).toEqual({ key: `accept.${type}`, ms });
    for (const [type, ms] of Object.entries(derived.run)) expect({ key: `run.${type}`, ms: durations[`run.${type}`] }).toEqual({ key: `run.${type}`, ms });
    expect(durations['run.environmentPublish']).toBe(derived.environmentPublishMs);
  });

  it('has the traced Retry-After values and SQL endpoint provisioning window', () => {
    expect(derived.retryAfter.create).toEqual([durations['lro.retryAfter'] / 1000]);
    expect(derived.retryAfter.operationRunning).toEqual([durations['lro.retryAfter'] / 1000]);
    expect(derived.retryAfter.environmentPublish).toEqual([durations['lro.retryAfter.environmentPublish'] / 1000]);
    const sql = durations['lakehouse.sqlEndpoint'];
    expect(sql).toBeGreaterThan(derived.sqlEndpoint.lastInProgressMs);
    expect(sql).toBeLessThan(derived.sqlEndpoint.firstSuccessMs);
  });

  it('answers each traced type the way the trace does (201 or 202)', () => {
    for (const [type, status] of Object.entries(derived.creation)) expect({ type, sync: createsSynchronously(type) }).toEqual({ type, sync: status === 201 });
  });

  it('marks every duration it did not derive as chosen', () => {
    const traced = new Set([
      ...Object.keys(derived.createSync).map((t) => `create.${t}`), ...Object.keys(derived.createAsync).map((t) => `accept.${t}`),
      ...Object.keys(derived.run).map((t) => `run.${t}`), 'run.environmentPublish', 'lro.retryAfter', 'lro.retryAfter.environmentPublish', 'lakehouse.sqlEndpoint',
    ]);
    const unexplained = Object.keys(durations).filter((k) => !traced.has(k) && !CHOSEN_DURATIONS.includes(k));
    expect(unexplained).toEqual([]);
  });
});
