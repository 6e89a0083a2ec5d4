// The read side's pure helpers and the monitor's platform watch: log lines grouped by what
// they say (ids, numbers, times stripped), a restart counted once when Render records a
// failure and its restart, edge figures and the memory trend, and the watch reading on its
// own cadence, naming each new failure once and turning a failed read into a missing figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupLogs, normaliseMessage } from '../../runbooks/lib/platform/log-groups';
import { instanceEnds, suspendedSince } from '../../runbooks/lib/platform/timeline';
import { edgeRequests, memoryTrend, normalisePath, slowestPaths } from '../../runbooks/lib/platform/figures';
import { createPlatformWatch } from '../../runbooks/lib/monitor/platform';
import { RunbookError } from '../../runbooks/lib/errors';
import type {
  LogLine,
  MemoryView,
  PlatformClient,
  PlatformEvent,
  Series,
} from '../../runbooks/lib/platform/types';

const T0 = Date.parse('2026-12-07T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const line = (s: number, message: string, extra: Partial<LogLine> = {}): LogLine => ({
  id: `l${s}`,
  at: at(s),
  message,
  type: 'app',
  level: 'error',
  statusCode: null,
  method: null,
  path: null,
  host: null,
  instance: null,
  labels: {},
  ...extra,
});
const oom = (s: number, id = `evt-oom${s}`): PlatformEvent => ({
  id,
  at: at(s),
  serviceId: 'srv-x',
  type: 'server_failed',
  instanceId: 'srv-x-a',
  reason: { kind: 'oom', evicted: false, oomKilled: { memoryLimit: '512Mi', memoryLimitMb: 512 } },
});
const restarted = (s: number, user: string | null = null): PlatformEvent => ({
  id: `evt-r${s}`,
  at: at(s),
  serviceId: 'srv-x',
  type: 'server_restarted',
  triggeredByUser: user,
});
const series = (metric: Series['metric'], values: number[], labels: Record<string, string> = {}): Series => ({
  metric,
  labels,
  unitGiven: 'x',
  unit: 'x',
  normalised: true,
  points: values.map((value, i) => ({ at: at(i * 30), value })),
});

test('log lines that say the same thing group together: ids, numbers, UUIDs, hex and times stripped', () => {
  assert.equal(
    normaliseMessage('timeout after 30012 ms for user u-81'),
    normaliseMessage('timeout after 29877 ms for user u-12'),
  );
  assert.equal(
    normaliseMessage(
      '2026-12-07T10:00:01.123Z req 3f2a9c1e-1111-4a2b-9c3d-0123456789ab failed at 0xdeadbeef',
    ),
    '<time> req <uuid> failed at <hex>',
  );
  const groups = groupLogs([
    line(1, 'timeout after 30012 ms for user u-81'),
    line(5, 'KeyError: plan'),
    line(9, 'timeout after 29877 ms for user u-12'),
    line(3, 'timeout after 31000 ms for user u-7'),
  ]);
  assert.equal(groups.length, 2);
  assert.deepEqual(
    { ...groups[0], example: groups[0]!.example },
    {
      message: 'timeout after <n> ms for user <id>',
      example: 'timeout after 29877 ms for user u-12',
      count: 3,
      firstAt: at(1),
      lastAt: at(9),
    },
  );
  assert.equal(groups[1]!.message, 'KeyError: plan');
});

test('a failure and the restart Render records for it are one instance end; a user’s restart is its own', () => {
  const ends = instanceEnds([restarted(300, 'usr-1'), restarted(10), oom(0)]);
  // The same second, listed newest first (the restart before its failure): still one end.
  assert.deepEqual(
    instanceEnds([restarted(600), oom(600)]).map((e) => e.cause),
    ['oom'],
  );
  assert.deepEqual(
    ends.map((e) => [e.cause, e.why]),
    [
      ['oom', 'out of memory (limit 512Mi)'],
      ['restart', 'restarted by usr-1'],
    ],
  );
  const sus = (type: 'service_suspended' | 'service_resumed', s: number): PlatformEvent => ({
    id: `e${s}`,
    at: at(s),
    serviceId: 'srv-x',
    type,
  });
  assert.equal(suspendedSince([sus('service_suspended', 1), sus('service_resumed', 2)]), null);
  assert.equal(
    suspendedSince([sus('service_suspended', 1), sus('service_resumed', 2), sus('service_suspended', 3)]),
    at(3),
  );
});

test('edge figures: requests by status and the 5xx share; the slowest paths by p95; memory’s trend to its limit', () => {
  const r = edgeRequests([
    series('http-requests', [40, 50], { statusCode: '200' }),
    series('http-requests', [4, 6], { statusCode: '503' }),
  ]);
  assert.deepEqual(r.byStatus, [
    { status: '200', count: 90 },
    { status: '503', count: 10 },
  ]);
  assert.equal(r.serverErrorPct, 10);
  assert.equal(normalisePath('/api/user/u-81/routine/generate?x=1'), '/api/user/{id}/routine/generate');
  const req = (s: number, path: string, ms: number, status = 200) =>
    line(s, `method=POST path=${path} status=${status} responseTimeMS=${ms}`, {
      type: 'request',
      method: 'POST',
      path,
      statusCode: status,
    });
  const slow = slowestPaths([
    req(1, '/api/user/u-1/routine/generate', 30_000),
    req(2, '/api/user/u-2/routine/generate', 12_000, 502),
    req(3, '/api/health', 5),
  ]);
  assert.deepEqual(
    slow.map((p) => [p.route, p.count, p.p95Ms, p.serverErrors]),
    [
      ['POST /api/user/{id}/routine/generate', 2, 30_000, 1],
      ['POST /api/health', 1, 5, 0],
    ],
  );
  const view: MemoryView = {
    series: [series('memory', [400, 430, 460])],
    limit: [series('memory-limit', [512])],
    limitMb: 512,
    latestMb: 460,
    peakMb: 460,
    notes: [],
  };
  const trend = memoryTrend(view);
  assert.equal(trend.slopeMbPerMin, 60, '30 MB every 30 s');
  assert.equal(trend.toLimitMs, 52_000, '52 MB to go at a MB a second');
  assert.equal(trend.firstMb, 400);

  // A jump (a burst of calls, a drill's leak switched on) does not set the rate: the rate the
  // other points share does. Seen at time scale 1: 110 MB, then 405 MB and 28 MB a minute on.
  const jumped = memoryTrend({
    ...view,
    series: [series('memory', [110, 405, 419, 433, 447, 461, 475, 489])],
    latestMb: 489,
    peakMb: 489,
  });
  assert.equal(jumped.slopeMbPerMin, 28, '14 MB every 30 s once it jumped');
  assert.equal(jumped.toLimitMs, Math.round((23 / 28) * 60_000));
});

