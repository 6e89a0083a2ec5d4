import { test, expect, open } from './fixtures';
import { KINDS, chartsDrawn, reportPaths } from './reports';

// Each report page's basics (verdict first, charts drawn, badges, workload) are checked
// by the page walk (walk.spec.ts); these are the checks particular to one page or index.

test('a report page for each kind was built from the committed files', () => {
  for (const k of KINDS) expect(reportPaths(k).length, `a committed ${k} report (static/reports/${k}/)`).toBeGreaterThanOrEqual(1);
});

test('the index shows the latest verdict per environment; each kind lists every run with its workload and trend', async ({ page }) => {
  await open(page, 'reports/');
  for (const k of KINDS) await expect(page.locator(`main a[href$="/reports/${k}/"]`)).toHaveCount(1);
  for (const env of ['local', 'staging', 'production']) await expect(page.getByRole('columnheader', { name: `Latest on ${env}` })).toBeVisible();
  await expect(page.locator('td[data-latest="local"]')).toHaveCount(KINDS.length);
  await expect(page.locator('td[data-latest="local"]').first()).toContainText(/PASS|FAIL|INVALID/);
  for (const k of KINDS) {
    await open(page, `reports/${k}/`);
    await expect(page.locator('#runs ~ div tbody tr a[href*="/reports/"]')).toHaveCount(reportPaths(k).length);
    expect(await chartsDrawn(page), `${k} index has a trend chart`).toBeGreaterThanOrEqual(1);
  }
});

test('runs of different workloads are not compared; the load trend leaves known-broken steps out', async ({ page }) => {
  const [five, fifteen] = reportPaths('load');
  await open(page, fifteen!);
  const cmp = page.locator('section[data-comparison]');
  await expect(cmp).toHaveAttribute('data-comparison', 'not-comparable');
  await expect(cmp).toContainText('Not comparable');
  await expect(cmp).toContainText('users: 5 (closed model) → 15 (closed model)');
  await expect(cmp.locator('table')).toHaveCount(0);
  await open(page, five!);
  await expect(page.locator('section[data-comparison]')).toHaveAttribute('data-comparison', 'first');
  // The insights step fails on every call by design: its errors are not in the error figures.
  await expect(page.locator('figure').filter({ hasText: 'Requests, errors and p95 per second' }).locator('figcaption')).toContainText('leave out steps known to be broken (insights)');
  await open(page, 'reports/load/');
  await expect(page.getByRole('columnheader', { name: 'errors (counted steps)' })).toBeVisible();
});

test('time-scaled runs say so where their limits are shown; every threshold has its unit', async ({ page }) => {
  await open(page, reportPaths('load')[1]!);
  await expect(page.locator('[data-time-scaled]').first()).toContainText('Time-scaled run (×20)');
  const routine = page.locator('tr').filter({ hasText: 'step.routine.latency' });
  await expect(routine).toContainText('p(95) < 3,000 ms');
  await expect(routine).toContainText('60 s in real time');
  await expect(routine.locator('td').nth(1)).toHaveText(/ms$/);
  await open(page, reportPaths('stress')[0]!);
  await expect(page.locator('[data-time-scaled]').first()).toContainText('×20');
  await expect(page.locator('figcaption').filter({ hasText: 'p95 in ms of each counted endpoint' })).toContainText('time-scaled ×20');
});

test('the memory-leak benchmark marks its peak card and shows the breach; the cost page shows projection, accounted and error', async ({ page }) => {
  let breach = false;
  for (const p of reportPaths('benchmark')) {
    await open(page, p);
    const text = await page.locator('main').innerText();
    if (!/memory-leak/.test(text)) continue;
    const peak = page.locator('[data-stat^="PEAK of the run"]');
    await expect(peak).toContainText('ALERT breached');
    await expect(page.locator('[data-stat^="during the load (highest reading)"]')).toBeVisible();
    breach = /memory\.peak_mb[\s\S]*fail/.test(text);
  }
  expect(breach, 'a committed benchmark ran with --fault memory-leak and shows the breach').toBe(true);
  await open(page, reportPaths('cost').at(-1)!);
  const text = await page.locator('#validation').locator('xpath=following-sibling::p[1]').innerText();
  expect(text).toMatch(/Projected for the calls made: \$\d/);
  expect(text).toMatch(/the target accounted \$\d/);
  expect(text).toMatch(/Error: -?\d+(\.\d+)? %/);
});
