// --import artillery, on reports recorded here from real Artillery 2.0.21 runs of exported
// scripts against the sandbox (tests/fixtures/artillery/README.md): per-step latency and
// counts as Artillery measured them, judged by the thresholds of a local run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../runbooks/lib/config/load';
import { resolveTarget } from '../../runbooks/lib/target/resolve';
import { prepareLoad } from '../../runbooks/lib/load/run';
import { assertReport } from '../../runbooks/lib/report/schema';
import { isRunbookError } from '../../runbooks/lib/errors';
import { importArtillery, timesInstances } from '../../runbooks/lib/scale/artillery-import';
import { parseArtilleryReport } from '../../runbooks/lib/scale/artillery-report';
import { scalePlan, type ScaleFlags } from '../../runbooks/lib/scale/plan';
import { ROOT } from '../helpers/run';

const config = await loadConfig(join(ROOT, 'runbooks.config.ts'));
const target = resolveTarget(config, { env: 'local', url: 'http://127.0.0.1:8001' }, {});
const flags = (f: Partial<ScaleFlags>): ScaleFlags => ({
  duration: 60_000,
  think: 0,
  grace: 10_000,
  only: [],
  threshold: [],
  abortOnFail: false,
  countKnownBroken: false,
  timeScale: 1,
  ...f,
});
const prov = { tool: { name: 'holisticos-ops-handbook', version: '0.1.0' }, git: { sha: null, dirty: null } };
const fixture = (name: string) => {
  const text = readFileSync(join(ROOT, 'tests/fixtures/artillery', name), 'utf8');
  return { text, json: JSON.parse(text) };
};
const imported = (
  name: string,
  f: Partial<ScaleFlags>,
  opts: { workloadGiven?: boolean; instances?: number } = {},
) => {
  const { text, json } = fixture(name);
  return importArtillery({
    config,
    plan: scalePlan(config, flags(f)),
    workloadGiven: opts.workloadGiven ?? true,
    report: parseArtilleryReport(json, name),
    text,
    file: name,
    target,
    prov,
    engine: { name: 'artillery', version: '2.0.21', instances: opts.instances ?? 1 },
  });
};

test('a clean run: per-step p95 as Artillery measured it, counts, and a pass by the SLOs of a local run', () => {
  const r = imported('sandbox-3-users.json', { users: 3, duration: 12_000 });
  assertReport(r);
  const agg = fixture('sandbox-3-users.json').json.aggregate;
  for (const s of r.load.steps) {
    const sum = agg.summaries[`plugins.metrics-by-endpoint.response_time.${s.id}`];
    assert.equal(s.latency.p95, sum.p95, `${s.id} p95`);
    assert.equal(s.latency.p50, sum.p50, `${s.id} p50`);
    assert.equal(s.latency.count, sum.count, `${s.id} count`);
    assert.equal(s.requests, 480, s.id);
  }
  assert.deepEqual(
    r.load.steps.map((s) => [s.id, s.ok]),
    [
      ['health', 480],
      ['routine', 480],
      ['nutrition', 480],
      ['insights', 0],
    ],
  );
  assert.deepEqual(r.load.steps.find((s) => s.id === 'insights')!.errors.byStatus, { '500': 480 });
  assert.equal(r.load.journeys.succeeded, 480);
  assert.equal(r.load.journeys.successRatePct, 100);
  assert.deepEqual(r.engine, { name: 'artillery', version: '2.0.21', instances: 1 });
  assert.equal(r.target.sandbox, true, 'the local environment on loopback');
  assert.equal(r.verdict.status, 'pass', r.verdict.failures.join('; '));
  // The very thresholds load.ts would judge a local run of this workload by.
  const local = prepareLoad(
    config,
    target,
    { ...flags({ users: 3, duration: 12_000 }), threshold: [], abortOnFail: false, countKnownBroken: false },
    'x',
  );
  assert.deepEqual(
    r.verdict.thresholds.map((t) => [t.name, t.excluded]),
    local.thresholds.map((t) => [`${t.metric}: ${t.expression}`, t.excluded]),
  );
  assert.deepEqual(
    r.verdict.thresholds.find((t) => t.metric === 'step.routine.latency')!.observed,
    agg.summaries['plugins.metrics-by-endpoint.response_time.routine'].p95,
  );
  assert.equal(r.verdict.thresholds.find((t) => t.metric === 'step.insights.errors')!.status, 'excluded');
  assert.equal(r.load.timeSeries.length, 2, 'one point per Artillery period');
  assert.ok(r.load.timeSeries.every((s) => s.requests > 0 && s.steps.routine!.p95 > 0));
  assert.equal(r.load.windows.length, 2);
});

