import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHistogram, encodeHistogram, recordMs } from '../../runbooks/lib/load/hist';
import { curveOf, percentileCurve, supportsPercentile } from '../../runbooks/lib/load/percentiles';
import type { LoadReport } from '../../runbooks/lib/report/load';
import { ROOT } from '../helpers/root';

/** A histogram of `n` samples 1 µs … n µs (below 2048 µs HDR keeps every value exactly). */
function oneToN(n: number) {
  const h = createHistogram();
  for (let us = 1; us <= n; us++) h.recordValue(us);
  return h;
}

test('a known histogram gives known points, log-spaced up to what 1000 samples support, then the slowest', () => {
  const c = percentileCurve(encodeHistogram(oneToN(1000)));
  assert.equal(c?.count, 1000);
  assert.deepEqual(c?.points, [
    { p: 0, ms: 0.001 },
    { p: 50, ms: 0.5 },
    { p: 75, ms: 0.75 },
    { p: 90, ms: 0.9 },
    { p: 95, ms: 0.95 },
    { p: 99, ms: 0.99 },
    { p: 99.5, ms: 0.995 },
    { p: 99.9, ms: 0.999 },
    // 99.95 needs 2000 samples: not read.
    { p: 100, ms: 1 },
  ]);
});

test('few samples truncate the curve: 3 samples say p50 and the slowest, 1 sample only itself', () => {
  assert.deepEqual(curveOf(oneToN(3))?.points, [
    { p: 0, ms: 0.001 },
    { p: 50, ms: 0.002 },
    { p: 100, ms: 0.003 },
  ]);
  assert.deepEqual(curveOf(oneToN(1))?.points, [
    { p: 0, ms: 0.001 },
    { p: 100, ms: 0.001 },
  ]);
  assert.deepEqual(
    curveOf(oneToN(19))?.points.map((x) => x.p),
    [0, 50, 75, 90, 100],
    '19 samples: no p95 (it needs 20)',
  );
  assert.deepEqual(
    curveOf(oneToN(20))?.points.map((x) => x.p),
    [0, 50, 75, 90, 95, 100],
  );
});

test('the sample rule: count ≥ 1/(1−p), exact at the boundaries despite floating point', () => {
  for (const [n, p] of [
    [2, 50],
    [100, 99],
    [1000, 99.9],
    [2000, 99.95],
    [10_000, 99.99],
    [100_000, 99.999],
  ] as const) {
    assert.equal(supportsPercentile(n, p), true, `${n} samples support p${p}`);
    assert.equal(supportsPercentile(n - 1, p), false, `${n - 1} samples do not support p${p}`);
  }
  assert.equal(
    supportsPercentile(1_000_000, 100),
    false,
    'p100 is the slowest sample, never a read percentile',
  );
});

test("a committed run of 44 journeys per step: the curve stops at p95 and ends at the step's slowest sample", () => {
  const r = JSON.parse(
    readFileSync(join(ROOT, 'static/reports/load/2026-11-28T06-24-53Z-local.json'), 'utf8'),
  ) as LoadReport;
  const routine = r.load.steps.find((s) => s.id === 'routine')!;
  const c = percentileCurve(routine.histogram)!;
  assert.equal(c.count, routine.latency.count);
  assert.deepEqual(
    c.points.map((x) => x.p),
    [0, 50, 75, 90, 95, 100],
  );
  assert.equal(
    c.points.find((x) => x.p === 50)!.ms,
    routine.latency.p50,
    'the same p50 as the report summary',
  );
  assert.equal(c.points.find((x) => x.p === 95)!.ms, routine.latency.p95);
  for (let i = 1; i < c.points.length; i++) assert.ok(c.points[i]!.ms >= c.points[i - 1]!.ms, 'monotonic');
  assert.ok(
    Math.abs(c.points.at(-1)!.ms - routine.latency.max) < 2,
    'ends at the max (within one HDR bucket)',
  );
});

test('no histogram, one that does not decode, or one without samples: no curve, no throw', () => {
  for (const bad of [
    '',
    undefined,
    'garbage',
    'AAAAAAAAAAAAAAAA',
    '!!!!',
    'HISTFAAAACR4nJNpmSzMwMDAxQABTFCaEUzKf4D',
  ]) {
    assert.equal(percentileCurve(bad), null, JSON.stringify(bad));
  }
  assert.equal(percentileCurve(encodeHistogram(createHistogram())), null, 'an empty histogram');
  const h = createHistogram();
  recordMs(h, 250);
  assert.deepEqual(percentileCurve(encodeHistogram(h))?.count, 1);
});
