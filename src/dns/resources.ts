// The two DNS resources of a tenant: its ownership TXT and its record (CNAME, or A / AAAA), the
// TXT first. Reads come from one listing of the zone; diffs refuse any set tenantops cannot prove
// it owns (unless the tenant file says `dns.takeover: true`), delete only with the gate's force,
// and declare each change of an owned set towards the zone-wide threshold, which the plan judges
// over the whole run (octoDNS's).
import { EnvironmentError, UnsafePlanError } from '../errors/index.ts';
import { diffFields, type Change, type Resource, type ResourceContext, type SafetyGroup } from '../plan/index.ts';
import { claimedTenant } from './ownership.ts';
import { describeSet, normalizeSet, sameRecordSet, toFqdn } from './normalize.ts';
import { awaitAnswer } from './verify.ts';
import type { DnsService } from './service.ts';
import type { RecordSetState } from './types.ts';

export type Owner = 'this-tenant' | 'other' | 'none';

/** What a DNS resource reads: the set, who owns its name, and what else stands at the name. */
export interface DnsActual {
  set?: RecordSetState;
  owner: Owner;
  /** What the ownership record holds when it names someone else (shown in the conflict). */
  ownerValues?: string[];
  /** Sets of other types the desired set cannot stand beside (a CNAME owns its name alone). */
  blocking: RecordSetState[];
  /** The provider's TTL floor, applied to the desired TTL before comparing. */
  minTtl: number;
  /** How many record sets of the zone this platform provably owns: the base of the zone-wide threshold. */
  ownedInZone: number;
}

export interface DnsResourceSpec {
  key: 'dns/ownership' | 'dns/record';
  kind: 'dns.ownership' | 'dns.record';
  tenant: string;
  /** `tenants/<code>.yaml`, for the takeover hint. */
  tenantFile: string;
  zone: string;
  name: string;
  type: string;
  desired: RecordSetState | undefined;
  /** Name of the ownership TXT that proves this name is the tenant's. */
  ownershipName: string;
  takeover: boolean;
  /** platform.yaml's dns.changeThreshold: the share of owned sets one plan may change, or delete. */
  threshold: { maxShare: number; minRecords: number };
  dependsOn: string[];
}

/** The DnsService a resource runs with: `ctx.services.tenantops.dns()`. */
export type DnsServiceLookup = (ctx: ResourceContext) => DnsService;

export function dnsServiceOf(ctx: ResourceContext): DnsService {
  const services = ctx.services.tenantops as { dns?: () => DnsService } | undefined;
  if (!services?.dns) throw new EnvironmentError(`tenant ${ctx.tenant}: DNS needs live services, but the run is offline; plan with --offline`);
  return services.dns();
}

