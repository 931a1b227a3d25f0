// The rate budgets of the identities tenantops calls as, kept in the registry so every process
// calling as one identity (parallel workflow runs included) draws from one token bucket. A take is
// one atomic UPDATE ... RETURNING: the row lock orders concurrent callers, and the bucket may go
// into debt, the debt being how long the caller waits for its token.

import type { RateBudgetStore } from '../http/index.ts';
import type { Pool } from '../pg/index.ts';

/** A RateBudgetStore over the registry; `pool` may be resolved on first use (the registry migrates lazily). */
export function createRegistryRateBudget(pool: Pool | (() => Promise<Pool>)): RateBudgetStore {
  const resolve = typeof pool === 'function' ? pool : async () => pool;
  return {
    async reserve(key, bucket, now) {
      const client = await (await resolve()).connect();
      try {
        // Read the clock once connected: the token is dated when it is taken, not before a connect.
        const at = now();
        // Refill for the time since the last take (never more than the bucket holds; a caller whose
        // clock is behind adds nothing), then take one. SET expressions read the newest row version
        // once a concurrent UPDATE has committed, so no token is handed out twice.
        const take = () =>
          client.query<{ tokens: number }>(
            `UPDATE rate_budgets
                SET tokens = least(capacity, tokens + greatest(0, $4 - updated_ms) / 1000 * per_second) - 1,
                    updated_ms = greatest(updated_ms, $4), capacity = $2, per_second = $3
              WHERE identity = $1
          RETURNING tokens`,
            [key, bucket.capacity, bucket.perSecond, at],
          );
        let { rows } = await take();
        if (!rows.length) {
          await client.query(`INSERT INTO rate_budgets (identity, tokens, capacity, per_second, updated_ms) VALUES ($1, $2, $2, $3, $4) ON CONFLICT (identity) DO NOTHING`, [key, bucket.capacity, bucket.perSecond, at]);
          ({ rows } = await take());
        }
        const tokens = Number(rows[0].tokens);
        return tokens >= 0 ? at : at + Math.ceil((-tokens / bucket.perSecond) * 1000);
      } finally {
        client.release();
      }
    },
  };
}
