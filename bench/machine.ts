// The machine a figure was measured on, recorded beside it: a ratio means little without the cores
// it ran on, the load around it and the revision it measured.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  /** 1-minute load average when the benchmark started and when it ended. */
  loadStart: number;
  loadEnd?: number;
  node: string;
  /** `git rev-parse HEAD`, with `+dirty` when the work tree had changes. */
  revision: string;
  platform: string;
}

export function describeMachine(repoRoot: string): Machine {
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadStart: os.loadavg()[0],
    node: process.version,
    revision: revisionOf(repoRoot),
    platform: `${os.type()} ${os.release()}`,
  };
}

function revisionOf(repoRoot: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
