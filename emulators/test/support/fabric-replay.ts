// Replays the reconstructed fabric-cicd trace against the Fabric emulator, in recorded order, on
// a virtual clock set to the recorded times, and compares each answer with the recorded one:
// status, the `Location` / `x-ms-operation-id` / `Retry-After` headers, and the body's shape.
//
// Recorded ids become emulator ids as the sequence proceeds: the workspace (created up front,
// as it existed before the recording), then every id the two sides answer with for the same call
// (created items and folders, operation ids, ids in lists paired by type and name), and ids the
// requests carry inside definition payloads (a report's model, a KQL database's eventhouse).
//
// The clock, per call: a create answered 201 at its request time (the service creates the item as
// the call arrives); a create answered 202 at its operation's recorded createdTimeUtc; any other
// call at the midpoint of its request and response (the service answered somewhere in between).
// The profile is `realistic` with route latencies and create latencies at 0 (a sleep would move
// the shared virtual clock), so operation run times and SQL endpoint provisioning follow the table.

import { FABRIC_LATENCY } from '../../src/fabric/index.ts';
import { parseServiceTime, routeNameOf } from './fabric-latency.ts';
import type { Reply } from './https.ts';
import { CAPACITY_ID, startFabricSandbox, type FabricSandbox } from './fabric-sandbox.ts';
import { compareShapes } from './body-shape.ts';
import { loadTrace, type Exchange, type Reconstruction } from './fabric-trace.ts';

/**
 * The in-scope subset, by operation (route name → what it is in the specs). That is every kind of
 * call the trace makes: each exchange of these routes with a recorded response is compared.
 */
export const REPLAY_IN_SCOPE: Readonly<Record<string, string>> = {
  'workspaces.get': 'Workspaces_GetWorkspace',
  'folders.list': 'Folders_ListFolders',
  'folders.create': 'Folders_CreateFolder',
  'items.list': 'Items_ListItems',
  'items.create': 'Items_CreateItem (the trace\'s 22 item types, with their definitions)',
  'operations.get': 'LongRunningOperations_GetOperationState',
  'operations.result': 'LongRunningOperations_GetOperationResult',
  'lakehouses.get': 'Items_GetLakehouse (SQL endpoint InProgress → Success)',
  'warehouses.get': 'Items_GetWarehouse',
  'shortcuts.list': 'OneLakeShortcuts_ListShortcuts',
  'shortcuts.create': 'OneLakeShortcuts_CreateShortcut (refused: target path does not exist)',
  'connections.list': 'Connections_ListConnections (the tenant\'s connections seeded, synthetic)',
  'sqlDatabases.get': 'SQL database workload (not among our specs)',
  'eventhouses.get': 'Eventhouse workload (not among our specs)',
  'kqlDatabases.get': 'KQL database workload (not among our specs)',
  'variableLibraries.update': 'Variable library workload (not among our specs)',
  'environments.list': 'Environment workload (not among our specs)',
  'environments.publish': 'Environment staging publish (not among our specs)',
};

export interface ReplayOutcome {
  index: number;
  route: string;
  compared: boolean;
  problems: string[];
}

