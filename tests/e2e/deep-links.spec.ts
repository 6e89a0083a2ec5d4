import { test, expect, BASE, BUILD } from './fixtures';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// The build served by a plain static server (path → file, directory → index.html, else
// 404: tests/helpers/static-server.ts), as nginx or an object store would: a shared link
// or a reload of any route must load, with or without its trailing slash.
const DEEP = [
  'docs/overview/',
  'docs/reference/scripts/load/',
  'reports/load/2026-11-28T06-25-17Z-local/',
  'reports/',
];

test('every route is a directory with an index.html (no route.html a plain host would not find)', () => {
  for (const p of DEEP) expect(existsSync(join(BUILD, p, 'index.html')), p).toBe(true);
  expect(existsSync(join(BUILD, 'docs/overview.html'))).toBe(false);
});

for (const p of DEEP) {
  test(`a deep link to /${p} loads from the plain static server, with and without its slash`, async ({
    page,
    request,
    baseURL,
  }) => {
    const bare = p.replace(/\/$/, '');
    const moved = await request.get(bare, { maxRedirects: 0 });
    expect(moved.status(), 'the slash-less form is redirected, as nginx does').toBe(301);
    expect(moved.headers().location).toBe(`${BASE}${p}`);
    for (const link of [p, bare]) {
      const res = await page.goto(link);
      expect(res?.status(), link).toBe(200);
      expect(new URL(page.url()).pathname).toBe(`${BASE}${p}`);
      await page.locator('html[data-has-hydrated="true"]').waitFor({ state: 'attached' });
      await expect(page.locator('h1').first()).toBeVisible();
      await expect(page.locator('h1').first()).not.toContainText('Page Not Found');
    }
    // A reload: the case that 404'd when the build wrote docs/overview.html.
    await page.reload();
    await expect(page.locator('h1').first()).toBeVisible();
    expect(baseURL).toBeTruthy();
  });
}

test('an unknown route is a 404 with the site’s not-found page, and no .html fallback exists', async ({
  page,
  request,
  consoleErrors,
}) => {
  expect((await request.get('docs/overview.html')).status()).toBe(404);
  const res = await page.goto('docs/no-such-page/');
  expect(res?.status()).toBe(404);
  await expect(page.locator('h1').first()).toContainText('Page Not Found');
  // The browser logs the 404 itself; that one is expected here and only here.
  const expected = consoleErrors.splice(0).filter((e) => !/status of 404/.test(e));
  expect(expected).toEqual([]);
});
