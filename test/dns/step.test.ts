// The dns action's library call end to end: the repository's own platform.yaml (GoDaddy, zone
// tenants.example.com) and tenant files, the GoDaddy emulator standing in for api.godaddy.com,
// a real registry database, plan then apply then a no-op re-run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDnsStep } from '../../src/run/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { createVirtualClock, type GodaddyEmulator, startGodaddy } from '@tenantops/emulators';
import { testTls } from '@tenantops/emulators/testing';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';
import { repoRoot } from '../support/repo.ts';


describe('actions/dns: runDnsStep', () => {
  let gd: GodaddyEmulator;
  let registry: TestDatabase;
  const clock = createVirtualClock();
  const step = (mode: 'plan' | 'apply', log = createMemoryLogger()) =>
    runDnsStep({
      root: repoRoot,
      tenant: 'acme-training',
      mode,
      actor: 'test',
      log,
      env: { TENANTOPS_GODADDY_API_KEY: 'synthetic-gd-key', TENANTOPS_GODADDY_API_SECRET: 'synthetic-gd-secret', TENANTOPS_REGISTRY_URL: registry.url },
      dns: { apiUrl: gd.url, ca: testTls().caPem, now: clock.now, sleep: clock.sleep },
    });

  beforeAll(async () => {
    registry = await createTestDatabase('dnsstep');
    gd = await startGodaddy({ tls: testTls(), clock, credentials: [{ key: 'synthetic-gd-key', secret: 'synthetic-gd-secret' }], domains: { 'example.com': {} } });
  });
  afterAll(async () => {
    await gd?.stop();
    await registry?.drop();
  });

  it('plans without writing, applies with a summary of the records before and after, then has nothing to do', async () => {
    const plan = await step('plan');
    expect(plan).toMatchObject({ changes: 2, applied: 0, fqdn: 'acme-training.tenants.example.com' });
    expect(plan.markdown).toContain('| `acme-training.tenants.example.com` | CNAME | _absent_ |');
    expect(gd.requests().filter((r) => r.method !== 'GET')).toEqual([]);

    const log = createMemoryLogger();
    const applied = await step('apply', log);
    expect(applied).toMatchObject({ planHash: plan.planHash, changes: 2, applied: 2 });
    expect(applied.markdown).toContain('| `acme-training.tenants.example.com` | CNAME | _absent_ | `CNAME 600 app.example.com` |');
    expect(applied.markdown).toContain('| `_tenantops.acme-training.tenants.example.com` | TXT | _absent_ | `TXT 600 heritage=tenantops,platform=tenantops-sandbox,tenant=acme-training` |');
    expect(applied.markdown).toContain('(no authoritative server configured to query; checked through the API)');
    expect(log.lines.join('\n')).not.toContain('synthetic-gd-secret');

    const again = await step('apply');
    expect(again).toMatchObject({ changes: 0, applied: 0 });
    expect(again.markdown).toContain('no changes');
  });
});
