// Faults that end by themselves: an outside cause switched on with a time ends at that time
// (no one clears it), and a cause switched on to end with a restart ends only with a restart
// asked through the platform's API — the one the service command sends — never with the
// platform's own OOM kill or the sandbox's admin restart. The view records how each fault
// went off, which is what a drill reads. A suspended service charges nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { call, config, startTestSandbox } from '../helpers/sandbox';
import { limitsOf, platformForSandbox } from '../../runbooks/lib/platform/index';

const closers: (() => Promise<void>)[] = [];
after(async () => void (await Promise.all(closers.map((c) => c()))));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sandbox(o: Parameters<typeof startTestSandbox>[0] = {}) {
  const sb = await startTestSandbox(o);
  closers.push(() => sb.close());
  const admin = { authorization: `Bearer ${sb.adminToken}` };
  const faults = (body: unknown) => call(sb, 'POST', '/__sandbox/faults', body, admin);
  const view = async () => (await call(sb, 'GET', '/__sandbox/faults')).body;
  return { sb, admin, faults, view };
}

test('a fault switched on with afterMs ends by itself at that time, recorded as ended by itself (fake clock)', async () => {
  const t0 = 2_000_000_000_000;
  let t = t0;
  const { sb, faults, view } = await sandbox({ now: () => t });
  const on = await faults({ enable: ['openai-outage'], ends: { 'openai-outage': { afterMs: 60_000 } } });
  assert.equal(on.status, 200, on.text);
  assert.equal(on.body.active[0].until, new Date(t0 + 60_000).toISOString());
  t = t0 + 59_000;
  assert.equal((await call(sb, 'GET', '/api/health')).body.overall_status, 'degraded', 'still out');
  t = t0 + 61_000;
  assert.equal((await call(sb, 'GET', '/api/health')).body.overall_status, 'healthy', 'back by itself');
  const v = await view();
  assert.deepEqual(v.active, []);
  assert.deepEqual(v.ended, [
    { name: 'openai-outage', at: new Date(t0 + 60_000).toISOString(), how: 'by-itself', source: 'switched' },
  ]);
  // Cleared by hand before its time: recorded as cleared, not as ended by itself.
  await faults({ enable: ['error-burst:1'], ends: { 'error-burst': { afterMs: 60_000 } } });
  t = t0 + 70_000;
  await faults({ disable: ['error-burst'] });
  assert.deepEqual((await view()).ended.at(-1), {
    name: 'error-burst',
    at: new Date(t0 + 70_000).toISOString(),
    how: 'cleared',
    source: 'switched',
  });
});

test('a leak switched on to end with a restart survives the OOM kill and the admin restart, and ends with the restart through the platform', async () => {
  const { sb, admin, faults, view } = await sandbox({ timeScale: 20 });
  const client = platformForSandbox(
    { url: sb.url, port: sb.port, adminToken: sb.adminToken },
    limitsOf(config),
  );
  const limit = config.service.plan.memoryMb;
  const mem = async () => (await view()).platform.memoryMb as number;
  // 500 MB a wall second (the most it takes): the plan's limit within about a second, then again.
  assert.equal(
    (await faults({ enable: ['memory-leak:500'], ends: { 'memory-leak': { onRestart: true } } })).status,
    200,
  );
  const killed = Date.now() + 5_000;
  while (Date.now() < killed && !(await view()).restarts.some((r: { cause: string }) => r.cause === 'oom'))
    await sleep(50);
  let v = await view();
  assert.ok(
    v.restarts.some((r: { cause: string }) => r.cause === 'oom'),
    'the platform OOM-killed it',
  );
  assert.deepEqual(
    v.active.map((a: { name: string; endsOnRestart?: boolean }) => [a.name, a.endsOnRestart]),
    [['memory-leak', true]],
    'the OOM kill does not end it',
  );
  assert.equal((await call(sb, 'POST', '/__sandbox/restart', {}, admin)).status, 202);
  await sleep(100);
  assert.equal((await view()).active.length, 1, 'the sandbox’s admin restart does not end it either');

  assert.equal((await client.restart()).status, 200);
  await sleep(100);
  v = await view();
  assert.deepEqual(v.active, [], 'the restart through the platform ends it');
  assert.deepEqual(
    v.ended.map((e: { name: string; how: string }) => [e.name, e.how]),
    [['memory-leak', 'restart']],
  );
  const fresh = await mem();
  assert.ok(fresh < config.sandbox.memory.startMb + 10, `a fresh instance: ${fresh} MB`);
  await sleep(300);
  assert.ok((await mem()) < fresh + 1, 'and it no longer climbs');
  const restarted = (await client.events({ types: ['server_restarted'] })).items.map(
    (e) => e.type === 'server_restarted' && e.triggeredByUser,
  );
  assert.ok(restarted.includes('render-api') && restarted.includes('sandbox-admin'), String(restarted));
  assert.ok(fresh < limit);
});

test('"ends" that is malformed, or names a fault the request does not switch on, is refused and changes nothing', async () => {
  const { faults, view } = await sandbox();
  for (const body of [
    { enable: ['openai-outage'], ends: { 'openai-outage': { afterMs: 'soon' } } },
    { enable: ['openai-outage'], ends: { 'openai-outage': { afterMs: -1 } } },
    { enable: ['openai-outage'], ends: { 'latency-spike': { afterMs: 1000 } } },
    { enable: ['openai-outage'], ends: ['openai-outage'] },
  ]) {
    const r = await faults(body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.body.detail, /ends|afterMs/);
  }
  assert.deepEqual((await view()).active, []);
});

test('a suspended service charges nothing: the runaway client’s calls stop with it', async () => {
  const { sb, faults } = await sandbox({ timeScale: 20 });
  const client = platformForSandbox(
    { url: sb.url, port: sb.port, adminToken: sb.adminToken },
    limitsOf(config),
  );
  const cost = async () => (await call(sb, 'GET', '/__sandbox/accounting')).body.total_cost_usd as number;
  await faults({ enable: ['cost-runaway:50'] });
  await sleep(600);
  assert.ok((await cost()) > 0, 'it charges while it serves');
  await client.suspend();
  await sleep(100);
  const atSuspend = await cost();
  await sleep(600);
  assert.equal(await cost(), atSuspend, 'nothing charged while suspended');
});
