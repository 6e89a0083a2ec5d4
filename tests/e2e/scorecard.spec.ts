import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, open } from './fixtures';
import { chartsDrawn } from './reports';
import { ROOT } from '../helpers/root';
import type { ScorecardReport } from '../../runbooks/lib/report/scorecard';

// H15: the scorecard's page (every promise with its verdict, evidence and trend; delivery's
// four keys), the scorecards' index (the newest first), and the home page's one-line state
// beside "Something is wrong now" — all read against the committed scorecard files.

const dir = join(ROOT, 'static/reports/scorecard');
const scorecards = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({
    slug: f.replace(/\.json$/, ''),
    report: JSON.parse(readFileSync(join(dir, f), 'utf8')) as ScorecardReport,
  }));
/** The scorecard the home page names: the newest of production, else staging, else local. */
const headline = ['production', 'staging', 'local']
  .map((env) => scorecards.filter((s) => s.report.scorecard.environment === env).at(-1))
  .find(Boolean)!;
const VERDICT = /^(kept|missed|not measured)$/;

test("the home page states the scorecard in one line beside 'Something is wrong now', linked to it", async ({
  page,
}) => {
  await open(page, '');
  const state = page.locator('[data-scorecard-state]');
  await expect(state).toHaveCount(1);
  await expect(state).toContainText(headline.report.scorecard.summary.line);
  await expect(state).toContainText(/\d+ of 11 promises kept, \d+ missed, \d+ not measured/);
  // In the hero, right under the first action, and still the second thing in reading order after the actions.
  const hero = page.locator('header.hero--handbook');
  await expect(hero.locator('[data-first-action]')).toHaveText('Something is wrong now');
  await expect(hero.locator('[data-scorecard-state]')).toBeVisible();
  const gap = await page.evaluate(() => {
    const a = document.querySelector('[data-first-action]')!.getBoundingClientRect();
    const s = document.querySelector('[data-scorecard-state]')!.getBoundingClientRect();
    return s.top - a.bottom;
  });
  expect(gap, 'px between the first action and the scorecard line').toBeLessThan(80);
  await state.locator('a').click();
  await expect(page).toHaveURL(new RegExp(`/reports/scorecard/${headline.slug}/$`));
  await expect(page.locator('[data-scorecard-line]')).toContainText(headline.report.scorecard.summary.line);
});

test('a scorecard page: every promise with target, measured value, evidence, verdict and trend; sandbox evidence labelled', async ({
  page,
}) => {
  const s = scorecards.at(-1)!;
  await open(page, `reports/scorecard/${s.slug}/`);
  await expect(page.locator('h1')).toHaveText(/^Scorecard of /);
  const rows = page.locator('tr[data-promise]');
  await expect(rows).toHaveCount(s.report.scorecard.promises.length);
  for (const p of s.report.scorecard.promises) {
    const row = page.locator(`tr[data-promise="${p.id}"]`);
    await expect(row.locator('th')).toHaveText(p.promise);
    await expect(row.locator('td').nth(3)).toHaveText(VERDICT);
    await expect(row).toHaveAttribute('data-verdict', p.verdict);
    await expect(row.locator('td').nth(0)).toContainText(p.target.source);
  }
  // Sandbox evidence carries its badge; evidence published here links to its report.
  const sandboxed = s.report.scorecard.promises.filter((p) => p.evidence.some((e) => e.sandbox)).length;
  expect(
    await page.locator('tr[data-promise] [data-evidence-badge="sandbox"]').count(),
  ).toBeGreaterThanOrEqual(sandboxed);
  const keys = page.locator('tr[data-key]');
  await expect(keys).toHaveCount(4);
  for (const k of [
    'Deployment frequency',
    'Lead time for changes',
    'Change failure rate',
    'Time to restore service',
  ])
    await expect(page.locator(`tr[data-key="${k}"] td`).nth(1)).toHaveText(
      /^(ledger|render|platform|incident-reviews|none)$/,
    );
  expect(await chartsDrawn(page)).toBeGreaterThanOrEqual(1);
  const evidence = page.locator('tr[data-promise] li[data-evidence] a').first();
  const href = await evidence.getAttribute('href');
  expect(href).toMatch(/\/reports\/(load|stress|benchmark|cost|drill|incident|monitor)\/[^/]+\/$/);
  await evidence.click();
  await expect(page).toHaveURL(new RegExp(`${href!.replace(/[/.]/g, '\\$&')}$`));
  await expect(page.locator('h1')).toBeVisible();
});

test("the scorecards' index puts the newest scorecard first, then the trend and the runs", async ({
  page,
}) => {
  const s = scorecards.at(-1)!;
  await open(page, 'reports/scorecard/');
  const latest = page.locator('[data-latest-scorecard]');
  await expect(latest).toContainText(s.report.scorecard.summary.line);
  await expect(latest.locator('tr[data-promise]')).toHaveCount(s.report.scorecard.promises.length);
  const order = await page.evaluate(() => {
    const ids = ['latest', 'trend', 'runs'].map((id) => document.getElementById(id));
    return ids.every(Boolean) && ids[0]!.compareDocumentPosition(ids[1]!) & Node.DOCUMENT_POSITION_FOLLOWING
      ? Boolean(ids[1]!.compareDocumentPosition(ids[2]!) & Node.DOCUMENT_POSITION_FOLLOWING)
      : false;
  });
  expect(order, 'latest, then trend, then runs').toBe(true);
  // A trend joins scorecards judging one environment by the same rules; until one has two,
  // the index says so instead of drawing isolated dots (the rule of every kind's index).
  const perEnv = new Map<string, number>();
  for (const c of scorecards)
    perEnv.set(c.report.scorecard.environment, (perEnv.get(c.report.scorecard.environment) ?? 0) + 1);
  if ([...perEnv.values()].some((n) => n >= 2)) expect(await chartsDrawn(page)).toBeGreaterThanOrEqual(1);
  else await expect(page.locator('[data-trend="none"]')).toBeVisible();
});

test('the Reports page documents the scorecard with bound command blocks and shows the Render Blueprint as the file is', async ({
  page,
}) => {
  await open(page, 'docs/reports/');
  const commands = await page.locator('code[data-command]').allTextContents();
  expect(commands).toContain('npx zx runbooks/scorecard.ts --env production --publish');
  expect(commands).toContain('npx zx runbooks/monitor.ts --env production --duration 1h --publish');
  const blueprint = await page
    .locator('.theme-code-block')
    .filter({ has: page.locator('[class*="codeBlockTitle"]', { hasText: 'templates/hosting/render.yaml' }) })
    .locator('.token-line')
    .allTextContents();
  const lines = (s: string[]) => s.map((l) => l.trimEnd()).filter(Boolean);
  expect(lines(blueprint)).toEqual(
    lines(readFileSync(join(ROOT, 'templates/hosting/render.yaml'), 'utf8').split('\n')),
  );
});
