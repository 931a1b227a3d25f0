// Git through the REST API, as a workflow changes a file and proposes it: a branch's ref (get,
// create), a file's contents at a ref (get; create, update or delete on a branch, each a commit),
// the commits of a branch (filtered by path) and opening a pull request. The emulator keeps each
// commit's whole tree in memory (RepoRecord.commits); blob ids are git's own (sha1 of
// `blob <size>\0<bytes>`), so a client comparing them against a checkout sees the same ids.
// A path or ref holding slashes is one percent-encoded segment (`tenants%2Facme.yaml`, as Octokit
// sends it); only branches are refs (`refs/heads/*`).
// https://docs.github.com/en/rest/git/refs#get-a-reference
// https://docs.github.com/en/rest/git/refs#create-a-reference
// https://docs.github.com/en/rest/repos/contents#get-repository-content
// https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents
// https://docs.github.com/en/rest/repos/contents#delete-a-file
// https://docs.github.com/en/rest/commits/commits#list-commits
// https://docs.github.com/en/rest/pulls/pulls#create-a-pull-request

import { createHash } from 'node:crypto';
import { field, GithubError, invalidRequest, notFound, objectBody, validationFailed } from './errors.ts';
import { ensureUser, insertPullRequest, type BlobRecord, type CommitRecord, type GithubStore, type PullFile, type RepoRecord } from './model.ts';
import { iso, nodeId, repoApiUrl, repoWebUrl, type Site } from './render-common.ts';
import { renderPull } from './render-issues.ts';
import { ok, type Call, type GithubRoute } from './routing.ts';

const DOCS = {
  getContent: 'https://docs.github.com/rest/repos/contents#get-repository-content',
  putContent: 'https://docs.github.com/rest/repos/contents#create-or-update-file-contents',
  deleteContent: 'https://docs.github.com/rest/repos/contents#delete-a-file',
  createRef: 'https://docs.github.com/rest/git/refs#create-a-reference',
};

export function blobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

export interface CommitWrite {
  /** The commit it follows; none for a branch's first commit. */
  parent?: string;
  changes: { path: string; content: Buffer | null }[];
  message: string;
  author: { name: string; email: string };
  /** Keep a real repository's id; default one derived from the commit's content. */
  sha?: string;
}

/** A new commit: the parent's tree (when the emulator holds it) with the changes applied. */
export function writeCommit(store: GithubStore, repo: RepoRecord, write: CommitWrite): CommitRecord {
  const tree = new Map(write.parent ? repo.commits.get(write.parent)?.tree : undefined);
  for (const { path, content } of write.changes) {
    if (content === null) tree.delete(path);
    else tree.set(path, { sha: blobSha(content), content });
  }
  const createdAt = store.now();
  const sha =
    write.sha ??
    createHash('sha1')
      .update(JSON.stringify([write.parent ?? null, write.message, write.author, createdAt, store.nextId(), [...tree].map(([p, b]) => [p, b.sha]).sort()]))
      .digest('hex');
  const commit: CommitRecord = { sha, message: write.message, parents: write.parent ? [write.parent] : [], tree, author: write.author, createdAt };
  repo.commits.set(sha, commit);
  return commit;
}

