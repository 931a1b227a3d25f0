// The DNS records of the emulated GoDaddy account: per domain, a flat list of records with no
// ids (GoDaddy addresses them by type and name only), plus the edit lock that makes writes
// answer 409 for a few seconds after an edit.

export interface GodaddyRecord {
  type: string;
  /** Relative to the domain; `@` for the domain itself. */
  name: string;
  data: string;
  ttl: number;
  priority?: number;
  port?: number;
  weight?: number;
  service?: string;
  protocol?: string;
}

export interface GodaddyDomain {
  domain: string;
  domainId: number;
  nameServers: string[];
  records: GodaddyRecord[];
}

export const RECORD_TYPES = ['A', 'AAAA', 'CAA', 'CNAME', 'MX', 'NS', 'SOA', 'SRV', 'TXT'] as const;

/** GoDaddy's lowest TTL. */
export const MIN_TTL = 600;

export function createDomain(domain: string, domainId: number, records: GodaddyRecord[] = [], nameServers?: string[]): GodaddyDomain {
  const name = domain.toLowerCase();
  const ns = nameServers ?? ['ns01.domaincontrol.com', 'ns02.domaincontrol.com'];
  const base: GodaddyRecord[] = [
    { type: 'SOA', name: '@', data: `${ns[0]}. dns.jomax.net. 2025010100 28800 7200 604800 600`, ttl: 3600 },
    ...ns.map((data) => ({ type: 'NS', name: '@', data, ttl: 3600 })),
  ];
  return { domain: name, domainId, nameServers: ns, records: [...base, ...records.map(normalizeRecord)] };
}

export function normalizeRecord(r: GodaddyRecord): GodaddyRecord {
  return { ...r, type: r.type.toUpperCase(), name: r.name.toLowerCase() };
}

export function matches(r: GodaddyRecord, type?: string, name?: string): boolean {
  return (type === undefined || r.type === type.toUpperCase()) && (name === undefined || r.name === name.toLowerCase());
}

/** Records in the shape GoDaddy returns them (no undefined members). */
export function present(r: GodaddyRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));
}
