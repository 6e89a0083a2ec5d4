import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { serveStatic, type StaticServer } from '../helpers/static-server';
import { ROOT } from '../helpers/run';

/** Debian's Chromium unless CHROMIUM_PATH says otherwise; never a downloaded browser. */
export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(p)) throw new Error(`No Chromium at ${p}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  return p;
}

/** One headless browser per test file, with the flags that keep it quiet and offline. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context (own localStorage) that may use the clipboard, on the served site's origin. */
export async function newContext(browser: Browser, baseUrl: string, opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL: baseUrl, colorScheme: opts.colorScheme ?? 'light' });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl).origin });
  return ctx;
}

/** Serious and critical axe violations (WCAG 2.1 AA tags) on the page, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

export interface BuiltSite {
  readonly server: StaticServer;
  readonly browser: Browser;
  readonly base: string;
}

/**
 * The built site (npm test builds it first; by hand: npx docusaurus build) served on
 * 127.0.0.1 and one browser, set up before the file's tests and closed after them.
 */
export function useBuiltSite(): BuiltSite {
  const build = join(ROOT, 'build');
  const base = process.env.HANDBOOK_BASE_URL ?? '/';
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    assert.ok(existsSync(join(build, 'index.html')), 'build/ is missing: run `npx docusaurus build` first (npm test does).');
    server = await serveStatic(build, base);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
    base,
  };
}
