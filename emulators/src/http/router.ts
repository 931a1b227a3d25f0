// Matches a method and path against route templates. A `{param}` stands for one whole segment;
// a literal segment beats a parameter at the same position, so `/groups/{id}` and
// `/groups/reports` can coexist. Power BI matches paths case-insensitively, so that is an option.

import type { Route } from './types.ts';

interface CompiledRoute {
  route: Route;
  method: string;
  /** Per segment: a literal (compared in the emulator's case mode) or a parameter name. */
  segments: ({ literal: string } | { param: string })[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

export interface Router {
  match(method: string, path: string): RouteMatch;
}

export function createRouter(routes: readonly Route[], options: { caseInsensitive: boolean }): Router {
  const fold = (s: string) => (options.caseInsensitive ? s.toLowerCase() : s);
  const compiled: CompiledRoute[] = routes.map((route) => ({
    route,
    method: route.method.toUpperCase(),
    segments: splitPath(route.path).map((segment) => {
      const param = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(segment);
      if (param) return { param: param[1] };
      if (segment.includes('{')) throw new Error(`route ${route.name}: a parameter must be a whole segment: ${route.path}`);
      return { literal: fold(segment) };
    }),
  }));
  assertUniqueNames(routes);

  return {
    match(method, path) {
      const segments = splitPath(path);
      const folded = segments.map(fold);
      let best: { entry: CompiledRoute; score: string } | undefined;
      const allowed = new Set<string>();
      for (const entry of compiled) {
        const score = scoreMatch(entry, folded);
        if (score === undefined) continue;
        if (entry.method !== method.toUpperCase()) {
          allowed.add(entry.method);
          continue;
        }
        if (!best || score > best.score) best = { entry, score };
      }
      if (!best) return allowed.size ? { kind: 'method-not-allowed', allowed: [...allowed].sort() } : { kind: 'not-found' };
      const params: Record<string, string> = {};
      best.entry.segments.forEach((s, i) => {
        if ('param' in s) params[s.param] = safeDecode(segments[i]);
      });
      return { kind: 'found', route: best.entry.route, params };
    },
  };
}

/** A string that sorts higher the earlier a literal segment matches ('1' literal, '0' parameter). */
function scoreMatch(entry: CompiledRoute, folded: string[]): string | undefined {
  if (entry.segments.length !== folded.length) return undefined;
  let score = '';
  for (let i = 0; i < folded.length; i++) {
    const s = entry.segments[i];
    if ('literal' in s) {
      if (s.literal !== folded[i]) return undefined;
      score += '1';
    } else {
      if (folded[i] === '') return undefined;
      score += '0';
    }
  }
  return score;
}

/** A path's segments, without leading or trailing slashes: what route templates are matched on. */
export function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/** A segment percent-decoded, or as it is when it is not valid percent-encoding. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function assertUniqueNames(routes: readonly Route[]): void {
  const seen = new Set<string>();
  for (const r of routes) {
    if (seen.has(r.name)) throw new Error(`duplicate route name ${r.name}`);
    seen.add(r.name);
  }
}

/**
 * Whether a fault's route selector matches a call: a route name, or `METHOD /glob` where `*`
 * is one segment (or part of one) and `**` any number of segments.
 */
export function matchesSelector(selector: string | undefined, call: { method: string; path: string; route?: string }, caseInsensitive: boolean): boolean {
  if (selector === undefined || selector === '*') return true;
  const space = selector.indexOf(' ');
  if (space < 0) return call.route === selector;
  const method = selector.slice(0, space).toUpperCase();
  if (method !== '*' && method !== call.method.toUpperCase()) return false;
  const glob = selector.slice(space + 1).trim();
  const pattern = glob
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (part === '**' ? '(?:/[^/]+)*' : '/' + part.split('*').map(escapeRegExp).join('[^/]*')))
    .join('');
  return new RegExp(`^${pattern}/?$`, caseInsensitive ? 'i' : '').test(call.path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
