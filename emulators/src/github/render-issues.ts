// GitHub's JSON for issues and their comments, pull requests (full, simple, minimal), the files
// of a pull request, and commit statuses, shaped after the `issue`, `issue-comment`,
// `pull-request`, `pull-request-simple`, `diff-entry` and `status` schemas of GitHub's OpenAPI
// description and the recorded octokit fixtures.

import type { CommentRecord, CommitStatusRecord, IssueRecord, PullFile, PullRecord, RepoRecord } from './model.ts';
import { iso, nodeId, renderLabel, renderRepository, renderUser, repoApiUrl, repoWebUrl, type Site } from './render-common.ts';

function reactions(url: string): Record<string, unknown> {
  return { url: `${url}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
}

export function renderIssue(site: Site, repo: RepoRecord, i: IssueRecord): Record<string, unknown> {
  const repoUrl = repoApiUrl(site, repo);
  const url = `${repoUrl}/issues/${i.number}`;
  const html = `${repoWebUrl(site, repo)}/${i.pull ? 'pull' : 'issues'}/${i.number}`;
  const assignees = i.assignees.map((a) => renderUser(site, a));
  return {
    url, repository_url: repoUrl, labels_url: `${url}/labels{/name}`, comments_url: `${url}/comments`, events_url: `${url}/events`, html_url: html,
    id: i.id, node_id: nodeId(i.pull ? 'PullRequest' : 'Issue', i.id), number: i.number, title: i.title, user: renderUser(site, i.user),
    labels: i.labels.map((l) => renderLabel(site, repo, l)), state: i.state, locked: i.locked, assignee: assignees[0] ?? null, assignees,
    milestone: null, comments: i.comments, created_at: iso(i.createdAt), updated_at: iso(i.updatedAt), closed_at: iso(i.closedAt),
    author_association: authorAssociation(repo, i.user.login), active_lock_reason: i.lockReason, body: i.body,
    closed_by: i.closedBy ? renderUser(site, i.closedBy) : null, reactions: reactions(url), timeline_url: `${url}/timeline`,
    performed_via_github_app: null, state_reason: i.stateReason,
    ...(i.pull
      ? {
          draft: i.pull.draft,
          pull_request: {
            url: `${repoUrl}/pulls/${i.number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, merged_at: iso(i.pull.mergedAt),
          },
        }
      : {}),
  };
}

export function renderComment(site: Site, repo: RepoRecord, c: CommentRecord): Record<string, unknown> {
  const repoUrl = repoApiUrl(site, repo);
  const issue = repo.issues.get(c.issueNumber);
  const kind = issue?.pull ? 'pull' : 'issues';
  return {
    url: `${repoUrl}/issues/comments/${c.id}`, html_url: `${repoWebUrl(site, repo)}/${kind}/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${repoUrl}/issues/${c.issueNumber}`, id: c.id, node_id: nodeId('IssueComment', c.id), user: renderUser(site, c.user),
    created_at: iso(c.createdAt), updated_at: iso(c.updatedAt), author_association: authorAssociation(repo, c.user.login), body: c.body,
    reactions: reactions(`${repoUrl}/issues/comments/${c.id}`), performed_via_github_app: null,
  };
}

/** `OWNER` for the repository's owner, `CONTRIBUTOR` for everyone else (the emulator has no membership). */
function authorAssociation(repo: RepoRecord, login: string): string {
  return login.toLowerCase() === repo.owner.login.toLowerCase() ? 'OWNER' : 'CONTRIBUTOR';
}

function branchEnd(site: Site, repo: RepoRecord, end: { ref: string; sha: string }): Record<string, unknown> {
  return { label: `${repo.owner.login}:${end.ref}`, ref: end.ref, sha: end.sha, user: renderUser(site, repo.owner), repo: renderRepository(site, repo, true) };
}

