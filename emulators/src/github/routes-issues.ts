// Issues (pull requests among them, sharing one number sequence), their comments, labels (listed
// by name, created, renamed, deleted) and locks: create, get, update (close and reopen with `state_reason`), list with `state`, `labels`,
// `creator`, `assignee`, `since`, `sort` and `direction`, comments listed, created, edited and
// deleted. A name GitHub does not know as a label is created when an issue uses it.
// https://docs.github.com/en/rest/issues/issues
// https://docs.github.com/en/rest/issues/comments
// https://docs.github.com/en/rest/issues/labels

import { field, GithubError, invalidRequest, notFound, objectBody, validationFailed } from './errors.ts';
import { findLabel, type CommentRecord, type GithubStore, type IssueRecord, type LabelRecord, type RepoRecord, type UserRecord } from './model.ts';
import { renderLabel } from './render-common.ts';
import { renderComment, renderIssue } from './render-issues.ts';
import { idParam, ok, type Call, type GithubRoute } from './routing.ts';

/** GitHub refuses issue and comment bodies longer than this. */
export const BODY_LIMIT = 65_536;

const LABELS_DOC = 'https://docs.github.com/rest/issues/labels#create-a-label';
const COLOR = /^[0-9a-fA-F]{6}$/;

export function issueRoutes(store: GithubStore): GithubRoute[] {
  const issueOf = (call: Call): IssueRecord => {
    const issue = call.repo.issues.get(idParam(call, 'issue_number'));
    if (!issue) throw notFound();
    return issue;
  };
  const commentOf = (call: Call): CommentRecord => {
    const comment = call.repo.comments.get(idParam(call, 'comment_id'));
    if (!comment) throw notFound();
    return comment;
  };
  const labelOf = (call: Call): LabelRecord => {
    const label = findLabel(call.repo, call.req.params.name);
    if (!label) throw notFound();
    return label;
  };
  const touch = (issue: IssueRecord) => (issue.updatedAt = store.now());

  return [
    {
      name: 'issues.create', method: 'POST', path: '/repos/{owner}/{repo}/issues',
      handler(call) {
        const body = objectBody(() => call.req.json());
        const title = body.title;
        if (title === undefined || title === null) throw invalidRequest(`"title" wasn't supplied.`);
        if (typeof title !== 'string' && typeof title !== 'number') throw invalidRequest(`For 'properties/title', ${JSON.stringify(title)} is not a string or integer.`);
        const now = store.now();
        const issue: IssueRecord = {
          id: store.nextId(), number: call.repo.nextNumber++, title: String(title), body: checkedBody(body, 'Issue') ?? null, user: call.caller, state: 'open',
          stateReason: null, labels: labelsFrom(store, call.repo, body), assignees: assigneesFrom(store, body), locked: false, lockReason: null, comments: 0,
          createdAt: now, updatedAt: now, closedAt: null, closedBy: null,
        };
        call.repo.issues.set(issue.number, issue);
        return ok(renderIssue(call.site, call.repo, issue), 201, { Location: `${call.site.api}/repos/${call.repo.owner.login}/${call.repo.name}/issues/${issue.number}` });
      },
    },
    {
      name: 'issues.list', method: 'GET', path: '/repos/{owner}/{repo}/issues', paged: true,
      handler(call) {
        const page = call.page(listIssues(call));
        return ok(page.items.map((i) => renderIssue(call.site, call.repo, i)), 200, page.headers);
      },
    },
    { name: 'issues.get', method: 'GET', path: '/repos/{owner}/{repo}/issues/{issue_number}', handler: (call) => ok(renderIssue(call.site, call.repo, issueOf(call))) },
    {
      name: 'issues.update', method: 'PATCH', path: '/repos/{owner}/{repo}/issues/{issue_number}',
      handler(call) {
        const issue = issueOf(call);
        const body = objectBody(() => call.req.json());
        if (body.title !== undefined && body.title !== null) issue.title = String(body.title);
        if (body.body !== undefined) issue.body = checkedBody(body, 'Issue') ?? null;
        if (body.labels !== undefined) issue.labels = labelsFrom(store, call.repo, body);
        if (body.assignees !== undefined || body.assignee !== undefined) issue.assignees = assigneesFrom(store, body);
        const state = field<string>(body, 'state', 'string', { enum: ['open', 'closed'] });
        const reason = body.state_reason === null ? null : field<IssueRecord['stateReason']>(body, 'state_reason', 'string', { enum: ['completed', 'not_planned', 'duplicate', 'reopened'] });
        if (state === 'closed' && issue.state === 'open') {
          if (issue.pull) throw validationFailed([{ resource: 'Issue', field: 'state', code: 'invalid', message: 'a pull request is closed through the pulls API' }]);
          Object.assign(issue, { state: 'closed', closedAt: store.now(), closedBy: call.caller, stateReason: reason ?? 'completed' });
        } else if (state === 'open' && issue.state === 'closed') {
          Object.assign(issue, { state: 'open', closedAt: null, closedBy: null, stateReason: 'reopened' });
        } else if (reason !== undefined && issue.state === 'closed') {
          issue.stateReason = reason;
        }
        touch(issue);
        return ok(renderIssue(call.site, call.repo, issue));
      },
    },
    {
      name: 'issues.lock', method: 'PUT', path: '/repos/{owner}/{repo}/issues/{issue_number}/lock',
      handler(call) {
        const issue = issueOf(call);
        const body = call.req.body.length ? objectBody(() => call.req.json()) : {};
        const reason = field<string>(body, 'lock_reason', 'string', { enum: ['off-topic', 'too heated', 'resolved', 'spam'] });
        Object.assign(issue, { locked: true, lockReason: reason ?? null });
        touch(issue);
        return { status: 204 };
      },
    },
    {
      name: 'issues.unlock', method: 'DELETE', path: '/repos/{owner}/{repo}/issues/{issue_number}/lock',
      handler(call) {
        const issue = issueOf(call);
        Object.assign(issue, { locked: false, lockReason: null });
        touch(issue);
        return { status: 204 };
      },
    },
    {
      name: 'issues.addLabels', method: 'POST', path: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
      handler(call) {
        const issue = issueOf(call);
        const raw = call.req.json<unknown>();
        const body = Array.isArray(raw) ? { labels: raw } : objectBody(() => raw);
        if (body.labels === undefined) throw invalidRequest(`"labels" wasn't supplied.`);
        for (const label of labelsFrom(store, call.repo, body)) if (!issue.labels.includes(label)) issue.labels.push(label);
        touch(issue);
        return ok(issue.labels.map((l) => renderLabel(call.site, call.repo, l)));
      },
    },
    {
      name: 'comments.list', method: 'GET', path: '/repos/{owner}/{repo}/issues/{issue_number}/comments', paged: true,
      handler(call) {
        const issue = issueOf(call);
        const since = sinceOf(call);
        const all = [...call.repo.comments.values()].filter((c) => c.issueNumber === issue.number && (since === undefined || c.updatedAt >= since));
        const page = call.page(all.sort((a, b) => a.id - b.id));
        return ok(page.items.map((c) => renderComment(call.site, call.repo, c)), 200, page.headers);
      },
    },
    {
      name: 'comments.create', method: 'POST', path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      handler(call) {
        const issue = issueOf(call);
        const text = checkedBody(objectBody(() => call.req.json()), 'IssueComment', true) as string;
        if (issue.locked && call.caller.id !== call.repo.owner.id) throw new GithubError(403, 'Unable to create comment because issue is locked.');
        const now = store.now();
        const comment: CommentRecord = { id: store.nextId(), issueNumber: issue.number, body: text, user: call.caller, createdAt: now, updatedAt: now };
        call.repo.comments.set(comment.id, comment);
        issue.comments++;
        touch(issue);
        const rendered = renderComment(call.site, call.repo, comment);
        return ok(rendered, 201, { Location: rendered.url as string });
      },
    },
    { name: 'comments.get', method: 'GET', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}', handler: (call) => ok(renderComment(call.site, call.repo, commentOf(call))) },
    {
      name: 'comments.update', method: 'PATCH', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
      handler(call) {
        const comment = commentOf(call);
        comment.body = checkedBody(objectBody(() => call.req.json()), 'IssueComment', true) as string;
        comment.updatedAt = store.now();
        return ok(renderComment(call.site, call.repo, comment));
      },
    },
    {
      name: 'comments.delete', method: 'DELETE', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
      handler(call) {
        const comment = commentOf(call);
        call.repo.comments.delete(comment.id);
        const issue = call.repo.issues.get(comment.issueNumber);
        if (issue) issue.comments--;
        return { status: 204 };
      },
    },
    {
      name: 'labels.list', method: 'GET', path: '/repos/{owner}/{repo}/labels', paged: true,
      handler(call) {
        const page = call.page([...call.repo.labels.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())));
        return ok(page.items.map((l) => renderLabel(call.site, call.repo, l)), 200, page.headers);
      },
    },
    {
      name: 'labels.create', method: 'POST', path: '/repos/{owner}/{repo}/labels',
      handler(call) {
        const body = objectBody(() => call.req.json());
        const name = field<string>(body, 'name', 'string', { required: true }) as string;
        const color = field<string>(body, 'color', 'string');
        if (color !== undefined && !COLOR.test(color.replace(/^#/, ''))) throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }], LABELS_DOC);
        if (findLabel(call.repo, name)) throw validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }], LABELS_DOC);
        const label = addLabel(store, call.repo, name, color?.replace(/^#/, ''), field<string>(body, 'description', 'string') ?? null);
        const rendered = renderLabel(call.site, call.repo, label);
        return ok(rendered, 201, { Location: rendered.url as string });
      },
    },
    {
      name: 'labels.get', method: 'GET', path: '/repos/{owner}/{repo}/labels/{name}',
      handler(call) {
        return ok(renderLabel(call.site, call.repo, labelOf(call)));
      },
    },
    {
      name: 'labels.update', method: 'PATCH', path: '/repos/{owner}/{repo}/labels/{name}',
      handler(call) {
        const label = labelOf(call);
        const body = objectBody(() => call.req.json());
        const newName = field<string>(body, 'new_name', 'string');
        const color = field<string>(body, 'color', 'string');
        if (color !== undefined && !COLOR.test(color.replace(/^#/, ''))) throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }], LABELS_DOC);
        if (newName !== undefined && newName.toLowerCase() !== label.name.toLowerCase() && findLabel(call.repo, newName)) {
          throw validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }], LABELS_DOC);
        }
        if (newName !== undefined) {
          call.repo.labels.delete(label.name.toLowerCase());
          label.name = newName;
          call.repo.labels.set(newName.toLowerCase(), label);
        }
        if (color !== undefined) label.color = color.replace(/^#/, '');
        if (body.description !== undefined) label.description = body.description === null ? null : (field<string>(body, 'description', 'string') as string);
        return ok(renderLabel(call.site, call.repo, label));
      },
    },
    {
      name: 'labels.delete', method: 'DELETE', path: '/repos/{owner}/{repo}/labels/{name}',
      handler(call) {
        const label = labelOf(call);
        call.repo.labels.delete(label.name.toLowerCase());
        for (const issue of call.repo.issues.values()) issue.labels = issue.labels.filter((l) => l !== label);
        return { status: 204 };
      },
    },
  ];
}

/** Issues and pull requests matching the list's filters, newest first unless asked otherwise. */
function listIssues(call: Call): IssueRecord[] {
  const q = call.req.query;
  const state = q.state ?? 'open';
  if (!['open', 'closed', 'all'].includes(state)) throw validationFailed([{ resource: 'Issue', field: 'state', code: 'invalid' }]);
  const wanted = (q.labels ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
  const since = sinceOf(call);
  const sort = q.sort ?? 'created';
  const direction = q.direction ?? 'desc';
  const key = (i: IssueRecord) => (sort === 'updated' ? i.updatedAt : sort === 'comments' ? i.comments : i.createdAt);
  return [...call.repo.issues.values()]
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => wanted.every((w) => i.labels.some((l) => l.name.toLowerCase() === w)))
    .filter((i) => !q.creator || i.user.login.toLowerCase() === q.creator.toLowerCase())
    .filter((i) => matchesAssignee(i, q.assignee))
    .filter((i) => since === undefined || i.updatedAt >= since)
    .sort((a, b) => (key(a) - key(b) || a.number - b.number) * (direction === 'asc' ? 1 : -1));
}

function matchesAssignee(issue: IssueRecord, assignee: string | undefined): boolean {
  if (assignee === undefined) return true;
  if (assignee === 'none') return issue.assignees.length === 0;
  if (assignee === '*') return issue.assignees.length > 0;
  return issue.assignees.some((a) => a.login.toLowerCase() === assignee.toLowerCase());
}

function sinceOf(call: Call): number | undefined {
  const raw = call.req.query.since;
  if (raw === undefined) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw invalidRequest(`For 'properties/since', "${raw}" is not a date-time.`);
  return t;
}

/** The `body` field of an issue or comment: a string within GitHub's limit. */
function checkedBody(body: Record<string, unknown>, resource: string, required = false): string | null | undefined {
  if (body.body === null && !required) return null;
  const text = field<string>(body, 'body', 'string', { required });
  if (text !== undefined && text.length > BODY_LIMIT) {
    throw validationFailed([{ resource, code: 'custom', field: 'body', message: `body is too long (maximum is ${BODY_LIMIT} characters)` }]);
  }
  return text;
}

function addLabel(store: GithubStore, repo: RepoRecord, name: string, color = 'ededed', description: string | null = null): LabelRecord {
  const label: LabelRecord = { id: store.nextId(), name, color, description, default: false };
  repo.labels.set(name.toLowerCase(), label);
  return label;
}

/** `labels` as names or `{name}` objects; names GitHub does not know yet become labels. */
function labelsFrom(store: GithubStore, repo: RepoRecord, body: Record<string, unknown>): LabelRecord[] {
  if (body.labels === undefined || body.labels === null) return [];
  if (!Array.isArray(body.labels)) throw invalidRequest(`For 'properties/labels', ${JSON.stringify(body.labels)} is not an array.`);
  const names = body.labels.map((l) => (typeof l === 'string' ? l : typeof l === 'object' && l && typeof (l as { name?: unknown }).name === 'string' ? (l as { name: string }).name : undefined));
  if (names.some((n) => n === undefined || n === '')) throw validationFailed([{ resource: 'Label', field: 'name', code: 'invalid' }]);
  return [...new Set(names as string[])].map((n) => findLabel(repo, n) ?? addLabel(store, repo, n));
}

function assigneesFrom(store: GithubStore, body: Record<string, unknown>): UserRecord[] {
  const logins = body.assignees !== undefined && body.assignees !== null ? body.assignees : body.assignee ? [body.assignee] : [];
  if (!Array.isArray(logins) || logins.some((l) => typeof l !== 'string')) throw invalidRequest(`For 'properties/assignees', ${JSON.stringify(logins)} is not an array of strings.`);
  return (logins as string[]).map((login) => {
    const user = store.users.get(login.toLowerCase());
    if (!user) throw validationFailed([{ resource: 'Issue', field: 'assignees', code: 'invalid', message: `${login} is not a user of this GitHub` }]);
    return user;
  });
}
