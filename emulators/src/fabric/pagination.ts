// Fabric list pagination: a page of `value`, and while more remain a `continuationToken` and a
// `continuationUri` (the same call with the token), both "removed from the response" on the last
// page (common/definitions.json PaginatedResponse). The trace never shows a second page (its
// longest list, 127 connections, came whole), so the page size is the emulator's option.

import type { EmulatorRequest } from '../http/index.ts';
import { FabricError } from './errors.ts';

interface TokenBody {
  /** Offset of the next page. */
  o: number;
  /** The list it belongs to (path, lower case), so a token cannot be replayed on another list. */
  l: string;
}

export function paginate<T>(req: EmulatorRequest, all: readonly T[], pageSize: number): { value: T[]; continuationToken?: string; continuationUri?: string } {
  const listKey = req.path.toLowerCase().replace(/\/+$/, '');
  let offset = 0;
  const token = req.url.searchParams.get('continuationToken');
  if (token) {
    const parsed = decodeToken(token);
    if (!parsed || parsed.l !== listKey || parsed.o < 0) throw new FabricError(400, 'InvalidContinuationToken', 'The continuation token is not valid for this list.');
    offset = parsed.o;
  }
  const value = all.slice(offset, offset + pageSize);
  if (offset + pageSize >= all.length) return { value };
  const next = Buffer.from(JSON.stringify({ o: offset + pageSize, l: listKey } satisfies TokenBody), 'utf8').toString('base64url');
  const uri = new URL(req.url.pathname, req.origin);
  for (const [k, v] of req.url.searchParams) if (k !== 'continuationToken') uri.searchParams.append(k, v);
  uri.searchParams.set('continuationToken', next);
  return { value, continuationToken: next, continuationUri: uri.toString() };
}

function decodeToken(token: string): TokenBody | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as TokenBody;
    return typeof parsed.o === 'number' && typeof parsed.l === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
