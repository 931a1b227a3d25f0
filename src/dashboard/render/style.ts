// The one stylesheet, inlined into every page. Colours keep WCAG AA contrast (4.5:1 for text) on
// white; a status is always written out, never told by colour alone.
export const CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --line: #d0d7de; --head: #f3f5f8; --accent: #0a4fa3; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
header { padding: 16px 24px 8px; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: var(--muted); }
main { padding: 16px 24px 32px; }
h2 { font-size: 17px; margin: 24px 0 8px; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus { outline: 2px solid var(--accent); outline-offset: 2px; }
.chart-alone { max-width: 480px; margin-bottom: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figure p { margin: 4px 0 0; color: var(--muted); }
svg text { fill: var(--ink); font-size: 12px; }
.controls { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.controls input, .controls select { font: inherit; padding: 4px 6px; border: 1px solid #6e7781; border-radius: 4px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
thead th { background: var(--head); position: sticky; top: 0; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: var(--ink); }
th button::after { content: " ↕"; color: var(--muted); }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.small { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; border: 1px solid; }
.s-live, .ok { color: #0f5323; background: #dafbe1; border-color: #2da44e; }
.s-provisioned { color: #0a3069; background: #ddf4ff; border-color: #54aeff; }
.s-pending { color: #4d2d00; background: #fff8c5; border-color: #d4a72c; }
.s-failed, .fail { color: #82071e; background: #ffebe9; border-color: #ff8182; }
.s-suspended, .s-decommissioned, .s-other { color: #24292f; background: #eaeef2; border-color: #8c959f; }
ul.checks { list-style: none; padding: 0; }
ul.checks li { margin: 6px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
