import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../runbooks/lib/config/load';
import { runSmoke, smokeExitCode, smokeKeyRefused, SMOKE_STEP_IDS } from '../../runbooks/lib/probes/smoke';
import { formatSmoke } from '../../runbooks/lib/probes/format-smoke';
import { DuplicateGuard, freshUserId, fillTemplate } from '../../runbooks/lib/probes/duplicates';
import {
  startFakeService,
  healthyRoutes,
  recorded,
  routineSuccess,
  type FakeService,
  type Route,
} from '../helpers/fake-service';

const config = await loadConfig();
const KEY = 'smoke-test-key-0001';
const servers: FakeService[] = [];
after(() => Promise.all(servers.map((s) => s.close())));
async function serve(overrides: Record<string, Route> = {}): Promise<FakeService> {
  const s = await startFakeService({ ...healthyRoutes(KEY), ...overrides });
  servers.push(s);
  return s;
}

test('a healthy service passes every step; insights is reported known-broken without failing', async () => {
  const s = await serve();
  const r = await runSmoke(config, s.url, { apiKey: KEY });
  assert.deepEqual(
    r.steps.map((x) => x.id),
    [...SMOKE_STEP_IDS],
  );
  assert.deepEqual(r.failed, []);
  assert.equal(r.steps.find((x) => x.id === 'insights')?.verdict, 'known-broken');
  assert.equal(smokeExitCode(r), 0);
  assert.match(formatSmoke(r), /PASSED: 8 of 9/);
  // every generate call used the fresh user id; no (user, archetype) pair twice
  const gen = s.hits.filter(
    (h) => /\/(routine|nutrition)\/generate$/.test(h.path) && h.headers['x-api-key'] === KEY,
  );
  const pairs = gen.map((h) => `${h.path.split('/')[3]}|${JSON.parse(h.body).archetype}`);
  assert.equal(new Set(pairs).size, pairs.length);
  assert.ok(gen.every((h) => h.path.includes(r.userId)));
});

test('--insights-required turns insights into a failure', async () => {
  const r = await runSmoke(config, (await serve()).url, {
    apiKey: KEY,
    only: ['insights'],
    insightsRequired: true,
  });
  assert.equal(r.failed[0]?.id, 'insights');
  assert.equal(smokeExitCode(r), 1);
});

test('a fallback routine plan on HTTP 200 fails, naming the fallback model', async () => {
  const s = await serve({
    'POST /api/user/*/routine/generate': (hit) => {
      const b = routineSuccess(hit.path.split('/')[3]!, 'Peak Performer') as any;
      b.routine_plan.model_used = 'gpt-4o - fallback';
      b.routine_plan.error = 'OpenAI failed';
      return { kind: 'json', body: b };
    },
  });
  const r = await runSmoke(config, s.url, { apiKey: KEY, only: ['routine'] });
  assert.equal(smokeExitCode(r), 1);
  assert.match(formatSmoke(r), /routine: fallback plan: model_used is "gpt-4o - fallback" \(OpenAI failed\)/);
});

test('the recorded status:"error" routine body fails with its reason', async () => {
  const s = await serve({
    'POST /api/user/*/routine/generate': { kind: 'json', body: recorded('routine_key').body },
  });
  const r = await runSmoke(config, s.url, { apiKey: KEY, only: ['routine'] });
  assert.match(r.failed[0]!.detail, /status is "error": Behavior analysis failed/);
});

