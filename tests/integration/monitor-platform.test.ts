// monitor.ts as a real process with the platform beside the app: against a fake Render (an
// OOM kill recorded mid-watch fails the watch and is named; memory against the limit, 5xx and
// p95 at the edge, each figure naming its origin; a 429 waited out; a refused key a clear
// error), without Render variables (the one "not configured" line, the exit code as before),
// and against a sandbox whose memory leak ends in an OOM kill the monitor sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cleanEnv, ROOT, runRunbook, runbookArgv } from '../helpers/run';
import { startFakeService, healthyRoutes, type FakeService } from '../helpers/fake-service';
import { startFakeRender, type FakeRender } from '../helpers/fake-render';
import { rawEvent, rawSeries } from '../helpers/fake-render-platform';
import { configFileWith } from '../helpers/config';
import { spawnSandbox } from '../helpers/sandbox-process';

const KEY = 'rnd_SENTINEL-monitor-platform-3f9a';
const SERVICE = 'srv-monitorplatform0000';
const MB = 1_048_576;
const FAST = ['--interval', '1s', '--health-interval', '1s', '--no-synthetic'];
/** The platform read every second, so a short watch reads it several times. */
const CONFIG = configFileWith({ platform: { readEveryS: 1 } });

const metrics = (memMb: number, ok: number) =>
  `# TYPE holisticos_memory_usage_bytes gauge\nholisticos_memory_usage_bytes ${memMb * MB}\nholisticos_requests_total{endpoint="routine_generation",method="POST",status="200"} ${ok}\n` +
  `holisticos_request_duration_seconds_sum{endpoint="routine_generation",method="POST"} ${ok * 2}\nholisticos_request_duration_seconds_count{endpoint="routine_generation",method="POST"} ${ok}\n`;

let app: FakeService;
const fakes: FakeRender[] = [];
before(async () => {
  let n = 0;
  app = await startFakeService({
    ...healthyRoutes('k'),
    'GET /metrics': () => ({ kind: 'text', body: metrics(210, 10 + n++) }),
  });
});
after(() => Promise.all([app.close(), ...fakes.map((f) => f.close())]));

const endOf = (q: URLSearchParams) => Date.parse(q.get('endTime') ?? '') || Date.now();
/** A Render whose instance grows towards its 512 MB limit, with a few 503s and an 800 ms p95 at the edge. */
async function render(script: Partial<Parameters<typeof startFakeRender>[0]> = {}) {
  const f = await startFakeRender({
    apiKey: KEY,
    serviceId: SERVICE,
    platform: {
      metrics: {
        memory: (q) => [
          rawSeries([380 * MB, 410 * MB, 430 * MB], { unit: 'bytes', stepMs: 30_000, endMs: endOf(q) }),
        ],
        'memory-limit': (q) => [rawSeries([512 * MB], { unit: 'bytes', endMs: endOf(q) })],
        'http-requests': (q) => [
          rawSeries([48, 49], {
            unit: 'count',
            stepMs: 30_000,
            endMs: endOf(q),
            labels: { statusCode: '200' },
          }),
          rawSeries([1, 2], {
            unit: 'count',
            stepMs: 30_000,
            endMs: endOf(q),
            labels: { statusCode: '503' },
          }),
        ],
        'http-latency': (q) =>
          q
            .getAll('quantile')
            .map((qu) => rawSeries([0.8], { unit: 's', endMs: endOf(q), labels: { quantile: qu } })),
      },
    },
    ...script,
  });
  fakes.push(f);
  return f;
}
const renderEnv = (f: FakeRender, key = KEY) => ({
  RUNBOOKS_CONFIG: CONFIG,
  RENDER_API_KEY: key,
  RENDER_API_URL: f.apiUrl,
  RENDER_STAGING_SERVICE_ID: SERVICE,
});

