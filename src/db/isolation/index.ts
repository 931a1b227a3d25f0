// The isolation strategies, one module per mode, and the one function that chooses a tenant's.
// Everything that depends on the mode lives in these modules; the rest of the code asks the
// strategy (test/db/isolation-strategy.test.ts keeps it that way).
import type { Isolation, TenantConfig } from '../../config/index.ts';
import { InternalError } from '../../errors/index.ts';
import type { IsolationStrategy } from '../types.ts';
import { byodIsolation } from './byod.ts';
import { databaseIsolation } from './database.ts';
import { schemaIsolation } from './schema.ts';

const STRATEGIES: Readonly<Record<Isolation, IsolationStrategy>> = {
  schema: schemaIsolation,
  database: databaseIsolation,
  byod: byodIsolation,
};

/** The strategy for the tenant's `database.isolation`. */
export function chooseIsolation(tenant: Pick<TenantConfig, 'database'>): IsolationStrategy {
  const strategy = Object.hasOwn(STRATEGIES, tenant.database.isolation) ? STRATEGIES[tenant.database.isolation] : undefined;
  // The tenant file's schema allows only these modes, so another one is a bug of ours.
  if (!strategy) throw new InternalError(`unknown database.isolation ${JSON.stringify(tenant.database.isolation)}`);
  return strategy;
}

/** Every strategy, for tests that hold them to their contract. */
export const ISOLATION_STRATEGIES: readonly IsolationStrategy[] = Object.values(STRATEGIES);
