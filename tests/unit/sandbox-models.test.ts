// The sandbox's models, pure: PRNG, latency, capacity, faults parsing, accounting, memory, validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32, lognormal } from '../../runbooks/lib/sandbox/prng';
import { createLatencyModel, PROFILES } from '../../runbooks/lib/sandbox/latency';
import { Capacity } from '../../runbooks/lib/sandbox/capacity';
import { parseFault, faultLabel } from '../../runbooks/lib/faults/catalogue';
import { Accounting } from '../../runbooks/lib/sandbox/accounting';
import { MemoryModel } from '../../runbooks/lib/sandbox/memory';
import { validateBody } from '../../runbooks/lib/sandbox/validate';
import { formatBanner } from '../../runbooks/lib/sandbox/banner';

test('mulberry32 is deterministic per seed', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const c = mulberry32(43);
  const xs = Array.from({ length: 5 }, () => a());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 5 }, () => c()),
  );
  for (const x of xs) assert.ok(x >= 0 && x < 1);
});

test('lognormal draws centre on the median and have a right tail', () => {
  const rng = mulberry32(1);
  const xs = Array.from({ length: 4001 }, () => lognormal(rng, 1000, 0.5)).sort((x, y) => x - y);
  const median = xs[2000]!;
  assert.ok(median > 900 && median < 1100, `median ${median}`);
  assert.ok(xs[3960]! - median > median - xs[40]!, 'right tail longer than the left');
});

test('realistic latency is calibrated to the reference; fast is milliseconds', () => {
  const real = createLatencyModel('realistic', mulberry32(5));
  const health = Array.from({ length: 200 }, () => real('health'));
  assert.ok(health.every((h) => h >= 2_000 && h <= 4_500));
  const routine = Array.from({ length: 200 }, () => real('routine')).sort((a, b) => a - b);
  assert.ok(routine[100]! > 15_000 && routine[100]! < 40_000, 'routine: tens of seconds');
  const fast = createLatencyModel('fast', mulberry32(5));
  for (const k of Object.keys(PROFILES.fast) as (keyof typeof PROFILES.fast)[]) assert.ok(fast(k) <= 100, k);
});

test('capacity: slots, FIFO queue, queue-full and queue-timeout', async () => {
  const cap = new Capacity(
    { slots: 2, queueMax: 1, queueTimeoutMs: 50, softLimit: 1, slowdownPerActive: 0.5, healthStallMs: 0 },
    1,
  );
  const a = await cap.acquire();
  const b = await cap.acquire();
  assert.ok(a.ok && b.ok);
  assert.equal(cap.slowdown(), 1.5);
  const waiting = cap.acquire();
  assert.equal(cap.queued, 1);
  assert.deepEqual(await cap.acquire(), { ok: false, reason: 'queue-full' });
  if (a.ok) a.release();
  const c = await waiting;
  assert.ok(c.ok);
  const timedOut = await cap.acquire();
  assert.deepEqual(timedOut, { ok: false, reason: 'queue-timeout' });
  if (b.ok) b.release();
  if (c.ok) c.release();
  assert.equal(cap.active, 0);
});

test('capacity: health stall extends and time-scales', () => {
  let t = 0;
  const cap = new Capacity(
    { slots: 1, queueMax: 1, queueTimeoutMs: 1, softLimit: 1, slowdownPerActive: 0, healthStallMs: 2_000 },
    20,
    () => t,
  );
  cap.beginStall();
  assert.equal(cap.stallRemainingMs(), 100);
  t = 50;
  assert.equal(cap.stallRemainingMs(), 50);
});

test('fault parsing: names, params, defaults, errors', () => {
  assert.deepEqual(parseFault('cold-start:10s'), { ok: true, fault: { name: 'cold-start', value: 10_000 } });
  assert.deepEqual(parseFault('latency-spike'), { ok: true, fault: { name: 'latency-spike', value: 10 } });
  assert.equal(parseFault('openai-outage:3').ok, false);
  assert.equal(parseFault('error-burst:2').ok, false);
  assert.equal(parseFault('nope').ok, false);
  assert.equal(faultLabel({ name: 'cold-start', value: 10_000 }), 'cold-start:10s');
});

