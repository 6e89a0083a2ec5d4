import { test, expect, open, pickEnvBeforeLoad, sitePaths } from './fixtures';
import { COLOUR_RULES, seriousViolations } from './browser';
import { commandProblems } from './layout';
import { confirmWrittenBySource } from './sources';
import { chartsDrawn, reportPageBasics, reportPaths } from './reports';

// Every built page on desktop, and a representative set of them in the other views, each
// with the check that project adds:
//  - desktop, every page: production picked (the environment the old picker added
//    --confirm-production for): no command carries the flag unless its source wrote it; no
//    serious axe violation (pages that share a template with data: one of each); docs pages
//    show their last-updated date; no emoji; report pages put the verdict first, draw their
//    charts and carry their badges and workload;
//  - dark, the representative set: nothing picked (the env notice shows): no serious axe
//    violation of the rules that depend on colour (the others read structure, the same in
//    both schemes, and the desktop walk scans it on the same pages);
//  - mobile (390 px), the representative set, production picked (the longest commands): no
//    command broken inside a word, no page wider than the screen.
// The representative set is one page of each layout: the home page, each kind of doc (the
// procedures, the incident pages, a reference page), the reports index, a kind's index with
// its trend, and the newest report of each kind. The others share a layout with one of them
// and are tagged @desktop-only (playwright.config.ts keeps them out of mobile and dark).
// One test per page, so a failure names its page and pages run in parallel.
const paths = sitePaths();
const written = confirmWrittenBySource();
// Pages that share one template with data: axe one of each (the health script's
// reference, the newest report of each kind), walk all.
const newest = (kind: string) =>
  paths
    .filter((p) => p.startsWith(`reports/${kind}/`) && p !== `reports/${kind}/`)
    .sort()
    .at(-1);
const axeOnce = new Set([
  'docs/reference/scripts/health/',
  ...['scorecard', 'load', 'stress', 'benchmark', 'cost', 'drill', 'incident', 'monitor'].map(newest),
]);
const axeSkip = (p: string) =>
  /^docs\/reference\/scripts\/|^reports\/\w+\/.+/.test(p) ? !axeOnce.has(p) : false;
const representative = new Set([
  '',
  'docs/overview/',
  'docs/incident-now/',
  'docs/incident-response-playbook/',
  'docs/deployment-runbook/',
  'docs/onboarding/',
  'docs/running-at-scale/',
  'docs/reference/config/',
  'reports/',
  'reports/drill/',
  ...axeOnce,
]);
// Pages scanned whole, navigation and footer included; the others are scanned in <main>.
const whole = new Set([
  '',
  'docs/overview/',
  'docs/incident-response-playbook/',
  'docs/incident-now/',
  'reports/',
]);

test('the build has the whole handbook', () => {
  expect(paths, 'build/sitemap.xml lists the pages (run `npx docusaurus build`)').toContain(
    'docs/incident-response-playbook/',
  );
  expect(paths.length).toBeGreaterThanOrEqual(20);
  for (const r of reportPaths()) expect(paths, 'a page per committed report').toContain(r);
  for (const p of paths.filter((x) => x.startsWith('docs/')))
    expect(written.has(p), `${p} maps to its MDX source`).toBe(true);
});

test('the axe check finds what it looks for: a low-contrast text and an image without alt', async ({
  page,
}) => {
  await open(page, 'docs/overview/');
  await page.locator('main').evaluate((main) => {
    const p = document.createElement('p');
    p.textContent = 'barely visible';
    p.style.cssText = 'color:#bbb;background:#fff';
    const img = document.createElement('img');
    img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    main.append(p, img);
  });
  const found = await seriousViolations(page, 'main');
  expect(found.map((v) => v.split(':')[0])).toEqual(expect.arrayContaining(['color-contrast', 'image-alt']));
});

test('the representative set is built', () => {
  for (const p of representative) expect(paths, 'a page the mobile and dark views walk').toContain(p);
});

for (const path of paths) {
  test(`page /${path}${representative.has(path) ? '' : ' @desktop-only'}`, async ({ page }, info) => {
    const project = info.project.name;
    if (project !== 'dark') await pickEnvBeforeLoad(page, 'production');
    await open(page, path);
    await expect(page.locator('h1').first()).toBeVisible();
    // Charts measure their box on the client: every chart has drawn data marks before anything is checked.
    // A kind's index draws a trend only where a workload has two runs; otherwise it says so.
    if (/^reports\/\w+\/.+/.test(path)) expect(await chartsDrawn(page), 'charts').toBeGreaterThanOrEqual(1);
    else if (/^reports\/\w+\/$/.test(path))
      expect(
        (await chartsDrawn(page)) + (await page.locator('[data-trend="none"]').count()),
        'a trend or its note',
      ).toBeGreaterThanOrEqual(1);
    if (project === 'desktop' && /^reports\/\w+\/.+/.test(path)) await reportPageBasics(page);
    // Flag tables (generated reference): no flag, type or default broken across lines, at any width.
    const brokenCodes = await page
      .locator('.flag-table code')
      .evaluateAll((els) => els.filter((e) => e.getClientRects().length > 1).map((e) => e.textContent));
    expect(brokenCodes, 'flag table entries broken across lines').toEqual([]);
    if (project === 'mobile') {
      expect(await commandProblems(page)).toEqual([]);
      return;
    }
    if (project === 'desktop') {
      const commands = await page
        .locator(
          'figure[data-run-script] code[data-command], [data-verify-command], pre code, [data-template]',
        )
        .allTextContents();
      const carrying = commands.filter((c) => c.includes('--confirm-production'));
      expect(
        carrying.length,
        `commands on /${path} carrying --confirm-production: ${carrying.join(' | ')}`,
      ).toBeLessThanOrEqual(written.get(path) ?? 0);
      if (path.startsWith('docs/'))
        await expect(page.locator('.theme-last-updated time')).toHaveAttribute(
          'datetime',
          /^\d{4}-\d\d-\d\dT/,
        );
      // Pictographic emoji render as empty boxes in a Chromium without an emoji font (a stock Linux one).
      expect(
        await page.locator('body').innerText(),
        'no emoji (empty boxes in a stock Chromium)',
      ).not.toMatch(/[\u{1F000}-\u{1FAFF}]/u);
    }
    if (!axeSkip(path))
      expect(
        await seriousViolations(
          page,
          whole.has(path) ? 'page' : 'main',
          project === 'dark' ? COLOUR_RULES : undefined,
        ),
        `/${path} in ${project}`,
      ).toEqual([]);
  });
}
