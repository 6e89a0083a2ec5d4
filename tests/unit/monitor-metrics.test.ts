import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  parsePrometheus,
  valueOf,
  select,
  errorRateDelta,
  meanDurationDelta,
  counterDelta,
} from '../../runbooks/lib/metrics';

const recordedText = readFileSync(
  new URL('../fixtures/recorded/gateway-metrics.txt', import.meta.url),
  'utf8',
);

test('parses the recorded gateway /metrics', () => {
  const exp = parsePrometheus(recordedText);
  assert.deepEqual(exp.badLines, []);
  assert.equal(valueOf(exp, 'holisticos_memory_usage_bytes'), 118218752);
  assert.equal(exp.types.holisticos_requests_total, 'counter');
  assert.equal(
    valueOf(exp, 'holisticos_requests_total', { endpoint: 'routine_generation', status: '500' }),
    2,
  );
  assert.equal(select(exp, 'holisticos_requests_total').length, 4);
  assert.equal(
    valueOf(exp, 'holisticos_request_duration_seconds_bucket', {
      endpoint: 'routine_generation',
      le: '+Inf',
    }),
    3,
  );
});

test('labels with escapes, special values and bad lines', () => {
  const exp = parsePrometheus(
    'a{x="q\\"uote",y="line\\nbreak"} 1\nb +Inf\nc NaN 1700000000\nd{broken 1\ne -Inf\n',
  );
  assert.deepEqual(exp.samples[0]!.labels, { x: 'q"uote', y: 'line\nbreak' });
  assert.equal(valueOf(exp, 'b'), Infinity);
  assert.ok(Number.isNaN(valueOf(exp, 'c')));
  assert.equal(valueOf(exp, 'e'), -Infinity);
  assert.deepEqual(exp.badLines, [4]);
});

const scrape = (ok: number, err: number, sum = 0, count = 0) =>
  parsePrometheus(
    [
      `holisticos_requests_total{endpoint="routine_generation",method="POST",status="200"} ${ok}`,
      `holisticos_requests_total{endpoint="routine_generation",method="POST",status="500"} ${err}`,
      `holisticos_request_duration_seconds_sum{endpoint="routine_generation",method="POST"} ${sum}`,
      `holisticos_request_duration_seconds_count{endpoint="routine_generation",method="POST"} ${count}`,
    ].join('\n'),
  );

test('error rate from counter deltas by status (not 2xx = error, as the gateway counts 401/429 as 500)', () => {
  const r = errorRateDelta(scrape(10, 1), scrape(28, 3));
  assert.equal(r.requests, 20);
  assert.equal(r.errors, 2);
  assert.equal(r.ratePct, 10);
  assert.equal(r.reset, false);
  assert.equal(
    errorRateDelta(scrape(5, 0), scrape(5, 0)).ratePct,
    undefined,
    'no traffic is no data, not 0 %',
  );
});

test('a restart (counters went down) counts from zero instead of going negative', () => {
  const r = errorRateDelta(scrape(100, 10), scrape(3, 1));
  assert.equal(r.reset, true);
  assert.equal(r.requests, 4);
  assert.equal(r.errors, 1);
  assert.equal(
    counterDelta(scrape(1, 1), parsePrometheus(''), 'holisticos_requests_total').reset,
    true,
    'vanished series also mean a restart',
  );
});

test('mean duration from histogram _sum/_count deltas', () => {
  const d = meanDurationDelta(scrape(0, 0, 10, 2), scrape(0, 0, 16, 4));
  assert.equal(d.count, 2);
  assert.equal(d.meanMs, 3000);
  assert.equal(meanDurationDelta(scrape(0, 0, 1, 1), scrape(0, 0, 1, 1)).meanMs, undefined);
});
