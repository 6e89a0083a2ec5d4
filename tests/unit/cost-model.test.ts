import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../runbooks/lib/config/load';
import {
  costLines,
  costPerJourney,
  errorPct,
  judgeValidation,
  project,
  type ValidationInput,
} from '../../runbooks/lib/cost/model';
import { costSection, costVerdicts } from '../../runbooks/lib/cost/analyze';
import { accountingDelta, readRateLimits, readSandboxAccounting } from '../../runbooks/lib/cost/accounting';
import { endpointsOf } from '../../runbooks/lib/cost/validate-run';
import { validateReport } from '../../runbooks/lib/report/schema';

const config = await loadConfig();

test('cost per journey sums the counted steps; knownBroken insights is left out unless asked', () => {
  const lines = costLines(config, { countKnownBroken: false });
  assert.deepEqual(
    lines.map((l) => [l.step, l.costKey, l.counted]),
    [
      ['health', null, false],
      ['routine', 'routine_generation', true],
      ['nutrition', 'nutrition_generation', true],
      ['insights', 'insights_generation', false],
    ],
  );
  assert.equal(costPerJourney(lines), 0.04);
  assert.equal(costPerJourney(costLines(config, { countKnownBroken: true })), 0.05);
});

test('projection = cost per journey × journeys per user per day × users, against the target and the alert', () => {
  const p = project(0.04, 100, 1, { targetPerUserPerDayUsd: 0.1, dailyAlertUsd: 50 });
  assert.equal(p.perUserPerDayUsd, 0.04);
  assert.equal(p.dailyUsd, 4);
  assert.equal(p.monthlyUsd, 120);
  assert.equal(p.usersAtDailyAlert, 1250);
  const heavy = project(0.04, 2000, 3, { targetPerUserPerDayUsd: 0.1, dailyAlertUsd: 50 });
  assert.equal(heavy.perUserPerDayUsd, 0.12);
  assert.equal(heavy.dailyUsd, 240);
  const s = costSection(config, { users: 2000, journeysPerUserPerDay: 3, countKnownBroken: false }, null);
  const v = costVerdicts(s);
  assert.deepEqual(
    v.map((x) => [x.metric, x.status]),
    [
      ['cost.per_user_per_day_usd', 'fail'],
      ['cost.daily_usd', 'fail'],
    ],
  );
  assert.deepEqual(
    costVerdicts(
      costSection(config, { users: 100, journeysPerUserPerDay: 1, countKnownBroken: false }, null),
    ).map((x) => x.status),
    ['pass', 'pass'],
  );
});

test('error percent is (projected − accounted) / accounted', () => {
  assert.equal(errorPct(1.2, 1), 20);
  assert.equal(errorPct(0.8, 1), -20);
  assert.equal(errorPct(0.56, 0.56), 0);
  assert.equal(errorPct(0.5, 0.4), 25);
  assert.equal(errorPct(1, 0), null);
});

const input = (o: Partial<ValidationInput>): ValidationInput => ({
  source: 'rate-limits',
  run: { runId: 'r', users: 1, durationMs: 1000, requests: 8, journeysCompleted: 2 },
  endpoints: [
    {
      costKey: 'routine_generation',
      step: 'routine',
      callsMade: 10,
      okCalls: 10,
      projectedUsd: 0.2,
      accountedCalls: null,
      accountedUsd: null,
    },
    {
      costKey: 'nutrition_generation',
      step: 'nutrition',
      callsMade: 10,
      okCalls: 10,
      projectedUsd: 0.2,
      accountedCalls: null,
      accountedUsd: null,
    },
  ],
  accountedUsd: 0.4,
  redisAvailable: true,
  rateLimitsDeltaUsd: 0.4,
  tolerancePct: 20,
  ...o,
});

