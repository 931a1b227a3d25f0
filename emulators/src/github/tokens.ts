// Tokens the emulated GitHub issues and accepts: a user's personal access token (`ghp_…`, every
// repository, the user's 5,000 requests an hour) or a workflow run's GITHUB_TOKEN (`ghs_…`, its
// repository only, acting as github-actions[bot], the repository's 1,000 an hour). Sent as
// `Authorization: token X` or `Bearer X`; anything else is 401.
// https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api
// https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication

import { randomBytes } from 'node:crypto';
import type { RepoRecord, UserRecord } from './model.ts';

export const USER_REQUESTS_PER_HOUR = 5000;
export const GITHUB_TOKEN_REQUESTS_PER_HOUR = 1000;

export interface TokenRecord {
  kind: 'user' | 'run';
  user: UserRecord;
  /** A run token reaches only this repository. */
  repository?: RepoRecord;
  runId?: number;
  /** Whose hourly budget the token draws on. */
  account: string;
  limit: number;
  /** As the workflow declared them; recorded, not enforced. */
  permissions?: unknown;
}

export interface TokenTable {
  issue(record: TokenRecord, value?: string): string;
  revoke(token: string): void;
  /** The token an `Authorization` header carries: `missing`, `bad`, or its record. */
  resolve(header: string | undefined): 'missing' | 'bad' | TokenRecord;
}

export function createTokenTable(): TokenTable {
  const tokens = new Map<string, TokenRecord>();
  return {
    issue(record, value) {
      const token = value ?? `${record.kind === 'run' ? 'ghs' : 'ghp'}_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
      tokens.set(token, record);
      return token;
    },
    revoke: (token) => void tokens.delete(token),
    resolve(header) {
      if (!header?.trim()) return 'missing';
      const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
      if (!m) return 'bad';
      return tokens.get(m[1]) ?? 'bad';
    },
  };
}

/** How the request log names a caller: never the token, a digest of it. */
export function identityKey(record: TokenRecord): string {
  return record.kind === 'run' ? `run:${record.repository?.id}:${record.runId ?? ''}` : `user:${record.user.login}`;
}
