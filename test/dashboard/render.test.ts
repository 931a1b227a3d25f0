// The renderers alone: pure functions of the view model.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderDashboard, type DashboardModel, type TenantPage } from '../../src/dashboard/index.ts';

const bare: TenantPage = {
  row: { code: 'bare-tenant', name: 'Bare', status: 'pending', lifecycle: 'active', isolation: 'schema', cluster: 'main', reports: { deployed: 0 } },
  links: {},
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
    expect(cells.slice(3)).toEqual(['—', '0 ÷ —', '—', '— ÷ —', '—', '—', '—', '—']);
    expect(files.get('tenants/bare-tenant.html')).toContain('Not verified for this site');
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
