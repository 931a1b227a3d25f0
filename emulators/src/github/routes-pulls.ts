// Pull requests as a workflow reads them (get, list with `state`, `head`, `base`, `sort`, the
// changed files), the pull requests of a commit (its head or its merge commit), and commit
// statuses (create, list for a ref, the combined state). Pull requests are opened and merged
// in-process (`openPullRequest`, `mergePullRequest`): the emulator keeps no git repository.
// https://docs.github.com/en/rest/pulls/pulls
// https://docs.github.com/en/rest/commits/commits#list-pull-requests-associated-with-a-commit
// https://docs.github.com/en/rest/commits/statuses

import { field, notFound, objectBody } from './errors.ts';
import type { CommitStatusRecord, GithubStore, IssueRecord } from './model.ts';
import { renderRepository, repoApiUrl } from './render-common.ts';
import { renderPull, renderPullFile, renderStatus } from './render-issues.ts';
import { idParam, ok, type Call, type GithubRoute } from './routing.ts';

/** GitHub lists at most 3,000 files of a pull request. */
export const PULL_FILES_LIMIT = 3000;

/** GitHub keeps at most 1,000 statuses per sha and context. */
const STATUSES_PER_CONTEXT = 1000;

type Pull = IssueRecord & { pull: NonNullable<IssueRecord['pull']> };

export function pullRoutes(store: GithubStore): GithubRoute[] {
  const pulls = (call: Call): Pull[] => [...call.repo.issues.values()].filter((i): i is Pull => !!i.pull);
  const pullOf = (call: Call): Pull => {
    const issue = call.repo.issues.get(idParam(call, 'pull_number'));
    if (!issue?.pull) throw notFound();
    return issue as Pull;
  };
  /** A ref of the statuses routes: a sha, or a branch the repository knows. */
  const shaOf = (call: Call): string => call.repo.branches.get(call.req.params.ref ?? '') ?? call.req.params.ref ?? call.req.params.sha;

  return [
    {
      name: 'pulls.list', method: 'GET', path: '/repos/{owner}/{repo}/pulls', paged: true,
      handler(call) {
        const q = call.req.query;
        const state = q.state ?? 'open';
        const [headOwner, headRef] = q.head?.includes(':') ? q.head.split(':', 2) : [undefined, q.head];
        const direction = q.direction ?? (q.sort === 'popularity' || q.sort === 'long-running' ? 'asc' : 'desc');
        const key = (i: Pull) => (q.sort === 'updated' ? i.updatedAt : i.createdAt);
        const all = pulls(call)
          .filter((i) => state === 'all' || i.state === state)
          .filter((i) => !headRef || (i.pull.head.ref === headRef && (!headOwner || headOwner.toLowerCase() === call.repo.owner.login.toLowerCase())))
          .filter((i) => !q.base || i.pull.base.ref === q.base)
          .sort((a, b) => (key(a) - key(b) || a.number - b.number) * (direction === 'asc' ? 1 : -1));
        const page = call.page(all);
        return ok(page.items.map((i) => renderPull(call.site, call.repo, i)), 200, page.headers);
      },
    },
    { name: 'pulls.get', method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}', handler: (call) => ok(renderPull(call.site, call.repo, pullOf(call), true)) },
    {
      name: 'pulls.listFiles', method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}/files', paged: true,
      handler(call) {
        const pull = pullOf(call);
        const page = call.page(pull.pull.files.slice(0, PULL_FILES_LIMIT));
        return ok(page.items.map((f) => renderPullFile(call.site, call.repo, pull.pull.head.sha, f)), 200, page.headers);
      },
    },
    {
      name: 'commits.listPulls', method: 'GET', path: '/repos/{owner}/{repo}/commits/{commit_sha}/pulls', paged: true,
      handler(call) {
        const sha = call.req.params.commit_sha;
        const all = pulls(call).filter((i) => i.pull.head.sha === sha || i.pull.mergeCommitSha === sha).sort((a, b) => b.number - a.number);
        const page = call.page(all);
        return ok(page.items.map((i) => renderPull(call.site, call.repo, i)), 200, page.headers);
      },
    },
    {
      name: 'statuses.create', method: 'POST', path: '/repos/{owner}/{repo}/statuses/{sha}',
      handler(call) {
        const body = objectBody(() => call.req.json());
        const now = store.now();
        const status: CommitStatusRecord = {
          id: store.nextId(), sha: call.req.params.sha, state: field(body, 'state', 'string', { required: true, enum: ['error', 'failure', 'pending', 'success'] }) as CommitStatusRecord['state'],
          targetUrl: field<string>(body, 'target_url', 'string') ?? null, description: field<string>(body, 'description', 'string') ?? null,
          context: field<string>(body, 'context', 'string') ?? 'default', creator: call.caller, createdAt: now, updatedAt: now,
        };
        const sameContext = call.repo.statuses.filter((s) => s.sha === status.sha && s.context === status.context);
        if (sameContext.length >= STATUSES_PER_CONTEXT) call.repo.statuses.splice(call.repo.statuses.indexOf(sameContext[0]), 1);
        call.repo.statuses.push(status);
        return ok(renderStatus(call.site, call.repo, status), 201, { Location: `${repoApiUrl(call.site, call.repo)}/statuses/${status.sha}` });
      },
    },
    {
      name: 'statuses.list', method: 'GET', path: '/repos/{owner}/{repo}/commits/{ref}/statuses', paged: true,
      handler(call) {
        const sha = shaOf(call);
        const page = call.page(call.repo.statuses.filter((s) => s.sha === sha).sort((a, b) => b.id - a.id));
        return ok(page.items.map((s) => renderStatus(call.site, call.repo, s)), 200, page.headers);
      },
    },
    {
      name: 'statuses.combined', method: 'GET', path: '/repos/{owner}/{repo}/commits/{ref}/status',
      handler(call) {
        const sha = shaOf(call);
        // The latest status of each context, oldest context first; failure or error beats pending beats success.
        const latest = new Map<string, CommitStatusRecord>();
        for (const s of call.repo.statuses.filter((x) => x.sha === sha)) {
          latest.delete(s.context);
          latest.set(s.context, s);
        }
        const states = [...latest.values()].map((s) => s.state);
        const state = states.some((s) => s === 'failure' || s === 'error') ? 'failure' : states.length === 0 || states.some((s) => s === 'pending') ? 'pending' : 'success';
        const page = call.page([...latest.values()]);
        return ok({
          state, statuses: page.items.map((s) => renderStatus(call.site, call.repo, s)), sha, total_count: latest.size,
          repository: renderRepository(call.site, call.repo), commit_url: `${repoApiUrl(call.site, call.repo)}/commits/${sha}`,
          url: `${repoApiUrl(call.site, call.repo)}/commits/${sha}/status`,
        }, 200, page.headers);
      },
    },
  ];
}
