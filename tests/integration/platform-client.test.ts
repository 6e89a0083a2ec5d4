// The platform client against a fake Render API on loopback (real HTTP, Render's published
// shapes): 429 waited out as Ratelimit-Reset says, a refused key named and never printed,
// logs read page by page within their bound, a slow logs endpoint timed out, units read from
// each series, events of every type the handbook reads, and the actions' status codes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeRender, type FakeRender } from '../helpers/fake-render';
import { rawEvent, rawLog, rawSeries } from '../helpers/fake-render-platform';
import { renderPlatform, type PlatformLimits } from '../../runbooks/lib/platform/index';
import type { RenderDeps } from '../../runbooks/lib/platform/render-http';
import { RunbookError } from '../../runbooks/lib/errors';
import { abortableSleep } from '../../runbooks/lib/http/retry';

const KEY = 'rnd_SENTINEL-platform-key-7c1d';
const SERVICE = 'srv-platformtest00000000';
const LIMITS: PlatformLimits = {
  timeoutMs: 5_000,
  logsTimeoutMs: 5_000,
  retries: 2,
  maxPages: 5,
  maxWindowH: 24,
};
const fakes: FakeRender[] = [];
after(() => Promise.all(fakes.map((f) => f.close())));

async function fake(script: Partial<Parameters<typeof startFakeRender>[0]> = {}): Promise<FakeRender> {
  const f = await startFakeRender({ apiKey: KEY, serviceId: SERVICE, ...script });
  fakes.push(f);
  return f;
}
const client = (
  f: FakeRender,
  o: { key?: string; limits?: Partial<PlatformLimits> } = {},
  deps: RenderDeps = {},
) =>
  renderPlatform(
    {
      source: 'render',
      baseUrl: f.apiUrl,
      apiKey: o.key ?? KEY,
      serviceId: SERVICE,
      limits: { ...LIMITS, ...o.limits },
    },
    deps,
  );
const MIN = 60_000;

test('a 429 with Ratelimit-Reset is waited out as the header says, then the read succeeds', async () => {
  const f = await fake({ rateLimit: { requests: 1, header: 'reset-seconds' } });
  const waits: number[] = [];
  const slept: number[] = [];
  const c = client(
    f,
    {},
    {
      onWait: (_why, ms) => waits.push(ms),
      sleep: (ms, signal) => (slept.push(ms), abortableSleep(ms, signal)),
    },
  );
  const t0 = Date.now();
  const s = await c.service();
  assert.equal(s.id, SERVICE);
  assert.ok(Date.now() - t0 >= 1_250, 'it really waited');
  assert.equal(f.requests.length, 2, 'one refused, one answered');
  assert.equal(f.requests[1]!.at - f.requests[0]!.at >= 1_250, true, 'the second ask came after the reset');
  // Ratelimit-Reset: 1 (seconds to wait), plus up to 20 % jitter and a 250 ms margin.
  assert.equal(slept.length, 1);
  assert.ok(slept[0]! >= 1_250 && slept[0]! <= 1_450, `waited ${slept[0]} ms`);
  assert.deepEqual(waits, slept, 'every wait is told');
});

