import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorRequestError, startEmulator, type Emulator, type Exchange, type Route } from '../../src/http/index.ts';
import { createTlsMaterial } from '../../src/tls/index.ts';
import { call } from '../support/https.ts';
import { testTls } from '../support/tls.ts';

const routes: Route[] = [
  {
    name: 'reports.clone', method: 'POST', path: '/v1.0/myorg/groups/{groupId}/reports/{reportId}/Clone',
    handler: (req) => ({ status: 200, body: { params: req.params, query: req.query, body: req.json(), rid: req.requestId } }),
  },
  { name: 'groups.get', method: 'GET', path: '/v1.0/myorg/groups/{groupId}', handler: (req) => ({ status: 200, body: { id: req.params.groupId } }) },
  { name: 'groups.literal', method: 'GET', path: '/v1.0/myorg/groups/reports', handler: () => ({ status: 200, body: { literal: true } }) },
  { name: 'upload', method: 'POST', path: '/upload', handler: (req) => ({ status: 200, body: { bytes: req.body.length, first: req.body[0] } }) },
  { name: 'teapot', method: 'GET', path: '/teapot', handler: () => { throw new EmulatorRequestError(418, 'Teapot', 'short and stout'); } },
  { name: 'text', method: 'GET', path: '/text', handler: (req) => ({ status: 200, body: `origin=${req.origin}` }) },
];

// A Power BI-like error envelope, to show framework errors come out in the emulator's shape.
const errors = (e: { status: number; code: string; message: string }) => ({ status: e.status, body: { error: { code: e.code, pbi: true, message: e.message } } });

describe('emulator routing over HTTPS', () => {
  let emulator: Emulator;
  let sensitive: Emulator;
  const exchanges: Exchange[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({
      name: 'test', routes, tls: testTls(), errors, caseInsensitivePaths: true, requestIdHeaders: ['RequestId', 'x-ms-request-id'],
      maxBodyBytes: 1024, onExchange: (x) => exchanges.push(x), state: () => ({ hello: 'state' }),
    });
    sensitive = await startEmulator({ name: 'sensitive', routes, tls: testTls() });
  });
  afterAll(async () => {
    await emulator.stop();
    await sensitive.stop();
  });

  it('matches templates, decodes params, parses query and JSON, and sets every request id header', async () => {
    const res = await call(`${emulator.url}/v1.0/myorg/groups/g%201/reports/r2/Clone?a=1&a=2&b=x`, 'POST', { body: { name: 'copy' } });
    expect(res.status).toBe(200);
    expect(res.json.params).toEqual({ groupId: 'g 1', reportId: 'r2' });
    expect(res.json.query).toEqual({ a: '1', b: 'x' });
    expect(res.json.body).toEqual({ name: 'copy' });
    expect(res.headers.requestid).toBe(res.json.rid);
    expect(res.headers['x-ms-request-id']).toBe(res.json.rid);
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('matches paths case-insensitively when asked, keeping the parameters as sent', async () => {
    const res = await call(`${emulator.url}/V1.0/MYORG/Groups/AbC/REPORTS/xYz/clone`, 'POST', { body: {} });
    expect(res.status).toBe(200);
    expect(res.json.params).toEqual({ groupId: 'AbC', reportId: 'xYz' });
    const strict = await call(`${sensitive.url}/V1.0/MYORG/Groups/AbC/REPORTS/xYz/clone`, 'POST', { body: {} });
    expect(strict.status).toBe(404);
    expect(strict.json).toEqual({ error: { code: 'RouteNotFound', message: expect.any(String) } });
  });

  it('prefers a literal segment over a parameter', async () => {
    expect((await call(`${emulator.url}/v1.0/myorg/groups/reports`, 'GET')).json).toEqual({ literal: true });
    expect((await call(`${emulator.url}/v1.0/myorg/groups/other`, 'GET')).json).toEqual({ id: 'other' });
  });

  it('answers unknown routes, wrong methods, bad JSON and oversized bodies in the emulator error shape', async () => {
    const missing = await call(`${emulator.url}/nope`, 'GET');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: 'RouteNotFound', pbi: true });
    expect(missing.headers.requestid).toMatch(/^[0-9a-f-]{36}$/);
    const wrongMethod = await call(`${emulator.url}/v1.0/myorg/groups/g1/reports/r1/Clone`, 'DELETE');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    const badJson = await call(`${emulator.url}/v1.0/myorg/groups/g/reports/r/Clone`, 'POST', { body: '{not json', headers: { 'content-type': 'application/json' } });
    expect(badJson.status).toBe(400);
    expect(badJson.json.error.code).toBe('InvalidRequest');
    const big = await call(`${emulator.url}/upload`, 'POST', { body: Buffer.alloc(2048, 7) });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('RequestBodyTooLarge');
    const teapot = await call(`${emulator.url}/teapot`, 'GET');
    expect(teapot.status).toBe(418);
    expect(teapot.json.error).toMatchObject({ code: 'Teapot', message: 'short and stout' });
  });

  it('hands raw bodies to handlers and builds the origin from the Host header', async () => {
    const res = await call(`${emulator.url}/upload`, 'POST', { body: Buffer.from([9, 1, 2]) });
    expect(res.json).toEqual({ bytes: 3, first: 9 });
    const text = await call(`${emulator.url}/text`, 'GET', { headers: { host: 'localhost:1234' } });
    expect(text.text).toBe('origin=https://localhost:1234');
  });

  it('tells observers the whole exchange, and serves the state dump on the admin API', async () => {
    exchanges.length = 0;
    await call(`${emulator.url}/v1.0/myorg/groups/g/reports/r/Clone`, 'POST', { body: { targetWorkspaceId: 'w' } });
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({
      route: 'reports.clone', method: 'POST', status: 200, params: { groupId: 'g', reportId: 'r' },
      requestBody: { targetWorkspaceId: 'w' }, responseBody: expect.objectContaining({ params: { groupId: 'g', reportId: 'r' } }),
    });
    expect(exchanges[0].responseHeaders['Content-Type']).toContain('application/json');
    expect((await call(`${emulator.url}/_admin/state`, 'GET')).json).toEqual({ hello: 'state' });
    expect(exchanges).toHaveLength(1); // admin calls are not exchanges of the emulated contract
  });
});

describe('TLS', () => {
  it('is refused by a client that does not trust the CA', async () => {
    const emulator = await startEmulator({ name: 'untrusted', routes, tls: await createTlsMaterial() });
    try {
      await expect(call(`${emulator.url}/text`, 'GET')).rejects.toThrow(/certificate/i);
    } finally {
      await emulator.stop();
    }
  });
});
