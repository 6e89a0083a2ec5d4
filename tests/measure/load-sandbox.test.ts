// load.ts against the sandbox (fast profile) as a real process: the "done when".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runRunbook } from '../helpers/run';
import type { RunningSandbox } from '../../runbooks/lib/sandbox/index';
import { registerTestSandbox, startTestSandbox } from '../helpers/sandbox';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let sb: RunningSandbox;
before(async () => {
  sb = await startTestSandbox({ seed: 7, apiKey: 'sandbox-test-key' });
});
after(() => sb?.close());

test('20 users against the sandbox: per-step p50/p95/p99, no 429 (a fresh user id per journey), exit 0', async () => {
  const r = await runRunbook('load', ['--url', sb.url, '--users', '20', '--duration', '4s', '--json'], {
    env: { HOLISTICOS_API_KEY: 'sandbox-test-key' },
    timeoutMs: 90_000,
  });
  assert.equal(r.code, 0, r.stderr);
  const { report } = JSON.parse(r.stdout);
  assert.equal(report.kind, 'load');
  assert.equal(report.target.sandbox, true);
  assert.equal(report.load.errors.byStatus['429'] ?? 0, 0);
  assert.equal(report.load.errors.byStatus['401'] ?? 0, 0, 'the X-API-Key reached the routine step');
  for (const s of report.load.steps)
    assert.ok(
      s.latency.count > 0 &&
        s.latency.p50 > 0 &&
        s.latency.p95 >= s.latency.p50 &&
        s.latency.p99 >= s.latency.p95,
      s.id,
    );
  assert.ok(report.load.steps.find((s: { id: string }) => s.id === 'insights').knownBroken);
  assert.match(r.stderr, /routine .*ms/);
  assert.ok(
    !r.stdout.includes('sandbox-test-key') && !r.stderr.includes('sandbox-test-key'),
    'the key is never printed',
  );
});

test('the same with an impossible threshold (p95 < 1 ms) exits 1 and names the threshold', async () => {
  const r = await runRunbook(
    'load',
    ['--url', sb.url, '--users', '20', '--duration', '3s', '--threshold', 'routine:p95<1'],
    { env: { HOLISTICOS_API_KEY: 'sandbox-test-key' }, timeoutMs: 90_000 },
  );
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /verdict: FAIL — threshold breached: step\.routine\.latency: p\(95\)<1 \(observed/);
});

test('against a sandbox that announced itself, the report keeps its profile, time scale and faults, so unlike runs are not compared', async () => {
  const state = mkdtempSync(join(tmpdir(), 'rb-load-conditions-'));
  const other = await startTestSandbox({
    seed: 7,
    apiKey: 'sandbox-test-key',
    timeScale: 20,
    faults: ['latency-spike:3'],
  });
  try {
    registerTestSandbox(state, other, 'env');
    const r = await runRunbook(
      'load',
      ['--url', other.url, '--users', '2', '--duration', '2s', '--only', 'health', '--json'],
      { env: { HOLISTICOS_API_KEY: 'sandbox-test-key', RUNBOOKS_STATE_DIR: state }, timeoutMs: 90_000 },
    );
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const { config } = JSON.parse(r.stdout).report;
    assert.equal(config.sandboxTimeScale, 20);
    assert.equal(typeof config.profile, 'string');
    assert.deepEqual(config.faults, ['latency-spike:3']);
    // Not a registered sandbox (the first one): nothing asked, nothing recorded.
    const plain = await runRunbook(
      'load',
      ['--url', sb.url, '--users', '2', '--duration', '2s', '--only', 'health', '--json'],
      { env: { HOLISTICOS_API_KEY: 'sandbox-test-key', RUNBOOKS_STATE_DIR: state }, timeoutMs: 90_000 },
    );
    assert.equal(JSON.parse(plain.stdout).report.config.faults, undefined);
  } finally {
    await other.close();
  }
});
