// A real browser for page tests: Debian's chromium driven by playwright-core. Every request a page
// makes is routed: `file:` loads, anything else is aborted and recorded, so a test can fail on a
// page that reaches for the network. Console errors and uncaught exceptions are recorded too.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** `.ci/run` installs Debian's chromium here; TENANTOPS_CHROMIUM points elsewhere. */
export const CHROMIUM_PATH = process.env.TENANTOPS_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser cannot run, or undefined when it can. */
export function missingBrowser(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `chromium not found at ${CHROMIUM_PATH} (install Debian's chromium, or set TENANTOPS_CHROMIUM)`;
}

export function launchBrowser(): Promise<Browser> {
  // Chromium refuses to start its sandbox as root (containers, CI images).
  const root = process.getuid?.() === 0;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: root ? ['--no-sandbox'] : [] });
}

export interface StrictPage {
  page: Page;
  context: BrowserContext;
  /** Requests that were not `file:` (aborted), console errors, page errors: empty when all is well. */
  problems: string[];
}

/** A fresh context (axe needs one of its own) and page that allow nothing but `file:`. */
export async function openStrictPage(browser: Browser): Promise<StrictPage> {
  const context = await browser.newContext();
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    problems.push(`request to ${url} (only file: is allowed)`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { page, context, problems };
}
