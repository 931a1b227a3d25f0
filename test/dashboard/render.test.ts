// The renderers alone: pure functions of the view model.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderDashboard, type DashboardModel, type TenantPage } from '../../src/dashboard/index.ts';

const bare: TenantPage = {
  row: { code: 'bare-tenant', name: 'Bare', status: 'pending', lifecycle: 'active', isolation: 'schema', cluster: 'main', reports: { deployed: 0 } },
  links: {},
  refreshes: [],
  timeline: [],
  audit: [],
  superUsers: [],
  modules: [],
};
const model: DashboardModel = { generatedAt: '2026-12-05T12:00:00.000Z', source: 'test', fleet: [bare.row], tenants: [bare] };

describe('the dashboard renderers', () => {
  const files = renderDashboard(model).files;

  it('write an index and one page per tenant', () => {
    expect([...files.keys()]).toEqual(['index.html', 'tenants/bare-tenant.html']);
  });

  it('show what is not recorded as "—"', () => {
    const row = /<tr data-status="pending">(.*?)<\/tr>/s.exec(files.get('index.html')!)![1];
    const cells = [...row.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1].replace(/<[^>]+>/g, ''));
    expect(cells.slice(3)).toEqual(['—', '0 ÷ —', '—', '— ÷ —', '—', 'never checked', '—', '—']);
    expect(files.get('tenants/bare-tenant.html')).toContain('Not verified for this site');
  });

  it('say whether a tenant is in sync, drifted (listing what) or never checked, and how long its refreshes took', () => {
    const synced: TenantPage = { ...bare, row: { ...bare.row, code: 'synced-tenant', drift: { checkedAt: '2026-12-05T05:17:00.000Z', resources: [] } } };
    const drifted: TenantPage = {
      ...bare,
      row: { ...bare.row, code: 'drifted-tenant', drift: { checkedAt: '2026-12-05T05:17:00.000Z', resources: ['dns/record', 'powerbi/report/<Tutor>'], runUrl: 'https://github.com/o/r/actions/runs/7' }, refresh: { state: 'Failed', at: '2026-12-05T05:02:00.000Z', durationSeconds: 120 } },
      refreshes: [
        { state: 'Failed', startedAt: '2026-12-05T05:00:00.000Z', at: '2026-12-05T05:02:00.000Z', durationSeconds: 120 },
        { state: 'Completed', startedAt: '2026-12-04T05:00:00.000Z', at: '2026-12-04T05:00:42.000Z', durationSeconds: 42 },
      ],
    };
    const site = renderDashboard({ ...model, fleet: [bare.row, synced.row, drifted.row], tenants: [bare, synced, drifted] }).files;
    const index = site.get('index.html')!;
    expect(index).toContain('in sync <br><span class="small">(checked 2026-12-05 05:17 UTC)</span>');
    expect(index).toContain('<a href="tenants/drifted-tenant.html#drift">drifted: 2 resource(s)</a> <br><span class="small">(checked 2026-12-05 05:17 UTC)</span>');
    expect(index).toContain('2026-12-05 05:02 UTC · 2 min 00 s');
    // The fleet's chart: one bar per tenant with a duration, named by its state.
    expect(/<figure id="chart-refresh">.*?<\/figure>/s.exec(index)![0]).toContain('<desc id="chart-refresh-desc">drifted-tenant: 120 Failed</desc>');
    const page = site.get('tenants/drifted-tenant.html')!;
    expect(page).toContain('<li><code>dns/record</code></li><li><code>powerbi/report/&lt;Tutor&gt;</code></li>');
    expect(page).toContain('Failed, 2026-12-05 05:02 UTC, 2 min 00 s');
    expect(page).toContain('<desc id="chart-tenant-refresh-desc">2026-12-04 05:00: 42 Completed; 2026-12-05 05:00: 120 Failed</desc>');
    expect(site.get('tenants/synced-tenant.html')).toContain('<p>In sync. Checked 2026-12-05 05:17 UTC.</p>');
    expect(site.get('tenants/bare-tenant.html')).toContain('Never checked');
  });

  it('allow only their own hash-pinned style and script, and no request of any kind', () => {
    for (const html of files.values()) {
      const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1].replaceAll('&#39;', "'");
      expect(csp).toMatch(/^default-src 'none'; /);
      const style = /<style>(.*?)<\/style>/s.exec(html)![1];
      expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
      const script = /<script>(.*?)<\/script>/s.exec(html)?.[1];
      expect(csp).toContain(script ? `script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'` : "script-src 'none'");
      expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\/[^"]*\.(js|css|woff2?|png|svg)"/);
    }
  });

  it('escape every value', () => {
    const evil: TenantPage = { ...bare, row: { ...bare.row, code: 'evil-tenant', name: '<img src=x onerror=alert(1)>', cluster: '"><b>' } };
    const html = [...renderDashboard({ ...model, fleet: [evil.row], tenants: [evil] }).files.values()].join('');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('"><b>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
