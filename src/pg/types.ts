// The node-postgres shapes every PostgreSQL helper of ours takes: a pool, one client of it, or
// anything that runs a query (the pool, or one client inside a transaction).
import type pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** Anything that runs a query: the pool, or one client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}
