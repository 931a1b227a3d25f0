// `strategy:` of a job: the matrix expanded into combinations (vectors, `exclude`, `include`) as
// GitHub expands it, `fail-fast`, `max-parallel`, and the 256-job cap.
// https://docs.github.com/en/actions/how-tos/write-workflows/choose-what-workflows-do/run-job-variations
// https://docs.github.com/en/actions/reference/limits (Job matrix: 256 jobs per workflow run)
import { isDeepStrictEqual } from 'node:util';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import { evaluateToken, type Scope } from './expressions.ts';

export const MATRIX_JOB_LIMIT = 256;

export type Combination = Record<string, unknown>;

export interface Strategy {
  /** Undefined when the job has no matrix: it runs once. */
  combinations?: Combination[];
  /** Default true: a failed combination cancels the others still queued or running. */
  failFast: boolean;
  /** At most this many combinations run at once; undefined for no limit. */
  maxParallel?: number;
}

export class MatrixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatrixError';
  }
}

export function expandStrategy(jobId: string, token: TemplateToken | undefined, scope: Scope): Strategy {
  if (!token) return { failFast: true };
  const strategy = (evaluateToken(token, scope) ?? {}) as Record<string, unknown>;
  const failFast = strategy['fail-fast'] === undefined ? true : strategy['fail-fast'] !== false && strategy['fail-fast'] !== 'false';
  const maxParallel = strategy['max-parallel'] === undefined ? undefined : Number(strategy['max-parallel']);
  if (strategy.matrix === undefined) return { failFast, maxParallel };
  const combinations = expandMatrix(jobId, strategy.matrix);
  return { combinations, failFast, maxParallel };
}

export function expandMatrix(jobId: string, matrix: unknown): Combination[] {
  if (!matrix || typeof matrix !== 'object' || Array.isArray(matrix)) throw new MatrixError(`Job '${jobId}': the matrix must be a mapping of vectors`);
  const { include, exclude, ...vectors } = matrix as Record<string, unknown>;
  const includes = asList(jobId, 'include', include);
  const excludes = asList(jobId, 'exclude', exclude);
  const keys = Object.keys(vectors);
  for (const key of keys) {
    const values = vectors[key];
    if (!Array.isArray(values)) throw new MatrixError(`Job '${jobId}': matrix vector '${key}' must be a sequence`);
    // GitHub refuses an empty vector rather than running no job (a workflow guards with `if`).
    if (!values.length) throw new MatrixError(`Matrix vector '${key}' does not contain any values`);
  }
  if (!keys.length && !includes.length) throw new MatrixError(`Job '${jobId}': the matrix must define at least one vector`);

  let combos: Combination[] = keys.length ? [{}] : [];
  for (const key of keys) combos = combos.flatMap((c) => (vectors[key] as unknown[]).map((v) => ({ ...c, [key]: v })));
  combos = combos.filter((c) => !excludes.some((e) => Object.entries(e).every(([k, v]) => isDeepStrictEqual(c[k], v))));

  // An include entry extends every combination whose original values it does not change (added
  // values may be overwritten); when it fits none, it becomes a combination of its own.
  const original = combos.map((c) => ({ ...c }));
  for (const entry of includes) {
    let fitted = false;
    original.forEach((base, i) => {
      const fits = Object.entries(entry).every(([k, v]) => !keys.includes(k) || isDeepStrictEqual(base[k], v));
      if (!fits) return;
      combos[i] = { ...combos[i], ...entry };
      fitted = true;
    });
    if (!fitted) combos.push({ ...entry });
  }
  if (combos.length > MATRIX_JOB_LIMIT) {
    throw new MatrixError(`Strategy produced more than ${MATRIX_JOB_LIMIT} jobs: job '${jobId}' expands to ${combos.length} configurations`);
  }
  return combos;
}

function asList(jobId: string, key: string, value: unknown): Combination[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => !v || typeof v !== 'object' || Array.isArray(v))) {
    throw new MatrixError(`Job '${jobId}': matrix ${key} must be a sequence of mappings`);
  }
  return value as Combination[];
}

/** `build (ubuntu, 24)`: how GitHub names a combination when the job has no `name`. */
export function describeCombination(jobName: string, combination: Combination | undefined): string {
  if (!combination) return jobName;
  const values = Object.values(combination).map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)));
  return `${jobName} (${values.join(', ')})`;
}
