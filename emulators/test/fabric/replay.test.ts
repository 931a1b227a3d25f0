// Fidelity: the recorded fabric-cicd trace, replayed against the Fabric emulator, gets the
// recorded status codes, headers (Location, x-ms-operation-id, Retry-After) and body shapes.
//
// The in-scope subset is listed by operation in support/fabric-replay.ts (REPLAY_IN_SCOPE): every kind
// of call the trace makes. Every exchange of it with a recorded response is compared and must
// match. Calls whose response the recorder lost are still sent (they change state) but not
// compared; the one hand-written entry (#7687) is skipped. See support/fabric-trace.ts for how the
// recorder's duplicates and crossed responses are undone. The whole trace replays in about a
// second, so `npm test` runs all of it (no sampling).

import { expect, it } from 'vitest';
import { describeWithSpecs } from '../support/specs.ts';
import { REPLAY_IN_SCOPE, replayTrace } from '../support/fabric-replay.ts';
import { loadTrace } from '../support/fabric-trace.ts';

describeWithSpecs('fabric-cicd trace replay', () => {
  it('matches every recorded exchange of the in-scope subset', async () => {
    const trace = loadTrace();
    const report = await replayTrace(trace);
    const rows = Object.entries(report.perRoute).sort(([a], [b]) => a.localeCompare(b));
    const replayed = rows.reduce((n, [, s]) => n + s.replayed, 0);
    const matched = rows.reduce((n, [, s]) => n + s.matched, 0);
    const lines = [
      `trace: ${trace.totalEntries.toLocaleString('en')} entries, ${trace.distinctEntries} distinct, ${trace.exchanges.length} requests`,
      ...rows.map(([route, s]) => `  ${route.padEnd(26)} replayed ${String(s.replayed).padStart(3)} / matched ${String(s.matched).padStart(3)}`),
      ...Object.entries(report.notCompared).map(([why, n]) => `  sent, not compared: ${n} — ${why}`),
      `replayed ${replayed.toLocaleString('en')} / matched ${matched.toLocaleString('en')}`,
    ];
    console.log(lines.join('\n'));
    const failures = report.outcomes.filter((o) => o.problems.length > 0).map((o) => `#${o.index} ${o.route}: ${o.problems.join('; ')}`);
    expect(failures).toEqual([]);
    expect(matched).toBe(replayed);
    // Every definition the trace posts is accepted, including those whose answer the recorder lost.
    const creates = Object.entries(report.creates);
    console.log(`creates accepted: ${creates.map(([t, c]) => `${t} ${c.accepted}/${c.sent}`).join(', ')}`);
    console.log(`(the file's entries post ${trace.createEntriesByType.SemanticModel} SemanticModel and ${trace.createEntriesByType.Report} Report definitions: the recorder's duplicates of ${report.creates.SemanticModel.sent} and ${report.creates.Report.sent})`);
    expect(creates.filter(([, c]) => c.accepted !== c.sent)).toEqual([]);
    expect(Object.keys(report.creates).sort()).toEqual(Object.keys(trace.createEntriesByType).sort());
    // Exactly the in-scope routes were compared: each of them, and nothing else.
    expect(rows.map(([route]) => route).sort()).toEqual(Object.keys(REPLAY_IN_SCOPE).sort());
  });

  it('notices when the emulator strays from the recording (a model that finishes at once)', async () => {
    const report = await replayTrace(loadTrace(), { durations: { 'run.SemanticModel': 0, 'lakehouse.sqlEndpoint': 0 } });
    const failed = report.outcomes.filter((o) => o.problems.length > 0);
    // The three Running polls of the model's operation, and the lakehouse reads that saw InProgress.
    expect(failed.filter((o) => o.route === 'operations.get').length).toBe(3);
    expect(failed.filter((o) => o.route === 'lakehouses.get').length).toBeGreaterThan(0);
    expect(failed.every((o) => ['operations.get', 'lakehouses.get'].includes(o.route))).toBe(true);
  });
});
