// The plan as the markdown a reviewer reads in a pull request (sticky comment, job summary): per
// tenant what is created, changed, replaced and deleted with field-level before → after, unsafe
// changes called out, and long runs of one kind collapsed so 42 cloned reports fit on a screen.

import { ACTION_PHRASE, ACTION_SYMBOL, formatValue } from './format.ts';
import { shortHash } from './hash.ts';
import type { Plan, PlannedChange, TenantPlan } from './model.ts';
import { lines, printed } from './printed.ts';
import { renderChunks, viewOfPlan, type PlanRendering } from './stream.ts';
import { formatCounts, sumCounts } from './render-text.ts';
import type { ChangeAction } from './types.ts';

/** How a kind reads in collapsed summaries, e.g. `{ plural: 'reports', verbs: { create: 'to clone' } }`. */
export interface KindLabel {
  plural: string;
  verbs?: Partial<Record<ChangeAction, string>>;
}

export interface RenderMarkdownOptions {
  /** Labels by kind; the engine knows no kinds, so callers supply the words. */
  labels?: Record<string, KindLabel>;
  /** More than this many changes of one kind and action are collapsed; default 5. */
  collapseAbove?: number;
  /** Longest JSON shown for one before or after value; default 60. */
  maxValueLength?: number;
  /** The flag that overrides unsafe changes, named in the warning; default `--force`. */
  forceFlag?: string;
}

const HEADER = '| | Resource | Kind | Change |\n|---|---|---|---|';

export function renderPlanMarkdown(plan: Plan, options: RenderMarkdownOptions = {}): string {
  return printed(renderChunks(viewOfPlan(plan), markdownRendering(options)));
}

/**
 * The markdown plan as printed, in parts: the header, each changed tenant, then the unchanged
 * ones. Every part's lines end in a newline, so the output is renderPlanMarkdown's string and the
 * newline a printed line ends with.
 */
export function markdownRendering(options: RenderMarkdownOptions = {}): PlanRendering {
  return {
    head(plan) {
      const head: string[] = [`## tenantops plan \`${shortHash(plan.hash)}\``, ''];
      if (plan.offline) head.push('Planned offline, against an empty world: nothing was read.', '');
      const changed = plan.tenants.filter((t) => t.changeCount > 0).length;
      if (changed === 0) head.push('No changes.', '');
      else head.push(`${changed} of ${plan.tenants.length} tenant(s) change: ${formatCounts(sumCounts(plan))}.`, `Plan hash: \`${plan.hash}\``, '');
      return lines(head);
    },
    tenant: (t) => (t.changes.length > 0 ? lines(renderTenant(t, options)) : ''),
    tail(plan) {
      // A plan without changes says so in its header and lists no one.
      if (!plan.tenants.some((t) => t.changeCount > 0)) return '';
      const unchanged = plan.tenants.filter((t) => t.changeCount === 0).map((t) => `\`${t.tenant}\``);
      if (unchanged.length === 0) return '';
      const list = unchanged.join(', ');
      const limit = options.collapseAbove ?? 5;
      return lines([
        unchanged.length > limit
          ? `<details><summary>No changes for ${unchanged.length} tenants</summary>\n\n${list}\n\n</details>`
          : `No changes for ${list}.`,
        '',
      ]);
    },
  };
}

function renderTenant(t: TenantPlan, options: RenderMarkdownOptions): string[] {
  const unchanged = t.counts.noop > 0 ? ` (${t.counts.noop} unchanged)` : '';
  const out = [`### ${escapeText(t.tenant)}: ${formatCounts(t.counts)}${unchanged}`, ''];
  if (t.unsafe.length > 0) {
    out.push('> [!WARNING]', `> Unsafe: applying needs \`${options.forceFlag ?? '--force'}\`.`);
    for (const u of t.unsafe) out.push(`> - ${escapeText(u.message)}`);
    out.push('');
  }
  const unsafeKeys = new Set(t.unsafe.flatMap((u) => (u.key ? [u.key] : [])));
  const groups = new Map<string, PlannedChange[]>();
  for (const c of t.changes) {
    const id = `${c.action} ${c.kind}`;
    const group = groups.get(id);
    if (group) group.push(c);
    else groups.set(id, [c]);
  }
  const limit = options.collapseAbove ?? 5;
  // Unsafe changes are never tucked away in a collapsed group.
  const collapsed = new Set([...groups].filter(([, list]) => list.length > limit && !list.some((c) => unsafeKeys.has(c.key))).map(([id]) => id));
  const row = (c: PlannedChange) => renderRow(c, unsafeKeys.has(c.key), options);
  const open = t.changes.filter((c) => !collapsed.has(`${c.action} ${c.kind}`));
  if (open.length > 0) out.push(HEADER, ...open.map(row), '');
  for (const id of collapsed) {
    const list = groups.get(id)!;
    const summary = describeGroup(list.length, list[0], options.labels);
    out.push(`<details><summary>${escapeText(summary)}</summary>`, '', HEADER, ...list.map(row), '', '</details>', '');
  }
  return out;
}

function describeGroup(n: number, sample: PlannedChange, labels: Record<string, KindLabel> = {}): string {
  const label = labels[sample.kind];
  const verb = label?.verbs?.[sample.action] ?? ACTION_PHRASE[sample.action];
  return label ? `${n} ${label.plural} ${verb}` : `${n} ${sample.kind} resources ${verb}`;
}

function renderRow(c: PlannedChange, unsafe: boolean, options: RenderMarkdownOptions): string {
  const max = options.maxValueLength ?? 60;
  const lines = [escapeText(c.summary)];
  for (const f of c.fields) {
    // A create only has values to be, a delete only values that go: no arrow from or to nothing.
    const value =
      c.action === 'create' ? ` = ${code(formatValue(f.after, max))}`
      : c.action === 'delete' ? ` was ${code(formatValue(f.before, max))}`
      : `: ${code(formatValue(f.before, max))} → ${code(formatValue(f.after, max))}`;
    lines.push(code(f.path) + value + (f.forcesReplacement ? ' **forces replacement**' : ''));
  }
  if (c.destroysData) lines.push(`**destroys data**${c.reason ? `: ${escapeText(c.reason)}` : ''}`);
  const action = `${unsafe ? '⚠️ ' : ''}${ACTION_SYMBOL[c.action]} ${c.action}`;
  return `| ${action} | ${code(c.key)} | ${code(c.kind)} | ${lines.join('<br>')} |`;
}

const NEEDS_ESCAPE = /[&<>|\n]/;
const NEEDS_FENCE = /[\n|`]/;

// Text outside code spans: no HTML from tenant data, no table-breaking pipes or newlines.
function escapeText(text: string): string {
  // Most text has nothing to escape: one scan instead of five replacements (a 10,000-tenant plan
  // renders over a million cells).
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

// A code span that survives any content: a fence longer than any backtick run inside, and pipes
// escaped because GitHub splits table cells on them even inside code.
function code(text: string): string {
  if (!NEEDS_FENCE.test(text)) return `\`${text}\``;
  const flat = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
