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
import { benchmarkVerdicts } from '../../runbooks/lib/benchmark/verdict';
import { deployDuration } from '../../runbooks/lib/benchmark/cold-start';
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