/** The commit a `ref` names: a branch, `heads/<branch>`, `refs/heads/<branch>`, or a sha the emulator holds. */
function commitAt(repo: RepoRecord, ref: string): CommitRecord | undefined {
  const branch = ref.replace(/^refs\//, '').replace(/^heads\//, '');
  const sha = repo.branches.get(branch) ?? ref;
  return repo.commits.get(sha);
}

/** Files and folders of a tree directly under `dir` ('' for the root). */
function entriesUnder(tree: Map<string, BlobRecord>, dir: string): { path: string; blob?: BlobRecord }[] {
  const prefix = dir ? `${dir}/` : '';
  const seen = new Map<string, BlobRecord | undefined>();
  for (const [path, blob] of tree) {
    if (!path.startsWith(prefix)) continue;
    const [first, ...rest] = path.slice(prefix.length).split('/');
    seen.set(prefix + first, rest.length ? undefined : blob);
  }
  return [...seen].sort(([a], [b]) => a.localeCompare(b)).map(([path, blob]) => ({ path, blob }));
}

function renderEntry(site: Site, repo: RepoRecord, ref: string, path: string, blob: BlobRecord | undefined, withContent: boolean): Record<string, unknown> {
  const api = repoApiUrl(site, repo);
  const web = repoWebUrl(site, repo);
  const name = path.split('/').pop() as string;
  const sha = blob?.sha ?? createHash('sha1').update(`tree ${path}`).digest('hex');
  const url = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = `${api}/git/${blob ? 'blobs' : 'trees'}/${sha}`;
  const htmlUrl = `${web}/${blob ? 'blob' : 'tree'}/${ref}/${path}`;
  const entry: Record<string, unknown> = {
    name, path, sha, size: blob?.content.length ?? 0, url, html_url: htmlUrl, git_url: gitUrl,
    download_url: blob ? `${site.web}/raw/${repo.owner.login}/${repo.name}/${ref}/${path}` : null, type: blob ? 'file' : 'dir',
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
  // GitHub wraps base64 at 60 characters a line.
  if (withContent && blob) Object.assign(entry, { content: (blob.content.toString('base64').match(/.{1,60}/g) ?? ['']).join('\n') + '\n', encoding: 'base64' });
  return entry;
}

function renderGitCommit(site: Site, repo: RepoRecord, c: CommitRecord): Record<string, unknown> {
  const api = repoApiUrl(site, repo);
  const person = { name: c.author.name, email: c.author.email, date: iso(c.createdAt) };
  const treeSha = createHash('sha1').update(`tree ${c.sha}`).digest('hex');
  return {
    sha: c.sha, node_id: nodeId('Commit', parseInt(c.sha.slice(0, 8), 16)), url: `${api}/git/commits/${c.sha}`, html_url: `${repoWebUrl(site, repo)}/commit/${c.sha}`,
    author: person, committer: person, message: c.message, tree: { sha: treeSha, url: `${api}/git/trees/${treeSha}` },
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/git/commits/${p}`, html_url: `${repoWebUrl(site, repo)}/commit/${p}` })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

/** `commit` as the commits API lists it: the git commit inside, no GitHub users (the emulator's commits have none). */
function renderCommit(site: Site, repo: RepoRecord, c: CommitRecord): Record<string, unknown> {
  const api = repoApiUrl(site, repo);
  const git = renderGitCommit(site, repo, c);
  return {
    sha: c.sha, node_id: git.node_id, url: `${api}/commits/${c.sha}`, html_url: git.html_url, comments_url: `${api}/commits/${c.sha}/comments`,
    commit: { author: git.author, committer: git.committer, message: c.message, tree: git.tree, url: git.url, comment_count: 0, verification: git.verification },
    author: null, committer: null, parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${repoWebUrl(site, repo)}/commit/${p}` })),
  };
}

