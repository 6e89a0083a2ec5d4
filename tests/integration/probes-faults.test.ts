// Bad input and faults, each as a real `npx zx runbooks/<probe>.ts` process against a local
// fake server: the exit code of the table and a one-paragraph message, never a stack trace.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runRunbook, type RunResult } from '../helpers/run';
import {
  startFakeService,
  healthyRoutes,
  healthyBody,
  recorded,
  type FakeService,
} from '../helpers/fake-service';

const KEY = 'faults-key-0123456789';
let svc: FakeService;
let bad: FakeService;
before(async () => {
  svc = await startFakeService(healthyRoutes(KEY));
  bad = await startFakeService({
    'GET /': { kind: 'json', body: recorded('root').body },
    'GET /stall/api/health': { kind: 'stall' },
    'GET /stall/': { kind: 'json', body: recorded('root').body },
    'GET /trickle/': { kind: 'trickle', everyMs: 50, chunks: 400 },
    'GET /html/': { kind: 'html', status: 502, title: '502 Bad Gateway' },
    'GET /huge/': { kind: 'huge', bytes: 50 * 1024 * 1024 },
    'GET /5xx/': {
      kind: 'json',
      status: 500,
      body: { error: 'InternalServerError', message: 'boom', error_code: 'internal_error' },
    },
    'GET /critical/': { kind: 'json', body: recorded('root').body },
    'GET /critical/api/health': {
      kind: 'json',
      body: {
        ...healthyBody(),
        overall_status: 'critical',
        services: {
          openai: {
            status: 'critical',
            response_time_ms: -1,
            message: 'OpenAI authentication failed',
            details: {},
          },
        },
      },
    },
    'GET /fallback/': { kind: 'json', body: recorded('root').body },
    'GET /fallback/api/health': {
      kind: 'json',
      body: {
        status: 'healthy',
        timestamp: 't',
        uptime_seconds: 1,
        version: '2.0.0',
        environment: 'production',
        monitoring: 'basic',
        services: { api_gateway: 'operational' },
      },
    },
    'GET /dup/': { kind: 'json', body: recorded('root').body },
    'POST /dup/api/user/*/routine/generate': {
      kind: 'json',
      status: 429,
      body: recorded('routine_key_again').body,
    },
  });
});
after(() => Promise.all([svc.close(), bad.close()]));

/** Exactly one error paragraph on stderr, no stack trace. */
function assertOneParagraph(r: RunResult, code: string) {
  const all = r.stdout + r.stderr;
  assert.doesNotMatch(all, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  const line = all.split('\n').find((l) => l.startsWith(`error [${code}]`));
  assert.ok(line, `an "error [${code}]" paragraph in:\n${all}`);
  return line;
}

const health = (args: string[], env: Record<string, string> = {}) =>
  runRunbook('health', ['--retries', '0', ...args], { env, timeoutMs: 30_000 });

describe('health: faults and bad input', { concurrency: 4 }, () => {
  test('malformed URL → 2', async () => {
    const r = await health(['--url', 'http//nope']);
    assert.equal(r.code, 2);
    assertOneParagraph(r, 'RB_USAGE');
  });
  test('refused connection → 3', async () => {
    const r = await health(['--url', 'http://127.0.0.1:1']);
    assert.equal(r.code, 3);
    assert.match(assertOneParagraph(r, 'RB_REFUSED'), /127\.0\.0\.1:1.*Start the service/);
  });
  test('unknown host → 3', async () => {
    const r = await health(['--url', 'http://holisticos.invalid']);
    assert.equal(r.code, 3);
    assert.match(assertOneParagraph(r, 'RB_DNS'), /holisticos\.invalid/);
  });
  test('TLS failure (https to a plain-http port) → 3', async () => {
    const r = await health(['--url', svc.url.replace('http:', 'https:')]);
    assert.equal(r.code, 3);
    assertOneParagraph(r, 'RB_TLS');
  });
  test('timeout → 3', async () => {
    const r = await health(['--url', `${bad.url}/stall`, '--timeout', '500ms']);
    assert.equal(r.code, 3);
    assert.match(assertOneParagraph(r, 'RB_TIMEOUT'), /no response headers arrived/);
  });
  test('slow trickling body hits the total deadline → 3', async () => {
    const r = await health(['--url', `${bad.url}/trickle`, '--timeout', '700ms']);
    assert.equal(r.code, 3);
    assert.match(assertOneParagraph(r, 'RB_TIMEOUT'), /trickling/);
  });
  test('HTML error page instead of JSON → 1', async () => {
    const r = await health(['--url', `${bad.url}/html`]);
    assert.equal(r.code, 1);
    assert.match(assertOneParagraph(r, 'RB_HTTP'), /HTML page \("502 Bad Gateway"\)/);
  });
  test('50 MB body → capped read → 1', async () => {
    const r = await health(['--url', `${bad.url}/huge`]);
    assert.equal(r.code, 1);
    assert.match(assertOneParagraph(r, 'RB_BAD_RESPONSE'), /more than 1 MB/);
  });
  test('5xx → 1', async () => {
    const r = await health(['--url', `${bad.url}/5xx`]);
    assert.equal(r.code, 1);
    assert.match(assertOneParagraph(r, 'RB_HTTP'), /500 server error: boom/);
  });
  test('200 {"overall_status":"critical"} → 1 naming the cause', async () => {
    const r = await health(['--url', `${bad.url}/critical`]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /CRITICAL[\s\S]*openai: OpenAI authentication failed/);
  });
  test('200 fallback shape {"status":"healthy"} → 0', async () => {
    const r = await health(['--url', `${bad.url}/fallback`]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /HEALTHY/);
  });
  test('--json is one JSON document with the verdict', async () => {
    const r = await health(['--url', svc.url, '--json']);
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.verdict, 'healthy');
    assert.equal(doc.exitCode, 0);
  });
});

describe('smoke: auth and duplicate faults', { concurrency: 2 }, () => {
  test('a refused key is the error every script gives for it, naming HOLISTICOS_API_KEY → 2', async () => {
    const r = await runRunbook('smoke', ['--url', svc.url, '--only', 'routine'], {
      env: { HOLISTICOS_API_KEY: 'a-wrong-key-000000' },
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 2, 'the exit code load gives for the same key');
    assert.match(
      r.stdout,
      /routine: http:\/\/127\.0\.0\.1:\d+ refused the API key in HOLISTICOS_API_KEY: its routine call was answered HTTP 401 "User not authenticated"/,
    );
    assert.match(
      r.stderr,
      /^error \[RB_AUTH\]: http:\/\/127\.0\.0\.1:\d+ refused the API key in HOLISTICOS_API_KEY/m,
    );
    assert.doesNotMatch(r.stdout + r.stderr, /a-wrong-key-000000/);
  });
  test('429 duplicate explains the 60 s rule → 1', async () => {
    const r = await runRunbook('smoke', ['--url', `${bad.url}/dup`, '--only', 'liveness,routine'], {
      env: { HOLISTICOS_API_KEY: KEY },
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /routine: 429 duplicate request: a generate call for the same user and archetype is still running/,
    );
  });
  test('a healthy service passes the whole checklist → 0', async () => {
    const r = await runRunbook('smoke', ['--url', svc.url], {
      env: { HOLISTICOS_API_KEY: KEY },
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /PASSED: 8 of 9/);
  });
  test('an unknown step in --only is a usage error → 2', async () => {
    const r = await runRunbook('smoke', ['--url', svc.url, '--only', 'routin'], { timeoutMs: 30_000 });
    assert.equal(r.code, 2);
  });
});
