import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../helpers/run';
import { newContext, seriousViolations, useBuiltSite } from './browser';

const site = useBuiltSite();
const BUILD = join(ROOT, 'build');
const BASE = site.base;
const KINDS = ['load', 'stress', 'benchmark', 'cost'] as const;

/** Every committed report's page, from the files themselves (the build must have a page for each). */
function reportPaths(): string[] {
  return KINDS.flatMap((k) => {
    const dir = join(ROOT, 'static/reports', k);
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => `reports/${k}/${f.replace(/\.json$/, '')}`) : [];
  });
}

const url = (p: string) => new URL(p, site.server.url).href;

/** Waits for the charts to draw (ResponsiveContainer measures on the client) and checks each has SVG content. */
async function chartsDrawn(page: Page, path: string): Promise<number> {
  const charts = page.locator('[data-chart]');
  const n = await charts.count();
  for (let i = 0; i < n; i++) {
    const c = charts.nth(i);
    assert.equal(await c.getAttribute('role'), 'img', `${path}: chart ${i} has role img`);
    assert.ok(((await c.getAttribute('aria-label')) ?? '').length > 10, `${path}: chart ${i} is named`);
    const title = await c.getAttribute('data-chart');
    // Data marks (bars, lines, dots), not just the grid and axes: the chart has content.
    await c
      .locator('svg .recharts-bar-rectangle path, svg path.recharts-curve, svg .recharts-line-dots circle')
      .first()
      .waitFor({ state: 'attached', timeout: 10_000 })
      .catch((e: Error) => assert.fail(`${path}: chart "${title}" drew no data marks (${e.message.split('\n')[0]})`));
  }
  return n;
}

test('a page per committed report, with drawn charts, no console errors and no serious axe violations', async () => {
  const paths = reportPaths();
  for (const k of KINDS) assert.ok(paths.some((p) => p.startsWith(`reports/${k}/`)), `a committed ${k} report (static/reports/${k}/)`);
  const ctx = await newContext(site.browser, site.server.url);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  for (const p of paths) {
    const res = await page.goto(url(p), { waitUntil: 'load' });
    assert.equal(res?.status(), 200, `${p} is built`);
    await page.locator('#verdict').waitFor({ timeout: 10_000 });
    // The verdict comes first: before any chart.
    const order = await page.evaluate(() => {
      const v = document.querySelector('#verdict');
      const c = document.querySelector('[data-chart]');
      return Boolean(v && c && v.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    assert.ok(order, `${p}: the verdict precedes the charts`);
    assert.ok((await chartsDrawn(page, p)) >= 1, `${p} has charts`);
    if (p.includes('-local')) assert.equal(await page.locator('[data-badge="sandbox"]').count(), 1, `${p} is badged sandbox`);
    assert.deepEqual(await seriousViolations(page), [], `${p}: serious axe violations`);
  }
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the index pages list every run with its trend, in light and dark mode', async () => {
  for (const scheme of ['light', 'dark'] as const) {
    const ctx = await newContext(site.browser, site.server.url, { colorScheme: scheme });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    await page.goto(url('reports'), { waitUntil: 'load' });
    for (const k of KINDS) assert.ok((await page.locator(`a[href$="/reports/${k}"]`).count()) >= 1, `the index links ${k}`);
    assert.deepEqual(await seriousViolations(page), [], `reports index (${scheme})`);
    for (const k of KINDS) {
      const n = reportPaths().filter((p) => p.startsWith(`reports/${k}/`)).length;
      await page.goto(url(`reports/${k}`), { waitUntil: 'load' });
      assert.equal(await page.locator('tbody tr a[href*="/reports/"]').count(), n, `${k} index lists its ${n} runs`);
      assert.ok((await chartsDrawn(page, `reports/${k}`)) >= 1, `${k} index has a trend chart`);
      assert.deepEqual(await seriousViolations(page), [], `${k} index (${scheme})`);
    }
    if (scheme === 'dark') {
      // One report page in dark mode: the palette switches with the theme.
      const p = reportPaths().find((x) => x.startsWith('reports/benchmark/'))!;
      await page.goto(url(p), { waitUntil: 'load' });
      await chartsDrawn(page, p);
      const stroke = await page.evaluate(() => getComputedStyle(document.querySelector('main')!).getPropertyValue('--rpt-1').trim());
      assert.equal(stroke, '#7cb4ff');
      assert.deepEqual(await seriousViolations(page), [], `${p} (dark)`);
    }
    assert.deepEqual(errors, []);
    await ctx.close();
  }
});

test('the benchmark page of the memory-leak run shows the breach; the cost page shows projection, accounted and error', async () => {
  const ctx = await newContext(site.browser, site.server.url);
  const page = await ctx.newPage();
  const benches = reportPaths().filter((p) => p.startsWith('reports/benchmark/'));
  let breach = false;
  for (const p of benches) {
    await page.goto(url(p), { waitUntil: 'load' });
    const text = await page.locator('main').innerText();
    if (/memory-leak/.test(text)) {
      breach = /ALERT breached/.test(text) && /memory\.peak_mb[\s\S]*fail/.test(text);
      assert.ok(breach, `${p}: a memory-leak run shows the breach`);
    }
  }
  assert.ok(breach, 'a committed benchmark ran with --fault memory-leak');
  const cost = reportPaths().filter((p) => p.startsWith('reports/cost/')).at(-1)!;
  await page.goto(url(cost), { waitUntil: 'load' });
  const text = await page.locator('#validation').locator('xpath=following-sibling::p[1]').innerText();
  assert.match(text, /Projected for the calls made: \$\d/);
  assert.match(text, /the target accounted \$\d/);
  assert.match(text, /Error: -?\d+(\.\d+)? %/);
  await ctx.close();
});
