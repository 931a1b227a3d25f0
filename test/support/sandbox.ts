// The sandbox for tests that run the library on it: a copy of the repository, the sandbox booted
// for its tenants, and the run's services pointed at it, as `npm start` points them: its
// platform, its secrets, its DNS zone and its Power BI / Fabric endpoints behind the emulated Entra ID.
import { chmod, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../src/log/index.ts';
import { createServices, loadInputs, type Inputs, type Services } from '../../src/run/index.ts';
import { startSandbox, type Sandbox } from '../../dev/sandbox.ts';
import { copyRepo } from './repo.ts';

export function createSandboxServices(sandbox: Sandbox, root: string, log: Logger): Services {
  // As sandboxRun does for `--sandbox`: every value the sandbox hands over is a secret to whatever prints it.
  for (const value of Object.values(sandbox.env)) if (value) log.mask(value);
  return createServices({
    platform: sandbox.platform,
    root,
    log,
    env: { ...sandbox.env },
    dns: sandbox.dns,
    powerbi: { ca: sandbox.tls.caPem, authorityHost: sandbox.entra.authorityHost, powerbiUrl: sandbox.powerbi.url, fabricUrl: sandbox.fabric.url },
    mail: { ca: sandbox.tls.caPem },
  });
}

export interface SandboxWorld {
  /** The repository copy the sandbox was booted for. */
  root: string;
  sandbox: Sandbox;
  /** The copy's inputs on the sandbox's platform. */
  world: Inputs;
  /** Services of the run on it (the test closes them, or the ones it replaced them with). */
  services: Services;
  /** Stops the sandbox and removes the copy. */
  stop(): Promise<void>;
}

/** Boots a sandbox for a fresh copy of the repository (about a minute; one per test file, in beforeAll). */
export async function openSandboxWorld(log: Logger): Promise<SandboxWorld> {
  const root = await copyRepo();
  await chmod(root, 0o755); // the embedded PostgreSQL runs as the postgres user
  try {
    const { inputs } = await loadInputs(root);
    const sandbox = await startSandbox({ root, workDir: path.join(root, '.tenantops', 'sandbox'), catalog: inputs!.catalog, platform: inputs!.platform, tenants: inputs!.tenants, log });
    return {
      root, sandbox,
      world: { ...inputs!, platform: sandbox.platform },
      services: createSandboxServices(sandbox, root, log),
      async stop() {
        await sandbox.stop();
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}

/** Every request the sandbox's Power BI, Fabric and GoDaddy emulators still hold (each keeps its newest 10,000). */
export function worldRequests(sandbox: Sandbox) {
  return [...sandbox.powerbi.requests(), ...sandbox.fabric.requests(), ...(sandbox.godaddy?.requests() ?? [])];
}

/** The requests that change the world: executeQueries and GenerateToken are POSTs that change nothing (verify's). */
export function worldWrites(sandbox: Sandbox) {
  return worldRequests(sandbox).filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && !/executeQueries|GenerateToken/i.test(r.path));
}
