// incident.ts assess as a real process with the platform's record beside the app's signals:
// against a fake Render (memory rising to the limit, an OOM kill during the incident, error
// logs over several pages, request logs) it names the OOM kill, the memory limit and the top
// error message; a slow logs endpoint is a note, not a failed assessment; without Render
// variables it says so once; a refused key is a clear error; and on a sandbox whose memory
// leaks, the OOM kill is seen through the same client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunbook, waitUntil } from '../helpers/run';
import { startFakeService, healthyRoutes, type FakeService } from '../helpers/fake-service';
import { startFakeRender, type FakeRender, type RenderScript } from '../helpers/fake-render';
import { rawEvent, rawLog, rawSeries } from '../helpers/fake-render-platform';
import { configFileWith } from '../helpers/config';
import { spawnSandbox } from '../helpers/sandbox-process';
import { SANDBOX_RENDER_PREFIX, sandboxServiceId } from '../../runbooks/lib/platform/index';

const KEY = 'rnd_SENTINEL-incident-platform-8d2e';
const SERVICE = 'srv-incidentplatform00';
const MB = 1_048_576;
const MIN = 60_000;

let app: FakeService;
const fakes: FakeRender[] = [];
before(async () => {
  app = await startFakeService(healthyRoutes('k', { memoryMb: 130 }));
});
after(() => Promise.all([app.close(), ...fakes.map((f) => f.close())]));

/** A Render whose instance leaked to its 512 MB limit and was OOM-killed five minutes ago. */
async function render(script: Partial<RenderScript> = {}, o: { logsDelayMs?: number } = {}) {
  const now = Date.now();
  const kill = now - 5 * MIN;
  const errors = [
    // 150 lines of one problem, with different figures and users: more than a page.
    ...Array.from({ length: 150 }, (_, i) =>
      rawLog(
        SERVICE,
        kill - 20 * MIN + i * 6_000,
        `timeout after ${29_000 + i * 7} ms for user u-${i % 40}`,
        {
          type: 'app',
          level: 'error',
        },
      ),
    ),
    ...Array.from({ length: 4 }, (_, i) =>
      rawLog(SERVICE, kill - i * 30_000, `MemoryError: cannot allocate ${1024 + i} bytes`, {
        type: 'app',
        level: 'error',
      }),
    ),
  ];
  const requests = Array.from({ length: 30 }, (_, i) =>
    rawLog(
      SERVICE,
      now - 15 * MIN + i * 20_000,
      `[POST]200 api.example.com/api/user/u-${i}/routine/generate responseTimeMS=${20_000 + i * 500}`,
      { type: 'request', method: 'POST', path: `/api/user/u-${i}/routine/generate`, statusCode: '200' },
    ),
  );
  const f = await startFakeRender({
    apiKey: KEY,
    serviceId: SERVICE,
    platform: {
      ...o,
      events: [
        rawEvent(SERVICE, 'deploy_ended', { deployId: 'dep-old', deployStatus: 'succeeded' }, now - 50 * MIN),
        rawEvent(
          SERVICE,
          'server_failed',
          { instanceID: `${SERVICE}-aaaaa`, reason: { evicted: false, oomKilled: { memoryLimit: '512Mi' } } },
          kill,
        ),
        rawEvent(SERVICE, 'server_restarted', {}, kill + 2_000),
        rawEvent(SERVICE, 'server_available', {}, kill + 30_000),
      ],
      logs: [...errors, ...requests],
      metrics: {
        memory: [
          rawSeries([300 * MB, 380 * MB, 460 * MB, 505 * MB], {
            unit: 'bytes',
            endMs: kill - 30_000,
            labels: { instance: `${SERVICE}-aaaaa` },
          }),
          rawSeries([120 * MB, 140 * MB, 160 * MB, 180 * MB], {
            unit: 'bytes',
            stepMs: 60_000,
            endMs: now,
            labels: { instance: `${SERVICE}-bbbbb` },
          }),
        ],
        'memory-limit': [rawSeries([512 * MB], { unit: 'bytes', endMs: now })],
        'http-requests': [
          rawSeries([300, 280], { unit: 'count', endMs: now, labels: { statusCode: '200' } }),
          rawSeries([20, 0], { unit: 'count', endMs: now, labels: { statusCode: '503' } }),
        ],
        'http-latency': (q) =>
          q
            .getAll('quantile')
            .map((qu) => rawSeries([1.2], { unit: 's', endMs: now, labels: { quantile: qu } })),
      },
    },
    ...script,
  });
  fakes.push(f);
  return f;
}

