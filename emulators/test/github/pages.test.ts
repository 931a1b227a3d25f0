// The repository's GitHub Pages site as a workflow reads it: 404 until Pages is enabled, then the
// site with `public` saying who may open it, through the real Octokit and a run's GITHUB_TOKEN.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FULL_NAME, OWNER, REPO, startTestGithub, type TestGithub } from './support/harness.ts';

const repo = { owner: OWNER, repo: REPO };
/** What Octokit throws for a refusal (its RequestError), as far as these tests read it. */
type Refusal = { status: number; response?: { data: unknown } };
let gh: TestGithub;
beforeEach(async () => {
  gh = await startTestGithub();
});
afterEach(async () => gh.stop());

describe('GitHub Pages', () => {
  it('answers 404 without a site, then the site with its visibility, as the setting changes', async () => {
    const { id } = gh.github.createRun(FULL_NAME, { workflow: { path: '.github/workflows/dashboard.yml', name: 'dashboard' }, event: 'workflow_dispatch', headSha: 'a'.repeat(40), ref: 'refs/heads/main', actor: 'octocat' });
    const octokit = gh.octokit('octocat', { token: gh.github.issueRunToken(FULL_NAME, id, { pages: 'read' }) });
    const missing = (await octokit.rest.repos.getPages(repo).catch((e: unknown) => e)) as Refusal;
    expect(missing.status).toBe(404);
    expect(missing.response?.data).toMatchObject({ message: 'Not Found', status: '404' });

    gh.github.setPages(FULL_NAME, { public: false });
    const site = (await octokit.rest.repos.getPages(repo)).data;
    expect(site).toMatchObject({ url: expect.stringMatching(new RegExp(`/repos/${FULL_NAME}/pages$`)), status: 'built', public: false, build_type: 'workflow', cname: null });
    expect(site.html_url).toMatch(/^https:\/\/octo-repo-\d+\.pages\.github\.io\/$/);

    gh.github.setPages(FULL_NAME, { public: true, buildType: 'legacy' });
    expect((await octokit.rest.repos.getPages(repo)).data).toMatchObject({ public: true, html_url: 'https://octo-org.github.io/octo-repo/', source: { branch: 'main', path: '/' } });

    gh.github.setPages(FULL_NAME, undefined);
    expect(await octokit.rest.repos.getPages(repo).then(() => 200, (e: Refusal) => e.status)).toBe(404);
  });
});
