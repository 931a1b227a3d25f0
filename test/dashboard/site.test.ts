// The dashboard in a real browser (Debian's chromium through playwright-core), built from a seeded
// registry: nothing but file: is requested, no console errors, every tenant with the status the
// registry holds, sorting and filtering in the page, a tenant's checklist, and no WCAG A/AA
// violation that axe can find. Without chromium it skips, saying so; under CI it fails.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectDashboard, writeDashboard } from '../../src/dashboard/index.ts';
import { listTenants } from '../../src/registry/index.ts';
import { launchBrowser, missingBrowser, openStrictPage, type StrictPage } from '../support/browser.ts';
import { useTestRegistry } from '../support/registry.ts';
import { ACME_CHECKS, FLEET, HOSTILE_NAME, ROLLOUT, seedFleet } from './seed.ts';

const missing = missingBrowser();
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

if (missing && process.env.CI) {
  describe('dashboard in a browser', () => {
    it('has chromium (CI must run the browser tests, not skip them)', () => {
      throw new Error(`${missing}: .ci/run installs Debian's chromium before the tests`);
    });
  });
} else if (missing) {
  describe('dashboard in a browser', () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
} else {
  // Generous: a browser and axe on a shared two-core machine take their time.
  describe('dashboard in a browser', { timeout: 300_000 }, () => {
    const registry = useTestRegistry();
    let browser: Browser;
    let out: string;
    const opened: StrictPage[] = [];

    beforeAll(async () => {
      const inputs = await seedFleet(registry.pool);
      const model = await collectDashboard(registry.pool, { source: 'test', inputs, checks: new Map([['acme-training', ACME_CHECKS]]), rollout: ROLLOUT });
      out = await mkdtemp(path.join(tmpdir(), 'tenantops-dashboard-'));
      await writeDashboard(model, out);
      browser = await launchBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      if (out) await rm(out, { recursive: true, force: true });
    });

    async function open(file: string): Promise<StrictPage> {
      const strict = await openStrictPage(browser);
      strict.page.on('dialog', (d) => {
        strict.problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      await strict.page.goto(pathToFileURL(path.join(out, file)).href);
      opened.push(strict);
      return strict;
    }

    const visibleCodes = (s: StrictPage) => s.page.locator('#fleet tbody tr:visible td:first-child a').allTextContents();

    it('lists every tenant with the status the registry holds, requesting nothing but file:', async () => {
      const s = await open('index.html');
      const rows = await s.page.locator('#fleet tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({ code: tr.querySelector('td a')!.textContent, status: tr.querySelector('.badge')!.textContent })));
      const held = (await listTenants(registry.pool)).map((t) => ({ code: t.code, status: t.status }));
      expect(rows).toEqual(held);
      expect(new Set(held.map((t) => t.status)).size).toBeGreaterThanOrEqual(4);
      expect(await s.page.locator('#fleet tbody tr', { hasText: 'acme-training' }).textContent()).toContain('3 ÷ ');
      expect(s.problems).toEqual([]);
    });

    it('shows a hostile tenant name as text, running nothing', async () => {
      const s = await open('index.html');
      expect(await s.page.locator('#fleet tbody tr', { hasText: 'evil-corp' }).locator('.small').first().textContent()).toBe(HOSTILE_NAME);
      expect(s.problems).toEqual([]);
    });

    it('sorts by a column, toggling aria-sort, with unknown values last', async () => {
      const s = await open('index.html');
      const codes = FLEET.map((t) => t.code).sort();
      expect(await visibleCodes(s)).toEqual(codes);
      const tenantHeader = s.page.locator('#fleet thead th').nth(0);
      await tenantHeader.getByRole('button').click();
      expect(await tenantHeader.getAttribute('aria-sort')).toBe('descending');
      expect(await visibleCodes(s)).toEqual([...codes].reverse());

      const refresh = s.page.locator('#fleet thead th', { hasText: 'Last refresh' });
      await refresh.getByRole('button').click();
      expect(await refresh.getAttribute('aria-sort')).toBe('ascending');
      expect(await tenantHeader.getAttribute('aria-sort')).toBeNull();
      const sorted = await visibleCodes(s);
      expect(sorted.slice(0, 2).sort()).toEqual(['acme-training', 'gamma-skills']);

      // Drift sorts by how many resources differ; never checked comes last.
      const drift = s.page.locator('#fleet thead th', { hasText: 'Drift' });
      await drift.getByRole('button').click();
      expect((await visibleCodes(s)).slice(0, 2)).toEqual(['acme-training', 'gamma-skills']);
      await drift.getByRole('button').click();
      expect((await visibleCodes(s)).slice(0, 2)).toEqual(['gamma-skills', 'acme-training']);
      expect(s.problems).toEqual([]);
    });

    it('filters by text and by status, saying how many remain', async () => {
      const s = await open('index.html');
      await s.page.getByLabel('Filter tenants').fill('gamma');
      expect(await visibleCodes(s)).toEqual(['gamma-skills']);
      expect(await s.page.locator('#count').textContent()).toBe(`1 of ${FLEET.length} tenants shown`);
      await s.page.getByLabel('Filter tenants').fill('');
      await s.page.getByLabel('Status', { exact: true }).selectOption('pending');
      expect(await visibleCodes(s)).toEqual(['delta-learning', 'evil-corp']);
      expect(s.problems).toEqual([]);
    });

    it("shows a tenant's checklist with its evidence, and its links", async () => {
      const s = await open('tenants/acme-training.html');
      const items = await s.page.locator('ul.checks li').allTextContents();
      expect(items).toHaveLength(ACME_CHECKS.length);
      for (const [i, c] of ACME_CHECKS.entries()) expect(items[i]).toContain(`${c.ok ? 'pass' : 'fail'} ${c.id}: ${c.evidence}`);
      expect(await s.page.getByRole('link', { name: 'Open in Power BI' }).getAttribute('href')).toBe('https://app.powerbi.com/groups/ws-acme-0001');
      expect(await s.page.getByRole('link', { name: 'https://acme.tenants.example.com/' }).count()).toBe(1);
      expect(await s.page.locator('text=jo.bloggs@acme.example').count()).toBe(1);
      // A run URL that is not http(s) is never made a link.
      expect(await s.page.locator('a[href^="javascript:"]').count()).toBe(0);
      expect(s.problems).toEqual([]);
    });

    it('has no WCAG 2.1 A or AA violation on either page', async () => {
      for (const file of ['index.html', 'tenants/acme-training.html', 'tenants/gamma-skills.html', 'tenants/evil-corp.html']) {
        const s = await open(file);
        const result = await new AxeBuilder({ page: s.page }).withTags(WCAG).analyze();
        expect(result.violations.map((v) => `${file}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
        expect(s.problems).toEqual([]);
      }
    });

    it('wrote one page per tenant', async () => {
      expect((await readdir(path.join(out, 'tenants'))).sort()).toEqual(FLEET.map((t) => `${t.code}.html`).sort());
      expect(await readFile(path.join(out, 'index.html'), 'utf8')).toContain('Content-Security-Policy');
    });

    afterAll(async () => {
      for (const s of opened) await s.context.close();
    });
  });
}
