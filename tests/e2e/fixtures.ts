import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { ROOT } from '../helpers/root';

export { expect };

/** The base URL the site was built for (HANDBOOK_BASE_URL), with its trailing slash. */
export const BASE = (process.env.HANDBOOK_BASE_URL ?? '/').replace(/\/?$/, '/');
export const BUILD = join(ROOT, 'build');

/**
 * Every page of the build, from its sitemap, as paths relative to the base URL ("" is the
 * home page, "docs/overview/" a doc). Read when the test files load, so each page can be a
 * test of its own; an empty list fails the walk rather than passing it.
 */
export function sitePaths(): string[] {
  const sitemap = join(BUILD, 'sitemap.xml');
  if (!existsSync(sitemap)) return [];
  const xml = readFileSync(sitemap, 'utf8');
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)]
    .map((m) => new URL(m[1]!).pathname.slice(BASE.length))
    .filter((p) => p !== 'search/');
}

/** Opens a path relative to the base URL, expects a 200, and waits for hydration (handlers live, stored env applied). */
export async function open(page: Page, path: string): Promise<void> {
  const res = await page.goto(path.replace(/^\//, ''), { waitUntil: 'load' });
  expect(res?.status(), `${path} is served`).toBe(200);
  await page.locator('html[data-has-hydrated="true"]').waitFor({ state: 'attached' });
}

/** Stores an environment choice as the picker does, before any page script runs. */
export async function pickEnvBeforeLoad(page: Page, env: 'local' | 'staging' | 'production'): Promise<void> {
  await page.addInitScript((e) => window.localStorage.setItem('handbook.env', e), env);
}

interface Fixtures {
  /** Console errors and uncaught exceptions of the test's page; the test fails if any remain at its end. */
  consoleErrors: string[];
}

export const test = base.extend<Fixtures>({
  // Copy buttons are tested by reading the clipboard back.
  context: async ({ context, baseURL }, use) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(baseURL!).origin,
    });
    await use(context);
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      await use(errors);
      expect(errors, 'no console errors or uncaught exceptions').toEqual([]);
    },
    { auto: true },
  ],
});
