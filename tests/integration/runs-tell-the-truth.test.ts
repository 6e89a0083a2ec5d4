// The runs of H13 against a gateway that behaves as the real one did with OpenAI and
// Supabase unreachable (health critical, routine and nutrition 200 with fallback plans,
// insights 500), as real processes: a stress run that answered nothing right fails, a
// benchmark's failed baseline and warm first request are called what they are, one or two
// samples never give a percentile above the max, a --url run is never "local", and a
// refused key is the same exit code and message in every script that sends it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunbook } from '../helpers/run';
import {
  healthyRoutes,
  recorded,
  recorded2,
  recordedMetrics,
  routineSuccess,
  startFakeService,
  type FakeService,
  type Route,
} from '../helpers/fake-service';
import { validateReport } from '../../runbooks/lib/report/schema';

const KEY = 'h13-gateway-key-5d1e';
const services: FakeService[] = [];
after(() => Promise.all(services.map((s) => s.close())));

/** The real gateway as the issue met it: critical health, fallback plans after `generateMs`, insights 500. */
async function degradedGateway(generateMs: number, over: Record<string, Route> = {}): Promise<FakeService> {
  const fallbackRoutine = (user: string) => {
    const b = routineSuccess(user, 'Foundation Builder') as { routine_plan: Record<string, unknown> };
    b.routine_plan.model_used = 'gpt-4o - fallback';
    b.routine_plan.error = 'OpenAI API error: Connection error.';
    return b;
  };
  const s = await startFakeService({
    'GET /': { kind: 'json', body: recorded('root').body },
    'GET /api/health': { kind: 'json', body: recorded2('health_database_checked').body },
    'GET /metrics': { kind: 'text', body: recordedMetrics() },
    // Up for a day: whatever the benchmark's first request sees, it is not a cold start.
    'GET /api/monitoring/stats': {
      kind: 'json',
      body: { ...(recorded('stats').body as object), metrics: { uptime_seconds: 86_400 } },
    },
    'GET /api/admin/rate-limits': { kind: 'json', body: recorded('ratelimits').body },
    'POST /api/user/*/routine/generate': (hit) =>
      hit.headers['x-api-key'] !== KEY
        ? { kind: 'json', status: 401, body: recorded('routine_nokey').body }
        : { kind: 'json', body: fallbackRoutine(hit.path.split('/')[3]!), delayMs: generateMs },
    'POST /api/user/*/nutrition/generate': (hit) => ({
      kind: 'json',
      delayMs: generateMs,
      body: {
        status: 'success',
        user_id: hit.path.split('/')[3],
        nutrition_plan: { model_used: 'fallback', plan_type: 'fallback_nutrition', error: 'OpenAI failed' },
      },
    }),
    'POST /api/user/*/behavior/analyze': { kind: 'json', status: 500, body: recorded('behavior').body },
    'POST /api/user/*/insights/generate': { kind: 'json', status: 500, body: recorded('insights').body },
    ...over,
  });
  services.push(s);
  return s;
}

type Summary = Record<'count' | 'min' | 'mean' | 'p50' | 'p90' | 'p95' | 'p99' | 'max', number>;

/** Every latency summary in a report, by path; asserts none contradicts itself. */
function assertConsistent(report: unknown): string[] {
  const seen: string[] = [];
  const walk = (x: unknown, path: string): void => {
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (['count', 'min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max'].every((k) => typeof o[k] === 'number')) {
      const s = o as Summary;
      seen.push(`${path} n=${s.count}`);
      for (const k of ['mean', 'p50', 'p90', 'p95', 'p99'] as const)
        assert.ok(s[k] >= s.min && s[k] <= s.max, `${path}.${k} ${s[k]} outside [${s.min}, ${s.max}]`);
      return;
    }
    for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
  };
  walk(report, '');
  return seen;
}

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

