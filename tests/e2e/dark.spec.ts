import { test, expect, open } from './fixtures';
import { seriousViolations } from './browser';
import { committedReport, reportPaths } from './reports';

// Dark mode (the dark project): the report palette switches with the theme, and a report
// page's screenshot is kept as an artifact under test-results/<test>/. Axe in dark mode runs on every page in walk.spec.ts.
test('a report page in dark mode uses the dark chart palette', async ({ page }, info) => {
  await open(page, 'reports/benchmark/');
  const first = page.locator('tbody tr a[href*="/reports/benchmark/"]').first();
  await first.click();
  await page.locator('[data-chart] svg path.recharts-curve').first().waitFor({ state: 'attached' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const stroke = await page.evaluate(() =>
    getComputedStyle(document.querySelector('main')!).getPropertyValue('--rpt-1').trim(),
  );
  expect(stroke).toBe('#7cb4ff');
  const shot = info.outputPath('benchmark-report-dark.png');
  await page.screenshot({ path: shot, fullPage: true });
  info.annotations.push({ type: 'screenshot', description: shot });
});

// The walk scans one load report in dark mode, the imported one, which has no percentile
// chart: this scans a page that draws one.
test('the load report percentile chart in dark mode: dark palette, no serious axe violation', async ({
  page,
}, info) => {
  const path = reportPaths('load').find((p) => !committedReport(p).engine)!;
  await open(page, path);
  const section = page.locator('section[data-percentiles="drawn"]');
  const first = section.locator('[data-chart] svg path.recharts-curve').first();
  await first.waitFor({ state: 'attached' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await first.evaluate((e) => getComputedStyle(e).stroke)).toBe('rgb(124, 180, 255)');
  expect(await seriousViolations(page, 'main')).toEqual([]);
  const shot = info.outputPath('load-percentiles-dark.png');
  await section.screenshot({ path: shot, style: '.navbar { display: none !important; }' });
  info.annotations.push({ type: 'screenshot', description: shot });
});
