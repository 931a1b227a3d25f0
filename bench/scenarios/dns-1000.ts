// 1,000 records on GoDaddy: 500 new tenants, each with its ownership TXT and its CNAME, applied
// through the plan engine and the dns capability against the GoDaddy emulator with GoDaddy's
// documented limits ON (60 requests a minute per endpoint, 429 + retryAfterSec; a 409 for 3 s
// after each edit of the domain) and 250 ms per call. The figure is wall ÷ B, target ≤ 1.2, with
//
//   B = fewest calls ÷ 60 per minute, fewest = 1 domain lookup + ⌈Z₀/500⌉ listing pages before
//       + ⌈N/P⌉ PATCHes + ⌈Z₁/500⌉ listing pages to read back
//
// (N records; Z₀, Z₁ the zone's records before and after; P the records one PATCH may carry:
// GoDaddy documents no cap, so one PATCH; a listing page holds 500). That is the formula.
// It is generous to us only in one way, said beside it: GoDaddy's window lets a burst of 60 calls
// through at once, so a handful of calls is not rate-bound at all and a run could beat calls ÷ rate;
// the second bound printed, the latency floor (the calls that must follow one another × 250 ms,
// with the 3-s edit lock between two edits), is the physical one.
//
// Time: the emulator's latencies, its rate window and edit lock, and our client's pacing, retries
// and back-off all run on one virtual clock (createSettlingClock: it moves to the next due timer
// only when no real work is in flight), so the run spends them exactly as a real one
// would while taking seconds. CPU work in between costs no virtual time; at this size (a few
// thousand records parsed per listing) that is milliseconds against seconds of latency.
//
// Concurrency: DNS_BENCH_CONCURRENCY (default: every tenant at once) tenants are in flight; the
// GoDaddy client batches what is in flight (reads into one listing, creates into one PATCH), so
// the batch size is the concurrency. The plan's reads run as wide (readConcurrency: both sets of
// every tenant in flight), or the plan engine's default of 8 reads would cut the planning listing
// into one batch per 4 tenants. DNS_BENCH_RECORDS scales N (2 per tenant).
import { performance } from 'node:perf_hooks';
import { AGREEMENT_ROUNDS, type Figure, type Scenario } from '../scenario.ts';
import { createDnsService, createGodaddyProvider, dnsCapability } from '../../src/dns/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { applyPlan, type ContextFactory } from '../../src/plan/index.ts';
import { createTlsMaterial, startGodaddy } from '@tenantops/emulators';
import { dnsContext, platformConfig, tenantConfig, ZONE } from '../../test/support/dns.ts';
import { createSettlingClock } from './powerbi-onboard-realistic.ts';

const RECORDS = Number(process.env.DNS_BENCH_RECORDS ?? 1000);
const TENANTS = Math.ceil(RECORDS / 2);
const CONCURRENCY = Number(process.env.DNS_BENCH_CONCURRENCY ?? TENANTS);
const PER_MINUTE = 60; // GoDaddy's documented limit per endpoint (src/http/limits.ts)
const LATENCY_MS = 250; // the emulator's latency per call
const EDIT_LOCK_MS = 3000;
const PAGE = 500;
const KEY = 'synthetic-bench-godaddy-key';
const SECRET = 'synthetic-bench-godaddy-secret';