/** A client answering from scripted functions; anything not scripted is never called. */
function stubClient(s: {
  events: () => PlatformEvent[];
  memory?: () => MemoryView | Error;
}): PlatformClient & { calls: string[] } {
  const calls: string[] = [];
  const c = {
    calls,
    source: 'render',
    serviceId: 'srv-x',
    describes: 'Render service srv-x',
    events: async () => (
      calls.push('events'),
      { items: s.events(), pages: 1, truncated: false, window: { startMs: 0, endMs: 0 } }
    ),
    memory: async () => {
      calls.push('memory');
      const m = s.memory?.() ?? {
        series: [],
        limit: [],
        limitMb: 512,
        latestMb: 300,
        peakMb: 300,
        notes: [],
      };
      if (m instanceof Error) throw m;
      return m;
    },
    httpRequests: async () => [series('http-requests', [10], { statusCode: '200' })],
    httpLatency: async () => [series('http-latency', [250], { quantile: '0.95' })],
  };
  return c as unknown as PlatformClient & { calls: string[] };
}

test('the watch reads on its cadence, names each new failure once, counts an end once and turns a failed read into a missing figure', async () => {
  let events: PlatformEvent[] = [];
  let memory: MemoryView | Error | undefined;
  const client = stubClient({ events: () => events, memory: () => memory! });
  const w = createPlatformWatch({ client, sinceMs: T0, everyMs: 10_000, memoryTargetMb: 400 });
  memory = { series: [], limit: [], limitMb: 512, latestMb: 430, peakMb: 440, notes: [] };
  const r1 = await w.read(T0 + 1_000);
  assert.deepEqual(r1.measurements.platformMemory, { kind: 'value', value: 430, text: '430 MB of 512 MB' });
  assert.deepEqual(r1.measurements.edgeP95, { kind: 'value', value: 250, text: '250 ms' });
  assert.match(r1.notes.join(), /above the 400 MB target, 82 MB from the limit/);
  const r2 = await w.read(T0 + 5_000);
  assert.equal(r2.measurements.platformMemory.kind, 'not-due', 'not read again within readEveryS');
  assert.equal(client.calls.filter((c) => c === 'events').length, 1);

  events = [oom(-30, 'evt-before'), oom(12), restarted(13)];
  memory = new RunbookError('RB_TIMEOUT', 'Render did not answer within 10s');
  const r3 = await w.read(T0 + 15_000);
  assert.deepEqual(
    r3.failures.map((f) => f.eventId),
    ['evt-oom12'],
    'an event from before the watch is not its failure',
  );
  assert.match(
    r3.failures[0]!.text,
    /server_failed at 10:00:12 UTC: out of memory \(limit 512Mi\) \(evt-oom12\)/,
  );
  assert.equal(r3.ends.length, 1, 'the failure and its restart: one end');
  assert.equal(r3.measurements.platformMemory.kind, 'missing');
  memory = { series: [], limit: [], limitMb: 512, latestMb: 200, peakMb: 210, notes: [] };
  const r4 = await w.read(T0 + 30_000);
  assert.deepEqual(r4.failures, [], 'the same event is not a second failure');
  assert.deepEqual(r4.ends, []);
  const s = w.summary();
  assert.equal(s.reads, 3);
  assert.equal(s.failures.length, 1);
  assert.equal(s.readErrors, 1);
  assert.match(s.lastError!, /memory: RB_TIMEOUT: Render did not answer/);
  assert.equal(s.peakMb, 440);
});

test('a deploy’s watch reads events from when it went live, the edge’s figures only from when the watch began', async () => {
  const windows: Record<string, { startMs?: number; endMs?: number } | undefined> = {};
  const client = {
    describes: 'Render service srv-x',
    events: async (q: { window?: { startMs?: number } }) => (
      (windows.events = q.window),
      { items: [], pages: 1, truncated: false, window: { startMs: 0, endMs: 0 } }
    ),
    memory: async () => ({ series: [], limit: [], limitMb: null, latestMb: null, peakMb: null, notes: [] }),
    httpRequests: async (q: { window?: { startMs?: number } }) => ((windows.requests = q.window), []),
    httpLatency: async (q: { window?: { startMs?: number } }) => ((windows.latency = q.window), []),
  } as unknown as PlatformClient;
  const w = createPlatformWatch({ client, sinceMs: T0, edgeSinceMs: T0 + 20_000, everyMs: 10_000 });
  await w.read(T0 + 30_000);
  assert.equal(windows.events?.startMs, T0, 'events since the deploy went live');
  assert.equal(windows.requests?.startMs, T0 + 20_000, 'requests since the watch began');
  assert.equal(windows.latency?.startMs, T0 + 20_000);
});
