// The platform client's pure parts: Render's rate-limit headers read defensively, a used-up
// limit waited for before the next call, an echoed key redacted, units normalised or kept
// and said, windows bounded, and the resolver (never Render for local; per-environment ids;
// "not configured" as one line, never an error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRateLimit, rateLimitWaitMs } from '../../runbooks/lib/platform/rate-limit';
import { renderApi } from '../../runbooks/lib/platform/render-http';
import { normaliser, parseMemoryQuantity } from '../../runbooks/lib/platform/units';
import { boundWindow, resolutionFor } from '../../runbooks/lib/platform/window';
import {
  NOT_CONFIGURED_LINE,
  renderServiceId,
  resolvePlatform,
  sandboxServiceId,
} from '../../runbooks/lib/platform/index';
import { registerSandbox } from '../../runbooks/lib/state/sandboxes';
import type { HttpRequest, HttpResponse } from '../../runbooks/lib/http/client';
import type { RunbookError } from '../../runbooks/lib/errors';
import { loadConfig } from '../../runbooks/lib/config/load';

const config = await loadConfig();

const NOW = 1_796_000_000_000;

test('Ratelimit-* headers: any case; Reset by size — seconds to wait, epoch seconds, epoch ms', () => {
  assert.deepEqual(
    readRateLimit({ 'RateLimit-Limit': '100', 'RATELIMIT-REMAINING': '7', 'Ratelimit-Reset': '45' }, NOW),
    {
      limit: 100,
      remaining: 7,
      resetAt: NOW + 45_000,
    },
  );
  assert.equal(readRateLimit({ 'ratelimit-reset': String(NOW / 1000 + 30) }, NOW)!.resetAt, NOW + 30_000);
  assert.equal(readRateLimit({ 'ratelimit-reset': String(NOW + 12_000) }, NOW)!.resetAt, NOW + 12_000);
  assert.equal(readRateLimit({ 'rate-limit': '30' }, NOW)!.limit, 30, "the docs' other spelling");
  assert.equal(readRateLimit({ 'content-type': 'application/json' }, NOW), undefined);
  assert.equal(rateLimitWaitMs({ 'RateLimit-Reset': '2' }, NOW), 2_000);
  assert.equal(
    rateLimitWaitMs({ 'Ratelimit-Reset': String(NOW / 1000 + 600) }, NOW),
    60_000,
    'at most a minute',
  );
  assert.equal(rateLimitWaitMs({ 'ratelimit-reset': 'soon' }, NOW), 5_000, 'unreadable: 5 s');
});

/** A RequestFn answering from a list, recording what it was asked. */
function scripted(answers: Array<Partial<HttpResponse>>) {
  const asked: HttpRequest[] = [];
  const request = async (req: HttpRequest): Promise<HttpResponse> => {
    asked.push(req);
    const a = answers[Math.min(asked.length - 1, answers.length - 1)]!;
    return {
      url: String(req.url),
      method: req.method ?? 'GET',
      status: 200,
      headers: {},
      text: '{}',
      bytes: 2,
      elapsedMs: 1,
      ...a,
    };
  };
  return { asked, request };
}

test('a limit announced as used up (Remaining 0) is waited for before the next call, not after a 429', async () => {
  const { asked, request } = scripted([
    { headers: { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '2' }, text: '{"a":1}' },
    { text: '{"b":2}' },
  ]);
  const slept: number[] = [];
  const api = renderApi(
    { baseUrl: 'https://render.example/v1', apiKey: 'rnd_k', serviceId: 'srv-x' },
    { request, sleep: async (ms) => void slept.push(ms), now: () => NOW },
  );
  assert.deepEqual(await api.get('/services/srv-x'), { a: 1 });
  assert.deepEqual(slept, []);
  assert.deepEqual(await api.get('/services/srv-x'), { b: 2 });
  assert.deepEqual(slept, [2_000], 'waited for the reset first');
  assert.equal(asked.length, 2, 'and earned no 429');
});

test('an answer that echoes the key never carries it into a message', async () => {
  const key = 'rnd_SENTINEL-echoed-key-6789';
  const { request } = scripted([
    { status: 403, text: JSON.stringify({ id: 'forbidden', message: `key ${key} has no access` }) },
  ]);
  const api = renderApi(
    { baseUrl: 'https://render.example/v1', apiKey: key, serviceId: 'srv-x', keyName: 'RENDER_API_KEY' },
    { request },
  );
  const err = await api.get('/services/srv-x').then(
    () => assert.fail('refused'),
    (e: unknown) => e as RunbookError,
  );
  assert.equal(err.code, 'RB_CONFIG');
  assert.match(err.message, /Render refused the API key \(HTTP 403: key rnd_…6789 has no access\)/);
  assert.ok(!`${err.message}${err.hint}`.includes(key));
});

test('a 5xx read is retried through the retry helper with backoff; a write is never re-sent blindly', async () => {
  const { asked, request } = scripted([
    { status: 502, text: 'bad gateway' },
    { status: 200, text: '[]' },
  ]);
  const slept: number[] = [];
  const api = renderApi(
    { baseUrl: 'https://render.example/v1', apiKey: 'rnd_k', serviceId: 'srv-x', readRetries: 2 },
    { request, sleep: async (ms) => void slept.push(ms), random: () => 0.5 },
  );
  assert.deepEqual(await api.get('/metrics/memory'), []);
  assert.equal(asked.length, 2);
  assert.deepEqual(slept, [1_000]);
  const w = scripted([{ status: 503, text: '' }]);
  const api2 = renderApi(
    { baseUrl: 'https://render.example/v1', apiKey: 'rnd_k', serviceId: 'srv-x' },
    { request: w.request },
  );
  await assert.rejects(
    api2.write('POST', '/services/srv-x/restart', undefined),
    /Render did not confirm POST/,
  );
  assert.equal(w.asked.length, 1);
});

