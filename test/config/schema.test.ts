// The published schemas: valid draft 2020-12 in ajv's full strict mode, documented for editors,
// closed to unknown keys, and in step with the TypeScript types and the naming rule.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { isValidTenantCode } from '../../src/naming/index.ts';
import { PATTERN_WORDS } from '../../src/config/messages.ts';
import type { PlatformConfig, TenantConfig } from '../../src/config/index.ts';
import { repoRoot } from '../support/repo.ts';

const tenantSchema = JSON.parse(readFileSync(join(repoRoot, 'tenants', 'tenant.schema.json'), 'utf8'));
const platformSchema = JSON.parse(readFileSync(join(repoRoot, 'platform.schema.json'), 'utf8'));

type Json = Record<string, unknown>;

/** Every schema object in a document, with its JSON pointer. */
function schemaNodes(node: unknown, at = '#'): { at: string; schema: Json }[] {
  if (!node || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap((n, i) => schemaNodes(n, `${at}/${i}`));
  const out = [{ at, schema: node as Json }];
  for (const [k, v] of Object.entries(node)) if (k !== 'enum' && k !== 'default' && k !== 'const') out.push(...schemaNodes(v, `${at}/${k}`));
  return out;
}

describe.each([
  ['tenant', tenantSchema],
  ['platform', platformSchema],
])('%s schema', (_name, schema: Json) => {
  it('compiles in ajv strict mode (draft 2020-12)', () => {
    const ajv = new Ajv2020({ strict: true });
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(/^https:\/\/.+\.schema\.json$/);
  });

  it('describes every property, so editors show help', () => {
    const missing: string[] = [];
    for (const { at, schema: s } of schemaNodes(schema)) {
      if (!/\/properties\/[^/]+$/.test(at) || /\/(if|then|else)\//.test(at)) continue;
      if (typeof s.description !== 'string' || s.description.length < 10) missing.push(at);
    }
    expect(missing).toEqual([]);
  });

  it('closes every object to unknown keys', () => {
    const open = schemaNodes(schema)
      .filter(({ at, schema: s }) => s.properties && !/\/(if|then|else)(\/|$)/.test(at) && !/\/allOf\//.test(at))
      .filter(({ schema: s }) => s.additionalProperties !== false)
      .map(({ at }) => at);
    expect(open).toEqual([]);
  });

  it('explains every pattern in words', () => {
    const patterns = schemaNodes(schema).map(({ schema: s }) => s.pattern).filter((p): p is string => typeof p === 'string');
    expect(patterns.length).toBeGreaterThan(0);
    expect(patterns.filter((p) => !PATTERN_WORDS[p])).toEqual([]);
  });
});

describe('tenant schema details', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validate = ajv.compile(tenantSchema);
  const full: TenantConfig = {
    code: 'acme-training',
    name: 'Acme',
    subdomain: 'acme',
    providers: { lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT', hr: 'CIPHR' },
    database: { isolation: 'byod', connectionSecret: 'ACME_DB_URL', biConnectionSecret: 'ACME_BI_URL' },
    powerbi: { capacity: 'fabric-f2', fabric: { lakehouse: { name: 'acme_lake' }, warehouse: {} } },
    dns: { takeover: true },
    modules: ['operations'],
    superUsers: [{ email: 'a@acme.example', firstName: 'A', lastName: 'B' }],
    lifecycle: 'suspended',
    deletionPolicy: 'delete',
  };

  it('accepts a TenantConfig using every field (types and schema agree)', () => {
    expect(validate(structuredClone(full)), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(full).sort()).toEqual(Object.keys(tenantSchema.properties).sort());
  });

  it('requires connectionSecret exactly for byod', () => {
    const byod = structuredClone(full);
    delete byod.database.connectionSecret;
    expect(validate(byod)).toBe(false);
    const schemaIsolation = { ...structuredClone(full), database: { isolation: 'schema', cluster: 'shared-eu', connectionSecret: 'X' } };
    expect(validate(schemaIsolation)).toBe(false);
    expect(validate({ ...structuredClone(full), database: { isolation: 'schema', cluster: 'shared-eu' } })).toBe(true);
  });

  it('agrees with the naming rule on tenant codes', () => {
    const codeOk = ajv.compile({ ...tenantSchema.properties.code, $schema: undefined });
    for (const code of ['abc', 'acme-training', 'a1-', 'a'.repeat(40), 'ab', 'a'.repeat(41), 'Acme', '1abc', 'ac_me', '-ab', 'abc ']) {
      expect(codeOk(code), code).toBe(isValidTenantCode(code));
    }
  });
});

describe('platform schema details', () => {
  it('accepts a PlatformConfig using every field (types and schema agree)', () => {
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(platformSchema);
    const full: PlatformConfig = {
      name: 'p',
      clusters: { c: { host: '10.0.0.5', port: 5433, adminSecret: 'A', maxConnections: 5, database: 'tenants', dedicatedTo: 'abc', sslmode: 'verify-full' } },
      capacities: { f: { id: '00000000-0000-4000-8000-000000000000', sku: 'F64', region: 'uksouth' } },
      dns: {
        zone: 'tenants.example.com',
        provider: 'cloudflare',
        credentials: { apiTokenSecret: 'CF_TOKEN' },
        recordType: 'AAAA',
        target: '2001:db8::10',
        maintenanceTarget: '2001:db8::99',
        ttl: 300,
        ownerId: 'p',
        changeThreshold: { maxShare: 0.5, minRecords: 4 },
      },
      powerbi: { templateWorkspace: 'Templates', adminGroupId: '00000000-0000-4000-8000-000000000001', credentialProfile: 'x', tenantProfiles: false },
      credentialProfiles: { x: { tenantId: 'contoso.onmicrosoft.com', clientId: '00000000-0000-4000-8000-000000000002', type: 'workload-identity', authorityHost: 'https://login.example' } },
      mail: { host: 'smtp.example.com', port: 25, sender: 'noreply@example.com', senderName: 'Platform', auth: { type: 'oauth2', user: 'noreply@example.com', credentialProfile: 'x', scope: 'https://outlook.office365.com/.default' }, invitationTtl: '48h' },
      registry: { urlSecret: 'REGISTRY_URL' },
      rollout: { canary: ['abc'], batch: '10%', haltAfter: 2 },
      suspend: { dns: 'maintenance' },
      offboarding: { exportKeySecret: 'EXPORT_KEY', blob: { connectionSecret: 'EXPORT_BLOB_URL', container: 'tenant-exports' } },
    };
    expect(validate(full), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(full).sort()).toEqual(Object.keys(platformSchema.properties).sort());
  });
});
