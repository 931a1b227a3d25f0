// Done when: an apply that had its tenant's lock at once reuses its plan's reads only when the
// registry proves nobody else can have changed the tenant since the plan read it. Any other run
// of the tenant that finished after this one started (it held the lock meanwhile), is still
// running, or audited a change of the tenant since then makes the apply read again.
import { describe, expect, it } from 'vitest';
import { appendAudit, finishDeployment, startDeployment, tenantTouchedSince } from '../../src/registry/index.ts';
import { useTestRegistry } from '../support/registry.ts';

const TENANTS = ['quiet', 'overlap', 'running', 'mailed', 'neighbour', 'earlier'];
const reg = useTestRegistry(TENANTS);

const start = (tenant: string) => startDeployment(reg.pool, { tenant, planHash: 'f'.repeat(64), actor: 'bench' });

describe('tenantTouchedSince', () => {
  it('is false for a tenant nobody else touched since this deployment started', async () => {
    const mine = await start('quiet');
    expect(await tenantTouchedSince(reg.pool, 'quiet', mine)).toBe(false);
  });

  it('is false when the other run finished before this one started', async () => {
    const other = await start('earlier');
    await finishDeployment(reg.pool, other, 'succeeded');
    const mine = await start('earlier');
    expect(await tenantTouchedSince(reg.pool, 'earlier', mine)).toBe(false);
  });

  it('is true when another run of the tenant started before this one and finished after it started: it held the lock meanwhile', async () => {
    const other = await start('overlap');
    const mine = await start('overlap');
    await finishDeployment(reg.pool, other, 'succeeded');
    expect(await tenantTouchedSince(reg.pool, 'overlap', mine)).toBe(true);
  });

  it('is true while another run of the tenant is still running (applying, waiting, or dead mid-way)', async () => {
    await start('running');
    const mine = await start('running');
    expect(await tenantTouchedSince(reg.pool, 'running', mine)).toBe(true);
  });

  it('is true when a change of the tenant was audited since this run started (mail under the lock has no deployment)', async () => {
    const mine = await start('mailed');
    await appendAudit(reg.pool, { actor: 'mail', tenant: 'mailed', action: 'mail.pending', target: 'outbox', after: { sent: 1 } });
    expect(await tenantTouchedSince(reg.pool, 'mailed', mine)).toBe(true);
  });

  it("ignores other tenants' runs, and counts an unknown deployment as touched", async () => {
    const mine = await start('neighbour');
    const elsewhere = await start('quiet');
    await finishDeployment(reg.pool, elsewhere, 'succeeded');
    expect(await tenantTouchedSince(reg.pool, 'neighbour', mine)).toBe(false);
    expect(await tenantTouchedSince(reg.pool, 'neighbour', '00000000-0000-4000-8000-000000000000')).toBe(true);
  });
});
