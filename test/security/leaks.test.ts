// The leak scan after a sandbox run (defect 3 of issue 13: masking was untested). The pipeline
// provisions every tenant with a console logger on verbose, then the CLI plans, reports status,
// verifies, discovers and backs up against the same sandbox. Every secret that existed — what the
// emulators issued (client secrets, access and ID tokens, embed tokens, GoDaddy keys), every
// database password and connection string, the encryption key, and the passwords tenantops
// generated, opened from the registry through the library — is searched plain, URL-encoded,
// base64 and base64url in stdout and stderr, plans, summaries, the backup artifact and every
// unencrypted registry column: zero hits, and nothing shaped like a secret left unexplained.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSandboxInfo } from '../../dev/info.ts';
import type { Sandbox } from '../../dev/sandbox.ts';
import { createConsoleLogger, type Logger } from '../../src/log/index.ts';
import { refreshTenants, verifyPowerBiTenant } from '../../src/powerbi/index.ts';
import { parseKeyring, readSecret, type Pool } from '../../src/registry/index.ts';
import { applyTenants, type Inputs, type Services } from '../../src/run/index.ts';
import { cli } from '../support/cli.ts';
import { findSecrets, findSecretShapes, type Exposed, type Secret } from '../support/leak-scan.ts';
import { openSandboxWorld, type SandboxWorld } from '../support/sandbox.ts';

const PUBLIC_SANDBOX_PASSWORD = 'postgres';

let root: string;
let sandbox: Sandbox;
let services: Services;
let world: Inputs;
let stderrText = '';
let log: Logger;
const exposed: Exposed[] = [];
let issuedToPipeline = new Set<string>();

let opened: SandboxWorld | undefined;
beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (stderrText += chunk.toString('utf8')));
  // What `npm start` and the CLI print through: the console logger, debug lines included.
  log = createConsoleLogger({ stream, verbose: true });
  opened = await openSandboxWorld(log);
  ({ root, sandbox, world, services } = opened);
  await writeSandboxInfo(root, sandbox.info);
}, 120_000);

afterAll(async () => {
  await services?.close();
  await opened?.stop();
}, 300_000);

const audience = (jwt: string) => (JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as { aud?: string; appid?: string }).aud;

/** Every secret that existed during the run, with where it came from. */
async function allSecrets(registry: Pool): Promise<(Secret & { heldByRun: boolean })[]> {
  const secrets: (Secret & { heldByRun: boolean })[] = [];
  // A token the client library fetched and dropped (concurrent first requests) never reached our code.
  const presented = new Set(sandbox.entra.presentedTokens());
  const add = (label: string, value: string | undefined, heldByRun = true) => {
    if (value) secrets.push({ label, value, heldByRun });
  };
  // The GitHub ID-token request token and the apps' secrets reach this run only through sandbox.env.
  sandbox.entra.issuedSecrets().forEach((s, i) => add(`entra ${s.startsWith('eyJ') ? `token for ${audience(s)}` : 'secret'} #${i}`, s, Object.values(sandbox.env).includes(s) || (s.startsWith('eyJ') && issuedToPipeline.has(s) && presented.has(s))));
  sandbox.powerbi.issuedSecrets().forEach((s, i) => add(`power bi embed token #${i}`, s, issuedToPipeline.has(s)));
  sandbox.godaddy?.issuedSecrets().forEach((s, i) => add(`godaddy key or secret #${i}`, s));
  // Every variable the sandbox hands a run is a secret platform.yaml or a tenant file names.
  for (const [name, value] of Object.entries(sandbox.env)) add(`variable ${name}`, value);
  const urls = { registry: sandbox.postgres.registry, ...sandbox.postgres.clusters, ...Object.fromEntries(Object.entries(sandbox.postgres.byod).map(([k, v]) => [`byod ${k}`, v])) };
  for (const [name, url] of Object.entries(urls)) {
    // The pipeline reads every one of them from its environment (sandbox.env), the customers' too.
    add(`connection string ${name}`, url, false);
    const password = decodeURIComponent(new URL(url).password);
    // The embedded PostgreSQL's documented default for the sandbox's own loopback servers: a word
    // every path and message holds, not a secret (the BYOD customers' passwords are generated).
    if (password !== PUBLIC_SANDBOX_PASSWORD) add(`database password of ${name}`, password);
  }
  add('encryption key', sandbox.info.encryptionKey, false);
  add('encryption key bytes', sandbox.info.encryptionKey.slice(sandbox.info.encryptionKey.indexOf(':') + 1));
  // What tenantops generated and sealed, opened through the library as its readers open it.
  const keyring = parseKeyring({ TENANTOPS_ENCRYPTION_KEY: sandbox.info.encryptionKey });
  const { rows } = await registry.query<{ tenant: string; name: string }>('SELECT tenant, name FROM secrets ORDER BY 1, 2');
  for (const { tenant, name } of rows) add(`registry ${name} of ${tenant}`, await readSecret(registry, keyring, tenant, name));
  return secrets;
}

