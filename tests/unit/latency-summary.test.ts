// Latency summaries cannot contradict themselves: whatever made them (an HDR histogram, an
// imported engine's summary, a version-1 report), no percentile is above the max or below
// the min, the mean is within [min, max], and the percentiles never decrease.
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import {
  createHistogram,
  latencySummary,
  percentileMs,
  recordMs,
  summarize,
  type LatencySummary,
} from '../../runbooks/lib/load/hist';
import { curveOf } from '../../runbooks/lib/load/percentiles';
import { toLatency, percentileOf } from '../../runbooks/lib/scale/artillery-metrics';
import { consistentSummaries } from '../../runbooks/lib/report/legacy';
import { validateReport } from '../../runbooks/lib/report/schema';
import { ROOT } from '../helpers/root';
import { formatLatencyBrief, formatPercentile, samplesForPercentile } from '../../runbooks/lib/units/index';

/** Every way a summary could contradict itself, as a list of complaints (empty: consistent). */
function contradictions(s: LatencySummary): string[] {
  const out: string[] = [];
  for (const k of ['mean', 'p50', 'p90', 'p95', 'p99'] as const) {
    if (s[k] > s.max) out.push(`${k} ${s[k]} > max ${s.max}`);
    if (s[k] < s.min) out.push(`${k} ${s[k]} < min ${s.min}`);
  }
  if (!(s.p50 <= s.p90 && s.p90 <= s.p95 && s.p95 <= s.p99)) out.push('percentiles decrease');
  for (const [k, v] of Object.entries(s))
    if (Math.round(v * 1000) / 1000 !== v) out.push(`${k} ${v} not in µs`);
  return out;
}

const histOf = (...ms: number[]) => {
  const h = createHistogram();
  for (const v of ms) recordMs(h, v);
  return h;
};

test('one sample: every figure is that sample (the routine call of the issue: 13490.787 ms)', () => {
  const s = summarize(histOf(13490.787));
  assert.deepEqual(s, {
    count: 1,
    min: 13490.787,
    mean: 13490.787,
    p50: 13490.787,
    p90: 13490.787,
    p95: 13490.787,
    p99: 13490.787,
    max: 13490.787,
  });
  assert.equal(percentileMs(histOf(13490.787), 99), 13490.787, 'the live view and thresholds read the same');
});

test('two samples: percentiles within [min, max], the mean their mean', () => {
  for (const [a, b] of [
    [12.3, 15.9],
    [13_488.1, 14_020.7],
    [0.4, 0.4],
    [1, 3_600_000],
  ] as const) {
    const s = summarize(histOf(a, b));
    assert.deepEqual(contradictions(s), [], `${a}, ${b}: ${JSON.stringify(s)}`);
    assert.equal(s.count, 2);
    assert.equal(s.min, a);
    assert.equal(s.max, b);
    assert.ok(Math.abs(s.mean - (a + b) / 2) <= (b - a) / 1000 + 0.001, `mean ${s.mean}`);
  }
});

test('many samples whose p99 falls in the max bucket: p99 is the max, not the top of its bucket', () => {
  // 44 samples like the committed example's routine step: HDR's p99 was 2600.959 with a max of 2599.64.
  const values = Array.from({ length: 44 }, (_, i) => 695.788 + i * ((2599.64 - 695.788) / 43));
  const s = summarize(histOf(...values));
  assert.deepEqual(contradictions(s), []);
  assert.equal(s.p99, 2599.64);
  assert.equal(s.max, 2599.64);
});

test('a percentile curve starts at the fastest sample and ends at the slowest', () => {
  const c = curveOf(histOf(13490.787))!;
  assert.deepEqual(c.points, [
    { p: 0, ms: 13490.787 },
    { p: 100, ms: 13490.787 },
  ]);
  const two = curveOf(histOf(12.3, 15.9))!;
  assert.deepEqual(
    two.points.map((x) => x.ms),
    [12.3, 12.303, 15.9],
  );
});

test("an imported engine's summary is made consistent by the same rule", () => {
  // Artillery's own p99 above its max, and a mean below its min (as its summaries can have).
  const art = {
    count: 2,
    min: 10.2,
    max: 20.4,
    mean: 10.1,
    p50: 10.2,
    p75: 20.5,
    p90: 20.9,
    p95: 21,
    p99: 21.7,
  };
  const s = toLatency(art);
  assert.deepEqual(contradictions(s), [], JSON.stringify(s));
  assert.equal(s.mean, 10.2);
  assert.equal(s.p99, 20.4);
  assert.equal(percentileOf(art, 99), 20.4, 'thresholds on an import read the same figure');
  assert.deepEqual(toLatency({ count: 1, min: 13.5, max: 13.5, mean: 13.5, p50: 13.5, p99: 14 }).p99, 13.5);
});