const scenario: Scenario = {
  name: 'dns-1000',
  rounds: AGREEMENT_ROUNDS,
  description: `${RECORDS} records (${TENANTS} tenants × TXT + CNAME) on GoDaddy under its documented limits, vs fewest calls ÷ 60/min`,
  async run(): Promise<Figure[]> {
    const clock = createSettlingClock(Date.UTC(2026, 4, 4, 8));
    const tls = await createTlsMaterial();
    const emulator = await startGodaddy({
      tls, clock, credentials: [{ key: KEY, secret: SECRET }], domains: { 'example.com': {} },
      requestsPerMinute: PER_MINUTE, editLockMs: EDIT_LOCK_MS, latency: { profile: 'realistic' },
    });
    try {
      const zoneBefore = emulator.records('example.com').length;
      const provider = createGodaddyProvider({ zone: ZONE, baseUrl: emulator.url, key: KEY, secret: SECRET, ca: tls.caPem, now: () => clock.now(), sleep: (ms) => clock.sleep(ms) });
      const platform = platformConfig();
      const service = createDnsService(provider, { ownerId: platform.name, sleep: (ms) => clock.sleep(ms) });
      const log = createMemoryLogger();
      const createContext: ContextFactory = (tenant, { force }) => ({ tenant, allowDestroy: force, log, services: { tenantops: { dns: () => service } } });
      const tenants = Array.from({ length: TENANTS }, (_, i) => tenantConfig(`t${String(i).padStart(4, '0')}`)).map((t) => ({ tenant: t.code, resources: dnsCapability.desiredResources(dnsContext(t, platform)) }));

      const started = clock.now();
      const real = performance.now();
      const result = await applyPlan(undefined, { tenants, createContext, log, tenantConcurrency: CONCURRENCY, readConcurrency: 2 * CONCURRENCY });
      const wallMs = clock.now() - started;
      const realMs = performance.now() - real;
      const failed = result.tenants.filter((t) => t.failed.length || t.skipped.length);
      if (failed.length) throw new Error(`${failed.length} tenant(s) failed, e.g. ${failed[0].tenant}: ${failed[0].failed.join(', ')}`);
      const written = emulator.records('example.com').length - zoneBefore;
      if (written !== RECORDS) throw new Error(`expected ${RECORDS} new records, the zone has ${written}`);

      const requests = emulator.requests();
      const byRoute = new Map<string, number>();
      for (const r of requests) byRoute.set(r.route ?? '?', (byRoute.get(r.route ?? '?') ?? 0) + 1);
      const throttled = requests.filter((r) => r.status === 429).length;
      const locked = requests.filter((r) => r.status === 409).length;

      const zoneAfter = zoneBefore + RECORDS;
      const fewest = 1 + Math.ceil((zoneBefore + 1) / PAGE) + 1 + Math.ceil((zoneAfter + 1) / PAGE);
      const boundMs = (fewest / PER_MINUTE) * 60_000;
      // The physical floor: those calls one after another (each listing page decides whether
      // there is a next; the PATCH needs the listing; the read-back needs the PATCH).
      const floorMs = fewest * LATENCY_MS;
      const routes = [...byRoute].sort().map(([k, v]) => `${k} ${v}`).join(', ');
      if (process.env.DNS_BENCH_TRACE) for (const r of requests) console.error(`${r.method} ${r.route} ${r.status}`, (r as { at?: unknown }).at ?? "");
      console.error(`dns-1000: ${requests.length} calls (${routes}); ${throttled} × 429, ${locked} × 409; virtual ${(wallMs / 1000).toFixed(1)} s in ${(realMs / 1000).toFixed(1)} s real`);
      return [
        { name: `apply ${RECORDS} records (concurrency ${CONCURRENCY})`, value: wallMs / 1000, unit: 's', clock: 'virtual' },
        { name: 'calls made', value: requests.length, unit: 'calls', bound: routes },
        { name: 'fewest calls', value: fewest, unit: 'calls', bound: `1 lookup + ⌈${zoneBefore + 1}/${PAGE}⌉ listing + 1 PATCH + ⌈${zoneAfter + 1}/${PAGE}⌉ listing` },
        { name: 'B = fewest calls ÷ 60/min', value: boundMs / 1000, unit: 's' },
        { name: 'ratio to B', value: wallMs / boundMs, unit: '×', target: 1.2, direction: 'max', bound: 'virtual wall ÷ (fewest calls ÷ 60 per minute)', clock: 'virtual' },
        { name: 'ratio to the latency floor', value: wallMs / floorMs, unit: '×', bound: `fewest calls one after another × ${LATENCY_MS} ms = ${(floorMs / 1000).toFixed(2)} s (for information)`, clock: 'virtual' },
        { name: '429s ÷ calls', value: (throttled / requests.length) * 100, unit: '%' },
        { name: 'real time', value: realMs / 1000, unit: 's' },
      ];
    } finally {
      await emulator.stop();
    }
  },
};
export default scenario;
