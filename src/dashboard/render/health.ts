// How drift and refreshes read, one wording for the fleet table, the charts and the tenant page:
// "in sync (checked …)", "drifted: n resource(s)", "never checked"; a refresh's state, end and
// duration; a refresh's bar coloured by its state.
import type { DriftView, RefreshView } from '../model.ts';
import { COLORS, type Bar } from './charts.ts';
import { esc, formatTime, NONE } from './html.ts';

/** Plain words (HTML-escaped) for the drift of a tenant. */
export function driftSummary(drift: DriftView | undefined): string {
  if (!drift) return 'never checked';
  if (drift.resources.length === 0) return `in sync (checked ${formatTime(drift.checkedAt)})`;
  return `drifted: ${drift.resources.length} resource(s)`;
}

/** The table's cell: the summary, and when it was checked on a second, smaller line (the text reads the same). */
export function driftCell(drift: DriftView | undefined, pageHref: string): string {
  if (!drift) return driftSummary(drift);
  const checked = `<span class="small">(checked ${formatTime(drift.checkedAt)})</span>`;
  if (drift.resources.length === 0) return `in sync <br>${checked}`;
  return `<a href="${esc(pageHref)}#drift">${driftSummary(drift)}</a> <br>${checked}`;
}

/** How many resources drifted (0: in sync); never checked sorts last either way, as "—" does. */
export function driftSortKey(drift: DriftView | undefined): number | string {
  return drift ? drift.resources.length : '';
}

/** `42 s`, `3 min 04 s`, `1 h 02 min`, or "—". */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return NONE;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** `Completed, 2026-12-05 05:12 UTC, 3 min 04 s`. */
export function refreshSummary(refresh: RefreshView | undefined): string {
  if (!refresh) return NONE;
  return [esc(refresh.state), formatTime(refresh.at), ...(refresh.durationSeconds === undefined ? [] : [formatDuration(refresh.durationSeconds)])].join(', ');
}

/** One bar of a refresh-durations chart: its duration in seconds, coloured and named by its state. */
export function refreshBar(label: string, refresh: RefreshView): Bar {
  const color = refresh.state === 'Completed' ? COLORS.green : refresh.state === 'Failed' ? COLORS.red : COLORS.grey;
  return { label, segments: [{ label: refresh.state, value: Math.round(refresh.durationSeconds ?? 0), color }] };
}
