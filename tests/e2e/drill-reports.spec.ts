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

/** The unit of each cell of a table's columns (ms, s, min; "–" for none), column by column. */
const columnUnits = (page: Page, table: string, first: number, last: number) =>
  page.locator(table).evaluate(
    (t, [a, b]) =>
      Array.from({ length: b! - a! + 1 }, (_, k) =>
        Array.from(t.querySelectorAll('tbody tr')).map((tr) => {
          const text = tr.children[a! + k]?.textContent ?? '';
          return /^[\d.,]+ (ms|s|min)$/.exec(text)?.[1] ?? (text === '–' ? '–' : `unreadable: ${text}`);
        }),
      ),
    [first, last],
  );

test('the drill index: time to mitigate per scenario, each time column in one unit, and no trend of isolated points', async ({
  page,
}) => {
  await open(page, 'reports/drill/');
  const rows = page.locator('tr[data-scenario]');
  await expect(rows).toHaveCount(9);
  await expect(rows.filter({ hasText: 'openai-outage' })).toContainText(/\d+(\.\d+)? (ms|s|min)/);
  // H13: "3,101 ms" beside "15.6 s" in one column: every column of times reads in one unit.
  const units = [
    ...(await columnUnits(page, '#scenarios + div table', 3, 4)),
    ...(await columnUnits(page, '#runs + div table', 4, 5)),
  ];
  expect(units.length).toBe(4);
  for (const col of units) {
    const used = new Set(col.filter((u) => u !== '–'));
    expect(
      [...used].filter((u) => u.startsWith('unreadable')),
      'every cell is a time or "–"',
    ).toEqual([]);
    expect(used.size, `one unit per column: ${col.join(', ')}`).toBe(1);
  }
  // The scenario table's two columns are the same quantity: one unit for both.
  expect(new Set([...units[0]!, ...units[1]!].filter((u) => u !== '–')).size).toBe(1);
  // The committed drills have no scenario run twice under the same conditions: no chart of
  // one dot per workload, the runs table instead.
  await expect(page.locator('[data-chart^="Trend:"]')).toHaveCount(0);
  await expect(page.locator('[data-trend="none"]')).toContainText('no workload has two runs');
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
