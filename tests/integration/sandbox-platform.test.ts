// The sandbox models the platform, read through the one platform client (the Render client
// pointed at the sandbox's /__render/v1): memory grows with the leak and with generate calls
// to the plan's limit, the instance is OOM-killed (503 while it restarts, its state gone,
// Render's events in order); the crash loop's repeated server_failed; restart, suspend,
// resume and scale through the API; series and logs in Render's shapes; and the same client
// reading the sandbox and a fake Render gets the same normalised view of an OOM kill.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { call, config, startTestSandbox, withKey } from '../helpers/sandbox';
import { startFakeRender } from '../helpers/fake-render';
import { rawEvent, rawLog, rawSeries } from '../helpers/fake-render-platform';
import {
  limitsOf,
  platformForSandbox,
  renderPlatform,
  type PlatformClient,
} from '../../runbooks/lib/platform/index';
import type { RunningSandbox } from '../../runbooks/lib/sandbox/index';
import { RunbookError } from '../../runbooks/lib/errors';

const closers: (() => Promise<void>)[] = [];
after(async () => void (await Promise.all(closers.map((c) => c()))));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sandbox(o: Parameters<typeof startTestSandbox>[0] = {}, now?: () => number) {
  const sb = await startTestSandbox(o);
  closers.push(() => sb.close());
  const client = platformForSandbox(
    { url: sb.url, port: sb.port, adminToken: sb.adminToken },
    limitsOf(config),
    now ? { now } : {},
  );
  return { sb, client };
}
const serverEvents = async (c: PlatformClient) =>
  (await c.events()).items.filter((e) => e.type.startsWith('server_')).reverse();
/** Polls until the sandbox answers GET / with 200 (bounded). */
async function untilServing(sb: RunningSandbox, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if ((await call(sb, 'GET', '/').catch(() => ({ status: 0 }))).status === 200) return;
    await sleep(25);
  }
  assert.fail('the sandbox did not serve again in time');
}

test('memory-leak: memory climbs to the plan’s limit; the instance is OOM-killed, answers 503 while it restarts, loses its state; events in order (fake clock)', async () => {
  const t0 = 2_000_000_000_000;
  let t = t0;
  const now = () => t;
  const { sb, client } = await sandbox({ now, faults: ['memory-leak:5', 'database-outage'] }, now);
  const limit = config.service.plan.memoryMb;
  const startMb = config.sandbox.memory.startMb;
  const killAt = t0 + ((limit - startMb) / 5) * 1000; // 80.4 s in
  t = t0 + 75_000;
  const before = (await call(sb, 'GET', '/api/health')).body.services.system;
  assert.equal(before.status, 'critical');
  assert.ok(before.details.process_memory_mb > 480 && before.details.process_memory_mb < limit);
  // State the instance holds: a duplicate key kept for the window (database-outage's path), counters.
  assert.equal((await call(sb, 'POST', '/api/user/u1/routine/generate', {}, withKey)).body.status, 'error');
  assert.equal((await call(sb, 'POST', '/api/user/u1/routine/generate', {}, withKey)).status, 429);
  assert.ok((await call(sb, 'GET', '/api/monitoring/stats')).body.metrics.total_requests >= 3);
  t = t0 + 81_000; // past the limit: killed at 80.4 s, starting until 83.4 s
  assert.equal((await call(sb, 'GET', '/')).status, 503, 'the edge answers while it restarts');
  assert.equal((await call(sb, 'GET', '/api/health')).status, 503);
  t = t0 + 84_000;
  assert.equal((await call(sb, 'GET', '/')).status, 200);
  assert.equal(
    (await call(sb, 'POST', '/api/user/u1/routine/generate', {}, withKey)).status,
    200,
    'the duplicate key died with the instance',
  );
  const stats = (await call(sb, 'GET', '/api/monitoring/stats')).body;
  assert.ok(stats.metrics.uptime_seconds < 5, `uptime ${stats.metrics.uptime_seconds}`);
  assert.equal(stats.metrics.total_errors, 0, 'the app never saw the edge’s 503s');
  const mem = stats.health.services.system.details.process_memory_mb;
  assert.ok(Math.abs(mem - (startMb + 5 * 3.6)) < 1, `a fresh instance, leaking again: ${mem} MB`);

  const ev = await serverEvents(client);
  assert.deepEqual(
    ev.map((e) => [e.type, Date.parse(e.at) - t0]),
    [
      ['server_failed', killAt - t0],
      ['server_restarted', killAt - t0],
      ['server_available', killAt - t0 + config.sandbox.restartColdStartS * 1000],
    ],
  );
  const failed = ev[0]!;
  assert.ok(failed.type === 'server_failed');
  assert.deepEqual(failed.reason, {
    kind: 'oom',
    evicted: false,
    oomKilled: { memoryLimit: `${limit}Mi`, memoryLimitMb: limit },
  });
  assert.match(failed.instanceId ?? '', /^srv-sandbox\d{13}-[0-9a-z]{5}$/);
  const m = await client.memory();
  assert.deepEqual([m.limitMb, m.peakMb], [limit, limit], 'the series shows the peak that killed it');
  assert.equal(m.series.length, 2, 'one series per instance: the killed one and the new one');
  const codes = await client.httpRequests();
  assert.ok(
    codes.some((s) => s.labels.statusCode === '503' && s.points.some((p) => p.value > 0)),
    'the edge saw the 503s',
  );
  assert.deepEqual(
    (await call(sb, 'GET', '/__sandbox/faults')).body.restarts.map((r: { cause: string }) => r.cause),
    ['oom'],
  );
});

