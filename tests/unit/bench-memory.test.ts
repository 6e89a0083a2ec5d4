import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../runbooks/lib/config/load';
import type { HttpRequest, HttpResponse } from '../../runbooks/lib/http/client';
import {
  MemorySampler,
  memorySources,
  readTargetMemory,
  summarizeMemory,
} from '../../runbooks/lib/benchmark/memory';
import { capacityStep, maxUsersAtSlo } from '../../runbooks/lib/benchmark/slo';
import { stepSloMs } from '../../runbooks/lib/load/thresholds';
import { benchmarkFailures, benchmarkVerdicts } from '../../runbooks/lib/benchmark/verdict';
import { deployDuration, judgeRemoteColdStart } from '../../runbooks/lib/benchmark/cold-start';
import type { BenchmarkSection } from '../../runbooks/lib/report/benchmark';
import type { LoadResult } from '../../runbooks/lib/load/types';

const config = await loadConfig();
const MB = 1024 * 1024;

/** A fake target whose memory rises by `stepMb` at every scrape; health reports the same. */
function risingTarget(startMb: number, stepMb: number) {
  let mb = startMb;
  const seen: string[] = [];
  const request = async (req: HttpRequest): Promise<HttpResponse> => {
    const url = String(req.url);
    seen.push(new URL(url).pathname);
    const base = {
      url,
      method: 'GET',
      headers: { 'content-type': 'application/json' },
      bytes: 0,
      elapsedMs: 1,
    };
    if (url.endsWith('/metrics')) {
      mb += stepMb;
      return {
        ...base,
        status: 200,
        headers: { 'content-type': 'text/plain' },
        text: `# TYPE holisticos_memory_usage_bytes gauge\nholisticos_memory_usage_bytes ${mb * MB}\n`,
      };
    }
    return {
      ...base,
      status: 200,
      text: JSON.stringify({
        overall_status: 'healthy',
        services: { system: { status: 'healthy', details: { process_memory_mb: mb } } },
      }),
    };
  };
  return { request, seen };
}

test('memory is read from the target (metrics gauge and health body), never from this process', async () => {
  const t = risingTarget(300, 0);
  const m = await readTargetMemory(t.request, 'http://t', {
    health: true,
    metricsTimeoutMs: 100,
    healthTimeoutMs: 100,
  });
  assert.deepEqual(m, { metricsMb: 300, healthMb: 300 });
  assert.deepEqual(t.seen, ['/metrics', '/api/health']);
  const none = await readTargetMemory(
    async () => ({
      url: 'x',
      method: 'GET',
      status: 404,
      headers: {},
      text: '{"detail":"Not Found"}',
      bytes: 0,
      elapsedMs: 0,
    }),
    'http://t',
    { health: true, metricsTimeoutMs: 100, healthTimeoutMs: 100 },
  );
  assert.deepEqual(none, { metricsMb: null, healthMb: null });
});

test('a target whose memory rises makes the sampled figures rise, and the verdict shows the breach', async () => {
  const t = risingTarget(380, 20);
  const sampler = new MemorySampler(
    {
      baseUrl: 'http://t',
      intervalMs: 1,
      healthEvery: 2,
      metricsTimeoutMs: 100,
      healthTimeoutMs: 100,
      maxSamples: 50,
    },
    t.request,
  );
  sampler.phase = 'before';
  await sampler.sampleOnce();
  sampler.phase = 'during';
  for (let i = 0; i < 3; i++) await sampler.sampleOnce();
  sampler.phase = 'after';
  await sampler.sampleOnce();
  const s = sampler.samples;
  const readings = s.map((x) => x.metricsMb);
  assert.deepEqual(readings, [400, 420, 440, 460, 480]);
  assert.deepEqual(
    s.map((x) => x.healthMb !== null),
    [true, false, true, false, true],
    'health every 2nd sample',
  );
  const sum = summarizeMemory(s);
  assert.deepEqual(sum, { beforeMb: 400, duringPeakMb: 460, afterMb: 480, peakMb: 480, growthMb: 80 });
  assert.deepEqual(memorySources(s), ['metrics', 'health']);
  const section: BenchmarkSection = {
    timeScale: 1,
    profile: null,
    faults: [],
    coldStart: null,
    latency: null,
    capacity: null,
    notes: [],
    memory: {
      sources: ['metrics', 'health'],
      targetMb: config.alerts.memoryTargetMb,
      alertMb: config.alerts.memoryMb,
      samples: s,
      summary: sum,
      load: { users: 1, durationMs: 1, requests: 1, rps: 1, successRatePct: 100 },
    },
  };
  const v = benchmarkVerdicts(config, section);
  assert.deepEqual(
    v.map((x) => [x.expression, x.status]),
    [
      [`value<${config.alerts.memoryTargetMb}`, 'fail'],
      [`value<${config.alerts.memoryMb}`, 'fail'],
    ],
  );
  const calm = { ...section, memory: { ...section.memory!, summary: { ...sum, peakMb: 150 } } };
  assert.deepEqual(
    benchmarkVerdicts(config, calm).map((x) => x.status),
    ['pass', 'pass'],
  );
  const blind = {
    ...section,
    memory: {
      ...section.memory!,
      summary: { beforeMb: null, duringPeakMb: null, afterMb: null, peakMb: null, growthMb: null },
    },
  };
  assert.deepEqual(
    benchmarkVerdicts(config, blind).map((x) => x.status),
    ['no-data', 'no-data'],
  );
});

