// The rate budgets of the identities tenantops calls as, kept in the registry so every process
// calling as one identity (parallel workflow runs included) draws from one token bucket. A take is
// one atomic UPDATE ... RETURNING: the row lock orders concurrent callers, and the bucket may go
// into debt, the debt being how long the caller waits for its token.

import type { RateBudgetStore } from '../http/index.ts';
import type { Queryable } from '../pg/index.ts';

/** A RateBudgetStore over the registry; `db` may be resolved on first use (the registry migrates lazily). */
export function createRegistryRateBudget(db: Queryable | (() => Promise<Queryable>)): RateBudgetStore {
  const pool = typeof db === 'function' ? db : async () => db;
  return {
    async reserve(key, bucket, now) {
      const q = await pool();
      // Refill for the time since the last take (never more than the bucket holds; a caller whose
      // clock is behind adds nothing), then take one. SET expressions read the newest row version
      // once a concurrent UPDATE has committed, so no token is handed out twice.
      const take = () =>
        q.query<{ tokens: number }>(
          `UPDATE rate_budgets
              SET tokens = least(capacity, tokens + greatest(0, $4 - updated_ms) / 1000 * per_second) - 1,
                  updated_ms = greatest(updated_ms, $4), capacity = $2, per_second = $3
            WHERE identity = $1
        RETURNING tokens`,
          [key, bucket.capacity, bucket.perSecond, now],
        );
      let { rows } = await take();
      if (!rows.length) {
        await q.query(`INSERT INTO rate_budgets (identity, tokens, capacity, per_second, updated_ms) VALUES ($1, $2, $2, $3, $4) ON CONFLICT (identity) DO NOTHING`, [key, bucket.capacity, bucket.perSecond, now]);
        ({ rows } = await take());
      }
      const tokens = Number(rows[0].tokens);
      return tokens >= 0 ? 0 : Math.ceil((-tokens / bucket.perSecond) * 1000);
    },
  };
}
