import type { Page } from '@playwright/test';
import { test, expect, open } from './fixtures';

/** Types into the navbar search and returns the suggestion rows (role=option: heading, then the page's breadcrumb). */
async function search(page: Page, query: string) {
  const input = page.locator('input.navbar__search-input').first();
  await input.click();
  await input.pressSequentially(query, { delay: 20 });
  return page.getByRole('option');
}

test('search finds the playbook’s memory section', async ({ page }) => {
  await open(page, 'docs/overview/');
  const hit = (await search(page, 'memory'))
    .filter({ hasText: /Memory/ })
    .filter({ hasText: 'Incident response playbook' })
    .first();
  await hit.click();
  await page.waitForURL(/incident-response-playbook\/#memory/);
  const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
  const heading = page.locator(`h2[id="${anchor}"], h3[id="${anchor}"]`);
  await expect(heading).toContainText('Memory');
  await expect(heading.locator('a.hash-link')).toHaveCount(1);
});

test('search finds a report page (report pages are in the index)', async ({ page }) => {
  await open(page, 'docs/overview/');
  // "Benchmark of" is said only by the benchmark reports' titles, so the hit is a report page
  // whatever the pages say about memory leaks (a query for "memory-leak" ranked the drills'
  // and the playbook's pages above every report once they named the fault often).
  const hit = (await search(page, 'Benchmark of')).filter({ hasText: /Benchmark of/ }).first();
  await hit.click();
  await page.waitForURL(/\/reports\/benchmark\/[^/]+\/$/);
  await expect(page.locator('h1')).toContainText('Benchmark of');
  await expect(page.locator('main')).toContainText('memory');
});