test('stress against a target whose every journey fails: exit 1, verdict fail naming the limit and the step, no knee claimed, never "local"', async () => {
  const g = await degradedGateway(50);
  const publish = tmp('rb-h13-pub-');
  const r = await runRunbook(
    'stress',
    ['--url', g.url, '--steps', '1,2', '--step-duration', '2s', '--grace', '3s', '--publish'],
    { env: { HOLISTICOS_API_KEY: KEY, RUNBOOKS_PUBLISH_DIR: publish }, timeoutMs: 90_000 },
  );
  const out = r.stdout + r.stderr;
  assert.equal(r.code, 1, out);
  const [file, ...more] = readdirSync(join(publish, 'stress'));
  assert.equal(more.length, 0);
  assert.match(file!, new RegExp(`-url-127\\.0\\.0\\.1-${g.port}\\.json$`), 'named by its host');
  const report = JSON.parse(readFileSync(join(publish, 'stress', file!), 'utf8'));
  assert.ok(validateReport(report).ok);
  assert.equal(report.schemaVersion, 2);
  assert.deepEqual([report.target.environment, report.target.source], [`127.0.0.1:${g.port}`, 'url']);
  assert.equal(report.verdict.status, 'fail');
  const failures: string[] = report.verdict.failures;
  assert.ok(
    failures.some((f) => /^no step met the limits/.test(f)),
    failures.join('\n'),
  );
  assert.ok(
    failures.some((f) => /^recommended maximum 0 users is below the target of 15 concurrent users/.test(f)),
    failures.join('\n'),
  );
  assert.ok(
    failures.some((f) => /^at 1 users: success 0% < 95%/.test(f)),
    'says which limit failed at which step',
  );
  assert.deepEqual(
    report.verdict.thresholds.map((t: { name: string; status: string; observed: number }) => [
      t.name,
      t.status,
      t.observed,
    ]),
    [['stress.recommended_max_users: value>=15', 'fail', 0]],
  );
  assert.equal(report.stress.targetUsers, 15);
  assert.equal(
    report.stress.steps.length,
    1,
    'success 0% is below the stop line: the 2-user step is not sent',
  );
  assert.match(out, /knee: not judged: a knee needs at least 2 steps, and 1 ran/);
  assert.doesNotMatch(out, /throughput kept rising/);
  assert.match(out, /recommended maximum: none — no step met the limits \(target 15\)/);
  assert.match(out, /^verdict: FAIL — /m);
  assert.match(
    out,
    new RegExp(
      `Target: +${g.url.replace(/[.]/g, '\\.')} \\(explicit --url, host 127\\.0\\.0\\.1:${g.port}\\)`,
    ),
  );
  assert.doesNotMatch(out, /\(local\)|-local\.json/);
  assertConsistent(report);
});

