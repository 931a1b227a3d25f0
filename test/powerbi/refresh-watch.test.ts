// Done when: many of our refreshes in flight on one dedicated capacity are followed by one admin
// refreshables call per poll instead of a history read each, with exactly the outcome the
// per-model path gives (Completed and recorded, or Failed with the service's error); a principal
// the admin API refuses, a refresh alone, or `fleetReads: per-tenant` polls each model's history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '@tenantops/emulators';
import { RemoteApiError } from '../../src/errors/index.ts';
import { upsertTenant } from '../../src/registry/index.ts';
import { runRefresh } from '../../src/powerbi/refresh.ts';
import { WATCH_THRESHOLD } from '../../src/powerbi/refresh-watch.ts';
import type { PowerBiServices } from '../../src/powerbi/index.ts';
import { startHarness, type Harness } from '../support/powerbi-sandbox.ts';

const REFRESH_MS = 45_000;
const FLEET = 12;
let h: Harness;
let capacityId: string;
const loaded: { workspaceId: string; model: Item }[] = [];
let broken: { workspaceId: string; model: Item };

const part = (path: string, text: string) => ({ path, payload: Buffer.from(text).toString('base64'), payloadType: 'InlineBase64' });
// A model whose one table is inline rows: its refresh reads nothing outside and completes.
const INLINE = [
  part('definition.pbism', '{"version":"4.0","settings":{}}'),
  part('definition/database.tmdl', 'database\n\tcompatibilityLevel: 1550\n'),
  part('definition/model.tmdl', 'model Model\n\tculture: en-GB\n\nref table rows\n'),
  part('definition/tables/rows.tmdl', 'table rows\n\n\tcolumn a\n\t\tdataType: string\n\t\tsourceColumn: a\n\n\tpartition rows = m\n\t\tmode: import\n\t\tsource = #table({"a"}, {{"x"}})\n'),
];

beforeAll(async () => {
  h = await startHarness({ latency: { profile: 'realistic', durations: { 'dataset.refresh': REFRESH_MS } } });
  const principal = h.world.resolveActor((await h.services().powerbi().principalObjectId()));
  capacityId = [...h.world.state.capacities.values()].find((c) => c.displayName === 'sandbox-a1')!.id;
  const seed = (name: string, parts: typeof INLINE) => {
    const ws = h.world.createWorkspace(principal, { displayName: `watch ${name}`, capacityId, assignmentMs: 0 });
    return { workspaceId: ws.id, model: h.world.createItem(principal, ws.id, { type: 'SemanticModel', displayName: 'Tenant Analytics', definition: { parts } }) };
  };
  for (let i = 0; i < FLEET; i++) loaded.push(seed(`m${i}`, INLINE));
  // The template model reads PostgreSQL and has no credentials: its refresh fails.
  broken = seed('broken', h.templateModel.definition!.parts);
  // The tenants the refreshes are recorded for.
  for (let i = 0; i <= FLEET; i++) await upsertTenant(h.registry, { code: code(i), name: code(i), subdomain: code(i), isolation: 'schema', cluster: 'shared-eu' });
}, 120_000);
afterAll(async () => h?.stop());

const code = (i: number) => `watch-${String(i).padStart(2, '0')}`;
const calls = () => {
  const routes = h.powerbi.requests().map((r) => r.route);
  return { history: routes.filter((r) => r === 'datasets.refreshes').length, watch: routes.filter((r) => r === 'admin.capacities.refreshables').length };
};

/** Refreshes the models at once, as a wave does, each followed as the refresh resource follows it. */
async function refreshAll(models: { workspaceId: string; model: Item }[], fleetReads: 'auto' | 'per-tenant') {
  h.inputs.platform.powerbi.fleetReads = fleetReads;
  await h.registry.query('DELETE FROM refresh_runs');
  h.clearLogs();
  // Sleeps on the virtual clock alone (not settling the emulator's refreshes, as the harness's
  // do): these models read nothing outside, and the refreshes must overlap as a wave's do.
  // The virtual time a real second of I/O lets pass varies with the machine: no timeout here.
  const pbi: PowerBiServices = h.services({ sleep: (ms) => h.clock.sleep(ms), operationTimeoutMs: 24 * 3600_000 }).powerbi();
  // The virtual clock jumps to the next timer whenever the process waits on real I/O (the
  // registry, sockets); a 10 ms tick keeps those jumps short, so refreshes started together stay
  // in flight together, as a wave's are, instead of the first one ending before the others start.
  let ticking = true;
  const metronome = (async () => {
    while (ticking) await h.clock.sleep(10);
  })();
  const outcomes = await Promise.all(models.map(({ workspaceId, model }, i) =>
    runRefresh(pbi.principal({ tenant: code(i), step: 'powerbi/refresh' }), workspaceId, model.id, { enhanced: true, tenant: code(i), pbi, registry: h.registry, watch: { services: pbi, capacityId } })
      .then((r) => ({ status: r.status, requestId: r.requestId }), (e: Error) => ({ status: 'Failed', error: e }))));
  ticking = false;
  await metronome;
  const recorded = (await h.registry.query<{ state: string }>('SELECT state FROM refresh_runs ORDER BY tenant')).rows.map((r) => r.state);
  return { outcomes, recorded, calls: calls() };
}