test('units: memory to MB (binary, as the plan’s 512 MB is 512Mi), CPU to cores, latency to ms; unknown ones kept and said', () => {
  const f = (q: Parameters<typeof normaliser>[0], u: string) => {
    const n = normaliser(q, u);
    return n.ok ? [n.unit, n.factor] : [n.unit, n.note];
  };
  assert.deepEqual(f('memory', 'bytes'), ['MB', 1 / 1024 / 1024]);
  assert.deepEqual(f('memory', 'GB'), ['MB', 1024]);
  assert.deepEqual(f('memory', 'MiB'), ['MB', 1]);
  assert.deepEqual(f('cpu', 'millicores'), ['cores', 0.001]);
  assert.deepEqual(f('latency', 'seconds'), ['ms', 1000]);
  assert.deepEqual(f('count', ''), ['count', 1]);
  assert.match(String(f('memory', '%')[1]), /a percentage \(of what, Render does not say\)/);
  assert.match(String(f('count', 'requests/s')[1]), /a rate per second/);
  assert.equal(parseMemoryQuantity('512Mi'), 512);
  assert.equal(parseMemoryQuantity('0.5Gi'), 512);
  assert.equal(parseMemoryQuantity('512 MB'), 512);
  assert.equal(parseMemoryQuantity(String(512 * 1024 * 1024)), 512);
  assert.equal(parseMemoryQuantity('lots'), null);
});

test('windows: the last hour by default, never past now, never longer than the bound; resolution at least 30 s', () => {
  assert.deepEqual(boundWindow(undefined, NOW, 24 * 3_600_000), { startMs: NOW - 3_600_000, endMs: NOW });
  assert.deepEqual(boundWindow({ startMs: 0, endMs: NOW + 99_000 }, NOW, 3_600_000), {
    startMs: NOW - 3_600_000,
    endMs: NOW,
  });
  assert.deepEqual(boundWindow({ startMs: NOW, endMs: NOW }, NOW, 1_000_000), {
    startMs: NOW - 1000,
    endMs: NOW,
  });
  assert.equal(resolutionFor({ startMs: 0, endMs: 600_000 }), 30);
  assert.equal(resolutionFor({ startMs: 0, endMs: 24 * 3_600_000 }), 720);
  assert.equal(resolutionFor({ startMs: 0, endMs: 1 }, 5), 30);
});

test('the resolver: one line and no error without Render variables; per-environment ids; never Render for local', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'rb-platform-'));
  const key = { RENDER_API_KEY: 'rnd_resolverKey000000000000' };
  const r = (env: 'local' | 'staging' | 'production', processEnv: NodeJS.ProcessEnv, other = false) =>
    resolvePlatform({ config, env, processEnv, stateDir, other });
  const none = r('staging', {});
  assert.deepEqual(none.kind === 'not-configured' && [none.reason, none.line], [
    'no-render-variables',
    NOT_CONFIGURED_LINE,
  ]);
  assert.equal(
    NOT_CONFIGURED_LINE,
    'platform signals: not configured (set RENDER_API_KEY and RENDER_SERVICE_ID)',
  );
  const shared = r('staging', { ...key, RENDER_SERVICE_ID: 'srv-shared000000000000' });
  assert.ok(shared.kind === 'configured' && shared.client.serviceId === 'srv-shared000000000000');
  assert.equal(shared.kind === 'configured' && shared.idFrom, 'RENDER_SERVICE_ID');
  const own = r('staging', {
    ...key,
    RENDER_SERVICE_ID: 'srv-prod00000000000000',
    RENDER_STAGING_SERVICE_ID: 'srv-stag00000000000000',
  });
  assert.ok(
    own.kind === 'configured' && own.client.serviceId === 'srv-stag00000000000000',
    'its own variable first',
  );
  // Production's run reading staging: RENDER_SERVICE_ID names production's service, so staging needs its own.
  const other = r('staging', { ...key, RENDER_SERVICE_ID: 'srv-prod00000000000000' }, true);
  assert.ok(other.kind === 'not-configured' && other.reason === 'no-own-service-id');
  assert.match(other.kind === 'not-configured' ? other.line : '', /set RENDER_STAGING_SERVICE_ID/);
  assert.equal(
    renderServiceId(config, 'production', { RENDER_SERVICE_ID: 'srv-p' })?.from,
    'RENDER_SERVICE_ID',
  );
  const local = r('local', { ...key, RENDER_SERVICE_ID: 'srv-prod00000000000000' });
  assert.ok(
    local.kind === 'not-configured' && local.reason === 'no-sandbox',
    'Render variables never make local read Render',
  );
  const bad = r('production', {
    ...key,
    RENDER_SERVICE_ID: 'srv-p0000000000000000',
    RENDER_API_URL: 'ftp://x',
  });
  assert.ok(bad.kind === 'not-configured' && bad.reason === 'bad-api-url');
  // A sandbox this machine runs is the local platform: the Render client pointed at its /__render/v1.
  registerSandbox(stateDir, {
    pid: process.pid,
    port: 8123,
    url: 'http://127.0.0.1:8123',
    keyFrom: 'dev',
    adminToken: 'tok',
    startedAt: new Date().toISOString(),
  });
  const sb = resolvePlatform({
    config,
    env: 'local',
    processEnv: key,
    stateDir,
    url: 'http://127.0.0.1:8123',
  });
  assert.ok(sb.kind === 'configured' && sb.client.source === 'sandbox');
  assert.equal(sb.kind === 'configured' && sb.client.serviceId, sandboxServiceId(8123));
  assert.equal(sandboxServiceId(8123), 'srv-sandbox0000000008123');
});
