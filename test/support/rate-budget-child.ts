// A separate process calling one emulator as one identity under a rate budget, so a test can run
// two at once: with the registry's shared budget (TENANTOPS_TEST_CHILD's registryUrl) or with its
// own in-memory bucket. It never retries a 429: it counts them, and prints {ok, throttled}.
import { RemoteApiError } from '../../src/errors/index.ts';
import { createHttpClient, createRateLimiter } from '../../src/http/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { createRegistryRateBudget, openRegistry } from '../../src/registry/index.ts';

const config = JSON.parse(process.env.TENANTOPS_TEST_CHILD ?? '{}') as { url: string; registryUrl?: string; key: string; perSecond: number; burst: number; calls: number };
const registry = config.registryUrl ? openRegistry(config.registryUrl, createMemoryLogger(), { max: 2 }) : undefined;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const http = createHttpClient({
  service: 'budgeted',
  baseUrl: config.url,
  retry: { maxAttempts: 1, maxThrottledReplies: 0 },
  rateLimit: createRateLimiter({ budget: { perSecond: config.perSecond, burst: config.burst }, now: Date.now, sleep, store: registry && createRegistryRateBudget(registry) }),
  rateLimitKey: config.key,
});
let ok = 0;
let throttled = 0;
try {
  for (let i = 0; i < config.calls; i++) {
    try {
      await http.request('GET', '/ping');
      ok++;
    } catch (err) {
      if (err instanceof RemoteApiError && err.details.status === 429) throttled++;
      else throw err;
    }
  }
} finally {
  await registry?.end();
}
process.stdout.write(JSON.stringify({ ok, throttled }) + '\n');
