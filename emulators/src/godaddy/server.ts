// The GoDaddy Domains API v1 emulator, after https://developer.godaddy.com/doc/endpoint/domains:
// `Authorization: sso-key KEY:SECRET`, records by type and name (GET / PUT replace / DELETE),
// PATCH append and PUT replace only at domain level, 60 requests a minute per endpoint (429 with
// `retryAfterSec` in the body, no header), 409 for a few seconds after an edit, and GoDaddy's
// error body `{code, message, fields?}` (UNABLE_TO_AUTHENTICATE, ACCESS_DENIED, UNKNOWN_DOMAIN,
// INVALID_BODY, TOO_MANY_REQUESTS).
import {
  createRateLimiter, EmulatorRequestError, serviceOptions, startEmulator, systemClock, type Emulator, type EmulatorRequest,
  type EmulatorResponse, type ErrorDetails, type Identity, type Route, type ServiceOptions,
} from '../http/index.ts';
import { createHash } from 'node:crypto';
import { createDomain, matches, MIN_TTL, normalizeRecord, present, RECORD_TYPES, type GodaddyDomain, type GodaddyRecord } from './zone.ts';

export interface GodaddyCredential {
  key: string;
  secret: string;
  /** GoDaddy restricts its API by account (10+ domains or Discount Domain Club): true answers 403 ACCESS_DENIED. */
  accessDenied?: boolean;
}

export interface GodaddyOptions extends ServiceOptions {
  credentials: GodaddyCredential[];
  /** Domain → its records (SOA and NS are added). */
  domains: Record<string, { records?: GodaddyRecord[]; nameServers?: string[] }>;
  /** Per endpoint and API key; default 60 (GoDaddy's published limit). */
  requestsPerMinute?: number;
  /** How long after an edit further edits of the domain answer 409; default 3000 ms. */
  editLockMs?: number;
}

export interface GodaddyEmulator extends Emulator {
  /** A copy of a domain's records, SOA and NS included. */
  records(domain: string): GodaddyRecord[];
  /** Puts records in place directly (a change made by someone else, e.g. in GoDaddy's UI). */
  putRecords(domain: string, records: GodaddyRecord[]): void;
  /** Every domain and its records as JSON-safe data, for `restore` in a later process. */
  snapshot(): GodaddySnapshot;
  /** Replaces every domain with the snapshot's; edit locks and rate windows start afresh. */
  restore(snapshot: GodaddySnapshot): void;
  /** The API keys and secrets it accepts (for a leak scan). */
  issuedSecrets(): string[];
}

export interface GodaddySnapshot {
  version: 1;
  domains: GodaddyDomain[];
}

const WRITE_ROUTES = new Set(['records.add', 'records.replace', 'records.replaceType', 'records.replaceTypeName', 'records.delete']);