test('401 is the refused key every script reports (RB_AUTH, exit 2, naming HOLISTICOS_API_KEY); 429 explains the 60 s duplicate rule', async () => {
  const wrongKey = await runSmoke(config, (await serve()).url, {
    apiKey: 'wrong-key-123456',
    only: ['routine'],
  });
  assert.match(wrongKey.failed[0]!.detail, /refused the API key in HOLISTICOS_API_KEY: .*HTTP 401/);
  assert.equal(wrongKey.failed[0]!.code, 'RB_AUTH');
  assert.equal(smokeExitCode(wrongKey), 2, 'the same code as load, stress, cost and benchmark');
  assert.equal(smokeKeyRefused(wrongKey)?.message, wrongKey.failed[0]!.detail);
  const dup = await serve({
    'POST /api/user/*/routine/generate': {
      kind: 'json',
      status: 429,
      body: recorded('routine_key_again').body,
    },
  });
  const r = await runSmoke(config, dup.url, { apiKey: KEY, only: ['routine'] });
  assert.match(r.failed[0]!.detail, /429 duplicate request.*60 s/);
  assert.equal(smokeExitCode(r), 1);
});

test('negative checks fail when the endpoint is not guarded', async () => {
  const s = await serve({
    'POST /api/user/*/routine/generate': { kind: 'json', body: routineSuccess('u', 'a') },
  });
  const r = await runSmoke(config, s.url, { apiKey: KEY, only: ['auth', 'validation'] });
  assert.deepEqual(
    r.failed.map((f) => f.id),
    ['auth', 'validation'],
  );
  assert.match(r.failed[0]!.detail, /without X-API-Key answered HTTP 200, expected 401/);
});

test('--only and --skip select steps; a missing key is a config error (exit 2)', async () => {
  const s = await serve();
  const r = await runSmoke(config, s.url, {
    apiKey: KEY,
    skip: ['routine', 'nutrition', 'behavior', 'insights'],
  });
  assert.deepEqual(
    r.steps.filter((x) => x.verdict === 'skipped').map((x) => x.id),
    ['routine', 'nutrition', 'behavior', 'insights'],
  );
  const nokey = await runSmoke(config, s.url, { only: ['routine'] });
  assert.equal(nokey.failed[0]?.code, 'RB_ENV');
  assert.equal(smokeExitCode(nokey), 2);
});

test('unreachable at the first step: the rest are skipped, exit 3', async () => {
  const r = await runSmoke(config, 'http://127.0.0.1:1', { apiKey: KEY });
  assert.equal(r.failed.length, 1);
  assert.equal(r.failed[0]!.code, 'RB_REFUSED');
  assert.equal(r.steps.filter((x) => x.verdict === 'skipped').length, 8);
  assert.equal(smokeExitCode(r), 3);
});

test('fresh user ids never repeat; the duplicate guard refuses a repeat within the window', () => {
  const ids = new Set(Array.from({ length: 200 }, () => freshUserId('rb', 'smoke')));
  assert.equal(ids.size, 200);
  let t = 0;
  const g = new DuplicateGuard(60, () => t);
  g.claim('u', 'Peak Performer');
  g.claim('u', 'Foundation Builder');
  assert.throws(() => g.claim('u', 'Peak Performer'), /within 60 s/);
  t = 60_000;
  g.claim('u', 'Peak Performer');
  assert.deepEqual(fillTemplate({ a: '{archetype}', p: ['{user_id}'] }, { archetype: 'X', user_id: 'u1' }), {
    a: 'X',
    p: ['u1'],
  });
});

test('the plan printed at the start says which steps call OpenAI and the worst case, from the config', async () => {
  const { formatSmokePlan } = await import('../../runbooks/lib/probes/format-smoke');
  const { loadConfig } = await import('../../runbooks/lib/config/load');
  const config = await loadConfig();
  const all = formatSmokePlan(config, 'http://127.0.0.1:8001', ['liveness', 'routine', 'nutrition']);
  assert.match(
    all,
    /3 steps, one after another \(liveness → routine → nutrition\)\. Routine, nutrition call OpenAI/,
  );
  assert.match(all, /p95 targets: routine 1m, nutrition 45s/);
  const { formatDuration } = await import('../../runbooks/lib/units');
  assert.ok(
    all.endsWith(`ends within ${formatDuration(config.timeouts.root + 2 * config.timeouts.generate)}.`),
    all,
  );
  assert.match(formatSmokePlan(config, 'u', ['liveness']), /No step calls OpenAI: seconds/);
});
