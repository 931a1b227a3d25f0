// Issues, comments and labels through the real Octokit: create, read, update (close and reopen),
// list with filters, pagination as GitHub does it (Link header, octokit.paginate), comment
// edits and deletes, and GitHub's refusals (401, 404, 422) in its envelope with its headers.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../src/http/index.ts';
import { call } from '../support/https.ts';
import { FULL_NAME, OWNER, REPO, startTestGithub, type TestGithub } from './support/harness.ts';

const repo = { owner: OWNER, repo: REPO };
let gh: TestGithub;
beforeEach(async () => {
  gh = await startTestGithub();
});
afterEach(async () => gh.stop());

describe('issues', () => {
  it('creates, reads, closes and reopens an issue, with labels made on first use', async () => {
    const octokit = gh.octokit();
    const created = await octokit.rest.issues.create({ ...repo, title: 'Drift: acme', body: 'found drift', labels: ['drift', { name: 'tenant:acme' }] });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`${gh.github.url}/repos/${FULL_NAME}/issues/1`);
    expect(created.data).toMatchObject({ number: 1, state: 'open', title: 'Drift: acme', body: 'found drift', user: { login: 'octocat' }, comments: 0, closed_at: null });
    expect(created.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['drift', 'tenant:acme']);

    const closed = await octokit.rest.issues.update({ ...repo, issue_number: 1, state: 'closed', state_reason: 'not_planned' });
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'not_planned', closed_by: { login: 'octocat' } });
    expect(closed.data.closed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const reopened = await octokit.rest.issues.update({ ...repo, issue_number: 1, state: 'open' });
    expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
    expect((await octokit.rest.issues.get({ ...repo, issue_number: 1 })).data.title).toBe('Drift: acme');
    expect((await octokit.rest.issues.listLabelsForRepo(repo)).data.map((l) => l.name)).toEqual(['drift', 'tenant:acme']);
  });

  it('lists by state and labels, newest first, and pages as GitHub does (Link, octokit.paginate)', async () => {
    const octokit = gh.octokit();
    for (let n = 1; n <= 7; n++) await octokit.rest.issues.create({ ...repo, title: `issue ${n}`, labels: n % 2 ? ['odd'] : ['even'] });
    await octokit.rest.issues.update({ ...repo, issue_number: 7, state: 'closed' });

    expect((await octokit.rest.issues.listForRepo(repo)).data.map((i) => i.number)).toEqual([6, 5, 4, 3, 2, 1]);
    expect((await octokit.rest.issues.listForRepo({ ...repo, state: 'all', labels: 'odd' })).data.map((i) => i.number)).toEqual([7, 5, 3, 1]);
    expect((await octokit.rest.issues.listForRepo({ ...repo, state: 'closed' })).data.map((i) => i.number)).toEqual([7]);
    expect((await octokit.rest.issues.listForRepo({ ...repo, direction: 'asc', labels: 'even' })).data.map((i) => i.number)).toEqual([2, 4, 6]);

    const first = await octokit.rest.issues.listForRepo({ ...repo, state: 'all', per_page: 3 });
    const id = (await gh.octokit().request('GET /repos/{owner}/{repo}/issues', { ...repo, per_page: 1 })).headers.link?.match(/repositories\/(\d+)/)?.[1];
    const base = `${gh.github.url}/repositories/${id}/issues?state=all&per_page=3`;
    expect(first.headers.link).toBe(`<${base}&page=2>; rel="next", <${base}&page=3>; rel="last"`);
    const middle = await octokit.rest.issues.listForRepo({ ...repo, state: 'all', per_page: 3, page: 2 });
    expect(middle.headers.link).toBe(`<${base}&page=1>; rel="prev", <${base}&page=3>; rel="next", <${base}&page=3>; rel="last", <${base}&page=1>; rel="first"`);
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, state: 'all', per_page: 3 });
    expect(all.map((i) => i.number)).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it('caps per_page at 100 and defaults it to 30', async () => {
    const octokit = gh.octokit();
    for (let n = 1; n <= 31; n++) await octokit.rest.issues.create({ ...repo, title: `issue ${n}` });
    expect((await octokit.rest.issues.listForRepo(repo)).data).toHaveLength(30);
    const capped = await octokit.rest.issues.listForRepo({ ...repo, per_page: 500 });
    expect(capped.data).toHaveLength(31);
    expect(capped.headers.link).toBeUndefined();
  });

  it('refuses a missing title and an unknown state with 422 in GitHub\'s shape', async () => {
    const octokit = gh.octokit();
    const missing = await octokit.request('POST /repos/{owner}/{repo}/issues', { ...repo, body: 'no title' } as never).catch((e) => e);
    expect(missing.status).toBe(422);
    expect(missing.response.data).toEqual({ message: 'Invalid request.\n\n"title" wasn\'t supplied.', documentation_url: 'https://docs.github.com/rest', status: '422' });
    await octokit.rest.issues.create({ ...repo, title: 't' });
    const bad = await octokit.rest.issues.update({ ...repo, issue_number: 1, state: 'finished' as 'open' }).catch((e) => e);
    expect(bad.status).toBe(422);
    expect(bad.response.data.message).toMatch(/^Invalid request\.\n\nFor 'properties\/state', "finished" is not one of \["open", "closed"\]\.$/);
  });
});

