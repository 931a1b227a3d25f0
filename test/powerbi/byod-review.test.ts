// A BYOD tenant's Power BI plan is reviewed on the pull request before provision-db has run, when
// only the name of the secret holding its server is known (`secret:<name>`); its provisioning run
// applies it after provision-db recorded the real server. The hash the reviewer saw must be the
// one the apply computes, and the model must still be bound to the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTenants, planOnline } from '../../src/run/index.ts';
import { startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';

const BYOD = 'gamma-skills';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

async function planPowerBi() {
  const services = h.services();
  try {
    return await planOnline(h.inputs, services, { tenant: BYOD, only: ['powerbi'] });
  } finally {
    await services.close();
  }
}

describe('a BYOD tenant reviewed before provision-db', () => {
  it('has the same Power BI plan hash at review and at apply, and its model is bound to the real server', async () => {
    expect(h.inputs.tenants.find((t) => t.config.code === BYOD)?.config.database.isolation).toBe('byod');
    const reviewed = await planPowerBi();
    const model = reviewed.tenants[0].changes.find((c) => c.key === 'powerbi/model');
    expect(JSON.stringify(model)).toContain('secret:');

    await h.provisionData(BYOD); // what provision-db leaves: the registry records the real server
    const atApply = await planPowerBi();
    expect(atApply.hash).toBe(reviewed.hash);

    const services = h.services();
    const result = await applyTenants(h.inputs, services, { tenant: BYOD, only: ['powerbi'], actor: 'test', planHash: reviewed.hash });
    expect(result.tenants[0].failed).toEqual([]);
    const [bound] = tenantObjects(h, BYOD).models;
    expect(bound.semanticModel!.parameterValues.Host).not.toMatch(/^secret:/);
    expect(bound.semanticModel!.parameterValues.Database).toMatch(/^pbishared_/);

    // Applied, it plans nothing more: the recorded server is the one the secret's record names.
    expect((await planPowerBi()).tenants[0].changes).toEqual([]);
  }, 120_000);
});
