// The pieces every page shares: escaping (every value from the registry goes through `esc`), the
// page shell with a Content-Security-Policy that forbids loading anything at all, and the small
// formatters that turn an absent value into "—".
import { createHash } from 'node:crypto';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export const NONE = '—';

/** `2026-12-05 13:04 UTC`, or "—". */
export function formatTime(iso: string | undefined): string {
  if (!iso) return NONE;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? esc(iso) : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function text(value: string | number | undefined | null): string {
  return value === undefined || value === null || value === '' ? NONE : esc(value);
}

/** A link whose text and href are both escaped; "—" without a URL. */
export function link(url: string | undefined, label: string): string {
  return url ? `<a href="${esc(url)}">${esc(label)}</a>` : NONE;
}

export interface PageOptions {
  title: string;
  body: string;
  css: string;
  script?: string;
}

// Hash-pinned inline style and script, nothing else: the page needs no server and the browser
// refuses any request it would make (images, fonts, fetch), even one injected by bad data.
export function renderPage(p: PageOptions): string {
  const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
  const csp = [`default-src 'none'`, `style-src ${hash(p.css)}`, p.script ? `script-src ${hash(p.script)}` : `script-src 'none'`, `img-src data:`, `base-uri 'none'`, `form-action 'none'`].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(p.title)}</title>
<style>${p.css}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${p.body}
${p.script ? `<script>${p.script}</script>` : ''}
</body>
</html>
`;
}
