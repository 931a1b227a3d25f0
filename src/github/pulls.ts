// From a commit on the default branch back to the pull request that brought it and the plan its
// reviewers saw there: `commits/{sha}/pulls`, then the PR's sticky plan comment and its marker.
// Every way this can fail stops the run before any write, saying exactly what is missing.
import type { Octokit } from '@octokit/rest';
import { EnvironmentError } from '../errors/index.ts';
import type { RepositoryRef } from './api.ts';
import { markerFor } from './comment.ts';
import { parsePlanMarker, type PlanMarker } from './plan-marker.ts';

export interface MergedPullRequest {
  number: number;
  url: string;
  headSha: string;
  mergedBy?: string;
}

export interface ReviewedPlan {
  pr: MergedPullRequest;
  marker: PlanMarker;
  /** The tenant's hashes, per capability. */
  hashes: Record<string, string>;
}

/** The merged pull request whose merge produced `sha` (or that contains it); EnvironmentError when none did. */
export async function findMergedPullRequest(octokit: Octokit, repo: RepositoryRef, sha: string): Promise<MergedPullRequest> {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha, per_page: 100 });
  const merged = data.filter((p) => p.merged_at);
  const pr = merged.find((p) => p.merge_commit_sha === sha) ?? merged[0];
  if (!pr) {
    throw new EnvironmentError(
      `commit ${sha} came from no merged pull request, so no reviewer saw a plan for it: tenant changes reach main through a pull request ` +
        '(or dispatch tenant-provision with accept-hashes after reading `tenantops plan --tenant <code> --only <capability> --json`)',
    );
  }
  const mergedBy = (pr as { merged_by?: { login?: string } | null }).merged_by?.login;
  return { number: pr.number, url: pr.html_url, headSha: pr.head.sha, ...(mergedBy ? { mergedBy } : {}) };
}

/** The plan hashes reviewers saw for `tenant` on the pull request that merged `sha`. */
export async function findReviewedPlan(octokit: Octokit, repo: RepositoryRef, sha: string, tenant: string): Promise<ReviewedPlan> {
  const pr = await findMergedPullRequest(octokit, repo, sha);
  const sticky = markerFor('plan');
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: pr.number, per_page: 100 });
  const comment = comments.find((c) => c.body?.startsWith(sticky));
  const where = `pull request #${pr.number} (${pr.url})`;
  if (!comment?.body) throw new EnvironmentError(`${where} has no tenantops plan comment: its tenant-plan run did not finish, so nothing was reviewed; nothing was changed`);
  const marker = parsePlanMarker(comment.body);
  if (!marker) throw new EnvironmentError(`the plan comment of ${where} carries no plan marker; nothing was changed`);
  if (marker.offline) {
    throw new EnvironmentError(
      `${where} was planned offline (a fork or Dependabot pull request gets no secrets), so no online plan was reviewed; nothing was changed. ` +
        'Read the live plan with `tenantops plan --tenant <code> --only <capability>` and dispatch tenant-provision with accept-hashes',
    );
  }
  if (marker.sha !== pr.headSha) {
    throw new EnvironmentError(`the plan comment of ${where} was made for commit ${marker.sha}, but the pull request's last commit is ${pr.headSha}: the plan of what was merged was never shown; nothing was changed`);
  }
  const hashes = marker.tenants[tenant];
  if (!hashes) throw new EnvironmentError(`the plan of ${where} does not cover tenant ${tenant} (it covers: ${Object.keys(marker.tenants).join(', ') || 'none'}); nothing was changed`);
  return { pr, marker, hashes };
}
