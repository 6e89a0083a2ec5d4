import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { runRunbook, cleanEnv, ROOT } from '../helpers/run';
import { startServer, json, type TestServer } from '../helpers/load-servers';
import { routineSuccess } from '../helpers/fake-service';
import { validateReport } from '../../runbooks/lib/report/schema';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

/** A target that answers the health step as the real service does (only health is run: --only health). */
async function healthServer(delayMs = 5): Promise<TestServer> {
  const s = await startServer(
    (_q, res) => setTimeout(() => json(res, 200, { overall_status: 'healthy', services: {} }), delayMs),
    true,
  );
  servers.push(s);
  return s;
}

test('an impossible threshold exits 1 and names it', async () => {
  const s = await healthServer();
  const r = await runRunbook(
    'load',
    [
      '--url',
      s.url,
      '--only',
      'health',
      '--users',
      '2',
      '--duration',
      '2s',
      '--threshold',
      'health:p95<0.001',
    ],
    { timeoutMs: 60_000 },
  );
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /threshold breached: step\.health\.latency: p\(95\)<0\.001/);
  assert.ok(s.requests.length > 0);
});

test('a threshold on a metric that does not exist is a config error (exit 2) before anything is sent', async () => {
  const s = await healthServer();
  const r = await runRunbook(
    'load',
    [
      '--url',
      s.url,
      '--only',
      'health',
      '--duration',
      '2s',
      '--threshold',
      'step.checkout.latency:p(95)<100',
    ],
    { timeoutMs: 60_000 },
  );
  assert.equal(r.code, 2);
  assert.match(r.stderr, /RB_CONFIG.*step\.checkout\.latency/);
  assert.equal(s.requests.length, 0);
});