test('generate calls grow memory as the real service’s did (about 402 MB after 50 calls), never back down, until the OOM kill', async () => {
  const { sb, client } = await sandbox({ profile: 'realistic', timeScale: 1000, seed: 3 });
  const mb = async () =>
    (await call(sb, 'GET', '/api/health')).body.services.system.details.process_memory_mb;
  const gen = (i: number) => call(sb, 'POST', `/api/user/grow-${i}/routine/generate`, {}, withKey);
  for (let b = 0; b < 5; b++) await Promise.all(Array.from({ length: 10 }, (_, i) => gen(b * 10 + i)));
  const per = config.sandbox.memory.perCallMb.realistic;
  const after50 = await mb();
  assert.ok(
    Math.abs(after50 - (config.sandbox.memory.startMb + 50 * per)) < 0.5,
    `${after50} MB after 50 calls`,
  );
  assert.ok(Math.abs(after50 - 402) < 5, 'the real service’s figure');
  await sleep(200);
  assert.equal(await mb(), after50, 'never comes back down');
  // Sequential calls past the limit (19 calls away): the platform kills it on the way.
  for (let i = 50; i < 75; i++) await gen(i).catch(() => undefined);
  const ev = await serverEvents(client);
  assert.deepEqual(
    ev.filter((e) => e.type === 'server_failed').map((e) => e.type === 'server_failed' && e.reason?.kind),
    ['oom'],
    'killed once, for memory',
  );
  assert.deepEqual(
    (await call(sb, 'GET', '/__sandbox/faults')).body.restarts.map((r: { cause: string }) => r.cause),
    ['oom'],
  );
  await untilServing(sb);
  assert.ok((await mb()) < config.sandbox.memory.startMb + 7 * per, 'a fresh instance, a few calls in');
});

test('crash-loop: server_failed with a non-zero exit, over and over, each with an app error line', async () => {
  const { sb, client } = await sandbox({ timeScale: 100 });
  sb.setFaults(['crash-loop:30s']); // every 0.3 s of wall time
  await sleep(1_300);
  sb.setFaults([], ['crash-loop']);
  const ev = await serverEvents(client);
  const failed = ev.filter((e) => e.type === 'server_failed');
  assert.ok(failed.length >= 2, `${failed.length} crashes`);
  for (const f of failed)
    assert.ok(f.type === 'server_failed' && f.reason?.kind === 'exit' && f.reason.nonZeroExit === 1);
  // Each crash: failed, then restarted, then (after the cold start) available.
  const kinds = ev.map((e) => e.type);
  assert.deepEqual(kinds.slice(0, 3), ['server_failed', 'server_restarted', 'server_available']);
  const errors = await client.logs({ level: ['error'], type: ['app'] });
  assert.ok(errors.items.length >= failed.length);
  assert.match(errors.items[0]!.message, /Process exited with status 1/);
});