test('one and two samples per step: no percentile above the max or below the min, and a lone sample is not called a p99', async () => {
  const g = await startFakeService({
    ...healthyRoutes(KEY),
    'POST /api/user/*/routine/generate': (hit) => ({
      kind: 'json',
      delayMs: 1_300,
      body: routineSuccess(hit.path.split('/')[3]!, 'Foundation Builder'),
    }),
  });
  services.push(g);
  for (const users of [1, 2]) {
    const out = join(tmp('rb-h13-load-'), 'r.json');
    const r = await runRunbook(
      'load',
      [
        '--url',
        g.url,
        '--only',
        'health,routine',
        '--users',
        String(users),
        '--duration',
        '1s',
        '--out',
        out,
      ],
      { env: { HOLISTICOS_API_KEY: KEY }, timeoutMs: 60_000 },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.ok(validateReport(report).ok);
    const routine = report.load.steps.find((s: { id: string }) => s.id === 'routine');
    assert.equal(routine.latency.count, users, `${users} user(s), one journey each in 1 s`);
    const seen = assertConsistent(report);
    assert.ok(seen.some((s) => s.endsWith(`n=${users}`)));
    // The summary table: p50 needs 2 samples, p90 10, p95 20, p99 100; max is always the slowest.
    const row = (r.stdout + r.stderr).split('\n').find((l) => l.startsWith('routine'))!;
    const cells = row.trim().split(/\s{2,}/);
    assert.deepEqual(cells.slice(4, 8), users === 1 ? ['·', '·', '·', '·'] : [cells[4], '·', '·', '·'], row);
    if (users === 2) assert.match(cells[4]!, /^1\.\d+ s$/, 'p50 of two samples is read');
    assert.match(cells[8]!, /^1\.\d+ s$/, 'the max is the slowest sample');
    assert.match(
      r.stdout + r.stderr,
      /· too few samples to read that percentile \(p50 needs 2, p90 10, p95 20, p99 100\)/,
    );
    if (users === 1)
      for (const k of ['mean', 'p50', 'p90', 'p95', 'p99'])
        assert.equal(routine.latency[k], routine.latency.max, `n=1: ${k} is the sample`);
  }
});

test('benchmark with --idle 0 against the degraded gateway: the warm first answer is no cold start, a baseline whose every call failed fails, counts beside each', async () => {
  const g = await degradedGateway(1_200);
  const out = join(tmp('rb-h13-bench-'), 'b.json');
  const r = await runRunbook(
    'benchmark',
    [
      '--url',
      g.url,
      '--idle',
      '0s',
      '--start-timeout',
      '2s',
      '--skip',
      'memory,capacity',
      '--baseline-duration',
      '1s',
      '--grace',
      '10s',
      '--out',
      out,
    ],
    { env: { HOLISTICOS_API_KEY: KEY }, timeoutMs: 90_000 },
  );
  const text = r.stdout + r.stderr;
  assert.equal(r.code, 1, text);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.ok(validateReport(report).ok);
  const cs = report.benchmark.coldStart;
  assert.equal(cs.mode, 'remote');
  assert.equal(cs.observed, 'warm');
  assert.equal(cs.uptimeS, 86_400);
  const row = (metric: string) =>
    report.verdict.thresholds.find((t: { metric: string }) => t.metric === metric) as {
      status: string;
      observed: number | null;
    };
  assert.equal(
    row('cold_start.first_healthy_ms').status,
    'no-data',
    'inconclusive, not a pass and not a fail',
  );
  assert.match(text, /cold start \(remote\): inconclusive — .*a warm first request, not a cold start/);
  const routine = report.benchmark.latency.steps.find((s: { id: string }) => s.id === 'routine');
  assert.deepEqual([routine.requests, routine.ok], [1, 0]);
  assert.match(routine.failure, /fallback/);
  assert.deepEqual(row('baseline.routine.p95_ms'), {
    ...row('baseline.routine.p95_ms'),
    status: 'fail',
    observed: null,
  });
  assert.ok(
    report.verdict.failures.some((f: string) =>
      /^baseline routine: all 1 call\(s\) failed \(soft-failure: .*fallback.*\), so there is no latency baseline$/.test(
        f,
      ),
    ),
    report.verdict.failures.join('\n'),
  );
  assert.match(text, /routine \(1 call, 0 ok\): FAILED, no latency baseline/);
  assert.match(text, /health \(\d+ calls?, \d+ ok\): /, 'the sample count beside every baseline');
  assert.doesNotMatch(text, /✓ baseline\.routine/);
  assertConsistent(report);
});

test('one refused key, one exit code and message: smoke, load, stress, cost, benchmark and the monitor all exit 2 with RB_AUTH', async () => {
  const g = await degradedGateway(10);
  const wrong = { HOLISTICOS_API_KEY: 'not-the-key-9f2c' };
  const runs: [string, string[]][] = [
    ['smoke', ['--only', 'routine']],
    ['load', ['--only', 'health,routine', '--users', '1', '--duration', '1m']],
    ['stress', ['--steps', '1,2', '--step-duration', '1m']],
    ['cost', ['--load-users', '1', '--duration', '1m']],
    ['benchmark', ['--skip', 'cold-start,memory,capacity', '--baseline-duration', '1m']],
    ['monitor', ['--duration', '3m', '--interval', '2s']],
  ];
  const message = new RegExp(
    `^error \\[RB_AUTH\\]: ${g.url.replace(/[.]/g, '\\.')} refused the API key in HOLISTICOS_API_KEY: .+\\. Export HOLISTICOS_API_KEY with the X-API-Key value this service accepts \\(it is never printed\\), then run again\\.$`,
    'm',
  );
  for (const [id, args] of runs) {
    const t0 = Date.now();
    const r = await runRunbook(id, ['--url', g.url, ...args], { env: wrong, timeoutMs: 60_000 });
    const text = r.stdout + r.stderr;
    assert.equal(r.code, 2, `${id}: ${text.slice(-2000)}`);
    assert.match(text, message, id);
    assert.ok(Date.now() - t0 < 45_000, `${id} stopped at the refusal, not at its duration`);
    assert.doesNotMatch(text, /not-the-key-9f2c/, `${id} never prints the key`);
  }
});

test("deploy --watch too short names --watch, the flag deploy has (not monitor's --duration)", async () => {
  const r = await runRunbook(
    'deploy',
    ['--env', 'local', '--release', 'good', '--watch', '1m', '--dry-run'],
    {
      env: { HOLISTICOS_API_KEY: KEY, RUNBOOKS_STATE_DIR: tmp('rb-h13-deploy-') },
    },
  );
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /^error \[RB_USAGE\]: A watch of 1m is too short .* Use --watch 2m30s or more, or shorten --watch-interval/m,
  );
  assert.doesNotMatch(r.stderr, /--duration/);
});
