// GitHub's JSON for the objects everything else embeds: users, repositories (minimal and full),
// labels, and the conventions they share — second-precision UTC times, legacy base64 node ids,
// and the hypermedia URLs, built on the origin the client called (the API) and the web origin.

import type { LabelRecord, RepoRecord, UserRecord } from './model.ts';

/** Where the API answers and where the web pages would be (`html_url`s). */
export interface Site {
  api: string;
  web: string;
}

/** `2017-10-10T16:00:00Z`: GitHub writes times to the second, in UTC. */
export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The legacy global node id, e.g. `MDQ6VXNlcjE=` for user 1 (`04:User1`). */
export function nodeId(kind: string, id: number): string {
  return Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64');
}

export function renderUser(site: Site, u: UserRecord): Record<string, unknown> {
  const url = `${site.api}/users/${u.login}`;
  return {
    login: u.login, id: u.id, node_id: nodeId(u.type, u.id), avatar_url: `${site.web}/avatars/u/${u.id}?v=4`, gravatar_id: '',
    url, html_url: `${site.web}/${u.login}`, followers_url: `${url}/followers`, following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`, starred_url: `${url}/starred{/owner}{/repo}`, subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`, repos_url: `${url}/repos`, events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`, type: u.type, user_view_type: 'public', site_admin: false,
  };
}

export function repoApiUrl(site: Site, repo: RepoRecord): string {
  return `${site.api}/repos/${repo.owner.login}/${repo.name}`;
}

export function repoWebUrl(site: Site, repo: RepoRecord): string {
  return `${site.web}/${repo.owner.login}/${repo.name}`;
}

/** `minimal-repository` (runs, artifacts); `full` adds what `repository` requires (pull request heads and bases). */
export function renderRepository(site: Site, repo: RepoRecord, full = false): Record<string, unknown> {
  const url = repoApiUrl(site, repo);
  const html = repoWebUrl(site, repo);
  const host = new URL(site.web).host;
  const minimal: Record<string, unknown> = {
    id: repo.id, node_id: nodeId('Repository', repo.id), name: repo.name, full_name: `${repo.owner.login}/${repo.name}`,
    owner: renderUser(site, repo.owner), private: repo.private, html_url: html, description: repo.description, fork: false, url,
    archive_url: `${url}/{archive_format}{/ref}`, assignees_url: `${url}/assignees{/user}`, blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`, collaborators_url: `${url}/collaborators{/collaborator}`, comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`, compare_url: `${url}/compare/{base}...{head}`, contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`, deployments_url: `${url}/deployments`, downloads_url: `${url}/downloads`, events_url: `${url}/events`,
    forks_url: `${url}/forks`, git_commits_url: `${url}/git/commits{/sha}`, git_refs_url: `${url}/git/refs{/sha}`, git_tags_url: `${url}/git/tags{/sha}`,
    hooks_url: `${url}/hooks`, issue_comment_url: `${url}/issues/comments{/number}`, issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`, keys_url: `${url}/keys{/key_id}`, labels_url: `${url}/labels{/name}`, languages_url: `${url}/languages`,
    merges_url: `${url}/merges`, milestones_url: `${url}/milestones{/number}`, notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`, releases_url: `${url}/releases{/id}`, stargazers_url: `${url}/stargazers`, statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`, subscription_url: `${url}/subscription`, tags_url: `${url}/tags`, teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
  };
  if (!full) return minimal;
  const openIssues = [...repo.issues.values()].filter((i) => i.state === 'open').length;
  return {
    ...minimal,
    git_url: `git://${host}/${repo.owner.login}/${repo.name}.git`, ssh_url: `git@${host}:${repo.owner.login}/${repo.name}.git`,
    clone_url: `${html}.git`, svn_url: html, mirror_url: null, homepage: null, language: null, size: 0, forks: 0, forks_count: 0,
    stargazers_count: 0, watchers: 0, watchers_count: 0, open_issues: openIssues, open_issues_count: openIssues, default_branch: repo.defaultBranch,
    has_issues: true, has_projects: false, has_wiki: false, has_pages: false, has_downloads: true, has_discussions: false, archived: false,
    disabled: false, visibility: repo.private ? 'private' : 'public', license: null, topics: [], is_template: false,
    pushed_at: iso(repo.createdAt), created_at: iso(repo.createdAt), updated_at: iso(repo.createdAt),
  };
}

export function renderLabel(site: Site, repo: RepoRecord, l: LabelRecord): Record<string, unknown> {
  return {
    id: l.id, node_id: nodeId('Label', l.id), url: `${repoApiUrl(site, repo)}/labels/${encodeURIComponent(l.name)}`, name: l.name,
    color: l.color, default: l.default, description: l.description,
  };
}