export interface ReplayReport {
  outcomes: ReplayOutcome[];
  /** Route → calls replayed with a recorded answer / of those, matched. */
  perRoute: Record<string, { replayed: number; matched: number }>;
  /** Calls sent without comparison, by reason. */
  notCompared: Record<string, number>;
  /** Every create the trace sends (with or without a recorded answer): item type → sent / accepted (2xx). */
  creates: Record<string, { sent: number; accepted: number }>;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HAS_GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** The trace's tenant labels every item by default; the replay's tenant has a (synthetic) default label too. */
const SENSITIVITY_LABEL = '5e0f1a2b-0000-4000-8000-0000000001ab';

/** Synthetic connections in the shapes the trace's GET /v1/connections shows (pre-existing tenant state). */
const CONNECTIONS = [
  {
    id: '5e0f1a2b-0000-4000-8000-000000000c01', displayName: 'sandbox-gateway-sql', gatewayId: '5e0f1a2b-0000-4000-8000-000000000a01',
    connectivityType: 'OnPremisesGateway', connectionDetails: { path: 'sql.example.invalid;sales', type: 'SQL' }, privacyLevel: 'Organizational',
    credentialDetails: { credentialType: 'Windows', singleSignOnType: 'None', connectionEncryption: 'NotEncrypted', skipTestConnection: false },
    connectionRecency: { createdDateTime: '2026-01-02T03:04:05Z', lastBoundDateTime: null, lastCredentialUsedDateTime: '2026-01-03T03:04:05Z', myLastBoundDateTime: null, myLastCredentialUsedDateTime: null },
  },
  {
    allowConnectionUsageInGateway: true, allowUsageInUserControlledCode: false, id: '5e0f1a2b-0000-4000-8000-000000000c02', displayName: null,
    gatewayId: '5e0f1a2b-0000-4000-8000-000000000a02', connectivityType: 'ShareableCloud', connectionDetails: { path: 'pg.example.invalid;tenant', type: 'PostgreSQL' },
    privacyLevel: 'Private', credentialDetails: { credentialType: 'Basic', singleSignOnType: 'None', connectionEncryption: 'Encrypted', skipTestConnection: false },
    connectionRecency: { createdDateTime: '2026-01-02T03:04:05Z', lastBoundDateTime: '2026-01-04T03:04:05Z', lastCredentialUsedDateTime: null, myLastBoundDateTime: null, myLastCredentialUsedDateTime: null },
  },
];

/** `durations`: overrides of the realistic table for this replay (to show the comparison notices a wrong one). */
export async function replayTrace(trace: Reconstruction = loadTrace(), options: { durations?: Record<string, number> } = {}): Promise<ReplayReport> {
  const first = trace.exchanges[0].request.time;
  const zeroRoutes = Object.fromEntries(Object.keys(FABRIC_LATENCY.routes ?? {}).map((r) => [r, 0]));
  const zeroCreates = Object.fromEntries(Object.keys(FABRIC_LATENCY.durations ?? {}).filter((d) => /^(create|accept)\./.test(d)).map((d) => [d, 0]));
  const sb = await startFabricSandbox({
    start: first - 60_000,
    fabric: {
      latency: { profile: 'realistic', routes: zeroRoutes, durations: { ...zeroCreates, ...options.durations } },
      sensitivityLabelId: SENSITIVITY_LABEL,
      connections: CONNECTIONS,
      latencyTable: { ...FABRIC_LATENCY, defaultMs: 0 },
    },
  });
  try {
    return await run(sb, trace, first);
  } finally {
    await sb.stop();
  }
}

async function run(sb: FabricSandbox, trace: Reconstruction, first: number): Promise<ReplayReport> {
  const ids = new Map<string, string>();
  const opStartedBy = new Map<number, string>(); // exchange index → emulator operation id
  const opCreated = opCreatedTimes(trace);
  const startOf = new Map([...trace.operationStarter].map(([op, ex]) => [ex.index, op]));

  // The workspace existed before the recording: create it (and its capacity) the way the product would.
  const recordedWs = trace.exchanges[0].request.path.split('/')[3].toLowerCase();
  const ws = await sb.call('POST', '/v1/workspaces', { body: { displayName: 'test_deploy_ws', capacityId: CAPACITY_ID } });
  if (ws.status !== 201) throw new Error(`could not create the replay workspace: ${ws.status} ${ws.text}`);
  ids.set(recordedWs, ws.json.id);
  sb.clock.set(first - 1_000);

  const report: ReplayReport = { outcomes: [], perRoute: {}, notCompared: {}, creates: {} };
  const skip = (reason: string) => (report.notCompared[reason] = (report.notCompared[reason] ?? 0) + 1);

  for (const ex of trace.exchanges) {
    if (ex.handWritten) {
      skip('hand-written entry (never recorded by fabric-cicd)');
      continue;
    }
    const route = routeNameOf(ex.request.method, ex.request.path) ?? `${ex.request.method} ${ex.request.path}`;
    const recordedOp = startOf.get(ex.index);
    sb.clock.set(clockFor(ex, recordedOp ? opCreated.get(recordedOp) : undefined));

    const path = mapIds(ex.request.url.pathname, ids, opStartedBy, trace) + ex.request.url.search;
    const reply = await sb.call(ex.request.method, path, ex.request.body === undefined ? {} : { body: mapBody(ex.request.body, ids) });
    const createdType = route === 'items.create' ? (ex.request.body as { type?: string }).type : undefined;
    if (createdType) {
      const c = (report.creates[createdType] ??= { sent: 0, accepted: 0 });
      c.sent++;
      if (reply.status === 201 || reply.status === 202) c.accepted++;
    }
    const emulatorOp = reply.headers['x-ms-operation-id'];
    if (emulatorOp && recordedOp) opStartedBy.set(ex.index, emulatorOp);
    if (!ex.response) {
      skip('no recorded response (the recorder lost it)');
      continue;
    }
    const problems = compareExchange(ex, reply, ids, sb.fabric.url);
    learnIds(ex.response.body, reply.json, ids);
    const recordedOpHeader = ex.response.headers['x-ms-operation-id'];
    if (recordedOpHeader && emulatorOp) ids.set(recordedOpHeader.toLowerCase(), emulatorOp.toLowerCase());
    report.outcomes.push({ index: ex.index, route, compared: true, problems });
    const stats = (report.perRoute[route] ??= { replayed: 0, matched: 0 });
    stats.replayed++;
    if (problems.length === 0) stats.matched++;
  }
  return report;
}

function opCreatedTimes(trace: Reconstruction): Map<string, number> {
  const out = new Map<string, number>();
  for (const ex of trace.exchanges) {
    const body = ex.response?.body as { createdTimeUtc?: string } | undefined;
    const op = ex.response?.headers['x-ms-operation-id']?.toLowerCase();
    if (op && typeof body?.createdTimeUtc === 'string') out.set(op, parseServiceTime(body.createdTimeUtc));
  }
  return out;
}

function clockFor(ex: Exchange, operationCreated: number | undefined): number {
  const isCreate = ex.request.method === 'POST' && /\/items$/i.test(ex.request.path);
  if (operationCreated !== undefined) return operationCreated;
  if (isCreate && ex.response?.status === 201) return ex.request.time;
  return ex.response ? (ex.request.time + ex.response.time) / 2 : ex.request.time;
}

/** Recorded ids in a path → emulator ids; an operation whose 202 was lost maps through its starter. */
function mapIds(text: string, ids: Map<string, string>, opStartedBy: Map<number, string>, trace: Reconstruction): string {
  return text.replace(GUID, (g) => {
    const known = ids.get(g.toLowerCase());
    if (known) return known;
    const starter = trace.operationStarter.get(g.toLowerCase());
    const started = starter ? opStartedBy.get(starter.index) : undefined;
    return started ?? g;
  });
}

function mapBody(value: unknown, ids: Map<string, string>): unknown {
  const replace = (s: string) => s.replace(GUID, (g) => ids.get(g.toLowerCase()) ?? g);
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      if (key !== 'payload') return replace(v);
      const text = Buffer.from(v, 'base64').toString('utf8');
      if (text.includes('\uFFFD') || !HAS_GUID.test(text)) return v;
      return Buffer.from(replace(text), 'utf8').toString('base64');
    }
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value);
}

