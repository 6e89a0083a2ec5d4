import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { runEngine as runLoad } from '../../runbooks/lib/load/engine';
import type { EngineOptions, EngineStep } from '../../runbooks/lib/load/types';
import { startServer, json, type TestServer } from '../helpers/load-servers';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

const base = (url: string, steps: EngineStep[], over: Partial<EngineOptions> = {}): EngineOptions => ({
  baseUrl: url,
  steps,
  model: { type: 'closed', users: 2, thinkMs: 0 },
  durationMs: 600,
  maxRequests: 1_000_000,
  graceMs: 1000,
  userIdPrefix: 'rb',
  runId: 't',
  archetypes: ['A', 'B', 'C'],
  ...over,
});
const step = (id: string, path: string, over: Partial<EngineStep> = {}): EngineStep => ({
  id,
  method: 'GET',
  path,
  headers: {},
  timeoutMs: 2000,
  expect: 'json',
  knownBroken: false,
  ...over,
});

test('a distinct user id per journey, archetypes rotating, the API key only on auth steps, the sandbox header noticed', async () => {
  const s = await startServer((req, res) => {
    res.setHeader('X-HolisticOS-Sandbox', '1');
    json(
      res,
      200,
      req.url?.includes('routine')
        ? {
            status: 'success',
            routine_plan: { content: JSON.stringify({ time_blocks: [{}] }), model_used: 'gpt-4o' },
          }
        : { ok: true },
    );
  }, true);
  servers.push(s);
  const r = await runLoad(
    base(
      s.url,
      [
        step('health', '/api/health', { expect: 'json' }),
        step('routine', '/api/user/{user_id}/routine/generate', {
          method: 'POST',
          body: { archetype: '{archetype}' },
          headers: { 'X-API-Key': 'secret-key-123' },
          expect: 'routine',
        }),
      ],
      // The count ends this run; the duration is only a bound (600 ms was too short for 40
      // requests on a busy machine, and the run then stopped by its clock).
      { maxRequests: 40, durationMs: 30_000 },
    ),
  );
  assert.equal(r.stoppedBy, 'max-requests');
  assert.equal(r.requests, 40);
  const posts = s.requests.filter((q) => q.method === 'POST');
  const ids = posts.map((q) => q.url.split('/')[3]);
  assert.equal(new Set(ids).size, ids.length, 'every journey has its own user id');
  assert.deepEqual(new Set(posts.map((q) => JSON.parse(q.body).archetype)), new Set(['A', 'B', 'C']));
  assert.ok(posts.every((q) => q.headers['x-api-key'] === 'secret-key-123'));
  assert.ok(s.requests.filter((q) => q.method === 'GET').every((q) => q.headers['x-api-key'] === undefined));
  assert.equal(r.sandbox, true);
  assert.equal(r.steps[1]!.ok, r.steps[1]!.requests);
});

test('errors are classified: http status, soft failure, timeout, connection', async () => {
  const s = await startServer((req, res) => {
    if (req.url === '/500') return json(res, 500, { detail: 'boom' });
    if (req.url === '/soft')
      return json(res, 200, {
        status: 'error',
        routine_plan: {},
        generation_metadata: { error: 'OpenAI down' },
      });
    if (req.url === '/slow') return setTimeout(() => json(res, 200, {}), 2500);
    json(res, 200, {});
  });
  servers.push(s);
  const r = await runLoad(
    base(
      s.url,
      [step('a', '/500'), step('b', '/soft', { expect: 'routine' }), step('c', '/slow', { timeoutMs: 1000 })],
      { model: { type: 'closed', users: 1, thinkMs: 0 }, durationMs: 300, graceMs: 3000 },
    ),
  );
  // undici's timers are coarse (about a second) below a few seconds; real step timeouts are 15 s and more.
  const [a, b, c] = r.steps;
  assert.ok(a!.errors.http > 0 && a!.errors.byStatus['500'] === a!.errors.http);
  assert.ok(b!.errors['soft-failure'] > 0);
  assert.ok(c!.errors.timeout > 0);
  assert.ok(r.errorReasons.some((x) => x.kind === 'soft-failure' && /OpenAI down/.test(x.reason)));
  const dead = await startServer(() => {});
  const deadUrl = dead.url;
  await dead.close();
  const d = await runLoad(
    base(deadUrl, [step('x', '/')], { durationMs: 300, model: { type: 'closed', users: 1, thinkMs: 50 } }),
  );
  assert.ok(d.steps[0]!.errors.connection > 0 && d.steps[0]!.ok === 0);
});

