// platform.yaml's rollout section beyond its schema: `batch` and `haltAfter` are each a count or a
// percent, a union JSON Schema can only say with anyOf, whose failures read as two unrelated
// messages; one rule gives one finding that names both forms.

import type { Issue } from './issues.ts';

const PERCENT = /^(\d{1,3})%$/;

export function checkRolloutRules(rollout: Record<string, unknown> | undefined): Issue[] {
  if (!rollout) return [];
  const issues: Issue[] = [];
  const check = (key: 'batch' | 'haltAfter', min: number, noun: string) => {
    if (!(key in rollout)) return;
    const value = rollout[key];
    if (isCountOrPercent(value, min)) return;
    const shown = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : `a ${Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value}`;
    issues.push({
      path: ['rollout', key],
      target: 'value',
      message: `rollout.${key} ${shown} is not a count or a percent; allowed: a whole number of ${noun} from ${min}, or a percent from ${min}% to 100% such as 25%`,
    });
  };
  check('batch', 1, 'tenants');
  check('haltAfter', 0, 'failed tenants');
  return issues;
}

function isCountOrPercent(value: unknown, min: number): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= min;
  if (typeof value !== 'string') return false;
  const m = PERCENT.exec(value);
  return !!m && Number(m[1]) >= min && Number(m[1]) <= 100;
}
