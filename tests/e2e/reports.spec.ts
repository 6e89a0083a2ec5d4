import { test, expect, open } from './fixtures';
import { seriousViolations } from './browser';
import { KINDS, chartsDrawn, committedReport, examplePaths, reportPaths } from './reports';
import type { LoadReport } from '../../runbooks/lib/report/load';

// Each report page's basics (verdict first, charts drawn, badges, workload) are checked
// by the page walk (walk.spec.ts); these are the checks particular to one page or index.

test('a report page for each kind was built from the committed files', () => {
  for (const k of KINDS)
    expect(reportPaths(k).length, `a committed ${k} report (static/reports/${k}/)`).toBeGreaterThanOrEqual(1);
});

test('the index shows the latest verdict per environment; each kind lists every run with its workload, and a trend only where a workload has two runs', async ({
  page,
}) => {
  await open(page, 'reports/');
  for (const k of KINDS) await expect(page.locator(`main a[href$="/reports/${k}/"]`)).toHaveCount(1);
  for (const env of ['local', 'staging', 'production'])
    await expect(page.getByRole('columnheader', { name: `Latest on ${env}` })).toBeVisible();
  await expect(page.locator('td[data-latest="local"]')).toHaveCount(KINDS.length);
  await expect(page.locator('td[data-latest="local"]').first()).toContainText(/PASS|FAIL|INVALID/);
  for (const k of KINDS) {
    await open(page, `reports/${k}/`);
    await expect(page.locator('#runs ~ div tbody tr a[href*="/reports/"]')).toHaveCount(
      reportPaths(k).length,
    );
    // A trend chart, or (no workload with two runs: routes.ts trendWorkloads) the note that there is none yet.
    const charts = await chartsDrawn(page);
    const none = await page.locator('[data-trend="none"]').count();
    expect(charts > 0 ? none : 1 - none, `${k} index: a trend chart (${charts}) or the note, not both`).toBe(
      0,
    );
  }
});

test('runs of different workloads are not compared; the load trend leaves known-broken steps out', async ({
  page,
}) => {
  const [five, fifteen] = reportPaths('load');
  await open(page, fifteen!);
  const cmp = page.locator('section[data-comparison]');
  await expect(cmp).toHaveAttribute('data-comparison', 'not-comparable');
  await expect(cmp).toContainText('Not comparable');
  await expect(cmp).toContainText('users: 5 (closed model) → 15 (closed model)');
  await expect(cmp.locator('table')).toHaveCount(0);
  await open(page, five!);
  await expect(page.locator('section[data-comparison]')).toHaveAttribute('data-comparison', 'first');
  // The insights step fails on every call by design: its errors are not in the error figures.
  await expect(
    page.locator('figure').filter({ hasText: 'Requests, errors and p95 per second' }).locator('figcaption'),
  ).toContainText('leave out steps known to be broken (insights)');
  await open(page, 'reports/load/');
  await expect(page.getByRole('columnheader', { name: 'errors (counted steps)' })).toBeVisible();
});

test('time-scaled runs say so where their limits are shown; every threshold has its unit', async ({
  page,
}) => {
  await open(page, reportPaths('load')[1]!);
  await expect(page.locator('[data-time-scaled]').first()).toContainText('Time-scaled run (×20)');
  const routine = page.locator('tr').filter({ hasText: 'step.routine.latency' });
  await expect(routine).toContainText('p(95) < 3,000 ms');
  await expect(routine).toContainText('60 s in real time');
  await expect(routine.locator('td').nth(1)).toHaveText(/ms$/);
  await open(page, reportPaths('stress')[0]!);
  await expect(page.locator('[data-time-scaled]').first()).toContainText('×20');
  await expect(
    page.locator('figcaption').filter({ hasText: 'p95 in ms of each counted endpoint' }),
  ).toContainText('time-scaled ×20');
});

test('the memory-leak benchmark marks its peak card and shows the breach; the cost page shows projection, accounted and error', async ({
  page,
}) => {
  let breach = false;
  for (const p of reportPaths('benchmark')) {
    await open(page, p);
    const text = await page.locator('main').innerText();
    if (!/memory-leak/.test(text)) continue;
    const peak = page.locator('[data-stat^="PEAK of the run"]');
    await expect(peak).toContainText('ALERT breached');
    await expect(page.locator('[data-stat^="during the load (highest reading)"]')).toBeVisible();
    breach = /memory\.peak_mb[\s\S]*fail/.test(text);
  }
  expect(breach, 'a committed benchmark ran with --fault memory-leak and shows the breach').toBe(true);
  await open(page, reportPaths('cost').at(-1)!);
  const text = await page.locator('#validation').locator('xpath=following-sibling::p[1]').innerText();
  expect(text).toMatch(/Projected for the calls made: \$\d/);
  expect(text).toMatch(/the target accounted \$\d/);
  expect(text).toMatch(/Error: -?\d+(\.\d+)? %/);
});

