// Running at scale shows the CI templates exactly as the files are, and a published
// Artillery report is a page that says which engine ran it, on how many instances.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, open } from './fixtures';
import { ROOT } from '../helpers/root';

test('Running at scale shows each CI template as the file is, and the export and import as bound blocks', async ({
  page,
}) => {
  await open(page, 'docs/running-at-scale/');
  const blocks = await page.locator('.theme-code-block').evaluateAll((els) =>
    els.map((e) => ({
      title: e.querySelector('[class*="codeBlockTitle"]')?.textContent ?? '',
      code: [...e.querySelectorAll('.token-line')].map((l) => l.textContent).join('\n'),
    })),
  );
  const files = readdirSync(join(ROOT, 'templates/ci')).filter((f) => f.endsWith('.yml'));
  expect(files.length).toBe(5);
  const lines = (s: string) =>
    s
      .split('\n')
      .map((l) => l.trimEnd())
      .filter(Boolean);
  for (const f of files) {
    const shown = blocks.find((b) => b.title === `templates/ci/${f}`);
    expect(shown, `templates/ci/${f} is shown`).toBeTruthy();
    expect(lines(shown!.code), f).toEqual(lines(readFileSync(join(ROOT, 'templates/ci', f), 'utf8')));
  }
  const commands = await page.locator('code[data-command]').allTextContents();
  expect(
    commands.some((c) => /npx zx runbooks\/load\.ts --env \w+ --export artillery --users \d+/.test(c)),
    `the export is a bound command block: ${commands.join(' | ')}`,
  ).toBe(true);
  expect(
    commands.some((c) => /npx zx runbooks\/load\.ts out\.json --env \w+ --import artillery/.test(c)),
    'and so is the import',
  ).toBe(true);
});

test('a published Artillery run is marked with its engine and instance count', async ({ page }) => {
  const dir = join(ROOT, 'static/reports/load');
  const imported = readdirSync(dir).filter(
    (f) => f.endsWith('.json') && JSON.parse(readFileSync(join(dir, f), 'utf8')).engine,
  );
  expect(
    imported.length,
    'a committed report imported from Artillery (static/reports/load/)',
  ).toBeGreaterThan(0);
  for (const f of imported) {
    const r = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    await open(page, `reports/load/${f.replace(/\.json$/, '')}/`);
    await expect(page.locator('[data-badge="engine"]')).toHaveText(`${r.engine.name} ×${r.engine.instances}`);
    await expect(page.locator('[data-engine]')).toContainText(
      new RegExp(
        `Run by ${r.engine.name} ${r.engine.version.replace(/\./g, '\\.')} on ${r.engine.instances} instance`,
      ),
    );
    await expect(page.locator('#verdict')).toContainText(new RegExp(r.verdict.status, 'i'));
  }
});