function run(args: string[], env: Record<string, string>, state: string) {
  return runRunbook('incident', args, {
    timeoutMs: 60_000,
    env: { RUNBOOKS_STATE_DIR: state, RUNBOOKS_OPERATOR: 'ic', HOLISTICOS_STAGING_URL: app.url, ...env },
  });
}
/** The triage's evidence as one line each (the terminal wraps it at 98 columns). */
const unwrap = (text: string) => text.replace(/\n {11}(?![→ ])/g, ' ');
const renderEnv = (f: FakeRender, key = KEY) => ({
  RENDER_API_KEY: key,
  RENDER_API_URL: f.apiUrl,
  RENDER_STAGING_SERVICE_ID: SERVICE,
});

test('assess --env staging names the OOM kill, the memory limit and the top error message (exit 1)', async () => {
  const f = await render();
  const state = mkdtempSync(join(tmpdir(), 'rb-incident-platform-'));
  const env = renderEnv(f);
  const open = await run(
    ['open', '--sev', 'P1', '--title', 'Routine times out', '--since', '10m', '--env', 'staging'],
    env,
    state,
  );
  assert.equal(open.code, 0, open.stdout + open.stderr);
  const r = await run(['assess', '--env', 'staging'], env, state);
  const all = r.stdout + r.stderr;
  const flat = unwrap(r.stdout);
  assert.equal(r.code, 1, all);
  assert.equal(
    all.split(`platform signals: Render service ${SERVICE} (RENDER_STAGING_SERVICE_ID)`).length,
    2,
  );
  // The memory hypothesis, from the platform, weighed against the incident's start.
  assert.match(
    flat,
    /SUSPECT +memory climbing the platform OOM-killed the instance at \d\d:\d\d:\d\d UTC \(memory limit 512Mi\), [45](\.\d)? ?min after the incident began; memory 180 MB of the 512 MB limit \(peak 505 MB in the window\), growing 20 MB\/min/,
  );
  assert.match(flat, /SUSPECT +error rate .*top error log ×150: "timeout after <n> ms for user <id>"/);
  assert.doesNotMatch(r.stdout, /deploy_ended dep-old/, 'an event from before the window is not shown');
  assert.match(
    r.stdout,
    /memory: 180 MB now of the 512 MB limit, .* peak 505 MB; the latest instance grows 20 MB\/min/,
  );
  // The window's events, with the failure's reason.
  assert.match(
    r.stdout,
    /\d\d:\d\d:\d\d {2}server_failed: out of memory \(limit 512Mi\), instance srv-incidentplatform00-aaaaa/,
  );
  assert.match(r.stdout, /\d\d:\d\d:\d\d {2}server_restarted \(not by a user\)/);
  // Error logs grouped by normalised message, read over two pages, the most frequent first.
  assert.match(
    r.stdout,
    /error logs: 154 line\(s\) in 2 group\(s\):\n +×150 {2}\d\d:\d\d:\d\d–\d\d:\d\d:\d\d UTC {2}timeout after <n> ms for user <id>\n +×4 .*MemoryError: cannot allocate <n> bytes/,
  );
  const errorPages = f.platform.queries.logs!.filter((q) => q.get('level') === 'error');
  assert.ok(errorPages.length >= 2, `error logs read page by page (${errorPages.length})`);
  // Requests by status and the slowest paths.
  assert.match(r.stdout, /requests at the edge: 600 \(200 ×580, 503 ×20\); 5xx 3(\.\d)?%; p95 1\.2 ?s/);
  assert.match(
    r.stdout,
    /slowest paths .*\n +[\d.]+ ?s {2}max 34\.5 ?s {2}×30 {2}POST \/api\/user\/\{id\}\/routine\/generate/,
  );
  // Render's deploy list, through the platform client and staging's own service id.
  assert.match(r.stdout, /Recent deploys \(newest first, from render\):\n .* render +live +api dep-/);
  assert.ok(!all.includes(KEY), 'the key is never printed');
});

