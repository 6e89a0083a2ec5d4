import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { serveStatic, type StaticServer } from '../helpers/static-server';
import { ROOT } from '../helpers/run';

/**
 * The Chromium to drive, never one downloaded at test time: $CHROMIUM_PATH, else Debian's
 * /usr/bin/chromium, else the build shipped inside the @sparticuz/chromium npm package
 * (unpacked to /tmp on first use, about 2 s), so `npm install && npm test` needs no
 * manual step on a Linux x64 machine without apt's chromium.
 */
export async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) {
    if (!existsSync(process.env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
    return process.env.CHROMIUM_PATH;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return await packaged.executablePath();
  } catch (e) {
    throw new Error(`No Chromium found: not $CHROMIUM_PATH, not /usr/bin/chromium, and the @sparticuz/chromium package could not provide one (${(e as Error).message}). Install Debian's: apt-get install chromium.`);
  }
}

/** One headless browser per test file, with the flags that keep it quiet and offline. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
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