test('validation passes within the tolerance, fails outside it, and is inconclusive without Redis', () => {
  assert.equal(judgeValidation(input({})).status, 'pass');
  assert.equal(judgeValidation(input({ accountedUsd: 0.34 })).status, 'pass'); // +17.65 %
  const fail = judgeValidation(input({ accountedUsd: 0.3 }));
  assert.equal(fail.status, 'fail');
  assert.equal(fail.errorPct, 33.33);
  const noRedis = judgeValidation(input({ accountedUsd: 0, redisAvailable: false }));
  assert.equal(noRedis.status, 'inconclusive');
  assert.match(noRedis.reason, /redis_available false/);
  assert.equal(noRedis.errorPct, null);
  assert.equal(judgeValidation(input({ accountedUsd: null })).status, 'inconclusive');
});

test('the projection for a run counts calls made × per-call price, knownBroken steps at 0', () => {
  const steps = [
    { id: 'health', requests: 5, ok: 5 },
    { id: 'routine', requests: 5, ok: 4 },
    { id: 'nutrition', requests: 4, ok: 4 },
    { id: 'insights', requests: 4, ok: 0 },
  ] as never;
  const e = endpointsOf(config, { steps }, false);
  assert.deepEqual(
    e.map((x) => [x.step, x.callsMade, x.projectedUsd]),
    [
      ['routine', 5, 0.1],
      ['nutrition', 4, 0.08],
      ['insights', 4, 0],
    ],
  );
  assert.equal(endpointsOf(config, { steps }, true)[2]!.projectedUsd, 0.04);
});

test('accounting snapshots: the rate-limits and sandbox shapes, and their delta', () => {
  assert.deepEqual(
    readRateLimits({ rate_limiting: { redis_available: false }, cost_tracking: { total_cost_today: 0 } }),
    { totalCostToday: 0, redisAvailable: false },
  );
  assert.equal(readRateLimits({ detail: 'Not Found' }), null);
  const before = {
    rateLimits: { totalCostToday: 1, redisAvailable: true },
    sandbox: readSandboxAccounting({
      total_cost_usd: 1,
      endpoints: { routine_generation: { calls: 50, charged: 50, costUsd: 1 } },
    }),
  };
  const after = {
    rateLimits: { totalCostToday: 1.3, redisAvailable: true },
    sandbox: readSandboxAccounting({
      total_cost_usd: 1.3,
      endpoints: { routine_generation: { calls: 70, charged: 65, costUsd: 1.3 } },
    }),
  };
  const d = accountingDelta(before, after);
  assert.equal(d.rateLimitsUsd, 0.3);
  assert.equal(d.sandboxTotalUsd, 0.3);
  assert.deepEqual(d.sandbox, { routine_generation: { calls: 15, costUsd: 0.3 } });
  // A counter that went down (restart, midnight) gives no delta rather than a negative cost.
  assert.equal(accountingDelta(after, before).rateLimitsUsd, null);
});

test('a cost section with its verdicts fits the report schema', () => {
  const section = costSection(
    config,
    { users: 100, journeysPerUserPerDay: 1, countKnownBroken: false },
    judgeValidation(input({})),
  );
  const report = {
    schemaVersion: 1,
    runId: 'x',
    tool: { name: 't', version: '0', script: 'cost' },
    git: { sha: null, dirty: null },
    target: {
      url: 'http://127.0.0.1:1',
      environment: 'local',
      loopback: true,
      protected: false,
      sandbox: false,
    },
    host: { node: 'v20', platform: 'linux', cpus: 2 },
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:01.000Z',
    partial: false,
    invalid: false,
    invalidReasons: [],
    config: {},
    verdict: { status: 'pass', failures: [], thresholds: costVerdicts(section) },
    kind: 'cost',
    cost: section,
  };
  const v = validateReport(report);
  assert.ok(v.ok, v.ok ? '' : v.errors.join('\n'));
  assert.equal(validateReport({ ...report, cost: { ...section, costPerJourneyUsd: -1 } }).ok, false);
});
