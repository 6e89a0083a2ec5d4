import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { REPORT_KIND_NAMES, type Report, type ReportKind } from '../../runbooks/lib/report/schema';
import { expect } from './fixtures';
import { ROOT } from '../helpers/root';

/** Every kind of report, from the report schemas themselves (not a copy to keep in step). */
export const KINDS = REPORT_KIND_NAMES;

/** Every committed report's page, from the files themselves (the build must have a page for each). */
export function reportPaths(kind?: ReportKind): string[] {
  return (kind ? [kind] : KINDS).flatMap((k) => {
    const dir = join(ROOT, 'static/reports', k);
    return existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => `reports/${k}/${f.replace(/\.json$/, '')}/`)
      : [];
  });
}

/** Report pages of the committed examples (static/reports/examples.json); a report an operator published is not one. */
export function examplePaths(): Set<string> {
  const list = (
    JSON.parse(readFileSync(join(ROOT, 'static/reports/examples.json'), 'utf8')) as { examples: string[] }
  ).examples;
  return new Set(list.map((f) => `reports/${f.replace(/\.json$/, '')}/`));
}

/** The committed report behind a page path from reportPaths ("reports/load/<slug>/"). */
export function committedReport(path: string): Report {
  const [, kind, slug] = /^reports\/(\w+)\/([^/]+)\/$/.exec(path) ?? [];
  return JSON.parse(readFileSync(join(ROOT, 'static/reports', kind!, `${slug}.json`), 'utf8')) as Report;
}

/** Waits for every chart to draw data marks (ResponsiveContainer measures on the client); returns how many. */
export async function chartsDrawn(page: Page): Promise<number> {
  const charts = page.locator('[data-chart]');
  const n = await charts.count();
  for (let i = 0; i < n; i++) {
    const c: Locator = charts.nth(i);
    await expect(c).toHaveAttribute('role', 'img');
    expect(((await c.getAttribute('aria-label')) ?? '').length).toBeGreaterThan(10);
    await c
      .locator('svg .recharts-bar-rectangle path, svg path.recharts-curve, svg .recharts-line-dots circle')
      .first()
      .waitFor({ state: 'attached' });
  }
  return n;
}

/** What every report page shows: the verdict before any chart, the sandbox and example badges, its workload. */
export async function reportPageBasics(page: Page): Promise<void> {
  const order = await page.evaluate(() => {
    const v = document.querySelector('#verdict');
    const c = document.querySelector('[data-chart]');
    return Boolean(v && c && v.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(order, 'the verdict precedes the charts').toBe(true);
  if (page.url().includes('-local')) await expect(page.locator('[data-badge="sandbox"]')).toHaveCount(1);
  // The committed examples (static/reports/examples.json) say so; a report you published does not.
  const path = new URL(page.url()).pathname.replace(/^\//, '');
  const badge = page.locator('main [data-badges]').first().locator('[data-badge="example"]');
  if (examplePaths().has(path)) await expect(badge).toBeVisible();
  else await expect(badge).toHaveCount(0);
  await expect(page.locator('#workload')).toBeVisible();
}