test('open model against a server that always takes 50 ms: p50 just above 50 ms, the target rate achieved', async () => {
  const s = await startServer((_q, res) => setTimeout(() => json(res, 200, {}), 50));
  servers.push(s);
  const r = await runLoad(
    base(s.url, [step('get', '/')], {
      model: { type: 'open', rate: 40, maxInFlight: 100 },
      durationMs: 3000,
    }),
  );
  const p50 = r.steps[0]!.latency.p50;
  console.log(
    `# 50 ms server, open model 40/s: p50 ${p50} ms, p99 ${r.steps[0]!.latency.p99} ms (send p50 ${r.steps[0]!.sendLatency.p50} ms), ${r.journeys.started} journeys, late ${r.journeys.late}`,
  );
  // Never below the server's own 50 ms, and never below the latency from the send: it counts
  // from the schedule. How far above is the generator's overhead, which bench:load measures
  // (a loaded machine adds its own), so it is no pass/fail figure here.
  assert.ok(p50 >= 49, `p50 ${p50} ms cannot be below the server's 50 ms`);
  assert.ok(r.steps[0]!.sendLatency.p50 <= p50, 'the intended start is never after the send');
  assert.ok(r.rate?.ok, 'the achieved rate meets the target');
  assert.equal(r.journeys.started, 120);
  assert.ok(r.timeSeries.length >= 3 && r.timeSeries.every((x) => 'get' in x.steps));
});

test('a server that stalls 1 s every 5 s: the open model shows the stall at p99, the closed model hides most of it', async () => {
  let t0 = Date.now();
  // Answers at once, except in the last second of every 5-second period, when it holds every answer until the period ends.
  const s = await startServer((_q, res) => {
    const phase = (Date.now() - t0) % 5000;
    setTimeout(() => json(res, 200, {}), phase >= 4000 ? 5000 - phase : 0);
  });
  servers.push(s);
  t0 = Date.now();
  const open = await runLoad(
    base(s.url, [step('get', '/')], {
      model: { type: 'open', rate: 50, maxInFlight: 200 },
      durationMs: 5000,
    }),
  );
  t0 = Date.now();
  const closed = await runLoad(
    base(s.url, [step('get', '/')], { model: { type: 'closed', users: 5, thinkMs: 0 }, durationMs: 5000 }),
  );
  const o = open.steps[0]!;
  const c = closed.steps[0]!;
  console.log(
    `# stall server (1 s every 5 s): open p50 ${o.latency.p50} p90 ${o.latency.p90} p99 ${o.latency.p99} ms (${o.latency.count} req) · closed p50 ${c.latency.p50} p90 ${c.latency.p90} p99 ${c.latency.p99} ms (${c.latency.count} req)`,
  );
  assert.ok(o.latency.p99 >= 900, `open p99 ${o.latency.p99} should show the ~1 s stall`);
  assert.ok(
    c.latency.p99 < o.latency.p99 / 2,
    `closed p99 ${c.latency.p99} hides the stall (each user is stuck once, then many fast requests)`,
  );
});

test('a stop (Ctrl-C) ends the run as partial: nothing new is sent after it', async () => {
  const s = await startServer((_q, res) => setTimeout(() => json(res, 200, {}), 20));
  servers.push(s);
  const { LoadEngine } = await import('../../runbooks/lib/load/engine');
  const e = new LoadEngine(base(s.url, [step('a', '/'), step('b', '/')], { durationMs: 10_000 }));
  setTimeout(() => e.stop('interrupted'), 300);
  const t = Date.now();
  const r = await e.run();
  assert.ok(Date.now() - t < 2000);
  assert.equal(r.partial, true);
  assert.equal(r.stoppedBy, 'interrupted');
  assert.ok(r.requests > 0);
});