export function createDnsResource(spec: DnsResourceSpec, lookup: DnsServiceLookup = dnsServiceOf): Resource<RecordSetState, DnsActual> {
  const fqdn = toFqdn(spec.name, spec.zone);
  const resource: Resource<RecordSetState, DnsActual> = {
    key: spec.key,
    kind: spec.kind,
    dependsOn: spec.dependsOn,
    desired: spec.desired,
    async read(ctx) {
      const service = lookup(ctx);
      const zone = await service.zoneFor(ctx);
      const ownership = zone.find(spec.ownershipName, 'TXT');
      const claimed = claimedTenant(ownership, service.ownerId);
      const owner: Owner = claimed === spec.tenant ? 'this-tenant' : ownership ? 'other' : 'none';
      const set = zone.find(spec.name, spec.type);
      const blocking = zone.at(spec.name).filter((s) => s.type !== spec.type && conflictsWith(spec.type, s.type));
      return { set, owner, ownerValues: owner === 'other' ? ownership?.values : undefined, blocking, minTtl: service.provider.minTtl, ownedInZone: zone.owned };
    },
    diff(desired, actual) {
      const change = planChange(spec, desired, actual);
      // Only a set provably ours that would change or go counts: creates and takeovers touch nothing we own.
      if (!change || !actual || actual.owner !== 'this-tenant' || !actual.set || change.action === 'create') return change;
      return { ...change, safetyGroup: zoneThreshold(spec, actual.ownedInZone) };
    },
    async apply(ctx, change, actual) {
      const dns = lookup(ctx);
      const call = { tenant: ctx.tenant, resource: spec.key, signal: ctx.signal };
      // Right before writing, the set must still be what the plan saw: anything else is someone
      // else's change, and overwriting it is exactly what ownership records exist to prevent.
      const current = await dns.provider.readRecordSet(spec.name, spec.type, call);
      if (!sameRecordSet(current, actual?.set)) {
        throw new UnsafePlanError([
          `tenant ${spec.tenant}: ${fqdn} ${spec.type} changed since it was planned (planned ${show(actual?.set)}, now ${show(current)}); nothing was written: plan again`,
        ]);
      }
      if (change.action === 'delete') {
        if (!ctx.allowDestroy) throw new UnsafePlanError([`tenant ${spec.tenant}: deleting ${fqdn} ${spec.type} needs the approved gate (force)`]);
        await dns.provider.deleteRecordSet(spec.name, spec.type, call);
        return undefined;
      }
      const desired = effective(spec.desired!, dns.provider.minTtl);
      // What blocks the set (an owned CNAME when the platform moved to A records, or what the
      // tenant file took over) goes first: the provider would refuse the new set beside it.
      for (const b of actual?.blocking ?? []) await dns.provider.deleteRecordSet(b.name, b.type, call);
      // A set read as absent just now is a create, which a provider may batch across tenants.
      if (!current && dns.provider.createRecordSet) await dns.provider.createRecordSet(desired, call);
      else await dns.provider.replaceRecordSet(desired, call);
      return { set: desired, owner: 'this-tenant', blocking: [], minTtl: dns.provider.minTtl, ownedInZone: actual?.ownedInZone ?? 0 };
    },
    async verify(ctx) {
      if (!spec.desired) return;
      const dns = lookup(ctx);
      const expected = effective(spec.desired, dns.provider.minTtl);
      const readBack = await dns.provider.readRecordSet(spec.name, spec.type, { tenant: ctx.tenant, resource: spec.key, signal: ctx.signal });
      if (!sameRecordSet(readBack, expected)) {
        throw new Error(`${fqdn} ${spec.type} reads back as ${show(readBack)}, expected ${show(expected)}`);
      }
      const report = { tenant: spec.tenant, fqdn, type: spec.type, expected: expected.values, readBack: readBack!.values };
      const server = dns.provider.nameserver;
      if (!server) {
        dns.verifications.push({ ...report, note: 'no authoritative server configured to query; checked through the API' });
        ctx.log.info(`${spec.tenant}: ${fqdn} ${spec.type} ${expected.values.join(', ')} (read back through the ${dns.provider.name} API)`);
        return;
      }
      const result = await awaitAnswer(server, fqdn, spec.type, expected.values, { sleep: dns.sleep });
      if (!result.reachable) {
        dns.verifications.push({ ...report, server, note: `authoritative server not reachable (${result.error}); checked through the API` });
        ctx.log.warn(`${spec.tenant}: ${fqdn}: authoritative server ${server} not reachable (${result.error}); the ${dns.provider.name} API reads back ${expected.values.join(', ')}`);
        return;
      }
      dns.verifications.push({ ...report, server, answer: result.answer });
      const same = result.answer.join('\n') === [...expected.values].sort().join('\n');
      if (!same) throw new Error(`${fqdn} ${spec.type}: the authoritative server ${server} answers ${result.answer.join(', ') || `nothing (${result.error})`}, expected ${expected.values.join(', ')}`);
      ctx.log.info(`${spec.tenant}: ${fqdn} ${spec.type} → ${result.answer.join(', ')} (answered by ${server})`);
    },
  };
  return resource;
}