/** Runs monitor.ts and calls `during(stdout)` on each output chunk (to act mid-watch). */
function monitorProcess(args: string[], env: Record<string, string>, during: (stdout: string) => void) {
  const [cmd, ...argv] = runbookArgv('monitor', args);
  const child = spawn(cmd!, argv, { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (during((stdout += d)), undefined));
  child.stderr.on('data', (d) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((res) =>
    child.on('close', (code) => (clearTimeout(killer), res({ code, stdout, stderr }))),
  );
}

test('an OOM kill the platform records mid-watch fails the monitor (exit 1), naming the event; every figure names its origin', async () => {
  const f = await render();
  let pushed = false;
  const r = await monitorProcess(
    ['--env', 'staging', '--url', app.url, '--duration', '30s', ...FAST],
    renderEnv(f),
    (out) => {
      if (pushed || !/^#2 /m.test(out)) return;
      pushed = true;
      f.platform.events.push(
        rawEvent(
          SERVICE,
          'server_failed',
          { instanceID: `${SERVICE}-abcde`, reason: { evicted: false, oomKilled: { memoryLimit: '512Mi' } } },
          Date.now(),
        ),
        rawEvent(SERVICE, 'server_restarted', {}, Date.now() + 1),
      );
    },
  );
  const all = r.stdout + r.stderr;
  assert.equal(r.code, 1, all);
  assert.equal(
    all.split(`platform signals: Render service ${SERVICE} (RENDER_STAGING_SERVICE_ID)`).length,
    2,
    'said once',
  );
  assert.match(
    r.stdout,
    /FAILED — the platform recorded server_failed at \d\d:\d\d:\d\d UTC: out of memory \(limit 512Mi\) \(evt-[a-z0-9]+\)/,
  );
  assert.match(r.stderr, /platform: the platform recorded server_failed .* — FAILED → .*: \S+#/);
  // The samples carry the platform's figures beside the app's, each head naming its source.
  assert.match(
    r.stdout,
    /memory \(app\) 210 MB .* memory \(platform\) 430 MB of 512 MB {2}5xx \(edge\) 3(\.\d+)?% of 100 {2}p95 \(edge\) 800 ms/,
  );
  assert.match(r.stdout, /platform memory 430 MB above the 400 MB target, 82 MB from the limit/);
  assert.match(r.stdout, /instance ended: out of memory \(limit 512Mi\)/);
  // The summary: each threshold with its origin, and where each figure comes from.
  for (const origin of [
    'memory [app]',
    'error rate \\(synthetic\\) \\[synthetic\\]',
    'memory \\(platform\\) \\[platform\\]',
  ])
    assert.match(r.stdout, new RegExp(origin), origin);
  assert.match(
    r.stdout,
    new RegExp(`memory \\(platform\\) \\[platform\\]: Render service ${SERVICE}: /metrics/memory`),
  );
  assert.match(r.stdout, /Platform \(Render service .*\), events since .*; memory limit 512 MB, peak 430 MB/);
  assert.match(r.stdout, /FAILED: the platform recorded server_failed/);
  assert.ok(!all.includes(KEY), 'the key is never printed');
  // The platform was read as the config says: events since the watch began, memory and the edge.
  assert.ok(f.platform.queries.events!.length >= 2);
  assert.ok(f.platform.queries['metrics/http-latency']!.every((q) => q.getAll('quantile').includes('0.95')));
});

test('without Render variables: the app’s figures as before, and one "not configured" line (exit 0)', async () => {
  const r = await runRunbook('monitor', ['--env', 'staging', '--url', app.url, '--duration', '3s', ...FAST], {
    timeoutMs: 40_000,
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const line = 'platform signals: not configured (set RENDER_API_KEY and RENDER_SERVICE_ID)';
  assert.equal((r.stdout + r.stderr).split(line).length, 2, 'said exactly once');
  assert.doesNotMatch(r.stdout, /\(platform\)|\(edge\)|\[app\]/, 'no platform column, no origin tags');
  assert.match(r.stdout, /^#1 \+\d+ms {2}memory 210 MB/m);
});

test('a refused key is a clear config error (exit 2) before any sample; the key is never printed', async () => {
  const f = await render();
  const samples = () => app.hits.filter((h) => h.path === '/metrics').length;
  const before = samples();
  const wrong = 'rnd_SENTINEL-refused-key-0042';
  const r = await runRunbook('monitor', ['--env', 'staging', '--url', app.url, '--duration', '3s', ...FAST], {
    env: renderEnv(f, wrong),
    timeoutMs: 40_000,
  });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /error \[RB_CONFIG\]: Platform signals: Render refused the API key \(HTTP 401/);
  assert.match(r.stderr, /RENDER_API_KEY/);
  assert.match(r.stderr, /Or unset RENDER_API_KEY to run on the service’s own signals/);
  assert.ok(!(r.stdout + r.stderr).includes(wrong));
  assert.equal(samples(), before, 'no sample taken');
});

test('a 429 with a reset header is waited out; the watch then reads the platform (exit 0)', async () => {
  const f = await render({ rateLimit: { requests: 1, header: 'reset-seconds' } });
  const r = await runRunbook('monitor', ['--env', 'staging', '--url', app.url, '--duration', '3s', ...FAST], {
    env: renderEnv(f),
    timeoutMs: 40_000,
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(f.requests[0]!.path, `/v1/services/${SERVICE}`);
  assert.ok(f.requests[1]!.at - f.requests[0]!.at >= 1_000, 'the second ask came after the reset');
  assert.match(r.stdout, /memory \(platform\) 430 MB of 512 MB/);
  assert.match(r.stdout, /no server_failed: no OOM kill, no crash/);
});

test('on a sandbox, a memory leak ends in an OOM kill the monitor sees through the same client (exit 1)', async () => {
  // The leak is switched on once the watch has its first sample: switched on at the sandbox's
  // start, 150 MB a second killed the instance before a monitor slow to start (a busy CI
  // machine) read any event, and the watch then failed on memory, not on the kill. The
  // monitor reads the events since its own start, as an operator's watch does.
  const sb = await spawnSandbox(['--profile', 'fast']);
  try {
    let switched: ReturnType<typeof runRunbook> | undefined;
    const r = await monitorProcess(
      ['--url', sb.url, '--duration', '20s', ...FAST],
      { RUNBOOKS_CONFIG: CONFIG },
      (out) => {
        if (switched || !/^#1 /m.test(out)) return;
        // 150 MB a second: the instance reaches the plan's limit within about three seconds.
        switched = runRunbook('sandbox', ['fault', 'set', 'memory-leak:150', '--port', String(sb.port)]);
      },
    );
    assert.ok(switched, `the watch took a first sample:\n${r.stdout}${r.stderr}`);
    const set = await switched;
    assert.equal(set.code, 0, set.stdout + set.stderr);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /platform signals: the sandbox's platform model at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(
      r.stdout,
      /FAILED — the platform recorded server_failed at .*: out of memory \(limit 512Mi\)/,
    );
    assert.match(r.stdout, /memory \(platform\) \d+ MB of 512 MB/);
  } finally {
    await sb.stop();
  }
});
