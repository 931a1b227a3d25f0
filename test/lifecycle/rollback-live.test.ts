// Rolling back a live tenant, against the emulated GitHub through Octokit: exactly one pull request
// that restores the tenant's file as it was before its last change, on its own branch; a second
// rollback finds it and opens none; nothing else changes (main untouched, the tenant still live,
// the second call only reads).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startGithub, type GithubEmulator } from '@tenantops/emulators';
import { fetchTrustingTestCa, testTls } from '@tenantops/emulators/testing';
import type { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit, openRevertPullRequest } from '../../src/github/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { getTenant, listAudit, upsertTenant } from '../../src/registry/index.ts';
import { createServices, loadValidInputs, rollbackLiveTenant, type Inputs, type Services } from '../../src/run/index.ts';
import { cli } from '../support/cli.ts';
import { TEST_ENCRYPTION_KEY } from '../support/mail.ts';
import { useTestRegistry } from '../support/registry.ts';
import { repoRoot } from '../support/repo.ts';

const registry = useTestRegistry();
const REPOSITORY = 'acme/platform';
const repo = { owner: 'acme', repo: 'platform' };
const FILE = 'tenants/beta-corp.yaml';
const current = readFileSync(path.join(repoRoot, FILE), 'utf8');
// The version before the change being rolled back: a renamed tenant.
const earlier = current.replace(/^name: .*$/m, 'name: Beta Corp (before the rename)');

let github: GithubEmulator;
let octokit: Octokit;
let inputs: Inputs;
let services: Services;
const writes: string[] = [];
let before: string;
let change: string;

beforeAll(async () => {
  github = await startGithub({ tls: testTls(), repositories: [{ fullName: REPOSITORY }], onExchange: (e) => void (e.method !== 'GET' && writes.push(`${e.method} ${e.path}`)) });
  before = github.commit(REPOSITORY, { message: 'Add beta-corp', files: { [FILE]: earlier, 'tenants/gamma-skills.yaml': 'code: gamma-skills\n' } });
  change = github.commit(REPOSITORY, { message: 'Rename beta-corp', files: { [FILE]: current } });
  github.commit(REPOSITORY, { message: 'Unrelated', files: { 'README.md': '# platform\n' } });
  octokit = createOctokit({ token: github.issueToken('octocat'), baseUrl: github.url, fetch: fetchTrustingTestCa() });
  inputs = await loadValidInputs(repoRoot);
  services = createServices({ platform: inputs.platform, root: repoRoot, log: createMemoryLogger(), env: { TENANTOPS_REGISTRY_URL: registry.url, TENANTOPS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY } });
  await upsertTenant(registry.pool, { code: 'beta-corp', name: 'Beta Corp', subdomain: 'beta', isolation: 'schema', cluster: 'shared-eu', status: 'live' });
  await upsertTenant(registry.pool, { code: 'acme-training', name: 'Acme', subdomain: 'acme', isolation: 'schema', cluster: 'shared-eu', status: 'provisioned' });
}, 60_000);
afterAll(async () => {
  await services?.close();
  await github?.stop();
});

const rollback = (run: string, tenant = 'beta-corp') =>
  rollbackLiveTenant(inputs, services, { tenant, actor: 'github:qa-lead', githubRun: run, openRevert: (request) => openRevertPullRequest(octokit, repo, request) });