/** Every column of every registry table but the envelopes (encrypted), one text per table. */
async function registryColumns(registry: Pool): Promise<Exposed[]> {
  const { rows: tables } = await registry.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1`);
  const out: Exposed[] = [];
  for (const { name } of tables) {
    const { rows } = await registry.query<{ row: string }>(`SELECT (to_jsonb(t) - 'envelope')::text AS row FROM "${name}" t`);
    out.push({ where: `registry table ${name}`, text: rows.map((r) => r.row).join('\n') });
  }
  return out;
}

/** Runs a CLI command against the sandbox and keeps what it printed. */
async function run(...argv: string[]): Promise<{ code: number }> {
  const result = await cli(argv, root, {});
  exposed.push({ where: `stdout of tenantops ${argv.join(' ')}`, text: result.stdout }, { where: `stderr of tenantops ${argv.join(' ')}`, text: result.stderr });
  return result;
}

describe('the leak scan after a sandbox run', () => {
  it('runs the pipeline and the CLI against the sandbox', async () => {
    const applied = await applyTenants(world, services, { actor: 'test' });
    expect(applied.tenants.flatMap((t) => t.failed)).toEqual([]);
    const tenants = world.tenants.map((t) => t.config);
    const refreshed = await refreshTenants(services, { tenants, wait: true });
    expect(refreshed.every((r) => r.status === 'Completed')).toBe(true);
    for (const tenant of tenants) {
      const verification = await verifyPowerBiTenant(services, tenant);
      exposed.push({ where: `verification of ${tenant.code}`, text: JSON.stringify(verification) });
    }
    // Tokens issued so far went to the pipeline's process and logger; later ones to the CLI runs'.
    issuedToPipeline = new Set([...sandbox.entra.issuedSecrets(), ...sandbox.powerbi.issuedSecrets()]);
    expect((await run('plan', '--sandbox')).code).toBe(0);
    expect((await run('plan', '--sandbox', '--json')).code).toBe(0);
    expect((await run('plan', '--sandbox', '--markdown')).code).toBe(0);
    expect((await run('apply', '--sandbox', '--json')).code).toBe(0);
    for (const tenant of tenants) expect((await run('status', tenant.code, '--sandbox', '--json')).code).toBe(0);
    expect((await run('verify', '--sandbox')).code).toBe(0);
    expect((await run('discover', '--sandbox')).code).toBe(0);
    expect((await run('registry', 'backup', '--out', 'registry.backup', '--sandbox')).code).toBe(0);
    exposed.push({ where: 'artifact registry.backup', text: await readFile(path.join(root, 'registry.backup'), 'utf8') });
  }, 600_000);

  it('finds no secret, in any encoding, anywhere a person or another job can read', async () => {
    const registry = await services.registry();
    const secrets = await allSecrets(registry);
    // Nothing on these paths prints a secret by itself; masking is what stands between a secret and
    // the output when something does (a library's error, a careless message). The tripwire is that
    // something: every secret this process received goes through the run's logger, as an error
    // might carry it. Only a secret masked where the process received it comes out as ***.
    for (const secret of secrets.filter((s) => s.heldByRun)) log.error(`tripwire (what a library error might carry): ${secret.value}`);
    // The scan has something to find: the run used tokens, keys and generated passwords.
    expect(secrets.filter((s) => s.label.startsWith('entra token')).length).toBeGreaterThan(3);
    expect(secrets.filter((s) => s.label.startsWith('registry db.')).length).toBeGreaterThanOrEqual(4);
    const everything: Exposed[] = [{ where: 'stderr of the pipeline (console logger)', text: stderrText }, ...exposed, ...(await registryColumns(registry))];
    expect(stderrText.length).toBeGreaterThan(1000);
    expect(findSecrets(secrets, everything)).toEqual([]);
  });

  it('finds nothing shaped like a JWT, a postgres URL with a password, or an unexplained long base64 run', async () => {
    const everything: Exposed[] = [{ where: 'stderr of the pipeline (console logger)', text: stderrText }, ...exposed, ...(await registryColumns(await services.registry()))];
    // The backup is sealed on purpose: one ciphertext, accounted for by its format.
    const backup = JSON.parse(exposed.find((e) => e.where === 'artifact registry.backup')!.text) as { ct: string; iv: string; tag: string };
    const accounted = (match: string) => (backup.ct.includes(match) ? 'the sealed backup' : undefined);
    expect(findSecretShapes(everything, accounted)).toEqual([]);
  });
});
