// `tenantops review` against a small GitHub REST server on loopback: commit → merged PR → sticky
// comment → marker, and every way it stops before a write.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { markerFor, renderPlanMarker } from '../../src/github/index.ts';
import { cli } from '../support/cli.ts';
import { runCli } from '../../src/cli/main.ts';
import { PassThrough } from 'node:stream';

const HEAD = 'c'.repeat(40);
const MERGE = 'd'.repeat(40);
const H = (c: string) => c.repeat(64);
let pulls: object[] = [];
let comments: { id: number; body: string }[] = [];
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== 'token t0ken') return send(401, { message: 'Bad credentials' });
    if (url.pathname === `/repos/o/r/commits/${MERGE}/pulls`) return send(200, pulls);
    if (url.pathname === '/repos/o/r/issues/7/comments') {
      // Two pages, as the API paginates: the plan comment is on the second.
      const page = Number(url.searchParams.get('page') ?? 1);
      if (page === 1 && comments.length > 1) res.setHeader('link', `<${baseUrl}/repos/o/r/issues/7/comments?page=2>; rel="next"`);
      return send(200, comments.length > 1 ? (page === 1 ? comments.slice(0, 1) : comments.slice(1)) : comments);
    }
    send(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  pulls = [{ number: 7, html_url: 'https://github.example/o/r/pull/7', merged_at: '2026-01-01T00:00:00Z', merge_commit_sha: MERGE, head: { sha: HEAD }, merged_by: { login: 'lead' } }];
  comments = [
    { id: 1, body: 'looks good' },
    { id: 2, body: `${markerFor('plan')}\n${renderPlanMarker({ version: 1, sha: HEAD, tenants: { 'acme-training': { db: H('1'), powerbi: H('2'), dns: H('3') } } })}\n## plan` },
  ];
});

async function review(...extra: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const env = { GITHUB_TOKEN: 't0ken', GITHUB_API_URL: baseUrl, GITHUB_REPOSITORY: 'o/r' };
  const code = await runCli(['review', '--sha', MERGE, '--tenant', 'acme-training', '--json', ...extra], { stdout: out, stderr: err, env, cwd: process.cwd() });
  return { code, stdout, stderr };
}

describe('tenantops review', () => {
  it('finds the hashes reviewed for the tenant on the merged PR', async () => {
    const r = await review();
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ tenant: 'acme-training', source: 'reviewed', pr: 7, hashes: { db: H('1'), powerbi: H('2'), dns: H('3') } });
  });

  it('lets accepted hashes replace reviewed ones, and needs no PR when they cover every capability', async () => {
    expect(JSON.parse((await review('--accept', `dns=${H('9')}`)).stdout).hashes).toEqual({ db: H('1'), powerbi: H('2'), dns: H('9') });
    pulls = [];
    const all = await review('--accept', `db=${H('7')},powerbi=${H('8')},dns=${H('9')},registry=${H('6')}`);
    expect(JSON.parse(all.stdout)).toMatchObject({ source: 'accepted', pr: null });
  });

  it.each([
    ['no merged PR', () => (pulls = []), /came from no merged pull request/],
    ['no plan comment', () => (comments = [comments[0]]), /has no tenantops plan comment/],
    ['a stale plan', () => ((pulls[0] as { head: { sha: string } }).head.sha = 'e'.repeat(40)), /was made for commit c{40}, but the pull request's last commit is e{40}/],
    ['an offline plan', () => (comments[1].body = `${markerFor('plan')}\n${renderPlanMarker({ version: 1, sha: HEAD, tenants: {}, offline: true })}`), /was planned offline/],
    ['another tenant', () => (comments[1].body = `${markerFor('plan')}\n${renderPlanMarker({ version: 1, sha: HEAD, tenants: { other: { db: H('1') } } })}`), /does not cover tenant acme-training/],
  ])('stops with a precise message on %s', async (_, arrange, message) => {
    arrange();
    const r = await review();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('refuses an accepted hash that is not one', async () => {
    expect((await cli(['review', '--sha', MERGE, '--tenant', 'x', '--accept', 'db=12'])).stderr).toMatch(/db needs a 64-hex plan hash/);
  });
});