export async function startGodaddy(options: GodaddyOptions): Promise<GodaddyEmulator> {
  const clock = options.clock ?? systemClock;
  const domains = new Map<string, GodaddyDomain>();
  let nextId = 1000;
  for (const [name, d] of Object.entries(options.domains)) domains.set(name.toLowerCase(), createDomain(name, nextId++, d.records, d.nameServers));
  const perMinute = options.requestsPerMinute ?? 60;
  const editLockMs = options.editLockMs ?? 3000;
  const lockedUntil = new Map<string, number>();
  const routeNames: string[] = [];
  const limiter = createRateLimiter(clock);

  const domainOf = (req: EmulatorRequest) => {
    const d = domains.get(req.params.domain.toLowerCase());
    if (!d) throw new EmulatorRequestError(404, 'UNKNOWN_DOMAIN', 'The given domain is not registered, or does not have a zone file');
    return d;
  };
  const typeOf = (req: EmulatorRequest) => {
    const type = req.params.type.toUpperCase();
    if (!(RECORD_TYPES as readonly string[]).includes(type)) invalid([{ path: 'type', code: 'UNEXPECTED_VALUE', message: `type must be one of ${RECORD_TYPES.join(', ')}` }]);
    return type;
  };
  const nameOf = (req: EmulatorRequest) => req.params.name.toLowerCase();
  const edited = (d: GodaddyDomain) => lockedUntil.set(d.domain, clock.now() + editLockMs);

  /** Rate limit per endpoint, then the edit lock for writes: GoDaddy's order of refusals. */
  const guard = (name: string, handler: (req: EmulatorRequest) => EmulatorResponse): Route['handler'] => (req) => {
    const decision = limiter.take(req.identity?.key ?? 'anonymous', name);
    if (!decision.allowed) {
      return { status: 429, body: { code: 'TOO_MANY_REQUESTS', message: 'Too many requests received within interval', retryAfterSec: decision.retryAfterSeconds } };
    }
    if (WRITE_ROUTES.has(name)) {
      const d = domainOf(req);
      if (clock.now() < (lockedUntil.get(d.domain) ?? 0)) {
        throw new EmulatorRequestError(409, 'CONFLICT', `The DNS records of ${d.domain} are still being updated by an earlier request; retry in a few seconds`);
      }
    }
    try {
      return handler(req);
    } catch (err) {
      // Field-level validation errors carry `fields`, which the framework's renderer cannot see.
      const fields = (err as { fields?: FieldError[] }).fields;
      if (err instanceof EmulatorRequestError && fields) return { status: err.status, body: { code: err.code, message: err.message, fields } };
      throw err;
    }
  };
  const route = (name: string, method: string, path: string, handler: (req: EmulatorRequest) => EmulatorResponse): Route => {
    routeNames.push(name);
    return { name, method, path, handler: guard(name, handler) };
  };

  const routes: Route[] = [
    route('domains.list', 'GET', '/v1/domains', () => ({
      status: 200,
      body: [...domains.values()].map((d) => ({ domain: d.domain, domainId: d.domainId, status: 'ACTIVE', nameServers: d.nameServers })),
    })),
    route('domains.get', 'GET', '/v1/domains/{domain}', (req) => {
      const d = domains.get(req.params.domain.toLowerCase());
      if (!d) throw new EmulatorRequestError(404, 'NOT_FOUND', `Domain ${req.params.domain} not found`);
      return { status: 200, body: { domain: d.domain, domainId: d.domainId, status: 'ACTIVE', nameServers: d.nameServers, locked: true, privacy: false, renewAuto: true } };
    }),
    route('records.list', 'GET', '/v1/domains/{domain}/records', (req) => ({ status: 200, body: page(domainOf(req).records, req) })),
    route('records.add', 'PATCH', '/v1/domains/{domain}/records', (req) => {
      const d = domainOf(req);
      const added = parseRecords(req, { withTypeAndName: true });
      for (const r of added) {
        if (d.records.some((e) => e.type === r.type && e.name === r.name && e.data === r.data)) {
          throw new EmulatorRequestError(422, 'DUPLICATE_RECORD', `Another record with the same attributes already exists: ${r.type} ${r.name} ${r.data}`);
        }
      }
      const next = [...d.records, ...added];
      checkCnames(next);
      d.records = next;
      edited(d);
      return { status: 200 };
    }),
    route('records.replace', 'PUT', '/v1/domains/{domain}/records', (req) => {
      // Replaces the whole zone but its SOA and NS, as GoDaddy does: a call careful clients avoid.
      const d = domainOf(req);
      const next = [...d.records.filter((r) => r.type === 'SOA' || (r.type === 'NS' && r.name === '@')), ...parseRecords(req, { withTypeAndName: true })];
      checkCnames(next);
      d.records = next;
      edited(d);
      return { status: 200 };
    }),
    route('records.getType', 'GET', '/v1/domains/{domain}/records/{type}', (req) => {
      const d = domainOf(req);
      const type = typeOf(req);
      return { status: 200, body: page(d.records.filter((r) => matches(r, type)), req) };
    }),
    route('records.replaceType', 'PUT', '/v1/domains/{domain}/records/{type}', (req) => {
      const d = domainOf(req);
      const type = typeOf(req);
      const next = [...d.records.filter((r) => !matches(r, type)), ...parseRecords(req, { withName: true }).map((r) => ({ ...r, type }))];
      checkCnames(next);
      d.records = next;
      edited(d);
      return { status: 200 };
    }),
    route('records.get', 'GET', '/v1/domains/{domain}/records/{type}/{name}', (req) => {
      const d = domainOf(req);
      const type = typeOf(req);
      return { status: 200, body: page(d.records.filter((r) => matches(r, type, nameOf(req))), req) };
    }),
    route('records.replaceTypeName', 'PUT', '/v1/domains/{domain}/records/{type}/{name}', (req) => {
      const d = domainOf(req);
      const type = typeOf(req);
      const name = nameOf(req);
      const records = parseRecords(req, {}).map((r) => ({ ...r, type, name }));
      if (records.length === 0) invalid([{ path: 'records', code: 'UNDERFLOW', message: 'records must contain at least 1 item' }]);
      const next = [...d.records.filter((r) => !matches(r, type, name)), ...records];
      checkCnames(next);
      d.records = next;
      edited(d);
      return { status: 200 };
    }),
    route('records.delete', 'DELETE', '/v1/domains/{domain}/records/{type}/{name}', (req) => {
      const d = domainOf(req);
      const type = typeOf(req);
      const name = nameOf(req);
      if (type === 'SOA' || (type === 'NS' && name === '@')) throw new EmulatorRequestError(409, 'CONFLICT', 'The given domain is not eligible to have its records changed');
      if (!d.records.some((r) => matches(r, type, name))) throw new EmulatorRequestError(404, 'NOT_FOUND', `No ${type} records named ${name} in ${d.domain}`);
      d.records = d.records.filter((r) => !matches(r, type, name));
      edited(d);
      return { status: 204 };
    }),
  ];

  limiter.configure(Object.fromEntries(routeNames.map((n) => [n, { capacity: perMinute, refillPerSecond: perMinute / 60 }])));
  const credentials = new Map(options.credentials.map((c) => [c.key, c]));
  const emulator = await startEmulator({
    name: 'godaddy',
    routes,
    ...serviceOptions(options),
    clock,
    requestIdHeaders: ['X-Request-Id'],
    latencyTable: { defaultMs: 250 },
    errors: renderGodaddyError,
    authenticate: (req) => authenticate(req.headers.authorization, credentials),
    state: () => ({ domains: [...domains.values()].map((d) => ({ domain: d.domain, records: d.records.map(present) })) }),
  });
  return Object.assign(emulator, {
    records: (domain: string) => (domains.get(domain.toLowerCase())?.records ?? []).map((r) => ({ ...r })),
    putRecords(domain: string, records: GodaddyRecord[]) {
      const d = domains.get(domain.toLowerCase());
      if (!d) throw new Error(`no domain ${domain} in the GoDaddy emulator`);
      const next = records.map(normalizeRecord);
      const keys = new Set(next.map((r) => `${r.type}\u0000${r.name}`));
      d.records = [...d.records.filter((r) => !keys.has(`${r.type}\u0000${r.name}`)), ...next];
    },
    issuedSecrets: () => [...credentials.values()].flatMap((c) => [c.key, c.secret]),
    snapshot: (): GodaddySnapshot => structuredClone({ version: 1, domains: [...domains.values()] }),
    restore(snapshot: GodaddySnapshot) {
      if (snapshot?.version !== 1) throw new Error(`GoDaddy snapshot version ${String(snapshot?.version)} is not supported (expected 1)`);
      domains.clear();
      lockedUntil.clear();
      for (const d of structuredClone(snapshot.domains)) domains.set(d.domain, d);
      nextId = Math.max(nextId, ...snapshot.domains.map((d) => d.domainId + 1));
    },
  });
}