describe('a wave of refreshes on one capacity', () => {
  it(`${FLEET} at once are followed by one refreshables call per poll, with the per-model outcome`, async () => {
    expect(FLEET).toBeGreaterThanOrEqual(WATCH_THRESHOLD);
    const perModel = await refreshAll(loaded, 'per-tenant');
    const watched = await refreshAll(loaded, 'auto');

    expect(watched.outcomes.map((o) => o.status)).toEqual(perModel.outcomes.map((o) => o.status));
    expect(watched.outcomes.every((o) => o.status === 'Completed')).toBe(true);
    expect(watched.recorded).toEqual(perModel.recorded);
    expect(watched.recorded).toHaveLength(FLEET);
    // Per model: at least one history read each (how many depends on when the virtual clock moved
    // on). Watched: a few capacity-wide calls, paced ≥ 18 s apart, for all of them, and history
    // reads only by the first ones, polled before the threshold was reached.
    expect(perModel.calls.watch).toBe(0);
    expect(perModel.calls.history).toBeGreaterThanOrEqual(FLEET);
    expect(watched.calls.watch).toBeGreaterThanOrEqual(1);
    expect(watched.calls.history).toBeLessThan(2 * WATCH_THRESHOLD);
    expect(2 * (watched.calls.watch + watched.calls.history)).toBeLessThanOrEqual(perModel.calls.history);
    console.log(`calls following ${FLEET} refreshes: per model ${perModel.calls.history} history reads; watched ${watched.calls.watch} refreshables + ${watched.calls.history} history reads`);
  });

  it('a failed refresh among them fails exactly as it does on its own', async () => {
    const alone = await refreshAll([broken], 'per-tenant');
    const wave = await refreshAll([...loaded.slice(0, FLEET - 1), broken], 'auto');
    const failure = (o: { error?: Error; requestId?: string }) => {
      const err = o.error as RemoteApiError;
      return { code: err.details.code, call: err.details.call, message: err.message.replaceAll(err.details.requestId!, '<id>').replace(err.details.tenant!, '<tenant>') };
    };
    const own = alone.outcomes[0];
    const seen = wave.outcomes.at(-1)!;
    expect(own.status).toBe('Failed');
    expect(failure(seen)).toEqual(failure(own));
    expect(failure(own).code).toBe('ModelRefreshFailed_CredentialsNotSpecified');
    expect(wave.outcomes.slice(0, -1).every((o) => o.status === 'Completed')).toBe(true);
    expect(wave.recorded.filter((s) => s === 'Failed')).toHaveLength(1);
    // The failure's own entry is read from its history; the others' only while fewer than the
    // threshold were in flight (a poll or two each for the first ones).
    expect(wave.calls.watch).toBeGreaterThanOrEqual(1);
    expect(wave.calls.history).toBeGreaterThanOrEqual(1);
    expect(wave.calls.history).toBeLessThan(2 * WATCH_THRESHOLD);
  });

  it('a principal the admin API refuses polls each history, saying so once', async () => {
    h.powerbi.addFaults([{ route: 'admin.capacities.refreshables', status: 403, code: 'PowerBINotAuthorizedException', message: 'read-only admin APIs are off for service principals' }]);
    try {
      const warned = () => h.log.lines.filter((l) => l.includes('admin refreshables API refused')).length;
      const before = warned();
      const refused = await refreshAll(loaded, 'auto');
      expect(refused.outcomes.every((o) => o.status === 'Completed')).toBe(true);
      expect(refused.recorded).toHaveLength(FLEET);
      expect(refused.calls.watch).toBe(1);
      expect(refused.calls.history).toBeGreaterThanOrEqual(FLEET);
      expect(warned() - before).toBe(1);
    } finally {
      h.powerbi.clearFaults();
    }
  });

  it('one refresh alone polls its own history', async () => {
    const alone = await refreshAll(loaded.slice(0, 1), 'auto');
    expect(alone.outcomes[0].status).toBe('Completed');
    expect(alone.calls.watch).toBe(0);
    expect(alone.calls.history).toBeGreaterThanOrEqual(1);
  });
});