/** The plan for one set, without the threshold. Throws UnsafePlanError on an ownership conflict. */
export function planChange(spec: DnsResourceSpec, desired: RecordSetState | undefined, actual: DnsActual | undefined): Change | undefined {
  if (!actual) {
    // Offline: planned against an empty world.
    return desired ? { action: 'create', fields: fieldsOf(desired, undefined), summary: summarize('create', desired, spec.zone) } : undefined;
  }
  const owned = actual.owner === 'this-tenant';
  const occupied = actual.set !== undefined || actual.blocking.length > 0;
  if (!desired) {
    if (!owned || !actual.set) return undefined; // never delete what is not provably ours
    return {
      action: 'delete',
      fields: fieldsOf(undefined, actual.set),
      summary: summarize('delete', actual.set, spec.zone),
      destroysData: true,
      reason: `removes ${toFqdn(spec.name, spec.zone)} from public DNS (the tenant is decommissioned)`,
    };
  }
  const want = effective(desired, actual.minTtl);
  // Everything at a name we own is ours to change (our CNAME where the platform now wants an A
  // record); anything at a name we cannot prove is ours is refused unless the tenant file says so.
  if (occupied && !owned && !spec.takeover) throw conflict(spec, actual);
  if (!occupied) return { action: 'create', fields: fieldsOf(want, undefined), summary: summarize('create', want, spec.zone) };
  if (sameRecordSet(want, actual.set) && actual.blocking.length === 0) return undefined;
  const before = actual.set ?? actual.blocking[0];
  const verb = owned ? 'update' : 'take over';
  return { action: 'update', fields: fieldsOf(want, before), summary: `${verb} ${spec.type} ${toFqdn(spec.name, spec.zone)} → ${want.values.join(', ')} (was ${describeSet(before)})` };
}

/** The zone-wide threshold every owned set of the zone shares, across tenants. */
function zoneThreshold(spec: DnsResourceSpec, ownedInZone: number): SafetyGroup {
  return {
    id: `dns zone ${spec.zone}`,
    title: `zone-wide DNS safety threshold of ${spec.zone}`,
    noun: 'tenantops-owned record sets',
    existing: ownedInZone,
    maxShare: spec.threshold.maxShare,
    minExisting: spec.threshold.minRecords,
  };
}

function effective(desired: RecordSetState, minTtl: number): RecordSetState {
  return normalizeSet(desired, minTtl);
}

function fieldsOf(after: RecordSetState | undefined, before: RecordSetState | undefined) {
  const view = (s: RecordSetState | undefined) => (s ? { type: s.type, ttl: s.ttl, values: s.values } : undefined);
  return diffFields(view(after), view(before))?.fields ?? [];
}

function summarize(action: 'create' | 'delete', set: RecordSetState, zone: string): string {
  return `${action} ${set.type} ${toFqdn(set.name, zone)} ${action === 'create' ? '→' : 'was'} ${set.values.join(', ')}`;
}

function show(set: RecordSetState | undefined): string {
  return set ? describeSet(set) : 'absent';
}

/** A CNAME shares its name with nothing; A and AAAA cannot stand beside a CNAME. */
function conflictsWith(wanted: string, existing: string): boolean {
  return wanted === 'CNAME' || existing === 'CNAME';
}

function conflict(spec: DnsResourceSpec, actual: DnsActual): UnsafePlanError {
  const fqdn = toFqdn(spec.name, spec.zone);
  const existing = [actual.set, ...actual.blocking].filter((s): s is RecordSetState => !!s).map((s) => `${s.type} ${s.ttl} ${s.values.join(', ')}`);
  const proof =
    actual.owner === 'other'
      ? `its ownership record ${toFqdn(spec.ownershipName, spec.zone)} names someone else (${(actual.ownerValues ?? []).join('; ')})`
      : `there is no ownership record ${toFqdn(spec.ownershipName, spec.zone)}`;
  return new UnsafePlanError([
    `tenant ${spec.tenant}: ${fqdn} already exists and tenantops cannot prove it owns it: ${proof}. Existing: ${existing.join('; ')}. ` +
      `Remove it, or set dns.takeover: true in ${spec.tenantFile} to take it over.`,
  ]);
}
