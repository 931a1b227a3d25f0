// A tenant's reviewed db plan is the one its apply computes, whatever other tenants did in between:
// two tenants onboarded by one pull request are reviewed together and applied one after the other
// (each in its own provisioning run), and the second one's apply must still match its review.
// What they share — PUBLIC's privileges in the cluster's shared database and the large-object
// functions there — is closed by whichever goes first.
import { describe, expect, it } from 'vitest';
import { planOnline } from '../../src/run/index.ts';
import { useDbWorldWithMigrations } from '../support/db-world.ts';

const db = useDbWorldWithMigrations();

describe('two new tenants on one shared database', () => {
  it("the second one's db plan hash is the same before and after the first one's apply", async () => {
    const { world } = db;
    const tenants = [world.tenant('k', { isolation: 'schema', cluster: 'main' }), world.tenant('l', { isolation: 'schema', cluster: 'main' })];
    const [first, second] = tenants.map((t) => t.code);
    const planOf = async (code: string) => {
      const services = world.services();
      try {
        return await planOnline(world.inputs(tenants), services, { tenant: code, only: ['db'] });
      } finally {
        await services.close();
      }
    };
    const reviewed = await planOf(second);
    const applied = await world.apply(tenants, { tenant: first });
    expect(applied.tenants.flatMap((t) => t.failed)).toEqual([]);
    const atApply = await planOf(second);
    expect(atApply.tenants[0].changes.map((c) => `${c.action} ${c.key}`)).toEqual(reviewed.tenants[0].changes.map((c) => `${c.action} ${c.key}`));
    expect(atApply.hash).toBe(reviewed.hash);
    // And it applies with the reviewed hash.
    const second_ = await world.apply(tenants, { tenant: second, planHash: reviewed.hash });
    expect(second_.tenants.flatMap((t) => t.failed)).toEqual([]);
  });
});
