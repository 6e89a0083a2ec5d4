import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRoutes } from '../../src/plugins/reports/routes';
import { loadReports } from '../../src/plugins/reports/load';
import { latencyCurves } from '../../src/plugins/reports/percentiles';
import { percentilePlot, percentileX, percentileLabel } from '../../src/components/reports/percentile-plot';
import type { PercentileCurve } from '../../runbooks/lib/load/percentiles';
import type { LoadReport } from '../../runbooks/lib/report/load';
import { ROOT } from '../helpers/root';

// The committed examples only: a report an operator publishes (onboarding does) may run other steps.
const entries = loadReports(ROOT).filter((e) => e.example);
const loads = entries.filter((e) => e.kind === 'load');
const own = loads.filter((e) => !e.report.engine);
const imported = loads.filter((e) => e.report.engine);

test('the committed examples include load runs of the handbook engine and one imported from Artillery', () => {
  assert.ok(own.length >= 1 && imported.length >= 1, `own ${own.length}, imported ${imported.length}`);
});

test('a run of the handbook engine gets a curve per step and for the journey, with the counts of its summaries', () => {
  for (const e of own) {
    const r = e.report as LoadReport;
    const c = latencyCurves(r);
    assert.equal(c?.status, 'drawn', e.file);
    if (c?.status !== 'drawn') continue;
    assert.deepEqual(
      c.steps.map((s) => s.id),
      r.load.steps.map((s) => s.id),
    );
    for (const [i, s] of c.steps.entries())
      assert.equal(s.curve?.count, r.load.steps[i]!.latency.count, `${e.file} ${s.id}`);
    assert.equal(c.steps.find((s) => s.id === 'insights')?.knownBroken, true);
    assert.equal(c.journey?.count, r.load.journeys.latency.count);
  }
});

test('an imported run gets no curve (its histogram is rebuilt from a few percentiles); one without histograms gets none; other kinds null', () => {
  for (const e of imported)
    assert.deepEqual(latencyCurves(e.report), { status: 'imported', engine: 'artillery' });
  const r = own[0]!.report as LoadReport;
  const bare: LoadReport = {
    ...r,
    load: {
      ...r.load,
      steps: r.load.steps.map((s) => ({ ...s, histogram: '', sendHistogram: '' })),
      journeys: { ...r.load.journeys, histogram: 'not base64', sendHistogram: '' },
    },
  };
  assert.deepEqual(latencyCurves(bare), { status: 'none' });
  assert.equal(latencyCurves(entries.find((e) => e.kind === 'cost')!.report), null);
});

test('page data carries the curves and no base64 histogram', () => {
  const routes = buildRoutes({ entries }, { baseUrl: '/', routeBasePath: '/reports' });
  for (const e of own) {
    const d = routes.find((x) => x.dataName === `report-load-${e.slug}`)!.data;
    assert.ok(d.type === 'report' && d.percentiles?.status === 'drawn');
    const json = JSON.stringify(d);
    assert.ok(!json.includes('HISTF'), `${e.file}: no compressed histogram in the page data`);
    assert.ok(
      JSON.stringify(d.percentiles).length < 4000,
      `${e.file}: the curves are small (${JSON.stringify(d.percentiles).length} characters)`,
    );
  }
});

test('plot: 90 %, 99 %, 99.9 % one step apart; the slowest sample just right of the last supported percentile', () => {
  assert.equal(percentileX(0, 44), 0);
  assert.equal(percentileX(90, 44), 1);
  assert.equal(percentileX(99, 44), 2);
  assert.equal(percentileX(99.9, 44), 3);
  assert.equal(percentileX(100, 44), 1.6532, 'log10(45)');
  assert.ok(percentileX(95, 44) < percentileX(100, 44));
  assert.equal(percentileLabel(2), '99%');
  assert.equal(percentileLabel(percentileX(50, 1)), '50%');
  assert.equal(percentileLabel(1.6532), '97.78%');
});

test('plot: one line per step with samples, then the journey; the axis runs to the next nine; seconds from 10 s', () => {
  const curve = (count: number, slowMs: number): PercentileCurve => ({
    count,
    points: [
      { p: 0, ms: 1 },
      { p: 50, ms: 2 },
      { p: 100, ms: slowMs },
    ],
  });
  const plot = percentilePlot(
    [
      { id: 'health', knownBroken: false, curve: curve(3, 5) },
      { id: 'routine', knownBroken: false, curve: null },
      { id: 'insights', knownBroken: true, curve: curve(9, 8) },
    ],
    curve(3, 12_000),
  );
  assert.deepEqual(
    plot.lines.map((l) => [l.name, l.color, l.knownBroken]),
    [
      ['health', 1, false],
      ['insights', 3, true],
      ['whole journey', 5, false],
    ],
  );
  assert.equal(plot.unit, 's');
  assert.deepEqual(
    plot.data.map((r) => r.x),
    [0, 0.301, 0.6021, 1],
    'rows shared at equal x, sorted',
  );
  assert.deepEqual(plot.data.at(-1), { x: 1, s2: 0.008 }, 'insights (9 samples) ends at log10(10)');
  assert.deepEqual(plot.data[2], { x: 0.6021, s0: 0.005, journey: 12 });
  assert.deepEqual(plot.domain, [0, 1]);
  assert.deepEqual(plot.ticks, [0, 0.301, 1]);
  assert.deepEqual(plot.percentiles, [0, 50, 100]);
  assert.equal(percentilePlot([{ id: 'a', knownBroken: false, curve: curve(100, 50) }], null).unit, 'ms');
});