test('restart, suspend, resume and scale through the platform API behave as Render’s', async () => {
  const { sb, client } = await sandbox({ timeScale: 5 });
  for (let i = 0; i < 3; i++) await call(sb, 'GET', '/');
  assert.deepEqual(await client.restart().then((a) => a.status), 200);
  await sleep(30);
  assert.equal((await call(sb, 'GET', '/')).status, 503, 'a cold start');
  await untilServing(sb);
  const stats = (await call(sb, 'GET', '/api/monitoring/stats')).body.metrics;
  assert.ok(stats.total_requests <= 2, `the counters started again (${stats.total_requests})`);
  let ev = (await client.events()).items;
  const restarted = ev.find((e) => e.type === 'server_restarted');
  assert.ok(restarted?.type === 'server_restarted' && restarted.triggeredByUser === 'render-api');

  assert.equal((await client.suspend()).status, 202);
  await sleep(30);
  assert.equal((await call(sb, 'GET', '/')).status, 503, 'suspended: the edge answers 503');
  const s = await client.service();
  assert.deepEqual([s.suspended, s.suspenders], [true, ['user']]);
  assert.equal((await call(sb, 'GET', '/__sandbox/faults')).body.serving, false);
  await assert.rejects(
    client.restart(),
    (e: unknown) => e instanceof RunbookError && /suspended: resume it first/.test(e.message),
  );
  assert.equal((await client.resume()).status, 202);
  await untilServing(sb);
  assert.equal((await client.service()).suspended, false);

  assert.equal((await client.scale(3)).status, 202);
  assert.equal((await client.service()).numInstances, 3);
  ev = (await client.events()).items;
  const scaled = ev.find((e) => e.type === 'instance_count_changed');
  assert.ok(
    scaled?.type === 'instance_count_changed' && scaled.fromInstances === 1 && scaled.toInstances === 3,
  );
  assert.deepEqual(
    ev
      .map((e) => e.type)
      .filter((x) => x.startsWith('service_'))
      .reverse(),
    ['service_suspended', 'service_resumed'],
  );
  const end = Date.now() + 4_000;
  let count: number | undefined;
  while (Date.now() < end && count !== 3) {
    count = (await client.metric('instance-count'))[0]?.points.at(-1)?.value;
    await sleep(100);
  }
  assert.equal(count, 3, 'instance-count follows');
  assert.equal(client.rateLimit()?.limit, 400, 'Ratelimit-* headers on every answer');
});

