// The Cloudflare API v4 DNS emulator, after https://developers.cloudflare.com/api/resources/dns/
// subresources/records/ (list with `name.exact` / `type` filters and v4 page pagination, create,
// get, overwrite (PUT), update (PATCH), delete, and the `/dns_records/batch` transaction) and
// /api/resources/zones/methods/list/ (zones by name). Bearer API tokens scoped to zones; the v4
// envelope `{success, errors: [{code, message}], messages, result, result_info}`; `cf-ray`
// request ids; 1,200 requests per 5 minutes per token (429 with Retry-After).
import { serviceOptions, startEmulator, systemClock, type Emulator, type EmulatorRequest, type EmulatorResponse, type ErrorDetails, type Identity, type Route, type ServiceOptions } from '../http/index.ts';
import { createHash } from 'node:crypto';
import { buildRecord, cfError, checkConflicts, fullName, newId, type CfRecord, type CfZone, type RecordInput } from './records.ts';

export interface CloudflareToken {
  token: string;
  /** Zone names the token may read and edit; default all. */
  zones?: string[];
}

export interface CloudflareOptions extends ServiceOptions {
  tokens: CloudflareToken[];
  /** Zone names; records are added with `seed`. */
  zones: string[];
}

export interface CloudflareEmulator extends Emulator {
  /** `https://127.0.0.1:<port>/client/v4`, what the SDK's `baseURL` and our client take. */
  apiUrl: string;
  zoneId(name: string): string;
  records(zone: string): CfRecord[];
  /** Adds records directly (a change made in Cloudflare's dashboard). */
  seed(zone: string, records: { name: string; type: string; content: string; ttl?: number }[]): void;
}

const BASE = '/client/v4';

