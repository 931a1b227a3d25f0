// The OpenAPI helper on small synthetic specs: cross-file `$ref`s (even with a folder name in the
// wrong case, as Microsoft's files write `../../Common/`), operation lookup (base path, literal
// beats parameter, query-qualified templates, case-insensitive paths), parameter coercion, body
// and header validation, overrides (and a stale override failing loudly), and the real specs
// loading with every operation's schemas compilable.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFabricSpec, loadOpenApiSpec, loadPowerBiSpec } from '../../src/spec/index.ts';
import { describeWithSpecs, SPECS_DIR } from '../support/specs.ts';

function fixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'spec-'));
  mkdirSync(join(root, 'api'));
  mkdirSync(join(root, 'common'));
  writeFileSync(join(root, 'common', 'defs.json'), JSON.stringify({
    definitions: {
      Thing: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, size: { type: 'integer', format: 'int32' }, when: { type: 'string', format: 'date-time' } } },
      Error: { type: 'object', required: ['errorCode'], properties: { errorCode: { type: 'string' } } },
    },
  }));
  writeFileSync(join(root, 'api', 'swagger.json'), JSON.stringify({
    swagger: '2.0', basePath: '/v9',
    paths: {
      '/things': {
        post: {
          operationId: 'Things_Create',
          parameters: [{ in: 'body', name: 'body', required: true, schema: { $ref: '../Common/defs.json#/definitions/Thing' } }],
          responses: { 201: { schema: { $ref: '../common/defs.json#/definitions/Thing' } }, 202: { headers: { 'Retry-After': { type: 'integer' }, 'x-ms-operation-id': { type: 'string', format: 'uuid' } } }, default: { schema: { $ref: '../common/defs.json#/definitions/Error' } } },
          'x-ms-examples': { ignored: { $ref: './examples/missing.json' } },
        },
        get: {
          operationId: 'Things_List',
          parameters: [{ in: 'query', name: 'top', type: 'integer', minimum: 1 }, { in: 'query', name: 'deep', type: 'boolean' }],
          responses: { 200: { schema: { type: 'array', items: { $ref: '../common/defs.json#/definitions/Thing' } } } },
        },
      },
      '/things/{thingId}': { get: { operationId: 'Things_Get', parameters: [{ in: 'path', name: 'thingId', required: true, type: 'string', format: 'uuid' }], responses: { 200: { schema: { type: 'file' } } } } },
      '/things/special': { get: { operationId: 'Things_Special', responses: { 200: {} } } },
      '/things/export?beta=true': { post: { operationId: 'Things_Export_Beta', responses: { 200: {} } } },
      '/things/export': { post: { operationId: 'Things_Export', responses: { 200: {} } } },
    },
  }));
  return root;
}

const ID = '3f1d2c4b-0000-4000-8000-000000000001';

