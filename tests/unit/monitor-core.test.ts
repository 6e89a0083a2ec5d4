import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../runbooks/lib/config/load';
import {
  createMonitor,
  monitorExitCode,
  formatMonitorSummary,
  formatMonitorEvent,
  type MonitorEvent,
} from '../../runbooks/lib/monitor';
import { RunbookError } from '../../runbooks/lib/errors';
import type { HttpRequest, HttpResponse, RequestFn } from '../../runbooks/lib/http';
import { healthyBody, recorded } from '../helpers/fake-service';

const config = await loadConfig();

/** A scripted target: each path answers from a function of the sample number. */
function fakeTarget(script: {
  metrics?: (i: number) => string | Error;
  health?: (i: number) => unknown;
  cost?: number;
  redis?: boolean;
}) {
  const calls: string[] = [];
  let metricsCalls = 0;
  const request: RequestFn = async (req: HttpRequest): Promise<HttpResponse> => {
    const path = new URL(String(req.url)).pathname;
    calls.push(path);
    const res = (status: number, text: string): HttpResponse => ({
      url: String(req.url),
      method: 'GET',
      status,
      headers: { 'content-type': 'application/json' },
      text,
      bytes: text.length,
      elapsedMs: 1,
    });
    if (path === '/metrics') {
      const m = script.metrics?.(metricsCalls++) ?? metricsText(100, 0, 0);
      if (m instanceof Error) throw m;
      return res(200, m);
    }
    if (path === '/api/monitoring/stats')
      return res(
        200,
        JSON.stringify({
          health: script.health?.(calls.filter((c) => c === path).length - 1) ?? healthyBody(),
          metrics: { uptime_seconds: 10 },
        }),
      );
    if (path === '/api/admin/rate-limits') {
      const b = recorded('ratelimits').body as any;
      b.rate_limiting.redis_available = script.redis ?? true;
      b.cost_tracking.total_cost_today = script.cost ?? 1.5;
      return res(200, JSON.stringify(b));
    }
    return res(404, '{"detail":"Not Found"}');
  };
  return { request, calls };
}

function metricsText(memMb: number, ok: number, err: number, sum = 0, count = 0): string {
  return [
    `holisticos_memory_usage_bytes ${memMb * 1024 * 1024}`,
    `holisticos_requests_total{endpoint="routine_generation",method="POST",status="200"} ${ok}`,
    `holisticos_requests_total{endpoint="routine_generation",method="POST",status="500"} ${err}`,
    `holisticos_request_duration_seconds_sum{endpoint="routine_generation",method="POST"} ${sum}`,
    `holisticos_request_duration_seconds_count{endpoint="routine_generation",method="POST"} ${count}`,
  ].join('\n');
}