test('latencySummary: rounded once, to whole µs, after clamping', () => {
  const s = latencySummary({
    count: 3,
    min: 1.0004,
    max: 2.0006,
    mean: 0.5,
    at: (p) => (p === 50 ? 1.5 : 9),
  });
  assert.deepEqual(s, {
    count: 3,
    min: 1,
    mean: 1,
    p50: 1.5,
    p90: 2.001,
    p95: 2.001,
    p99: 2.001,
    max: 2.001,
  });
  assert.deepEqual(contradictions(s), []);
  assert.deepEqual(latencySummary({ count: 0, min: 0, max: 0, mean: 0, at: () => 5 }), {
    count: 0,
    min: 0,
    mean: 0,
    p50: 0,
    p90: 0,
    p95: 0,
    p99: 0,
    max: 0,
  });
});

test('a version-1 report is read with its summaries made consistent; other fields untouched', () => {
  const v1 = {
    load: {
      steps: [
        {
          id: 'routine',
          latency: {
            count: 1,
            min: 13490.787,
            mean: 13488.128,
            p50: 13492.223,
            p90: 13492.223,
            p95: 13492.223,
            p99: 13492.223,
            max: 13490.787,
          },
          histogram: 'HISTF…',
        },
      ],
      timeSeries: [{ t: 1, steps: { routine: { requests: 1, errors: 0, p50: 13492.223, p95: 13492.223 } } }],
    },
  };
  const out = consistentSummaries(v1);
  assert.deepEqual(contradictions(out.load.steps[0]!.latency), []);
  assert.equal(out.load.steps[0]!.latency.p99, 13490.787);
  assert.equal(out.load.steps[0]!.histogram, 'HISTF…');
  assert.deepEqual(out.load.timeSeries, v1.load.timeSeries, 'a per-second row is not a summary');
  assert.equal(v1.load.steps[0]!.latency.p99, 13492.223, 'the input is not changed');
});

test('every committed report reads without a contradicting summary, whatever its schema version', () => {
  const seen: string[] = [];
  for (const kind of ['load', 'stress', 'benchmark', 'cost']) {
    const dir = join(ROOT, 'static/reports', kind);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      const v = validateReport(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      assert.ok(v.ok, `${kind}/${name}`);
      const walk = (x: unknown, path: string): void => {
        if (!x || typeof x !== 'object') return;
        const o = x as Record<string, unknown>;
        if (
          ['count', 'min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max'].every((k) => typeof o[k] === 'number')
        ) {
          seen.push(path);
          assert.deepEqual(contradictions(o as unknown as LatencySummary), [], `${kind}/${name} ${path}`);
          return;
        }
        for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
      };
      walk(v.report, '');
    }
  }
  assert.ok(seen.length > 50, `summaries checked: ${seen.length}`);
});

test('a percentile is shown as what its samples make it: "–" without samples, "·" with too few, and one sample is the value', () => {
  assert.deepEqual([50, 90, 95, 99].map(samplesForPercentile), [2, 10, 20, 100]);
  assert.equal(formatPercentile(0, 50, 0), '–', 'no data is never "0 ms"');
  assert.equal(formatPercentile(1, 50, 13_490.787), '·');
  assert.equal(formatPercentile(2, 50, 12.303), '12.3 ms');
  assert.equal(formatPercentile(19, 95, 900), '·');
  assert.equal(formatPercentile(20, 95, 900), '900 ms');
  assert.equal(formatPercentile(99, 99, 900), '·');
  const one = summarize(histOf(13490.787));
  assert.equal(formatLatencyBrief(one), '13.5 s (one sample)');
  assert.equal(
    formatLatencyBrief(summarize(histOf(12.3, 15.9))),
    'p50 12.3 ms, max 15.9 ms (2 samples: too few for a p95)',
  );
  assert.match(
    formatLatencyBrief(summarize(histOf(...Array.from({ length: 40 }, (_, i) => 100 + i)))),
    /^p50 \d+ ms, p95 \d+ ms \(40 samples\)$/,
  );
  assert.equal(formatLatencyBrief({ count: 0, p50: 0, p95: 0, max: 0 }), 'no samples');
});
