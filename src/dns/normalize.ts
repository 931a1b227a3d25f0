// One canonical form for record sets, whatever the provider returned: names relative to the
// platform zone in lower case, host names without the trailing dot, IPv6 in RFC 5952 form, TXT
// unquoted and its chunks joined, values sorted and unique, TTL at least the provider's floor.
// Diffing canonical forms is what makes an unchanged tenant plan to nothing.
import type { RecordSetState } from './types.ts';

export function normalizeZone(zone: string): string {
  return zone.trim().replace(/\.$/, '').toLowerCase();
}

/** `acme` + `tenants.example.com` → `acme.tenants.example.com`; `@` is the zone itself. */
export function toFqdn(name: string, zone: string): string {
  const z = normalizeZone(zone);
  return name === '@' || name === '' ? z : `${name.toLowerCase()}.${z}`;
}

/** The relative name of a fully qualified one, or undefined when it is outside the zone. */
export function fromFqdn(fqdn: string, zone: string): string | undefined {
  const name = fqdn.trim().replace(/\.$/, '').toLowerCase();
  const z = normalizeZone(zone);
  if (name === z) return '@';
  return name.endsWith(`.${z}`) ? name.slice(0, -(z.length + 1)) : undefined;
}

/**
 * Names inside a hosting zone that is a parent of the platform zone (GoDaddy hosts `example.com`
 * while the platform zone is `tenants.example.com`): `suffix` is the platform zone relative to
 * the hosting zone (`tenants`), empty when both are the same.
 */
export function toHostingName(name: string, suffix: string): string {
  if (!suffix) return name;
  return name === '@' ? suffix : `${name}.${suffix}`;
}

export function fromHostingName(hostName: string, suffix: string): string | undefined {
  const name = hostName.toLowerCase();
  if (!suffix) return name === '' ? '@' : name;
  if (name === suffix) return '@';
  return name.endsWith(`.${suffix}`) ? name.slice(0, -(suffix.length + 1)) : undefined;
}

/** Candidate hosting zones for a platform zone, longest first, never a bare TLD. */
export function parentZones(zone: string): string[] {
  const labels = normalizeZone(zone).split('.');
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i++) out.push(labels.slice(i).join('.'));
  return out;
}

/** One value in canonical form for its type. */
export function normalizeValue(type: string, value: string): string {
  const v = value.trim();
  switch (type.toUpperCase()) {
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return v.replace(/\.$/, '').toLowerCase();
    case 'AAAA':
      return canonicalIpv6(v);
    case 'TXT':
      return parseTxt(v);
    default:
      return v;
  }
}

/** A record set in canonical form. `minTtl` raises a TTL the provider would not store. */
export function normalizeSet(set: RecordSetState, minTtl = 0): RecordSetState {
  const type = set.type.toUpperCase();
  const values = [...new Set(set.values.map((v) => normalizeValue(type, v)))].sort();
  return { name: set.name.toLowerCase() || '@', type, ttl: Math.max(set.ttl, minTtl), values };
}

export function sameRecordSet(a: RecordSetState | undefined, b: RecordSetState | undefined): boolean {
  if (!a || !b) return a === b;
  const x = normalizeSet(a);
  const y = normalizeSet(b);
  return x.name === y.name && x.type === y.type && x.ttl === y.ttl && x.values.length === y.values.length && x.values.every((v, i) => v === y.values[i]);
}

/** `CNAME 600 app.example.com`: how plans and errors show a set. */
export function describeSet(set: RecordSetState): string {
  return `${set.type} ${set.ttl} ${set.values.join(', ') || '(no values)'}`;
}

/**
 * TXT presentation (`"chunk one" "chunk two"`, with `\"` and `\\` escapes) → the joined text.
 * Text that is not quoted is taken as it is: GoDaddy and Azure hand out the bare value.
 */
export function parseTxt(value: string): string {
  const v = value.trim();
  if (!(v.startsWith('"') && v.endsWith('"') && v.length >= 2)) return v;
  const chunks = [...v.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  return chunks.join('');
}

/** The presentation form PowerDNS and Cloudflare expect: quoted, escaped, 255-byte chunks. */
export function quoteTxt(value: string): string {
  const chunks: string[] = [];
  for (let i = 0; i < value.length || i === 0; i += 255) chunks.push(value.slice(i, i + 255));
  return chunks.map((c) => `"${c.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(' ');
}

/** RFC 5952 text form (lower case, longest zero run compressed), via the URL host serialiser. */
export function canonicalIpv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address.toLowerCase();
  }
}