function clock() {
  let t = 1_700_000_000_000;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

const refused = new RunbookError('RB_REFUSED', 'GET /metrics was refused', { details: { retryable: true } });

test('memory above the alert in 3 consecutive samples fails, stops early and keeps the breaching samples', async () => {
  const t = fakeTarget({ metrics: (i) => metricsText(300 + i * 60, 10 + i, 0, 1 + i, 10 + i) });
  const events: MonitorEvent[] = [];
  const m = createMonitor(
    config,
    { baseUrl: 'http://127.0.0.1:9' },
    { durationMs: 60_000, intervalMs: 1000 },
    { request: t.request, ...clock() },
  );
  m.on('breach', (e) => events.push(e)).on('done', (e) => events.push(e));
  const s = await m.run();
  assert.equal(s.verdict, 'failed');
  assert.equal(monitorExitCode(s), 1);
  // 300, 360, 420, 480 ✗, 540 ✗, 600 ✗ → fails at sample 6 and stops
  assert.equal(s.samples, 6);
  assert.deepEqual(
    s.breachSamples.map((b) => b.index),
    [4, 5, 6],
  );
  assert.deepEqual(
    events.filter((e) => e.type === 'breach').map((e) => e.type === 'breach' && e.consecutive),
    [1, 2, 3],
  );
  assert.equal(events.at(-1)?.type, 'done');
  const text = formatMonitorSummary(s);
  assert.match(text, /FAILED — memory above 450 MB in 3 consecutive samples/);
  assert.match(text, /Samples that breached:\n {2}#4 /);
  // Every alert names the page section that handles it (runbooks/lib/sections).
  assert.deepEqual(
    [...new Set(events.flatMap((e) => (e.type === 'breach' ? [e.section.url] : [])))],
    ['http://127.0.0.1:3000/docs/incident-response-playbook/#memory'],
  );
  assert.deepEqual(
    s.sections.map((x) => x.id),
    ['memory'],
  );
  assert.match(
    text,
    /What to do \(the handbook section for each\):\n {2}Playbook: memory climbing toward the limit: http:\/\/127\.0\.0\.1:3000\/docs\/incident-response-playbook\/#memory/,
  );
  assert.match(
    formatMonitorEvent(events[0]!)!,
    /→ Playbook: memory climbing toward the limit: http:\/\/127\.0\.0\.1:3000\/docs\/incident-response-playbook\/#memory$/,
  );
});

test('a measurement error is counted apart, a restart (counter reset) is survived; error rate comes from deltas', async () => {
  // sample 3 answers an HTML page instead of metrics; sample 5 shows counters reset (restart)
  const html = new RunbookError('RB_BAD_RESPONSE', 'GET /metrics answered HTTP 502 with an HTML page');
  const t = fakeTarget({
    metrics: (i) =>
      i === 2
        ? html
        : i >= 4
          ? metricsText(120, 2, 0, 1, 2)
          : metricsText(120, 100 + i * 10, 0, 10 + i, 100 + i * 10),
  });
  const restarts: number[] = [];
  const m = createMonitor(
    config,
    { baseUrl: 'http://127.0.0.1:9' },
    { durationMs: 6000, intervalMs: 1000 },
    { request: t.request, ...clock() },
  );
  m.on('sample', (e) => e.sample.restarted && restarts.push(e.sample.index));
  const s = await m.run();
  assert.equal(s.samples, 7);
  assert.deepEqual(restarts, [5]);
  assert.equal(s.restarts, 1);
  const er = s.metrics.find((x) => x.id === 'errorRate')!;
  assert.equal(er.verdict, 'passed');
  assert.equal(er.errors, 1);
  assert.equal(s.verdict, 'passed');
  assert.equal(monitorExitCode(s), 0);
});

test('a target that stops answering mid-watch fails it: downtime is never a pass', async () => {
  const t = fakeTarget({
    metrics: (i) => (i === 2 || i === 3 ? refused : metricsText(120, 100 + i * 10, 0, 10 + i, 100 + i * 10)),
  });
  const s = await createMonitor(
    config,
    { baseUrl: 'http://127.0.0.1:9' },
    { durationMs: 6000, intervalMs: 1000 },
    { request: t.request, ...clock() },
  ).run();
  assert.equal(s.unreachableSamples, 2);
  assert.equal(s.verdict, 'failed');
  assert.match(s.reason, /the target was unreachable in 2 of 7 sample\(s\)/);
  assert.equal(monitorExitCode(s), 1);
});

test('consecutive measurement errors past the limit give up: errored, exit 3 when unreachable', async () => {
  const t = fakeTarget({ metrics: () => refused });
  const s = await createMonitor(
    config,
    { baseUrl: 'http://127.0.0.1:9' },
    { durationMs: 60_000, intervalMs: 1000 },
    { request: t.request, ...clock() },
  ).run();
  assert.equal(s.verdict, 'errored');
  assert.equal(s.samples, config.alerts.consecutiveErrors);
  assert.equal(monitorExitCode(s), 3);
});

test('no traffic: error rate could not be judged, so inconclusive and exit 1; cost without Redis is not tracked, not judged', async () => {
  const t = fakeTarget({ redis: false });
  const s = await createMonitor(
    config,
    { baseUrl: 'http://127.0.0.1:9' },
    { durationMs: 2000, intervalMs: 1000 },
    { request: t.request, ...clock() },
  ).run();
  assert.equal(s.verdict, 'inconclusive');
  assert.match(s.reason, /error rate \(no requests counted/);
  assert.doesNotMatch(s.reason, /daily cost/);
  assert.equal(s.metrics.find((m) => m.id === 'dailyCost')!.verdict, 'not-tracked');
  assert.equal(monitorExitCode(s), 1);
  assert.match(
    formatMonitorSummary(s),
    /daily cost: .*not tracked here \(the service tracks cost only with Redis/,
  );
});

test('a restart seen by the counters and later by the uptime is counted once', async () => {
  // Counters reset at the 3rd scrape (t = 2 s); the next stats poll (health every 3 samples, t = 3 s) shows a young uptime.
  const c = clock();
  const start = c.now();
  const t = fakeTarget({
    metrics: (i) => (i >= 2 ? metricsText(120, i, 0, i, i) : metricsText(120, 100 + i, 0, 10 + i, 100 + i)),
    health: () => healthyBody(),
  });
  const up = (now: number) =>
    (now - start) / 1000 < 2 ? 100 + (now - start) / 1000 : (now - start) / 1000 - 1.5;
  const seen: number[] = [];
  const request: RequestFn = async (req) => {
    const res = await t.request(req);
    if (new URL(String(req.url)).pathname !== '/api/monitoring/stats') return res;
    const body = JSON.parse(res.text);
    body.metrics.uptime_seconds = up(c.now());
    return { ...res, text: JSON.stringify(body) };
  };
  const m = createMonitor(
    config,
    { baseUrl: 'http://127.0.0.1:9' },
    { durationMs: 8000, intervalMs: 1000, healthIntervalMs: 3000 },
    { request, ...c },
  );
  m.on('sample', (e) => e.sample.restarted && seen.push(e.sample.index));
  const s = await m.run();
  assert.deepEqual(seen, [3], 'the counters see it at sample 3; the uptime at sample 4 is the same restart');
  assert.equal(s.restarts, 1);
});

test('health is polled no faster than its interval (config default 30 s)', async () => {
  const t = fakeTarget({});
  await createMonitor(
    config,
    { baseUrl: 'http://127.0.0.1:9' },
    { durationMs: 90_000, intervalMs: 10_000 },
    { request: t.request, ...clock() },
  ).run();
  assert.equal(t.calls.filter((c) => c === '/metrics').length, 10);
  assert.equal(t.calls.filter((c) => c === '/api/monitoring/stats').length, 4); // 0, 30, 60, 90 s
});

test('a critical health body breaches the health criterion', async () => {
  const critical = { ...healthyBody(), overall_status: 'critical' };
  const t = fakeTarget({ health: () => critical, metrics: (i) => metricsText(100, i, 0, i, i) });
  const s = await createMonitor(
    config,
    { baseUrl: 'http://127.0.0.1:9' },
    { durationMs: 10_000, intervalMs: 1000, healthIntervalMs: 1000 },
    { request: t.request, ...clock() },
  ).run();
  assert.equal(s.verdict, 'failed');
  assert.equal(s.metrics.find((x) => x.id === 'health')!.verdict, 'failed');
});

test('an aborted signal stops the run with a partial summary', async () => {
  const ac = new AbortController();
  const t = fakeTarget({});
  const c = clock();
  const m = createMonitor(
    config,
    { baseUrl: 'http://127.0.0.1:9' },
    { durationMs: 60_000, intervalMs: 1000 },
    { request: t.request, now: c.now, sleep: c.sleep, signal: ac.signal },
  );
  m.on('sample', (e) => e.sample.index === 2 && ac.abort());
  const s = await m.run();
  assert.equal(s.samples, 2);
  assert.equal(s.partial, true);
  assert.equal(s.verdict, 'interrupted');
  assert.equal(monitorExitCode(s), 130);
});
