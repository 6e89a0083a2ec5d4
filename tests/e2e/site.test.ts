import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../helpers/run';
import { newContext, seriousViolations, useBuiltSite } from './browser';

const site = useBuiltSite();
const BUILD = join(ROOT, 'build');
const BASE = site.base;

/** Every docs page of the build, from its sitemap (the sidebar's pages and the generated reference). */
function sitePaths(): string[] {
  const xml = readFileSync(join(BUILD, 'sitemap.xml'), 'utf8');
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname).filter((p) => p.startsWith(`${BASE}docs`) || p === BASE);
}

const url = (p: string) => new URL(p.replace(/^\//, ''), site.server.url).href;

async function goto(page: Page, path: string) {
  const res = await page.goto(url(path), { waitUntil: 'load' });
  assert.equal(res?.status(), 200, `${path} is served`);
  // After hydration only: code blocks switch to the dark Prism theme then, and handlers are live.
  await page.waitForSelector('html[data-has-hydrated="true"]', { state: 'attached', timeout: 10_000 });
}

/** Visits each path in one page: a title, a 200, no serious axe violations; returns console errors. */
async function sweep(scheme: 'light' | 'dark', paths: string[]): Promise<string[]> {
  const ctx = await newContext(site.browser, site.server.url, { colorScheme: scheme });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  try {
    for (const p of paths) {
      await goto(page, p);
      assert.ok(await page.locator('h1').first().isVisible(), `${p} has a visible title`);
      // Script reference pages share one generated template: axe one of them, render-check all.
      if (/\/reference\/scripts\/(?!health$)/.test(p)) continue;
      assert.deepEqual(await seriousViolations(page), [], `${p} (${scheme}) has serious axe violations`);
    }
  } finally {
    await ctx.close();
  }
  return errors;
}

test('every page renders with no console errors and no serious axe violations (light and dark)', async () => {
  const paths = sitePaths();
  assert.ok(paths.some((p) => p.endsWith('/docs/incident-response-playbook')), 'the playbook is in the sitemap');
  assert.ok(paths.length >= 10, `expected the whole handbook, got ${paths.length} pages`);
  // Dark mode: the pages with the most custom components are enough to prove the palette.
  const dark = paths.filter((p) => /deployment-runbook|incident-response|onboarding$|\/$/.test(p));
  // Two pages at a time: the sweep is mostly waiting on axe and the renderer.
  const errors = (await Promise.all([sweep('light', paths.filter((_, i) => i % 2 === 0)), sweep('light', paths.filter((_, i) => i % 2 === 1)), sweep('dark', dark)])).flat();
  assert.deepEqual(errors, [], 'no console errors');
});

test('the copy button puts the exact command on the clipboard', async () => {
  const ctx = await newContext(site.browser, site.server.url);
  const page = await ctx.newPage();
  await goto(page, '/docs/onboarding');
  const block = page.locator('figure[data-run-script="health"]').first();
  const shown = (await block.locator('code[data-command]').textContent())!.trim();
  assert.match(shown, /^npx zx runbooks\/health\.ts --env local\b/);
  await block.getByRole('button', { name: /Copy the health command/ }).click();
  await block.getByRole('status').filter({ hasText: 'Copied' }).waitFor({ timeout: 5000 });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown);
  await ctx.close();
});

test('the environment picker rewrites every block, adds the confirmation flag for production, and survives a reload', async () => {
  const ctx = await newContext(site.browser, site.server.url);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await goto(page, '/docs/deployment-runbook');
  const picker = page.locator('select[data-env-picker]').first();
  await picker.selectOption('production');
  const check = async () => {
    const blocks = await page.locator('figure[data-run-script]').evaluateAll((els) =>
      els.map((e) => ({ env: e.getAttribute('data-env'), cmd: e.querySelector('code[data-command]')?.textContent ?? '', pinned: /only for/.test(e.textContent ?? ''), script: e.getAttribute('data-run-script') })),
    );
    const free = blocks.filter((b) => b.env !== null && !b.pinned);
    assert.ok(free.length >= 3, 'the runbook has blocks that follow the picker');
    for (const b of free) assert.match(b.cmd, /--env production\b/, `${b.script} block follows the picker`);
    for (const b of free.filter((x) => x.script === 'load' || x.script === 'stress')) assert.match(b.cmd, /--confirm-production$/);
    for (const b of free.filter((x) => x.script === 'health')) assert.doesNotMatch(b.cmd, /--confirm-production/);
  };
  await check();
  await page.reload();
  await page.waitForFunction(() => document.querySelector('figure[data-run-script]')?.getAttribute('data-env') === 'production', null, { timeout: 5000 });
  await check();
  assert.equal(await page.locator('select[data-env-picker]').first().inputValue(), 'production');
  // Another page remembers it too.
  await goto(page, '/docs/incident-response-playbook');
  await page.waitForFunction(() => document.querySelector('figure[data-run-script]:not([data-run-script="sandbox"])')?.getAttribute('data-env') === 'production', null, { timeout: 5000 });
  // Blocks marked pin stay on their environment whatever the picker says.
  await goto(page, '/docs/onboarding');
  await page.waitForFunction(() => document.querySelector('select[data-env-picker]') !== null);
  const pinned = await page.locator('figure[data-run-script="health"]').first().locator('code[data-command]').textContent();
  assert.match(pinned!, /--env local\b/);
  assert.deepEqual(errors, [], 'no hydration or other console errors with a stored environment');
  await ctx.close();
});

test('checklist ticks survive a reload and reset clears them', async () => {
  const ctx = await newContext(site.browser, site.server.url);
  const page = await ctx.newPage();
  await goto(page, '/docs/deployment-runbook');
  const list = page.locator('section[data-checklist="deployment-runbook/pre-deploy"]');
  const boxes = list.locator('input[type="checkbox"]');
  await boxes.nth(0).check();
  await boxes.nth(2).check();
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('section[data-checklist="deployment-runbook/pre-deploy"] input:checked').length === 2, null, { timeout: 5000 });
  assert.equal(await boxes.nth(0).isChecked(), true);
  assert.equal(await boxes.nth(1).isChecked(), false);
  assert.equal(await boxes.nth(2).isChecked(), true);
  const verify = (await list.locator('code[data-verify-command]').textContent())!;
  assert.equal(verify, 'npx zx runbooks/checklist.ts deployment-runbook/pre-deploy --env local');
  await list.getByRole('button', { name: 'Reset ticks' }).click();
  assert.equal(await list.locator('input:checked').count(), 0);
  await ctx.close();
});

test('search finds the playbook’s memory section', async () => {
  const ctx = await newContext(site.browser, site.server.url);
  const page = await ctx.newPage();
  await goto(page, '/docs/overview');
  const input = page.locator('input.navbar__search-input').first();
  await input.click();
  await input.pressSequentially('memory', { delay: 20 });
  // Suggestions are role=option rows: the heading, then the breadcrumb of its page.
  const hit = page.getByRole('option').filter({ hasText: /Memory/ }).filter({ hasText: 'Incident response playbook' }).first();
  await hit.waitFor({ timeout: 10_000 });
  await hit.click();
  await page.waitForURL(/incident-response-playbook#memory/, { timeout: 10_000 });
  const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
  const heading = page.locator(`h2[id="${anchor}"], h3[id="${anchor}"]`);
  await heading.waitFor({ timeout: 10_000 });
  assert.match((await heading.textContent())!, /Memory/, 'the anchor is the memory section’s heading');
  assert.equal(await heading.locator('a.hash-link').count(), 1, 'the heading has its own link');
  await ctx.close();
});
