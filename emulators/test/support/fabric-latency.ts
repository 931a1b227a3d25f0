// Derives the Fabric emulator's `realistic` numbers from the recorded trace, so the committed
// table (emulators/src/fabric/latency.ts) can be checked against its source: per route the median
// request→response time of the attributed exchanges, per item type the create call's latency and
// the operation's run time (createdTimeUtc → lastUpdatedTimeUtc of Succeeded), the LRO
// Retry-After values, and the window in which a new lakehouse's SQL endpoint turned `Success`.

import { loadTrace, type Exchange } from './fabric-trace.ts';

export interface DerivedLatency {
  /** Route name → median ms, rounded to 100 ms. */
  routes: Record<string, number>;
  /** Item type → median create-call latency (ms, rounded to 100 ms), split by the answer's status. */
  createSync: Record<string, number>;
  createAsync: Record<string, number>;
  /** Item type → mean operation run time (ms, rounded to 100 ms). */
  run: Record<string, number>;
  /** Distinct Retry-After values (s) on 202s and running operation states, by what answered. */
  retryAfter: { create: number[]; operationRunning: number[]; environmentPublish: number[] };
  /** ms after a lakehouse's create request: the latest `InProgress` and earliest `Success` SQL-endpoint reads seen. */
  sqlEndpoint: { lastInProgressMs: number; firstSuccessMs: number };
  /** An environment's staging publish: publishDetails startTime → endTime (ms). */
  environmentPublishMs?: number;
  /** Item type → the status its create answered with (201 or 202). */
  creation: Record<string, 201 | 202>;
}

/** The emulator's route name for a recorded call (undefined: not one of ours). */
export function routeNameOf(method: string, path: string): string | undefined {
  const p = path.replace(/\/+$/, '');
  const rules: [string, RegExp, string][] = [
    ['GET', /^\/v1\/workspaces\/[^/]+$/, 'workspaces.get'],
    ['GET', /^\/v1\/workspaces\/[^/]+\/folders$/, 'folders.list'],
    ['POST', /^\/v1\/workspaces\/[^/]+\/folders$/, 'folders.create'],
    ['GET', /^\/v1\/workspaces\/[^/]+\/items$/, 'items.list'],
    ['POST', /^\/v1\/workspaces\/[^/]+\/items$/, 'items.create'],
    ['GET', /^\/v1\/workspaces\/[^/]+\/items\/[^/]+\/shortcuts$/, 'shortcuts.list'],
    ['POST', /^\/v1\/workspaces\/[^/]+\/items\/[^/]+\/shortcuts$/, 'shortcuts.create'],
    ['GET', /^\/v1\/operations\/[^/]+$/, 'operations.get'],
    ['GET', /^\/v1\/operations\/[^/]+\/result$/, 'operations.result'],
    ['GET', /^\/v1\/connections$/, 'connections.list'],
    ['GET', /^\/v1\/workspaces\/[^/]+\/environments$/i, 'environments.list'],
    ['POST', /^\/v1\/workspaces\/[^/]+\/environments\/[^/]+\/staging\/publish$/i, 'environments.publish'],
    ['GET', /^\/v1\/workspaces\/[^/]+\/lakehouses\/[^/]+$/i, 'lakehouses.get'],
    ['GET', /^\/v1\/workspaces\/[^/]+\/warehouses\/[^/]+$/i, 'warehouses.get'],
    ['GET', /^\/v1\/workspaces\/[^/]+\/sqldatabases\/[^/]+$/i, 'sqlDatabases.get'],
    ['GET', /^\/v1\/workspaces\/[^/]+\/eventhouses\/[^/]+$/i, 'eventhouses.get'],
    ['GET', /^\/v1\/workspaces\/[^/]+\/kqldatabases\/[^/]+$/i, 'kqlDatabases.get'],
    ['GET', /^\/v1\/workspaces\/[^/]+\/mirroreddatabases\/[^/]+$/i, 'mirroredDatabases.get'],
    ['PATCH', /^\/v1\/workspaces\/[^/]+\/variablelibraries\/[^/]+$/i, 'variableLibraries.update'],
  ];
  return rules.find(([m, re]) => m === method && re.test(p))?.[2];
}

const round100 = (ms: number) => Math.round(ms / 100) * 100;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** The service's zone-less .NET times are UTC. */
export const parseServiceTime = (s: string) => Date.parse(s.replace(/(\.\d{3})\d+/, '$1') + (/[zZ]|[+-]\d\d:\d\d$/.test(s) ? '' : 'Z'));

