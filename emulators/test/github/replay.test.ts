// Recorded exchanges with the real api.github.com (`@octokit/fixtures`, normalised by Octokit's
// maintainers) replayed against the emulator: each scenario's repository is seeded with what the
// recording shows existed, each request is sent as recorded, and the answer must match the
// recording's status, its Link relations and pages, its Location, and its body — every recorded
// field present with the same JSON type, URLs with the same path, and the values that carry
// meaning (numbers, titles, states, names, colours, messages, errors) equal.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startGithub } from '../../src/github/index.ts';
import { call } from '../support/https.ts';
import { testTls } from '../support/tls.ts';
import { REPLAYED, type Recorded, type Seeder } from './support/replayed.ts';

const require = createRequire(import.meta.url);
const SCENARIOS = join(dirname(require.resolve('@octokit/fixtures/package.json')), 'scenarios', 'api.github.com');
const ORG = 'octokit-fixture-org';
const USER = 'octokit-fixture-user-a';

/** Values compared as they are; every other field is compared by JSON type (and URLs by path). */
const MEANINGFUL = new Set(['number', 'title', 'state', 'locked', 'active_lock_reason', 'name', 'color', 'description', 'message', 'errors', 'context', 'target_url', 'total_count', 'sha', 'login', 'type', 'state_reason', 'closed_at', 'assignee', 'assignees', 'milestone']);
/** Normaliser artefacts of the recordings: a temporary repository name, an avatar host. */
const IGNORED_URLS = /\/tmp-scenario-|avatars\.githubusercontent\.com/;

function load(name: string): Recorded[] {
  return JSON.parse(readFileSync(join(SCENARIOS, name, 'normalized-fixture.json'), 'utf8')) as Recorded[];
}

describe('recorded api.github.com exchanges (@octokit/fixtures) replayed against the emulator', () => {
  it.each(Object.keys(REPLAYED))('replays %s', async (name) => {
    const recorded = load(name);
    const github = await startGithub({ tls: testTls(), users: [{ login: ORG, type: 'Organization' }, { login: USER }], repositories: [{ fullName: `${ORG}/${name}`, private: false }] });
    try {
      const token = github.issueToken(USER);
      const headers = { authorization: `token ${token}`, accept: 'application/vnd.github.v3+json' };
      const repoId = github.state() as { repositories: { id: number }[] };
      const seeder: Seeder = {
        async post(what, body) {
          const r = await call(`${github.url}/repos/${ORG}/${name}/${what}`, 'POST', { headers, body });
          if (r.status !== 201) throw new Error(`seeding ${what}: ${r.status} ${r.text}`);
        },
      };
      await REPLAYED[name].seed?.(seeder, recorded);
      const problems: string[] = [];
      for (const [i, e] of recorded.entries()) {
        const path = e.path.replace(/^\/repositories\/\d+\//, `/repositories/${repoId.repositories[0].id}/`);
        const hasBody = e.body !== '' && e.body !== undefined;
        const reply = await call(`${github.url}${path}`, e.method.toUpperCase(), { headers, body: hasBody ? e.body : undefined });
        const at = `#${i} ${e.method.toUpperCase()} ${e.path}`;
        if (reply.status !== e.status) {
          problems.push(`${at}: status ${reply.status}, recorded ${e.status} (${reply.text.slice(0, 200)})`);
          continue;
        }
        problems.push(...compareHeaders(e.headers, reply.headers, github.url).map((p) => `${at}: ${p}`));
        if (e.response !== '') problems.push(...compareBody(e.response, reply.json, github.url, '').map((p) => `${at}: ${p}`));
      }
      expect(problems).toEqual([]);
    } finally {
      await github.stop();
    }
  });
});

function compareHeaders(recorded: Record<string, string>, got: Record<string, string>, origin: string): string[] {
  const problems: string[] = [];
  const rels = (link: string | undefined) => Object.fromEntries([...(link ?? '').matchAll(/<[^>]*[?&]page=(\d+)[^>]*>; rel="(\w+)"/g)].map((m) => [m[2], Number(m[1])]));
  const order = (link: string | undefined) => [...(link ?? '').matchAll(/rel="(\w+)"/g)].map((m) => m[1]).join(',');
  // Link targets compared by path, the repository id aside (the recording's is normalised to 1000).
  const targets = (link: string | undefined, base?: string) => [...(link ?? '').matchAll(/<([^>]*)>/g)].map((m) => pathOf(m[1], base).replace(/^\/repositories\/\d+\//, '/repositories/ID/'));
  if (JSON.stringify(rels(recorded.link)) !== JSON.stringify(rels(got.link)) || order(recorded.link) !== order(got.link) || targets(recorded.link).join() !== targets(got.link, origin).join()) {
    problems.push(`Link ${got.link}, recorded ${recorded.link}`);
  }
  if (recorded.location && pathOf(recorded.location) !== pathOf(got.location ?? '', origin)) problems.push(`Location ${got.location}, recorded ${recorded.location}`);
  if (recorded['content-type'] && recorded['content-type'] !== got['content-type']) problems.push(`content-type ${got['content-type']}, recorded ${recorded['content-type']}`);
  for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-used', 'x-ratelimit-resource', 'x-github-request-id', 'x-github-media-type']) {
    if (recorded[h] !== undefined && got[h] === undefined) problems.push(`no ${h} header`);
  }
  return problems;
}

function compareBody(recorded: unknown, got: unknown, origin: string, at: string): string[] {
  if (recorded === null) return [];
  if (Array.isArray(recorded)) {
    if (!Array.isArray(got)) return [`${at || '/'}: ${typeOf(got)}, recorded an array`];
    if (got.length !== recorded.length) return [`${at || '/'}: ${got.length} items, recorded ${recorded.length}`];
    return recorded.flatMap((r, i) => compareBody(r, got[i], origin, `${at}/${i}`));
  }
  if (typeof recorded === 'object') {
    if (typeof got !== 'object' || got === null || Array.isArray(got)) return [`${at || '/'}: ${typeOf(got)}, recorded an object`];
    return Object.entries(recorded as Record<string, unknown>).flatMap(([k, v]) => {
      const mine = (got as Record<string, unknown>)[k];
      const where = `${at}/${k}`;
      if (!(k in (got as object))) return [`${where}: missing`];
      if (MEANINGFUL.has(k) && JSON.stringify(v) !== JSON.stringify(mine) && !(typeof v === 'object' && v !== null)) return [`${where}: ${JSON.stringify(mine)}, recorded ${JSON.stringify(v)}`];
      if (typeof v === 'string' && /^https:\/\/(api\.)?github\.com\//.test(v) && !IGNORED_URLS.test(v) && pathOf(v) !== pathOf(String(mine), origin)) return [`${where}: ${mine}, recorded ${v}`];
      if (mine === null && v !== null) return MEANINGFUL.has(k) ? [`${where}: null, recorded ${JSON.stringify(v)}`] : [];
      return compareBody(v, mine, origin, where);
    });
  }
  return typeOf(recorded) === typeOf(got) ? [] : [`${at}: ${typeOf(got)}, recorded ${typeOf(recorded)}`];
}

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** The path and query of a URL on api.github.com or github.com, or on the emulator. */
function pathOf(url: string, origin?: string): string {
  const base = origin && url.startsWith(origin) ? url.slice(origin.length) : url.replace(/^https:\/\/(api\.)?github\.com/, '');
  return base;
}
