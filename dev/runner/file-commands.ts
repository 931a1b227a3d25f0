// The environment files of a step: GITHUB_ENV and GITHUB_OUTPUT (`NAME=value` lines and
// `NAME<<DELIMITER` heredocs), GITHUB_PATH (one directory a line) and GITHUB_STEP_SUMMARY
// (markdown, 1 MiB a step). Fresh empty files for each step, read back when it ends.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#environment-files
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface StepFiles {
  env: string;
  output: string;
  path: string;
  summary: string;
  state: string;
}

/** A step summary larger than this is dropped with an error annotation, as GitHub drops it. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

export function createStepFiles(dir: string): StepFiles {
  mkdirSync(dir, { recursive: true });
  const id = randomUUID();
  const files = {
    env: path.join(dir, `set_env_${id}`),
    output: path.join(dir, `set_output_${id}`),
    path: path.join(dir, `add_path_${id}`),
    summary: path.join(dir, `step_summary_${id}`),
    state: path.join(dir, `save_state_${id}`),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  return files;
}

export class FileCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileCommandError';
  }
}

/** `NAME=value` and `NAME<<EOF … EOF` entries, later ones winning (actions/runner SetEnvFileCommand). */
export function readKeyValueFile(file: string): Record<string, string> {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' && i === lines.length - 1) break;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      const name = line.slice(0, eq);
      if (!name) throw new FileCommandError(`Invalid format '${line}'. Name must not be empty`);
      out[name] = line.slice(eq + 1);
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (!name || !delimiter) throw new FileCommandError(`Invalid format '${line}'. Name must not be empty and delimiter must not be empty`);
      const value: string[] = [];
      let j = i + 1;
      for (; j < lines.length && lines[j] !== delimiter; j++) value.push(lines[j]);
      if (j >= lines.length) throw new FileCommandError(`Invalid value. Matching delimiter not found '${delimiter}'`);
      out[name] = value.join('\n');
      i = j;
    } else {
      throw new FileCommandError(`Invalid format '${line}'`);
    }
  }
  return out;
}

export function readPathFile(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
}

export interface SummaryRead {
  text?: string;
  /** Set when the summary was too large and dropped. */
  error?: string;
}

export function readSummaryFile(file: string): SummaryRead {
  const size = statSync(file).size;
  if (size === 0) return {};
  if (size > STEP_SUMMARY_LIMIT) {
    // The message GitHub shows, word for word, in the run's annotations.
    return {
      error: `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${STEP_SUMMARY_LIMIT / 1024}k, got ${Math.floor(size / 1024)}k. For more information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary`,
    };
  }
  return { text: readFileSync(file, 'utf8') };
}