/** `pull-request-simple` (lists); `full` adds the counts and merge state of `pull-request` (get). */
export function renderPull(site: Site, repo: RepoRecord, i: IssueRecord, full = false): Record<string, unknown> {
  const p = i.pull as PullRecord;
  const repoUrl = repoApiUrl(site, repo);
  const url = `${repoUrl}/pulls/${i.number}`;
  const html = `${repoWebUrl(site, repo)}/pull/${i.number}`;
  const issueUrl = `${repoUrl}/issues/${i.number}`;
  const assignees = i.assignees.map((a) => renderUser(site, a));
  const simple: Record<string, unknown> = {
    url, id: i.id, node_id: nodeId('PullRequest', i.id), html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, issue_url: issueUrl,
    commits_url: `${url}/commits`, review_comments_url: `${url}/comments`, review_comment_url: `${repoUrl}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`, statuses_url: `${repoUrl}/statuses/${p.head.sha}`, number: i.number, state: i.state, locked: i.locked,
    title: i.title, user: renderUser(site, i.user), body: i.body, labels: i.labels.map((l) => renderLabel(site, repo, l)), milestone: null,
    active_lock_reason: i.lockReason, created_at: iso(i.createdAt), updated_at: iso(i.updatedAt), closed_at: iso(i.closedAt),
    merged_at: iso(p.mergedAt), merge_commit_sha: p.mergeCommitSha, assignee: assignees[0] ?? null, assignees, requested_reviewers: [],
    requested_teams: [], head: branchEnd(site, repo, p.head), base: branchEnd(site, repo, p.base),
    _links: {
      self: { href: url }, html: { href: html }, issue: { href: issueUrl }, comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` }, review_comment: { href: `${repoUrl}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` }, statuses: { href: `${repoUrl}/statuses/${p.head.sha}` },
    },
    author_association: authorAssociation(repo, i.user.login), auto_merge: null, draft: p.draft,
  };
  if (!full) return simple;
  return {
    ...simple,
    merged: p.merged, mergeable: i.state === 'open' ? true : null, rebaseable: i.state === 'open' ? true : null,
    mergeable_state: i.state === 'open' ? 'clean' : 'unknown', merged_by: p.mergedBy ? renderUser(site, p.mergedBy) : null, comments: i.comments,
    review_comments: 0, maintainer_can_modify: false, commits: 1, additions: sum(p.files, 'additions'), deletions: sum(p.files, 'deletions'),
    changed_files: p.files.length,
  };
}

/** `pull-request-minimal`, as a workflow run lists the pull requests of its head. */
export function renderPullMinimal(site: Site, repo: RepoRecord, i: IssueRecord): Record<string, unknown> {
  const p = i.pull as PullRecord;
  const repoRef = { id: repo.id, url: repoApiUrl(site, repo), name: repo.name };
  return {
    id: i.id, number: i.number, url: `${repoApiUrl(site, repo)}/pulls/${i.number}`,
    head: { ref: p.head.ref, sha: p.head.sha, repo: repoRef }, base: { ref: p.base.ref, sha: p.base.sha, repo: repoRef },
  };
}

export function renderPullFile(site: Site, repo: RepoRecord, sha: string, f: PullFile): Record<string, unknown> {
  const path = f.filename.split('/').map(encodeURIComponent).join('/');
  return {
    sha: blobSha(sha, f.filename), filename: f.filename, status: f.status, additions: f.additions, deletions: f.deletions, changes: f.additions + f.deletions,
    blob_url: `${repoWebUrl(site, repo)}/blob/${sha}/${path}`, raw_url: `${repoWebUrl(site, repo)}/raw/${sha}/${path}`,
    contents_url: `${repoApiUrl(site, repo)}/contents/${path}?ref=${sha}`, ...(f.patch !== undefined ? { patch: f.patch } : {}),
    ...(f.previousFilename ? { previous_filename: f.previousFilename } : {}),
  };
}

export function renderStatus(site: Site, repo: RepoRecord, s: CommitStatusRecord): Record<string, unknown> {
  return {
    url: `${repoApiUrl(site, repo)}/statuses/${s.sha}`, avatar_url: `${site.web}/avatars/u/${s.creator.id}?v=4`, id: s.id, node_id: nodeId('StatusContext', s.id),
    state: s.state, description: s.description, target_url: s.targetUrl, context: s.context, created_at: iso(s.createdAt), updated_at: iso(s.updatedAt),
    creator: renderUser(site, s.creator),
  };
}

function sum(files: PullFile[], key: 'additions' | 'deletions'): number {
  return files.reduce((n, f) => n + f[key], 0);
}

/** A stable 40-hex stand-in for a blob sha (the emulator keeps no git objects). */
function blobSha(commit: string, filename: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${commit}:${filename}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(5);
}
