// The rollback of a live tenant: a pull request that reverts the tenant's file, which then takes
// the ordinary path (plan comment, review, merge, provisioning run, gate). Nothing is torn down.
//
// What it reverts to, by default: the file as it was just before the last commit on the base
// branch that changed it (that commit's first parent) — `git revert` of that change, limited to
// the file. Why not the registry's deployments: they record plan hashes, runs and who approved,
// not commits, and a plan hash cannot be turned back into a file. The last change to the file is
// what the live tenant's latest provisioning run applied (every change to it reaches main through
// a pull request and is provisioned from the merge commit), so undoing it is the rollback; an
// older version can be asked for with `toCommit`. When the file did not exist there, the pull
// request deletes it (its ordinary path then decommissions the tenant as its deletionPolicy says).
//
// Idempotent: an open pull request of a `tenantops/rollback-<tenant>-*` branch is found and
// answered instead of opening a second; a run that died after creating its branch picks it up.
import type { Octokit } from '@octokit/rest';
import { EnvironmentError, RemoteApiError } from '../errors/index.ts';
import type { RepositoryRef } from './api.ts';

export interface RevertPullRequestOptions {
  tenant: string;
  /** The tenant's file, relative to the repository root (`tenants/<code>.yaml`). */
  file: string;
  /** Makes the branch name unique per rollback: the run id (or a timestamp outside Actions). */
  run: string;
  /** The commit whose version of the file the pull request restores; default the parent of the last commit that changed it. */
  toCommit?: string;
  /** The branch the pull request targets; default `main`. */
  base?: string;
  /** Why, for the pull request's body: who asked, from which run. */
  reason: string;
}

export interface RevertPullRequest {
  number: number;
  url: string;
  branch: string;
  /** False when an open rollback pull request of the tenant already existed (nothing was written). */
  created: boolean;
  /** The commit whose version of the file it restores, and the change it undoes (when found from history). */
  toCommit?: string;
  reverts?: { sha: string; message: string };
  /** What the pull request does to the file. */
  change?: 'update' | 'delete';
}

/** The branch prefix of a tenant's rollback pull requests (what makes a second rollback find the first). */
export function rollbackBranchPrefix(tenant: string): string {
  return `tenantops/rollback-${tenant}-`;
}

export async function openRevertPullRequest(octokit: Octokit, repo: RepositoryRef, options: RevertPullRequestOptions): Promise<RevertPullRequest> {
  try {
    return await openRevert(octokit, repo, options);
  } catch (err) {
    throw asRemoteError(err, options.tenant);
  }
}

/** An Octokit refusal as the library reports API failures: tenant, step, call, status, request id. */
function asRemoteError(err: unknown, tenant: string): unknown {
  const e = err as { status?: number; message?: string; request?: { method?: string; url?: string }; response?: { headers?: Record<string, string> } };
  if (typeof e?.status !== 'number' || !e.request) return err;
  const path = e.request.url ? new URL(e.request.url).pathname : '';
  return new RemoteApiError({ service: 'github', call: `${e.request.method} ${path}`, status: e.status, requestId: e.response?.headers?.['x-github-request-id'], tenant, step: 'rollback pull request' }, e.message);
}

