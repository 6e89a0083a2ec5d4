// The monitor's synthetic journey counts what the service's counters call a success: a 200
// carrying a fallback plan fails it, so the synthetic error rate breaches and the watch fails
// while the counters' error rate stays at 0 %.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../runbooks/lib/config/load';
import { createMonitor, monitorExitCode, formatMonitorSummary } from '../../runbooks/lib/monitor';
import { assertWatchPlan, minimumWatch, type WatchFlags } from '../../runbooks/lib/monitor/plan';
import { DEPLOY_WATCH_FLAGS } from '../../runbooks/lib/deploy/watch';
import type { HttpRequest, HttpResponse, RequestFn } from '../../runbooks/lib/http';
import { healthyBody, recorded, recorded2 } from '../helpers/fake-service';

const config = await loadConfig();

/** A service whose counters count every generate call as a 200 while routine serves fallback plans. */
function fallbackService(): { request: RequestFn; generateCalls: () => number } {
  let generated = 0;
  const request: RequestFn = async (req: HttpRequest): Promise<HttpResponse> => {
    const path = new URL(String(req.url)).pathname;
    const res = (status: number, body: unknown): HttpResponse => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return {
        url: String(req.url),
        method: req.method ?? 'GET',
        status,
        headers: { 'content-type': 'application/json' },
        text,
        bytes: text.length,
        elapsedMs: 1,
      };
    };
    if (path === '/metrics')
      return res(
        200,
        `holisticos_memory_usage_bytes ${120 * 1048576}\nholisticos_requests_total{endpoint="routine_generation",method="POST",status="200"} ${generated}\n`,
      );
    if (path === '/api/monitoring/stats')
      return res(200, {
        health: { ...healthyBody(), overall_status: 'degraded' },
        metrics: { uptime_seconds: 50 },
      });
    if (path === '/api/admin/rate-limits') return res(200, recorded('ratelimits').body);
    if (path.endsWith('/routine/generate'))
      return (generated++, res(200, recorded2('routine_first_of_pair').body));
    if (path.endsWith('/nutrition/generate'))
      return (
        generated++,
        res(200, {
          status: 'success',
          nutrition_plan: { model_used: 'gpt-4o', plan_type: 'comprehensive_nutrition', content: '# ok' },
        })
      );
    return res(404, { detail: 'Not Found' });
  };
  return { request, generateCalls: () => generated };
}

test('fallback plans fail the synthetic error rate (the counters say 0 %), and the watch fails', async () => {
  const svc = fallbackService();
  const s = await createMonitor(
    config,
    { baseUrl: 'http://127.0.0.1:9' },
    {
      durationMs: 1500,
      intervalMs: 100,
      healthIntervalMs: 100,
      synthetic: { intervalMs: 150, apiKey: 'k-123456789' },
    },
    { request: svc.request },
  ).run();
  const synth = s.metrics.find((m) => m.id === 'syntheticErrorRate')!;
  const counters = s.metrics.find((m) => m.id === 'errorRate')!;
  assert.equal(synth.verdict, 'failed');
  assert.equal(synth.lastValue, 50, 'routine failed, nutrition passed: 1 of 2');
  assert.equal(counters.maxValue, 0, "the service's own counters saw no error");
  assert.equal(s.verdict, 'failed');
  assert.equal(monitorExitCode(s), 1);
  assert.ok(
    svc.generateCalls() <= 2 * (Math.floor(1500 / 150) + 1),
    'bounded: one journey per interval at most',
  );
  assert.match(formatMonitorSummary(s), /error rate \(synthetic\): the smoke journey/);
});

test('a watch too short for the consecutive-breach rule is refused, naming the minimum', () => {
  const plan = {
    durationMs: 30_000,
    intervalMs: 10_000,
    healthIntervalMs: 30_000,
    syntheticIntervalMs: 60_000,
  };
  assert.throws(
    () => assertWatchPlan(config, plan),
    (e: Error & { code?: string }) =>
      e.code === 'RB_USAGE' && /needs at least 2m10s \(3 synthetic journeys/.test(e.message),
  );
  // Without synthetic checks the health polls set it: 3 polls 30 s apart.
  assert.equal(minimumWatch(config, { ...plan, syntheticIntervalMs: undefined }).ms, 60_000);
  assert.doesNotThrow(() => assertWatchPlan(config, { ...plan, durationMs: 10 * 60_000 }));
  assert.throws(
    () => assertWatchPlan(config, { ...plan, durationMs: 10 * 60_000, syntheticIntervalMs: 1000 }),
    /below the config's minimum of 30s/,
  );
});

test("a watch too short names the caller's own flags: monitor's --duration, deploy's --watch", () => {
  const plan = {
    durationMs: 60_000,
    intervalMs: 10_000,
    healthIntervalMs: 30_000,
    syntheticIntervalMs: 60_000,
  };
  const hint = (flags?: WatchFlags) => {
    try {
      assertWatchPlan(config, plan, flags);
    } catch (e) {
      return `${(e as Error).message} ${(e as { hint?: string }).hint}`;
    }
    return 'no error';
  };
  assert.match(
    hint(),
    /Use --duration 2m10s or more, or shorten --interval, or --health-interval, or --synthetic-interval\./,
  );
  const deploy = hint(DEPLOY_WATCH_FLAGS);
  assert.match(
    deploy,
    /Use --watch 2m10s or more, or shorten --watch-interval, or in the config healthPollIntervalS, monitor\.syntheticIntervalS\./,
  );
  assert.doesNotMatch(
    deploy,
    /--duration|--interval |--health-interval|--synthetic-interval/,
    'deploy has none of these',
  );
  assert.throws(
    () => assertWatchPlan(config, { ...plan, durationMs: 10 * 60_000, intervalMs: 500 }, DEPLOY_WATCH_FLAGS),
    (e: Error & { hint?: string }) => e.hint === 'Use e.g. --watch-interval 10s.',
  );
});