test('the sampler loop is bounded by maxSamples and stops on request', async () => {
  const t = risingTarget(100, 1);
  const sampler = new MemorySampler(
    {
      baseUrl: 'http://t',
      intervalMs: 1,
      healthEvery: 5,
      metricsTimeoutMs: 100,
      healthTimeoutMs: 100,
      maxSamples: 7,
    },
    t.request,
  );
  sampler.start();
  await sampler.hold(200);
  const s = await sampler.stop();
  assert.equal(s.length, 7);
});

function result(
  steps: { id: string; p95: number; requests: number; errors: number; knownBroken?: boolean }[],
): LoadResult {
  const lat = (p95: number, count: number) => ({
    count,
    min: 1,
    mean: p95 / 2,
    p50: p95 / 2,
    p90: p95,
    p95,
    p99: p95,
    max: p95,
  });
  return {
    elapsedMs: 10_000,
    requests: steps.reduce((a, s) => a + s.requests, 0),
    journeys: {
      started: 10,
      completed: 10,
      succeeded: 9,
      failed: 1,
      interrupted: 0,
      late: 0,
      lateByGenerator: 0,
      dropped: 0,
    },
    steps: steps.map((s) => ({
      id: s.id,
      knownBroken: s.knownBroken ?? false,
      requests: s.requests,
      ok: s.requests - s.errors,
      interrupted: 0,
      errors: { http: s.errors, 'soft-failure': 0, 'bad-body': 0, timeout: 0, connection: 0, byStatus: {} },
      latency: lat(s.p95, s.requests),
      sendLatency: lat(s.p95, s.requests),
      histogram: '',
      sendHistogram: '',
    })),
  } as unknown as LoadResult;
}

test('capacity at SLO: the most users whose step meets every p95 SLO and the error rate, scaled by the time scale', () => {
  assert.equal(stepSloMs(config, 'routine', 1), config.slo.perStep.routine!.p95Ms);
  assert.equal(stepSloMs(config, 'health', 20), config.slo.p95Ms / 20);
  const ok = capacityStep(
    config,
    5,
    result([
      { id: 'health', p95: 200, requests: 100, errors: 0 },
      { id: 'insights', p95: 1, requests: 50, errors: 50, knownBroken: true },
    ]),
    20,
  );
  assert.equal(ok.meetsSlo, true, ok.reasons.join());
  const slow = capacityStep(config, 10, result([{ id: 'health', p95: 300, requests: 100, errors: 0 }]), 20);
  assert.deepEqual(slow.reasons, ['health p95 300 ms > 250 ms']);
  const errs = capacityStep(config, 15, result([{ id: 'health', p95: 100, requests: 100, errors: 2 }]), 20);
  assert.match(errs.reasons[0]!, /error rate 2 %/);
  assert.deepEqual(maxUsersAtSlo([ok, slow, errs]), { maxUsersAtSlo: 5, firstFailingUsers: 10 });
  assert.deepEqual(maxUsersAtSlo([ok]), { maxUsersAtSlo: 5, firstFailingUsers: null });
  assert.deepEqual(maxUsersAtSlo([slow]), { maxUsersAtSlo: 0, firstFailingUsers: 10 });
});