export async function startCloudflare(options: CloudflareOptions): Promise<CloudflareEmulator> {
  const clock = options.clock ?? systemClock;
  const zones = new Map<string, CfZone>();
  for (const name of options.zones) {
    const z = name.toLowerCase();
    zones.set(z, { id: newId(), name: z, name_servers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'], records: [] });
  }
  const byId = () => new Map([...zones.values()].map((z) => [z.id, z]));
  const tokens = new Map(options.tokens.map((t) => [t.token, t]));
  const stamp = () => new Date(clock.now()).toISOString();
  const canSee = (req: EmulatorRequest, zone: CfZone) => {
    const t = tokens.get(bearer(req.headers.authorization));
    return !t?.zones || t.zones.map((z) => z.toLowerCase()).includes(zone.name);
  };
  const zoneOf = (req: EmulatorRequest) => {
    const zone = byId().get(req.params.zone_id);
    if (!zone) throw cfError(404, 7003, `Could not route to /zones/${req.params.zone_id}, perhaps your object identifier is invalid?`);
    if (!canSee(req, zone)) throw cfError(403, 10000, 'Authentication error');
    return zone;
  };
  const recordOf = (zone: CfZone, id: string) => {
    const r = zone.records.find((x) => x.id === id);
    if (!r) throw cfError(404, 81044, 'Record does not exist.');
    return r;
  };
  const ok = (result: unknown, status = 200, result_info?: unknown): EmulatorResponse => ({ status, body: { success: true, errors: [], messages: [], result, ...(result_info ? { result_info } : {}) } });
  const present = (zone: CfZone, r: CfRecord) => ({ ...r, zone_id: zone.id, zone_name: zone.name, proxiable: ['A', 'AAAA', 'CNAME'].includes(r.type), settings: {}, meta: {} });
  const create = (zone: CfZone, input: RecordInput): CfRecord => ({ id: newId(), ...buildRecord(zone, input), created_on: stamp(), modified_on: stamp() });
  /** Applies `change` to a copy of the zone's records; commits only when the result is valid. */
  const transact = <T>(zone: CfZone, change: (records: CfRecord[]) => T): T => {
    const records = zone.records.map((r) => ({ ...r }));
    const result = change(records);
    checkConflicts(records);
    zone.records = records;
    return result;
  };

  const routes: Route[] = [
    {
      name: 'zones.list', method: 'GET', path: `${BASE}/zones`,
      handler: (req) => {
        const name = req.query.name?.toLowerCase();
        const list = [...zones.values()].filter((z) => canSee(req, z) && (!name || z.name === name));
        return paginate(req, list.map((z) => ({ id: z.id, name: z.name, status: 'active', paused: false, type: 'full', name_servers: z.name_servers })), ok);
      },
    },
    { name: 'zones.get', method: 'GET', path: `${BASE}/zones/{zone_id}`, handler: (req) => { const z = zoneOf(req); return ok({ id: z.id, name: z.name, status: 'active', name_servers: z.name_servers }); } },
    {
      name: 'dns_records.list', method: 'GET', path: `${BASE}/zones/{zone_id}/dns_records`,
      handler: (req) => {
        const zone = zoneOf(req);
        const matched = zone.records.filter((r) => matchesFilters(r, req, zone.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.type < b.type ? -1 : 1));
        return paginate(req, matched.map((r) => present(zone, r)), ok);
      },
    },
    {
      name: 'dns_records.create', method: 'POST', path: `${BASE}/zones/{zone_id}/dns_records`,
      handler: (req) => {
        const zone = zoneOf(req);
        const record = transact(zone, (records) => {
          const r = create(zone, req.json<RecordInput>());
          records.push(r);
          return r;
        });
        return ok(present(zone, record));
      },
    },
    { name: 'dns_records.get', method: 'GET', path: `${BASE}/zones/{zone_id}/dns_records/{dns_record_id}`, handler: (req) => { const z = zoneOf(req); return ok(present(z, recordOf(z, req.params.dns_record_id))); } },
    {
      name: 'dns_records.update', method: 'PUT', path: `${BASE}/zones/{zone_id}/dns_records/{dns_record_id}`,
      handler: (req) => {
        const zone = zoneOf(req);
        recordOf(zone, req.params.dns_record_id);
        const r = transact(zone, (records) => overwrite(zone, records, req.params.dns_record_id, req.json<RecordInput>(), false, stamp()));
        return ok(present(zone, r));
      },
    },
    {
      name: 'dns_records.edit', method: 'PATCH', path: `${BASE}/zones/{zone_id}/dns_records/{dns_record_id}`,
      handler: (req) => {
        const zone = zoneOf(req);
        recordOf(zone, req.params.dns_record_id);
        const r = transact(zone, (records) => overwrite(zone, records, req.params.dns_record_id, req.json<RecordInput>(), true, stamp()));
        return ok(present(zone, r));
      },
    },
    {
      name: 'dns_records.delete', method: 'DELETE', path: `${BASE}/zones/{zone_id}/dns_records/{dns_record_id}`,
      handler: (req) => {
        const zone = zoneOf(req);
        const r = recordOf(zone, req.params.dns_record_id);
        zone.records = zone.records.filter((x) => x.id !== r.id);
        return ok({ id: r.id });
      },
    },
    {
      name: 'dns_records.batch', method: 'POST', path: `${BASE}/zones/{zone_id}/dns_records/batch`,
      handler: (req) => {
        const zone = zoneOf(req);
        const body = req.json<{ deletes?: { id: string }[]; patches?: (RecordInput & { id: string })[]; puts?: (RecordInput & { id: string })[]; posts?: RecordInput[] }>();
        const result = transact(zone, (records) => {
          const find = (id: string) => {
            const i = records.findIndex((r) => r.id === id);
            if (i < 0) throw cfError(404, 81044, `Record ${id} does not exist.`);
            return i;
          };
          // Cloudflare's documented order, whatever order the body lists them in.
          const deletes = (body.deletes ?? []).map((d) => records.splice(find(d.id), 1)[0]);
          const patches = (body.patches ?? []).map((p) => overwrite(zone, records, p.id, p, true, stamp()));
          const puts = (body.puts ?? []).map((p) => overwrite(zone, records, p.id, p, false, stamp()));
          const posts = (body.posts ?? []).map((p) => {
            const r = create(zone, p);
            records.push(r);
            return r;
          });
          return { deletes, patches, puts, posts };
        });
        const show = (list: CfRecord[]) => list.map((r) => present(zone, r));
        return ok({ deletes: show(result.deletes), patches: show(result.patches), puts: show(result.puts), posts: show(result.posts) });
      },
    },
  ];

  const emulator = await startEmulator({
    name: 'cloudflare',
    routes,
    ...serviceOptions(options),
    clock,
    requestIdHeaders: ['cf-ray'],
    latencyTable: { defaultMs: 120 },
    rateLimits: { default: { capacity: 1200, refillPerSecond: 4 } },
    errors: renderCloudflareError,
    authenticate: (req) => authenticate(req.headers.authorization, tokens),
    state: () => ({ zones: [...zones.values()].map((z) => ({ id: z.id, name: z.name, records: z.records })) }),
  });
  return Object.assign(emulator, {
    apiUrl: `${emulator.url}${BASE}`,
    zoneId: (name: string) => zones.get(name.toLowerCase())!.id,
    records: (zone: string) => (zones.get(zone.toLowerCase())?.records ?? []).map((r) => ({ ...r })),
    seed(zone: string, records: { name: string; type: string; content: string; ttl?: number }[]) {
      const z = zones.get(zone.toLowerCase());
      if (!z) throw new Error(`no zone ${zone} in the Cloudflare emulator`);
      transact(z, (list) => {
        for (const r of records) list.push(create(z, r));
      });
    },
  });
}

function overwrite(zone: CfZone, records: CfRecord[], id: string, input: RecordInput, merge: boolean, now: string): CfRecord {
  const i = records.findIndex((r) => r.id === id);
  if (i < 0) throw cfError(404, 81044, `Record ${id} does not exist.`);
  const next = { ...records[i], ...buildRecord(zone, input, merge ? records[i] : undefined), modified_on: now };
  records[i] = next;
  return next;
}

function matchesFilters(r: CfRecord, req: EmulatorRequest, zone: string): boolean {
  const q = req.query;
  const tests: boolean[] = [];
  if (q.type) tests.push(r.type === q.type.toUpperCase());
  const exact = q['name.exact'] ?? q.name;
  if (exact) tests.push(r.name === fullName(exact, zone));
  if (q['name.contains']) tests.push(r.name.includes(q['name.contains'].toLowerCase()));
  if (q['name.startswith']) tests.push(r.name.startsWith(q['name.startswith'].toLowerCase()));
  if (q['name.endswith']) tests.push(r.name.endsWith(q['name.endswith'].toLowerCase()));
  const content = q['content.exact'] ?? q.content;
  if (content) tests.push(r.content === content);
  if (tests.length === 0) return true;
  return q.match === 'any' ? tests.some(Boolean) : tests.every(Boolean);
}

function paginate<T>(req: EmulatorRequest, items: T[], ok: (result: unknown, status?: number, info?: unknown) => EmulatorResponse): EmulatorResponse {
  const perPage = Math.min(5_000_000, Math.max(5, Number(req.query.per_page ?? 100) || 100));
  const page = Math.max(1, Number(req.query.page ?? 1) || 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return ok(slice, 200, { page, per_page: perPage, count: slice.length, total_count: items.length, total_pages: Math.max(1, Math.ceil(items.length / perPage)) });
}

function bearer(header: string | undefined): string {
  return /^Bearer (\S+)$/.exec(header?.trim() ?? '')?.[1] ?? '';
}

function authenticate(header: string | undefined, tokens: Map<string, CloudflareToken>): Identity | EmulatorResponse {
  const m = /^Bearer (\S+)$/.exec(header?.trim() ?? '');
  if (!m) return renderCloudflareError({ status: 400, code: '6003', message: 'Invalid request headers', requestId: '' });
  if (!tokens.has(m[1])) return renderCloudflareError({ status: 403, code: '9109', message: 'Invalid access token', requestId: '' });
  // The request log names the caller: a digest of the token, never the token.
  return { key: `token-${createHash('sha256').update(m[1]).digest('hex').slice(0, 12)}` };
}

/** The v4 envelope with Cloudflare's numeric error codes. */
export function renderCloudflareError(e: ErrorDetails): EmulatorResponse {
  const framework: Record<string, [number, string]> = {
    RouteNotFound: [7000, 'No route for that URI'],
    MethodNotAllowed: [7001, 'Method not allowed for this authentication scheme'],
    InvalidRequest: [6007, 'Malformed JSON in request body'],
    TooManyRequests: [971, 'Please wait and consider throttling your request speed'],
    RequestBodyTooLarge: [6006, 'Request body too large'],
  };
  const mapped = framework[e.code];
  const numeric = Number(e.code);
  const code = mapped ? mapped[0] : Number.isInteger(numeric) ? numeric : 10000 + (e.status >= 500 ? 1 : 0);
  const message = mapped ? mapped[1] : e.message;
  return { status: e.status, body: { success: false, errors: [{ code, message }], messages: [], result: null } };
}
