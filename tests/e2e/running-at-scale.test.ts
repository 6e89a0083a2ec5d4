// The built site: Running at scale shows the CI templates exactly as the files are, and a
// published Artillery report is a page that says which engine ran it, on how many instances.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/run';
import { newContext, useBuiltSite } from './browser';

const site = useBuiltSite();
const url = (p: string) => new URL(p, site.server.url).href;

test('Running at scale shows each CI template as the file is', async () => {
  const ctx = await newContext(site.browser, site.server.url);
  const page = await ctx.newPage();
  await page.goto(url('docs/running-at-scale'), { waitUntil: 'load' });
  const blocks = await page.locator('.theme-code-block').evaluateAll((els) => els.map((e) => ({ title: e.querySelector('[class*="codeBlockTitle"]')?.textContent ?? '', code: [...e.querySelectorAll('.token-line')].map((l) => l.textContent).join('\n') })));
  const files = readdirSync(join(ROOT, 'templates/ci')).filter((f) => f.endsWith('.yml'));
  assert.equal(files.length, 4);
  for (const f of files) {
    const shown = blocks.find((b) => b.title === `templates/ci/${f}`);
    assert.ok(shown, `templates/ci/${f} is shown`);
    const lines = (s: string) => s.split('\n').map((l) => l.trimEnd()).filter(Boolean);
    assert.deepEqual(lines(shown.code), lines(readFileSync(join(ROOT, 'templates/ci', f), 'utf8')), f);
  }
  const commands = await page.locator('code[data-command]').allTextContents();
  assert.ok(commands.some((c) => /^npx zx runbooks\/load\.ts --env \w+ --export artillery --users \d+/.test(c)), `the export is a bound command block: ${commands.join(' | ')}`);
  assert.ok(commands.some((c) => /^npx zx runbooks\/load\.ts out\.json --env \w+ --import artillery/.test(c)), 'and so is the import');
  await ctx.close();
});

test('a published Artillery run is marked with its engine and instance count', async () => {
  const dir = join(ROOT, 'static/reports/load');
  const imported = readdirSync(dir).filter((f) => f.endsWith('.json') && JSON.parse(readFileSync(join(dir, f), 'utf8')).engine);
  assert.ok(imported.length, 'a committed report imported from Artillery (static/reports/load/)');
  const ctx = await newContext(site.browser, site.server.url);
  const page = await ctx.newPage();
  for (const f of imported) {
    const r = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    await page.goto(url(`reports/load/${f.replace(/\.json$/, '')}`), { waitUntil: 'load' });
    assert.equal((await page.locator('[data-badge="engine"]').textContent())?.trim(), `${r.engine.name} ×${r.engine.instances}`);
    assert.match((await page.locator('[data-engine]').textContent()) ?? '', new RegExp(`Run by ${r.engine.name} ${r.engine.version.replace(/\./g, '\\.')} on ${r.engine.instances} instance`));
    assert.match((await page.locator('#verdict').textContent()) ?? '', new RegExp(r.verdict.status, 'i'));
  }
  await ctx.close();
});
