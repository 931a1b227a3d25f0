// `npm start -- --keep` as a person uses it: a real process boots the sandbox, writes
// .tenantops/sandbox.json (a public interface), serves until Ctrl-C, then stops cleanly.
import { spawn } from 'node:child_process';
import { chmod, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { call } from '@tenantops/emulators/testing';
import { copyRepo, repoRoot } from '../support/repo.ts';

async function waitForFile(file: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await stat(file).catch(() => undefined)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${file} did not appear within ${ms} ms`);
}

describe('npm start -- --keep', () => {
  it('writes sandbox.json whose services answer, and stops on SIGINT', async () => {
    const root = await copyRepo();
    await chmod(root, 0o755); // the embedded PostgreSQL runs as the postgres user
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/start.ts'), '--keep', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const file = path.join(root, '.tenantops', 'sandbox.json');
      await waitForFile(file, 90_000);
      const info = JSON.parse(await readFile(file, 'utf8'));
      expect(Object.keys(info).sort()).toEqual(['caFile', 'entra', 'fabric', 'godaddy', 'identities', 'postgres', 'powerbi', 'version'].sort());
      expect(info.powerbi.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(info.version).toBe(1);
      expect(info.entra.authorityHost).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(info.entra.tenantId).toMatch(/^[0-9a-f-]{36}$/);
      expect(info.identities).toEqual([{ name: 'deployer', clientId: expect.any(String), clientSecret: expect.any(String) }]);
      expect(Object.keys(info.postgres.clusters).sort()).toEqual(['dedicated-beta', 'shared-eu']);
      expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');

      // Its identity gets a token from its Entra with the real @azure/identity, trusting its CA file.
      const ca = await readFile(info.caFile, 'utf8');
      const [id] = info.identities;
      const credential = new ClientSecretCredential(info.entra.tenantId, id.clientId, id.clientSecret, { authorityHost: info.entra.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca } } as never);
      const token = (await credential.getToken('https://analysis.windows.net/powerbi/api/.default'))!.token;
      // Its Power BI answers with the seeded template workspace and its 400 reports.
      const groups = await call(`${info.powerbi.url}/v1.0/myorg/groups`, 'GET', { headers: { authorization: `Bearer ${token}` }, ca });
      const [templates] = (groups.json as { value: { id: string; name: string }[] }).value;
      expect(templates.name).toBe('Templates');
      const reports = await call(`${info.powerbi.url}/v1.0/myorg/groups/${templates.id}/reports`, 'GET', { headers: { authorization: `Bearer ${token}` }, ca });
      expect(reports.json.value).toHaveLength(400);
      // Its Fabric serves the same workspace, as the same object.
      const fabricToken = (await credential.getToken('https://api.fabric.microsoft.com/.default'))!.token;
      const ws = await call(`${info.fabric.url}/v1/workspaces/${templates.id}`, 'GET', { headers: { authorization: `Bearer ${fabricToken}` }, ca });
      expect(ws.json.displayName).toBe('Templates');
      // Its GoDaddy serves the platform zone to the sso-key it names.
      const zone = await call(`${info.godaddy.url}/v1/domains/tenants.example.com/records/NS`, 'GET', { headers: { authorization: `sso-key ${info.godaddy.key}:${info.godaddy.secret}` }, ca });
      expect(zone.status).toBe(200);
      // Its registry database answers.
      const client = new pg.Client({ connectionString: info.postgres.registry });
      await client.connect();
      expect((await client.query('SELECT current_database() AS db')).rows[0].db).toBe('tenantops_registry');
      await client.end();
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('sandbox stopped');
    await rm(root, { recursive: true, force: true });
  }, 180_000);
});
