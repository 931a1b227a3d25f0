// Inline SVG bar charts, drawn from counts the caller already made. Each is an image with a title
// and a description that says in words what the bars show, so a screen reader gets the same.
import { esc } from './html.ts';

export interface Segment {
  label: string;
  value: number;
  /** A fill with at least 3:1 contrast on white. */
  color: string;
}

export interface Bar {
  label: string;
  segments: Segment[];
}

export interface ChartSpec {
  id: string;
  title: string;
  bars: Bar[];
  /** `tenants`, `seconds`. */
  unit: string;
  /** Shown instead of an empty chart. */
  empty: string;
}

const WIDTH = 420;
const LABEL = 150;
const ROW = 26;
const BAR = 18;

export const COLORS = { blue: '#0969da', green: '#1a7f37', red: '#cf222e', grey: '#6e7781', amber: '#9a6700', purple: '#8250df' } as const;

export function renderBarChart(spec: ChartSpec): string {
  const total = (b: Bar) => b.segments.reduce((n, s) => n + s.value, 0);
  const bars = spec.bars.filter((b) => total(b) > 0);
  if (bars.length === 0) return figure(spec, `<p>${esc(spec.empty)}</p>`);
  const max = Math.max(...bars.map(total));
  const span = WIDTH - LABEL - 40;
  const height = bars.length * ROW + 8;
  const rows = bars.map((b, i) => {
    const y = 4 + i * ROW;
    let x = LABEL;
    const rects = b.segments.filter((s) => s.value > 0).map((s) => {
      const w = Math.max(2, (s.value / max) * span);
      const r = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" fill="${s.color}"><title>${esc(`${b.label}: ${s.value} ${s.label}`)}</title></rect>`;
      x += w;
      return r;
    });
    return `<text x="${LABEL - 6}" y="${y + 13}" text-anchor="end">${esc(clip(b.label))}</text>${rects.join('')}<text x="${(x + 4).toFixed(1)}" y="${y + 13}">${formatNumber(total(b))}</text>`;
  });
  const description = bars.map((b) => `${b.label}: ${describe(b, spec.unit)}`).join('; ');
  const legend = legendOf(bars);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${WIDTH} ${height}" width="100%" aria-labelledby="${spec.id}-title ${spec.id}-desc">
<title id="${spec.id}-title">${esc(spec.title)}</title><desc id="${spec.id}-desc">${esc(description)}</desc>
${rows.join('\n')}
</svg>`;
  return figure(spec, svg + (legend ? `<p>${legend}</p>` : ''));
}

function figure(spec: ChartSpec, inner: string): string {
  return `<figure id="${spec.id}"><figcaption>${esc(spec.title)}</figcaption>${inner}</figure>`;
}

function describe(b: Bar, unit: string): string {
  const parts = b.segments.filter((s) => s.value > 0);
  if (parts.length === 1 && !parts[0].label) return `${formatNumber(parts[0].value)} ${unit}`;
  return parts.map((s) => `${formatNumber(s.value)} ${s.label}`).join(', ');
}

// A legend only when segments carry names; the swatch is decorative, the words carry the meaning.
function legendOf(bars: Bar[]): string {
  const seen = new Map<string, string>();
  for (const b of bars) for (const s of b.segments) if (s.label && !seen.has(s.label)) seen.set(s.label, s.color);
  if (seen.size < 2) return '';
  return [...seen].map(([label, color]) => `<svg aria-hidden="true" width="10" height="10"><rect width="10" height="10" fill="${color}"/></svg> ${esc(label)}`).join(' &nbsp; ');
}

function clip(label: string): string {
  return label.length > 20 ? `${label.slice(0, 19)}…` : label;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
