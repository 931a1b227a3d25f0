// `npm run smoke:live` cannot reach the real services here: what is tested is that without
// credentials it calls nothing, says what it needs and exits 2, and that its guard lets through
// only GET (and POST to the Entra token endpoint) before a byte is sent.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTokenEndpoint, LIVE_VARIABLES, ReadOnlyViolation, readOnlyFetch, type TraceEntry } from '../../scripts/smoke-live.ts';
import { repoRoot } from '../support/repo.ts';

describe('smoke:live', () => {
  it('without credentials says what it needs and exits 2, calling nothing', () => {
    const node = path.join(repoRoot, 'node_modules', '.bin', 'node');
    // An environment with no TENANTOPS_LIVE_* variable at all.
    const run = spawnSync(node, [path.join(repoRoot, 'scripts', 'smoke-live.ts')], { cwd: repoRoot, env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^smoke:live needs credentials for at least one service \(read-only ones are enough\); nothing was called:\n/);
    for (const name of new Set(Object.values(LIVE_VARIABLES).flat())) expect(run.stderr).toContain(name);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses %s to any service endpoint before sending it', async (method) => {
    const sent: string[] = [];
    const trace: TraceEntry[] = [];
    const guarded = readOnlyFetch(async (input) => (sent.push(String(input)), new Response('{}')), trace);
    for (const url of ['https://api.powerbi.com/v1.0/myorg/groups', 'https://api.fabric.microsoft.com/v1/workspaces', 'https://api.godaddy.com/v1/domains/example.com/records/A/x', 'https://login.microsoftonline.com/t/oauth2/v2.0/devicecode']) {
      await expect(guarded(url, { method })).rejects.toThrow(ReadOnlyViolation);
    }
    expect(sent).toEqual([]);
    expect(trace).toEqual([]);
  });

  it('lets GET through, and POST to the Entra token endpoint only, recording them redacted in the Fabric trace format', async () => {
    const trace: TraceEntry[] = [];
    const guarded = readOnlyFetch(async () => new Response(JSON.stringify({ access_token: 'eyJ.secret.token', value: [] }), { status: 200, headers: { 'content-type': 'application/json' } }), trace, () => new Date(0));
    await guarded('https://api.powerbi.com/v1.0/myorg/groups?$top=5', { headers: { authorization: 'Bearer eyJ.secret.token' } });
    await guarded('https://login.microsoftonline.com/tenant-id/oauth2/v2.0/token', { method: 'POST', body: 'client_secret=s3cr3t' });
    expect(isTokenEndpoint('https://login.microsoftonline.com/t/oauth2/v2.0/token')).toBe(true);
    expect(isTokenEndpoint('https://evil.example/t/oauth2/v2.0/token')).toBe(false);
    expect(trace.map((t) => [t.request.method, t.request.url, t.response?.status_code])).toEqual([
      ['GET', 'https://api.powerbi.com/v1.0/myorg/groups?$top=5', 200],
      ['POST', 'https://login.microsoftonline.com/tenant-id/oauth2/v2.0/token', 200],
    ]);
    const text = JSON.stringify(trace);
    expect(text).not.toContain('secret');
    expect(trace[0].request.headers.authorization).toBe('***');
    expect(trace[1].request.body).toBe('***');
    expect(trace[0].response!.body).toEqual({ access_token: '***', value: [] });
  });
});
