// Every resource's `diff` is pure (DESIGN.md): state in, change out. On the sandbox, every tenant
// of tenants/ (schema, database and byod isolation) and a decommissioned variant of one are
// applied once and read back with live services; then the services are closed and cut off (any
// use of anything reached through them throws), the network is poisoned, and each resource's
// diff runs against what was read. It may refuse (UnsafePlanError), but it must touch nothing,
// return a plain value, and give the same answer twice.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedTenant } from '../../src/config/index.ts';
import { UnsafePlanError } from '../../src/errors/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { buildGraph, type Resource, type ResourceContext } from '../../src/plan/index.ts';
import { applyTenants, loadInputs, tenantContext, tenantResources, type Inputs, type Services } from '../../src/run/index.ts';
import { startSandbox, type Sandbox } from '../../dev/sandbox.ts';
import { copyRepo } from '../support/repo.ts';
import { createSandboxServices } from '../support/sandbox.ts';
import { createMembrane, poisonNetwork, type Membrane } from './poison.ts';

/** The one place that turns a tenant into its resources: as the run layer builds them. */
function resourcesOf(inputs: Inputs, tenant: LoadedTenant): Resource[] {
  return tenantResources(tenantContext(inputs, tenant.config));
}

/**
 * The sandbox's PostgreSQL clusters live in the (git-ignored) .tenantops/ of the repository, as the
 * test clusters do: initdb runs once per clone, and every start empties them again.
 */
const SANDBOX_DIR = path.resolve(import.meta.dirname, '..', '..', '.tenantops', 'test-sandbox', 'pure-diff');

/** The tenant whose decommissioned variant (deletionPolicy delete) plans the deletes. */
const DECOMMISSIONED = 'acme-training';

interface ReadTenant {
  label: string;
  resources: { resource: Resource; actual: unknown; readError?: string }[];
}

const log = createMemoryLogger();
let root: string;
let sandbox: Sandbox;
let services: Services;
let membrane: Membrane<Services>;
const read: ReadTenant[] = [];

beforeAll(async () => {
  root = await copyRepo();
  const { inputs } = await loadInputs(root);
  sandbox = await startSandbox({ root, workDir: SANDBOX_DIR, catalog: inputs!.catalog, platform: inputs!.platform, tenants: inputs!.tenants, log });
  const world: Inputs = { ...inputs!, platform: sandbox.platform };
  services = createSandboxServices(sandbox, root, log);
  const applied = await applyTenants(world, services, { actor: 'test' });
  expect(applied.tenants.flatMap((t) => [...t.failed, ...t.skipped]), 'the sandbox apply').toEqual([]);

  membrane = createMembrane(services, 'services');
  const variants = [...world.tenants.map((t) => ({ label: t.config.code, tenant: t })), decommissioned(world.tenants.find((t) => t.config.code === DECOMMISSIONED)!)];
  for (const { label, tenant } of variants) read.push(await readTenant(world, label, tenant));
  // Nothing a diff may use is live from here on.
  await services.close();
  membrane.revoke();
}, 240_000);

afterAll(async () => {
  await services?.close();
  await sandbox?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

function decommissioned(tenant: LoadedTenant) {
  return { label: `${tenant.config.code} (decommissioned)`, tenant: { ...tenant, config: { ...tenant.config, lifecycle: 'decommissioned' as const, deletionPolicy: 'delete' as const } } };
}

/** Reads every resource in dependency order through one context, as a plan does. */
async function readTenant(inputs: Inputs, label: string, tenant: LoadedTenant): Promise<ReadTenant> {
  const ctx: ResourceContext = { tenant: tenant.config.code, allowDestroy: false, log, services: { tenantops: membrane.proxy } };
  const resources: ReadTenant['resources'] = [];
  for (const resource of buildGraph(tenant.config.code, resourcesOf(inputs, tenant)).order) {
    try {
      // Actual states are JSON by contract: the copy holds nothing reached through the services.
      const actual = await resource.read(ctx);
      resources.push({ resource, actual: actual === undefined ? undefined : JSON.parse(JSON.stringify(actual)) });
    } catch (err) {
      resources.push({ resource, actual: undefined, readError: (err as Error).message });
    }
  }
  return { label, resources };
}

type Outcome = { returned: unknown } | { refused: string } | { threw: string };

/** One diff call with the network poisoned: what it gave, and what it touched. */
function diffOnce(resource: Resource, desired: unknown, actual: unknown): { outcome: Outcome; touched: string[] } {
  const before = membrane.touched.length;
  const network = poisonNetwork();
  let outcome: Outcome;
  try {
    outcome = { returned: resource.diff(desired, actual) };
  } catch (err) {
    outcome = err instanceof UnsafePlanError ? { refused: err.message } : { threw: `${(err as Error).name}: ${(err as Error).message}` };
  } finally {
    network.restore();
  }
  return { outcome, touched: [...membrane.touched.slice(before), ...network.calls] };
}

/** Why this diff call is not pure, or nothing. */
function impurity(resource: Resource, desired: unknown, actual: unknown): string | undefined {
  const first = diffOnce(resource, desired, actual);
  const second = diffOnce(resource, desired, actual);
  if (first.touched.length) return `touched ${[...new Set(first.touched)].join(', ')}`;
  if ('threw' in first.outcome) return `threw ${first.outcome.threw}`;
  if ('returned' in first.outcome && typeof (first.outcome.returned as { then?: unknown } | undefined)?.then === 'function') return 'returned a promise';
  if (!isDeepStrictEqual(first.outcome, second.outcome)) return `a second call gave another answer: ${JSON.stringify(first.outcome)} then ${JSON.stringify(second.outcome)}`;
  return undefined;
}

describe('every resource diff is pure', () => {
  it('read every resource of every tenant on the sandbox', () => {
    const failed = read.flatMap((t) => t.resources.filter((r) => r.readError).map((r) => `${t.label} ${r.resource.key}: ${r.readError}`));
    expect(failed).toEqual([]);
    expect(read.map((t) => t.label)).toEqual(['acme-training', 'beta-corp', 'gamma-skills', `${DECOMMISSIONED} (decommissioned)`]);
  });

  it.each(['acme-training', 'beta-corp', 'gamma-skills', `${DECOMMISSIONED} (decommissioned)`])('%s', (label) => {
    const tenant = read.find((t) => t.label === label)!;
    const failures: string[] = [];
    for (const { resource, actual } of tenant.resources) {
      const calls: [string, unknown, unknown][] = [
        ['diff(desired, undefined)', resource.desired, undefined],
        ['diff(undefined, actual)', undefined, actual],
        ['diff(desired, actual)', resource.desired, actual],
      ];
      for (const [call, desired, state] of calls) {
        const why = impurity(resource, desired, state);
        if (why) failures.push(`${resource.key} ${call}: ${why}`);
      }
    }
    expect(failures.length, `${failures.length} impure diff call(s):\n${failures.join('\n')}\n`).toBe(0);
  });
});
