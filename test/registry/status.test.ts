// A tenant's status moves only along the table in src/registry/status.ts: every allowed move is
// written with its audit row (actor, run, plan hash), every other one is refused and changes
// nothing, and staying put writes nothing at all.
import { describe, expect, it } from 'vitest';
import {
  getTenant,
  listAudit,
  STATUS_TRANSITIONS,
  StatusTransitionError,
  TENANT_STATUSES,
  transitionTenant,
  upsertTenant,
} from '../../src/registry/index.ts';
import type { TenantStatus } from '../../src/registry/index.ts';
import { useTestRegistry } from '../support/registry.ts';

const reg = useTestRegistry();
let n = 0;

/** A fresh tenant standing at `status` (set directly: the test is about the move after it). */
async function tenantAt(status: TenantStatus): Promise<string> {
  const code = `st-${status.slice(0, 6)}-${++n}`;
  await upsertTenant(reg.pool, { code, name: code, subdomain: code, isolation: 'schema', cluster: 'main', status });
  return code;
}

const opts = { actor: 'github:qa-lead', run: '4242', planHash: 'a'.repeat(64) };

describe('the status table', () => {
  it('is the one the lifecycle describes', () => {
    expect(STATUS_TRANSITIONS).toEqual({
      pending: ['provisioned', 'failed', 'decommissioned'],
      provisioned: ['live', 'failed', 'decommissioned'],
      failed: ['provisioned', 'decommissioned'],
      live: ['suspended', 'decommissioned'],
      suspended: ['live', 'decommissioned'],
      decommissioned: [],
    });
  });

  const pairs = TENANT_STATUSES.flatMap((from) => TENANT_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const));
  const allowed = pairs.filter(([from, to]) => STATUS_TRANSITIONS[from].includes(to));
  const refused = pairs.filter(([from, to]) => !STATUS_TRANSITIONS[from].includes(to));

  it.each(allowed)('moves %s → %s, audited with actor, run and plan hash', async (from, to) => {
    const code = await tenantAt(from);
    const result = await transitionTenant(reg.pool, code, to, { ...opts, approvedBy: to === 'live' ? 'qa-lead' : undefined });
    expect(result).toEqual({ from, to, changed: true });
    const tenant = (await getTenant(reg.pool, code))!;
    expect(tenant.status).toBe(to);
    if (to === 'provisioned') expect(tenant.provisionedAt).toBeInstanceOf(Date);
    if (to === 'live') expect(tenant).toMatchObject({ liveAt: expect.any(Date), approvedBy: 'qa-lead' });
    const audit = await listAudit(reg.pool, code);
    expect(audit).toMatchObject([{ actor: 'github:qa-lead', githubRun: '4242', action: 'tenant.status', target: code, before: { status: from }, after: { status: to, planHash: opts.planHash } }]);
  });

  it.each(refused)('refuses %s → %s and changes nothing', async (from, to) => {
    const code = await tenantAt(from);
    const before = await getTenant(reg.pool, code);
    const err = await transitionTenant(reg.pool, code, to, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatusTransitionError);
    expect((err as Error).message).toBe(`tenant ${code} cannot go from ${from} to ${to}; from ${from} it may go to ${STATUS_TRANSITIONS[from].join(', ') || 'nothing (final)'}`);
    expect(await getTenant(reg.pool, code)).toEqual(before);
    expect(await listAudit(reg.pool, code)).toEqual([]);
  });

  it('writes nothing when the tenant already has the status', async () => {
    const code = await tenantAt('provisioned');
    const before = await getTenant(reg.pool, code);
    expect(await transitionTenant(reg.pool, code, 'provisioned', opts)).toEqual({ from: 'provisioned', to: 'provisioned', changed: false });
    expect(await getTenant(reg.pool, code)).toEqual(before);
    expect(await listAudit(reg.pool, code)).toEqual([]);
  });

  it('keeps the first go-live time when a suspended tenant is resumed', async () => {
    const code = await tenantAt('provisioned');
    await transitionTenant(reg.pool, code, 'live', { ...opts, approvedBy: 'qa-lead' });
    const first = (await getTenant(reg.pool, code))!.liveAt;
    await transitionTenant(reg.pool, code, 'suspended', opts);
    await transitionTenant(reg.pool, code, 'live', { actor: 'cli:ops' });
    expect(await getTenant(reg.pool, code)).toMatchObject({ status: 'live', liveAt: first, approvedBy: 'qa-lead' });
  });

  it('lets only one of two concurrent moves from the same status through', async () => {
    const code = await tenantAt('provisioned');
    const results = await Promise.allSettled([transitionTenant(reg.pool, code, 'live', opts), transitionTenant(reg.pool, code, 'failed', opts)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(StatusTransitionError)]);
    expect(await listAudit(reg.pool, code)).toHaveLength(1);
  });

  it('names a tenant the registry does not know', async () => {
    await expect(transitionTenant(reg.pool, 'no-such-tenant', 'live', opts)).rejects.toThrow('tenant no-such-tenant is not in the registry; it has never been applied');
  });
});