describe('rollback of a live tenant', () => {
  it('opens exactly one revert pull request of its file, restoring the version before its last change; a second rollback opens none', async () => {
    const main = (await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    const first = await rollback('101');
    expect(first.pullRequest).toMatchObject({ created: true, branch: 'tenantops/rollback-beta-corp-101', toCommit: before });
    expect(first.markdown).toContain(first.pullRequest.url);

    const pr = (await octokit.rest.pulls.get({ ...repo, pull_number: first.pullRequest.number })).data;
    expect(pr).toMatchObject({ state: 'open', base: { ref: 'main', sha: main }, head: { ref: 'tenantops/rollback-beta-corp-101' } });
    expect(pr.body).toContain(change);
    expect(pr.body).toContain('rollback asked by github:qa-lead');
    expect((await octokit.rest.pulls.listFiles({ ...repo, pull_number: pr.number })).data.map((f) => [f.filename, f.status])).toEqual([[FILE, 'modified']]);
    const onBranch = (await octokit.rest.repos.getContent({ ...repo, path: FILE, ref: pr.head.ref })).data as { content: string };
    expect(Buffer.from(onBranch.content, 'base64').toString('utf8')).toBe(earlier);
    // The PR proposes; it writes nothing else: one branch, one commit on it, one pull request.
    expect(writes).toEqual([`POST /repos/${REPOSITORY}/git/refs`, `PUT /repos/${REPOSITORY}/contents/${encodeURIComponent(FILE)}`, `POST /repos/${REPOSITORY}/pulls`]);

    writes.length = 0;
    const second = await rollback('102');
    expect(second.pullRequest).toMatchObject({ created: false, number: pr.number, branch: 'tenantops/rollback-beta-corp-101' });
    expect(second.markdown).toContain('already open');
    expect(writes).toEqual([]);
    expect((await octokit.rest.pulls.list({ ...repo, state: 'all' })).data).toHaveLength(1);

    // Nothing changed in place: main is where it was, the tenant still live, one audit row for the PR.
    expect((await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha).toBe(main);
    expect(await getTenant(registry.pool, 'beta-corp')).toMatchObject({ status: 'live' });
    const audit = (await listAudit(registry.pool, 'beta-corp')).filter((a) => a.action === 'tenant.rollback');
    expect(audit.map((a) => a.after)).toEqual([expect.objectContaining({ pullRequest: pr.number, branch: 'tenantops/rollback-beta-corp-101', toCommit: before })]);
  });

  it('refuses a tenant that is not live, opening nothing', async () => {
    writes.length = 0;
    const err = await rollback('103', 'acme-training').catch((e: Error) => e);
    expect((err as Error).message).toMatch(/acme-training is not live.*nothing was changed/);
    expect(writes).toEqual([]);
  });

  it('names the tenant, call, status and request id when GitHub refuses, and never reads a missing commit as a missing file', async () => {
    const err = await openRevertPullRequest(octokit, repo, { tenant: 'beta-corp', file: FILE, run: '104', base: 'nowhere', reason: 'test' }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/tenant beta-corp, step rollback pull request: github GET \/repos\/acme\/platform\/git\/ref\/heads%2Fnowhere failed with HTTP 404 \(request id [^)]+\)/);
    // (the open PR of beta-corp would answer first; gamma-skills has none)
    const missing = await openRevertPullRequest(octokit, repo, { tenant: 'gamma-skills', file: 'tenants/gamma-skills.yaml', run: '105', toCommit: 'f'.repeat(40), reason: 'test' }).catch((e: Error) => e);
    expect((missing as Error).message).toContain(`${'f'.repeat(40)} is not a commit or branch of acme/platform; nothing was changed`);
  });

  it('tenantops rollback on a live tenant opens the pull request and prints its URL; without GitHub it changes nothing', async () => {
    // Plain HTTP: the CLI's Octokit uses the global fetch, which trusts no test CA.
    const plain = await startGithub({ repositories: [{ fullName: 'acme/cli' }] });
    try {
      plain.commit('acme/cli', { message: 'Add beta-corp', files: { [FILE]: earlier } });
      plain.commit('acme/cli', { message: 'Rename beta-corp', files: { [FILE]: current } });
      const env = { TENANTOPS_REGISTRY_URL: registry.url, TENANTOPS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, GITHUB_REPOSITORY: 'acme/cli', GITHUB_API_URL: plain.url };
      const without = await cli(['rollback', '--tenant', 'beta-corp'], repoRoot, { ...env, GITHUB_TOKEN: '' });
      expect(without.code).not.toBe(0);
      expect(without.stderr).toContain('needs GITHUB_TOKEN');
      const r = await cli(['rollback', '--tenant', 'beta-corp'], repoRoot, { ...env, GITHUB_TOKEN: plain.issueToken('octocat') });
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toMatch(/\/acme\/cli\/pull\/1$/);
      expect(await getTenant(registry.pool, 'beta-corp')).toMatchObject({ status: 'live' });
    } finally {
      await plain.stop();
    }
  });
});
