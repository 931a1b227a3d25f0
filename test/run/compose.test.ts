// The run layer's composition, without services: each tenant's context derived once, each
// capability's slice of the graph, the plan labels gathered from the capabilities, and withRun
// closing what a run opened even when its body fails.
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { deriveNames } from '../../src/naming/index.ts';
import { CAPABILITY_NAMES, KIND_LABELS, loadValidInputs, parseSandboxInfo, sandboxRun, sandboxTarget, tenantContext, tenantResources, withRun } from '../../src/run/index.ts';
import { copyRepo, editFile } from '../support/repo.ts';
import { repoRoot } from '../support/repo.ts';


describe('composing the capabilities', () => {
  it('derives a tenant context once per run, with the names, host name and reports capabilities read', async () => {
    const inputs = await loadValidInputs(repoRoot);
    const { config } = inputs.tenants.find((t) => t.config.code === 'acme-training')!;
    const ctx = tenantContext(inputs, config);
    expect(tenantContext(inputs, config)).toBe(ctx);
    expect(ctx.names).toEqual(deriveNames('acme-training'));
    expect(ctx.hostname).toBe(`${config.subdomain}.${inputs.platform.dns.zone.replace(/\.$/, '')}`.toLowerCase());
    expect(ctx.reports.length).toBeGreaterThan(0);
    // Another platform (the sandbox's) is another run: its own context.
    expect(tenantContext({ ...inputs }, config)).not.toBe(ctx);
  });

  it('gives each capability its own slice, in the order a run applies them', async () => {
    const inputs = await loadValidInputs(repoRoot);
    const ctx = tenantContext(inputs, inputs.tenants[0].config);
    expect(CAPABILITY_NAMES).toEqual(['db', 'powerbi', 'dns', 'registry']);
    const prefixes: Record<string, RegExp> = { db: /^db\//, powerbi: /^(powerbi|fabric)\//, dns: /^dns\//, registry: /^registry\// };
    for (const name of CAPABILITY_NAMES) {
      const keys = tenantResources(ctx, [name]).map((r) => r.key);
      expect(keys.length, name).toBeGreaterThan(0);
      expect(keys.filter((k) => !prefixes[name].test(k)), name).toEqual([]);
    }
    const all = tenantResources(ctx).map((r) => r.key.split('/')[0]);
    expect([...new Set(all)].filter((k) => k !== 'fabric')).toEqual(['db', 'powerbi', 'dns', 'registry']);
  });

  it('drops dependencies outside the slice', async () => {
    const inputs = await loadValidInputs(repoRoot);
    const ctx = tenantContext(inputs, inputs.tenants[0].config);
    const model = tenantResources(ctx, ['powerbi']).find((r) => r.key === 'powerbi/model')!;
    expect(tenantResources(ctx).find((r) => r.key === 'powerbi/model')!.dependsOn).toContain('db/route');
    expect(model.dependsOn).not.toContain('db/route');
  });

  it("names long lists with the capabilities' labels", () => {
    expect(KIND_LABELS['powerbi.report']).toMatchObject({ plural: 'reports' });
  });
});

describe('withRun', () => {
  it('closes what the run opened when its body fails', async () => {
    const env = { TENANTOPS_SHARED_EU_ADMIN_URL: 'postgres://admin:synthetic-password@127.0.0.1:1/tenants' };
    let pool: { ended: boolean } | undefined;
    const failure = new Error('the body failed');
    await expect(
      withRun(repoRoot, { log: createMemoryLogger(), env }, async ({ services }) => {
        pool = (await services.clusterAdmin('shared-eu')) as unknown as { ended: boolean };
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(pool?.ended).toBe(true);
  });

  it('refuses a repository with findings, with every finding, before opening anything', async () => {
    const root = await copyRepo();
    try {
      await editFile(root, 'tenants/acme-training.yaml', (text) => text.replace(/^code: .*$/m, 'code: Not-A-Code'));
      let ran = false;
      const err = await withRun(root, { log: createMemoryLogger() }, async () => {
        ran = true;
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigurationError);
      expect((err as ConfigurationError).findings.map((f) => f.file)).toContain('tenants/acme-training.yaml');
      expect(ran).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('masks the encryption keys the moment the keyring is read (current and old, as variables and as bytes)', async () => {
    const current = `k2:${Buffer.alloc(32, 7).toString('base64')}`;
    const old = `k1:${Buffer.alloc(32, 9).toString('base64')}`;
    const log = createMemoryLogger();
    await withRun(repoRoot, { log, env: { TENANTOPS_ENCRYPTION_KEY: current, TENANTOPS_ENCRYPTION_KEYS_OLD: old } }, async ({ services }) => {
      services.keyring();
      log.info(`leak? ${current} ${old} ${Buffer.alloc(32, 9).toString('base64')}`);
    });
    const text = log.lines.join('\n');
    for (const secret of [current, old, Buffer.alloc(32, 7).toString('base64')]) expect(text).not.toContain(secret);
  });
});

describe('a run on the sandbox', () => {
  const info = {
    version: 2, pid: 1, startedAt: '', caFile: 'ca.pem', encryptionKey: 'sb:' + Buffer.alloc(32, 3).toString('base64'),
    entra: { authorityHost: 'https://127.0.0.1:1', tenantId: '00000000-0000-0000-0000-000000000001' },
    identities: [{ name: 'deployer', clientId: 'c', clientSecret: 'sandbox-client-secret' }],
    powerbi: { url: 'https://127.0.0.1:2' }, fabric: { url: 'https://127.0.0.1:3' },
    github: { url: 'https://127.0.0.1:4', token: 'sandbox-github-token' },
    postgres: { registry: 'postgres://r:registry-pw@127.0.0.1:5/registry', clusters: {} as Record<string, string>, byod: {} as Record<string, string> },
  };

  it("masks every secret it hands over, and leaves a workflow step's own GitHub token in place", async () => {
    const inputs = await loadValidInputs(repoRoot);
    for (const name of Object.keys(inputs.platform.clusters)) info.postgres.clusters[name] = `postgres://admin:cluster-pw-${name}@127.0.0.1:6/tenants`;
    for (const p of Object.keys(inputs.platform.credentialProfiles)) if (!info.identities.some((i) => i.name === p)) info.identities.push({ name: p, clientId: 'c', clientSecret: 'sandbox-client-secret' });
    const target = sandboxTarget(parseSandboxInfo(JSON.stringify(info), 'sandbox.json'), 'CA', inputs);
    const log = createMemoryLogger();
    const step = sandboxRun(inputs, target, { log, env: { GITHUB_TOKEN: 'the-runs-own-token' } });
    expect(step.options.env?.GITHUB_TOKEN).toBe('the-runs-own-token');
    expect(sandboxRun(inputs, target, { log, env: {} }).options.env?.GITHUB_TOKEN).toBe('sandbox-github-token');
    log.info(Object.values(target.env).join(' '));
    for (const value of Object.values(target.env)) expect(log.lines.join('\n')).not.toContain(value);
  });
});
