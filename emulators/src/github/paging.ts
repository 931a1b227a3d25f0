// GitHub's page-based pagination: `per_page` (default 30, at most 100) and `page` (from 1), and a
// `Link` header naming the `prev`, `next`, `last` and `first` pages that exist, in the order the
// recorded `paginate-issues` exchange shows. Repository lists link through the repository's id
// (`/repositories/{id}/...`), as GitHub does, so a rename does not break a client mid-walk.
// https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api

import type { EmulatorRequest } from '../http/index.ts';
import { invalidRequest } from './errors.ts';

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/** The page `req` asks for. `linkPath` is the path the Link header points at (default the request's). */
export function paginate<T>(req: EmulatorRequest, all: readonly T[], linkPath = req.path): Page<T> {
  const perPage = Math.min(readPositive(req, 'per_page') ?? DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const page = readPositive(req, 'page') ?? 1;
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  if (last === 1) return { items, headers: {} };
  const link = (n: number, rel: string) => {
    const query = new URLSearchParams(req.url.searchParams);
    query.delete('page');
    query.delete('per_page');
    // GitHub keeps the caller's per_page first and puts page last.
    const rest = query.toString();
    const perPagePart = req.url.searchParams.has('per_page') ? `per_page=${perPage}&` : '';
    return `<${req.origin}${linkPath}?${rest ? `${rest}&` : ''}${perPagePart}page=${n}>; rel="${rel}"`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(link(Math.min(page - 1, last), 'prev'));
  if (page < last) rels.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) rels.push(link(1, 'first'));
  return { items, headers: { Link: rels.join(', ') } };
}

function readPositive(req: EmulatorRequest, name: string): number | undefined {
  const raw = req.query[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw invalidRequest(`For 'properties/${name}', "${raw}" is not an integer.`);
  return Math.max(1, n);
}
