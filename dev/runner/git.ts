// The few git calls the runner makes on the checkout it was started from.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

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

/**
 * `git` without blocking: the emulators and the other jobs share this process, and a checkout
 * (a thousand files, 36 MB) held them all up for seconds when it ran synchronously.
 */
export async function gitAsync(cwd: string, args: string[]): Promise<string> {
  return (await promisify(execFile)('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
}
