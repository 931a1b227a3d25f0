// Small wording helpers shared by the renderers and the safety messages, so a value or an
// action reads the same in a PR comment, a log line and a refusal.

import { canonicalJson } from './hash.ts';
import type { ChangeAction } from './types.ts';

/** A value as compact JSON, cut to `max` characters; `(none)` for an absent value. */
export function formatValue(value: unknown, max = 60): string {
  if (value === undefined) return '(none)';
  const text = canonicalJson(value);
  return text.length <= max ? text : text.slice(0, Math.max(1, max - 1)) + '…';
}

export const ACTION_SYMBOL: Record<ChangeAction, string> = {
  create: '+',
  update: '~',
  replace: '±',
  delete: '-',
};

/** "to create", "to change"...: how plan summaries phrase an action. */
export const ACTION_PHRASE: Record<ChangeAction, string> = {
  create: 'to create',
  update: 'to change',
  replace: 'to replace',
  delete: 'to delete',
};

export const ACTIONS: readonly ChangeAction[] = ['create', 'update', 'replace', 'delete'];
