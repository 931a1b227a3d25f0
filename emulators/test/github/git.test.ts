// Git through the REST API, driven by the real Octokit: refs, a file's contents read and written
// on a branch (each write a commit; an update needs the blob it replaces), the commits that
// touched a path, and a pull request opened of a branch, with GitHub's refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_NAME, OWNER, REPO, startTestGithub, type TestGithub } from './support/harness.ts';

const repo = { owner: OWNER, repo: REPO };
const b64 = (s: string) => Buffer.from(s).toString('base64');
const status = (p: Promise<unknown>) => p.then(() => 200, (e: { status: number; response?: { data?: unknown } }) => ({ status: e.status, data: e.response?.data }));

describe('git routes', () => {
  let gh: TestGithub;
  let first: string;
  let second: string;
  beforeAll(async () => {
    gh = await startTestGithub();
    first = gh.github.commit(FULL_NAME, { message: 'Add acme', files: { 'tenants/acme.yaml': 'hello\n', 'README.md': '# r\n' } });
    second = gh.github.commit(FULL_NAME, { message: 'Rename acme', files: { 'tenants/acme.yaml': 'hello again\n' } });
    gh.github.commit(FULL_NAME, { message: 'Docs', files: { 'README.md': '# repo\n' } });
  });
  afterAll(async () => gh?.stop());

  it('reads a file at a ref as base64 with git\'s blob id, and a folder as its entries', async () => {
    const octokit = gh.octokit();
    const at = async (ref: string) => (await octokit.rest.repos.getContent({ ...repo, path: 'tenants/acme.yaml', ref })).data as { content: string; sha: string; encoding: string };
    const old = await at(first);
    expect(Buffer.from(old.content, 'base64').toString()).toBe('hello\n');
    // `printf 'hello\n' | git hash-object --stdin`
    expect(old.sha).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(Buffer.from((await at('main')).content, 'base64').toString()).toBe('hello again\n');
    const dir = (await octokit.rest.repos.getContent({ ...repo, path: 'tenants' })).data as { name: string; type: string }[];
    expect(dir.map((e) => [e.name, e.type])).toEqual([['acme.yaml', 'file']]);
    expect(await status(octokit.rest.repos.getContent({ ...repo, path: 'tenants/none.yaml' }))).toMatchObject({ status: 404 });
    expect(await status(octokit.rest.repos.getContent({ ...repo, path: 'tenants/acme.yaml', ref: 'nowhere' }))).toMatchObject({ status: 404, data: { message: 'No commit found for the ref nowhere' } });
  });

  it('lists the commits that touched a path, newest first, with their parents', async () => {
    const commits = (await gh.octokit().rest.repos.listCommits({ ...repo, path: 'tenants/acme.yaml' })).data;
    expect(commits.map((c) => [c.sha, c.commit.message, c.parents[0]?.sha])).toEqual([[second, 'Rename acme', first], [first, 'Add acme', 'a'.repeat(40)]]);
  });

  it('creates a branch, writes on it only with the blob it replaces, and opens one pull request of it', async () => {
    const octokit = gh.octokit();
    const main = (await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    expect(await status(octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/main', sha: main }))).toMatchObject({ status: 422, data: { message: 'Reference already exists' } });
    expect(await status(octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/x', sha: 'f'.repeat(40) }))).toMatchObject({ status: 422, data: { message: 'Object does not exist' } });
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/revert', sha: main });
    // No change on the branch yet: nothing to propose.
    expect(await status(octokit.rest.pulls.create({ ...repo, title: 't', head: 'revert', base: 'main' }))).toMatchObject({ status: 422, data: { errors: [{ message: 'No commits between main and revert' }] } });

    const path = 'tenants/acme.yaml';
    const current = (await octokit.rest.repos.getContent({ ...repo, path, ref: 'revert' })).data as { sha: string };
    const write = (sha?: string) => octokit.rest.repos.createOrUpdateFileContents({ ...repo, path, branch: 'revert', message: 'Revert', content: b64('hello\n'), ...(sha ? { sha } : {}) });
    expect(await status(write())).toMatchObject({ status: 422, data: { message: 'Invalid request.\n\n"sha" wasn\'t supplied.' } });
    expect(await status(write('f'.repeat(40)))).toMatchObject({ status: 409, data: { message: `${path} does not match ${'f'.repeat(40)}` } });
    const written = await write(current.sha);
    expect(written.status).toBe(200);
    expect(written.data.commit.parents?.map((p) => p.sha)).toEqual([main]);
    // The branch moved; main did not.
    expect((await octokit.rest.git.getRef({ ...repo, ref: 'heads/revert' })).data.object.sha).toBe(written.data.commit.sha);
    expect((await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha).toBe(main);

    const added = await octokit.rest.repos.createOrUpdateFileContents({ ...repo, path: 'tenants/new.yaml', branch: 'revert', message: 'Add', content: b64('x\n') });
    expect(added.status).toBe(201);
    expect(await status(octokit.rest.repos.deleteFile({ ...repo, path: 'tenants/new.yaml', branch: 'revert', message: 'Remove', sha: 'f'.repeat(40) }))).toMatchObject({ status: 409 });
    await octokit.rest.repos.deleteFile({ ...repo, path: 'tenants/new.yaml', branch: 'revert', message: 'Remove', sha: added.data.content!.sha! });
    expect(await status(octokit.rest.repos.getContent({ ...repo, path: 'tenants/new.yaml', ref: 'revert' }))).toMatchObject({ status: 404 });

    const pr = (await octokit.rest.pulls.create({ ...repo, title: 'Revert acme', head: 'revert', base: 'main', body: 'why' })).data;
    expect(pr).toMatchObject({ state: 'open', head: { ref: 'revert' }, base: { ref: 'main', sha: main }, changed_files: 1 });
    expect((await octokit.rest.pulls.listFiles({ ...repo, pull_number: pr.number })).data.map((f) => [f.filename, f.status])).toEqual([[path, 'modified']]);
    expect(await status(octokit.rest.pulls.create({ ...repo, title: 'again', head: 'revert', base: 'main' }))).toMatchObject({
      status: 422, data: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${OWNER}:revert.` }] },
    });
    expect(await status(octokit.rest.pulls.create({ ...repo, title: 't', head: 'nowhere', base: 'main' }))).toMatchObject({ status: 422, data: { errors: [{ field: 'head', code: 'invalid' }] } });
  });
});
