import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  validateReport,
  assertReport,
  REPORT_SCHEMA_VERSION,
  reportPaths,
  fileStamp,
  verdictFailures,
} from '../../runbooks/lib/report/index';
import { decodeHistogram } from '../../runbooks/lib/load/hist';
import { join } from 'node:path';
import { REPO_ROOT, publishDir, stateDir } from '../../runbooks/lib/config/load';

const lat = { count: 3, min: 1, mean: 2, p50: 2, p90: 3, p95: 3, p99: 3, max: 3 };
const errors = {
  http: 1,
  'soft-failure': 0,
  'bad-body': 0,
  timeout: 0,
  connection: 0,
  byStatus: { '500': 1 },
};
const base = {
  schemaVersion: REPORT_SCHEMA_VERSION,
  runId: 'r1',
  tool: { name: 'holisticos-ops-handbook', version: '0.1.0', script: 'load' },
  git: { sha: null, dirty: null },
  target: {
    url: 'http://127.0.0.1:8001',
    environment: 'local',
    loopback: true,
    protected: false,
    sandbox: true,
  },
  host: { node: 'v20', platform: 'linux-x64', cpus: 2 },
  startedAt: '2025-11-28T05:00:00.000Z',
  endedAt: '2025-11-28T05:00:20.000Z',
  partial: false,
  invalid: false,
  invalidReasons: [],
  config: { model: { type: 'closed', users: 1, thinkMs: 0 } },
  verdict: {
    status: 'pass',
    failures: [],
    thresholds: [
      {
        name: 'errors: pct<1',
        metric: 'errors',
        expression: 'pct<1',
        abortOnFail: false,
        source: 'slo',
        excluded: false,
        observed: 0,
        status: 'pass',
      },
    ],
  },
};
const load = {
  model: { type: 'closed', users: 1, thinkMs: 0 },
  stoppedBy: 'duration',
  elapsedMs: 20_000,
  sendWindowMs: 20_000,
  requests: 3,
  rps: 0.15,
  journeys: {
    started: 1,
    completed: 1,
    succeeded: 1,
    failed: 0,
    interrupted: 0,
    late: 0,
    lateByGenerator: 0,
    dropped: 0,
    successRatePct: 100,
    latency: lat,
    sendLatency: lat,
    histogram: '',
    sendHistogram: '',
  },
  steps: [
    {
      id: 'health',
      knownBroken: false,
      requests: 3,
      ok: 2,
      errors,
      interrupted: 0,
      latency: lat,
      sendLatency: lat,
      histogram: '',
      sendHistogram: '',
    },
  ],
  errors,
  errorReasons: [],
  timeSeries: [
    {
      t: 1,
      requests: 3,
      errors: 1,
      journeysStarted: 1,
      inFlight: 0,
      target: 1,
      steps: { health: { requests: 3, errors: 1, p50: 2, p95: 3 } },
      generator: { cpuPct: 3, loopDelayP99Ms: 10 },
    },
  ],
  windows: [],
  rate: null,
  generator: {
    cpuPctMean: 3,
    cpuPctMax: 3,
    saturatedSecondsPct: 0,
    loopDelayP99Ms: 10,
    loopDelayMaxMs: 10,
    rssStartMb: 80,
    rssEndMb: 81,
  },
};

test('a load report validates; a broken one names the field', () => {
  assert.equal(validateReport({ ...base, kind: 'load', load }).ok, true);
  const bad = validateReport({
    ...base,
    kind: 'load',
    load: { ...load, steps: [{ ...load.steps[0], latency: { ...lat, p95: 'slow' } }] },
  });
  assert.equal(bad.ok, false);
  assert.ok(!bad.ok && bad.errors.some((e) => e.startsWith('load.steps.0.latency.p95')));
  assert.throws(
    () => assertReport({ ...base, kind: 'nope' }),
    (e: { code: string }) => e.code === 'RB_REPORT',
  );
});

test('another schema version is refused with a clear message; an unknown kind is refused', () => {
  const v = validateReport({ ...base, schemaVersion: 99, kind: 'load', load });
  assert.ok(!v.ok && /version/.test(v.errors[0]!));
  const k = validateReport({ ...base, kind: 'latency', load });
  assert.ok(!k.ok && k.errors[0]!.startsWith('kind'));
});

test('paths: a local copy always; --publish under static/reports/<kind>/<timestamp>-<env>.json', () => {
  const report = { kind: 'load', startedAt: '2025-11-28T05:34:00.123Z', target: base.target } as const;
  const paths = reportPaths(report, {
    stateDir: stateDir({}),
    publishDir: publishDir({}),
    publish: true,
    out: '/tmp/x.json',
  });
  assert.deepEqual(paths, [
    join(REPO_ROOT, '.runbooks/reports/load/2025-11-28T05-34-00Z-local.json'),
    join(REPO_ROOT, 'static/reports/load/2025-11-28T05-34-00Z-local.json'),
    '/tmp/x.json',
  ]);
  const moved = { RUNBOOKS_STATE_DIR: '/state', RUNBOOKS_PUBLISH_DIR: '/site-reports' };
  assert.deepEqual(
    reportPaths(report, { stateDir: stateDir(moved), publishDir: publishDir(moved), publish: true }),
    [
      '/state/reports/load/2025-11-28T05-34-00Z-local.json',
      '/site-reports/load/2025-11-28T05-34-00Z-local.json',
    ],
  );
  assert.equal(fileStamp('2025-11-28T05:34:00.999Z'), '2025-11-28T05-34-00Z');
});

test('verdict failures name the threshold and a short arrival rate', () => {
  const f = verdictFailures([{ ...base.verdict.thresholds[0]!, status: 'fail', observed: 3 } as never], {
    rate: {
      targetJourneys: 100,
      startedJourneys: 50,
      targetRate: 10,
      achievedRate: 5,
      ratio: 0.5,
      ok: false,
    },
    stoppedBy: 'duration',
    steps: [],
  });
  assert.equal(f[0], 'threshold breached: errors: pct<1 (observed 3)');
  assert.match(f[1]!, /below 95 %/);
});

test('histograms in reports decode and keep their percentiles', async () => {
  const { createHistogram, recordMs, encodeHistogram, summarize } =
    await import('../../runbooks/lib/load/hist');
  const h = createHistogram();
  for (let i = 1; i <= 1000; i++) recordMs(h, i);
  const back = decodeHistogram(encodeHistogram(h));
  const { max: _m1, ...a } = summarize(back);
  const { max: _m2, ...b } = summarize(h);
  assert.deepEqual(a, b);
  assert.ok(Math.abs(summarize(h).p95 - 950) < 1);
});
