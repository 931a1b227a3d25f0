// A capacity's refreshables (admin API): a model is one once it refreshed or has an enabled
// schedule, and only while its workspace is on that capacity; its last refresh carries the request
// id the refresh was started under; `$top` is required, `$skip` pages, `$filter` and `$expand` work
// as documented; the principal only; 200 calls an hour when limits are on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../../src/http/index.ts';
import { powerBiRateLimits } from '../../src/powerbi/index.ts';
import { seedTenant, startSandbox, type Sandbox } from '../support/powerbi-sandbox.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ virtualClock: true, latency: { profile: 'instant' } });
});
afterAll(async () => {
  await sb?.stop();
});

const refreshables = async (capacityId: string, query = '$top=100') => sb.pbi('GET', `/v1.0/myorg/admin/capacities/${capacityId}/refreshables?${query}`);
const ids = (reply: { json: { value: { id: string }[] } }) => reply.json.value.map((r) => r.id);

describe('admin capacity refreshables', () => {
  it('lists the models on the capacity that refreshed or are scheduled, with their last refresh', async () => {
    const capacity = sb.world.addCapacity({ displayName: 'F8' });
    const [refreshed, scheduled, idle, elsewhere] = ['refreshed', 'scheduled', 'idle', 'elsewhere'].map((n) => seedTenant(sb, `rf-${n}`));
    for (const t of [refreshed, scheduled, idle]) sb.world.assignToCapacity(sb.actor(t.profileId), t.workspace.id, capacity.id, 0);
    expect(ids(await refreshables(capacity.id))).toEqual([]);

    // Started in the world, not through the route: it stays running until the test ends it.
    const requestId = '3f05bd6f-0000-4000-8000-00000000000a';
    sb.world.startRefresh(sb.actor(refreshed.profileId), refreshed.model.id, { requestId, refreshType: 'ViaEnhancedApi' });
    await sb.pbi('PATCH', `/v1.0/myorg/groups/${scheduled.workspace.id}/datasets/${scheduled.model.id}/refreshSchedule`, { body: { value: { enabled: true, days: ['Monday'], times: ['05:00'] } } });
    // A model elsewhere refreshing is not on this capacity.
    await sb.pbi('POST', `/v1.0/myorg/groups/${elsewhere.workspace.id}/datasets/${elsewhere.model.id}/refreshes`, { profileId: elsewhere.profileId });

    const running = await refreshables(capacity.id);
    expect(running.status).toBe(200);
    expect(ids(running)).toEqual([refreshed.model.id, scheduled.model.id]);
    const [row, plan] = running.json.value;
    expect(row).toMatchObject({ name: 'Tenant Analytics', kind: 'Dataset', refreshCount: 1, refreshFailures: 0, lastRefresh: { requestId, status: 'Unknown', refreshType: 'ViaEnhancedApi' } });
    expect(row.lastRefresh.endTime).toBeUndefined();
    expect(plan.lastRefresh).toBeUndefined();
    expect(plan.refreshSchedule).toMatchObject({ enabled: true, days: ['Monday'], times: ['05:00'] });

    sb.world.completeRefresh(refreshed.model.id, requestId, { ok: false, errorCode: 'ModelRefreshFailed_CredentialsNotSpecified', errorDescription: 'The credentials are missing.' });
    const [done] = (await refreshables(capacity.id)).json.value;
    const [history] = (await sb.pbi('GET', `/v1.0/myorg/groups/${refreshed.workspace.id}/datasets/${refreshed.model.id}/refreshes?$top=1`, { profileId: refreshed.profileId })).json.value;
    // The last refresh is the history's newest entry, the service's error included.
    expect(done.lastRefresh).toEqual({ refreshType: history.refreshType, startTime: history.startTime, endTime: history.endTime, status: 'Failed', requestId, serviceExceptionJson: history.serviceExceptionJson });
    expect(done).toMatchObject({ refreshCount: 1, refreshFailures: 1 });
  });

  it('pages with $top and $skip, filters, expands capacity and group', async () => {
    const capacity = sb.world.addCapacity({ displayName: 'F16' });
    const tenants = Array.from({ length: 5 }, (_, i) => seedTenant(sb, `page-${i}`));
    for (const t of tenants) {
      sb.world.assignToCapacity(sb.actor(t.profileId), t.workspace.id, capacity.id, 0);
      sb.world.startRefresh(sb.actor(t.profileId), t.model.id, { requestId: crypto.randomUUID(), refreshType: 'ViaApi' });
    }
    const all = tenants.map((t) => t.model.id);
    expect(ids(await refreshables(capacity.id, '$top=2'))).toEqual(all.slice(0, 2));
    expect(ids(await refreshables(capacity.id, '$top=2&$skip=2'))).toEqual(all.slice(2, 4));
    expect(ids(await refreshables(capacity.id, '$top=2&$skip=4'))).toEqual(all.slice(4));
    expect(ids(await refreshables(capacity.id, `$top=10&$filter=${encodeURIComponent(`id eq '${all[3]}' or lastRefresh/status eq 'Completed'`)}`))).toEqual([all[3]]);
    expect(ids(await refreshables(capacity.id, `$top=10&$filter=${encodeURIComponent('refreshCount gt 1')}`))).toEqual([]);
    const [expanded] = (await refreshables(capacity.id, '$top=1&$expand=capacity,group')).json.value;
    expect(expanded.capacity).toMatchObject({ id: capacity.id.toUpperCase(), displayName: 'F16', sku: capacity.sku });
    expect(expanded.group).toEqual({ id: tenants[0].workspace.id, name: tenants[0].workspace.displayName });
  });

  it('needs $top, a known capacity and the principal itself', async () => {
    const capacity = sb.world.addCapacity({ displayName: 'F32' });
    const t = seedTenant(sb, 'refused-refreshables');
    expect((await refreshables(capacity.id, '')).status).toBe(400);
    expect((await refreshables(capacity.id, '$top=0')).status).toBe(400);
    expect((await refreshables(capacity.id, '$top=1&$expand=owners')).status).toBe(400);
    expect((await refreshables('00000000-0000-4000-8000-00000000dead')).status).toBe(404);
    expect((await sb.pbi('GET', `/v1.0/myorg/admin/capacities/${capacity.id}/refreshables?$top=1`, { profileId: t.profileId })).status).toBe(401);
  });

  it('allows 200 calls an hour when limits are on, its own budget beside the others', async () => {
    const capacity = sb.world.addCapacity({ displayName: 'F64' });
    sb.powerbi.setRateLimits(powerBiRateLimits({ perMinute: 100_000 }));
    try {
      for (let i = 0; i < 200; i++) expect((await refreshables(capacity.id, '$top=1')).status).toBe(200);
      const throttled = await refreshables(capacity.id, '$top=1');
      expect(throttled.status).toBe(429);
      // One call's worth of the hour comes back after 18 s.
      expect(Number(throttled.headers['retry-after'])).toBe(18);
      expect((await sb.pbi('GET', '/v1.0/myorg/groups')).status).toBe(200);
      (sb.clock as VirtualClock).advance(18_000);
      expect((await refreshables(capacity.id, '$top=1')).status).toBe(200);
    } finally {
      sb.powerbi.setRateLimits({});
    }
  });
});
