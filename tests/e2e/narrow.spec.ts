import { test, expect, open, pickEnvBeforeLoad } from './fixtures';
import { commandProblems } from './layout';
import { committedReport, reportPaths } from './reports';

// The deployment runbook on a 390 px phone (the mobile project), as the issue found it:
// commands broke inside words. Each command either fits, wraps at a space, or scrolls.
// The full-page screenshot is kept as an artifact of every run, pass or fail, under
// test-results/<test>/ (its path is in the test's annotations).
for (const env of [null, 'production'] as const) {
  test(`deployment runbook at 390 px (${env ?? 'no environment picked'}): no command broken inside a word`, async ({
    page,
  }, info) => {
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

// The load report's percentile chart at 390 px: the legend (five long labels) wraps above
// the plot and leaves it its height; nothing is wider than the screen.
test('load report percentile chart at 390 px: drawn, legend above the plot, nothing wider than the screen', async ({
  page,
}, info) => {
  const path = reportPaths('load').find((p) => !committedReport(p).engine)!;
  await open(page, path);
  const section = page.locator('section[data-percentiles="drawn"]');
  const chart = section.locator('[data-chart]');
  await chart.locator('svg path.recharts-curve').first().waitFor({ state: 'attached' });
  const legend = await section.locator('figure > ul').boundingBox();
  const plot = await chart.boundingBox();
  expect(legend && plot && legend.y + legend.height <= plot.y + 1, 'the legend sits above the plot').toBe(
    true,
  );
  expect(plot!.height).toBeGreaterThanOrEqual(250);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const shot = info.outputPath('load-percentiles-390.png');
  await section.screenshot({ path: shot, style: '.navbar { display: none !important; }' });
  info.annotations.push({ type: 'screenshot', description: shot });
});