export function deriveLatency(exchanges: Exchange[] = loadTrace().exchanges, starters = loadTrace().operationStarter): DerivedLatency {
  const byRoute: Record<string, number[]> = {};
  const createSync: Record<string, number[]> = {};
  const createAsync: Record<string, number[]> = {};
  const creation: Record<string, 201 | 202> = {};
  const retryAfter = { create: new Set<number>(), operationRunning: new Set<number>(), environmentPublish: new Set<number>() };
  const opTimes = new Map<string, { created: number; done?: number }>();
  let environmentPublishMs: number | undefined;

  for (const ex of exchanges) {
    const res = ex.response;
    if (!res || ex.handWritten) continue;
    const route = routeNameOf(ex.request.method, ex.request.path);
    const gap = res.time - ex.request.time;
    const body = ex.request.body as { type?: string } | undefined;
    if (route === 'items.create' && body?.type) {
      (res.status === 201 ? createSync : createAsync)[body.type] ??= [];
      (res.status === 201 ? createSync : createAsync)[body.type].push(gap);
      creation[body.type] = res.status as 201 | 202;
      if (res.status === 202) retryAfter.create.add(Number(res.headers['Retry-After']));
    } else if (route) {
      (byRoute[route] ??= []).push(gap);
    }
    if (route === 'environments.publish') retryAfter.environmentPublish.add(Number(res.headers['Retry-After']));
    if (route === 'environments.list') {
      for (const env of (res.body as { value: any[] }).value) {
        const p = env.properties?.publishDetails;
        if (p?.endTime) environmentPublishMs = parseServiceTime(p.endTime) - parseServiceTime(p.startTime);
      }
    }
    if (route === 'operations.get') {
      const state = res.body as { status: string; createdTimeUtc: string; lastUpdatedTimeUtc: string };
      const op = res.headers['x-ms-operation-id'].toLowerCase();
      const entry = opTimes.get(op) ?? { created: parseServiceTime(state.createdTimeUtc) };
      if (state.status === 'Succeeded') entry.done = parseServiceTime(state.lastUpdatedTimeUtc);
      if (state.status === 'Running') retryAfter.operationRunning.add(Number(res.headers['Retry-After']));
      opTimes.set(op, entry);
    }
  }

  const runs: Record<string, number[]> = {};
  for (const [op, t] of opTimes) {
    const type = (starters.get(op)?.request.body as { type?: string } | undefined)?.type;
    if (type && t.done !== undefined) (runs[type] ??= []).push(t.done - t.created);
  }

  return {
    routes: Object.fromEntries(Object.entries(byRoute).map(([k, v]) => [k, round100(median(v))])),
    createSync: Object.fromEntries(Object.entries(createSync).map(([k, v]) => [k, round100(median(v))])),
    createAsync: Object.fromEntries(Object.entries(createAsync).map(([k, v]) => [k, round100(median(v))])),
    run: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, round100(mean(v))])),
    retryAfter: { create: [...retryAfter.create], operationRunning: [...retryAfter.operationRunning], environmentPublish: [...retryAfter.environmentPublish] },
    sqlEndpoint: sqlEndpointWindow(exchanges),
    environmentPublishMs: environmentPublishMs === undefined ? undefined : round100(environmentPublishMs),
    creation,
  };
}

/**
 * For each lakehouse: from its create call's request time, the latest read that still showed the
 * SQL endpoint `InProgress` and the earliest that showed `Success`, each read at its midpoint
 * (the service answered somewhere between request and response).
 */
function sqlEndpointWindow(exchanges: Exchange[]): { lastInProgressMs: number; firstSuccessMs: number } {
  const created = new Map<string, number>();
  let lastInProgress = 0;
  let firstSuccess = Infinity;
  for (const ex of exchanges) {
    const body = ex.response?.body as any;
    if (!ex.response || ex.handWritten) continue;
    if (ex.request.method === 'POST' && ex.response.status === 201 && body?.type === 'Lakehouse') created.set(body.id, ex.request.time);
    const status = body?.properties?.sqlEndpointProperties?.provisioningStatus;
    if (ex.request.method !== 'GET' || body?.type !== 'Lakehouse' || !status || !created.has(body.id)) continue;
    const since = (ex.request.time + ex.response.time) / 2 - (created.get(body.id) as number);
    if (status === 'InProgress') lastInProgress = Math.max(lastInProgress, since);
    if (status === 'Success') firstSuccess = Math.min(firstSuccess, since);
  }
  return { lastInProgressMs: Math.round(lastInProgress), firstSuccessMs: Math.round(firstSuccess) };
}