test('a slow logs endpoint is a note: the assessment still names the OOM kill from the events (exit 1)', async () => {
  // Every /logs page takes longer than the configured bound.
  const f = await render({}, { logsDelayMs: 3_000 });
  const state = mkdtempSync(join(tmpdir(), 'rb-incident-slow-'));
  const t0 = Date.now();
  const r = await run(
    ['assess', '--env', 'staging'],
    { ...renderEnv(f), RUNBOOKS_CONFIG: configFileWith({ platform: { logsTimeoutMs: 1_000, retries: 0 } }) },
    state,
  );
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /SUSPECT +memory climbing\n +the platform OOM-killed the instance/);
  assert.match(r.stdout, /note: error logs not read: .*1s/);
  assert.match(r.stdout, /note: request logs not read:/);
  assert.ok(Date.now() - t0 < 30_000, 'the slow endpoint did not hold the assessment');
});

test('without Render variables: the app’s triage as before, and one "not configured" line', async () => {
  const state = mkdtempSync(join(tmpdir(), 'rb-incident-none-'));
  const r = await run(['assess', '--env', 'staging'], {}, state);
  // The recorded metrics count 80 % errors: the app's own suspect, exit 1 as before.
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /SUSPECT +error rate\n +80% of 5 generate calls counted as errors since the process started \(over 5%; 401 and 429 count as\n +500 there\)\n/,
  );
  const line = 'platform signals: not configured (set RENDER_API_KEY and RENDER_SERVICE_ID)';
  assert.equal((r.stdout + r.stderr).split(line).length, 2, 'said exactly once');
  assert.doesNotMatch(r.stdout, /Platform \(/);
  assert.match(r.stdout, /OK +memory climbing\n +[\d.]+ MB\n/, 'the app’s figure alone');
});

test('a refused key is a clear config error (exit 2); the key is never printed', async () => {
  const f = await render();
  const wrong = 'rnd_SENTINEL-refused-incident-0007';
  const state = mkdtempSync(join(tmpdir(), 'rb-incident-refused-'));
  const r = await run(['assess', '--env', 'staging'], renderEnv(f, wrong), state);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /error \[RB_CONFIG\]: Platform signals: Render refused the API key \(HTTP 401/);
  assert.ok(!(r.stdout + r.stderr).includes(wrong));
});

test('on a sandbox whose memory leaks, assess sees the OOM kill through the same client (exit 1)', async () => {
  const sb = await spawnSandbox(['--profile', 'fast', '--fault', 'memory-leak:150']);
  try {
    // The leak reaches the plan's limit in about three seconds: wait until the sandbox's platform records the kill.
    const token = /admin token: (\S+)/.exec(sb.output())![1]!;
    const events = `${sb.url}${SANDBOX_RENDER_PREFIX}/services/${sandboxServiceId(sb.port)}/events`;
    await waitUntil(
      'the OOM kill',
      async () =>
        (await (await fetch(events, { headers: { authorization: `Bearer ${token}` } })).text()).includes(
          'oomKilled',
        ),
      20_000,
    );
    const r = await runRunbook('incident', ['assess', '--url', sb.url], { timeoutMs: 60_000 });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /platform signals: the sandbox's platform model at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(
      r.stdout,
      /SUSPECT +memory climbing\n +the platform OOM-killed the instance at .* \(memory limit 512Mi\)/,
    );
    assert.match(r.stdout, /server_failed: out of memory \(limit 512Mi\)/);
  } finally {
    await sb.stop();
  }
});
