import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../runbooks/lib/config/load';
import { runHealth, healthExitCode } from '../../runbooks/lib/probes/health';
import { formatHealth } from '../../runbooks/lib/probes/format-health';
import {
  startFakeService,
  recorded,
  recorded2,
  healthyBody,
  type FakeService,
  type Route,
} from '../helpers/fake-service';

const config = await loadConfig();
const servers: FakeService[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function serve(health: Route, extra: Record<string, Route> = {}): Promise<FakeService> {
  const s = await startFakeService({
    'GET /': { kind: 'json', body: recorded('root').body },
    'GET /api/health': health,
    ...extra,
  });
  servers.push(s);
  return s;
}

test('healthy body → healthy, exit 0, a table row per sub-service and memory against 400/450', async () => {
  const s = await serve({ kind: 'json', body: healthyBody(120) });
  const r = await runHealth(config, s.url);
  assert.equal(r.verdict, 'healthy');
  assert.equal(healthExitCode(r), 0);
  assert.equal(r.memory?.level, 'ok');
  assert.equal(r.liveness.version, '2.0.0');
  const text = formatHealth(r);
  for (const svc of ['database', 'openai', 'system', 'agents'])
    assert.match(text, new RegExp(`^\\s+${svc}\\s+healthy`, 'm'));
  assert.match(text, /process memory 120 MB {2}\(target < 400 MB, alert ≥ 450 MB\)/);
});

test('the recorded real body (OpenAI unreachable → degraded) is a warning: exit 0, 1 with --strict, naming openai', async () => {
  const s = await serve({ kind: 'json', body: recorded('health').body });
  const r = await runHealth(config, s.url);
  assert.equal(r.verdict, 'degraded');
  assert.equal(healthExitCode(r), 0);
  assert.equal(healthExitCode(r, true), 1);
  assert.match(formatHealth(r), /openai: OpenAI error: Connection error\./);
});

test('HTTP 200 with overall_status "critical" → critical, exit 1, naming the cause', async () => {
  const body = healthyBody();
  body.overall_status = 'critical';
  (body.services as any).openai = {
    status: 'critical',
    response_time_ms: -1,
    message: 'OpenAI authentication failed',
    details: {},
  };
  const s = await serve({ kind: 'json', body });
  const r = await runHealth(config, s.url);
  assert.equal(r.verdict, 'critical');
  assert.equal(healthExitCode(r), 1);
  assert.ok(
    r.findings.some((f) => f.severity === 'error' && f.message === 'openai: OpenAI authentication failed'),
  );
  assert.match(formatHealth(r), /CRITICAL[\s\S]*✗ openai: OpenAI authentication failed/);
});

// H13: against the real gateway (database critical, OpenAI degraded) health showed OpenAI as
// a ✗ cause with severity "error". The verdict stays critical; each sub-service is shown by its own severity.
test('the recorded critical body: critical and exit 1 from the database; OpenAI degraded is a warning, not a cause', async () => {
  const s = await serve({ kind: 'json', body: recorded2('health_database_checked').body });
  const r = await runHealth(config, s.url);
  assert.equal(r.verdict, 'critical');
  assert.equal(healthExitCode(r), 1);
  assert.deepEqual(
    r.findings.map((f) => [f.subject, f.severity]),
    [
      ['database', 'error'],
      ['openai', 'warning'],
    ],
  );
  const text = formatHealth(r);
  assert.match(text, /^ {2}database\s+✗ critical\s/m);
  assert.match(text, /^ {2}openai\s+! degraded \(warning\)\s/m);
  assert.match(
    text,
    /Causes:\n {2}✗ database: Database error: Development mode: Using Supabase client fallback\n/,
  );
  assert.match(text, /Warnings:\n {2}! openai: OpenAI error: Connection error\./);
  assert.doesNotMatch(text, /✗ openai/);
});

test('the basic body {"status":"healthy"} (recorded) is "basic check only": a warning, exit 0, 1 under --strict', async () => {
  const s = await serve({ kind: 'json', body: recorded2('health_fallback_shape').body });
  const r = await runHealth(config, s.url);
  assert.equal(r.verdict, 'basic');
  assert.equal(r.health.reading?.shape, 'fallback');
  assert.equal(healthExitCode(r), 0);
  assert.equal(healthExitCode(r, true), 1);
  const text = formatHealth(r);
  assert.match(text, /BASIC CHECK ONLY: DATABASE AND OPENAI NOT VERIFIED \(warning\)/);
  assert.doesNotMatch(text, /threw/, 'the cause of the basic body cannot be known from outside');
});

test('memory at/above the 450 MB alert is critical; above the 400 MB target a warning', async () => {
  const hi = await runHealth(config, (await serve({ kind: 'json', body: healthyBody(470) })).url);
  assert.equal(hi.verdict, 'critical');
  assert.equal(hi.memory?.level, 'above-alert');
  const mid = await runHealth(config, (await serve({ kind: 'json', body: healthyBody(420) })).url);
  assert.equal(mid.verdict, 'degraded');
});

test('the sandbox header is reported', async () => {
  const s = await serve({ kind: 'json', body: healthyBody(), headers: { 'X-HolisticOS-Sandbox': '1' } });
  const r = await runHealth(config, s.url);
  assert.equal(r.sandbox, true);
  assert.match(formatHealth(r), /SANDBOX/);
});

test('HTML instead of JSON, 5xx, and a non-health JSON body are critical (exit 1), with one-paragraph errors', async () => {
  for (const route of [
    { kind: 'html', status: 502 },
    { kind: 'json', status: 503, body: { detail: 'Service Unavailable' } },
    { kind: 'json', body: { hello: 1 } },
  ] as Route[]) {
    const r = await runHealth(config, (await serve(route)).url);
    assert.equal(r.verdict, 'critical', JSON.stringify(route));
    assert.equal(healthExitCode(r), 1);
  }
});

test('refused → unreachable (exit 3) without waiting for /api/health; retries only connection errors', async () => {
  const retries: number[] = [];
  const r = await runHealth(
    config,
    'http://127.0.0.1:1',
    { retries: 2 },
    { sleep: async () => {}, onEvent: (e) => retries.push(e.attempt) },
  );
  assert.equal(r.verdict, 'unreachable');
  assert.equal(r.error?.code, 'RB_REFUSED');
  assert.equal(healthExitCode(r), 3);
  assert.equal(r.attempts, 3);
  assert.deepEqual(retries, [1, 2]);
  assert.equal(r.health.status, null);

  const s = await serve({ kind: 'json', status: 500, body: { detail: 'boom' } });
  const r500 = await runHealth(config, s.url, { retries: 3 }, { sleep: async () => {} });
  assert.equal(r500.attempts, 2, 'one for /, one for /api/health: a 500 is not retried');
});

test('a stalled health endpoint hits --timeout → unreachable (exit 3)', async () => {
  const s = await serve({ kind: 'stall' });
  const r = await runHealth(config, s.url, { timeoutMs: 300 });
  assert.equal(r.error?.code, 'RB_TIMEOUT');
  assert.equal(healthExitCode(r), 3);
});