/** How the report tables print ms: whole numbers with separators from 1000, else two decimals (src/components/reports/format.ts, num). */
const num = (v: number) =>
  Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : String(Math.round(v * 100) / 100);
const PERCENTILE_CHART = '[data-chart="Latency by percentile, per step"]';
// The committed examples: a run an operator published may have left steps out.
const loadRuns = reportPaths('load')
  .filter((p) => examplePaths().has(p))
  .map((path) => ({ path, report: committedReport(path) as LoadReport }));

test('a load run of the handbook engine draws a latency percentile curve per step and for the journey, read from its histograms', async ({
  page,
}, info) => {
  const own = loadRuns.filter((r) => !r.report.engine);
  expect(own.length, 'a committed load example with histograms').toBeGreaterThanOrEqual(1);
  for (const { path, report } of own) {
    const steps = report.load.steps;
    await open(page, path);
    await chartsDrawn(page);
    const section = page.locator('section[data-percentiles="drawn"]');
    await expect(section.getByRole('heading', { name: 'Latency percentiles' })).toBeVisible();
    const chart = section.locator(PERCENTILE_CHART);
    // One line per step, then the whole journey; the known-broken step dashed, the others solid.
    const lines = chart.locator('svg path.recharts-curve');
    await expect(lines).toHaveCount(steps.length + 1);
    for (const [i, s] of steps.entries()) {
      if (s.knownBroken)
        await expect(lines.nth(i), `${s.id} dashed`).toHaveAttribute('stroke-dasharray', /\d/);
      else expect(await lines.nth(i).getAttribute('stroke-dasharray'), `${s.id} solid`).toBeNull();
    }
    // The legend names each line with its sample count.
    const legend = section.locator('figure > ul li');
    await expect(legend).toHaveText([
      ...steps.map((s) => `${s.id}${s.knownBroken ? ' (known broken)' : ''}, ${s.latency.count} samples`),
      `whole journey, ${report.load.journeys.latency.count} samples`,
    ]);
    // A percentile axis (log of 1/(1-p)) and a latency axis with its unit.
    const ticks = await chart
      .locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')
      .allTextContents();
    expect(ticks.slice(0, 4)).toEqual(['0%', '50%', '90%', '99%']);
    await expect(chart.locator('text.recharts-label')).toHaveText([
      'percentile (log scale of 1/(1−p))',
      'latency (ms)',
    ]);
    // The table alternative: the same p50 as the report's summary; no p99 row from fewer than 100 samples.
    await section.locator('summary').click();
    const p50 = section.locator('tr[data-percentile="50"] td');
    await expect(p50).toHaveText([
      ...steps.map((s) => num(s.latency.p50)),
      num(report.load.journeys.latency.p50),
    ]);
    await expect(section.locator('tr[data-percentile="samples"] td')).toHaveText([
      ...steps.map((s) => String(s.latency.count)),
      String(report.load.journeys.latency.count),
    ]);
    const fewest = Math.min(...steps.map((s) => s.latency.count));
    await expect(section.locator('tr[data-percentile="99"]')).toHaveCount(fewest >= 100 ? 1 : 0);
    await expect(section.locator('tr[data-percentile="100"] th')).toHaveText('slowest (p100)');
  }
  expect(await seriousViolations(page, 'main'), 'the percentile chart and its table pass axe').toEqual([]);
  const shot = info.outputPath('load-percentiles.png');
  // The sticky navbar would cover the top of an element screenshot.
  await page
    .locator('section[data-percentiles]')
    .screenshot({ path: shot, style: '.navbar { display: none !important; }' });
  info.annotations.push({ type: 'screenshot', description: shot });
});

test('an imported Artillery run has no percentile chart and says why; the rest of its page draws', async ({
  page,
}) => {
  const imported = loadRuns.filter((r) => r.report.engine?.name === 'artillery');
  expect(imported.length, 'a committed load example imported from Artillery').toBeGreaterThanOrEqual(1);
  for (const { path } of imported) {
    await open(page, path);
    expect(await chartsDrawn(page), 'its other charts').toBeGreaterThanOrEqual(2);
    await expect(page.locator(PERCENTILE_CHART)).toHaveCount(0);
    const section = page.locator('section[data-percentiles]');
    await expect(section).toHaveAttribute('data-percentiles', 'imported');
    await expect(section).toContainText(
      'No percentile curve: artillery reports a few percentiles per step, not its latency histogram',
    );
  }
});
