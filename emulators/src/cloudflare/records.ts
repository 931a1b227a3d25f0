// The DNS records of one emulated Cloudflare zone: each record has an id, names are fully
// qualified, and a batch applies deletes, patches, puts and posts in that order as one
// transaction (all or nothing), as Cloudflare documents for `/dns_records/batch`.
import { randomBytes } from 'node:crypto';
import { EmulatorRequestError } from '../http/index.ts';

export interface CfRecord {
  id: string;
  name: string;
  type: string;
  content: string;
  ttl: number;
  proxied: boolean;
  comment: string | null;
  tags: string[];
  created_on: string;
  modified_on: string;
}

export interface CfZone {
  id: string;
  name: string;
  name_servers: string[];
  records: CfRecord[];
}

export const RECORD_TYPES = ['A', 'AAAA', 'CAA', 'CERT', 'CNAME', 'DNSKEY', 'DS', 'HTTPS', 'LOC', 'MX', 'NAPTR', 'NS', 'OPENPGPKEY', 'PTR', 'SMIMEA', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT', 'URI'];
const PROXIABLE = new Set(['A', 'AAAA', 'CNAME']);

export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** Cloudflare's error envelope entries, thrown from handlers. */
export function cfError(status: number, code: number, message: string): EmulatorRequestError {
  return new EmulatorRequestError(status, String(code), message);
}

export interface RecordInput {
  name?: unknown;
  type?: unknown;
  content?: unknown;
  ttl?: unknown;
  proxied?: unknown;
  comment?: unknown;
  tags?: unknown;
}

/** Validates a record body against the zone and returns the stored shape (without id/timestamps). */
export function buildRecord(zone: CfZone, input: RecordInput, base?: CfRecord): Omit<CfRecord, 'id' | 'created_on' | 'modified_on'> {
  const type = String(input.type ?? base?.type ?? '').toUpperCase();
  if (!RECORD_TYPES.includes(type)) throw cfError(400, 9000, 'DNS record type is invalid.');
  const rawName = input.name ?? base?.name;
  if (typeof rawName !== 'string' || rawName === '') throw cfError(400, 9005, 'Content for name is required.');
  const name = fullName(rawName, zone.name);
  if (name !== zone.name && !name.endsWith(`.${zone.name}`)) throw cfError(400, 9005, `DNS record name ${name} is not within the zone ${zone.name}.`);
  const content = input.content ?? base?.content;
  if (typeof content !== 'string' || content === '') throw cfError(400, 9021, 'Invalid or missing content.');
  const ttl = input.ttl ?? base?.ttl ?? 1;
  if (typeof ttl !== 'number' || !(ttl === 1 || (ttl >= 60 && ttl <= 86400))) throw cfError(400, 9020, 'Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.');
  const proxied = input.proxied ?? base?.proxied ?? false;
  if (proxied === true && !PROXIABLE.has(type)) throw cfError(400, 9004, `This record type cannot be proxied.`);
  return {
    name,
    type,
    content: type === 'CNAME' ? content.replace(/\.$/, '').toLowerCase() : content,
    ttl,
    proxied: proxied === true,
    comment: typeof input.comment === 'string' ? input.comment : (base?.comment ?? null),
    tags: Array.isArray(input.tags) ? input.tags.map(String) : (base?.tags ?? []),
  };
}

export function fullName(name: string, zone: string): string {
  const n = name.replace(/\.$/, '').toLowerCase();
  if (n === '@') return zone;
  return n === zone || n.endsWith(`.${zone}`) ? n : `${n}.${zone}`;
}

/** The rules Cloudflare enforces between records of one name (codes from its API errors). */
export function checkConflicts(records: readonly CfRecord[]): void {
  const byName = new Map<string, CfRecord[]>();
  for (const r of records) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  for (const [name, list] of byName) {
    const cnames = list.filter((r) => r.type === 'CNAME');
    if (cnames.length > 1) throw cfError(400, 81054, `A CNAME record with the host ${name} already exists.`);
    if (cnames.length === 1 && list.some((r) => ['A', 'AAAA', 'CNAME'].includes(r.type) && r !== cnames[0])) {
      throw cfError(400, 81053, `An A, AAAA, or CNAME record with the host ${name} already exists.`);
    }
    if (cnames.length === 1 && list.length > 1) throw cfError(400, 81055, `A CNAME record with the host ${name} cannot coexist with other records.`);
    const seen = new Set<string>();
    for (const r of list) {
      const key = `${r.type}\u0000${r.content}`;
      if (seen.has(key)) throw cfError(400, 81058, 'An identical record already exists.');
      seen.add(key);
    }
  }
}
