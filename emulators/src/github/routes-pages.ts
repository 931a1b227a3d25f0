// GitHub Pages as a workflow asks about it: `GET /repos/{owner}/{repo}/pages` answers the
// repository's site, whose `public` says who can open it (false: only people with read access to
// the repository), or 404 when Pages is not enabled. The site is set in-process (`setPages`);
// nothing is built or served.
// https://docs.github.com/en/rest/pages/pages#get-a-apiname-pages-site
// https://docs.github.com/en/enterprise-cloud@latest/pages/getting-started-with-github-pages/changing-the-visibility-of-your-github-pages-site

import { notFound } from './errors.ts';
import { repoKey, type GithubStore, type RepoRecord } from './model.ts';
import { repoApiUrl } from './render-common.ts';
import { ok, type GithubRoute } from './routing.ts';

export interface PagesSiteInput {
  /** false: a private site (GitHub Enterprise Cloud), readable by those who can read the repository. */
  public: boolean;
  /** Default `workflow` (published by actions/deploy-pages). */
  buildType?: 'workflow' | 'legacy';
  cname?: string;
}

export interface PagesControl {
  /** Enables the repository's Pages site as described, or disables it (`undefined`: the API answers 404). */
  setPages(repository: string, site: PagesSiteInput | undefined): void;
}

export function pagesRoutes(store: GithubStore): { routes: GithubRoute[]; control: PagesControl } {
  const sites = new WeakMap<RepoRecord, PagesSiteInput>();
  const routes: GithubRoute[] = [
    {
      name: 'pages.get', method: 'GET', path: '/repos/{owner}/{repo}/pages',
      handler(call) {
        const site = sites.get(call.repo);
        if (!site) throw notFound();
        const buildType = site.buildType ?? 'workflow';
        return ok({
          url: `${repoApiUrl(call.site, call.repo)}/pages`,
          status: 'built',
          cname: site.cname ?? null,
          custom_404: false,
          html_url: htmlUrl(call.repo, site),
          build_type: buildType,
          // A legacy site builds from a branch; a workflow's site has no source branch.
          ...(buildType === 'legacy' ? { source: { branch: call.repo.defaultBranch, path: '/' } } : {}),
          public: site.public,
          https_enforced: true,
          protected_domain_state: null,
          pending_domain_unverified_at: null,
        });
      },
    },
  ];
  const control: PagesControl = {
    setPages(repository, site) {
      const repo = store.repos.get(repoKey(repository));
      if (!repo) throw new Error(`the GitHub emulator has no repository ${repository}`);
      if (site) sites.set(repo, { ...site });
      else sites.delete(repo);
    },
  };
  return { routes, control };
}

// A public site lives at <owner>.github.io/<repo>; a private one at a generated subdomain of
// pages.github.io (the emulator derives it from the repository's id, GitHub makes it up).
function htmlUrl(repo: RepoRecord, site: PagesSiteInput): string {
  if (site.cname) return `https://${site.cname}/`;
  return site.public ? `https://${repo.owner.login.toLowerCase()}.github.io/${repo.name}/` : `https://${repo.name.toLowerCase()}-${repo.id}.pages.github.io/`;
}
