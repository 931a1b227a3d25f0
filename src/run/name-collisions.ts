// The validation rule that no two owners end up with one derived name: tenants among themselves
// and against the platform's own names. It lives in run because it needs both config's view and
// db's isolation strategies (which database, schema and roles a tenant's mode gives it); config
// sits below db and receives the rule through loadRepository's `rules`.
import type { CrossFileFinding, CrossFileRule, LoadedTenant, PlatformConfig } from '../config/index.ts';
import { chooseIsolation } from '../db/index.ts';
import { deriveNames, dnsLabelSkeleton, findNameCollisions, ownershipRecordName, SERVER_DATABASES, type NameClaim } from '../naming/index.ts';

interface Claim extends NameClaim {
  /** The tenant file holding the claim, and the key its name derives from; absent for the platform's. */
  at?: { file: string; field: CrossFileFinding['field']; value: string };
  /** `the database`, `the role`: what the name is, for the message. */
  what: string;
}

export const checkDerivedNameCollisions: CrossFileRule = (tenants, platform) =>
  findNameCollisions([...platformClaims(platform), ...tenants.flatMap((t) => tenantClaims(t, platform))])
    .filter((c) => c.claim.at)
    .map(({ claim, others }) => ({ file: claim.at!.file, field: claim.at!.field, message: describeCollision(claim, others) }));

function describeCollision(claim: Claim, others: readonly Claim[]): string {
  const at = claim.at!;
  // Tenants merely living in a shared database are not news when the platform names it.
  const listed = others.some((o) => !o.at) ? others.filter((o) => !(o.shared && o.at)) : others;
  const holders = listed.map((o) => `${o.what} "${o.name}" of ${o.at ? o.at.file : o.owner}`).join(' and ');
  if (at.value === claim.name) {
    return `${at.field} "${at.value}" collides with ${holders} (${claim.space}, compared as they read); allowed: a ${at.field} that reads differently from every other tenant's`;
  }
  return (
    `${at.field} "${at.value}" derives ${claim.what} "${claim.name}" (${claim.space}), which is already ${holders}; ` +
    `allowed: a ${at.field} whose derived names no other tenant and no platform name use`
  );
}

function platformClaims(platform: PlatformConfig): Claim[] {
  const claims: Claim[] = [];
  for (const [cluster, config] of Object.entries(platform.clusters)) {
    const space = `databases on cluster ${cluster}`;
    for (const name of SERVER_DATABASES) claims.push({ space, name, owner: 'PostgreSQL itself', what: 'the database' });
    // Schema tenants share it with the platform, so the claim is shared; a tenant's own database may not be it.
    if (config.database) claims.push({ space, name: config.database, owner: `platform.yaml clusters.${cluster}.database`, what: 'the shared database', shared: true });
  }
  claims.push({ space: 'Power BI workspaces', name: platform.powerbi.templateWorkspace, owner: 'platform.yaml powerbi.templateWorkspace', what: 'the template workspace' });
  return claims;
}

function tenantClaims({ file, config }: LoadedTenant, platform: PlatformConfig): Claim[] {
  const names = deriveNames(config.code);
  const strategy = chooseIsolation(config);
  const store = strategy.locate(config, platform, names);
  const byCode = { file, field: 'code', value: config.code } as const;
  const bySubdomain = { file, field: 'subdomain', value: config.subdomain } as const;
  const claims: Claim[] = [];
  const cluster = store.clusterName;
  if (cluster !== undefined) {
    // A tenant in its cluster's shared database shares it; one with its own database holds it alone.
    claims.push({ space: `databases on cluster ${cluster}`, name: store.database, owner: file, at: byCode, what: 'the database', shared: !strategy.ownDatabase });
    claims.push({ space: `schemas in database ${store.database} on cluster ${cluster}`, name: store.schema, owner: file, at: byCode, what: 'the schema' });
    const roles = strategy.roles(config, names);
    for (const purpose of ['owner', 'app', 'bi'] as const) {
      if (roles.managed[purpose]) claims.push({ space: `roles on cluster ${cluster}`, name: roles.labels[purpose], owner: file, at: byCode, what: 'the role' });
    }
  }
  claims.push({ space: 'Power BI workspaces', name: names.workspace, owner: file, at: byCode, what: 'the workspace' });
  claims.push({ space: 'service principal profiles', name: names.profile, owner: file, at: byCode, what: 'the profile' });
  const zone = `names in the DNS zone ${platform.dns.zone}`;
  claims.push({ space: zone, name: config.subdomain, key: dnsLabelSkeleton(config.subdomain), owner: file, at: bySubdomain, what: 'the subdomain' });
  claims.push({ space: zone, name: ownershipRecordName(config.subdomain), owner: file, at: bySubdomain, what: 'the ownership record' });
  return claims;
}
