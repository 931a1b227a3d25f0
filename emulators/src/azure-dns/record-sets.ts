// Record sets of the emulated Azure DNS zones: one ARM resource per name+type with an etag that
// changes on every write, properties validated per type as the 2018-05-01 API defines them.
import { randomUUID } from 'node:crypto';
import { EmulatorRequestError } from '../http/index.ts';

export const RECORD_TYPES = ['A', 'AAAA', 'CAA', 'CNAME', 'MX', 'NS', 'PTR', 'SOA', 'SRV', 'TXT'] as const;

/** The record arrays of `properties`, by record type. */
export const RECORD_PROPERTY: Record<string, string> = {
  A: 'ARecords', AAAA: 'AAAARecords', CAA: 'caaRecords', CNAME: 'CNAMERecord', MX: 'MXRecords', NS: 'NSRecords', PTR: 'PTRRecords', SOA: 'SOARecord', SRV: 'SRVRecords', TXT: 'TXTRecords',
};

export interface StoredRecordSet {
  /** Relative name, `@` for the apex, as the client spelled it. */
  name: string;
  type: string;
  etag: string;
  ttl: number;
  metadata?: Record<string, string>;
  /** The type's record property (e.g. `{ CNAMERecord: { cname } }`). */
  records: Record<string, unknown>;
}

export interface StoredZone {
  name: string;
  etag: string;
  nameServers: string[];
  sets: StoredRecordSet[];
}

export function armError(status: number, code: string, message: string): EmulatorRequestError {
  return new EmulatorRequestError(status, code, message);
}

export function canonicalType(type: string): string {
  const t = type.toUpperCase();
  if (!(RECORD_TYPES as readonly string[]).includes(t)) throw armError(400, 'BadRequest', `The record type '${type}' is not supported.`);
  return t;
}

/** Validates a PUT/PATCH body's properties for `type` and returns the record property to store. */
export function parseProperties(type: string, properties: Record<string, unknown> | undefined, existing?: StoredRecordSet): { ttl: number; metadata?: Record<string, string>; records: Record<string, unknown> } {
  const p = properties ?? {};
  for (const [t, prop] of Object.entries(RECORD_PROPERTY)) {
    if (t !== type && p[prop] !== undefined && !(Array.isArray(p[prop]) && (p[prop] as unknown[]).length === 0)) {
      throw armError(400, 'BadRequest', `The record set of type '${type}' cannot contain records of type '${t}' (${prop}).`);
    }
  }
  const ttl = p.TTL ?? existing?.ttl ?? 3600;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > 2147483647) throw armError(400, 'BadRequest', 'The value of TTL must be an integer between 0 and 2147483647.');
  const prop = RECORD_PROPERTY[type];
  const records = p[prop] !== undefined ? { [prop]: p[prop] } : (existing?.records ?? {});
  if (type === 'CNAME') {
    const cname = (records.CNAMERecord as { cname?: unknown } | undefined)?.cname;
    if (records.CNAMERecord !== undefined && (typeof cname !== 'string' || cname === '')) throw armError(400, 'BadRequest', 'The CNAME record must have a non-empty cname.');
  }
  if (type === 'TXT') {
    for (const r of (records.TXTRecords as { value?: unknown }[] | undefined) ?? []) {
      if (!Array.isArray(r.value) || r.value.some((v) => typeof v !== 'string' || v.length > 255)) throw armError(400, 'BadRequest', 'Each TXT record value must be a list of strings of at most 255 characters.');
    }
  }
  const metadata = (p.metadata as Record<string, string> | undefined) ?? existing?.metadata;
  return { ttl, metadata, records };
}

export function newEtag(): string {
  return randomUUID();
}

export function countRecords(set: StoredRecordSet): number {
  const v = set.records[RECORD_PROPERTY[set.type]];
  return Array.isArray(v) ? v.length : v ? 1 : 0;
}
