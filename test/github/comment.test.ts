// The sticky comment through the real Octokit against a small GitHub REST emulator over HTTPS,
// paginated with Link headers as the API does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMMENT_LIMIT, fitComment, upsertStickyComment } from '../../src/github/index.ts';
import { type Emulator, startEmulator } from '@tenantops/emulators';
import { fetchTrustingTestCa, testTls } from '@tenantops/emulators/testing';

interface Comment { id: number; body: string }
let comments: Comment[] = [];
let nextId = 1;
let github: Emulator;

beforeAll(async () => {
  github = await startEmulator({
    name: 'github',
    tls: testTls(),
    requestIdHeaders: ['x-github-request-id'],
    errors: (e) => ({ status: e.status, body: { message: e.message } }),
    authenticate: (req) => (req.headers.authorization === 'token gh-test-token' ? { key: 'bot' } : { status: 401, body: { message: 'Bad credentials' } }),
    routes: [
      {
        name: 'comments.list', method: 'GET', path: '/repos/{owner}/{repo}/issues/{n}/comments',
        handler: (req) => {
          const perPage = Number(req.query.per_page ?? 30);
          const page = Number(req.query.page ?? 1);
          const slice = comments.slice((page - 1) * perPage, page * perPage);
          const last = Math.max(1, Math.ceil(comments.length / perPage));
          const headers: Record<string, string> = {};
          if (page < last) headers.link = `<${req.origin}${req.path}?per_page=${perPage}&page=${page + 1}>; rel="next", <${req.origin}${req.path}?per_page=${perPage}&page=${last}>; rel="last"`;
          return { status: 200, headers, body: slice.map((c) => ({ id: c.id, body: c.body })) };
        },
      },
      {
        name: 'comments.create', method: 'POST', path: '/repos/{owner}/{repo}/issues/{n}/comments',
        handler: (req) => {
          const c = { id: nextId++, body: req.json<{ body: string }>().body };
          comments.push(c);
          return { status: 201, body: c };
        },
      },
      {
        name: 'comments.update', method: 'PATCH', path: '/repos/{owner}/{repo}/issues/comments/{id}',
        handler: (req) => {
          const c = comments.find((x) => x.id === Number(req.params.id))!;
          c.body = req.json<{ body: string }>().body;
          return { status: 200, body: c };
        },
      },
    ],
  });
});
afterAll(() => github.stop());
beforeEach(() => {
  comments = [];
  github.clearRequests();
});

const options = () => ({ token: 'gh-test-token', baseUrl: github.url, fetch: fetchTrustingTestCa() });
const pr = { owner: 'acme', repo: 'platform', number: 7 };

describe('sticky PR comment', () => {
  it('creates once, then edits the same comment, and leaves an unchanged one alone', async () => {
    expect((await upsertStickyComment(pr, 'plan A', options())).action).toBe('created');
    expect((await upsertStickyComment(pr, 'plan B', options())).action).toBe('updated');
    expect((await upsertStickyComment(pr, 'plan B', options())).action).toBe('unchanged');
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toBe('<!-- tenantops:plan -->\nplan B');
  });
  it('finds its comment past the first page among other people’s comments', async () => {
    for (let i = 0; i < 150; i++) comments.push({ id: nextId++, body: `human comment ${i}` });
    comments.push({ id: nextId++, body: '<!-- tenantops:plan -->\nold plan' });
    const result = await upsertStickyComment(pr, 'new plan', options());
    expect(result.action).toBe('updated');
    expect(comments).toHaveLength(151);
    expect(github.requests().filter((r) => r.route === 'comments.list')).toHaveLength(2);
  });
});

describe('sticky PR comment, refused', () => {
  it('fails with the API status when the token is wrong', async () => {
    await expect(upsertStickyComment(pr, 'x', { ...options(), token: 'wrong' })).rejects.toMatchObject({ status: 401 });
  });
});

describe('fitComment', () => {
  it('keeps short bodies, cuts long ones under the limit at a line and closes open details', () => {
    expect(fitComment('short', 'the job summary')).toBe('short');
    const long = '<details><summary>many</summary>\n\n' + Array.from({ length: 5000 }, (_, i) => `| line ${i} | ${'x'.repeat(20)} |`).join('\n');
    const fitted = fitComment(long, 'the job summary');
    expect(fitted.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(fitted).toContain('</details>');
    expect(fitted).toMatch(/truncated: the full text \([\d,]+ characters\) is in the job summary/);
  });
});