test('deploy records: Render deploy objects and start/healthy pairs', () => {
  assert.equal(
    deployDuration({ createdAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:02:30Z' }),
    150_000,
  );
  assert.equal(
    deployDuration({ startedAt: '2026-01-01T00:00:00Z', healthyAt: '2026-01-01T00:00:10Z' }),
    10_000,
  );
  assert.equal(deployDuration({ createdAt: 'x' }), null);
});

test('a remote first answer is a cold start only when the service shows it started during the measurement', () => {
  // Up for a day: warm, however long the idle.
  const warm = judgeRemoteColdStart({ idleMs: 15 * 60_000, uptimeS: 86_400, sinceMs: 15 * 60_000 + 500 });
  assert.equal(warm.observed, 'warm');
  assert.match(warm.evidence, /up 24 h .*after 15m idle.*a warm first request, not a cold start/);
  // Up 3 s when read 10 s after the measurement began: it (re)started during it.
  assert.equal(judgeRemoteColdStart({ idleMs: 0, uptimeS: 3, sinceMs: 10_000 }).observed, 'cold');
  assert.equal(
    judgeRemoteColdStart({ idleMs: 0, uptimeS: 11.5, sinceMs: 10_000 }).observed,
    'cold',
    'within the slack of the uptime counter',
  );
  // No uptime reported: --idle 0 is a warm request by construction; any other idle is unknown.
  const idle0 = judgeRemoteColdStart({ idleMs: 0, uptimeS: null, sinceMs: 50 });
  assert.deepEqual(idle0.observed, 'warm');
  assert.match(idle0.evidence, /no idle period \(--idle 0\) and no restart seen: a warm first request/);
  assert.equal(judgeRemoteColdStart({ idleMs: 60_000, uptimeS: null, sinceMs: 60_100 }).observed, 'unknown');
});

test('only a cold start is judged: a warm remote first answer leaves the cold-start verdict inconclusive; a baseline of failed calls fails', () => {
  const section = (coldStart: BenchmarkSection['coldStart'], ok: number): BenchmarkSection => ({
    timeScale: 1,
    profile: null,
    faults: [],
    coldStart,
    memory: null,
    capacity: null,
    notes: [],
    latency: {
      durationMs: 1000,
      users: 1,
      steps: [
        {
          id: 'routine',
          knownBroken: false,
          requests: 1,
          ok,
          latency: { count: 1, min: 13.5, mean: 13.5, p50: 13.5, p90: 13.5, p95: 13.5, p99: 13.5, max: 13.5 },
          ...(ok ? {} : { failure: 'soft-failure: fallback plan' }),
          sloP95Ms: 60_000,
        },
      ],
    },
  });
  const remote = (observed: 'cold' | 'warm' | 'unknown') => ({
    mode: 'remote' as const,
    idleMs: 0,
    firstResponseMs: 13,
    firstHealthyMs: 3300,
    lastHealthStatus: 'healthy',
    deployToHealthyMs: null,
    deploySource: null,
    timeoutMs: 60_000,
    observed,
    evidence: 'x',
  });
  const statuses = (b: BenchmarkSection) =>
    benchmarkVerdicts(config, b).map((v) => [v.metric, v.status, v.observed]);
  assert.deepEqual(statuses(section(remote('warm'), 1)), [
    ['cold_start.first_healthy_ms', 'no-data', null],
    ['baseline.routine.p95_ms', 'pass', 13.5],
  ]);
  assert.deepEqual(statuses(section(remote('unknown'), 1))[0], [
    'cold_start.first_healthy_ms',
    'no-data',
    null,
  ]);
  assert.deepEqual(statuses(section(remote('cold'), 1))[0], ['cold_start.first_healthy_ms', 'pass', 3300]);
  const failed = section(remote('cold'), 0);
  const vs = benchmarkVerdicts(config, failed);
  assert.deepEqual(vs[1]!.status, 'fail', 'every call failed: not a ✓ pass');
  assert.deepEqual(benchmarkFailures(vs, failed), [
    'baseline routine: all 1 call(s) failed (soft-failure: fallback plan), so there is no latency baseline',
  ]);
});
