import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../runbooks/lib/config/load';
import {
  sloThresholds,
  parseCliThreshold,
  mergeThresholds,
  validateThresholds,
  metricCatalog,
  evaluateThresholds,
  type MetricSource,
} from '../../runbooks/lib/load/thresholds';
import type { RunbookError } from '../../runbooks/lib/errors';

const steps = [
  { id: 'health', knownBroken: false },
  { id: 'routine', knownBroken: false },
  { id: 'insights', knownBroken: true },
];

test('SLO thresholds come from config.slo; knownBroken steps are reported but excluded', async () => {
  const config = await loadConfig();
  const ts = sloThresholds(config, steps);
  const routine = ts.find((t) => t.metric === 'step.routine.latency')!;
  assert.equal(routine.expression, `p(95)<${config.slo.perStep.routine!.p95Ms}`);
  assert.equal(ts.find((t) => t.metric === 'step.health.latency')!.expression, `p(95)<${config.slo.p95Ms}`);
  assert.ok(ts.filter((t) => t.metric.startsWith('step.insights')).every((t) => t.excluded));
  assert.ok(ts.some((t) => t.metric === 'errors' && t.expression === `pct<${config.slo.errorRatePct}`));
  assert.ok(
    ts.some((t) => t.metric === 'journeys.success' && t.expression === `pct>=${config.slo.successRatePct}`),
  );
  validateThresholds(ts, metricCatalog(steps));
});

test('--threshold shorthand: step id means its latency, p95 means p(95); it overrides the SLO one', async () => {
  const t = parseCliThreshold('routine:p95<1', ['health', 'routine']);
  assert.deepEqual([t.metric, t.expression], ['step.routine.latency', 'p(95)<1']);
  const merged = mergeThresholds(sloThresholds(await loadConfig(), steps), [t], true);
  assert.deepEqual(
    merged.filter((x) => x.metric === 'step.routine.latency').map((x) => x.expression),
    ['p(95)<1'],
  );
  assert.ok(merged.filter((x) => !x.excluded).every((x) => x.abortOnFail));
});

test('a threshold on a metric that does not exist is a config error naming it', () => {
  const bad = [
    {
      metric: 'step.checkout.latency',
      expression: 'p(95)<1',
      abortOnFail: false,
      source: 'cli' as const,
      excluded: false,
    },
  ];
  assert.throws(
    () => validateThresholds(bad, metricCatalog(steps)),
    (e: RunbookError) =>
      e.code === 'RB_CONFIG' && e.exitCode === 2 && e.message.includes('step.checkout.latency'),
  );
  const badAgg = [
    { metric: 'errors', expression: 'p(95)<1', abortOnFail: false, source: 'cli' as const, excluded: false },
  ];
  assert.throws(
    () => validateThresholds(badAgg, metricCatalog(steps)),
    (e: RunbookError) => e.code === 'RB_CONFIG',
  );
});

test('evaluation: pass, fail, no data, excluded', () => {
  const src: MetricSource = {
    trend: (m) =>
      m === 'step.routine.latency'
        ? { at: (p) => p * 10, avg: 500, min: 1, max: 1000, count: 100 }
        : m === 'step.health.latency'
          ? { at: () => 0, avg: 0, min: 0, max: 0, count: 0 }
          : undefined,
    rate: (m) => (m === 'errors' ? { hits: 2, total: 100 } : undefined),
    counter: () => undefined,
  };
  const mk = (metric: string, expression: string, excluded = false) => ({
    metric,
    expression,
    abortOnFail: false,
    source: 'slo' as const,
    excluded,
  });
  const v = evaluateThresholds(
    [
      mk('step.routine.latency', 'p(95)<1000'),
      mk('errors', 'pct<1'),
      mk('step.health.latency', 'p(95)<1'),
      mk('errors', 'rate<0.01', true),
    ],
    src,
  );
  assert.deepEqual(
    v.map((x) => [x.status, x.observed]),
    [
      ['pass', 950],
      ['fail', 2],
      ['no-data', null],
      ['excluded', 0.02],
    ],
  );
  assert.equal(v[1]!.name, 'errors: pct<1');
});

test('a time scale divides the SLO latency targets, not the rates', async () => {
  const { loadConfig } = await import('../../runbooks/lib/config/load');
  const { sloThresholds } = await import('../../runbooks/lib/load/thresholds');
  const config = await loadConfig();
  const steps = config.journey.steps.map((s) => ({ id: s.id, knownBroken: s.knownBroken }));
  const real = sloThresholds(config, steps);
  const scaled = sloThresholds(config, steps, false, 20);
  const expr = (ts: typeof real, m: string) => ts.find((t) => t.metric === m)!.expression;
  assert.equal(expr(real, 'step.routine.latency'), `p(95)<${config.slo.perStep.routine!.p95Ms}`);
  assert.equal(expr(scaled, 'step.routine.latency'), `p(95)<${config.slo.perStep.routine!.p95Ms! / 20}`);
  assert.equal(expr(scaled, 'step.health.latency'), `p(95)<${config.slo.p95Ms / 20}`);
  assert.equal(expr(scaled, 'errors'), expr(real, 'errors'));
  assert.equal(expr(scaled, 'journeys.success'), expr(real, 'journeys.success'));
});