test('a run with fallback plans: soft failures per step, the failing journeys, and a FAIL naming the thresholds', () => {
  const r = imported('sandbox-openai-rate-limit.json', { users: 2, duration: 4_000 });
  const routine = r.load.steps.find((s) => s.id === 'routine')!;
  assert.equal(routine.requests, 149);
  assert.equal(routine.errors['soft-failure'], 149, 'HTTP 200 with a fallback plan is a failure');
  assert.equal(routine.errors.http, 0);
  assert.equal(
    r.load.steps.find((s) => s.id === 'nutrition')!.requests,
    0,
    'Artillery ends a journey at its first failed step',
  );
  assert.equal(r.load.journeys.failed, 149);
  assert.equal(r.verdict.status, 'fail');
  assert.deepEqual(r.verdict.failures, [
    'threshold breached: errors: pct<1 (observed 50)',
    `threshold breached: journeys.success: pct>=${config.slo.successRatePct} (observed 0)`,
  ]);
  assert.equal(r.verdict.thresholds.find((t) => t.metric === 'step.nutrition.latency')!.status, 'no-data');
  assert.match(r.load.errorReasons[0]!.reason, /fallback plan/);
});

test('--instances multiplies the workload; without workload flags it is inferred, without a rate check', () => {
  const ten = imported('sandbox-3-users.json', { users: 3, duration: 12_000 }, { instances: 10 });
  assert.deepEqual(ten.load.model, { type: 'closed', users: 30, thinkMs: 0 });
  assert.equal(ten.engine!.instances, 10);
  assert.deepEqual(
    timesInstances(
      { type: 'open', rate: 0.5, maxInFlight: 15, stages: [{ durationMs: 1000, target: 2 }] },
      4,
    ),
    { type: 'open', rate: 2, maxInFlight: 60, stages: [{ durationMs: 1000, target: 8 }] },
  );
  const open = imported('sandbox-3-users.json', { rate: 50, duration: 12_000 });
  assert.deepEqual(
    [open.load.rate!.targetJourneys, open.load.rate!.startedJourneys, open.load.rate!.ok],
    [600, 480, false],
  );
  assert.match(open.verdict.failures.at(-1)!, /achieved rate 40\/s is below 95 % of the target 50\/s/);
  const inferred = imported('sandbox-3-users.json', {}, { workloadGiven: false });
  assert.equal(inferred.load.model.type, 'open');
  assert.equal(inferred.load.rate, null);
  assert.match(String(inferred.config.workload), /inferred/);
});

test('not an Artillery report: a usage error that says what the file lacks', () => {
  const usage = (json: unknown, re: RegExp) =>
    assert.throws(
      () => parseArtilleryReport(json, 'x.json'),
      (e: unknown) => isRunbookError(e) && e.exitCode === 2 && re.test(e.message),
    );
  usage({}, /x\.json is not an Artillery JSON report: aggregate: required/);
  usage([1, 2], /not an Artillery JSON report/);
  usage({ aggregate: { counters: {}, summaries: {} }, intermediate: [] }, /aggregate\.firstMetricAt/);
  usage({ schemaVersion: 1, kind: 'load' }, /already a handbook report/);
  const { json } = fixture('sandbox-3-users.json');
  const foreign = {
    ...json,
    aggregate: { ...json.aggregate, counters: { 'http.requests': 3 }, summaries: {} },
  };
  assert.throws(
    () =>
      importArtillery({
        config,
        plan: scalePlan(config, flags({ users: 1 })),
        workloadGiven: true,
        report: parseArtilleryReport(foreign, 'f.json'),
        text: '{}',
        file: 'f.json',
        target,
        prov,
        engine: { name: 'artillery', version: '2.0.21', instances: 1 },
      }),
    /no per-step metrics for the journey/,
  );
});