function authenticate(header: string | undefined, credentials: Map<string, GodaddyCredential>): Identity | EmulatorResponse {
  const m = /^sso-key ([^:\s]+):(\S+)$/.exec(header?.trim() ?? '');
  if (!m) return { status: 401, body: { code: 'UNABLE_TO_AUTHENTICATE', message: 'Unauthorized : Credentials must be specified' } };
  const cred = credentials.get(m[1]);
  if (!cred || cred.secret !== m[2]) return { status: 401, body: { code: 'UNABLE_TO_AUTHENTICATE', message: 'Unauthorized : Could not authenticate API key/secret' } };
  if (cred.accessDenied) return { status: 403, body: { code: 'ACCESS_DENIED', message: 'Authenticated user is not allowed access' } };
  // The request log names the caller by a digest of the key, never the key itself.
  return { key: `key-${createHash('sha256').update(cred.key).digest('hex').slice(0, 12)}` };
}

/** GoDaddy's `Error` / `ErrorLimit` bodies: `{code, message, fields?, retryAfterSec?}`. */
export function renderGodaddyError(e: ErrorDetails): EmulatorResponse {
  const codes: Record<string, string> = {
    RouteNotFound: 'NOT_FOUND', MethodNotAllowed: 'METHOD_NOT_ALLOWED', InvalidRequest: 'INVALID_BODY', TooManyRequests: 'TOO_MANY_REQUESTS',
    InternalServerError: 'INTERNAL_SERVER_ERROR', ServiceUnavailable: 'SERVICE_UNAVAILABLE', GatewayTimeout: 'GATEWAY_TIMEOUT', RequestBodyTooLarge: 'INVALID_BODY',
  };
  const body: Record<string, unknown> = { code: codes[e.code] ?? e.code, message: e.message };
  if (e.status === 429) body.retryAfterSec = e.retryAfter ?? 30;
  return { status: e.status, body };
}

