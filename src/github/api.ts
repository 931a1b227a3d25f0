// The one way the library reaches GitHub's REST API: an Octokit over a token and base URL (GHES
// and tests point it elsewhere), and the repository and run a workflow step runs in, from the
// default variables every job has.
import { Octokit } from '@octokit/rest';
import { EnvironmentError } from '../errors/index.ts';

export interface GitHubApiOptions {
  token: string;
  /** Default https://api.github.com (GITHUB_API_URL on GHES and in local runs). */
  baseUrl?: string;
  /** A fetch that trusts a test CA; default the global fetch. */
  fetch?: typeof fetch;
}

export interface RepositoryRef {
  owner: string;
  repo: string;
}

/** Who and which run an apply under GitHub Actions is recorded as. */
export interface GitHubRun {
  /** `github:<GITHUB_ACTOR>`. */
  actor: string;
  runId: string;
  /** `<server>/<owner>/<repo>/actions/runs/<id>`: where a reader of the registry finds the run. */
  runUrl: string;
}

export function createOctokit(options: GitHubApiOptions): Octokit {
  return new Octokit({ auth: options.token, baseUrl: options.baseUrl, request: options.fetch ? { fetch: options.fetch } : undefined });
}

/** GITHUB_TOKEN and GITHUB_API_URL, or an EnvironmentError saying how a step passes the token. */
export function apiOptionsFromEnv(env: NodeJS.ProcessEnv, what: string): GitHubApiOptions {
  const token = env.GITHUB_TOKEN;
  if (!token) throw new EnvironmentError(`${what} needs GITHUB_TOKEN (pass \`env: GITHUB_TOKEN: \${{ github.token }}\` to the step)`);
  return { token, baseUrl: env.GITHUB_API_URL };
}

export function repositoryFromEnv(env: NodeJS.ProcessEnv, what: string): RepositoryRef {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new EnvironmentError(`${what} needs GITHUB_REPOSITORY (owner/name): run it in a workflow`);
  return { owner, repo };
}

/** The run a step belongs to, when it runs under GitHub Actions (GITHUB_ACTIONS=true); else undefined. */
export function readGitHubRun(env: NodeJS.ProcessEnv): GitHubRun | undefined {
  if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_RUN_ID) return undefined;
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    actor: `github:${env.GITHUB_ACTOR ?? 'unknown'}`,
    runId: env.GITHUB_RUN_ID,
    runUrl: `${server}/${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID}`,
  };
}
