import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  httpRequest,
  expectJson,
  expectOkJson,
  joinUrl,
  displayUrl,
  parseJsonBody,
} from '../../runbooks/lib/http';
import { RunbookError } from '../../runbooks/lib/errors';
import { startFakeService, recorded, type FakeService } from '../helpers/fake-service';

let svc: FakeService;
before(async () => {
  svc = await startFakeService({
    'GET /ok': { kind: 'json', body: { hello: 'world' } },
    'GET /stall': { kind: 'stall' },
    'GET /trickle': { kind: 'trickle', everyMs: 40, chunks: 200 },
    'GET /html': { kind: 'html', status: 502, title: '502 Bad Gateway' },
    'GET /html200': { kind: 'html', status: 200, title: 'Render: Service Suspended' },
    'GET /huge': { kind: 'huge', bytes: 50 * 1024 * 1024 },
    'GET /500': { kind: 'json', status: 500, body: recorded('insights').body },
    'GET /401': { kind: 'json', status: 401, body: recorded('routine_nokey').body },
    'GET /429': { kind: 'json', status: 429, body: recorded('routine_key_again').body },
    'POST /echo': (hit) => ({ kind: 'json', body: { got: JSON.parse(hit.body) } }),
  });
});
after(() => svc.close());

async function failure(p: Promise<unknown>): Promise<RunbookError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof RunbookError, `expected a RunbookError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the request to fail');
}

test('a JSON answer is read whole, with status, headers and timing', async () => {
  const res = await httpRequest({ url: `${svc.url}/ok`, timeoutMs: 2000 });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json');
  assert.deepEqual(expectJson(res), { hello: 'world' });
  assert.ok(res.elapsedMs >= 0);
});

test('a POST body object is sent as JSON', async () => {
  const res = await httpRequest({
    method: 'POST',
    url: `${svc.url}/echo`,
    body: { archetype: 'Peak Performer' },
    timeoutMs: 2000,
  });
  assert.deepEqual(expectJson(res), { got: { archetype: 'Peak Performer' } });
});

test('refused connection → RB_REFUSED (exit 3), retryable, naming the URL', async () => {
  const e = await failure(httpRequest({ url: 'http://127.0.0.1:1/api/health', timeoutMs: 2000 }));
  assert.equal(e.code, 'RB_REFUSED');
  assert.equal(e.exitCode, 3);
  assert.equal(e.details?.retryable, true);
  assert.match(e.message, /http:\/\/127\.0\.0\.1:1\/api\/health/);
  assert.ok(e.hint && e.hint.length > 10);
});

test('unknown host (.invalid never resolves) → RB_DNS (exit 3)', async () => {
  const e = await failure(httpRequest({ url: 'http://holisticos.invalid/', timeoutMs: 5000 }));
  assert.equal(e.code, 'RB_DNS');
  assert.equal(e.exitCode, 3);
  assert.match(e.message, /holisticos\.invalid/);
});

test('https to a plain-http port → RB_TLS (exit 3)', async () => {
  const e = await failure(httpRequest({ url: svc.url.replace('http:', 'https:') + '/ok', timeoutMs: 2000 }));
  assert.equal(e.code, 'RB_TLS');
  assert.equal(e.exitCode, 3);
  assert.match(e.hint ?? '', /http:\/\//);
});

test('a server that never answers → RB_TIMEOUT at the total deadline (headers phase)', async () => {
  const e = await failure(httpRequest({ url: `${svc.url}/stall`, timeoutMs: 300 }));
  assert.equal(e.code, 'RB_TIMEOUT');
  assert.equal(e.details?.phase, 'headers');
  assert.match(e.message, /300ms total deadline/);
});

test('a body trickling one byte at a time still hits the total deadline (not only an idle timeout)', async () => {
  const e = await failure(httpRequest({ url: `${svc.url}/trickle`, timeoutMs: 500 }));
  assert.equal(e.code, 'RB_TIMEOUT');
  assert.equal(e.details?.phase, 'body');
  assert.match(e.message, /trickling/);
});

test('a 50 MB body is cut off at the cap instead of buffered → RB_BAD_RESPONSE (exit 1)', async () => {
  const e = await failure(httpRequest({ url: `${svc.url}/huge`, timeoutMs: 10_000 }));
  assert.equal(e.code, 'RB_BAD_RESPONSE');
  assert.equal(e.exitCode, 1);
  assert.equal(e.details?.cappedAt, 1024 * 1024);
  assert.match(e.message, /more than 1 MB/);
});

test('an HTML error page instead of JSON is named as such → RB_BAD_RESPONSE', async () => {
  for (const path of ['/html', '/html200']) {
    const res = await httpRequest({ url: `${svc.url}${path}`, timeoutMs: 2000 });
    assert.throws(
      () => expectOkJson(res),
      (e: RunbookError) =>
        e.code === (res.status === 200 ? 'RB_BAD_RESPONSE' : 'RB_HTTP') && /HTML page/.test(e.message),
    );
    assert.throws(
      () => expectJson(res),
      (e: RunbookError) =>
        e.code === 'RB_BAD_RESPONSE' &&
        /HTML page \("(502 Bad Gateway|Render: Service Suspended)"\) instead of JSON/.test(e.message),
    );
  }
});

test('statuses are explained the way the real service means them', async () => {
  const r500 = await httpRequest({ url: `${svc.url}/500`, timeoutMs: 2000 });
  assert.throws(
    () => expectOkJson(r500),
    (e: RunbookError) =>
      e.code === 'RB_HTTP' &&
      e.exitCode === 1 &&
      /500 server error: Failed to generate insights/.test(e.message),
  );
  const r401 = await httpRequest({ url: `${svc.url}/401`, timeoutMs: 2000 });
  assert.throws(
    () => expectOkJson(r401),
    (e: RunbookError) => /HOLISTICOS_API_KEY/.test(e.message) && /HOLISTICOS_API_KEY/.test(e.hint ?? ''),
  );
  const r429 = await httpRequest({ url: `${svc.url}/429`, timeoutMs: 2000 });
  assert.throws(
    () => expectOkJson(r429),
    (e: RunbookError) => /duplicate/.test(e.message) && /60 s/.test(e.message),
  );
});

test('the run signal interrupts a request as RB_INTERRUPTED, not a timeout', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const e = await failure(httpRequest({ url: `${svc.url}/stall`, timeoutMs: 5000, signal: ac.signal }));
  assert.equal(e.code, 'RB_INTERRUPTED');
});

test('URLs: bad ones are usage errors; credentials never reach a message', () => {
  assert.throws(
    () => joinUrl('not a url', '/api/health'),
    (e: RunbookError) => e.code === 'RB_USAGE' && e.exitCode === 2,
  );
  assert.throws(
    () => joinUrl('ftp://host', '/x'),
    (e: RunbookError) => e.code === 'RB_USAGE',
  );
  assert.equal(joinUrl('http://h:1/base/', '/api/health').href, 'http://h:1/base/api/health');
  assert.equal(displayUrl('https://user:pa55word@h/x'), 'https://h/x');
});

test('parseJsonBody says what a non-JSON body was', () => {
  assert.deepEqual(parseJsonBody({ text: '', headers: {} }), {
    ok: false,
    kind: 'empty',
    reason: 'an empty body',
  });
  const bad = parseJsonBody({ text: 'oops', headers: { 'content-type': 'application/json' } });
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.kind, 'invalid');
});
