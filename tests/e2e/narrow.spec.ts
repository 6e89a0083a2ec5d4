import { test, expect, open, pickEnvBeforeLoad } from './fixtures';
import { commandProblems } from './layout';

// The deployment runbook on a 390 px phone (the mobile project), as the issue found it:
// commands broke inside words. Each command either fits, wraps at a space, or scrolls.
// The full-page screenshot is kept as an artifact of every run, pass or fail, under
// test-results/<test>/ (its path is in the test's annotations).
for (const env of [null, 'production'] as const) {
  test(`deployment runbook at 390 px (${env ?? 'no environment picked'}): no command broken inside a word`, async ({ page }, info) => {
    if (env) await pickEnvBeforeLoad(page, env);
    await open(page, 'docs/deployment-runbook/');
    expect(page.viewportSize()?.width).toBe(390);
    const commands = page.locator('figure[data-run-script] pre, [data-verify-command]');
    expect(await commands.count()).toBeGreaterThan(5);
    const shot = info.outputPath(`deployment-runbook-390-${env ?? 'unpicked'}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    info.annotations.push({ type: 'screenshot', description: shot });
    expect(await commandProblems(page)).toEqual([]);
  });
}
