// sandbox.ts fault list | set | clear and restart, on a running sandbox found through the
// state directory; and the two faults made for the drills (crash-loop, cost-runaway).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerTestSandbox, startTestSandbox, call, config } from '../helpers/sandbox';
import { runZx } from '../helpers/zx';
import { RUNAWAY_USER_ID } from '../../runbooks/lib/faults/catalogue';

const closers: (() => Promise<void>)[] = [];
after(async () => void (await Promise.all(closers.map((c) => c()))));
/**
 * A GET answered by the service itself: while crash-loop restarts the instance it answers
 * 503 for its restart period, as Render's proxy would, so a read retries until it is up.
 */
const whenUp = async (sb: { url: string }, path: string) => {
  for (let i = 0; i < 100; i++) {
    const r = await call(sb, 'GET', path);
    if (r.status === 200) return r.body;
    await new Promise((ok) => setTimeout(ok, 10));
  }
  throw new Error(`${path} never answered 200`);
};
const active = async (sb: { url: string }) =>
  (await call(sb, 'GET', '/__sandbox/faults')).body.active.map(
    (a: { label: string; source: string }) => `${a.label}/${a.source}`,
  );

test(
  'fault list, set, clear and restart act on the running sandbox; a release fault stays until a deploy',
  { timeout: 60_000 },
  async () => {
    const state = mkdtempSync(join(tmpdir(), 'rb-sbcmd-'));
    const sb = await startTestSandbox({ timeScale: 20, release: 'leaky' });
    closers.push(() => sb.close());
    registerTestSandbox(state, sb);
    const env = { RUNBOOKS_STATE_DIR: state };
    const port = ['--port', String(sb.port)];
    const list = await runZx('sandbox', ['fault', 'list', ...port, '--json'], env);
    assert.equal(list.code, 0, list.stderr);
    const view = JSON.parse(list.stdout).view;
    assert.ok(view.catalogue.some((f: { name: string }) => f.name === 'crash-loop'));
    assert.deepEqual(
      view.active.map((a: { name: string }) => a.name),
      ['memory-leak'],
      'the leaky release brings its leak',
    );
    const set = await runZx('sandbox', ['fault', 'set', 'openai-outage', 'latency-spike:3', ...port], env);
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual((await active(sb)).sort(), [
      'latency-spike:3/switched',
      'memory-leak:20/release',
      'openai-outage/switched',
    ]);
    const clearOne = await runZx('sandbox', ['fault', 'clear', 'latency-spike', 'memory-leak', ...port], env);
    assert.match(clearOne.stdout, /memory-leak came with release leaky: only a deploy replaces it/);
    assert.deepEqual((await active(sb)).sort(), ['memory-leak:20/release', 'openai-outage/switched']);
    assert.equal((await runZx('sandbox', ['fault', 'clear', ...port], env)).code, 0);
    assert.deepEqual(
      await active(sb),
      ['memory-leak:20/release'],
      "clear without names: every switched fault, not the release's",
    );
    const restart = await runZx('sandbox', ['restart', ...port], env);
    assert.equal(restart.code, 0, restart.stderr);
    assert.match(restart.stdout, /serving again after/);
    const after1 = (await call(sb, 'GET', '/__sandbox/faults')).body;
    assert.equal(after1.serving, true);
    // The leaky release leaks 20 MB a second: on a slow run the platform OOM-kills it at the
    // plan's limit (about every 20 s). Those restarts are the platform's, not the command's.
    assert.deepEqual(
      after1.restarts.map((r: { cause: string }) => r.cause).filter((c: string) => c !== 'oom'),
      ['admin'],
    );
  },
);

test('subcommand errors: a bad fault or subcommand is exit 2, no sandbox on the port is exit 3, each one paragraph', async () => {
  const env = { RUNBOOKS_STATE_DIR: mkdtempSync(join(tmpdir(), 'rb-sbcmd-')) };
  const [bad, sub, none, withFlag] = await Promise.all([
    runZx('sandbox', ['fault', 'set', 'meteor-strike'], env),
    runZx('sandbox', ['fault', 'wobble'], env),
    runZx('sandbox', ['restart', '--port', '9'], env),
    runZx('sandbox', ['fault', 'list', '--fault', 'openai-outage'], env),
  ]);
  for (const [r, code] of [
    [bad, 2],
    [sub, 2],
    [none, 3],
    [withFlag, 2],
  ] as const) {
    assert.equal(r.code, code, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.match(bad.stderr, /unknown fault "meteor-strike"/);
  assert.match(none.stderr, /No sandbox runs at http:\/\/127\.0\.0\.1:9/);
});

test('crash-loop restarts the instance on its clock; cost-runaway charges one user fast; clearing stops both', async () => {
  const sb = await startTestSandbox({ timeScale: 100 });
  closers.push(() => sb.close());
  sb.setFaults(['crash-loop:30s', 'cost-runaway:100']);
  await new Promise((r) => setTimeout(r, 1_000));
  const loops = async () =>
    (await call(sb, 'GET', '/__sandbox/faults')).body.restarts.filter(
      (r: { cause: string }) => r.cause === 'crash-loop',
    ).length;
  const n = await loops();
  assert.ok(n >= 1 && n <= 10, `one restart per 0.3 s of wall time at ×100 (${n} in about 1 s)`);
  const rl = await whenUp(sb, '/api/admin/rate-limits');
  assert.equal(rl.cost_tracking.top_users[0].user_id, RUNAWAY_USER_ID);
  // 100 calls per modelled second × 100 × the routine price, for about a second.
  assert.ok(
    rl.cost_tracking.total_cost_today > config.alerts.dailyCostUsd,
    `the daily cost alert fires (${rl.cost_tracking.total_cost_today})`,
  );
  sb.setFaults([], ['crash-loop', 'cost-runaway']);
  const [stopped, billed] = [
    await loops(),
    (await whenUp(sb, '/api/admin/rate-limits')).cost_tracking.total_cost_today,
  ];
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(await loops(), stopped, 'cleared: no more restarts');
  assert.equal(
    (await whenUp(sb, '/api/admin/rate-limits')).cost_tracking.total_cost_today,
    billed,
    'cleared: no more charges; what was billed stays',
  );
});