function renderRef(site: Site, repo: RepoRecord, branch: string, sha: string): Record<string, unknown> {
  const api = repoApiUrl(site, repo);
  return {
    ref: `refs/heads/${branch}`, node_id: Buffer.from(`Ref:${repo.id}:${branch}`).toString('base64'), url: `${api}/git/refs/heads/${branch}`,
    object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` },
  };
}

/** The files that differ between two trees, as a pull request lists them. */
function diffTrees(base: Map<string, BlobRecord>, head: Map<string, BlobRecord>): PullFile[] {
  const lines = (b: BlobRecord | undefined) => (b ? b.content.toString('utf8').split('\n').length : 0);
  const files: PullFile[] = [];
  for (const path of [...new Set([...base.keys(), ...head.keys()])].sort()) {
    const a = base.get(path);
    const b = head.get(path);
    if (a?.sha === b?.sha) continue;
    files.push({ filename: path, status: !a ? 'added' : !b ? 'removed' : 'modified', additions: lines(b), deletions: lines(a) });
  }
  return files;
}

function isAncestor(repo: RepoRecord, ancestor: string, of: string): boolean {
  const queue = [of];
  const seen = new Set<string>();
  while (queue.length) {
    const sha = queue.shift() as string;
    if (sha === ancestor) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...(repo.commits.get(sha)?.parents ?? []));
  }
  return false;
}

export function gitRoutes(store: GithubStore): GithubRoute[] {
  /** The branch a write goes to (the body's `branch`, default the default branch) and its head commit. */
  const branchHead = (repo: RepoRecord, body: Record<string, unknown>, docs: string): { branch: string; head: CommitRecord } => {
    const branch = field<string>(body, 'branch', 'string') ?? repo.defaultBranch;
    const sha = repo.branches.get(branch);
    const head = sha === undefined ? undefined : repo.commits.get(sha);
    if (!head) throw new GithubError(404, `Branch ${branch} not found`, { documentationUrl: docs });
    return { branch, head };
  };
  const author = (body: Record<string, unknown>, call: Call) => {
    const given = field<Record<string, unknown>>(body, 'committer', 'object') ?? field<Record<string, unknown>>(body, 'author', 'object');
    return typeof given?.name === 'string' && typeof given?.email === 'string'
      ? { name: given.name, email: given.email }
      : { name: call.caller.login, email: `${call.caller.id}+${call.caller.login}@users.noreply.github.com` };
  };
  /** A write to a file: the commit on the branch, and the branch moved to it. */
  const commitFile = (call: Call, branch: string, head: CommitRecord, path: string, content: Buffer | null, message: string, body: Record<string, unknown>) => {
    const commit = writeCommit(store, call.repo, { parent: head.sha, changes: [{ path, content }], message, author: author(body, call) });
    call.repo.branches.set(branch, commit.sha);
    return commit;
  };

  return [
    {
      name: 'git.getRef', method: 'GET', path: '/repos/{owner}/{repo}/git/ref/{ref}',
      handler(call) {
        const ref = call.req.params.ref;
        const branch = ref.startsWith('heads/') ? ref.slice('heads/'.length) : undefined;
        const sha = branch === undefined ? undefined : call.repo.branches.get(branch);
        if (branch === undefined || sha === undefined) throw notFound();
        return ok(renderRef(call.site, call.repo, branch, sha));
      },
    },
    {
      name: 'git.createRef', method: 'POST', path: '/repos/{owner}/{repo}/git/refs',
      handler(call) {
        const body = objectBody(() => call.req.json());
        const ref = field<string>(body, 'ref', 'string', { required: true }) as string;
        const sha = field<string>(body, 'sha', 'string', { required: true }) as string;
        if (!/^refs\/[^/]+\/.+/.test(ref)) throw new GithubError(422, 'Reference name must start with refs/ and contain at least two slashes', { documentationUrl: DOCS.createRef });
        if (!ref.startsWith('refs/heads/')) throw new GithubError(422, 'Reference update failed', { documentationUrl: DOCS.createRef });
        const branch = ref.slice('refs/heads/'.length);
        if (call.repo.branches.has(branch)) throw new GithubError(422, 'Reference already exists', { documentationUrl: DOCS.createRef });
        if (!call.repo.commits.has(sha)) throw new GithubError(422, 'Object does not exist', { documentationUrl: DOCS.createRef });
        call.repo.branches.set(branch, sha);
        const rendered = renderRef(call.site, call.repo, branch, sha);
        return ok(rendered, 201, { Location: rendered.url as string });
      },
    },
    {
      name: 'repos.getContent', method: 'GET', path: '/repos/{owner}/{repo}/contents/{path}',
      handler(call) {
        const ref = call.req.query.ref || call.repo.defaultBranch;
        const commit = commitAt(call.repo, ref);
        if (!commit) throw new GithubError(404, `No commit found for the ref ${ref}`, { documentationUrl: DOCS.getContent });
        const path = call.req.params.path.replace(/^\/+|\/+$/g, '');
        const blob = commit.tree.get(path);
        if (blob) return ok(renderEntry(call.site, call.repo, ref, path, blob, true));
        const entries = entriesUnder(commit.tree, path);
        if (!entries.length) throw new GithubError(404, 'Not Found', { documentationUrl: DOCS.getContent });
        return ok(entries.map((e) => renderEntry(call.site, call.repo, ref, e.path, e.blob, false)));
      },
    },
    {
      name: 'repos.createOrUpdateFileContents', method: 'PUT', path: '/repos/{owner}/{repo}/contents/{path}',
      handler(call) {
        const body = objectBody(() => call.req.json());
        const message = field<string>(body, 'message', 'string', { required: true }) as string;
        const encoded = field<string>(body, 'content', 'string', { required: true }) as string;
        const expected = field<string>(body, 'sha', 'string');
        const path = call.req.params.path;
        if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(encoded)) throw invalidRequest('content is not valid Base64', DOCS.putContent);
        const { branch, head } = branchHead(call.repo, body, DOCS.putContent);
        const current = head.tree.get(path);
        // Updating needs the blob it replaces: a write based on a stale read is refused, never merged.
        if (current && expected === undefined) throw invalidRequest('"sha" wasn\'t supplied.', DOCS.putContent);
        if (expected !== undefined && expected !== current?.sha) throw new GithubError(409, `${path} does not match ${expected}`, { documentationUrl: DOCS.putContent });
        const commit = commitFile(call, branch, head, path, Buffer.from(encoded, 'base64'), message, body);
        return ok({ content: renderEntry(call.site, call.repo, branch, path, commit.tree.get(path), false), commit: renderGitCommit(call.site, call.repo, commit) }, current ? 200 : 201);
      },
    },
    {
      name: 'repos.deleteFile', method: 'DELETE', path: '/repos/{owner}/{repo}/contents/{path}',
      handler(call) {
        const body = objectBody(() => call.req.json());
        const message = field<string>(body, 'message', 'string', { required: true }) as string;
        const expected = field<string>(body, 'sha', 'string', { required: true }) as string;
        const path = call.req.params.path;
        const { branch, head } = branchHead(call.repo, body, DOCS.deleteContent);
        const current = head.tree.get(path);
        if (!current) throw new GithubError(404, 'Not Found', { documentationUrl: DOCS.deleteContent });
        if (expected !== current.sha) throw new GithubError(409, `${path} does not match ${expected}`, { documentationUrl: DOCS.deleteContent });
        const commit = commitFile(call, branch, head, path, null, message, body);
        return ok({ content: null, commit: renderGitCommit(call.site, call.repo, commit) });
      },
    },
    {
      name: 'repos.listCommits', method: 'GET', path: '/repos/{owner}/{repo}/commits', paged: true,
      handler(call) {
        const q = call.req.query;
        const start = commitAt(call.repo, q.sha || call.repo.defaultBranch);
        // An empty repository, or a ref it does not hold: GitHub answers 409 and 404.
        if (!start) throw q.sha ? new GithubError(404, `No commit found for SHA: ${q.sha}`) : new GithubError(409, 'Git Repository is empty.');
        const path = q.path?.replace(/^\/+|\/+$/g, '');
        const touches = (c: CommitRecord) => {
          if (!path) return true;
          const parent = c.parents[0] === undefined ? undefined : call.repo.commits.get(c.parents[0]);
          const under = (tree: Map<string, BlobRecord> | undefined) => [...(tree ?? [])].filter(([p]) => p === path || p.startsWith(`${path}/`)).map(([p, b]) => `${p}:${b.sha}`).join(',');
          return under(c.tree) !== under(parent?.tree);
        };
        const all: CommitRecord[] = [];
        const queue = [start];
        const seen = new Set<string>();
        while (queue.length) {
          const c = queue.shift() as CommitRecord;
          if (seen.has(c.sha)) continue;
          seen.add(c.sha);
          all.push(c);
          for (const p of c.parents) {
            const parent = call.repo.commits.get(p);
            if (parent) queue.push(parent);
          }
        }
        all.sort((a, b) => b.createdAt - a.createdAt);
        const page = call.page(all.filter(touches));
        return ok(page.items.map((c) => renderCommit(call.site, call.repo, c)), 200, page.headers);
      },
    },
    {
      name: 'pulls.create', method: 'POST', path: '/repos/{owner}/{repo}/pulls',
      handler(call) {
        const body = objectBody(() => call.req.json());
        const title = field<string>(body, 'title', 'string', { required: true }) as string;
        const headRef = field<string>(body, 'head', 'string', { required: true }) as string;
        const baseRef = field<string>(body, 'base', 'string', { required: true }) as string;
        const text = field<string>(body, 'body', 'string') ?? null;
        const draft = field<boolean>(body, 'draft', 'boolean') ?? false;
        const branch = headRef.includes(':') ? headRef.split(':', 2)[1] : headRef;
        const head = commitAt(call.repo, branch);
        const base = commitAt(call.repo, baseRef);
        if (!head || !call.repo.branches.has(branch)) throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
        if (!base || !call.repo.branches.has(baseRef)) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
        const open = [...call.repo.issues.values()].find((i) => i.pull && i.state === 'open' && i.pull.head.ref === branch && i.pull.base.ref === baseRef);
        if (open) throw validationFailed([{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${call.repo.owner.login}:${branch}.` }]);
        if (isAncestor(call.repo, head.sha, base.sha)) throw validationFailed([{ resource: 'PullRequest', code: 'custom', message: `No commits between ${baseRef} and ${branch}` }]);
        const issue = insertPullRequest(store, call.repo, {
          title, body: text, user: ensureUser(store, call.caller.login), draft, labels: [], files: diffTrees(base.tree, head.tree),
          head: { ref: branch, sha: head.sha }, base: { ref: baseRef, sha: base.sha },
        });
        const rendered = renderPull(call.site, call.repo, issue, true);
        return ok(rendered, 201, { Location: rendered.url as string });
      },
    },
  ];
}