async function openRevert(octokit: Octokit, repo: RepositoryRef, options: RevertPullRequestOptions): Promise<RevertPullRequest> {
  const base = options.base ?? 'main';
  const prefix = rollbackBranchPrefix(options.tenant);
  const open = await findOpenRollback(octokit, repo, base, prefix);
  if (open) return open;

  const baseHead = (await octokit.rest.git.getRef({ ...repo, ref: `heads/${base}` })).data.object.sha;
  const target: { toCommit: string; reverts?: { sha: string; message: string } } = options.toCommit ? { toCommit: options.toCommit } : await lastChangeOf(octokit, repo, baseHead, options.file);
  const wanted = await readFile(octokit, repo, options.file, target.toCommit);
  const current = await readFile(octokit, repo, options.file, baseHead);
  if (wanted?.content === current?.content) {
    throw new EnvironmentError(`${options.file} at ${target.toCommit} is what ${base} holds now: there is nothing to revert for tenant ${options.tenant}; nothing was changed`);
  }

  const branch = `${prefix}${options.run}`;
  await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: baseHead }).catch((err: { status?: number; message?: string }) => {
    // The same run died after creating it: carry on from where it is.
    if (!(err.status === 422 && /already exists/i.test(err.message ?? ''))) throw err;
  });
  const onBranch = await readFile(octokit, repo, options.file, branch);
  const subject = `Roll back tenant ${options.tenant}: revert ${options.file}${target.reverts ? ` (undo ${target.reverts.sha.slice(0, 7)})` : ''}`;
  const change = wanted ? 'update' : 'delete';
  if (!wanted && onBranch) await octokit.rest.repos.deleteFile({ ...repo, path: options.file, branch, message: subject, sha: onBranch.sha });
  else if (wanted && wanted.content !== onBranch?.content) {
    await octokit.rest.repos.createOrUpdateFileContents({ ...repo, path: options.file, branch, message: subject, content: Buffer.from(wanted.content, 'utf8').toString('base64'), ...(onBranch ? { sha: onBranch.sha } : {}) });
  }
  const body = [
    `Rolls back the live tenant \`${options.tenant}\` by restoring \`${options.file}\` as it was at ${target.toCommit}${wanted ? '' : ' (where it did not exist, so this deletes it)'}.`,
    '',
    target.reverts ? `It reverts ${target.reverts.sha} (“${target.reverts.message.split('\n')[0]}”), the last change to the file on \`${base}\`.` : `The version to restore was chosen explicitly.`,
    '',
    `Why: ${options.reason}`,
    '',
    'A live tenant is never torn down in place: this pull request takes the ordinary path — its plan comment shows what it changes, a reviewer merges it, and the provisioning run applies it behind the go-live gate.',
  ].join('\n');
  try {
    const { data } = await octokit.rest.pulls.create({ ...repo, title: subject, head: branch, base, body });
    return { number: data.number, url: data.html_url, branch, created: true, toCommit: target.toCommit, reverts: target.reverts, change };
  } catch (err) {
    // Another rollback opened it between our look and now.
    const raced = (err as { status?: number }).status === 422 ? await findOpenRollback(octokit, repo, base, prefix) : undefined;
    if (raced) return raced;
    throw err;
  }
}

async function findOpenRollback(octokit: Octokit, repo: RepositoryRef, base: string, prefix: string): Promise<RevertPullRequest | undefined> {
  const pulls = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: 'open', base, per_page: 100 });
  const pr = pulls.find((p) => p.head.ref.startsWith(prefix));
  return pr && { number: pr.number, url: pr.html_url, branch: pr.head.ref, created: false };
}

/** The parent of the last commit reachable from `head` that changed `file`, and that commit. */
async function lastChangeOf(octokit: Octokit, repo: RepositoryRef, head: string, file: string): Promise<{ toCommit: string; reverts: { sha: string; message: string } }> {
  const { data } = await octokit.rest.repos.listCommits({ ...repo, sha: head, path: file, per_page: 1 });
  const last = data[0];
  if (!last) throw new EnvironmentError(`${file} has no commit in the history of ${head}: there is nothing to revert; nothing was changed`);
  const parent = last.parents[0]?.sha;
  if (!parent) throw new EnvironmentError(`${file} was added by the repository's first commit ${last.sha}: there is no earlier version to restore; nothing was changed`);
  return { toCommit: parent, reverts: { sha: last.sha, message: last.commit.message } };
}

/** The file's text and blob id at `ref`, or undefined when it does not exist there. */
async function readFile(octokit: Octokit, repo: RepositoryRef, path: string, ref: string): Promise<{ content: string; sha: string } | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path, ref });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) throw new EnvironmentError(`${path} at ${ref} is not a file`);
    return { content: Buffer.from(data.content, 'base64').toString('utf8'), sha: data.sha };
  } catch (err) {
    const e = err as { status?: number; message?: string };
    // A ref that is not there is not a file that is not there: never read it as "delete the file".
    if (e.status === 404 && /no commit found/i.test(e.message ?? '')) throw new EnvironmentError(`${ref} is not a commit or branch of ${repo.owner}/${repo.repo}; nothing was changed`);
    if (e.status === 404) return undefined;
    throw err;
  }
}
