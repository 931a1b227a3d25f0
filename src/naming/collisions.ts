// Where two owners would end up with the same derived name. Derivation is injective for tenant codes,
// so collisions come from what derivation cannot see: the platform's own names (a cluster's shared
// database, PostgreSQL's databases, the template workspace) and DNS labels that read alike.
import { domainToUnicode } from 'node:url';

/** Databases every PostgreSQL server already has; no tenant store may take one. */
export const SERVER_DATABASES: readonly string[] = ['postgres', 'template0', 'template1'];

export interface NameClaim {
  /** Where the name must be unique: `database on cluster shared-eu`, `Power BI workspace`. */
  space: string;
  name: string;
  /** How the name is compared within its space; default the name itself. */
  key?: string;
  /** Who holds it: a tenant file, `platform.yaml clusters.x.database`, `PostgreSQL`. */
  owner: string;
  /** Others may share it (schema tenants and the platform in a cluster's shared database). */
  shared?: boolean;
}

export interface NameCollision<T extends NameClaim> {
  claim: T;
  /** The claims of other owners it collides with. */
  others: T[];
}

/**
 * Every exclusive claim that another owner also claims in the same space (a shared claim that meets
 * an exclusive one is not reported: the exclusive claimant is the one at fault).
 */
export function findNameCollisions<T extends NameClaim>(claims: readonly T[]): NameCollision<T>[] {
  const bySpace = new Map<string, T[]>();
  for (const c of claims) {
    const at = `${c.space}\u0000${c.key ?? c.name}`;
    // Pushed, not spread: every schema tenant claims its cluster's one shared database, and copying
    // that group on each claim is quadratic (10,000 tenants: 50 million copies, hundreds of MB).
    const group = bySpace.get(at);
    if (group) group.push(c);
    else bySpace.set(at, [c]);
  }
  const collisions: NameCollision<T>[] = [];
  for (const group of bySpace.values()) {
    for (const claim of group) {
      if (claim.shared) continue;
      const others = group.filter((o) => o.owner !== claim.owner);
      if (others.length) collisions.push({ claim, others });
    }
  }
  return collisions;
}

// Cyrillic and Greek letters drawn like Latin ones (the common part of Unicode's confusables list):
// enough to catch a phishing look-alike of a tenant's address, which is what the check is for.
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', с: 'c', ԁ: 'd', е: 'e', ё: 'e', һ: 'h', і: 'i', ї: 'i', ј: 'j', к: 'k', ӏ: 'l', м: 'm', н: 'h',
  о: 'o', р: 'p', ԛ: 'q', ѕ: 's', т: 't', у: 'y', х: 'x', ԝ: 'w', ѵ: 'v',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
  ɑ: 'a', ɡ: 'g', ı: 'i', ȷ: 'j', ℓ: 'l',
};

/**
 * What a DNS label looks like to a reader: punycode decoded, accents and compatibility forms folded
 * (NFKD without combining marks), Cyrillic and Greek look-alikes mapped to Latin, lower case.
 * `xn--cme-training-w9j` (Cyrillic а) and `acme-training` share one skeleton, so a look-alike of a
 * tenant's address cannot be registered beside it.
 */
export function dnsLabelSkeleton(label: string): string {
  const lower = label.toLowerCase();
  const unicode = lower.startsWith('xn--') ? domainToUnicode(lower) || lower : lower;
  const folded = unicode.normalize('NFKD').replace(/\p{M}/gu, '');
  return [...folded].map((ch) => LOOK_ALIKES[ch] ?? ch).join('');
}
