// monitor.ts as a real process against a fake service: breach → 1 showing the breaching
// samples; JSON lines; a restart mid-run is survived; Ctrl-C → summary and 130; --publish
// writes the watch as a monitor report (what the scorecard's uptime reads).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunbook, cleanEnv, ROOT } from '../helpers/run';
import { startFakeService, healthyRoutes, recorded2, type FakeService } from '../helpers/fake-service';
import { configFileWith } from '../helpers/config';
import { validateReport } from '../../runbooks/lib/report/schema';

const metrics = (memMb: number, ok: number) =>
  `# TYPE holisticos_memory_usage_bytes gauge\nholisticos_memory_usage_bytes ${memMb * 1048576}\nholisticos_requests_total{endpoint="routine_generation",method="POST",status="200"} ${ok}\n` +
  `holisticos_request_duration_seconds_sum{endpoint="routine_generation",method="POST"} ${ok * 2}\nholisticos_request_duration_seconds_count{endpoint="routine_generation",method="POST"} ${ok}\n`;
/** Flags that make a short watch legal: health polled every second, no synthetic journey. */
const FAST = ['--interval', '1s', '--health-interval', '1s', '--no-synthetic'];

let leaky: FakeService;
let restarting: FakeService;
before(async () => {
  let n = 0;
  leaky = await startFakeService({
    ...healthyRoutes('k'),
    'GET /metrics': () => ({ kind: 'text', body: metrics(380 + 40 * n++, n * 3) }),
  });
  let m = 0;
  // sample 3 answers an HTML error page, sample 4 shows counters reset: a restart.
  restarting = await startFakeService({
    ...healthyRoutes('k'),
    'GET /metrics': () =>
      ++m === 3 ? { kind: 'html', status: 502 } : { kind: 'text', body: metrics(150, m < 3 ? 100 + m : m) },
  });
});
after(() => Promise.all([leaky.close(), restarting.close()]));

test('a memory breach in consecutive samples fails (exit 1) and shows the samples that breached', async () => {
  const r = await runRunbook('monitor', ['--url', leaky.url, '--duration', '20s', ...FAST], {
    timeoutMs: 40_000,
  });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAILED — memory above 450 MB in 3 consecutive samples/);
  assert.match(r.stdout, /Samples that breached:\n\s+#3 .*memory 460 MB ✗/);
  assert.match(r.stderr, /breach: memory 460 MB above 450 MB \(1\/3 in a row\)/);
  assert.match(r.stdout, /^#1 \+\d+ms {2}memory/m, 'one line per sample when not a TTY');
});

test('--json prints JSON lines: samples, events, then the summary', async () => {
  const r = await runRunbook('monitor', ['--url', restarting.url, '--duration', '4s', ...FAST, '--json'], {
    timeoutMs: 40_000,
  });
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const samples = lines.filter((l) => l.type === 'sample');
  assert.equal(samples.length, 5);
  assert.ok(
    lines.some((l) => l.type === 'error' && l.metric === 'errorRate' && l.code === 'RB_HTTP'),
    'the HTML page is a measurement error, as an event',
  );
  assert.equal(samples[3].restarted, true, 'counters went down: a restart, not a negative rate');
  const summary = lines.at(-1);
  assert.equal(summary.type, 'summary');
  assert.equal(summary.restarts, 1);
  assert.equal(summary.metrics.find((m: { id: string }) => m.id === 'memory').verdict, 'passed');
  assert.equal(r.code, 0, 'a transient error and a restart do not fail the run');
});

test('Ctrl-C prints the summary and exits 130', async () => {
  // node directly (not npx), so the signal reaches the runbook itself
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx/esm',
      'node_modules/zx/build/cli.js',
      'runbooks/monitor.ts',
      '--url',
      restarting.url,
      '--duration',
      '1m',
      ...FAST,
    ],
    { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    stdout += d;
    if (!sent && /^#2 /m.test(stdout)) {
      sent = true; // once: a second Ctrl-C means "quit at once"
      child.kill('SIGINT');
    }
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code, signal] = await new Promise<[number | null, string | null]>((res) =>
    child.on('close', (c, s) => res([c, s])),
  );
  clearTimeout(killer);
  assert.equal(code, 130, `signal ${signal}\n${stdout}\n${stderr}`);
  assert.match(stdout, /Monitor of .*: INTERRUPTED \(partial\)/);
});

test('bad flags are usage errors (2)', async () => {
  const r = await runRunbook('monitor', ['--url', leaky.url, '--interval', '100ms'], { timeoutMs: 20_000 });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /error \[RB_USAGE\]: A sample interval of 100ms is below 1s/);
});

test('a watch too short for the consecutive-breach rule is refused before any request (exit 2)', async () => {
  const before = leaky.hits.length;
  const r = await runRunbook(
    'monitor',
    ['--url', leaky.url, '--duration', '30s', '--interval', '10s', '--no-synthetic'],
    { timeoutMs: 20_000 },
  );
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /too short to apply the rule of 3 consecutive breaches: it needs at least 1m \(3 health polls, one every 30s\)/,
  );
  assert.equal(leaky.hits.length, before);
});

