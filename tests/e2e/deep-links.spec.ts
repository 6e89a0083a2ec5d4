import { test, expect, BASE, BUILD } from './fixtures';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sectionUrl } from '../../runbooks/lib/sections/index';

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

// H13: alerts, Slack messages and drills print section links (`…/docs/incident-response-playbook/#memory`).
// Opened directly, such a link must land on its section, not at the top of the page: as the
// built site serves it (the HTML holds the page) and as `npm start` serves it (the page is
// rendered in the browser after the HTML is parsed, so the browser's own scroll finds no
// element; simulated here by serving the HTML with an empty root, as the dev server does).
const SECTION_LINK = sectionUrl('memory').replace(/^\//, '');
for (const rendered of ['by the server (the built site)', 'in the browser (npm start)'] as const) {
  test(`a section link opened directly lands on its section, the page rendered ${rendered}`, async ({
    page,
    consoleErrors,
  }) => {
    const [path, anchor] = SECTION_LINK.split('#') as [string, string];
    if (rendered !== 'by the server (the built site)')
      await page.route(`**/${path}`, async (route) => {
        const res = await route.fetch();
        const html = (await res.text()).replace(
          /<div id="?__docusaurus"?>[\s\S]*<\/body>/,
          '<div id=__docusaurus></div></body>',
        );
        expect(html, 'the served page has an empty root').toContain('<div id=__docusaurus></div>');
        await route.fulfill({ response: res, body: html });
      });
    await page.goto(SECTION_LINK, { waitUntil: 'load' });
    const heading = page.locator(`[id="${anchor}"]`);
    await expect(heading).toBeInViewport();
    const top = await heading.evaluate((e) => e.getBoundingClientRect().top);
    expect(top, 'the section heading sits at the top of the view, under the navbar').toBeLessThan(200);
    expect(await page.evaluate(() => window.scrollY), 'the page scrolled to the section').toBeGreaterThan(
      1000,
    );
    // Hydrating an emptied root is a recoverable mismatch React reports; nothing else may be logged.
    const rest = consoleErrors
      .splice(0)
      .filter((e) => !/onRecoverableError: Error: Minified React error #418/.test(e));
    expect(rest).toEqual([]);
  });
}