test('a refused key is a config error naming RENDER_API_KEY (exit 2); the key is in no message', async () => {
  const f = await fake();
  const err = await client(f, { key: 'rnd_SENTINEL-wrong-key-0001' })
    .service()
    .then(
      () => assert.fail('a wrong key must be refused'),
      (e: unknown) => e,
    );
  assert.ok(err instanceof RunbookError);
  assert.equal(err.code, 'RB_CONFIG');
  assert.equal(err.exitCode, 2);
  assert.match(err.message, /Render refused the API key \(HTTP 401/);
  assert.match(err.hint ?? '', /RENDER_API_KEY/);
  const all = `${err.message} ${err.hint} ${JSON.stringify(err.details ?? {})}`;
  assert.ok(!all.includes('rnd_SENTINEL-wrong-key-0001') && !all.includes(KEY));
});

test('logs: time-window pages passed back untouched, newest first, no line twice, bounded by maxPages', async () => {
  const now = Date.now();
  const logs = Array.from({ length: 250 }, (_, i) =>
    rawLog(SERVICE, now - 10 * MIN + i * 1000, `line ${i}`, {
      type: 'app',
      level: i % 50 === 0 ? 'error' : 'info',
    }),
  );
  const f = await fake({ platform: { logs } });
  const c = client(f);
  const all = await c.logs({ window: { startMs: now - 20 * MIN }, maxPages: 10 });
  assert.equal(all.pages, 3, '250 lines at 100 a page');
  assert.equal(all.truncated, false);
  assert.equal(all.items.length, 250);
  assert.equal(new Set(all.items.map((l) => l.id)).size, 250, 'no line twice');
  assert.deepEqual(
    all.items.map((l) => l.message).slice(0, 2),
    ['line 249', 'line 248'],
    'backward: newest first',
  );
  // The second page asked for exactly the window the first answer named (offset and microseconds, '+' encoded).
  const q = f.platform.queries.logs!;
  assert.match(q[1]!.get('endTime')!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+02:00$/);
  assert.equal(q[0]!.get('ownerId'), f.platform.ownerId, 'the owner id is read from the service');
  const bounded = await c.logs({ window: { startMs: now - 20 * MIN }, maxPages: 2 });
  assert.equal(bounded.pages, 2);
  assert.equal(bounded.truncated, true, 'cut short, and says so');
  assert.equal(bounded.items.length, 200);
  const errors = await c.logs({ window: { startMs: now - 20 * MIN }, level: ['error'] });
  assert.deepEqual(
    errors.items.map((l) => [l.message, l.level, l.type]),
    [200, 150, 100, 50, 0].map((i) => [`line ${i}`, 'error', 'app']),
  );
});

test('a slow logs endpoint times out within its bound: RB_TIMEOUT (exit 3), not retried', async () => {
  const f = await fake({ platform: { logsDelayMs: 3_000 } });
  const c = client(f, { limits: { logsTimeoutMs: 300 } });
  await c.service(); // the owner id, so only the logs call is timed
  const t0 = Date.now();
  const err = await c.logs().then(
    () => assert.fail('a slow logs endpoint must time out'),
    (e: unknown) => e,
  );
  const took = Date.now() - t0;
  assert.ok(err instanceof RunbookError);
  assert.equal(err.code, 'RB_TIMEOUT');
  assert.equal(err.exitCode, 3);
  assert.match(
    err.message,
    /^logs: Render's API at http:\/\/127\.0\.0\.1:\d+\/v1 did not answer within 300ms\.$/,
  );
  assert.match(err.hint ?? '', /config\.platform\.logsTimeoutMs/);
  assert.ok(took < 1_500, `gave up after ${took} ms`);
  assert.equal(f.platform.queries.logs!.length, 1, 'a time-out is not retried');
});

test('units are read from each series: memory to MB, latency to ms, CPU to cores; an unknown unit is kept and said', async () => {
  const now = Date.now();
  const f = await fake({
    platform: {
      metrics: {
        memory: [
          rawSeries([0.25, 0.4, 0.5], { unit: 'GB', endMs: now, labels: { instance: `${SERVICE}-abcde` } }),
        ],
        'memory-limit': [rawSeries([536_870_912, 536_870_912, 536_870_912], { unit: 'bytes', endMs: now })],
        'http-latency': (q) =>
          q
            .getAll('quantile')
            .map((qu) => rawSeries([0.2, Number(qu)], { unit: 's', endMs: now, labels: { quantile: qu } })),
        cpu: [rawSeries([250, 500], { unit: 'millicores', endMs: now })],
        'http-requests': [rawSeries([3, 4], { unit: 'furlongs', endMs: now, labels: { statusCode: '200' } })],
      },
    },
  });
  const c = client(f);
  const m = await c.memory();
  assert.deepEqual(
    m.series[0]!.points.map((p) => p.value),
    [256, 409.6, 512],
  );
  assert.equal(m.series[0]!.unit, 'MB');
  assert.equal(m.series[0]!.unitGiven, 'GB');
  assert.deepEqual([m.limitMb, m.latestMb, m.peakMb, m.notes], [512, 512, 512, []]);
  const lat = await c.httpLatency({ quantiles: [0.5, 0.99] });
  assert.deepEqual(
    lat.map((s) => [s.labels.quantile, s.unit, s.points.map((p) => p.value)]),
    [
      ['0.5', 'ms', [200, 500]],
      ['0.99', 'ms', [200, 990]],
    ],
  );
  assert.deepEqual(f.platform.queries['metrics/http-latency']![0]!.getAll('quantile'), ['0.5', '0.99']);
  const cpu = await c.metric('cpu');
  assert.deepEqual([cpu[0]!.unit, cpu[0]!.points.map((p) => p.value)], ['cores', [0.25, 0.5]]);
  const req = await c.httpRequests();
  assert.equal(req[0]!.normalised, false);
  assert.equal(req[0]!.unit, 'furlongs');
  assert.deepEqual(
    req[0]!.points.map((p) => p.value),
    [3, 4],
    'values kept as given',
  );
  assert.match(req[0]!.note!, /http-requests: values in "furlongs" are shown as given/);
  const mq = f.platform.queries['metrics/memory']![0]!;
  assert.equal(mq.get('resource'), SERVICE);
  assert.ok(Number(mq.get('resolutionSeconds')) >= 30, 'at least Render’s minimum resolution');
  assert.ok(
    Date.parse(mq.get('endTime')!) - Date.parse(mq.get('startTime')!) <= 3_600_000,
    'the last hour by default',
  );
});

test('events: every type the handbook reads, its details by its type, over cursor pages; others kept as other', async () => {
  const t = Date.now() - 30 * MIN;
  const e = (type: string, details: Record<string, unknown>, min: number) =>
    rawEvent(SERVICE, type, details, t + min * MIN);
  const inst = `${SERVICE}-x7k2p`;
  const events = [
    e(
      'deploy_started',
      {
        deployId: 'dep-a1',
        trigger: {
          manual: true,
          rollback: false,
          firstBuild: false,
          envUpdated: false,
          deployedByRender: false,
          clearCache: false,
          user: { id: 'usr-1', email: 'ops@example.com' },
        },
      },
      0,
    ),
    e('deploy_ended', { deployId: 'dep-a1', deployStatus: 'succeeded', status: 2, reason: {} }, 1),
    e(
      'server_failed',
      { instanceID: inst, reason: { evicted: false, oomKilled: { memoryLimit: '512Mi' } } },
      2,
    ),
    e('server_restarted', { triggeredByUser: null }, 3),
    e('server_available', {}, 4),
    e('server_failed', { instanceID: inst, reason: { evicted: false, nonZeroExit: 137 } }, 5),
    e(
      'deploy_ended',
      {
        deployId: 'dep-b2',
        deployStatus: 'failed',
        status: 3,
        reason: { failure: { evicted: false, nonZeroExit: 1 } },
      },
      6,
    ),
    e('service_suspended', {}, 7),
    e('service_resumed', {}, 8),
    e('instance_count_changed', { fromInstances: 1, toInstances: 3 }, 9),
    e('suspender_added', { actor: 'user' }, 10),
    e('maintenance_ended', {}, 11),
  ];
  const f = await fake({ platform: { events } });
  const c = client(f);
  const r = await c.events({ limit: 5 });
  assert.equal(r.pages, 3, '12 events at 5 a page');
  assert.equal(r.truncated, false);
  assert.deepEqual(
    r.items.map((x) => x.type),
    [
      'other',
      'suspender_added',
      'instance_count_changed',
      'service_resumed',
      'service_suspended',
      'deploy_ended',
      'server_failed',
      'server_available',
      'server_restarted',
      'server_failed',
      'deploy_ended',
      'deploy_started',
    ],
    'newest first',
  );
  const by = (i: number) => r.items[r.items.length - 1 - i]!;
  const oom = by(2);
  assert.ok(oom.type === 'server_failed');
  assert.equal(oom.instanceId, inst);
  assert.deepEqual(oom.reason, {
    kind: 'oom',
    evicted: false,
    oomKilled: { memoryLimit: '512Mi', memoryLimitMb: 512 },
  });
  const exit = by(5);
  assert.ok(exit.type === 'server_failed' && exit.reason?.kind === 'exit' && exit.reason.nonZeroExit === 137);
  const restarted = by(3);
  assert.ok(restarted.type === 'server_restarted' && restarted.triggeredByUser === null);
  const started = by(0);
  assert.ok(
    started.type === 'deploy_started' &&
      started.trigger?.manual &&
      started.trigger.user?.email === 'ops@example.com',
  );
  const failed = by(6);
  assert.ok(
    failed.type === 'deploy_ended' && failed.deployStatus === 'failed' && failed.failure?.nonZeroExit === 1,
  );
  const scaled = by(9);
  assert.ok(
    scaled.type === 'instance_count_changed' && scaled.fromInstances === 1 && scaled.toInstances === 3,
  );
  const other = by(11);
  assert.ok(other.type === 'other' && other.rawType === 'maintenance_ended');
  const bounded = await c.events({ limit: 5, maxPages: 2 });
  assert.deepEqual([bounded.items.length, bounded.truncated], [10, true]);
  const two = await c.events({ types: ['server_failed', 'service_suspended'] });
  assert.deepEqual(
    two.items.map((x) => x.type),
    ['service_suspended', 'server_failed', 'server_failed'],
  );
  assert.deepEqual(
    f.platform.queries.events!.slice(-2).map((q) => q.get('type')),
    ['server_failed', 'service_suspended'],
    'one type per query, as the spec declares it',
  );
});

test('actions: restart 200, suspend 202, resume 202, scale 202, each recorded as Render does; a bad count sends nothing', async () => {
  const f = await fake();
  const c = client(f);
  const codes = [await c.restart(), await c.suspend(), await c.resume(), await c.scale(3)].map((a) => [
    a.action,
    a.status,
  ]);
  assert.deepEqual(codes, [
    ['restart', 200],
    ['suspend', 202],
    ['resume', 202],
    ['scale', 202],
  ]);
  assert.deepEqual(f.platform.actions.at(-1), { action: 'scale', body: { numInstances: 3 } });
  assert.equal((await c.service()).numInstances, 3);
  const ev = await c.events();
  assert.deepEqual(ev.items.map((x) => x.type).reverse(), [
    'server_restarted',
    'service_suspended',
    'service_resumed',
    'instance_count_changed',
  ]);
  const before = f.requests.length;
  await assert.rejects(c.scale(0), (e: unknown) => e instanceof RunbookError && e.code === 'RB_USAGE');
  assert.equal(f.requests.length, before, 'nothing sent');
});