describe('OpenAPI validation helper', () => {
  const root = fixture();
  const spec = loadOpenApiSpec({ root, files: ['api/swagger.json'] });

  it('finds operations by method and path after the base path, literal segments first, query-qualified templates only with their query', () => {
    expect(spec.findOperation('GET', `/v9/things/${ID}`)?.operationId).toBe('Things_Get');
    expect(spec.findOperation('GET', '/v9/things/special')?.operationId).toBe('Things_Special');
    expect(spec.findOperation('POST', '/v9/things/export', { beta: 'true' })?.operationId).toBe('Things_Export_Beta');
    expect(spec.findOperation('POST', '/v9/things/export')?.operationId).toBe('Things_Export');
    expect(spec.findOperation('GET', '/v9/Things/special')).toBeUndefined();
    expect(loadOpenApiSpec({ root, files: ['api/swagger.json'], caseInsensitivePaths: true }).findOperation('GET', '/v9/THINGS/special')?.operationId).toBe('Things_Special');
    expect(spec.validateRequest({ method: 'DELETE', path: '/v9/things' }).errors[0]).toMatch(/no operation/);
  });

  it('validates request bodies through cross-file refs, even when the ref spells a folder in another case', () => {
    expect(spec.validateRequest({ method: 'POST', path: '/v9/things', body: { id: ID, name: 'a' } }).errors).toEqual([]);
    const bad = spec.validateRequest({ method: 'POST', path: '/v9/things', body: { id: 'nope', size: 2 ** 40 } });
    expect(bad.operationId).toBe('Things_Create');
    expect(bad.errors.join('\n')).toMatch(/must have required property 'name'/);
    expect(bad.errors.join('\n')).toMatch(/\/id: must match format "uuid"/);
    expect(bad.errors.join('\n')).toMatch(/\/size: must match format "int32"/);
    expect(spec.validateRequest({ method: 'POST', path: '/v9/things' }).errors).toEqual(['Things_Create body body: the body is required']);
  });

  it('coerces query and path parameters from strings before checking them', () => {
    expect(spec.validateRequest({ method: 'GET', path: '/v9/things', query: { top: '5', deep: 'True' } }).errors).toEqual([]);
    expect(spec.validateRequest({ method: 'GET', path: '/v9/things', query: { top: '0' } }).errors.join()).toMatch(/top/);
    expect(spec.validateRequest({ method: 'GET', path: '/v9/things', query: { deep: 'maybe' } }).errors.join()).toMatch(/deep/);
    expect(spec.validateRequest({ method: 'GET', path: '/v9/things/not-a-guid' }).errors.join()).toMatch(/thingId/);
  });

  it('validates responses: declared status, body schema, typed headers, required headers on request', () => {
    expect(spec.validateResponse({ method: 'POST', path: '/v9/things', status: 201, responseBody: { id: ID, name: 'a' } }).errors).toEqual([]);
    expect(spec.validateResponse({ method: 'POST', path: '/v9/things', status: 201, responseBody: { id: ID } }).errors.join()).toMatch(/name/);
    expect(spec.validateResponse({ method: 'POST', path: '/v9/things', status: 201 }).errors.join()).toMatch(/none was sent/);
    expect(spec.validateResponse({ method: 'POST', path: '/v9/things', status: 200 }).errors.join()).toMatch(/status not declared/);
    expect(spec.validateResponse({ method: 'POST', path: '/v9/things', status: 409, responseBody: { errorCode: 'Conflict' } }).errors).toEqual([]);
    expect(spec.validateResponse({ method: 'POST', path: '/v9/things', status: 202, headers: { 'retry-after': 'soon' } }).errors.join()).toMatch(/Retry-After/);
    expect(spec.validateResponse({ method: 'POST', path: '/v9/things', status: 202, headers: { 'Retry-After': '20' } }, { requireHeaders: true }).errors)
      .toEqual(['Things_Create 202 header x-ms-operation-id: declared but missing']);
    expect(spec.validateResponse({ method: 'GET', path: `/v9/things/${ID}`, status: 200, responseBody: 'anything' }).errors).toEqual([]);
  });

  it('applies overrides (nullable, replace, format) and refuses a stale one', () => {
    const overridden = loadOpenApiSpec({
      root, files: ['api/swagger.json'],
      overrides: [
        { kind: 'schema', target: 'common/defs.json#/definitions/Thing/properties/size', nullable: true, why: 'test' },
        { kind: 'schema', target: 'operation:Things_Create#/responses/201/schema', replace: { type: 'object', required: ['ok'] }, why: 'test' },
        { kind: 'format', format: 'date-time', pattern: /^\d{4}-\d\d-\d\dT[\d:.]+$/, why: 'test' },
      ],
    });
    const thing = { id: ID, name: 'a', size: null, when: '2026-06-25T11:15:43.5469603' };
    expect(spec.validateRequest({ method: 'POST', path: '/v9/things', body: thing }).errors).toHaveLength(2);
    expect(overridden.validateRequest({ method: 'POST', path: '/v9/things', body: thing }).errors).toEqual([]);
    expect(overridden.validateResponse({ method: 'POST', path: '/v9/things', status: 201, responseBody: { ok: 1 } }).errors).toEqual([]);
    expect(() => loadOpenApiSpec({ root, files: ['api/swagger.json'], overrides: [{ kind: 'schema', target: 'common/defs.json#/definitions/Gone/properties/x', nullable: true, why: 'stale' }] }))
      .toThrow(/does not exist/);
  });
});

describeWithSpecs('the shared specs', () => {
  it('load, and every Fabric operation\'s request and success schemas compile', () => {
    const fabric = loadFabricSpec(SPECS_DIR);
    expect(fabric.operations().length).toBeGreaterThan(200);
    const broken: string[] = [];
    for (const op of fabric.operations()) {
      for (const status of Object.keys(op.responses).filter((s) => /^2/.test(s))) {
        const errors = fabric.validateResponse({ method: op.method, path: op.path, status: Number(status), responseBody: {} }, { operationId: op.operationId }).errors;
        broken.push(...errors.filter((e) => /cannot be compiled/.test(e)));
      }
    }
    expect(broken).toEqual([]);
  });

  it('load the Power BI swagger with case-insensitive paths', () => {
    const pbi = loadPowerBiSpec(SPECS_DIR);
    expect(pbi.findOperation('POST', '/v1.0/myorg/Groups')?.operationId).toBe('Groups_CreateGroup');
    expect(pbi.validateRequest({ method: 'POST', path: '/v1.0/myorg/groups', query: { workspaceV2: 'true' }, body: { name: 'acme' } }).errors).toEqual([]);
  });
});
