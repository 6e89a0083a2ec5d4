import type { Page } from '@playwright/test';
import { test, expect, open } from './fixtures';
import { reportPaths } from './reports';

// Drill reports and post-incident reviews as pages (their basics ride the page walk):
// the drill index's time to mitigate per scenario, a drill's times and timeline, a review's
// durations, timeline, commands and action items.

const inOrder = async (page: Page) => {
  const times = await page
    .locator('#timeline ~ div table time')
    .evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime') ?? '')));
  expect(times.length).toBeGreaterThanOrEqual(3);
  expect(times).toEqual([...times].sort((a, b) => a - b));
};

test('the drill index: time to mitigate per scenario, with a trend', async ({ page }) => {
  await open(page, 'reports/drill/');
  const rows = page.locator('tr[data-scenario]');
  await expect(rows).toHaveCount(9);
  await expect(rows.filter({ hasText: 'openai-outage' })).toContainText(/\d+(\.\d+)? (ms|s)/);
  await expect(page.locator('[data-chart^="Trend: time to mitigate"]')).toHaveCount(1);
});

test("a drill report: the responder's times against the targets, the alert, the remedy and the timeline in order", async ({
  page,
}) => {
  const path = reportPaths('drill').find((p) => p.includes('bad-release'))!;
  await open(page, path);
  await expect(page.locator('h1')).toHaveText(/^Incident drill of /);
  await expect(page.locator('[data-stat="time to diagnose"]')).toContainText('target 15 min: met');
  await expect(page.locator('#remedy ~ p').first()).toContainText('rolled back to release good');
  await expect(page.locator('#diagnosis ~ p').first()).toContainText('smoke');
  await inOrder(page);
  await expect(page.locator('tr[data-timeline="alert"]')).toHaveCount(1);
});

test('a post-incident review: summary, durations against the targets, the timeline, the commands that ran, the action items', async ({
  page,
}) => {
  const [path] = reportPaths('incident');
  await open(page, path!);
  await expect(page.locator('h1')).toHaveText(/^Post-incident review of /);
  await expect(page.locator('#summary ~ p').first()).toContainText('Supabase');
  await expect(page.locator('[data-stat="time to resolve"]')).toContainText(/target 4 h|target 14,400 s|met/);
  await inOrder(page);
  await expect(page.locator('#commands ~ div table tbody tr').first()).toBeVisible();
  await expect(page.locator('#actions ~ div table')).toContainText('A1');
  await expect(page.locator('[data-drill-incident]')).toHaveCount(0);
});
