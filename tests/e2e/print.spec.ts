import { test, expect, open, pickEnvBeforeLoad } from './fixtures';

// Printed (or saved as PDF) the two procedures keep only their content: no navigation or
// buttons, every command whole (paper cannot scroll), checklists with their boxes.
for (const doc of ['deployment-runbook', 'incident-response-playbook']) {
  test(`${doc} prints content only, commands in full, checklists with boxes`, async ({ page }) => {
    await pickEnvBeforeLoad(page, 'production');
    await open(page, `docs/${doc}/`);
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['.navbar', '.theme-doc-sidebar-container', '.footer', '.pagination-nav'])
      await expect(page.locator(sel).first(), sel).toBeHidden();
    expect(
      await page
        .locator('main button')
        .evaluateAll((bs) => bs.filter((b) => (b as HTMLElement).offsetParent !== null).length),
      'no visible buttons',
    ).toBe(0);
    const cut = await page
      .locator('figure[data-run-script] pre, [data-verify-command], pre.prism-code')
      .evaluateAll((els) =>
        els
          .filter(
            (e) =>
              e.scrollWidth > e.clientWidth + 1 ||
              e.getBoundingClientRect().right > document.documentElement.clientWidth,
          )
          .map((e) => e.textContent?.slice(0, 60)),
      );
    expect(cut, 'commands fully visible').toEqual([]);
    await expect(page.locator('section[data-checklist] input[type="checkbox"]').first()).toBeVisible();
    await expect(page.locator('article').first()).toBeVisible();
  });
}
