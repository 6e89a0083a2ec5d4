import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  recommend,
  endpointLimits,
  stressFailures,
  KNEE_MIN_STEPS,
  type StressLimits,
} from '../../runbooks/lib/load/stress';
import type { StressReport, StressStep } from '../../runbooks/lib/report/stress';
import { formatStressStep, formatStressSummary } from '../../runbooks/lib/report/format-stress';

const lat = (p95: number) => ({
  count: 10,
  min: 1,
  mean: p95 / 2,
  p50: p95 / 2,
  p90: p95,
  p95,
  p99: p95,
  max: p95,
});
const errors = { http: 0, 'soft-failure': 0, 'bad-body': 0, timeout: 0, connection: 0, byStatus: {} };
const step = (users: number, jps: number, succ: number, p95: number): StressStep => ({
  users,
  durationMs: 1000,
  throughputRps: jps * 4,
  journeysPerS: jps,
  successRatePct: succ,
  p95Ms: p95,
  endpoints: {
    routine: { knownBroken: false, requests: 10, ok: 10, latency: lat(p95) },
    insights: { knownBroken: true, requests: 10, ok: 0, latency: lat(99_999) },
  },
  errors,
  invalid: false,
  partial: false,
});
const limits: StressLimits = {
  stopSuccessPct: 80,
  failSuccessPct: 95,
  failP95Ms: 10_000,
  p95MsByEndpoint: { routine: 60_000 },
  backoffUsers: 5,
};

test("the brief's rule: back off 5 users from the first step failing success, never above the last passing step", () => {
  const r = recommend(
    [step(1, 1, 100, 1000), step(5, 4.8, 100, 1100), step(10, 9, 100, 1300), step(15, 12, 92, 2000)],
    limits,
  );
  assert.equal(r.byRule.firstFailingUsers, 15);
  assert.equal(r.byRule.maxUsers, 10);
});

test('p95 limits are per endpoint: max(brief limit, SLO p95); known-broken endpoints are ignored', () => {
  assert.deepEqual(endpointLimits(['health', 'routine'], 10_000, { routine: { p95Ms: 60_000 } }, 20), {
    health: 500,
    routine: 3000,
  });
  const r = recommend([step(1, 1, 100, 50_000), step(5, 4.5, 100, 61_000)], limits);
  assert.equal(r.byRule.firstFailingUsers, 5);
  assert.match(r.byRule.reason, /routine p95 61000 ms > 60000 ms/);
});

test('the knee: the added users bring little throughput while p95 climbs', () => {
  const r = recommend(
    [
      step(1, 1, 100, 1000),
      step(5, 4.6, 100, 1100),
      step(10, 8.5, 100, 1200),
      step(15, 9, 100, 1900),
      step(20, 9.1, 100, 2600),
    ],
    limits,
  );
  assert.equal(r.byKnee?.kneeAtUsers, 15);
  assert.equal(r.byKnee?.maxUsers, 10);
  assert.equal(r.byRule.firstFailingUsers, null);
  assert.equal(r.maxUsers, 10);
});

test('the verdict: a recommendation below the capacity target fails, naming the limit that broke at which step', () => {
  const target = 15;
  // Every step passed, but the run never reached the target: it cannot show 15 users are served.
  const low = [step(1, 1, 100, 1000), step(2, 1.9, 100, 1100)];
  assert.deepEqual(stressFailures(low, recommend(low, limits), limits, target), [
    'recommended maximum 2 users is below the target of 15 concurrent users (slo.concurrentUsers); the highest step run was 2 users',
  ]);
  // The first step already failed: nothing met the limits, and the failure says what broke where.
  const none = [step(1, 0, 0, 61_000)];
  assert.deepEqual(stressFailures(none, recommend(none, limits), limits, target), [
    "no step met the limits (success ≥ 95% and each endpoint's p95 limit)",
    'recommended maximum 0 users is below the target of 15 concurrent users (slo.concurrentUsers); the highest step run was 1 users',
    'at 1 users: success 0% < 95%; routine p95 61000 ms > 60000 ms',
  ]);
  // Up to 20 users met the limits, 25 did not: backed off to 20, above the target — a pass.
  const good = [
    step(1, 1, 100, 1000),
    step(10, 9.8, 100, 1100),
    step(20, 19, 100, 1300),
    step(25, 20, 90, 2000),
  ];
  const rec = recommend(good, limits);
  assert.equal(rec.maxUsers, 20);
  assert.deepEqual(stressFailures(good, rec, limits, target), []);
  assert.deepEqual(stressFailures(good, rec, limits, 21).at(-1), 'at 25 users: success 90% < 95%');
  assert.deepEqual(stressFailures([], recommend([], limits), limits, target), ['no step ran']);
});

test('a knee is only looked for across two steps: one step gives none, whatever its throughput', () => {
  assert.equal(KNEE_MIN_STEPS, 2);
  assert.equal(recommend([step(1, 5, 100, 1000)], limits).byKnee, null);
});

test('the terminal shows one sample as itself and too few for a p95 as the slowest, never as a p99', () => {
  const one = {
    ...lat(13_490.787),
    count: 1,
    min: 13_490.787,
    mean: 13_490.787,
    p50: 13_490.787,
    p90: 13_490.787,
  };
  const s: StressStep = {
    ...step(1, 0, 0, 13_490.787),
    endpoints: { routine: { knownBroken: false, requests: 1, ok: 0, latency: one } },
  };
  assert.match(formatStressStep(s), /success {3}0\.0% {2}max {3}13\.5 s \(n=1\)/);
  const report = {
    partial: false,
    runId: 'r1',
    target: { sandbox: false },
    invalid: false,
    invalidReasons: [],
    verdict: { status: 'fail', failures: ['recommended maximum 0 users is below the target of 15'] },
    stress: {
      stepDurationMs: 30_000,
      plannedSteps: [1],
      targetUsers: 15,
      steps: [s],
      stoppedEarly: null,
      recommendation: recommend([s], limits),
      limits,
    },
  } as unknown as StressReport;
  const text = formatStressSummary(report);
  assert.match(text, /13\.5 s \(1 sample\)/);
  assert.doesNotMatch(text, /13\.5 s\/|·\/·\/·/);
  assert.match(text, /knee: not judged: a knee needs at least 2 steps, and 1 ran/);
  assert.match(text, /recommended maximum: none — no step met the limits \(target 15\)/);
  assert.match(text, /^verdict: FAIL — recommended maximum 0 users is below the target of 15$/m);
});