test('series and logs in Render’s shapes; 401 without the token, 404 for another service', async () => {
  const { sb, client } = await sandbox({ timeScale: 5, faults: ['error-burst:1'] });
  const id = client.serviceId;
  const auth = { authorization: `Bearer ${sb.adminToken}` };
  await call(sb, 'POST', '/api/user/u2/nutrition/generate', {}, withKey);
  await call(sb, 'GET', '/');
  await sleep(1_100); // a sample (one per modelled 5 s)
  const raw = async (path: string) => (await call(sb, 'GET', `/__render/v1${path}`, undefined, auth)).body;
  const mem = await raw(`/metrics/memory?resource=${id}&resolutionSeconds=30`);
  assert.ok(Array.isArray(mem) && mem.length === 1);
  assert.deepEqual(Object.keys(mem[0]).sort(), ['labels', 'unit', 'values']);
  assert.deepEqual(
    mem[0].labels.map((l: { field: string }) => l.field),
    ['resource', 'instance'],
  );
  assert.deepEqual(Object.keys(mem[0].values[0]).sort(), ['timestamp', 'value']);
  assert.equal(mem[0].unit, 'bytes');
  const req = await raw(`/metrics/http-requests?resource=${id}&aggregateBy=statusCode`);
  assert.deepEqual(
    req.map((s: { labels: { field: string; value: string }[] }) => s.labels[1]!.value).sort(),
    ['200', '500'],
  );
  const lat = await raw(`/metrics/http-latency?resource=${id}&quantile=0.5&quantile=0.99`);
  assert.deepEqual(
    lat.map((s: { labels: { value: string }[]; unit: string }) => [s.labels[1]!.value, s.unit]),
    [
      ['0.5', 'ms'],
      ['0.99', 'ms'],
    ],
  );
  const owner = (await client.service()).ownerId;
  const page = await raw(`/logs?ownerId=${owner}&resource=${id}&limit=1`);
  assert.deepEqual(Object.keys(page).sort(), ['hasMore', 'logs', 'nextEndTime', 'nextStartTime']);
  assert.equal(page.hasMore, true);
  assert.match(page.nextEndTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  assert.deepEqual(Object.keys(page.logs[0]).sort(), ['id', 'labels', 'message', 'timestamp']);
  const errors = await client.logs({ level: ['error'] });
  assert.match(errors.items[0]!.message, /^nutrition_generation failed: Failed to generate nutrition plan/);
  assert.equal(errors.items[0]!.type, 'app');
  const fives = await client.logs({ statusCode: ['5*'] });
  assert.ok(
    fives.items.length >= 1 && fives.items.every((l) => l.type === 'request' && l.statusCode === 500),
  );
  assert.equal((await call(sb, 'GET', `/__render/v1/services/${id}`)).status, 401);
  const other = await call(sb, 'GET', '/__render/v1/services/srv-another000000000000', undefined, auth);
  assert.deepEqual([other.status, other.body.id], [404, 'not_found']);
});

test('the same client reading the sandbox and a fake Render gets the same normalised view of an OOM kill', async () => {
  // The sandbox, killed at its limit by the leak.
  const { sb, client: local } = await sandbox({ timeScale: 20, faults: ['memory-leak:300'] });
  await call(sb, 'POST', '/api/user/u3/nutrition/generate', {}, withKey);
  sb.setFaults(['error-burst:1']);
  await call(sb, 'POST', '/api/user/u4/nutrition/generate', {}, withKey);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !(await serverEvents(local)).some((e) => e.type === 'server_available'))
    await sleep(100);
  sb.setFaults([], ['memory-leak', 'error-burst']);
  // Render, scripted with the same story in its own units (GB and bytes).
  const key = 'rnd_SENTINEL-same-view-key';
  const svc = 'srv-sameview000000000000';
  const t = Date.now() - 10 * 60_000;
  const fake = await startFakeRender({
    apiKey: key,
    serviceId: svc,
    platform: {
      metrics: {
        memory: [
          rawSeries([0.2, 0.35, 0.5], {
            unit: 'GB',
            endMs: t + 4 * 60_000,
            labels: { instance: `${svc}-aaaaa` },
          }),
        ],
        'memory-limit': [rawSeries([512 * 1024 * 1024], { unit: 'bytes', endMs: t + 4 * 60_000 })],
      },
      events: [
        rawEvent(
          svc,
          'server_failed',
          { instanceID: `${svc}-aaaaa`, reason: { evicted: false, oomKilled: { memoryLimit: '512Mi' } } },
          t + 5 * 60_000,
        ),
        rawEvent(svc, 'server_restarted', { triggeredByUser: null }, t + 5 * 60_000 + 1000),
        rawEvent(svc, 'server_available', {}, t + 6 * 60_000),
      ],
      logs: [
        rawLog(svc, t + 60_000, 'nutrition_generation failed: upstream error', {
          type: 'app',
          level: 'error',
        }),
      ],
    },
  });
  closers.push(() => fake.close());
  const render = renderPlatform({
    source: 'render',
    baseUrl: fake.apiUrl,
    apiKey: key,
    serviceId: svc,
    limits: limitsOf(config),
  });
  const view = async (c: PlatformClient) => {
    const s = await c.service();
    const m = await c.memory({ window: { startMs: Date.now() - 30 * 60_000 } });
    const ev = await serverEvents(c);
    const oom = ev.find((e) => e.type === 'server_failed');
    const err = (await c.logs({ level: ['error'], window: { startMs: Date.now() - 30 * 60_000 } })).items[0];
    return {
      service: [s.type, s.plan, s.numInstances, s.suspended, s.ownerId.startsWith('tea-')],
      memory: [m.limitMb, m.peakMb, m.notes, m.series.every((x) => x.unit === 'MB')],
      events: ev.slice(0, 3).map((e) => e.type),
      oom: oom?.type === 'server_failed' ? oom.reason : null,
      error: err && [err.type, err.level, /^nutrition_generation failed/.test(err.message)],
    };
  };
  const [a, b] = [await view(local), await view(render)];
  assert.deepEqual(a, b);
  assert.deepEqual(a.events, ['server_failed', 'server_restarted', 'server_available']);
  assert.equal(a.memory[0], config.service.plan.memoryMb);
});
