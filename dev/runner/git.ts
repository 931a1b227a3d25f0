// The few git calls the runner makes on the checkout it was started from.
import { execFileSync } from 'node:child_process';

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A ref (branch, tag, full ref or sha) of the checkout as a commit sha, or undefined. */
export function resolveCommit(repoDir: string, ref: string): string | undefined {
  for (const candidate of [ref, `refs/heads/${ref}`, `refs/tags/${ref}`, `refs/remotes/origin/${ref}`]) {
    try {
      return git(repoDir, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]).trim();
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}
