import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { runRunbook, cleanEnv, ROOT } from '../helpers/run';
import { startServer, json, type TestServer } from '../helpers/load-servers';
import { validateReport } from '../../runbooks/lib/report/schema';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

/** A target that answers the health step as the real service does (only health is run: --only health). */
async function healthServer(delayMs = 5): Promise<TestServer> {
  const s = await startServer((_q, res) => setTimeout(() => json(res, 200, { overall_status: 'healthy', services: {} }), delayMs), true);
  servers.push(s);
  return s;
}

test('an impossible threshold exits 1 and names it', async () => {
  const s = await healthServer();
  const r = await runRunbook('load', ['--url', s.url, '--only', 'health', '--users', '2', '--duration', '2s', '--threshold', 'health:p95<0.001'], { timeoutMs: 60_000 });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /threshold breached: step\.health\.latency: p\(95\)<0\.001/);
  assert.ok(s.requests.length > 0);
});

test('a threshold on a metric that does not exist is a config error (exit 2) before anything is sent', async () => {
  const s = await healthServer();
  const r = await runRunbook('load', ['--url', s.url, '--only', 'health', '--duration', '2s', '--threshold', 'step.checkout.latency:p(95)<100'], { timeoutMs: 60_000 });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /RB_CONFIG.*step\.checkout\.latency/);
  assert.equal(s.requests.length, 0);
});

test('a host that is neither loopback nor a configured environment is refused (exit 2, RB_UNSAFE_TARGET)', async () => {
  const r = await runRunbook('load', ['--url', 'http://192.0.2.10:8001', '--duration', '2s'], { timeoutMs: 60_000 });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /RB_UNSAFE_TARGET/);
});

test('production without --confirm-production is refused, even on loopback', async () => {
  const s = await healthServer();
  const r = await runRunbook('load', ['--env', 'production', '--only', 'health', '--duration', '2s'], { env: { HOLISTICOS_PRODUCTION_URL: s.url, HOLISTICOS_API_KEY: 'k-1234567890' }, timeoutMs: 60_000 });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /RB_UNSAFE_TARGET.*--confirm-production/);
  assert.equal(s.requests.length, 0);
});

test('Ctrl-C stops sending and leaves a valid report marked partial (exit 130)', async () => {
  const s = await healthServer(20);
  const dir = await mkdtemp(join(tmpdir(), 'rb-load-'));
  const out = join(dir, 'report.json');
  // node directly (not npx), so the signal reaches the runbook itself, as Ctrl-C in a terminal does.
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'node_modules/zx/build/cli.js', 'runbooks/load.ts', '--url', s.url, '--only', 'health', '--users', '3', '--duration', '60s', '--grace', '2s', '--out', out], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const closed = new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  // Wait until load is flowing, then interrupt.
  const t0 = Date.now();
  while (s.requests.length < 20 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGINT');
  const r = { code: await closed, stderr };
  clearTimeout(killer);
  assert.equal(r.code, 130, r.stderr);
  const report = JSON.parse(await readFile(out, 'utf8'));
  const v = validateReport(report);
  assert.ok(v.ok, v.ok ? '' : v.errors.join('\n'));
  assert.equal(report.partial, true);
  assert.equal(report.load.stoppedBy, 'interrupted');
  assert.ok(report.load.requests > 0);
  assert.ok(Date.now() - t0 < 30_000, 'stopped long before the planned 60 s');
});
