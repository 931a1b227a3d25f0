// Runs semantic-model refreshes for real: after the refresh's (profile-dependent) duration it
// connects with `pg` to the server and database the model's parameters name, logs in with the
// credentials set on its datasource, and per table reads `<schema>.<table>`: its row count,
// that every model column exists, and the distinct values of the marker columns the emulator was
// started with. Failures are recorded the way the service reports them (`serviceExceptionJson`
// error codes).

import pg from 'pg';
import type { Clock } from '../http/index.ts';
import type { EmulatorLogger } from '../logger.ts';
import type { Item, LoadedData, RefreshOutcome, World } from '../world/index.ts';

export interface RefreshRunner {
  /** Starts loading in the background; `durationMs` is waited on the emulator clock first. */
  start(modelId: string, requestId: string, durationMs: number): void;
  /** Cancels a running refresh; false when it is not running. */
  cancel(modelId: string, requestId: string): boolean;
  /** Resolves when every started refresh has finished. */
  settle(): Promise<void>;
  /** Aborts everything still running (emulator shutdown). */
  stop(): void;
}

export interface RefreshRunnerOptions {
  world: World;
  clock: Clock;
  /** Columns whose distinct values a refresh loads, where a table has them. */
  markerColumns: readonly string[];
  logger?: EmulatorLogger;
  connectTimeoutMs?: number;
}

export function createRefreshRunner(options: RefreshRunnerOptions): RefreshRunner {
  const { world, clock } = options;
  const running = new Map<string, AbortController>();
  const tasks = new Set<Promise<void>>();
  const key = (modelId: string, requestId: string) => `${modelId.toLowerCase()} ${requestId}`;

  const finish = (modelId: string, requestId: string, outcome: RefreshOutcome) => {
    try {
      world.completeRefresh(modelId, requestId, outcome);
    } catch {
      // The model was deleted meanwhile: nothing to record.
    }
  };

  const run = async (modelId: string, requestId: string, durationMs: number, signal: AbortSignal) => {
    try {
      if (durationMs > 0) await clock.sleep(durationMs, signal);
      const item = world.state.items.get(modelId.toLowerCase());
      if (!item) return;
      if (signal.aborted) throw signal.reason;
      const outcome = await loadModel(item, world, signal, options.markerColumns, options.connectTimeoutMs ?? 5000);
      if (signal.aborted) throw signal.reason;
      finish(modelId, requestId, outcome);
    } catch (e) {
      if (signal.aborted) {
        finish(modelId, requestId, { ok: false, cancelled: true, errorCode: 'RefreshCancelled', errorDescription: 'The refresh was cancelled.' });
        return;
      }
      options.logger?.error(`powerbi: refresh ${requestId} crashed: ${(e as Error).stack ?? e}`);
      finish(modelId, requestId, { ok: false, errorCode: 'ModelRefresh_ShortMessage_ProcessingError', errorDescription: 'An internal error occurred while processing the refresh.' });
    }
  };

  return {
    start(modelId, requestId, durationMs) {
      const controller = new AbortController();
      running.set(key(modelId, requestId), controller);
      const task = run(modelId, requestId, durationMs, controller.signal).finally(() => {
        running.delete(key(modelId, requestId));
        tasks.delete(task);
      });
      tasks.add(task);
    },
    cancel(modelId, requestId) {
      const controller = running.get(key(modelId, requestId));
      if (!controller) return false;
      controller.abort(new Error('cancelled'));
      return true;
    },
    async settle() {
      while (tasks.size) await Promise.allSettled([...tasks]);
    },
    stop() {
      for (const controller of running.values()) controller.abort(new Error('emulator stopped'));
    },
  };
}

type Failure = Extract<RefreshOutcome, { ok: false }>;
const fail = (errorCode: string, errorDescription: string): Failure => ({ ok: false, errorCode, errorDescription });

function splitServer(server: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(server) ?? /^([^:]+)(?::(\d+))?$/.exec(server);
  if (!m) return undefined;
  return { host: m[1], port: m[2] ? Number(m[2]) : 5432 };
}

