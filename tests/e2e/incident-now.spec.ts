import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, open, pickEnvBeforeLoad, BUILD } from './fixtures';
import { SECTIONS } from '../../runbooks/lib/sections/index';

// H11 item 3: the incident entry point, and the anchors every alert and Slack message names.

test('the home page\'s first action is "Something is wrong now" and it leads to the incident-now page', async ({
  page,
}) => {
  await open(page, '');
  const first = page.locator('main a').first();
  await expect(first).toHaveText('Something is wrong now');
  await first.click();
  await expect(page).toHaveURL(/\/docs\/incident-now\/$/);
  await expect(page.locator('h1')).toHaveText('Something is wrong now');
});

for (const picked of [false, true]) {
  test(`incident-now fits a 1280×800 screen without scrolling (${picked ? 'an environment picked' : 'nothing picked yet'})`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    if (picked) await pickEnvBeforeLoad(page, 'production');
    await open(page, 'docs/incident-now/');
    const box = await page.locator('.incident-now').boundingBox();
    expect(box, 'the page body').not.toBeNull();
    expect(box!.y + box!.height, 'the bottom of the page body, px from the top').toBeLessThanOrEqual(800);
    await expect(page.locator('h1')).toBeInViewport();
    for (const id of ['severity', 'roles', 'first-15-minutes', 'symptoms'])
      await expect(page.locator(`#${id}`)).toBeInViewport();
  });
}

// H13: at 1280 px the roles table, kept on one line, ran past its column under the symptom
// list's bullets; at 390 px it ran off the screen. The list's box includes the bullets
// (they sit in its padding), so boxes that do not intersect mean nothing overlaps.
for (const width of [1280, 390]) {
  test(`incident-now at ${width} px: the roles table stays in its column, clear of the symptom list and its bullets`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 800 });
    await open(page, 'docs/incident-now/');
    const boxes = await page.evaluate(() => {
      const rect = (e: Element) => {
        const b = e.getBoundingClientRect();
        return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
      };
      const roles = document.querySelector('#roles')!.parentElement!;
      const table = roles.querySelector('table')!;
      return {
        column: rect(roles),
        table: rect(table),
        cells: Array.from(table.querySelectorAll('td, th')).map(rect),
        list: rect(document.querySelector('.incident-now__symptoms ul')!),
        viewport: document.documentElement.clientWidth,
      };
    });
    type Box = (typeof boxes)['list'];
    const apart = (a: Box, b: Box) =>
      a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
    expect(boxes.table.right, 'the table ends inside its column').toBeLessThanOrEqual(
      boxes.column.right + 0.5,
    );
    expect(boxes.table.right, 'the table ends inside the screen').toBeLessThanOrEqual(boxes.viewport);
    expect(apart(boxes.table, boxes.list), 'the roles table and the symptom list do not overlap').toBe(true);
    for (const c of boxes.cells) expect(apart(c, boxes.list), 'no cell reaches under the bullets').toBe(true);
  });
}

test('incident-now: severities and roles from the config; unset roles read "not configured"; the checklist binds its commands', async ({
  page,
}) => {
  await open(page, 'docs/incident-now/');
  const severity = page.locator('table').first();
  for (const p of ['P0', 'P1', 'P2', 'P3']) await expect(severity).toContainText(p);
  await expect(severity.locator('[data-cfg="incident.severities.P0.resolveWithinMs"]')).toHaveText('1 h');
  const roles = page.locator('table').nth(1);
  for (const role of ['commander', 'scribe', 'communications']) {
    for (const field of ['name', 'contact', 'link'])
      await expect(roles.locator(`[data-cfg="incident.roles.${role}.${field}"]`)).toHaveText(
        'not configured',
      );
  }
  const checklist = page.locator('[data-checklist="incident-now/first-15-minutes"]');
  await expect(checklist).toBeVisible();
  await expect(checklist.getByRole('link', { name: 'verified by incident' })).toHaveCount(1);
  await expect(checklist.getByRole('link', { name: 'verified by smoke' })).toHaveCount(1);
  await expect(checklist.locator('[data-verify-command]')).toContainText(
    'runbooks/checklist.ts incident-now/first-15-minutes',
  );
  // H13: the first fifteen minutes promise their commands: each bound item shows the one it runs.
  await expect(checklist.locator('[data-check-command]')).toHaveText([
    'npx zx runbooks/incident.ts assess --env local',
    'npx zx runbooks/smoke.ts --env local --only liveness,health,routine',
  ]);
  await expect(page.locator('figure[data-run-script="incident"] code[data-command]').first()).toContainText(
    "incident.ts open --env local --sev P1 --title 'what is wrong'",
  );
  await expect(page.locator('#symptoms ~ div a')).toHaveCount(8);
});

test('every page section an alert or a Slack message names exists in the built site', () => {
  const ids = Object.entries(SECTIONS);
  expect(ids.length).toBeGreaterThanOrEqual(10);
  for (const [id, s] of ids) {
    const html = readFileSync(join(BUILD, s.page.replace(/^\//, ''), 'index.html'), 'utf8');
    expect(html, `${id}: ${s.page}/#${s.anchor}`).toMatch(new RegExp(`\\sid="?${s.anchor}"?[\\s>]`));
  }
});

test("incident-now: each bound item's command follows the environment picked", async ({ page }) => {
  await pickEnvBeforeLoad(page, 'production');
  await open(page, 'docs/incident-now/');
  const commands = page.locator('[data-checklist="incident-now/first-15-minutes"] [data-check-command]');
  await expect(commands).toHaveText([
    'npx zx runbooks/incident.ts assess --env production',
    'npx zx runbooks/smoke.ts --env production --only liveness,health,routine',
  ]);
  await page.locator('[data-env-picker]').selectOption('staging');
  await expect(commands.first()).toHaveText('npx zx runbooks/incident.ts assess --env staging');
});