describe('issue comments', () => {
  it('lists, creates, edits and deletes comments, keeping the issue\'s count', async () => {
    const octokit = gh.octokit();
    await octokit.rest.issues.create({ ...repo, title: 'plan' });
    const made = [];
    for (let n = 1; n <= 5; n++) made.push((await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: `comment ${n}` })).data);
    expect(made[0]).toMatchObject({ body: 'comment 1', user: { login: 'octocat' }, author_association: 'CONTRIBUTOR', issue_url: `${gh.github.url}/repos/${FULL_NAME}/issues/1` });
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: 1, per_page: 2 });
    expect(all.map((c) => c.body)).toEqual(['comment 1', 'comment 2', 'comment 3', 'comment 4', 'comment 5']);
    const edited = await octokit.rest.issues.updateComment({ ...repo, comment_id: made[1].id, body: 'edited' });
    expect(edited.data.body).toBe('edited');
    expect((await octokit.rest.issues.getComment({ ...repo, comment_id: made[1].id })).data.body).toBe('edited');
    expect((await octokit.rest.issues.deleteComment({ ...repo, comment_id: made[0].id })).status).toBe(204);
    expect((await octokit.rest.issues.get({ ...repo, issue_number: 1 })).data.comments).toBe(4);
    const gone = await octokit.rest.issues.getComment({ ...repo, comment_id: made[0].id }).catch((e) => e);
    expect(gone.status).toBe(404);
    expect(gone.response.data).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
  });

  it('refuses a comment body over 65,536 characters', async () => {
    const octokit = gh.octokit();
    await octokit.rest.issues.create({ ...repo, title: 'plan' });
    const long = await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'x'.repeat(65_537) }).catch((e) => e);
    expect(long.status).toBe(422);
    expect(long.response.data).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] });
    expect((await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'x'.repeat(65_536) })).status).toBe(201);
  });
});

describe('authentication, rate limits and request ids', () => {
  it('answers 401 without a token or with an unknown one, and accepts "token X" and "Bearer X"', async () => {
    const url = `${gh.github.url}/repos/${FULL_NAME}/issues`;
    const none = await call(url, 'GET');
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest', status: '401' });
    const bad = await call(url, 'GET', { headers: { authorization: 'token ghp_unknown' } });
    expect(bad.status).toBe(401);
    expect(bad.json.message).toBe('Bad credentials');
    const token = gh.github.issueToken('hubot');
    expect((await call(url, 'GET', { headers: { authorization: `token ${token}` } })).status).toBe(200);
    expect((await call(url, 'GET', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('reports the caller\'s hourly budget on every answer and refuses with 403 once it is spent, until the hour is over', async () => {
    const octokit = gh.octokit();
    const first = await octokit.rest.issues.listForRepo(repo);
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-used': '1', 'x-ratelimit-resource': 'core' });
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(first.headers['x-github-request-id']).toBeTruthy();
    const second = await octokit.rest.issues.listForRepo(repo);
    expect(second.headers['x-ratelimit-remaining']).toBe('4998');
    expect(second.headers['x-github-request-id']).not.toBe(first.headers['x-github-request-id']);
    expect((await gh.octokit('', { token: gh.github.issueRunToken(FULL_NAME, 1) }).rest.issues.listForRepo(repo)).headers['x-ratelimit-limit']).toBe('1000');
    await gh.stop();

    const clock = createVirtualClock(Date.UTC(2026, 0, 5, 9));
    gh = await startTestGithub({ clock, requestsPerHour: { githubToken: 3 } });
    // Two run tokens of one repository share its budget.
    const runs = [gh.octokit('', { token: gh.github.issueRunToken(FULL_NAME, 1) }), gh.octokit('', { token: gh.github.issueRunToken(FULL_NAME, 2) })];
    for (const o of [runs[0], runs[1], runs[0]]) expect((await o.rest.issues.listForRepo(repo)).status).toBe(200);
    const limited = await runs[1].rest.issues.listForRepo(repo).catch((e) => e);
    expect(limited.status).toBe(403);
    expect(limited.response.headers).toMatchObject({ 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '3', 'x-ratelimit-reset': String(Date.UTC(2026, 0, 5, 10) / 1000) });
    expect(limited.response.data.message).toMatch(/^API rate limit exceeded for installation ID \d+\.$/);
    expect((await gh.octokit().rest.issues.listForRepo(repo)).status).toBe(200);
    clock.advance(60 * 60 * 1000);
    expect((await runs[1].rest.issues.listForRepo(repo)).headers['x-ratelimit-remaining']).toBe('2');
  });

  it('lets a run\'s GITHUB_TOKEN reach its own repository only', async () => {
    gh.github.addRepository({ fullName: 'octo-org/other' });
    const asRun = gh.octokit('', { token: gh.github.issueRunToken(FULL_NAME, 1) });
    expect((await asRun.rest.issues.listForRepo(repo)).status).toBe(200);
    const other = await asRun.rest.issues.listForRepo({ owner: OWNER, repo: 'other' }).catch((e) => e);
    expect(other.status).toBe(404);
    expect((await gh.octokit().rest.issues.listForRepo({ owner: OWNER, repo: 'other' })).status).toBe(200);
  });
});