function describePgError(e: unknown): { code?: string; text: string } {
  const err = e as { code?: string; message?: string };
  return { code: err.code, text: `PostgreSQL: ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}` };
}

/** Reads what the model's tables hold, or says why the service would fail the refresh. */
async function loadModel(item: Item, world: World, signal: AbortSignal, markerColumns: readonly string[], connectTimeoutMs: number): Promise<RefreshOutcome> {
  const sm = item.semanticModel!;
  const source = world.resolveSource(item);
  const tables: LoadedData['tables'] = {};
  if (!source) {
    // No PostgreSQL partitions (e.g. inline Table.FromRows sources): nothing external to read.
    for (const t of sm.model?.tables ?? []) tables[t.name] = { rowCount: 0, columns: {} };
    return { ok: true, data: { loadedAt: world.now(), loadedAs: '', tables } };
  }
  if (source.error) return fail('ModelRefresh_ShortMessage_ProcessingError', source.error);
  if (!sm.credentials) {
    return fail('ModelRefreshFailed_CredentialsNotSpecified', 'The credentials provided for the PostgreSQL source are missing. Set them on the data source before refreshing.');
  }
  const address = splitServer(source.server);
  if (!address) return fail('DM_GWPipeline_Gateway_DataSourceAccessError', `PostgreSQL: the server "${source.server}" is not a host or host:port.`);
  const client = new pg.Client({
    host: address.host, port: address.port, database: source.database, user: sm.credentials.username, password: sm.credentials.password,
    connectionTimeoutMillis: connectTimeoutMs, application_name: 'PowerBI-Sandbox-Refresh',
  });
  const onAbort = () => void client.end().catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    try {
      await client.connect();
    } catch (e) {
      const { code, text } = describePgError(e);
      if (code === '28P01' || code === '28000') return fail('DM_GWPipeline_Gateway_InvalidConnectionCredentials', `The credentials provided for the PostgreSQL source are invalid. ${text}`);
      return fail('DM_GWPipeline_Gateway_DataSourceAccessError', text);
    }
    for (const t of source.tables) {
      if (signal.aborted) throw new Error('cancelled');
      if (t.error) return fail('ModelRefresh_ShortMessage_ProcessingError', t.error);
      if (!t.schema || !t.item) return fail('DM_GWPipeline_Gateway_MashupDataAccessError', `Table ${t.table}: its source does not navigate to a schema and table.`);
      const relation = `${client.escapeIdentifier(t.schema)}.${client.escapeIdentifier(t.item)}`;
      try {
        // Every model column must exist, as the mashup engine's type conversion requires.
        await client.query(`SELECT ${t.columns.map((c) => client.escapeIdentifier(c)).join(', ') || '1'} FROM ${relation} LIMIT 0`);
        const count = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${relation}`);
        const columns: Record<string, (string | null)[]> = {};
        for (const marker of markerColumns.filter((c) => t.columns.includes(c))) {
          const values = await client.query<{ v: string | null }>(`SELECT DISTINCT ${client.escapeIdentifier(marker)}::text AS v FROM ${relation} ORDER BY 1`);
          columns[marker] = values.rows.map((r) => r.v);
        }
        tables[t.table] = { rowCount: Number(count.rows[0].n), columns };
      } catch (e) {
        const { code, text } = describePgError(e);
        if (code === '42P01' || code === '3F000') {
          return fail('DM_GWPipeline_Gateway_MashupDataAccessError', `Expression.Error: The key didn't match any rows in the table. (Schema=${t.schema}, Item=${t.item}) ${text}`);
        }
        if (code === '42501') return fail('DM_GWPipeline_Gateway_DataSourceAccessError', text);
        return fail('DM_GWPipeline_Gateway_MashupDataAccessError', `Table ${t.table}: ${text}`);
      }
    }
    return { ok: true, data: { loadedAt: world.now(), loadedAs: sm.credentials.username, tables } };
  } finally {
    signal.removeEventListener('abort', onAbort);
    await client.end().catch(() => {});
  }
}