test('a host that is neither loopback nor a configured environment is refused (exit 2, RB_UNSAFE_TARGET)', async () => {
  const r = await runRunbook('load', ['--url', 'http://192.0.2.10:8001', '--duration', '2s'], {
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /RB_UNSAFE_TARGET/);
});

test('production without --confirm-production is refused, even on loopback', async () => {
  const s = await healthServer();
  const r = await runRunbook('load', ['--env', 'production', '--only', 'health', '--duration', '2s'], {
    env: { HOLISTICOS_PRODUCTION_URL: s.url, HOLISTICOS_API_KEY: 'k-1234567890' },
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /RB_UNSAFE_TARGET.*--confirm-production/);
  assert.equal(s.requests.length, 0);
});

test('Ctrl-C stops sending and leaves a valid report marked partial (exit 130)', async () => {
  const s = await healthServer(20);
  const dir = await mkdtemp(join(tmpdir(), 'rb-load-'));
  const out = join(dir, 'report.json');
  // node directly (not npx), so the signal reaches the runbook itself, as Ctrl-C in a terminal does.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx/esm',
      'node_modules/zx/build/cli.js',
      'runbooks/load.ts',
      '--url',
      s.url,
      '--only',
      'health',
      '--users',
      '3',
      '--duration',
      '60s',
      '--grace',
      '2s',
      '--out',
      out,
    ],
    { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
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

const KEY = 'test-key-1234567890';

/** The journey's first two steps as the real service answers them, at a chosen routine latency. */
async function gateway(routineMs: number, opts: { status?: number } = {}): Promise<TestServer> {
  const s = await startServer((req, res) => {
    if (req.url === '/api/health')
      return setTimeout(() => json(res, 200, { overall_status: 'healthy', services: {} }), 10);
    if (req.url?.endsWith('/routine/generate')) {
      if (opts.status) return json(res, opts.status, { detail: 'User not authenticated' });
      return setTimeout(() => json(res, 200, routineSuccess('u', 'Foundation Builder')), routineMs);
    }
    json(res, 404, { detail: 'Not Found' });
  }, true);
  servers.push(s);
  return s;
}

test('routine slower than health’s whole timeout (16 s against 15 s) is measured, not cut: no timeout', async () => {
  const s = await gateway(16_000);
  const dir = await mkdtemp(join(tmpdir(), 'rb-load-'));
  const out = join(dir, 'r.json');
  const r = await runRunbook(
    'load',
    [
      '--url',
      s.url,
      '--only',
      'health,routine',
      '--users',
      '2',
      '--duration',
      '1s',
      '--grace',
      '30s',
      '--out',
      out,
    ],
    { env: { HOLISTICOS_API_KEY: KEY }, timeoutMs: 90_000 },
  );
  const report = JSON.parse(await readFile(out, 'utf8'));
  const routine = report.load.steps.find((x: { id: string }) => x.id === 'routine');
  assert.equal(report.load.errors.timeout, 0, r.stdout);
  assert.ok(
    routine.ok >= 2 && routine.latency.min >= 15_900,
    `routine ${routine.ok} ok, min ${routine.latency.min} ms`,
  );
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

test('a closed port: exit 3 with one paragraph, no stack trace, and a report', async () => {
  const dead = await startServer(() => {});
  const url = dead.url;
  await dead.close();
  const dir = await mkdtemp(join(tmpdir(), 'rb-load-'));
  const out = join(dir, 'r.json');
  const r = await runRunbook('load', ['--url', url, '--users', '2', '--duration', '3s', '--out', out], {
    env: { HOLISTICOS_API_KEY: KEY },
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /^error \[RB_REFUSED\]: No request to http:\/\/127\.0\.0\.1:\d+ ever connected/m);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  const report = JSON.parse(await readFile(out, 'utf8'));
  assert.ok(validateReport(report).ok);
  assert.ok(report.load.steps[0].errors.connection > 0);
});

test('a closed port stops the run within 15 s of its start whatever --duration: exit 3, saying so, "–" for steps without data', async () => {
  const dead = await startServer(() => {});
  const url = dead.url;
  await dead.close();
  const dir = await mkdtemp(join(tmpdir(), 'rb-load-'));
  const out = join(dir, 'r.json');
  const t0 = Date.now();
  const r = await runRunbook(
    'load',
    ['--url', url, '--only', 'health,routine', '--users', '2', '--duration', '10m', '--out', out],
    { env: { HOLISTICOS_API_KEY: KEY }, timeoutMs: 60_000 },
  );
  const took = Date.now() - t0;
  assert.equal(r.code, 3, r.stderr);
  assert.ok(took < 15_000, `exited after ${took} ms of a 10-minute run`);
  assert.match(
    r.stderr,
    /^error \[RB_REFUSED\]: No request to http:\/\/127\.0\.0\.1:\d+ ever connected: \d+ attempt\(s\) in the first 5 s failed to connect \(ECONNREFUSED\), so the run stopped instead of waiting out its duration\./m,
  );
  const report = JSON.parse(await readFile(out, 'utf8'));
  assert.ok(validateReport(report).ok);
  assert.equal(report.load.stoppedBy, 'unreachable');
  assert.equal(report.stopped.cause, 'unreachable');
  assert.equal(report.verdict.status, 'fail');
  // routine was never reached (each journey ends at its refused first step): no latency, shown as "–", never "0 ms".
  const row = (r.stdout + r.stderr).split('\n').find((l) => l.startsWith('routine'))!;
  assert.match(row, /^routine\s+0\s+0\s+0(\s+–){5}$/, row);
  assert.doesNotMatch(r.stdout + r.stderr, /\b0 ms\b/);
});

test('a target restarted mid-run: the run finishes with the connection errors in their step (exit 1)', async () => {
  const s = await gateway(5);
  const port = Number(new URL(s.url).port);
  const dir = await mkdtemp(join(tmpdir(), 'rb-load-'));
  const out = join(dir, 'r.json');
  const run = runRunbook(
    'load',
    ['--url', s.url, '--only', 'health,routine', '--users', '2', '--duration', '6s', '--out', out],
    { env: { HOLISTICOS_API_KEY: KEY }, timeoutMs: 60_000 },
  );
  const t0 = Date.now();
  while (s.requests.length < 20 && Date.now() - t0 < 20_000) await new Promise((ok) => setTimeout(ok, 50));
  await s.close();
  await new Promise((ok) => setTimeout(ok, 1500));
  const { createServer } = await import('node:http');
  const again = createServer((req, res) =>
    req.url === '/api/health'
      ? json(res, 200, { overall_status: 'healthy', services: {} })
      : json(res, 200, routineSuccess('u', 'x')),
  );
  await new Promise<void>((ok) => again.listen(port, '127.0.0.1', ok));
  try {
    const r = await run;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const report = JSON.parse(await readFile(out, 'utf8'));
    const conn = report.load.steps.map((x: { errors: { connection: number } }) => x.errors.connection);
    assert.ok(
      conn.some((c: number) => c > 0),
      `connection errors per step: ${conn}`,
    );
    assert.ok(
      report.load.steps.every((x: { ok: number }) => x.ok > 0),
      'both steps answered before and after',
    );
  } finally {
    again.closeAllConnections();
    again.close();
  }
});

test('the API key refused: the run stops within seconds, exit 2, saying so', async () => {
  const s = await gateway(5, { status: 401 });
  const t0 = Date.now();
  const r = await runRunbook(
    'load',
    ['--url', s.url, '--only', 'health,routine', '--users', '2', '--duration', '1m'],
    { env: { HOLISTICOS_API_KEY: KEY }, timeoutMs: 60_000 },
  );
  assert.equal(r.code, 2, r.stderr);
  assert.ok(Date.now() - t0 < 20_000);
  assert.match(r.stderr, /error \[RB_AUTH\]: http:\/\/127\.0\.0\.1:\d+ refused the API key/);
  assert.doesNotMatch(r.stdout + r.stderr, new RegExp(KEY));
});

test('with the key unset, a target that is not a running sandbox gets nothing: exit 2 naming the variable', async () => {
  const s = await gateway(5);
  const r = await runRunbook('load', ['--url', s.url, '--users', '1', '--duration', '2s'], {
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /RB_ENV.*HOLISTICOS_API_KEY is not set/);
  assert.equal(s.requests.length, 0);
});
