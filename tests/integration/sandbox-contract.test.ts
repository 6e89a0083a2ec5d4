// Contract tests: the sandbox against the real service's recorded responses
// (tests/fixtures/recorded, copied verbatim from shared/reference/recorded), endpoint by
// endpoint, in the `fast` profile, in-process.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { RunningSandbox } from '../../runbooks/lib/sandbox/index';
import { classifyResponse, readHealth } from '../../runbooks/lib/checks/response-rules';
import { recorded, recorded2, recordedMetrics } from '../helpers/fake-service';
import { call, startTestSandbox, withKey } from '../helpers/sandbox';

const keys = (o: unknown) => Object.keys(o as object).sort();
/** Every key of the recorded body is present in ours (the sandbox may add, never drop). */
function assertKeysCover(ours: unknown, theirs: unknown, where = 'body') {
  for (const k of keys(theirs))
    assert.ok(k in (ours as object), `${where}: key "${k}" of the recorded response is missing`);
}

describe('sandbox contract (fast profile)', () => {
  let sb: RunningSandbox;
  before(async () => {
    sb = await startTestSandbox({ seed: 7 });
  });
  after(async () => {
    await sb.close();
  });

  test('GET / keeps the real keys and says it is a sandbox', async () => {
    const r = await call(sb, 'GET', '/');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-holisticos-sandbox'), '1');
    assert.equal(r.body.sandbox, true);
    assertKeysCover(r.body, recorded('root').body);
    assert.equal(r.body.version, '2.0.0');
  });

  test('GET /api/health: full shape, the recorded keys, healthy, memory in system details', async () => {
    const r = await call(sb, 'GET', '/api/health');
    assert.equal(r.status, 200);
    const rec = recorded('health').body as any;
    assertKeysCover(r.body, rec);
    assert.deepEqual(keys(r.body.services), keys(rec.services));
    assert.deepEqual(keys(r.body.services.system.details), keys(rec.services.system.details));
    assert.deepEqual(keys(r.body.summary), keys(rec.summary));
    const h = readHealth(r.body)!;
    assert.equal(h.status, 'healthy');
    assert.equal(h.shape, 'full');
    assert.ok(h.processMemoryMb! > 10);
    assert.equal(r.body.system_info.environment, 'sandbox');
  });

  test('GET /api/monitoring/stats, alerts history and admin rate-limits match the recorded key sets', async () => {
    for (const [path, name] of [
      ['/api/monitoring/stats', 'stats'],
      ['/api/monitoring/alerts/history?hours=24', 'alerts'],
      ['/api/admin/rate-limits', 'ratelimits'],
    ] as const) {
      const r = await call(sb, 'GET', path);
      assert.equal(r.status, 200, path);
      const rec = recorded(name).body as any;
      assert.deepEqual(keys(r.body), keys(rec), path);
      for (const k of keys(rec))
        if (rec[k] && typeof rec[k] === 'object' && !Array.isArray(rec[k]))
          assertKeysCover(r.body[k], rec[k], `${path} ${k}`);
    }
    const rl = await call(sb, 'GET', '/api/admin/rate-limits');
    assert.deepEqual(rl.body.endpoint_costs, {
      behavior_analysis: 0.03,
      routine_generation: 0.02,
      nutrition_generation: 0.02,
      insights_generation: 0.01,
      general_api: 0.005,
    });
    const al = await call(sb, 'GET', '/api/monitoring/alerts/history');
    assert.equal(al.body.alerts[0].title, 'HolisticOS System Started');
    const bad = await call(sb, 'GET', '/api/monitoring/alerts/history?hours=abc');
    assert.equal(bad.status, 422);
  });

  test('routine: 401 without the key, 422 before the key check, success body with a JSON-string content', async () => {
    const nokey = await call(sb, 'POST', '/api/user/c_u1/routine/generate', {});
    assert.equal(nokey.status, 401);
    assert.deepEqual(nokey.body, recorded('routine_nokey').body);
    const badtype = await call(sb, 'POST', '/api/user/c_u1/routine/generate', { archetype: 123 });
    assert.equal(badtype.status, 422);
    assert.deepEqual(badtype.body, recorded('routine_badtype').body);
    const nobody = await fetch(`${sb.url}/api/user/c_u1/routine/generate`, { method: 'POST' });
    assert.equal(nobody.status, 422);
    assert.deepEqual(await nobody.json(), recorded('routine_nobody').body);
    const wrong = await call(sb, 'POST', '/api/user/c_u1/routine/generate', {}, { 'x-api-key': 'wrong' });
    assert.equal(wrong.status, 401);

    const ok = await call(
      sb,
      'POST',
      '/api/user/c_u2/routine/generate',
      { archetype: 'Peak Performer', preferences: { focus_areas: ['strength'] } },
      withKey,
    );
    assert.equal(ok.status, 200);
    assert.equal(ok.body.status, 'success');
    assert.equal(typeof ok.body.routine_plan.content, 'string');
    assert.ok(JSON.parse(ok.body.routine_plan.content).time_blocks.length > 0);
    assert.equal(ok.body.routine_plan.model_used, 'gpt-4o');
    assert.deepEqual(classifyResponse('routine', ok.status, ok.body), { ok: true, kind: 'success' });
  });

  test('duplicate detection: a second identical call while the first runs gets the real 429; after it finished, 200', async () => {
    const slow = await startTestSandbox({ faults: ['latency-spike:50'] });
    try {
      const path = '/api/user/c_dup/routine/generate';
      const body = { archetype: 'Foundation Builder' };
      const first = call(slow, 'POST', path, body, withKey);
      await new Promise((ok) => setTimeout(ok, 30));
      const again = await call(slow, 'POST', path, body, withKey);
      assert.equal(again.status, 429, 'the same (user, archetype) while the first is still running');
      assert.deepEqual(again.body, recorded2('routine_concurrent_duplicate').body);
      assert.equal(again.headers.get('retry-after'), null);
      const other = await call(slow, 'POST', path, { archetype: 'Peak Performer' }, withKey);
      assert.equal(other.status, 200, 'another archetype is another key');
      assert.equal((await first).status, 200);
      const after = await call(slow, 'POST', path, body, withKey);
      assert.equal(after.status, 200, 'the key was released when the first call ended');
      const [n1, n2] = await Promise.all([
        call(slow, 'POST', '/api/user/c_dup/nutrition/generate', {}),
        call(slow, 'POST', '/api/user/c_dup/nutrition/generate', {}),
      ]);
      assert.deepEqual([n1.status, n2.status].sort(), [200, 429]);
      assert.match((n1.status === 429 ? n1 : n2).body.detail, /^Duplicate nutrition request detected/);
    } finally {
      await slow.close();
    }
  });

  test('a routine that ends on the path that keeps its key (200 {"status":"error"}) blocks repeats for the window', async () => {
    const db = await startTestSandbox({ faults: ['database-outage'] });
    try {
      const path = '/api/user/c_hold/routine/generate';
      const first = await call(db, 'POST', path, { archetype: 'Foundation Builder' }, withKey);
      assert.equal(first.status, 200);
      assert.deepEqual(first.body, { ...(recorded('routine_key').body as object), user_id: 'c_hold' });
      const again = await call(db, 'POST', path, { archetype: 'Foundation Builder' }, withKey);
      assert.equal(again.status, 429, 'held for the 60 s window although the first call has ended');
      assert.deepEqual(again.body, recorded('routine_key_again').body);
    } finally {
      await db.close();
    }
  });

  test('nutrition, behavior and insights', async () => {
    const n = await call(sb, 'POST', '/api/user/c_n/nutrition/generate', { archetype: 'Peak Performer' });
    assert.equal(n.status, 200);
    assert.deepEqual(classifyResponse('nutrition', n.status, n.body), { ok: true, kind: 'success' });
    assert.equal(n.body.nutrition_plan.plan_type, 'comprehensive_nutrition');
    const b = await call(sb, 'POST', '/api/user/c_b/behavior/analyze', { force_refresh: true });
    assert.equal(b.status, 200);
    assert.equal(b.body.status, 'success');
    const bad = await call(sb, 'POST', '/api/user/c_b/behavior/analyze', { force_refresh: 'maybe' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.detail[0].type, 'bool_parsing');
    const i = await call(sb, 'POST', '/api/user/c_i/insights/generate', {});
    assert.equal(i.status, 500);
    assert.deepEqual(i.body, recorded('insights').body);
  });

  test('insights heals with healInsights', async () => {
    const healed = await startTestSandbox({ healInsights: true });
    try {
      const i = await call(healed, 'POST', '/api/user/c_i/insights/generate', {});
      assert.equal(i.status, 200);
      assert.equal(i.body.status, 'success');
    } finally {
      await healed.close();
    }
  });

  test('fallback health shape on demand, with the recorded keys', async () => {
    const fb = await startTestSandbox({ healthShape: 'fallback' });
    try {
      const r = await call(fb, 'GET', '/api/health');
      assert.equal(r.status, 200);
      assert.equal(r.body.overall_status, undefined);
      assert.equal(r.body.status, 'healthy');
      assert.equal(readHealth(r.body)!.shape, 'fallback');
      assert.deepEqual(keys(r.body), keys(recorded2('health_fallback_shape').body));
    } finally {
      await fb.close();
    }
  });

  test('404, 405, malformed JSON (422 json_invalid), body over 1 MB (413)', async () => {
    const nf = await call(sb, 'GET', '/api/monitoring/health');
    assert.equal(nf.status, 404);
    assert.deepEqual(nf.body, { detail: 'Not Found' });
    assert.equal(nf.headers.get('x-holisticos-sandbox'), '1');
    assert.equal((await call(sb, 'POST', '/api/admin/cleanup', {})).status, 404);
    assert.equal((await call(sb, 'GET', '/api/user/x/routine/generate')).status, 405);
    const bad = await call(sb, 'POST', '/api/user/c_j/nutrition/generate', '{"archetype": ');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.detail[0].type, 'json_invalid');
    assert.equal(bad.body.detail[0].loc[0], 'body');
    const big = await call(
      sb,
      'POST',
      '/api/user/c_big/nutrition/generate',
      JSON.stringify({ archetype: 'x'.repeat(1024 * 1024 + 10) }),
    );
    assert.equal(big.status, 413);
    // A chunked body (no content-length) that grows past the limit is cut off too.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${sb.url}/api/user/c_big2/nutrition/generate`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(256 * 1024, 'a');
      for (let i = 0; i < 5; i++) req.write(chunk);
      req.end();
    });
    assert.equal(chunked, 413);
    assert.equal((await call(sb, 'GET', '/')).status, 200, 'still serving');
  });

  test('GET /metrics: Prometheus text with the real names; 401/429 counted as "500" as in the real service', async () => {
    const r = await call(sb, 'GET', '/metrics');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /^text\/plain/);
    for (const name of [
      'holisticos_requests_total',
      'holisticos_request_duration_seconds_bucket',
      'holisticos_errors_total',
      'holisticos_memory_usage_bytes',
      'holisticos_cpu_usage_percent',
      'holisticos_health_check_status',
      'holisticos_openai_cost_total',
      'process_resident_memory_bytes',
    ]) {
      assert.ok(r.text.includes(name), name);
    }
    assert.match(
      r.text,
      /holisticos_requests_total\{method="POST",endpoint="routine_generation",status="500"\} [1-9]/,
    );
    assert.match(
      r.text,
      /holisticos_requests_total\{method="POST",endpoint="routine_generation",status="200"\} [1-9]/,
    );
    for (const le of ['0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'])
      assert.ok(r.text.includes(`le="${le}"`), le);
    assert.match(r.text, /holisticos_health_check_status\{service="openai"\} 1/);
    {
      const real = recordedMetrics();
      const holistic = (t: string) =>
        new Set(
          [...t.matchAll(/^# TYPE (holisticos_\w+) /gm)]
            .map((m) => m[1]!)
            .filter(
              (n) =>
                !n.endsWith('_created') &&
                !n.startsWith('holisticos_health_check_duration') &&
                !n.startsWith('holisticos_openai_duration') &&
                !n.startsWith('holisticos_memory_operations'),
            ),
        );
      for (const n of holistic(real))
        assert.ok(r.text.includes(`# TYPE ${n} `), `metric ${n} of the real service is missing`);
    }
  });

  test('accounting: charged calls and costs per endpoint, in /__sandbox/accounting and admin rate-limits', async () => {
    const acc = await call(sb, 'GET', '/__sandbox/accounting');
    assert.equal(acc.status, 200);
    const r = acc.body.endpoints.routine_generation;
    assert.ok(r.charged >= 1);
    assert.equal(Math.round(r.costUsd * 100), r.charged * 2);
    assert.equal(acc.body.endpoints.insights_generation.charged, 0);
    const rl = await call(sb, 'GET', '/api/admin/rate-limits');
    assert.equal(rl.body.cost_tracking.total_cost_today, acc.body.total_cost_usd);
    assert.ok(rl.body.cost_tracking.total_users_with_usage >= 3);
  });

  test('200 concurrent journeys with distinct users: no 429, no failure', async () => {
    const journey = async (i: number) => {
      const u = `c_j${i}`;
      const h = await call(sb, 'GET', '/api/health');
      const r = await call(
        sb,
        'POST',
        `/api/user/${u}/routine/generate`,
        { archetype: 'Foundation Builder' },
        withKey,
      );
      const n = await call(
        sb,
        'POST',
        `/api/user/${u}/nutrition/generate`,
        { archetype: 'Foundation Builder' },
        withKey,
      );
      return [h.status, r.status, n.status, classifyResponse('routine', r.status, r.body).ok];
    };
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => journey(i)));
    for (const [h, r, n, ok] of results) {
      assert.equal(h, 200);
      assert.equal(r, 200);
      assert.equal(n, 200);
      assert.equal(ok, true);
    }
    assert.equal((await call(sb, 'GET', '/')).status, 200);
  });

  test('500 concurrent connections are all answered', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 500 }, () =>
        fetch(`${sb.url}/`).then((r) => r.arrayBuffer().then(() => r.status)),
      ),
    );
    assert.equal(statuses.filter((s) => s === 200).length, 500);
  });
});
