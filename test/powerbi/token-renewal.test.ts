// A fleet bound by its rate budget queues its calls for longer than a token lives: a call whose
// turn comes after the bearer token it was given has expired must go out with a fresh one, not
// come back 403 TokenExpired and be sent again (a second write of the same change). The run's
// clock here is virtual, as in the benchmarks: the credential keeps real time and would hand out
// its cached token long after the service's clock has passed its `exp`.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/powerbi-sandbox.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

it('sends every call once with a token that is valid when its turn comes, however long the queue', async () => {
  // One call a minute: 70 calls queue for 69 minutes, past the tokens' 3,599 s.
  const services = h.services({ budgets: { powerbi: { perSecond: 1 / 60, burst: 1 }, fabric: { perSecond: 1 / 60, burst: 1 } } });
  const principal = services.powerbi().principal({ step: 'test' });
  h.clearLogs();
  const started = h.clock.now();
  await Promise.all(Array.from({ length: 70 }, () => principal.listGroups()));
  expect(h.clock.now() - started).toBeGreaterThan(3600_000);
  const calls = h.powerbi.requests().filter((r) => r.route === 'groups.list');
  expect(calls.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([]);
  expect(calls).toHaveLength(70);
  // Two token requests: one shared by the 70 first asks, one renewal (by one caller for all)
  // once the first token came within five minutes of its expiry on the run's clock.
  expect(h.entra.requests().filter((r) => r.route === 'entra.token')).toHaveLength(2);
}, 120_000);
