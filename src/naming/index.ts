// The one rule for every name tenantops derives from a tenant code. Names are derived, never
// stored in tenant files, so two tenants cannot collide and a reader can predict every name.
//
//   code              acme-training          ([a-z][a-z0-9-]*, 3-40 chars)
//   identifier stem   acme_training          (hyphens become underscores)
//   schema            tenant_acme_training   (schema isolation)
//   database          tenant_acme_training   (database isolation; byod keeps the customer's own)
//   roles             tenant_acme_training_owner / _app / _bi
//   workspace         tenant-acme-training   (Power BI / Fabric)
//   profile           tenant-acme-training   (service principal profile)
//   semantic model    tenant-acme-training-model
//   DNS               <subdomain>.<zone>, ownership TXT _tenantops.<subdomain>.<zone>
//
// PostgreSQL identifiers stay within 63 bytes: "tenant_" (7) + 40 + "_owner" (6) = 53.

export interface DerivedNames {
  schema: string;
  database: string;
  roles: { owner: string; app: string; bi: string };
  workspace: string;
  profile: string;
  semanticModel: string;
}

const CODE = /^[a-z][a-z0-9-]{2,39}$/;

export function isValidTenantCode(code: string): boolean {
  return CODE.test(code);
}

export function deriveNames(code: string): DerivedNames {
  if (!isValidTenantCode(code)) throw new Error(`not a valid tenant code: ${JSON.stringify(code)}`);
  const stem = `tenant_${code.replaceAll('-', '_')}`;
  return {
    schema: stem,
    database: stem,
    roles: { owner: `${stem}_owner`, app: `${stem}_app`, bi: `${stem}_bi` },
    workspace: `tenant-${code}`,
    profile: `tenant-${code}`,
    semanticModel: `tenant-${code}-model`,
  };
}

export function tenantHostname(subdomain: string, zone: string): string {
  return `${subdomain}.${zone.replace(/\.$/, '')}`.toLowerCase();
}

export function ownershipRecordName(subdomain: string): string {
  return `_tenantops.${subdomain}`;
}

export { dnsLabelSkeleton, findNameCollisions, SERVER_DATABASES, type NameClaim, type NameCollision } from './collisions.ts';