interface FieldError {
  path: string;
  code: string;
  message: string;
}

function invalid(fields: FieldError[]): never {
  const err = new EmulatorRequestError(422, 'INVALID_BODY', "Request body doesn't fulfill schema, see details in `fields`");
  throw Object.assign(err, { fields });
}

function parseRecords(req: EmulatorRequest, shape: { withTypeAndName?: boolean; withName?: boolean }): GodaddyRecord[] {
  const body = req.json<unknown>();
  if (!Array.isArray(body)) invalid([{ path: 'records', code: 'UNEXPECTED_TYPE', message: 'records must be an array' }]);
  const errors: FieldError[] = [];
  const records = (body as Record<string, unknown>[]).map((r, i) => {
    const at = (f: string) => `records[${i}].${f}`;
    if (typeof r !== 'object' || r === null) {
      errors.push({ path: `records[${i}]`, code: 'UNEXPECTED_TYPE', message: 'must be an object' });
      return undefined;
    }
    if (typeof r.data !== 'string' || r.data === '') errors.push({ path: at('data'), code: 'MISSING_REQUIRED', message: 'data is required' });
    if (r.ttl !== undefined && (!Number.isInteger(r.ttl) || (r.ttl as number) < MIN_TTL)) {
      errors.push({ path: at('ttl'), code: 'UNDERFLOW', message: `ttl must be an integer of at least ${MIN_TTL}` });
    }
    const type = typeof r.type === 'string' ? r.type.toUpperCase() : undefined;
    if (shape.withTypeAndName && !(type && (RECORD_TYPES as readonly string[]).includes(type))) errors.push({ path: at('type'), code: 'UNEXPECTED_VALUE', message: `type must be one of ${RECORD_TYPES.join(', ')}` });
    if ((shape.withTypeAndName || shape.withName) && (typeof r.name !== 'string' || r.name === '')) errors.push({ path: at('name'), code: 'MISSING_REQUIRED', message: 'name is required' });
    return normalizeRecord({
      type: type ?? '',
      name: typeof r.name === 'string' ? r.name : '',
      data: String(r.data ?? ''),
      ttl: (r.ttl as number | undefined) ?? 3600,
      ...(r.priority !== undefined ? { priority: r.priority as number } : {}),
    });
  });
  if (errors.length) invalid(errors);
  return records as GodaddyRecord[];
}

/** A CNAME is the only record of its name, and a name has at most one. */
function checkCnames(records: readonly GodaddyRecord[]): void {
  const byName = new Map<string, GodaddyRecord[]>();
  for (const r of records) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  for (const [name, list] of byName) {
    const cnames = list.filter((r) => r.type === 'CNAME').length;
    if (cnames > 1 || (cnames === 1 && list.length > 1)) {
      throw new EmulatorRequestError(422, 'CONFLICTING_RECORD', `A CNAME record named ${name} cannot coexist with other records of that name`);
    }
  }
}

function page(records: GodaddyRecord[], req: EmulatorRequest): Record<string, unknown>[] {
  const offset = Math.max(0, Number(req.query.offset ?? 0) || 0);
  const limit = req.query.limit === undefined ? records.length : Math.max(0, Number(req.query.limit) || 0);
  return records.slice(offset, offset + limit).map(present);
}
