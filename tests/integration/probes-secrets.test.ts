// No probe prints HOLISTICOS_API_KEY's value in any mode, even when the server echoes the
// request headers back in bodies and error details.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runRunbook } from '../helpers/run';
import { startFakeService, type FakeService, type Hit, type Route } from '../helpers/fake-service';

const KEY = 'RECOGNISABLE-secret-key-4242-do-not-print';
let svc: FakeService;
const echo500 = (hit: Hit) => ({
  kind: 'json' as const,
  status: 500,
  body: { detail: `Failed: headers were ${JSON.stringify(hit.headers)}` },
});
before(async () => {
  const routes: Record<string, Route> = {
    'GET /': { kind: 'echo-headers' },
    'GET /api/health': echo500,
    'GET /metrics': echo500,
    'GET /api/monitoring/stats': echo500,
    'GET /api/admin/rate-limits': { kind: 'echo-headers' },
    'POST /api/user/*/routine/generate': (hit) => ({
      kind: 'json',
      status: 401,
      body: { detail: `User not authenticated with ${String(hit.headers['x-api-key'])}` },
    }),
    'POST /api/user/*/nutrition/generate': echo500,
    'POST /api/user/*/behavior/analyze': { kind: 'echo-headers' },
    'POST /api/user/*/insights/generate': echo500,
  };
  svc = await startFakeService(routes);
});
after(() => svc.close());

const runs: [string, string[]][] = [
  ['health', []],
  ['health', ['--json']],
  ['smoke', []],
  ['smoke', ['--json']],
  ['monitor', ['--duration', '1s', '--interval', '1s']],
  ['monitor', ['--duration', '1s', '--interval', '1s', '--json']],
];

for (const [id, args] of runs) {
  test(`${id} ${args.join(' ')} never prints the key`, async () => {
    const r = await runRunbook(id, ['--url', svc.url, ...args], {
      env: { HOLISTICOS_API_KEY: KEY },
      timeoutMs: 30_000,
    });
    assert.notEqual(r.code, null);
    const all = r.stdout + r.stderr;
    assert.ok(!all.includes(KEY), `the key leaked:\n${all}`);
    assert.ok(!all.includes(encodeURIComponent(KEY)));
    // smoke sends the key, and the echoed key reaches the output path — masked to its last
    // 4 characters; health and monitor only call endpoints that need no key, and send none.
    if (id === 'smoke') assert.ok(all.includes('…rint'), `expected the masked hint in:\n${all}`);
  });
}

test('the key really was sent (so the tests above could have failed)', () => {
  assert.ok(svc.hits.some((h) => h.headers['x-api-key'] === KEY));
});
