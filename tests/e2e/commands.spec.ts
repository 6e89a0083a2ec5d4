import type { Page } from '@playwright/test';
import { test, expect, open, pickEnvBeforeLoad } from './fixtures';
import { seriousViolations } from './browser';

/** Every bound block of the page: its script, environment (and why), label and command. */
async function blocks(page: Page) {
  return page.locator('figure[data-run-script]').evaluateAll((els) =>
    els.map((e) => ({
      script: e.getAttribute('data-run-script'),
      env: e.getAttribute('data-env'),
      source: e.getAttribute('data-env-source'),
      label: e.querySelector('[data-env-label]')?.textContent ?? '',
      cmd: e.querySelector('code[data-command]')?.textContent ?? '',
    })),
  );
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test('the copy button puts the exact command on the clipboard', async ({ page }) => {
  await open(page, 'docs/onboarding/');
  const block = page.locator('figure[data-run-script="health"]').first();
  const shown = (await block.locator('code[data-command]').textContent())!.trim();
  expect(shown).toMatch(/^npx zx runbooks\/health\.ts --env local\b/);
  await block.getByRole('button', { name: /Copy the health command/ }).click();
  await expect(block.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  expect(await clipboard(page)).toBe(shown);
});

test('the picker rewrites --env in every block, labels production, never adds --confirm-production, and survives a reload', async ({
  page,
}) => {
  await open(page, 'docs/deployment-runbook/');
  await page.locator('select[data-env-picker]').first().selectOption('production');
  const check = async () => {
    const all = await blocks(page);
    const free = all.filter((b) => b.env !== null && b.source !== 'pinned' && b.source !== 'restricted');
    expect(free.length, 'the runbook has blocks that follow the picker').toBeGreaterThanOrEqual(3);
    for (const b of free) {
      expect(b.cmd, `${b.script} follows the picker`).toMatch(/--env production\b/);
      expect(b.cmd, `${b.script}: the person types the confirmation`).not.toContain('--confirm-production');
      expect(b.label, `${b.script} says where it points`).toMatch(/targets PRODUCTION/);
    }
    // A block that allows only some environments stays as written, and says so (below).
    for (const b of all.filter((x) => x.source === 'restricted'))
      expect(b.cmd, `${b.script} is not for production`).not.toMatch(/--env production\b/);
    // Production is marked by words and a double rule, not colour alone.
    const rule = await page
      .locator('figure[data-run-script][data-env="production"]')
      .first()
      .evaluate((e) => getComputedStyle(e).borderLeftStyle);
    expect(rule).toBe('double');
  };
  await check();
  await page.reload();
  await expect(page.locator('figure[data-run-script]').first()).toHaveAttribute('data-env', 'production');
  await check();
  await expect(page.locator('select[data-env-picker]').first()).toHaveValue('production');
  await open(page, 'docs/incident-response-playbook/');
  await expect(page.locator('figure[data-run-script="health"]').first()).toHaveAttribute(
    'data-env',
    'production',
  );
  // Blocks pinned to an environment stay on it whatever the picker says.
  await open(page, 'docs/onboarding/');
  const pinned = (await blocks(page)).filter((b) => b.source === 'pinned');
  expect(pinned.length).toBeGreaterThan(0);
  for (const b of pinned) expect(b.cmd).toMatch(/--env local\b/);
});

for (const doc of ['deployment-runbook', 'incident-response-playbook']) {
  test(`${doc}: until an environment is picked, a notice says what the commands target and offers the choice`, async ({
    page,
  }) => {
    // axe over the deployment runbook (the longest page, every checklist item with its command)
    // takes 20 s on an idle core; beside another worker it can pass the default 30 s.
    if (doc === 'deployment-runbook') test.slow();
    await open(page, `docs/${doc}/`);
    const notice = page.locator('[data-env-notice="unpicked"]');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('No environment picked');
    await expect(notice).toContainText(/target local/);
    for (const b of (await blocks(page)).filter((x) => x.env !== null && x.source !== 'pinned'))
      expect(b.label).toMatch(/as written \(no environment picked\)/);
    // The walk scans these pages with production picked (light) and unpicked (dark): here, the notice in light.
    if (doc === 'deployment-runbook') expect(await seriousViolations(page, 'main')).toEqual([]);
    await notice.getByRole('button', { name: 'staging' }).click();
    await expect(page.locator('[data-env-notice="picked"]')).toContainText('target staging');
    await expect(page.locator('select[data-env-picker]').first()).toHaveValue('staging');
    await page.reload();
    await expect(page.locator('[data-env-notice="picked"]')).toBeVisible();
    await expect(page.locator('[data-env-notice="unpicked"]')).toHaveCount(0);
  });
}

test('checklist ticks are kept per environment; reset clears the shown one; the verify command follows the picker', async ({
  page,
}) => {
  await open(page, 'docs/deployment-runbook/');
  const list = page.locator('section[data-checklist="deployment-runbook/pre-deploy"]');
  const boxes = list.locator('input[type="checkbox"]');
  await boxes.nth(0).check();
  await boxes.nth(2).check();
  await expect(list).toHaveAttribute('data-env', 'local');
  await page.locator('select[data-env-picker]').first().selectOption('staging');
  await expect(list).toHaveAttribute('data-env', 'staging');
  await expect(list.locator('input:checked')).toHaveCount(0);
  await boxes.nth(1).check();
  await expect(list.locator('code[data-verify-command]')).toHaveText(
    'npx zx runbooks/checklist.ts deployment-runbook/pre-deploy --env staging',
  );
  await page.locator('select[data-env-picker]').first().selectOption('local');
  await page.reload();
  await expect(list.locator('input:checked')).toHaveCount(2);
  await expect(boxes.nth(0)).toBeChecked();
  await expect(boxes.nth(2)).toBeChecked();
  await list.getByRole('button', { name: 'Reset ticks' }).click();
  await expect(list.locator('input:checked')).toHaveCount(0);
  await page.locator('select[data-env-picker]').first().selectOption('staging');
  await expect(list.locator('input:checked')).toHaveCount(1);
});

test('a checklist copies as Markdown for the incident channel: title, environment, each item ticked or not', async ({
  page,
}) => {
  await pickEnvBeforeLoad(page, 'production');
  await open(page, 'docs/incident-response-playbook/');
  const list = page.locator('section[data-checklist="incident-response-playbook/first-fifteen-minutes"]');
  await list.locator('input[type="checkbox"]').first().check();
  await list.getByRole('button', { name: /Copy The first 15 minutes as Markdown/ }).click();
  const md = await clipboard(page);
  const lines = md.trim().split('\n');
  expect(lines[0]).toBe('**The first 15 minutes** (production): 1 of 6 done');
  expect(lines.filter((l) => l.startsWith('- [x] '))).toEqual([
    '- [x] Acknowledge: say in #incidents that you own it, with the time and what you saw',
  ]);
  expect(lines.filter((l) => l.startsWith('- [ ] '))).toHaveLength(5);
  await open(page, 'docs/deployment-runbook/');
  await page
    .locator('section[data-checklist="deployment-runbook/pre-deploy"]')
    .getByRole('button', { name: /as Markdown/ })
    .click();
  const pre = await clipboard(page);
  expect(pre).toContain('**Code quality**');
  expect(pre).toMatch(/- \[ \] The Render service's variables match: `OPENAI_API_KEY`/);
});

test('each communication template of the playbook has a copy button that copies the message as shown', async ({
  page,
}) => {
  await open(page, 'docs/incident-response-playbook/');
  const templates = page.locator('[data-template]');
  await expect(templates).toHaveCount(3);
  for (const [name, start] of [
    ['first message', '[P1] Routine generation returning fallback plans'],
    ['update', '[P1] update'],
    ['resolved', '[P1] resolved at 15:02 UTC'],
  ] as const) {
    const t = page.locator(`[data-template="${name}"]`);
    await t.getByRole('button', { name: `Copy the ${name} template` }).click();
    await expect(t.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    const text = await clipboard(page);
    expect(text.startsWith(start), `${name}: ${text}`).toBe(true);
    expect(text).not.toMatch(/\*\*|^>/);
  }
});

// H13: the picker turned the deployment runbook's staging load block into `load.ts --env
// production` on the page that says load never runs on production. A block declares the
// environments it may target (envs="local,staging"); other picks leave it as written, and it says why.
test('a block that declares its environments follows the picker among them only, and says why it stays', async ({
  page,
}) => {
  await pickEnvBeforeLoad(page, 'production');
  await open(page, 'docs/deployment-runbook/');
  const load = page.locator('figure[data-run-script="load"]');
  await expect(load).toHaveCount(1);
  await expect(load).toHaveAttribute('data-env', 'staging');
  await expect(load).toHaveAttribute('data-env-source', 'restricted');
  await expect(load.locator('code[data-command]')).toHaveText(
    /^npx zx runbooks\/load\.ts --env staging --users \d+ --duration 5m --publish$/,
  );
  await expect(load.locator('[data-env-label]')).toHaveText(
    'targets staging, as written: this command is for local and staging only, never production',
  );
  // The other blocks on the page did follow the pick.
  await expect(page.locator('figure[data-run-script="health"]').first()).toHaveAttribute(
    'data-env',
    'production',
  );
  await page.locator('select[data-env-picker]').first().selectOption('local');
  await expect(load).toHaveAttribute('data-env', 'local');
  await expect(load).toHaveAttribute('data-env-source', 'picked');
  await expect(load.locator('code[data-command]')).toContainText('load.ts --env local ');
});