test('accounting: charges only answered calls; its snapshot reports the memory it is given', () => {
  const acc = new Accounting(
    { routine_generation: 0.02, nutrition_generation: 0.02 },
    () => 0,
    () => 123 * 1024 * 1024,
  );
  acc.call('routine', 'u1', 'charged');
  acc.call('routine', 'u1', 'uncharged');
  acc.call('nutrition', 'u2', 'error');
  assert.equal(acc.totalCostUsd(), 0.02);
  assert.equal(acc.byEndpoint.get('routine')!.calls, 2);
  assert.equal(acc.byEndpoint.get('nutrition')!.errors, 1);
  assert.equal(acc.snapshot().memory_bytes, 123 * 1024 * 1024);
});

test('memory: calls and the leak grow it, stopping the leak keeps what leaked, only a restart frees it', () => {
  let t = 0;
  const m = new MemoryModel(110, 5.84, 512, () => t);
  assert.equal(m.mb(), 110);
  for (let i = 0; i < 50; i++) m.call();
  // The real service: about 110 MB at start, about 402 MB after about 50 calls.
  assert.ok(Math.abs(m.mb() - 402) < 1, `${m.mb()}`);
  m.startLeak(5);
  t = 10_000;
  assert.ok(Math.abs(m.mb() - 452) < 1, `${m.mb()}`);
  m.stopLeak();
  t = 60_000;
  assert.ok(Math.abs(m.mb() - 452) < 1, 'a stopped leak keeps what leaked');
  m.restart(t);
  assert.equal(m.mb(), 110);
  assert.equal(m.crossedAt(), undefined);
});

test('memory: the moment the limit is crossed is when the leak reached it, not when someone looked', () => {
  let t = 1_000_000;
  const m = new MemoryModel(110, 0, 512, () => t);
  m.startLeak(4); // 402 MB to go at 4 MB/s: 100.5 s
  t += 60_000;
  assert.equal(m.crossedAt(), undefined, 'below the limit');
  t += 300_000;
  assert.equal(m.crossedAt(), 1_000_000 + 100_500, 'crossed 100.5 s after the leak began');
  // After a restart at that moment the leak starts over with the new instance.
  m.restart(1_100_500);
  assert.equal(m.crossedAt(1_100_500 + 100_000), undefined);
  assert.equal(m.crossedAt(), 1_100_500 + 100_500);
  // Calls that push it over cross it at the moment of looking.
  const c = new MemoryModel(500, 5, 512, () => t);
  c.call();
  c.call();
  c.call();
  assert.equal(c.crossedAt(), t);
});

test('validation in pydantic v2 words', () => {
  assert.deepEqual(validateBody('plan', ''), {
    ok: false,
    errors: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }],
  });
  assert.equal(validateBody('plan', '{}').ok, true);
  const bad = validateBody('plan', '{"archetype":1,"preferences":[]}');
  assert.ok(!bad.ok);
  assert.deepEqual(
    bad.errors.map((e) => e.type),
    ['string_type', 'dict_type'],
  );
  const j = validateBody('plan', '{"a":');
  assert.ok(!j.ok && j.errors[0]!.type === 'json_invalid');
  assert.ok(validateBody('behavior', '{"force_refresh":"yes"}').ok);
  const arr = validateBody('insights', '[]');
  assert.ok(!arr.ok && arr.errors[0]!.type === 'model_attributes_type');
});

test('banner: the listening line first; an environment key is never shown', () => {
  const b = formatBanner({
    url: 'http://127.0.0.1:8001',
    profile: 'fast',
    timeScale: 1,
    seed: 1,
    faults: [],
    adminToken: 'tok',
    apiKey: undefined,
    keyEnv: 'HOLISTICOS_API_KEY',
  });
  assert.match(b.split('\n')[0]!, /^sandbox listening on http:\/\/127\.0\.0\.1:8001$/);
  assert.match(b, /not shown/);
  assert.match(b, /the platform \(Render's API, modelled\): http:\/\/127\.0\.0\.1:8001\/__render\/v1/);
});
