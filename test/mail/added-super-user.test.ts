// A super user added to a live tenant's file gets their welcome on the next apply, through the
// sandbox's SMTP server and the outbox: exactly one mail, to them only; the apply after sends
// nothing. A tenant not live yet gets nothing from an apply: its mails go at go-live.
import { afterEach, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/index.ts';
import type { ApplyResult } from '../../src/plan/index.ts';
import { listInvitations, transitionTenant } from '../../src/registry/index.ts';
import { applyTenants, deliverGoLiveMail, deliverMailAfterApply, type Inputs } from '../../src/run/index.ts';
import { useTestRegistry } from '../support/registry.ts';
import { mailConfigFor, mailRun, startMailbox } from '../support/mail.ts';

const registry = useTestRegistry();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TENANT = 'beta-corp';
const OTHER = 'acme-training';
const ADDED = { email: 'noor.khan@beta-corp.example', firstName: 'Noor', lastName: 'Khan' };

/** The inputs with the tenant's file changed, the way a merged pull request changes it. */
function withFile(inputs: Inputs, change: (config: TenantConfig) => TenantConfig): Inputs {
  return { ...inputs, tenants: inputs.tenants.map((t) => (t.config.code === TENANT ? { ...t, config: change(t.config) } : t)) };
}

describe('a super user added to a live tenant', () => {
  it('gets exactly one welcome on the next apply, nobody else gets anything, and the apply after sends nothing', async () => {
    const mailbox = await startMailbox();
    cleanups.push(() => mailbox.remove());
    const run = await mailRun(registry.url, mailbox.smtp, mailConfigFor(mailbox.smtp));
    cleanups.push(() => run.services.close());
    const apply = (inputs: Inputs) => applyTenants(inputs, run.services, { tenant: TENANT, only: ['registry'], actor: 'test' });

    // Not live yet: the apply writes its super users and mails nobody.
    await apply(run.inputs);
    expect(await mailbox.read()).toEqual([]);
    expect(await listInvitations(registry.pool, TENANT)).toEqual([]);

    // Live, and its super users had their go-live mail.
    const move = { actor: 'test', reason: 'test' };
    await transitionTenant(registry.pool, TENANT, 'provisioned', move);
    await transitionTenant(registry.pool, TENANT, 'live', { ...move, approvedBy: 'qa' });
    await deliverGoLiveMail(run.inputs, run.services, TENANT, { actor: 'test' });
    const before = (await mailbox.read()).length;
    const existing = (await listInvitations(registry.pool, TENANT)).map((i) => i.email);
    expect(existing.length).toBeGreaterThan(0);

    const changed = withFile(run.inputs, (c) => ({ ...c, superUsers: [...c.superUsers, ADDED] }));
    const result = await apply(changed);
    expect(result.tenants[0].applied).toContain('registry/super-users');
    const mails = (await mailbox.read()).slice(before);
    expect(mails.map((m) => m.to)).toEqual([ADDED.email]);
    expect(mails[0].subject).toMatch(/welcome/i);
    expect(mails[0].text).toContain(`/invite/`);
    const invitations = await listInvitations(registry.pool, TENANT);
    expect(invitations.map((i) => i.email).sort()).toEqual([...existing, ADDED.email].sort());

    // The next apply (nothing changed) sends nothing and issues no invitation.
    await apply(changed);
    expect(await mailbox.read()).toHaveLength(before + 1);
    expect(await listInvitations(registry.pool, TENANT)).toHaveLength(invitations.length);
  }, 60_000);

  it('only an apply with the registry in its scope mails', async () => {
    const mailbox = await startMailbox();
    cleanups.push(() => mailbox.remove());
    const run = await mailRun(registry.url, mailbox.smtp, mailConfigFor(mailbox.smtp));
    cleanups.push(() => run.services.close());
    await applyTenants(run.inputs, run.services, { tenant: OTHER, only: ['registry'], actor: 'test' });
    await transitionTenant(registry.pool, OTHER, 'provisioned', { actor: 'test' });
    await transitionTenant(registry.pool, OTHER, 'live', { actor: 'test', approvedBy: 'qa' });
    // A clean apply of the tenant, as applyTenants hands it over.
    const clean: ApplyResult = { hash: 'h', durationMs: 0, tenants: [{ tenant: OTHER, applied: [], failed: [], skipped: [], verified: [], durationMs: 0 }] };
    // The db, powerbi or dns slice never mails (nor needs the SMTP secret).
    expect(await deliverMailAfterApply(run.inputs, run.services, clean, { only: ['dns'] }, { actor: 'test' })).toEqual([]);
    expect(await mailbox.read()).toEqual([]);
    // With the registry in scope, the same live tenant's super users get their welcome.
    const [delivered] = await deliverMailAfterApply(run.inputs, run.services, clean, { only: ['registry'] }, { actor: 'test' });
    const mails = await mailbox.read();
    expect(mails.length).toBeGreaterThan(0);
    expect(delivered).toMatchObject({ tenant: OTHER, queued: { welcome: mails.length, goLive: 0 }, sent: mails.length });
  }, 60_000);
});
