// An emulated GitHub for tests, driven by the real Octokit (`@octokit/rest`) over HTTPS with the
// test CA: one repository with a gated `qa` environment, users octocat (the owner), qa-lead (its
// reviewer) and hubot, and an Octokit per user with a token the emulator issued.

import { Octokit } from '@octokit/rest';
import { Agent, fetch as undiciFetch } from 'undici';
import { startGithub, type GithubEmulator, type GithubOptions } from '../../../src/github/index.ts';
import { testTls } from '../../support/tls.ts';

export const OWNER = 'octo-org';
export const REPO = 'octo-repo';
export const FULL_NAME = `${OWNER}/${REPO}`;
export const SHA = 'a'.repeat(40);

export interface TestGithub {
  github: GithubEmulator;
  /** An Octokit acting as `login` (a personal access token) or with the given token. */
  octokit(login?: string, options?: { token?: string }): Octokit;
  stop(): Promise<void>;
}

/** Octokit logs every refusal; the tests assert them instead. */
const QUIET = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const agent = new Agent({ connect: { ca: testTls().caPem } });

/** A fetch that trusts the test CA, for Octokit's `request.fetch`. */
export const trustingFetch = ((url: string, init: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;

export async function startTestGithub(options: Partial<GithubOptions> = {}): Promise<TestGithub> {
  const github = await startGithub({
    tls: testTls(),
    users: [{ login: 'octocat' }, { login: 'qa-lead' }, { login: 'hubot' }],
    repositories: [{ fullName: FULL_NAME, headSha: SHA, environments: { qa: { reviewers: ['qa-lead'] } } }],
    ...options,
  });
  const octokits = new Map<string, Octokit>();
  return {
    github,
    octokit(login = 'octocat', opts = {}) {
      const key = opts.token ?? login;
      let o = octokits.get(key);
      if (!o) octokits.set(key, (o = new Octokit({ auth: opts.token ?? github.issueToken(login), baseUrl: github.url, request: { fetch: trustingFetch }, log: QUIET })));
      return o;
    },
    stop: () => github.stop(),
  };
}
