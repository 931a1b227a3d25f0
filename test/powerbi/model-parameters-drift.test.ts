// Drift in a model's parameters (someone edits Host in the service's UI, or a script calls
// UpdateParameters): the plan reads the parameters the service holds, not the ones the registry
// last recorded, shows exactly that model as an update, the apply writes the tenant's values
// again, and the next plan is empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOnline } from '../../src/run/index.ts';
import { startHarness, tenantObjects, type Harness } from '../support/powerbi-sandbox.ts';

let h: Harness;
const CODE = 'acme-training';

beforeAll(async () => {
  h = await startHarness();
  await h.provisionData(CODE);
  await h.apply(CODE);
});
afterAll(async () => {
  await h?.stop();
});

const plan = async () => (await planOnline(h.inputs, h.services(), { tenant: CODE, only: ['powerbi'] })).tenants[0].changes;

describe('a model parameter changed in the service', () => {
  it('is planned as an update of the model alone, applied, and the next plan is empty', async () => {
    expect(await plan()).toEqual([]);
    const model = tenantObjects(h, CODE).models[0];
    const tenantValues = { ...model.semanticModel!.parameterValues };
    h.world.updateParameters(model.semanticModel!.owner, model.id, [{ name: 'Host', newValue: 'elsewhere.example.net' }]);

    const changes = await plan();
    expect(changes.map((c) => `${c.action} ${c.kind}`)).toEqual(['update powerbi.model']);
    expect(JSON.stringify(changes[0])).toContain('elsewhere.example.net');

    await h.apply(CODE);
    expect(tenantObjects(h, CODE).models[0].semanticModel!.parameterValues).toEqual(tenantValues);
    expect(await plan()).toEqual([]);
  });
});