/** Pairs ids the two sides answered with for the same thing: same object, or list elements of the same type and name. */
function learnIds(recorded: unknown, actual: unknown, ids: Map<string, string>): void {
  if (Array.isArray(recorded) && Array.isArray(actual)) {
    for (const r of recorded) {
      const match = actual.find((a) => a && r && a.displayName === r.displayName && a.type === r.type && (a.parentFolderId === undefined) === (r.parentFolderId === undefined));
      if (match) learnIds(r, match, ids);
    }
    return;
  }
  if (!recorded || !actual || typeof recorded !== 'object' || typeof actual !== 'object') return;
  const r = recorded as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  if (typeof r.id === 'string' && typeof a.id === 'string' && !ids.has(r.id.toLowerCase())) ids.set(r.id.toLowerCase(), a.id.toLowerCase());
  for (const [k, v] of Object.entries(r)) if (k in a && k !== 'id') learnIds(v, a[k], ids);
}

function compareExchange(ex: Exchange, reply: Reply, ids: Map<string, string>, origin: string): string[] {
  const rec = ex.response!;
  const problems: string[] = [];
  if (rec.status !== reply.status) problems.push(`status ${reply.status}, recorded ${rec.status}: ${reply.text.slice(0, 200)}`);
  const recHeader = (name: string) => Object.entries(rec.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  for (const name of ['Location', 'x-ms-operation-id', 'Retry-After']) {
    const r = recHeader(name);
    const a = reply.headers[name.toLowerCase()];
    if ((r === undefined) !== (a === undefined)) {
      problems.push(`header ${name}: ${a === undefined ? 'missing' : `unexpected (${a})`}${r === undefined ? '' : `, recorded ${r}`}`);
      continue;
    }
    if (r === undefined || a === undefined) continue;
    if (name === 'Retry-After' && r !== a) problems.push(`Retry-After ${a}, recorded ${r}`);
    if (name === 'x-ms-operation-id') {
      const mapped = ids.get(r.toLowerCase());
      if (mapped && mapped !== a.toLowerCase()) problems.push(`x-ms-operation-id ${a} is not the operation recorded as ${r}`);
    }
    if (name === 'Location') problems.push(...compareLocation(r, a, origin, ids));
  }
  const body = reply.text === '' ? '' : reply.json === undefined ? reply.text : reply.json;
  problems.push(...compareShapes(rec.body, body).map((p) => `body ${p}`));
  return problems;
}

/** Same kind of URL (operation, operation result, folder), on the emulator's own origin. */
function compareLocation(recorded: string, actual: string, origin: string, ids: Map<string, string>): string[] {
  const kind = (url: string) => new URL(url).pathname.replace(GUID, '{id}');
  const problems: string[] = [];
  if (kind(recorded) !== kind(actual)) problems.push(`Location ${actual} is not a ${kind(recorded)} URL`);
  if (!actual.startsWith(`${origin}/`)) problems.push(`Location ${actual} is not on the emulator's origin ${origin}`);
  const recordedIds = new URL(recorded).pathname.match(GUID) ?? [];
  const actualIds = new URL(actual).pathname.match(GUID) ?? [];
  recordedIds.forEach((id, i) => {
    const mapped = ids.get(id.toLowerCase());
    if (mapped && actualIds[i]?.toLowerCase() !== mapped) problems.push(`Location ${actual}: id ${actualIds[i]} is not the one recorded as ${id}`);
  });
  return problems;
}
