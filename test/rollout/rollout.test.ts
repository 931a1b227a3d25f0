// Rollouts in waves against real PostgreSQL (the db slice of a real apply): the canary first, a
// wave that halts at its threshold, a re-run that resumes where the rollout stopped, and a retry
// that takes only the failed tenants. The registry's deployments witness who was applied when.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { renderRolloutMarkdown, resumeRollout, retryRollout, rolloutStatus, startRollout, type Inputs, type RolloutReport } from '../../src/run/index.ts';
import { createDbWorld, CUSTOMER_PASSWORD, type DbWorld } from '../support/db-world.ts';

let world: DbWorld;
let tenants: TenantConfig[];
let inputs: Inputs;
let broken: string;
const log = createMemoryLogger();

beforeAll(async () => {
  world = await createDbWorld();
  // t3 is a byod tenant whose database cannot be reached until the retry.
  world.env.ROLLOUT_T3_URL = `postgres://nobody:${CUSTOMER_PASSWORD}@127.0.0.1:1/nothing`;
  tenants = ['c1', 't1', 't2', 't3', 't4', 't5'].map((n) => (n === 't3' ? world.tenant(n, { isolation: 'byod', connectionSecret: 'ROLLOUT_T3_URL' }) : world.tenant(n, { isolation: 'schema', cluster: 'main' })));
  broken = tenants[3].code;
  const base = world.inputs(tenants);
  // canary c1, then batches of 2 in code order: [t1 t2] [t3 t4] [t5]; the first failure halts.
  inputs = { ...base, platform: { ...base.platform, rollout: { canary: [tenants[0].code], batch: 2, haltAfter: 0 } } };
}, 60_000);

afterAll(async () => {
  await world?.cleanup();
});

async function run<T>(fn: (services: ReturnType<DbWorld['services']>) => Promise<T>): Promise<T> {
  const services = world.services(log);
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

const states = (r: RolloutReport) => Object.fromEntries(r.waves.flatMap((w) => w.tenants.map((t) => [t.tenant.slice(world.stem.length + 1), `${w.name}: ${t.state}`])));

/**
 * Succeeded deployments per tenant (short names), as the registry recorded them. (A wave whose
 * apply fails as a whole before any change is applied again tenant by tenant: its first
 * deployments are failed ones that changed nothing.)
 */
async function deployments(): Promise<Record<string, number>> {
  return run(async (services) => {
    const { rows } = await (await services.registry()).query<{ tenant: string; n: number }>(`SELECT tenant, count(*)::int AS n FROM deployments WHERE status = 'succeeded' GROUP BY tenant`);
    return Object.fromEntries(rows.map((r) => [r.tenant.slice(world.stem.length + 1), r.n]));
  });
}

const options = { actor: 'test', only: ['db'] as const, revision: 'rev-1' };

describe('a rollout in waves', () => {
  let id: string;

  it('applies the canary and the first wave, then stops where it was told (a run cut short)', async () => {
    const r = await run((s) => startRollout(inputs, s, { ...options, only: ['db'], maxWaves: 2 }));
    id = r.id;
    expect(r.status).toBe('running');
    expect(states(r)).toEqual({
      c1: 'canary: applied', t1: 'wave 1: applied', t2: 'wave 1: applied',
      t3: 'wave 2: pending', t4: 'wave 2: pending', t5: 'wave 3: pending',
    });
    expect(await deployments()).toEqual({ c1: 1, t1: 1, t2: 1 });
  }, 120_000);

  it('resumes where it stopped, and the wave with a failure halts at its threshold', async () => {
    const r = await run((s) => resumeRollout(inputs, s, { actor: 'test' }));
    expect(r.id).toBe(id);
    expect(r.status).toBe('halted');
    expect(r.haltedAt).toBe('wave 2');
    expect(states(r)).toEqual({
      c1: 'canary: applied', t1: 'wave 1: applied', t2: 'wave 1: applied',
      t3: 'wave 2: failed', t4: 'wave 2: applied', t5: 'wave 3: pending',
    });
    const failed = r.waves[2].tenants.find((t) => t.tenant === broken)!;
    expect(failed.error).toContain('cannot connect to its byod database');
    expect(failed.error).not.toContain(CUSTOMER_PASSWORD);
    // Nothing already applied was applied again; wave 3 never started.
    const counts = await deployments();
    expect(counts).toMatchObject({ c1: 1, t1: 1, t2: 1, t4: 1 });
    expect(counts.t5).toBeUndefined();
    const md = renderRolloutMarkdown(r);
    expect(md).toContain(`| wave 2 | ${broken} | failed | `);
    expect(md).not.toContain(CUSTOMER_PASSWORD);
  }, 120_000);

  it('retry takes only the failed tenants', async () => {
    const customer = await world.customer('rollout_t3', { createRole: true });
    world.env.ROLLOUT_T3_URL = customer.url;
    const before = await deployments();
    const r = await run((s) => retryRollout(inputs, s, { actor: 'test', id }));
    expect(states(r)).toMatchObject({ t3: 'wave 2: applied', t5: 'wave 3: pending' });
    expect(r.waves[2].tenants.find((t) => t.tenant === broken)!.attempts).toBe(2);
    const after = await deployments();
    expect(before.t3).toBeUndefined();
    expect(after).toEqual({ ...before, t3: 1 });
    // Still pending: the operator resumes to go on.
    expect(r.status).toBe('running');
  }, 120_000);

  it('a last resume completes the rollout; status reads it back from the registry', async () => {
    const r = await run((s) => resumeRollout(inputs, s, { actor: 'test' }));
    expect(r.status).toBe('completed');
    expect(r.counts).toEqual({ pending: 0, applied: 6, failed: 0, skipped: 0 });
    const again = await run((s) => rolloutStatus(s));
    expect(again).toEqual(r);
    expect(again.waves.flatMap((w) => w.tenants).every((t) => t.revision === 'rev-1')).toBe(true);
  }, 120_000);
});
