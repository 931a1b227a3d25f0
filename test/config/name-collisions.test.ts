// Derived-name collisions: the pure finder in naming, and the rule the run layer adds to validation
// (it asks the db isolation strategies which database, schema and roles a tenant's mode gives it).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFinding } from '../../src/errors/index.ts';
import { validateSources } from '../../src/config/index.ts';
import { dnsLabelSkeleton, findNameCollisions } from '../../src/naming/index.ts';
import { checkDerivedNameCollisions } from '../../src/run/index.ts';
import { PROVIDERS } from '../support/config-corpus.ts';
import { repoRoot as REPO } from '../support/repo.ts';

const platform = readFileSync(join(REPO, 'platform.yaml'), 'utf8');
const acme = readFileSync(join(REPO, 'tenants', 'acme-training.yaml'), 'utf8');

function tenant(code: string, isolation = 'schema'): { file: string; text: string } {
  return { file: `tenants/${code}.yaml`, text: acme.replaceAll('acme-training', code).replace('isolation: schema', `isolation: ${isolation}`) };
}

function validate(tenants: { file: string; text: string }[], platformText = platform): string[] {
  const result = validateSources({ tenants, platform: { file: 'platform.yaml', text: platformText } }, { providers: PROVIDERS, rules: [checkDerivedNameCollisions] });
  return result.findings.map(formatFinding);
}

describe('findNameCollisions', () => {
  it('reports exclusive claims other owners share, and spares shared claims meeting each other', () => {
    const claims = [
      { space: 'db', name: 'tenant_x', owner: 'platform', shared: true },
      { space: 'db', name: 'tenant_x', owner: 'a', shared: true },
      { space: 'db', name: 'tenant_x', owner: 'b' },
      { space: 'other', name: 'tenant_x', owner: 'c' },
      { space: 'db', name: 'tenant_y', owner: 'd' },
    ];
    expect(findNameCollisions(claims).map((c) => [c.claim.owner, c.others.map((o) => o.owner)])).toEqual([['b', ['platform', 'a']]]);
  });

  it('names every other claimant of a name, in claim order, however many share it', () => {
    const claims = ['a', 'b', 'c'].map((owner) => ({ space: 'db', name: 'tenant_x', owner }));
    expect(findNameCollisions(claims).map((c) => [c.claim.owner, c.others.map((o) => o.owner)])).toEqual([
      ['a', ['b', 'c']],
      ['b', ['a', 'c']],
      ['c', ['a', 'b']],
    ]);
  });

  it('compares DNS labels as they read: punycode decoded, accents and Cyrillic look-alikes folded', () => {
    expect(dnsLabelSkeleton('xn--cme-training-w9j')).toBe('acme-training');
    expect(dnsLabelSkeleton('acme-training')).toBe('acme-training');
    expect(dnsLabelSkeleton('beta')).not.toBe(dnsLabelSkeleton('acme-training'));
  });
});

describe('the derived-name rule in validation', () => {
  it('refuses a database tenant whose database is the cluster\'s shared one, where a schema tenant lives', () => {
    const shared = platform.replace('    database: tenants\n', '    database: tenant_collide\n');
    expect(validate([tenant('sch-a'), tenant('collide', 'database')], shared)).toEqual([
      'tenants/collide.yaml:2:7: code "collide" derives the database "tenant_collide" (databases on cluster shared-eu), which is already the shared database "tenant_collide" of platform.yaml clusters.shared-eu.database; allowed: a code whose derived names no other tenant and no platform name use',
    ]);
  });

  it('lets schema tenants share the cluster\'s database, and a database tenant have its own', () => {
    expect(validate([tenant('sch-a'), tenant('sch-b'), tenant('own-db', 'database')])).toEqual([]);
  });

  it('refuses a tenant whose workspace is the platform\'s template workspace', () => {
    const templates = platform.replace(/templateWorkspace: .*/, 'templateWorkspace: tenant-tpl');
    expect(validate([tenant('tpl')], templates)).toEqual([
      'tenants/tpl.yaml:2:7: code "tpl" derives the workspace "tenant-tpl" (Power BI workspaces), which is already the template workspace "tenant-tpl" of platform.yaml powerbi.templateWorkspace; allowed: a code whose derived names no other tenant and no platform name use',
    ]);
  });

  it('refuses a punycode look-alike of another tenant\'s subdomain, on both files', () => {
    const alike = { ...tenant('look-alike'), text: tenant('look-alike').text.replace('subdomain: look-alike', 'subdomain: xn--cme-training-w9j') };
    const lines = validate([tenant('acme-training'), alike]);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(
      'tenants/look-alike.yaml:4:12: subdomain "xn--cme-training-w9j" collides with the subdomain "acme-training" of tenants/acme-training.yaml (names in the DNS zone tenants.example.com, compared as they read); allowed: a subdomain that reads differently from every other tenant\'s',
    );
  });
});
