import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStages, targetAt, arrivalsBy, stagesDuration } from '../../runbooks/lib/load/stages';
import { modelFromFlags } from '../../runbooks/lib/load/plan';
import { compileSteps, prepare, userIdFor } from '../../runbooks/lib/load/journey';
import type { RunbookError } from '../../runbooks/lib/errors';

test('stages parse in k6 notation and ramp linearly', () => {
  const s = parseStages('30s:5,2m:15,30s:0');
  assert.deepEqual(s, [
    { durationMs: 30_000, target: 5 },
    { durationMs: 120_000, target: 15 },
    { durationMs: 30_000, target: 0 },
  ]);
  assert.equal(stagesDuration(s), 180_000);
  assert.equal(targetAt(s, 15_000), 2.5);
  assert.equal(targetAt(s, 90_000), 10);
  assert.equal(targetAt(s, 200_000), 0);
  assert.throws(
    () => parseStages('30s5'),
    (e: RunbookError) => e.code === 'RB_USAGE' && /30s5/.test(e.message),
  );
});

test('arrivals integrate the rate: 10/s for 2 s is 20, a ramp 0→10 over 2 s is 10', () => {
  assert.equal(arrivalsBy([{ durationMs: 2000, target: 10 }], 2000, 10), 20);
  assert.equal(arrivalsBy([{ durationMs: 2000, target: 10 }], 2000, 0), 10);
});

test('--rate picks the open model, --users the closed one, both together is a usage error', () => {
  assert.equal(modelFromFlags({ rate: 2, duration: 1000, think: 0, grace: 0 }).model.type, 'open');
  assert.equal(modelFromFlags({ users: 3, duration: 1000, think: 0, grace: 0 }).model.type, 'closed');
  assert.throws(
    () => modelFromFlags({ users: 3, rate: 2, duration: 1000, think: 0, grace: 0 }),
    (e: RunbookError) => e.code === 'RB_USAGE',
  );
});

test('templates: a distinct user id per journey, archetype and user id filled and JSON-escaped', () => {
  const [c] = compileSteps([
    {
      id: 'routine',
      method: 'POST',
      path: '/api/user/{user_id}/routine/generate',
      body: { archetype: '{archetype}', note: 'for {user_id}' },
      headers: { 'X-API-Key': 'k' },
      timeoutMs: 1000,
      expect: 'routine',
      knownBroken: false,
    },
  ]);
  const r = prepare(c!, userIdFor('rb', 'run1', 7), 'Peak "Performer"', undefined);
  assert.equal(r.path, '/api/user/rb_run1_7/routine/generate');
  assert.deepEqual(JSON.parse(r.body!), { archetype: 'Peak "Performer"', note: 'for rb_run1_7' });
  assert.deepEqual(r.headers, ['x-api-key', 'k', 'content-type', 'application/json']);
  assert.notEqual(userIdFor('rb', 'run1', 1), userIdFor('rb', 'run1', 2));
});