test('a step may take longer than the previous step’s timeout: each request keeps its own (same connection)', async () => {
  // Health answers in 10 ms under a 2 s timeout; routine answers in 3 s under a 60 s one.
  // Sent from inside undici's completion callback, routine inherited health's 2 s and timed out.
  const s = await startServer((req, res) =>
    setTimeout(() => json(res, 200, {}), req.url === '/slow' ? 3000 : 10),
  );
  servers.push(s);
  const r = await runLoad(
    base(
      s.url,
      [step('health', '/fast', { timeoutMs: 2000 }), step('routine', '/slow', { timeoutMs: 60_000 })],
      { model: { type: 'closed', users: 2, thinkMs: 0 }, durationMs: 200, graceMs: 10_000 },
    ),
  );
  const [h, slow] = r.steps;
  assert.equal(h!.errors.timeout + slow!.errors.timeout, 0, JSON.stringify(r.errorReasons));
  assert.ok(slow!.ok >= 2, `routine answered (${slow!.ok} ok)`);
  assert.ok(
    slow!.latency.min >= 2900,
    `routine took its 3 s (${slow!.latency.min} ms), longer than health's timeout`,
  );
});

test('a target down from the start: connection errors in the first step, no crash, the run ends on time', async () => {
  const dead = await startServer(() => {});
  const url = dead.url;
  await dead.close();
  const t0 = Date.now();
  const r = await runLoad(base(url, [step('health', '/'), step('routine', '/r')], { durationMs: 1500 }));
  assert.ok(Date.now() - t0 < 4000);
  assert.ok(r.steps[0]!.errors.connection > 0);
  assert.equal(
    r.steps[0]!.errors.connection,
    r.steps[0]!.requests,
    'every request refused, recorded as a connection error',
  );
  assert.equal(r.steps[1]!.requests, 0, 'a journey whose connection failed does not send its later steps');
  assert.equal(r.journeys.failed, r.journeys.completed);
  // Users back off while the target refuses: a few dozen requests, not a busy loop.
  assert.ok(r.requests < 60, `${r.requests} requests in 1.5 s`);
  // Open model: arrivals on schedule, each refused at once and replaced from the backlog inside undici's error path.
  const o = await runLoad(
    base(url, [step('health', '/')], { model: { type: 'open', rate: 200, maxInFlight: 1 }, durationMs: 500 }),
  );
  assert.equal(o.steps[0]!.errors.connection, o.requests);
  assert.ok(o.requests >= 50, `${o.requests} arrivals sent`);
});

test('a target killed and restarted mid-run: connection errors in their step, answers again after the restart', async () => {
  const s = await startServer((_q, res) => setTimeout(() => json(res, 200, {}), 20));
  const port = Number(new URL(s.url).port);
  setTimeout(() => void s.close(), 600);
  let again: Awaited<ReturnType<typeof startServer>> | undefined;
  const restart = async () => {
    const { createServer } = await import('node:http');
    const srv = createServer((_q, res) => setTimeout(() => json(res, 200, {}), 20));
    await new Promise<void>((ok) => srv.listen(port, '127.0.0.1', ok));
    again = {
      url: s.url,
      server: srv,
      requests: [],
      close: () => new Promise<void>((ok) => (srv.closeAllConnections(), srv.close(() => ok()))),
    };
    servers.push(again);
  };
  setTimeout(() => void restart(), 1400);
  const r = await runLoad(
    base(s.url, [step('health', '/'), step('routine', '/r')], { durationMs: 3000, graceMs: 2000 }),
  );
  assert.ok(again, 'the server came back');
  const conn = r.steps.reduce((a, x) => a + x.errors.connection, 0);
  assert.ok(conn > 0, 'the outage shows as connection errors');
  const late = r.timeSeries.filter((x) => x.t >= 3).reduce((a, x) => a + x.requests - x.errors, 0);
  assert.ok(late > 10, `answers after the restart (${late})`);
  assert.equal(r.partial, false);
});

test('the API key refused (401) on every keyed request stops the run within seconds', async () => {
  const s = await startServer((req, res) =>
    req.url === '/r' ? json(res, 401, { detail: 'User not authenticated' }) : json(res, 200, {}),
  );
  servers.push(s);
  const t0 = Date.now();
  const r = await runLoad(
    base(
      s.url,
      [step('health', '/'), step('routine', '/r', { headers: { 'X-API-Key': 'wrong-key-1234' } })],
      { durationMs: 60_000 },
    ),
  );
  assert.ok(Date.now() - t0 < 5000, 'stopped long before the planned minute');
  assert.equal(r.stoppedBy, 'auth-refused');
  assert.match(r.stopDetail ?? '', /answered 401 and none was accepted/);
});
