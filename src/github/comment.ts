// The sticky PR comment: one comment per pull request, found by a hidden marker and edited in
// place on every push, so a PR shows the current plan instead of a trail of stale ones.
import { readFile } from 'node:fs/promises';
import { EnvironmentError } from '../errors/index.ts';
import { createOctokit, repositoryFromEnv } from './api.ts';

/** GitHub refuses comment bodies over 65,536 characters. */
export const COMMENT_LIMIT = 65_536;

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

export interface StickyCommentOptions {
  token: string;
  /** Default https://api.github.com (GITHUB_API_URL on GHES). */
  baseUrl?: string;
  /** Distinguishes several sticky comments on one PR; default `plan`. */
  marker?: string;
  /** A fetch that trusts a test CA; default the global fetch. */
  fetch?: typeof fetch;
}

export function markerFor(name: string): string {
  return `<!-- tenantops:${name} -->`;
}

/**
 * Cuts a body to GitHub's limit at a line boundary and says so, pointing at where the whole
 * text is (the job summary or the plan artifact).
 */
export function fitComment(body: string, whereWhole: string, limit = COMMENT_LIMIT): string {
  if (body.length <= limit) return body;
  const note = `\n\n…truncated: the full text (${body.length.toLocaleString('en-GB')} characters) is in ${whereWhole}.\n`;
  const room = limit - note.length;
  const cut = body.lastIndexOf('\n', room);
  let head = body.slice(0, cut > 0 ? cut : room);
  // An unclosed <details> would swallow the note.
  const open = (head.match(/<details>/g) ?? []).length - (head.match(/<\/details>/g) ?? []).length;
  if (open > 0) head = head.slice(0, Math.max(0, room - 12 * open)) + '\n</details>'.repeat(open);
  return head + note;
}

/** Creates the PR's sticky comment, or edits it when it exists. Returns its id and what was done. */
export async function upsertStickyComment(pr: PullRequestRef, body: string, options: StickyCommentOptions): Promise<{ id: number; action: 'created' | 'updated' | 'unchanged' }> {
  const marker = markerFor(options.marker ?? 'plan');
  const octokit = createOctokit(options);
  const text = `${marker}\n${body}`;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.number, per_page: 100 });
  const existing = comments.find((c) => c.body?.startsWith(marker));
  if (existing && existing.body === text) return { id: existing.id, action: 'unchanged' };
  if (existing) {
    await octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: existing.id, body: text });
    return { id: existing.id, action: 'updated' };
  }
  const { data } = await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, body: text });
  return { id: data.id, action: 'created' };
}

/** The pull request a workflow run is about, from GITHUB_REPOSITORY and the event payload. */
export async function pullRequestFromEnv(env: NodeJS.ProcessEnv): Promise<PullRequestRef> {
  const { owner, repo } = repositoryFromEnv(env, '--comment');
  if (!env.GITHUB_EVENT_PATH) throw new EnvironmentError('--comment needs GITHUB_EVENT_PATH: run it in a pull_request workflow');
  const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { number?: number }; number?: number };
  const number = event.pull_request?.number ?? event.number;
  if (!number) throw new EnvironmentError('--comment: the workflow event is not a pull request');
  return { owner, repo, number };
}
