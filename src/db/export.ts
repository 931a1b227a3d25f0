// The tenant's data as CSV, table by table, for offboarding: every table of its schema read in one
// REPEATABLE READ snapshot (the tables agree with one another), through a cursor, encoded as
// PostgreSQL's own `COPY ... TO STDOUT (FORMAT csv, HEADER)` would encode it (values in their text
// form, NULL empty, an empty string ""). COPY itself needs a copy-stream client node-postgres does
// not have; a cursor gives the same bytes with the memory of one batch. Each table's CSV is
// handed on as a stream (to be sealed and uploaded) while its rows are counted and hashed.
import { createHash } from 'node:crypto';
import { EnvironmentError, InternalError } from '../errors/index.ts';
import { ident, inTransaction, qualified, type PoolClient } from '../pg/index.ts';
import { dbSpecOf } from './spec.ts';
import { targetFor } from './target.ts';
import type { DbServices } from './services.ts';
import type { PlatformConfig, TenantConfig } from '../config/index.ts';

/** What one table's export held: what the manifest lists and a restore checks. */
export interface TableExport {
  table: string;
  rows: number;
  /** Bytes of CSV (the plaintext). */
  bytes: number;
  /** SHA-256 of the CSV (the plaintext), hex. */
  sha256: string;
}

/** Receives one table's CSV and must read it to the end (e.g. seal and upload it). */
export type TableSink = (table: string, csv: AsyncIterable<Buffer>) => Promise<void>;

const BATCH = 1_000;
// Every column in its text form, exactly as the server prints it (COPY's text of each value).
const AS_TEXT = { getTypeParser: () => (value: string) => value };

/**
 * Exports every table of the tenant's schema through `sink`, in name order; returns what each
 * held. Reads only: a failure anywhere leaves the tenant's data as it was.
 */
export async function exportTenantData(services: DbServices, tenant: TenantConfig, platform: PlatformConfig, sink: TableSink): Promise<TableExport[]> {
  const spec = dbSpecOf(tenant, platform);
  const target = await targetFor(services, spec);
  const pool = await target.data();
  if (!pool) throw new EnvironmentError(`tenant ${spec.tenant} has no data store to export (no database ${spec.database})`);
  return inTransaction(pool, async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    // The owner reads everything of its schema, whatever grants the other roles hold.
    if (target.currentUser !== target.roles.owner) await client.query(`SET LOCAL ROLE ${ident(target.roles.owner)}`);
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname COLLATE "C"`,
      [spec.schema],
    );
    const results: TableExport[] = [];
    for (const { name } of tables) results.push(await exportTable(client, spec.schema, name, sink));
    return results;
  });
}

async function exportTable(client: PoolClient, schema: string, table: string, sink: TableSink): Promise<TableExport> {
  const hash = createHash('sha256');
  const counts = { rows: 0, bytes: 0, done: false };
  const cursor = ident(`tenantops_export_${table}`.slice(0, 63));
  async function* csv(): AsyncGenerator<Buffer> {
    await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT * FROM ${qualified(schema, table)}`);
    let header = true;
    for (;;) {
      const result = await client.query({ text: `FETCH ${BATCH} FROM ${cursor}`, rowMode: 'array', types: AS_TEXT });
      let text = '';
      if (header) {
        text += csvLine(result.fields.map((f) => f.name));
        header = false;
      }
      for (const row of result.rows as (string | null)[][]) text += csvLine(row);
      counts.rows += result.rows.length;
      if (text) {
        const chunk = Buffer.from(text, 'utf8');
        hash.update(chunk);
        counts.bytes += chunk.length;
        yield chunk;
      }
      if (result.rows.length < BATCH) break;
    }
    await client.query(`CLOSE ${cursor}`);
    counts.done = true;
  }
  await sink(table, csv());
  if (!counts.done) throw new InternalError(`the export of ${schema}.${table} was not read to its end`);
  return { table, rows: counts.rows, bytes: counts.bytes, sha256: hash.digest('hex') };
}

/** One CSV record as COPY (FORMAT csv) writes it: NULL unquoted and empty, "" for an empty string. */
export function csvLine(values: readonly (string | null)[]): string {
  return values.map(csvField).join(',') + '\n';
}

function csvField(value: string | null): string {
  if (value === null) return '';
  if (value === '' || value === '\\.' || /[",\r\n]/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}
