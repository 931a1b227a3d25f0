// Verification by query: after apply, ask the zone's authoritative server (not a recursive
// resolver, whose cache would hide the change) what it now answers for the tenant's name.
// Cloud providers take a moment to publish, so a missing or stale answer is asked again.
import { lookup } from 'node:dns/promises';
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { normalizeValue } from './normalize.ts';
import type { Timing } from './types.ts';
import { realSleep } from './providers/common.ts';

export interface QueryResult {
  /** Whether the server answered at all (an empty answer counts as an answer). */
  reachable: boolean;
  /** Canonical values answered (see normalizeValue). */
  answer: string[];
  /** Why there is no answer: `ENOTFOUND`, `ENODATA`, `ECONNREFUSED`, `ETIMEOUT`, ... */
  error?: string;
}

export interface QueryOptions extends Timing {
  /** Queries in all while the answer is missing or differs; default 10. */
  attempts?: number;
  /** Pause between them; default 2 s. */
  intervalMs?: number;
  /** Per query; default 2 s. */
  timeoutMs?: number;
}

/** One query of `type` for `fqdn` at `server` (`host` or `host:port`). */
export async function queryServer(server: string, fqdn: string, type: string, timeoutMs = 2000): Promise<QueryResult> {
  let address: string;
  try {
    address = await toAddress(server);
  } catch (err) {
    // The server's own name does not resolve: nobody to ask, which is not an answer.
    return { reachable: false, answer: [], error: `${server}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  try {
    resolver.setServers([address]);
    let answer: string[];
    switch (type.toUpperCase()) {
      case 'CNAME':
        answer = await resolver.resolveCname(fqdn);
        break;
      case 'A':
        answer = await resolver.resolve4(fqdn);
        break;
      case 'AAAA':
        answer = await resolver.resolve6(fqdn);
        break;
      case 'TXT':
        answer = (await resolver.resolveTxt(fqdn)).map((chunks) => chunks.join(''));
        break;
      default:
        throw new Error(`cannot verify ${type} records by query`);
    }
    return { reachable: true, answer: [...new Set(answer.map((v) => normalizeValue(type, v)))].sort() };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    // NXDOMAIN and NODATA are answers: the server is there and says "nothing (yet)".
    return { reachable: code === 'ENOTFOUND' || code === 'ENODATA', answer: [], error: code };
  } finally {
    resolver.cancel();
  }
}

/**
 * Queries until the server answers `expected` (or `attempts` run out) and returns the last result.
 * An unreachable server is not asked again: the caller reports it and relies on the API read-back.
 */
export async function awaitAnswer(server: string, fqdn: string, type: string, expected: readonly string[], options: QueryOptions = {}): Promise<QueryResult> {
  const attempts = options.attempts ?? 10;
  const sleep = options.sleep ?? realSleep;
  const want = [...expected].sort().join('\n');
  let result: QueryResult = { reachable: false, answer: [] };
  for (let i = 1; i <= attempts; i++) {
    result = await queryServer(server, fqdn, type, options.timeoutMs);
    if (!result.reachable || result.answer.join('\n') === want) return result;
    if (i < attempts) await sleep(options.intervalMs ?? 2000);
  }
  return result;
}

/** `host:port` with the host resolved to an address, as c-ares wants it. */
async function toAddress(server: string): Promise<string> {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(server.includes(':') && !server.includes(']') && server.split(':').length > 2 ? `[${server}]` : server);
  const host = m?.[1] ?? server;
  const port = m?.[2];
  const address = isIP(host) ? host : (await lookup(host)).address;
  if (!port) return address;
  return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}