test('every health poll critical: exit 1, never 0', async () => {
  const critical = await startFakeService({
    ...healthyRoutes('k'),
    'GET /metrics': { kind: 'text', body: metrics(120, 5) },
    'GET /api/monitoring/stats': {
      kind: 'json',
      body: { health: recorded2('health_database_checked').body, metrics: { uptime_seconds: 30 } },
    },
  });
  try {
    const r = await runRunbook('monitor', ['--url', critical.url, '--duration', '3s', ...FAST], {
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAILED — health critical in 3 consecutive polls/);
  } finally {
    await critical.close();
  }
});

test('synthetic journeys count fallback plans the service calls successes (key from the variable)', async () => {
  const fallback = await startFakeService({
    ...healthyRoutes('key-123456789'),
    'POST /api/user/*/routine/generate': { kind: 'json', body: recorded2('routine_first_of_pair').body },
  });
  try {
    const config = configFileWith({ monitor: { syntheticMinIntervalS: 1 } });
    const r = await runRunbook(
      'monitor',
      [
        '--url',
        fallback.url,
        '--duration',
        '6s',
        '--interval',
        '1s',
        '--health-interval',
        '1s',
        '--synthetic-interval',
        '1s',
        '--json',
      ],
      { env: { RUNBOOKS_CONFIG: config, HOLISTICOS_API_KEY: 'key-123456789' }, timeoutMs: 40_000 },
    );
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    const synth = summary.metrics.find((m: { id: string }) => m.id === 'syntheticErrorRate');
    assert.equal(synth.verdict, 'failed', r.stderr);
    assert.equal(r.code, 1);
    assert.ok(
      !r.stdout.includes('key-123456789') && !r.stderr.includes('key-123456789'),
      'the key is never printed',
    );
  } finally {
    await fallback.close();
  }
});

test('with the key unset, a target that is not a running sandbox is refused before anything is sent (exit 2)', async () => {
  const before = leaky.hits.length;
  const r = await runRunbook('monitor', ['--url', leaky.url, '--duration', '5m'], { timeoutMs: 20_000 });
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /RB_ENV.*HOLISTICOS_API_KEY is not set, and http:\/\/127\.0\.0\.1:\d+ is not a running sandbox/,
  );
  assert.equal(leaky.hits.length, before);
});

test('--publish writes the watch as a monitor report: window, samples, samples up, coverage', async () => {
  const publish = mkdtempSync(join(tmpdir(), 'rb-monitor-pub-'));
  const read = () =>
    readdirSync(join(publish, 'monitor')).map(
      (f) => JSON.parse(readFileSync(join(publish, 'monitor', f), 'utf8')) as unknown,
    );
  const r = await runRunbook(
    'monitor',
    ['--url', restarting.url, '--duration', '4s', ...FAST, '--publish', '--json'],
    {
      env: { RUNBOOKS_PUBLISH_DIR: publish },
      timeoutMs: 40_000,
    },
  );
  assert.equal(r.code, 0, r.stderr);
  const [report] = read();
  const v = validateReport(report);
  assert.ok(v.ok && v.report.kind === 'monitor', v.ok ? v.report.kind : v.errors.join('\n'));
  const m = v.report.monitor;
  // The target answered every sample (an HTML error page is an answer too).
  assert.equal(m.samples, 5);
  assert.equal(m.upSamples, 5);
  assert.equal(m.uptimePct, 100);
  assert.equal(m.coveragePct, 100);
  // An explicit --url that is not an environment's is named by its host (target/label.ts), so a
  // scorecard never counts a watch of some other service as the local environment's uptime.
  assert.equal(v.report.target.environment, new URL(restarting.url).host);
  assert.equal(v.report.target.source, 'url');
  assert.equal(v.report.target.sandbox, false, 'a fake service is not a sandbox this machine started');
  const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { reportPaths: string[] };
  assert.ok(summary.reportPaths.some((p) => p.startsWith(join(publish, 'monitor'))));

  // A target that never answers: every sample down, and the report says so.
  const down = await runRunbook(
    'monitor',
    ['--url', 'http://127.0.0.1:9', '--duration', '4s', ...FAST, '--publish'],
    {
      env: { RUNBOOKS_PUBLISH_DIR: publish },
      timeoutMs: 40_000,
    },
  );
  assert.notEqual(down.code, 0);
  const unreachable = read()
    .map((x) => validateReport(x))
    .find((x) => x.ok && x.report.kind === 'monitor' && x.report.target.url === 'http://127.0.0.1:9');
  assert.ok(unreachable?.ok && unreachable.report.kind === 'monitor', down.stdout + down.stderr);
  assert.equal(unreachable.report.monitor.upSamples, 0);
  assert.equal(unreachable.report.monitor.uptimePct, 0);
  assert.ok(unreachable.report.monitor.unreachableSamples > 0);
});
